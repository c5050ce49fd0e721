# Hot-plug into a running PVH guest (configs/pvh.yaml, kept up with
# xyl_lab_stay=1): block-attach an image given as an xl disk spec and a NIC
# given as a YAML item, see them inside the guest, detach them, see them gone
# and no backend nodes left. Emulator triple faults: see
# tests/lab/README.md.
# lab: retry=2 timeout=240
name=hp-pvh
cfg=$LAB_TMP/$name.yaml
img=/var/lib/xen/images/hp-pvh.img

# the guest's last "@@GUEST-STATE blk=.. net=.. mem_kb=.. cpus=.." line
guest_state() { STATE=$(grep -a -o '@@GUEST-STATE.*' "$CONSOLE_LOGS/guest-$name.log" 2>/dev/null | tail -n 1 | tr -d '\r'); }
state_get() { echo " $STATE " | sed -n "s/.* $1=\([^ ]*\) .*/\1/p"; }
# wait_until SECS CHECK...: refresh STATE and run CHECK every second until it holds
wait_until() {
    local n=$1; shift
    while [ "$n" -gt 0 ]; do
        guest_state; "$@" && return 0
        sleep 1; n=$((n - 1))
    done
    return 1
}
has_state() { [ -n "$STATE" ]; }
sees() { case ",$(state_get "$1")," in *,"$2",*) return 0 ;; esac; return 1; }
lacks() { ! sees "$1" "$2"; }
backends() {
    echo $(( $(xenstore-list "/local/domain/0/backend/vbd/$1" 2>/dev/null | wc -l) +
             $(xenstore-list "/local/domain/0/backend/vif/$1" 2>/dev/null | wc -l) ))
}

sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/pvh.yaml > "$cfg"
must dd if=/dev/zero of=$img bs=1M count=8
xyl_create "$cfg"
wait_marker "$name" 150
domid=$(xyl_domid "$name")   # after a boot retry it is a new one
expect_marker guest_type=PVH
wait_until 30 has_state || fail "no @@GUEST-STATE line from $name (xyl_lab_stay=1)"
say "guest before: $STATE"

t0=$(t_now)
must xyl block-attach "$name" "format=raw, vdev=xvdb, access=rw, target=$img"
wait_until 30 sees blk xvdb || fail "guest does not see xvdb 30 s after block-attach: $STATE"
timing block_seen "$(t_since "$t0")"
t0=$(t_now)
must xyl network-attach "$name" "{bridge: xenbr0}"
wait_until 30 sees net eth0 || fail "guest has no eth0 30 s after network-attach: $STATE"
timing network_seen "$(t_since "$t0")"
pass "guest sees xvdb and eth0: $STATE"
must xyl block-list "$name"
must xyl network-list "$name"
[ "$(backends "$domid")" = 2 ] && pass "one vbd and one vif backend in xenstore" ||
    fail "$(backends "$domid") backend nodes, want 2"

must xyl block-detach "$name" xvdb
must xyl network-detach "$name" 0
wait_until 30 lacks blk xvdb || fail "guest still sees xvdb after block-detach: $STATE"
wait_until 30 lacks net eth0 || fail "guest still has eth0 after network-detach: $STATE"
pass "guest lost xvdb and eth0: $STATE"
[ "$(backends "$domid")" = 0 ] && pass "no backend nodes left" ||
    { xenstore-ls /local/domain/0/backend; fail "backend nodes left after detach"; }

must xyl destroy "$name"
expect_gone "$name"
expect_only_dom0
rm -f $img
