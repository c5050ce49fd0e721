# Cross-host live migration of a PVH guest (make lab-fleet, issue 17):
# Xen tracks a PVH guest's dirty pages with HAP, which Debian's Xen has (a
# PV guest needs shadow paging, which it lacks: 20-migrate-pv moves that
# one non-live).  The guest (128 MiB, xyl_lab_stay=1, 10.77.0.51 on
# xenbr0) is created on fleet-a; `xyl migrate NAME fleet-b` sends it live
# over ssh (no non-live note); it is gone from fleet-a and from xyl's record
# there, listed on fleet-b with xyl's record, answers on its console there
# and ping from fleet-a's dom0 through the link; fleet-b sends it back live
# with its own ssh.  PVH guests triple-fault now and then under nested SVM
# in TCG (issue 20): wait_marker boots one again after a fault at boot; a
# fault during a migration fails this scenario (no retry: fleet-b serves each
# scenario once).  Runs last: the longest, and the one issue 20 can spoil.
# lab: timeout=900
. /lab/fleet.sh
fleet_begin
name=fl-pvh
ip=10.77.0.51

fleet_guest $name pvh $ip live
expect_marker guest_type=PVH
uuid=$FLEET_UUID

# ---- a -> b, live
t0=$(t_now)
fleet_long_must env XYL_PROGRESS=1 xyl migrate "$name" $FLEET_PEER
timing migrate_live "$(t_since "$t0")"
grep -q "non-live" "$LAB_TMP/out" && fail "the PVH guest was migrated non-live"
pass "PVH guest migrated live to fleet-b: $(grep -m1 '^migrated' "$LAB_TMP/out")"
fleet_moved $name "$uuid" live $ip

# ---- b -> a, live, sent by fleet-b's xyl with fleet-b's ssh
t0=$(t_now)
fleet_long_must ssh $FLEET_PEER xyl migrate "$name" $FLEET_SELF
timing migrate_live_back "$(t_since "$t0")"
grep -q "non-live" "$LAB_TMP/out" && fail "the PVH guest came back non-live"
pass "PVH guest migrated live back to fleet-a: $(grep -m1 '^migrated' "$LAB_TMP/out")"
fleet_back $name "$uuid" $ip

fleet_clean $name
