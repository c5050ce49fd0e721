# Live localhost migration of a PVH guest (HAP tracks the dirty pages, so
# this works on Debian's Xen, which lacks the shadow paging PV guests need):
# the guest runs under its own name with a new domid, nothing temporary is
# left, and it answers on its console.  `xl migrate` of the same guest
# (over `ssh`-less `sh -c`) is timed beside it; then xyl migrates it again.
# Out of CI while PVH guests triple-faulted on the lab's two emulated CPUs,
# during live migrations too (issue 20); back on one CPU, with no retry.
# lab: timeout=360
name=mgh-pvh
cfg=$LAB_TMP/$name.yaml

sed -e "s/^name:.*/name: $name/" -e 's/^memory:.*/memory: 128M/' \
    -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/pvh.yaml > "$cfg"
xyl_create "$cfg"
wait_marker "$name" 150
d0=$(xyl_domid "$name")

t0=$(t_now)
must xyl migrate "$name" localhost
tm=$(t_since "$t0")
timing xyl_migrate "$tm"
grep -q "non-live" "$LAB_TMP/out" && fail "a PVH guest was migrated non-live"
pass "PVH guest migrated live"
d1=$(xyl_domid "$name")
[ -n "$d1" ] && [ "$d1" != "$d0" ] && pass "$name moved: domid $d0 -> $d1" || fail "domid after migrate: '$d1' (was $d0)"
must xl list
grep -q -- "--incoming\|--migratedaway" "$LAB_TMP/out" && fail "a temporary copy is left" || pass "no temporary copy left"
expect_running "$name" "xyl migrate"
expect_alive "$name" 112 "xyl migrate"

# xl's own localhost migration of the same guest, for the time ratio (its
# rune is "exec CMD HOST xl migrate-receive": CMD "sh -c" runs HOST as a script)
t0=$(t_now)
if run xl migrate -s "sh -c" "$name" "'exec xl migrate-receive'"; then
    tx=$(t_since "$t0")
    timing xl_migrate "$tx"
    expect_running "$name" "xl migrate"
    lab_msg "NOTE $LAB_SCENARIO live migrate localhost: xyl ${tm}s, xl ${tx}s: ratio $(awk -v a="$tm" -v b="$tx" 'BEGIN{printf "%.2f", a / b}')"
else
    lab_msg "NOTE $LAB_SCENARIO xl migrate localhost failed too (exit $RC)"
fi

# and back with xyl once more, after xl, with the progress bar (and its
# byte-counting pump) forced on
t0=$(t_now)
XYL_PROGRESS=1 must xyl migrate "$name" localhost
timing xyl_migrate_progress "$(t_since "$t0")"
grep -q "MiB/s" "$LAB_TMP/out" && pass "progress shown (XYL_PROGRESS=1)" || fail "no progress output"
expect_running "$name" "the second xyl migrate"
expect_alive "$name" 100 "the second xyl migrate"

must xyl destroy "$name"
expect_gone "$name" 20
expect_only_dom0
