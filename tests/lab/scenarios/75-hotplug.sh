# Hot-plug into a running guest (configs/pv.yaml, configs/pvh.yaml, kept up
# with xyl_lab_stay=1): block-attach a disk image (PV: the YAML item form,
# PVH: an xl disk spec) and network-attach a NIC (PV: the default, PVH: a
# YAML item), see them inside the guest (its @@GUEST-STATE lines) and in
# block-list/network-list, detach them and see them gone, with no backend
# nodes left in xenstore. PV also: the lists as xl prints them and --json, a
# second NIC from an xl vif string, failures (missing image, missing bridge,
# a failing hotplug script, backend xyl, a typo: exit 1, nothing left), -N
# and the same MAC again: the toolstack's side, the same for every type, so
# the PVH run (slower under nested SVM) does not repeat them.
# lab pv: timeout=420
# lab pvh: timeout=300
lab_types pv pvh
name=hp-$LAB_TYPE
cfg=$LAB_TMP/$name.yaml
img=/var/lib/xen/images/$name.img
case $LAB_TYPE in
    pv)  disk="{target: $img, vdev: xvdb}" ;;
    pvh) disk="format=raw, vdev=xvdb, access=rw, target=$img" ;;
esac

# backends DOMID: how many vbd + vif backend nodes dom0 has for the guest
backends() {
    echo $(( $(xenstore-list "/local/domain/0/backend/vbd/$1" 2>/dev/null | wc -l) +
             $(xenstore-list "/local/domain/0/backend/vif/$1" 2>/dev/null | wc -l) ))
}
expect_no_backends() {
    [ "$(backends "$domid")" = 0 ] && pass "no backend nodes for $name in xenstore ($1)" ||
        { xenstore-ls /local/domain/0/backend; fail "backend nodes left for $name ($1)"; }
}
# rows CMD...: the data rows a list command prints (header dropped)
rows() { "$@" 2>/dev/null | awk 'NR > 1' | wc -l; }
# like_xl LIST FIELDS: `xyl LIST $name` prints xl's rows (awk FIELDS of each)
like_xl() {
    must xyl "$1" "$name"
    awk "NR > 1 {print $2}" "$LAB_TMP/out" > "$LAB_TMP/xyl.rows"
    must xl "$1" "$name"
    awk "NR > 1 {print $2}" "$LAB_TMP/out" > "$LAB_TMP/xl.rows"
    diff "$LAB_TMP/xl.rows" "$LAB_TMP/xyl.rows" && pass "$1 rows match xl's" || fail "xyl $1 differs from xl $1"
}

sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/$LAB_TYPE.yaml > "$cfg"
must dd if=/dev/zero of=$img bs=1M count=8
xyl_create "$cfg"
wait_marker "$name" 150
domid=$(xyl_domid "$name")
expect_marker guest_type=$TYPE_MARK
wait_until 30 has_state || fail "no @@GUEST-STATE line from $name (xyl_lab_stay=1)"
say "guest before: $STATE"
expect_no_backends "before any attach"

# ---- a disk
t0=$(t_now)
must xyl block-attach "$name" "$disk"
timing block_attach "$(t_since "$t0")"
wait_until 30 sees blk xvdb || fail "guest does not see xvdb 30 s after block-attach: $STATE"
timing block_seen "$(t_since "$t0")"
pass "guest sees xvdb: $STATE"
must xyl block-list "$name"
grep -q '^51728 ' "$LAB_TMP/out" && pass "block-list: xvdb (51728)" || fail "block-list lacks 51728"
if [ "$LAB_TYPE" = pv ]; then
    like_xl block-list '$1, $2, $3, $4, $7'
    must xyl block-list "$name" --json
    grep -q '"vdev": "xvdb"' "$LAB_TMP/out" && grep -q "\"target\": \"$img\"" "$LAB_TMP/out" &&
        pass "block-list --json: xvdb on $img" || fail "block-list --json lacks xvdb/$img"
    expect_refused xyl block-attach "$name" "{target: $img, vdev: xvdb}"     # xvdb is taken
fi

# ---- a NIC: PV the default one, PVH a YAML item
t0=$(t_now)
if [ "$LAB_TYPE" = pv ]; then must xyl network-attach "$name"; else must xyl network-attach "$name" "{bridge: xenbr0}"; fi
timing network_attach "$(t_since "$t0")"
wait_until 30 sees net eth0 || fail "guest has no eth0 30 s after network-attach: $STATE"
timing network_seen "$(t_since "$t0")"
pass "guest sees eth0: $STATE"
must xyl network-list "$name"
mac0=$(awk 'NR == 2 {print $3}' "$LAB_TMP/out")
[ -n "$mac0" ] && pass "network-list: network 0 has mac $mac0" || fail "network-list shows no NIC"
[ "$(backends "$domid")" = 2 ] && pass "one vbd and one vif backend in xenstore" ||
    fail "$(backends "$domid") backend nodes, want 2"
[ -e "/sys/class/net/xenbr0/brif/vif$domid.0" ] && pass "vif$domid.0 is on xenbr0" ||
    { ls /sys/class/net/xenbr0/brif; fail "vif$domid.0 is not on xenbr0"; }
