# hotplug.sh - `hotplug: xyl` in the host configuration (issue 18): a NIC
# that names no script gets xyl-vif-bridge's absolute path (a build tree's
# xyl its own build's, XYL_VIF_BRIDGE another), and nothing else of the
# libxl JSON changes; a NIC's own `script:` wins; a bad value is refused
# with FILE:LINE:COL; a NIC of a driver domain keeps its scripts.  Without
# the setting the examples above show none.

check_hotplug() {
    local ex=configs/pv-disk-net.yaml want=$golden_dir/json/pv-disk-net.yaml.json
    local got=$tmp/hp.json conf=$tmp/hp-xyl.yaml rc helper bhelper
    helper=$(dirname "$xyl")/xyl-vif-bridge
    bhelper=$(dirname "$xyl")/xyl-block
    printf 'hotplug: xyl\n' > "$conf"

    # a build without the helpers beside xyl (the ASan tier's) names the
    # installed ones: some absolute .../xyl-vif-bridge and .../xyl-block
    [ -x "$helper" ] || helper='/*/xyl-vif-bridge'
    [ -x "$bhelper" ] || bhelper='/*/xyl-block'
    XYL_CONFIG=$conf "$xyl" -N create "$ex" > "$got" 2> "$tmp/hp.err"; rc=$?
    # shellcheck disable=SC2053 # $helper may be a pattern
    verdict "hotplug:script" "$([ "$rc" = 0 ] &&
        [[ "$(jq -r '.nics[].script' "$got")" == $helper ]] && echo 1 || echo 0)" \
        "exit $rc, nics' script $(jq -c '[.nics[].script]' "$got" 2>&1) (want $helper): $(oneline "$tmp/hp.err")"
    # shellcheck disable=SC2053 # $bhelper may be a pattern
    verdict "hotplug:block-script" "$([ "$rc" = 0 ] &&
        [[ "$(jq -r '.disks[].script' "$got")" == $bhelper ]] && echo 1 || echo 0)" \
        "exit $rc, disks' script $(jq -c '[.disks[].script]' "$got" 2>&1) (want $bhelper)"
    verdict "hotplug:rest-unchanged" "$(cmp -s <(jq -S 'del(.nics[].script, .disks[].script)' "$got") \
        <(jq -S . "$want") && echo 1 || echo 0)" "more than the scripts differ from $want"

    XYL_VIF_BRIDGE=/opt/x/xyl-vif-bridge XYL_CONFIG=$conf "$xyl" --config "$conf" -N create "$ex" \
        > "$got" 2>&1
    verdict "hotplug:env" "$([ "$(jq -r '.nics[].script' "$got")" = /opt/x/xyl-vif-bridge ] &&
        echo 1 || echo 0)" "XYL_VIF_BRIDGE not used: $(oneline "$got")"
    XYL_BLOCK=/opt/x/xyl-block XYL_CONFIG=$conf "$xyl" -N create "$ex" > "$got" 2>&1
    verdict "hotplug:block-env" "$([ "$(jq -r '.disks[].script' "$got")" = /opt/x/xyl-block ] &&
        echo 1 || echo 0)" "XYL_BLOCK not used: $(oneline "$got")"

    # disks: their own script wins; QEMU's and a driver domain's get none;
    # no backendtype: xyl-block only where libxl would pick phy (a file)
    printf 'x' > "$tmp/hp-file.img"
    sed -e '/^disks:/,/^networks:/{/^disks:/!{/^networks:/!d}}' -e "s|^disks:|disks:\\
  - \"format=raw, vdev=xvda, script=block-iscsi, target=iqn.x\"\\
  - \"format=qcow2, vdev=xvdb, target=$tmp/hp-file.img\"\\
  - \"format=raw, vdev=xvdc, backendtype=qdisk, target=$tmp/hp-file.img\"\\
  - \"format=raw, vdev=xvdd, backend=stordom, target=/dev/sdz\"\\
  - \"format=raw, vdev=xvde, target=$tmp/hp-file.img\"\\
  - \"format=raw, vdev=xvdf, target=$tmp/hp-missing.img\"|" "$ex" > "$tmp/hp-disks.yaml"
    XYL_CONFIG=$conf "$xyl" -N create "$tmp/hp-disks.yaml" > "$got" 2>&1
    # shellcheck disable=SC2053 # $bhelper may be a pattern
    verdict "hotplug:disk-choices" "$(s=$(jq -r '[.disks[] | .vdev + "=" + (.script // "-")] | join(" ")' "$got");
        [[ $s == "xvda=block-iscsi xvdb=- xvdc=- xvdd=- xvde="$bhelper" xvdf=-" ]] && echo 1 || echo 0)" \
        "$(jq -c '[.disks[] | [.vdev, .script]]' "$got" 2>&1 || oneline "$got")"

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
