# xlcfg.sh - hand-written xl.cfg files: `xyl import-xl` then `xyl -N create`
# must print what real xl prints for the same file (xlcfg/*.cfg), and keys
# xyl cannot represent are refused, or dropped with a warning under --lossy
# (xlcfg-refused/NAME.cfg, NAME.expect; optional NAME.lossy-expect for
# the warnings of --lossy and NAME.lossy-yaml for lines its YAML must hold).

check_xlcfg() {
    local cfg name base rc ok
    for cfg in "$golden_dir"/xlcfg/*.cfg; do
        name=xlcfg/$(basename "$cfg")
        base=$tmp/xlcfg.$(basename "$cfg" .cfg)
        "$xyl" import-xl "$cfg" > "$base.yaml" 2> "$base.err"; rc=$?
        if [ "$rc" != 0 ] || [ -s "$base.err" ]; then
            fail "import:$name: exit $rc: $(oneline "$base.err")"
            continue
        fi
        if ! "$xyl" -N create "$base.yaml" > "$base.xyl.json" 2> "$base.err"; then
            fail "import:$name: imported YAML does not create: $(oneline "$base.err")"
            continue
        fi
        xl_json "$cfg" "$base.xl.json"; rc=$?
        case $rc in
        77) skip "import:$name: real xl unavailable: $(oneline "$base.xl.json.err")" ;;
        1) fail "import:$name: real xl refuses it: $(oneline "$base.xl.json.err")" ;;
        *) same_json "import:$name" "$base.xl.json" "$base.xyl.json" "real xl's JSON (-) differs from xyl's of the import (+)" ;;
        esac
    done

    for cfg in "$golden_dir"/xlcfg-refused/*.cfg; do
        name=$(basename "$cfg" .cfg)
        base=$tmp/refused.$name
        # run inside the folder so messages name the file as the .expect does
        (cd "$(dirname "$cfg")" && "$xyl" import-xl "$name.cfg") > "$base.yaml" 2> "$base.err"; rc=$?
        ok=0
        [ "$rc" = 1 ] && [ ! -s "$base.yaml" ] && no_sanitizer_report "$base.err" &&
            expect_lines "$name" "${cfg%.cfg}.expect" "$base.err" && ok=1
        verdict "refused:$name.cfg" "$ok" "import-xl exits 1, prints nothing and names the key (exit $rc)"

        [ -f "${cfg%.cfg}.lossy-expect" ] || continue
        (cd "$(dirname "$cfg")" && "$xyl" import-xl --lossy "$name.cfg") > "$base.yaml" 2> "$base.err"; rc=$?
        ok=0
        [ "$rc" = 0 ] && expect_lines "$name" "${cfg%.cfg}.lossy-expect" "$base.err" &&
            ! grep -q ': error:' "$base.err" &&
            "$xyl" validate "$base.yaml" > /dev/null 2>&1 && ok=1
        if [ -f "${cfg%.cfg}.lossy-yaml" ]; then
            expect_lines "$name" "${cfg%.cfg}.lossy-yaml" "$base.yaml" || ok=0
        fi
        verdict "lossy:$name.cfg" "$ok" "import-xl --lossy warns, exits 0, prints a valid definition holding any NAME.lossy-yaml lines (exit $rc)"
    done
}