if [ "$LAB_TYPE" = pv ]; then
    like_xl network-list '$1, $2, $3, $4, $5'
    must xyl network-attach "$name" "bridge=xenbr0,mac=00:16:3e:aa:bb:cc"
    wait_until 30 sees net eth1 || fail "guest has no eth1 30 s after the second network-attach: $STATE"
    pass "guest sees eth1: $STATE"
    must xyl network-list "$name" --json
    grep -q '"mac": "00:16:3e:aa:bb:cc"' "$LAB_TMP/out" && grep -q '"devid": 1' "$LAB_TMP/out" &&
        pass "network-list --json: network 1 with the given mac" || fail "network-list --json lacks network 1"
fi

# ---- detach them; the guest loses them, xenstore forgets them
t0=$(t_now)
must xyl block-detach "$name" xvdb
timing block_detach "$(t_since "$t0")"
if [ "$LAB_TYPE" = pv ]; then must xyl network-detach "$name" 1; fi
must xyl network-detach "$name" "$mac0"
wait_until 30 lacks blk xvdb || fail "guest still sees xvdb after block-detach: $STATE"
wait_until 30 lacks net eth0 || fail "guest still has eth0 after network-detach: $STATE"
wait_until 30 lacks net eth1 || fail "guest still has eth1 after network-detach: $STATE"
pass "guest lost its disk and NICs: $STATE"
[ "$(rows xyl block-list "$name")" = 0 ] && [ "$(rows xyl network-list "$name")" = 0 ] &&
    pass "block-list and network-list are empty" || fail "devices still listed after detach"
expect_no_backends "after the detaches"

if [ "$LAB_TYPE" = pv ]; then
    expect_refused xyl block-detach "$name" xvdb
    expect_refused xyl network-detach "$name" 0

    # ---- failures: one line, exit 1, nothing left
    expect_refused xyl block-attach "$name" "{target: /var/lib/xen/images/missing.img, vdev: xvdc}"
    expect_refused xyl block-attach "$name" "format=raw, vdev=xvdc, target=/var/lib/xen/images/missing.img"
    expect_refused xyl network-attach "$name" "{bridge: xenbr9}"
    expect_refused xyl block-attach "$name" "{target: /var/lib/xen/images/missing.img, vdev: xvdc, backend: xyl}"
    run xyl block-attach "$name" "{target: $img, vdevv: xvdc}"
    [ $RC = 1 ] && grep -q '^<argument>:1:' "$LAB_TMP/out" && pass "a typo is reported at <argument>:LINE:COL" ||
        fail "block-attach with a typo: exit $RC, no <argument>:1: position"
    expect_refused xyl cd-insert "$name" xvdc "$img"     # pv: no CD-ROM drives
    # a hotplug script that fails: libxl gives up and removes what it added
    run xyl network-attach "$name" "{script: /bin/false}"
    [ $RC = 1 ] && pass "network-attach with a failing hotplug script exits 1" ||
        fail "network-attach with script /bin/false exited $RC"
    [ "$(rows xyl block-list "$name")" = 0 ] && [ "$(rows xyl network-list "$name")" = 0 ] &&
        pass "nothing attached after the failures" || fail "a failed attach left a device"
    expect_no_backends "after the failed attaches"
    guest_state
    lacks blk xvdc && pass "guest saw nothing of the failures: $STATE" || fail "guest sees xvdc: $STATE"

    # ---- -N: the libxl device xl -N would build, and nothing attached
    # (with Xen's scripts, as xl: XYL_LAB_HOTPLUG=xyl would add xyl-block)
    printf 'hotplug: scripts\n' > "$LAB_TMP/scripts.yaml"
    XYL_CONFIG=$LAB_TMP/scripts.yaml xyl -N block-attach "$name" "format=raw, vdev=xvdc, target=$img" > "$LAB_TMP/xyl.json" &&
        xl -N block-attach "$name" "format=raw, vdev=xvdc, target=$img" | sed '1s/^disk: //' > "$LAB_TMP/xl.json" ||
        fail "-N block-attach failed"
    diff "$LAB_TMP/xl.json" "$LAB_TMP/xyl.json" && pass "xyl -N block-attach prints xl -N's libxl JSON" ||
        fail "xyl -N block-attach JSON differs from xl's"
    must xyl -N network-attach "$name"
    # (no "bridge": like xl, xyl leaves it to xl.conf's vif.default.bridge)
    grep -q '"mac": "00:16:3e:' "$LAB_TMP/out" && pass "xyl -N network-attach: a NIC with its derived MAC" ||
        fail "xyl -N network-attach printed no NIC JSON"
    [ "$(rows xyl block-list "$name")" = 0 ] && [ "$(rows xyl network-list "$name")" = 0 ] &&
        pass "-N attached nothing" || fail "-N attached a device"

    # ---- the same NIC again gets the same MAC (derived from name and device ID)
    must xyl network-attach "$name"
    must xyl network-list "$name"
    [ "$(awk 'NR == 2 {print $3}' "$LAB_TMP/out")" = "$mac0" ] && pass "re-attached network 0 has mac $mac0 again" ||
        fail "re-attached NIC has another MAC than $mac0"
fi

must xyl destroy "$name"
expect_gone "$name"
expect_no_backends "after destroy"
expect_only_dom0
rm -f "$img"
