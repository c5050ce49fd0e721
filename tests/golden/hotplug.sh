# hotplug.sh - `hotplug: xyl` in the host configuration (issue 18): a NIC
# that names no script gets xyl-vif-bridge's absolute path (a build tree's
# xyl its own build's, XYL_VIF_BRIDGE another), and nothing else of the
# libxl JSON changes; a NIC's own `script:` wins; a bad value is refused
# with FILE:LINE:COL; a NIC of a driver domain keeps its scripts.  Without
# the setting the examples above show none.

check_hotplug() {
    local ex=configs/pv-disk-net.yaml want=$golden_dir/json/pv-disk-net.yaml.json
    local got=$tmp/hp.json conf=$tmp/hp-xyl.yaml rc helper
    helper=$(dirname "$xyl")/xyl-vif-bridge
    printf 'hotplug: xyl\n' > "$conf"

    # a build without the helper beside xyl (the ASan tier's) names the
    # installed one: some absolute .../xyl-vif-bridge
    [ -x "$helper" ] || helper='/*/xyl-vif-bridge'
    XYL_CONFIG=$conf "$xyl" -N create "$ex" > "$got" 2> "$tmp/hp.err"; rc=$?
    # shellcheck disable=SC2053 # $helper may be a pattern
    verdict "hotplug:script" "$([ "$rc" = 0 ] &&
        [[ "$(jq -r '.nics[].script' "$got")" == $helper ]] && echo 1 || echo 0)" \
        "exit $rc, nics' script $(jq -c '[.nics[].script]' "$got" 2>&1) (want $helper): $(oneline "$tmp/hp.err")"
    verdict "hotplug:rest-unchanged" "$(cmp -s <(jq -S 'del(.nics[].script)' "$got") \
        <(jq -S . "$want") && echo 1 || echo 0)" "more than the script differs from $want"

    XYL_VIF_BRIDGE=/opt/x/xyl-vif-bridge XYL_CONFIG=$conf "$xyl" --config "$conf" -N create "$ex" \
        > "$got" 2>&1
    verdict "hotplug:env" "$([ "$(jq -r '.nics[].script' "$got")" = /opt/x/xyl-vif-bridge ] &&
        echo 1 || echo 0)" "XYL_VIF_BRIDGE not used: $(oneline "$got")"

    sed 's/^  - bridge: xenbr0$/  - { bridge: xenbr0, script: vif-route }/' "$ex" > "$tmp/hp-own.yaml"
    XYL_CONFIG=$conf "$xyl" -N create "$tmp/hp-own.yaml" > "$got" 2>&1
    verdict "hotplug:own-script-wins" "$([ "$(jq -r '.nics[].script' "$got")" = vif-route ] &&
        echo 1 || echo 0)" "$(oneline "$got")"

    # a NIC served by a driver domain: that domain runs its own script
    sed 's/^  - bridge: xenbr0$/  - { bridge: xenbr0, backend: netdom }/' "$ex" > "$tmp/hp-dd.yaml"
    XYL_CONFIG=$conf "$xyl" -N create "$tmp/hp-dd.yaml" > "$got" 2>&1
    verdict "hotplug:driver-domain-keeps-scripts" "$([ "$(jq -r '.nics[0].backend_domname' "$got")" = netdom ] &&
        [ "$(jq -r '.nics[0].script' "$got")" = null ] && echo 1 || echo 0)" "$(oneline "$got")"

    printf 'images: /srv/img\nhotplug: bash\n' > "$tmp/hp-bad.yaml"
    "$xyl" --config "$tmp/hp-bad.yaml" -N create "$ex" > /dev/null 2> "$tmp/hp.err"; rc=$?
    verdict "hotplug:bad-value" "$([ "$rc" = 1 ] && grep -qxF \
        "$tmp/hp-bad.yaml:2:10: error: 'hotplug' must be one of scripts or xyl; got 'bash'" \
        "$tmp/hp.err" && echo 1 || echo 0)" "exit $rc: $(oneline "$tmp/hp.err")"
}
