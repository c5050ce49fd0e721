# xyl info reports the running hypervisor (its version); xyl list shows Domain-0.
# lab: timeout=60
ver="$(cat /sys/hypervisor/version/major).$(cat /sys/hypervisor/version/minor)"

t0=$(t_now)
must xyl info
timing info "$(t_since "$t0")"
grep -Eq "^xen_version[[:space:]]*:[[:space:]]*$ver" "$LAB_TMP/out" &&
    pass "xyl info: xen_version $ver" || fail "xyl info has no 'xen_version : $ver' line"

t0=$(t_now)
must xyl list
timing list "$(t_since "$t0")"
grep -Eq '^Domain-0[[:space:]]+0[[:space:]]' "$LAB_TMP/out" &&
    pass "xyl list shows Domain-0" || fail "xyl list does not show Domain-0 with ID 0"
