# examples.sh - every example validates cleanly and `xyl -N create` prints
# exactly its committed golden JSON; no golden file without an example.

check_examples() {
    local f stem want got err rc ok
    for f in $(examples); do
        stem=$(golden_stem "$f")
        err=$tmp/$stem.validate.err
        "$xyl" validate "$f" > /dev/null 2> "$err"; rc=$?
        # examples are documentation: not even a warning
        ok=0; [ "$rc" = 0 ] && [ ! -s "$err" ] && ok=1
        verdict "validate:$f" "$ok" "exit $rc, stderr: $(oneline "$err")"

        want=$golden_dir/json/$stem.json
        got=$tmp/$stem.json
        "$xyl" -N create "$f" > "$got" 2> "$tmp/$stem.create.err"; rc=$?
        if [ ! -f "$want" ]; then
            fail "golden:$f: no tests/golden/json/$stem.json (run 'make golden-update', review, commit)"
        elif [ "$rc" = 0 ] && cmp -s "$want" "$got"; then
            verdict "golden:$f" 1
        else
            verdict "golden:$f" 0 "exit $rc, JSON differs from tests/golden/json/$stem.json: $(oneline "$tmp/$stem.create.err")"
            show_diff "$want" "$got"
        fi
    done

    # a renamed or deleted example must take its golden file with it
    examples | while read -r f; do golden_stem "$f"; done > "$tmp/stems"
    for want in "$golden_dir"/json/*.json; do
        [ -e "$want" ] || continue
        stem=$(basename "$want" .json)
        grep -qxF -- "$stem" "$tmp/stems" ||
            fail "golden:orphan: tests/golden/json/$stem.json has no example in configs/"
    done

    for f in configs configs/lab-demo; do
        "$xyl" validate "$f" > "$tmp/folder.out" 2> "$tmp/folder.err"; rc=$?
        ok=0; [ "$rc" = 0 ] && [ ! -s "$tmp/folder.err" ] && ok=1
        verdict "validate-folder:$f" "$ok" "exit $rc, $(oneline "$tmp/folder.out") $(oneline "$tmp/folder.err")"
    done
}
