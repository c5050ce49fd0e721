# Cross-host migration of a diskless PV guest (make lab-fleet, issue 17):
# the guest (128 MiB, xyl_lab_stay=1, 10.77.0.50 on xenbr0) is created on
# fleet-a, `xyl migrate NAME fleet-b` sends it over ssh (non-live: Debian's
# Xen has no shadow paging for a PV guest's dirty-page tracking), and then
#   - it is gone from fleet-a's `xyl list` and from xyl's record there,
#   - fleet-b's `xyl list` shows it and xyl's record there names it, with
#     its xenstore data keys,
#   - it answers on its console on fleet-b, and ping from fleet-a's dom0
#     through both bridges and the link;
# a migration that fleet-b refuses (a domain NAME--incoming exists there)
# leaves it running on fleet-a; and fleet-b sends it back with its own ssh.
# lab: timeout=900
. /lab/fleet.sh
fleet_begin
name=fl-pv
ip=10.77.0.50
cfg=$LAB_TMP/$name.yaml

fleet_guest $name pv $ip travelling
d0=$(xyl_domid "$name")
uuid=$FLEET_UUID

# ---- fleet-b refuses: a domain NAME--incoming exists there -> the guest stays here
sed -e "s/^name:.*/name: $name--incoming/" -e '/^networks:/,$d' "$cfg" > "$LAB_TMP/blocker.yaml"
ssh $FLEET_PEER "cat > /tmp/blocker.yaml" < "$LAB_TMP/blocker.yaml" || fail "cannot copy the blocker to fleet-b"
fleet_must xyl create -p /tmp/blocker.yaml
fleet_long xyl migrate "$name" $FLEET_PEER && fail "migrate succeeded although $name--incoming exists on fleet-b"
pass "migration refused by fleet-b (exit $RC): $(grep -m1 xyl: "$LAB_TMP/out")"
[ "$(xyl_domid "$name")" = "$d0" ] && pass "$name still runs on fleet-a as domain $d0" || fail "source changed: '$(xyl_domid "$name")'"
fleet_alive here "$name" 120 "the refused migration"
fleet_must xyl destroy "$name--incoming"
[ -z "$(fleet_peer_domid "$name")" ] && pass "nothing of $name left on fleet-b" || fail "$name is on fleet-b after a refused migration"

# ---- a -> b
t0=$(t_now)
fleet_long_must env XYL_PROGRESS=1 xyl migrate "$name" $FLEET_PEER
timing migrate "$(t_since "$t0")"
grep -q "non-live" "$LAB_TMP/out" && pass "PV guest migrated non-live, with a note (no shadow paging)" ||
    lab_msg "NOTE $LAB_SCENARIO the PV guest was migrated live"
say "$(grep -m1 '^migrated' "$LAB_TMP/out")"
fleet_moved $name "$uuid" travelling $ip

# ---- b -> a, sent by fleet-b's xyl with fleet-b's ssh
t0=$(t_now)
fleet_long_must ssh $FLEET_PEER xyl migrate "$name" $FLEET_SELF
timing migrate_back "$(t_since "$t0")"
fleet_back $name "$uuid" $ip

fleet_clean $name
