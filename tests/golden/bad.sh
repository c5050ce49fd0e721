# bad.sh - tests/bad/NAME.yaml (and folders tests/bad/folder-*/): `xyl
# validate` exits 1, stderr holds every line of NAME.expect (each line a
# substring of one diagnostic, FILE:LINE:COL included) and stdout does not
# claim anything is valid.  Run from tests/ so
# the files are named bad/NAME.yaml, as the .expect files spell them.

check_bad() {
    local expect name target rc ok n=0
    for expect in "$repo"/tests/bad/*.expect; do
        name=$(basename "$expect" .expect)
        if [ -d "$repo/tests/bad/$name" ]; then
            target=bad/$name
        elif [ -f "$repo/tests/bad/$name.yaml" ]; then
            target=bad/$name.yaml
        else
            fail "bad:$name: $name.expect has no $name.yaml or $name/ beside it"
            continue
        fi
        n=$((n + 1))
        (cd "$repo/tests" && "$xyl" validate "$target") > "$tmp/bad.out" 2> "$tmp/bad.err"; rc=$?
        ok=0
        [ "$rc" = 1 ] && expect_lines "$name" "$expect" "$tmp/bad.err" &&
            no_sanitizer_report "$tmp/bad.err" && ! grep -qw valid "$tmp/bad.out" && ok=1
        verdict "bad:$name" "$ok" "exit $rc; stdout: $(oneline "$tmp/bad.out") stderr: $(oneline "$tmp/bad.err")"
    done
    for target in "$repo"/tests/bad/*.yaml "$repo"/tests/bad/folder-*/; do
        name=$(basename "$target" .yaml)
        [ -f "$repo/tests/bad/$name.expect" ] || fail "bad:$name: no $name.expect"
    done
    [ "$n" -ge 25 ] || fail "bad: only $n bad-input tests (want at least 25)"
}
