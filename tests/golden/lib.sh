# lib.sh - counters and helpers shared by the golden checks (sourced by run
# and update).  Each check prints one "ok"/"FAIL"/"SKIP"/"XFAIL" line.

golden_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$golden_dir/../.." && pwd)
known_failures=$golden_dir/known-failures

n_pass=0 n_fail=0 n_skip=0 n_xfail=0

pass() { n_pass=$((n_pass + 1)); echo "ok    - $*"; }
fail() { n_fail=$((n_fail + 1)); echo "FAIL  - $*"; }
# A skip must never look like a pass: shout it.
skip() { n_skip=$((n_skip + 1)); echo "SKIP  - !!!!!!!! SKIPPED: $* !!!!!!!!"; }

# An entry "sanitizer:ID" is a bug only ASan/UBSan can see (set sanitized=1
# when XYL is a sanitizer build).
sanitized=0
is_known_failure() {
    [ -f "$known_failures" ] || return 1
    grep -qx -- "$1" "$known_failures" ||
        { [ "$sanitized" = 1 ] && grep -qx -- "sanitizer:$1" "$known_failures"; }
}

# verdict ID OK DETAIL: record a result, honouring known-failures (DETAIL
# is shown when the check fails).  A listed check that passes again is a
# failure, so the list stays honest.
verdict() {
    local id=$1 ok=$2; shift 2
    if is_known_failure "$id"; then
        if [ "$ok" = 1 ]; then fail "$id: listed in tests/golden/known-failures but passes now: remove it"
        else n_xfail=$((n_xfail + 1)); echo "XFAIL - $id: known toolstack bug: $*"; fi
    elif [ "$ok" = 1 ]; then pass "$id"
    else fail "$id: $*"; fi
}

# no_sanitizer_report FILE: ASan/UBSan exit with status 1 too, which is also
# "invalid definition"; so an expected failure must not hide a report.
no_sanitizer_report() {
    ! grep -q -e 'Sanitizer' -e 'runtime error:' "$1"
}

# configs/lab-demo/web.yaml -> lab-demo_web.yaml (the golden file's stem)
golden_stem() {
    local rel=${1#configs/}
    echo "${rel//\//_}"
}

# Every example, sorted, relative to the repository.
examples() {
    (cd "$repo" && find configs \( -name '*.yaml' -o -name '*.yml' \) -type f | LC_ALL=C sort)
}

# expect_lines ID EXPECT_FILE OUTPUT: every non-empty line of EXPECT_FILE is a
# substring of OUTPUT (missing ones are listed).
expect_lines() {
    local line missing=0
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        grep -qF -- "$line" "$3" || { missing=1; echo "        missing: $line"; }
    done < "$2"
    return "$missing"
}

# Show a short diff under a failure.
show_diff() {
    diff -u "$1" "$2" | head -n 20 | sed 's/^/        /'
}

# One line of stderr for failure messages.
oneline() { head -c 600 "$1" | tr '\n' '|'; }
