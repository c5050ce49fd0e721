# Localhost migration of a PV guest with a NIC on xenbr0 (128 MiB,
# xyl_lab_stay=1): `xyl migrate NAME localhost` -> the guest runs under its
# own name with a new domid, no NAME--incoming/--migratedaway is left, and it
# answers on its console; net-list shows its vif on xenbr0 before and after;
# `xyl console` attaches and shows the guest's output.  Failures leave the
# source running: a transport that never answers, and a receiver that
# refuses mid-stream (a domain NAME--incoming already exists there).
# Debian's Xen has no shadow paging, so a PV guest cannot be migrated live
# there: xyl says so and migrates it non-live (86-migrate-pvh does it live).
# The guest has a `backend: xyl` disk (issue 14): it goes with the guest
# (on one host xyl-blkback hands the image and its lock over from the
# suspended copy), and the guest finds what it wrote there and writes on,
# after each migration and after the failed ones.
# lab: timeout=480
name=mg-pv
cfg=$LAB_TMP/$name.yaml
img=/var/lib/xen/images/$name.img
vbd=/local/domain/0/backend/xyl-vbd

# expect_running, expect_alive: tests/lab/dom0/lib.sh
expect_vif() { # expect_vif DOMID: net-list shows NAME(vifDOMID.0) on xenbr0
    must xyl net-list
    grep "^xenbr0 " "$LAB_TMP/out" | grep -q "$name(vif$1.0)" &&
        pass "net-list: $name(vif$1.0) on xenbr0" || fail "net-list does not show $name(vif$1.0) on xenbr0"
    must xyl net-list --json
    grep -q "\"guest\": \"$name\"" "$LAB_TMP/out" && pass "net-list --json names $name" || fail "net-list --json lacks $name"
}

sed -e "s/^name:.*/name: $name/" -e 's/^memory:.*/memory: 128M/' \
    -e 's/^cmdline:.*/& xyl_lab_stay=1 xyl_blkcmd=xvdb/' /etc/xyl/configs/pv.yaml > "$cfg"
printf 'networks:\n  - bridge: xenbr0\nxenstore:\n  role: migrating\n' >> "$cfg"
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl }\n' "$img" >> "$cfg"
must dd if=/dev/zero of="$img" bs=1M count=8
must xyl validate "$cfg"
xyl_create "$cfg"
wait_marker "$name" 150
d0=$(xyl_domid "$name")
expect_vif "$d0"
blk_write "$name" one ""

# ---- the console: xenconsole copies the guest's output (stdin is no tty)
( sleep 3; xl mem-set "$name" 120m ) &
timeout 12 xyl console "$name" < /dev/null > "$LAB_TMP/console.out" 2>&1
wait
grep -a -q '@@GUEST-STATE' "$LAB_TMP/console.out" && pass "xyl console shows the guest's output" || {
    tail -n 5 "$LAB_TMP/console.out"; fail "nothing from the guest through xyl console"; }
# informational: what a PV guest without a serial console gives
run timeout 5 xyl console -t serial "$name" < /dev/null
lab_msg "NOTE $LAB_SCENARIO console -t serial on a PV guest: exit $RC"

# ---- migrate to localhost
t0=$(t_now)
XYL_PROGRESS=1 must xyl migrate "$name" localhost
timing migrate "$(t_since "$t0")"
grep -q "MiB/s" "$LAB_TMP/out" && pass "progress shown (XYL_PROGRESS=1)" || fail "no progress output"
grep -q "non-live" "$LAB_TMP/out" && pass "PV guest without shadow paging: migrated non-live, with a note" ||
    lab_msg "NOTE $LAB_SCENARIO the PV guest was migrated live"
d1=$(xyl_domid "$name")
[ -n "$d1" ] && [ "$d1" != "$d0" ] && pass "$name moved: domid $d0 -> $d1" || fail "domid after migrate: '$d1' (was $d0)"
must xl list
grep -q -- "--incoming\|--migratedaway" "$LAB_TMP/out" && fail "a temporary copy is left" || pass "no temporary copy left"
expect_running "$name" "migrate"
expect_alive "$name" 112 "migrate"
expect_vif "$d1"
[ "$(xenstore-read /local/domain/$d1/data/role)" = migrating ] &&
    pass "the guest's data/ keys moved with it" || fail "data/ keys lost in the migration"
[ "$(xenstore-read $vbd/$d1/51728/params 2>/dev/null)" = "$img" ] &&
    pass "the xyl disk moved with it (xyl-vbd $d1/51728)" || fail "no xyl-vbd backend for domid $d1"
xs_gone $vbd/$d0 10 && pass "the old copy's xyl-vbd nodes are gone" || fail "xyl-vbd nodes of $d0 left"
blk_write "$name" two one

# ---- failure: the transport never answers -> the source keeps running
run xyl migrate --ssh-command false "$name" nowhere && fail "migrate through 'false' succeeded"
pass "migrate via a dead transport failed (exit $RC): $(grep xyl: "$LAB_TMP/out" | head -1)"
[ "$(xyl_domid "$name")" = "$d1" ] && pass "source untouched (domid $d1)" || fail "source changed"
expect_running "$name" "a dead transport"

# ---- failure mid-stream: NAME--incoming exists on the target -> refused, source resumed
sed -e "s/^name:.*/name: $name--incoming/" -e '/^networks:/,$d' "$cfg" > "$LAB_TMP/blocker.yaml"
must xyl create -p "$LAB_TMP/blocker.yaml"
run xyl migrate "$name" localhost && fail "migrate succeeded although $name--incoming exists"
pass "migrate refused by the target (exit $RC)"
[ "$(xyl_domid "$name")" = "$d1" ] && pass "source still domid $d1" || fail "source changed: $(xyl_domid "$name")"
expect_running "$name" "a refused migration"
expect_alive "$name" 104 "a refused migration"
blk_write "$name" three two
must xyl destroy "$name--incoming"

# ---- and once more, now that the way is clear, through the transport path
# a remote host takes: the rune "exec CMD 'HOST' xyl migrate-receive", with
# CMD a stand-in for ssh that runs the command here (HOST must look like a
# host name: xyl refuses anything else before it reaches a shell)
printf '#!/bin/sh\n# fake ssh: HOST COMMAND... -> COMMAND here\nshift\nexec "$@"\n' > "$LAB_TMP/fakessh"
chmod +x "$LAB_TMP/fakessh"
run xyl migrate --ssh-command "$LAB_TMP/fakessh" "$name" "-oProxyCommand=x" &&
    fail "migrate took an ssh option as HOST"
pass "an ssh option as HOST is refused (exit $RC)"
must xyl migrate --ssh-command "$LAB_TMP/fakessh" "$name" peer-dom0.example
d2=$(xyl_domid "$name")
[ -n "$d2" ] && [ "$d2" != "$d1" ] && pass "$name moved again: domid $d1 -> $d2" || fail "domid after the second migrate: '$d2'"
expect_running "$name" "the second migrate (through the ssh stand-in)"
expect_alive "$name" 96 "the second migrate"
blk_write "$name" four three

must xyl destroy "$name"
expect_gone "$name" 20
[ "$(blk_image_sum "$img")" = "$(blk_sum four)" ] && pass "the image holds the last write" ||
    fail "the image lacks the guest's last write"
rm -f "$img"
expect_only_dom0
