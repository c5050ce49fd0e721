# lint.sh - `xyl lint` over the folders in tests/lint/: stdout, stderr and
# exit status exactly as in tests/lint/NAME.expect, and the --json output as
# in NAME.json.  The examples in configs/ must lint clean.  Run from
# tests/ with XYL_CONFIG=lint/xyl.yaml (images folder /srv/xyl-lint).
# `make golden-update` rewrites the expectations.

lint_one() {    # lint_one NAME DIR (relative to tests/) -> $tmp/lint.txt, $tmp/lint.json
    (cd "$repo/tests" && export XYL_CONFIG=lint/xyl.yaml &&
        { "$xyl" lint "$2" 2>&1 && echo "exit 0" || echo "exit $?"; } > "$tmp/lint.txt" &&
        { "$xyl" lint --json "$2" 2>&1 && echo "exit 0" || echo "exit $?"; } > "$tmp/lint.json")
}

lint_targets() {
    local d
    for d in "$repo"/tests/lint/*/; do d=$(basename "$d"); echo "$d lint/$d"; done
}

check_lint() {
    local name dir ok
    while read -r name dir; do
        lint_one "$name" "$dir"
        ok=0
        cmp -s "$tmp/lint.txt" "$repo/tests/lint/$name.expect" &&
            cmp -s "$tmp/lint.json" "$repo/tests/lint/$name.json" &&
            no_sanitizer_report "$tmp/lint.txt" && ok=1
        verdict "lint:$name" "$ok" "differs from tests/lint/$name.expect or .json: $(diff "$tmp/lint.txt" "$repo/tests/lint/$name.expect" | head -5 | tr '\n' ' ')"
    done < <(lint_targets)
    lint_one configs ../configs
    ok=0
    grep -q 'no problems found' "$tmp/lint.txt" && grep -qx 'exit 0' "$tmp/lint.txt" && ok=1
    verdict "lint:configs" "$ok" "$(oneline "$tmp/lint.txt")"
}

update_lint() {
    local name dir
    while read -r name dir; do
        lint_one "$name" "$dir"
        cp "$tmp/lint.txt" "$repo/tests/lint/$name.expect"
        cp "$tmp/lint.json" "$repo/tests/lint/$name.json"
        echo "wrote tests/lint/$name.expect and .json"
    done < <(lint_targets)
}
