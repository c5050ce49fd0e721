# xlref.sh - Debian's real `xl -N create` as referee: for every example
# and every roundtrip/*.yaml (inputs that exercise every key and awkward
# strings), the exported xl.cfg must give xl exactly xyl's JSON, and
# importing that xl.cfg back must give xyl's JSON again (round trip).

# xl_json CFG OUT: run real xl -N create; 0 ok, 1 xl failed, 77 xl unavailable.
xl_json() {
    local rc
    "$xl_dryrun" -q "$1" > "$2" 2> "$2.err"; rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 77 ] || rc=1
    return "$rc"
}

# same_json ID WANT GOT WHAT: verdict on two JSON files, diff under a failure.
same_json() {
    if cmp -s "$2" "$3"; then
        verdict "$1" 1
    else
        verdict "$1" 0 "$4"
        show_diff "$2" "$3"
    fi
}

check_xlref() {
    local f stem base json cfg rc
    for f in $(examples) $(cd "$repo" && ls tests/golden/roundtrip/*.yaml); do
        stem=$(golden_stem "$f")
        base=$tmp/xlref.$stem
        json=$base.xyl.json
        cfg=$base.cfg
        if ! "$xyl" -N create "$f" > "$json" 2> "$base.err"; then
            verdict "xlref:$f" 0 "xyl -N create failed: $(oneline "$base.err")"
            continue
        fi
        "$xyl" export-xl "$f" > "$cfg" 2> "$base.err"; rc=$?
        if [ "$rc" != 0 ] || [ -s "$base.err" ]; then
            verdict "xlref:$f" 0 "export-xl exit $rc: $(oneline "$base.err")"
            continue
        fi

        xl_json "$cfg" "$base.xl.json"; rc=$?
        case $rc in
        77) skip "xlref:$f: real xl unavailable: $(oneline "$base.xl.json.err")" ;;
        1) verdict "xlref:$f" 0 "real xl refuses the exported xl.cfg: $(oneline "$base.xl.json.err")" ;;
        *) same_json "xlref:$f" "$base.xl.json" "$json" "real xl's JSON (-) differs from xyl's (+)" ;;
        esac

        "$xyl" import-xl "$cfg" > "$base.2.yaml" 2> "$base.err"; rc=$?
        if [ "$rc" != 0 ]; then
            verdict "roundtrip:$f" 0 "import-xl of the export failed: $(oneline "$base.err")"
        elif ! "$xyl" -N create "$base.2.yaml" > "$base.2.json" 2> "$base.err"; then
            verdict "roundtrip:$f" 0 "the imported YAML does not create: $(oneline "$base.err")"
        else
            same_json "roundtrip:$f" "$json" "$base.2.json" "JSON changed through export-xl | import-xl"
        fi
    done
}
