# xlcfg-corpus.sh - the xl.cfg corpus (xlcfg-corpus/*.cfg, files in the
# styles real hosts, libvirt and xen-tools write; issue 13).  Each file real
# xl accepts must either
#   - import, and `xyl -N create` of the import print real xl's JSON of the
#     original, and `xyl export-xl` of the import give real xl that JSON
#     again ("identical"), or
#   - be refused, every error naming the cfg's FILE:LINE:COL, with the
#     expected lines in NAME.expect ("refused").
# The tier ends the part with the counts of both.

check_xlcfg_corpus() {
    local dir=$golden_dir/xlcfg-corpus cfg name base rc ok n_same=0 n_refused=0 n_other=0
    for cfg in "$dir"/*.cfg; do
        name=$(basename "$cfg" .cfg)
        base=$tmp/corpus.$name
        xl_json "$cfg" "$base.xl.json"; rc=$?
        if [ "$rc" = 77 ]; then
            skip "corpus:$name: real xl unavailable: $(oneline "$base.xl.json.err")"
            continue
        elif [ "$rc" != 0 ]; then
            fail "corpus:$name: real xl refuses it (the corpus holds what xl accepts): $(oneline "$base.xl.json.err")"
            n_other=$((n_other + 1))
            continue
        fi
        (cd "$dir" && "$xyl" import-xl "$name.cfg") > "$base.yaml" 2> "$base.err"; rc=$?
        if [ -f "$dir/$name.expect" ]; then
            ok=0
            [ "$rc" = 1 ] && [ ! -s "$base.yaml" ] && no_sanitizer_report "$base.err" &&
                expect_lines "$name" "$dir/$name.expect" "$base.err" &&
                ! grep ': error:' "$base.err" | grep -qv "^$name\.cfg:[0-9]*:[0-9]*: error: " && ok=1
            verdict "corpus-refused:$name.cfg" "$ok" "import-xl exits 1, prints nothing, every error at $name.cfg:LINE:COL, and the lines of $name.expect (exit $rc)"
            [ "$ok" = 1 ] && n_refused=$((n_refused + 1)) || n_other=$((n_other + 1))
            [ "$ok" = 1 ] || sed 's/^/      /' "$base.err"
            continue
        fi
        if [ "$rc" != 0 ] || [ -s "$base.err" ]; then
            fail "corpus:$name: import exit $rc: $(oneline "$base.err")"
            n_other=$((n_other + 1))
            continue
        fi
        if ! "$xyl" -N create "$base.yaml" > "$base.xyl.json" 2> "$base.err"; then
            fail "corpus:$name: imported YAML does not create: $(oneline "$base.err")"
            n_other=$((n_other + 1))
            continue
        fi
        if ! cmp -s "$base.xl.json" "$base.xyl.json"; then
            same_json "corpus:$name" "$base.xl.json" "$base.xyl.json" "real xl's JSON (-) differs from xyl's of the import (+)"
            n_other=$((n_other + 1))
            continue
        fi
        if ! "$xyl" export-xl "$base.yaml" > "$base.exp.cfg" 2> "$base.err"; then
            fail "corpus:$name: export-xl of the import failed: $(oneline "$base.err")"
            n_other=$((n_other + 1))
            continue
        fi
        xl_json "$base.exp.cfg" "$base.exp.json"; rc=$?
        if [ "$rc" != 0 ]; then
            fail "corpus:$name: real xl refuses the export of the import: $(oneline "$base.exp.json.err")"
            n_other=$((n_other + 1))
            continue
        fi
        same_json "corpus:$name" "$base.xl.json" "$base.exp.json" "real xl's JSON of the original (-) and of xyl's export (+)"
        cmp -s "$base.xl.json" "$base.exp.json" && n_same=$((n_same + 1)) || n_other=$((n_other + 1))
    done
    echo "corpus: $n_same identical, $n_refused refused with line:col, $n_other other (of $((n_same + n_refused + n_other)))"
}

# xl.conf defaults: with the same xl.conf (tests/golden/xlconf/xl.conf: a
# default bridge, vif script and gateway device, claim_mode and hotplug
# scripts off) real xl and xyl build the same JSON for the corpus files.
check_xlconf() {
    local conf=$golden_dir/xlconf/xl.conf cfg name base rc
    for cfg in "$golden_dir"/xlcfg-corpus/*.cfg; do
        name=$(basename "$cfg" .cfg)
        [ -f "${cfg%.cfg}.expect" ] && continue
        base=$tmp/xlconf.$name
        XLREF_XL_CONF=$conf xl_json "$cfg" "$base.xl.json"; rc=$?
        [ "$rc" = 77 ] && { skip "xlconf:$name: real xl unavailable"; continue; }
        if ! (cd "$golden_dir/xlcfg-corpus" && "$xyl" import-xl "$name.cfg") > "$base.yaml" 2> "$base.err" ||
           ! XYL_XL_CONF=$conf "$xyl" -N create "$base.yaml" > "$base.xyl.json" 2>> "$base.err"; then
            fail "xlconf:$name: $(oneline "$base.err")"
            continue
        fi
        same_json "xlconf:$name" "$base.xl.json" "$base.xyl.json" "real xl's JSON with xlconf/xl.conf (-) differs from xyl's (+)"
    done
}

# A host without xl.conf (no xen-utils-common) gets xl's defaults without a
# word: libxlutil reported the missing file, with "Success" for its reason.
check_xlconf_missing() {
    local ex=configs/pv-disk-net.yaml rc
    XYL_XL_CONF=$tmp/no-such-dir/xl.conf "$xyl" -N create "$ex" > "$tmp/noconf.json" 2> "$tmp/noconf.err"; rc=$?
    verdict "xlconf:missing-is-silent" "$([ "$rc" = 0 ] && [ ! -s "$tmp/noconf.err" ] &&
        cmp -s <(jq -S . "$tmp/noconf.json") <(jq -S . "$golden_dir/json/pv-disk-net.yaml.json") &&
        echo 1 || echo 0)" "exit $rc, stderr: $(oneline "$tmp/noconf.err")"
}
