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
rec=/local/domain/0/xyl/guests

sed -e "s/^name:.*/name: $name/" -e 's/^memory:.*/memory: 128M/' \
    -e "s|^cmdline:.*|& xyl_lab_stay=1 xyl_ip=$ip/24 xyl_peer=$FLEET_IP|" /etc/xyl/configs/pv.yaml > "$cfg"
printf 'networks:\n  - bridge: xenbr0\nxenstore:\n  role: travelling\n' >> "$cfg"
must xyl validate "$cfg"
xyl_create "$cfg"
wait_marker "$name" 180
expect_marker netping=ok
d0=$(xyl_domid "$name")
uuid=$(fleet_uuid "$name")
[ -n "$uuid" ] || fail "no UUID for $name in xl list -l"
[ "$(xenstore-read $rec/$uuid/name 2>/dev/null)" = "$name" ] && pass "xyl's record of $name on fleet-a ($uuid)" ||
    fail "no xyl record for $name ($uuid) on fleet-a"
fleet_ping $ip "(the guest on fleet-a)"

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
expect_gone "$name" 10
[ -z "$(xenstore-read $rec/$uuid/name 2>/dev/null)" ] && pass "xyl's record of $name left fleet-a with it" ||
    fail "fleet-a still has xyl's record of $name after it left"
d1=$(fleet_peer_domid "$name")
[ -n "$d1" ] && pass "xyl list on fleet-b shows $name (domain $d1)" || { fleet_ssh xyl list; fail "xyl list on fleet-b lacks $name"; }
fleet_must xenstore-read $rec/$uuid/name
[ "$(cat "$LAB_TMP/out")" = "$name" ] && pass "xyl's record of $name is on fleet-b under the same UUID" ||
    fail "fleet-b's record for $uuid says '$(cat "$LAB_TMP/out")'"
fleet_must xenstore-read $rec/$uuid/file
pass "the record names its definition file: $(cat "$LAB_TMP/out")"
fleet_must xenstore-read /local/domain/$d1/data/role
[ "$(cat "$LAB_TMP/out")" = travelling ] && pass "the guest's data/ keys moved with it" || fail "data/role on fleet-b: '$(cat "$LAB_TMP/out")'"
fleet_must xyl list --json
grep -q "\"$name\"" "$LAB_TMP/out" && pass "xyl list --json on fleet-b names it" || fail "xyl list --json on fleet-b lacks $name"
fleet_alive peer "$name" 112 "the migration to fleet-b"
fleet_ping $ip "(the guest now on fleet-b: through the link)"

# ---- b -> a, sent by fleet-b's xyl with fleet-b's ssh
t0=$(t_now)
fleet_long_must ssh $FLEET_PEER xyl migrate "$name" $FLEET_SELF
timing migrate_back "$(t_since "$t0")"
d2=$(xyl_domid "$name")
[ -n "$d2" ] && pass "$name is back on fleet-a (domain $d2)" || fail "$name is not on fleet-a after fleet-b sent it"
[ -z "$(fleet_peer_domid "$name")" ] && pass "and gone from fleet-b's xyl list" || fail "$name still listed on fleet-b"
fleet_ssh xenstore-read $rec/$uuid/name && fail "fleet-b kept xyl's record of $name"
pass "fleet-b's record went with it"
[ "$(xenstore-read $rec/$uuid/name 2>/dev/null)" = "$name" ] && pass "fleet-a's record is back" || fail "no record of $name on fleet-a"
fleet_alive here "$name" 104 "the migration back"
fleet_ping $ip "(the guest back on fleet-a)"

must xyl destroy "$name"
expect_gone "$name" 20
expect_only_dom0
fleet_must xl list
[ "$(grep -vc '^Name' "$LAB_TMP/out")" = 1 ] && pass "only Domain-0 on fleet-b" || fail "fleet-b has domains left"
