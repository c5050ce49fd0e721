# plan-state.sh - `xyl plan --state FILE` against hand-written states
# (plan-state/NAME/): state.json (what `xyl state` prints in a dom0; @REPO@
# is this repository, @SHA256:PATH@ the sha256 of PATH in it), args (plan's
# arguments after --state, relative to the repository) and expect: plan's
# stdout and stderr exactly (paths of the repository as @REPO@), then
# "exit N".  Also `plan --offline configs/lab-demo` (exit 2, one create line
# per guest) and a folder with errors (exit 1, FILE:LINE:COL, before anything
# of a host).  No Xen anywhere.

# state_file IN OUT: the placeholders filled in
state_file() {
    local line path sum
    cp "$1" "$2"
    grep -o '@SHA256:[^@]*@' "$1" | sort -u | while IFS= read -r line; do
        path=${line#@SHA256:}; path=${path%@}
        sum=$(sha256sum "$repo/$path" | cut -d' ' -f1)
        sed -i "s|$line|$sum|g" "$2"
    done
    sed -i "s|@REPO@|$repo|g" "$2"
}

# plan_state_out NAME OUT: run case NAME, output as expect holds it
plan_state_out() {
    local dir=$golden_dir/plan-state/$1 rc
    state_file "$dir/state.json" "$tmp/state.json"
    # shellcheck disable=SC2046 # args are words
    (cd "$repo" && "$xyl" plan --state "$tmp/state.json" $(cat "$dir/args")) > "$tmp/ps.out" 2>&1; rc=$?
    { sed -e "s|$repo|@REPO@|g" -e "s|$tmp/state.json|STATE|g" "$tmp/ps.out"; echo "exit $rc"; } > "$2"
}

check_plan_state() {
    local dir name n=0 rc ok
    for dir in "$golden_dir"/plan-state/*/; do
        name=$(basename "$dir")
        n=$((n + 1))
        plan_state_out "$name" "$tmp/ps.got"
        ok=0
        cmp -s "$dir/expect" "$tmp/ps.got" && ok=1
        verdict "plan-state:$name" "$ok" "$(diff "$dir/expect" "$tmp/ps.got" | head -20 | tr '\n' '|')"
    done
    [ "$n" -ge 6 ] || fail "plan-state: only $n cases"
    check_plan_state_schemas

    (cd "$repo" && "$xyl" plan --offline configs/lab-demo) > "$tmp/off.out" 2> "$tmp/off.err"; rc=$?
    ok=0
    [ "$rc" = 2 ] && [ "$(grep -c '^+ create ' "$tmp/off.out")" = \
        "$(find "$repo/configs/lab-demo" -name '*.yaml' | wc -l)" ] && ok=1
    verdict "plan-offline:lab-demo" "$ok" "exit $rc; $(oneline "$tmp/off.out")"

    (cd "$repo/tests" && "$xyl" plan --offline bad/folder-dup-names) > "$tmp/off.out" 2> "$tmp/off.err"; rc=$?
    ok=0
    [ "$rc" = 1 ] && grep -q '^bad/folder-dup-names/b.yaml:2:1: error: ' "$tmp/off.err" &&
        [ ! -s "$tmp/off.out" ] && ok=1
    verdict "plan-offline:bad-folder" "$ok" "exit $rc; $(oneline "$tmp/off.err")"
}

# The states (placeholders filled) against configs/state.schema.json, the
# two broken ones rejected; a --json plan against configs/plan.schema.json.
check_plan_state_schemas() {
    local dir name valid=() invalid=() rc
    for dir in "$golden_dir"/plan-state/*/; do
        name=$(basename "$dir")
        state_file "$dir/state.json" "$tmp/state-$name.json"
        case $name in
        not-state|bad-domain) invalid+=("$tmp/state-$name.json") ;;
        *) valid+=("$tmp/state-$name.json") ;;
        esac
    done
    "$repo/tests/tools/json-schema-check" "$repo/configs/state.schema.json" \
        --valid "${valid[@]}" --invalid "${invalid[@]}" > "$tmp/ps-schema.out" 2>&1; rc=$?
    "$xyl" plan --state "$tmp/state-mixed.json" --json "$repo/configs/lab-demo" > "$tmp/plan.json" 2> /dev/null
    "$repo/tests/tools/json-schema-check" "$repo/configs/plan.schema.json" \
        --valid "$tmp/plan.json" >> "$tmp/ps-schema.out" 2>&1 || [ "$rc" != 0 ] || rc=$?
    if [ "$rc" = 77 ]; then
        skip "plan-state:schemas: python3-jsonschema or yaml missing"
    else
        verdict "plan-state:schemas" "$([ "$rc" = 0 ] && echo 1 || echo 0)" \
            "$(grep FAIL "$tmp/ps-schema.out" | tr '\n' '|')"
    fi
}

# `make golden-update`: every case's expect from what xyl prints now
update_plan_state() {
    local dir
    for dir in "$golden_dir"/plan-state/*/; do
        plan_state_out "$(basename "$dir")" "$dir/expect"
        echo "wrote ${dir#"$repo"/}expect"
    done
}
