# xyl-block (issue 18), the compiled `block` hotplug script, on Xen: with
# `hotplug: xyl` in the host configuration, a PV guest with a file-backed
# disk (xvda: kernel blkback on a loop device the helper binds) and a
# block device (xvdb: a loop device of the scenario's own, as an LV would
# be) gets the helper as both disks' script, and libxl runs it in place of
# the bash script: hotplug-status connected, physical-device the hex
# major:minor, `node` the loop device bound to the image (none for the
# block device); the guest sees both.  block-attach of a file binds another
# loop device, block-detach frees it; destroy frees xvda's and leaves the
# scenario's own device bound.  No loop device of the guest's is left.
# lab: timeout=240
conf=$LAB_TMP/xyl.yaml
printf 'hotplug: xyl\n' > "$conf"
export XYL_CONFIG=$conf
helper=/usr/sbin/xyl-block          # the lab's xyl and its helpers sit in /usr/sbin
name=hp-blk
img=/var/lib/xen/images/$name.img
img3=/var/lib/xen/images/$name-3.img
phyimg=/var/lib/xen/images/$name-phy.img
cfg=$LAB_TMP/$name.yaml

# loops_of FILE: the loop devices bound to FILE (sysfs: busybox's losetup
# has no -j)
loops_of() {
    local b
    for b in /sys/block/loop*/loop/backing_file; do
        [ -e "$b" ] && [ "$(cat "$b")" = "$1" ] && { b=${b#/sys/block/}; echo "/dev/${b%%/*}"; }
    done
}
mm_of() { printf '%x:%x' "$(stat -L -c '0x%t' "$1")" "$(stat -L -c '0x%T' "$1")"; }
no_loop() { [ -z "$(loops_of "$1")" ]; }
phy=
cleanup() { [ -n "$phy" ] && losetup -d "$phy" 2>/dev/null; }
trap cleanup EXIT

must dd if=/dev/zero of=$img bs=1M count=16
must dd if=/dev/zero of=$img3 bs=1M count=8
must dd if=/dev/zero of=$phyimg bs=1M count=8
phy=$(losetup -f) && losetup "$phy" "$phyimg" || fail "cannot bind a loop device to $phyimg"
sed -e "s/^name: .*/name: $name/" -e "s|pv-disk-net.img|$name.img|" \
    -e 's|^cmdline: .*|cmdline: console=hvc0 xyl_lab=hpblk xyl_lab_stay=1|' \
    /etc/xyl/configs/pv-disk-net.yaml |
    awk -v d="  - { target: $phy, vdev: xvdb, backend: phy }" '/^networks:/ {print d} {print}' > "$cfg"

# ---- what libxl is given
must xyl -N create "$cfg"
[ "$(grep -c "\"script\": \"$helper\"" "$LAB_TMP/out")" = 2 ] && pass "xyl -N create gives both disks $helper" ||
    fail "xyl -N create does not name $helper for both disks: $(grep script "$LAB_TMP/out" | tr -d '\n')"

t0=$(t_now)
xyl_create "$cfg"
timing create "$(t_since "$t0")"
domid=$CREATED_DOMID
[ -n "$domid" ] || fail "no domid from xyl create"
bea=/local/domain/0/backend/vbd/$domid/51712
beb=/local/domain/0/backend/vbd/$domid/51728
for be in $bea $beb; do
    [ "$(xenstore-read $be/script 2>&1)" = "$helper" ] && pass "libxl ran $helper for ${be##*/}" ||
        fail "${be##*/}: backend script is '$(xenstore-read $be/script 2>&1)'"
    [ "$(xenstore-read $be/hotplug-status 2>&1)" = connected ] && pass "${be##*/}: hotplug-status connected" ||
        fail "${be##*/}: hotplug-status '$(xenstore-read $be/hotplug-status 2>&1)', error '$(xenstore-read $be/hotplug-error 2>&1)'"
done
node=$(xenstore-read $bea/node 2>&1)
[ "$(loops_of "$img")" = "$node" ] && pass "xvda: node $node is the one loop device bound to $img" ||
    fail "xvda: node '$node', loop devices of $img: '$(loops_of "$img")'"
[ "$(xenstore-read $bea/physical-device 2>&1)" = "$(mm_of "$node")" ] &&
    pass "xvda: physical-device $(mm_of "$node") ($node)" ||
    fail "xvda: physical-device '$(xenstore-read $bea/physical-device 2>&1)', $node is $(mm_of "$node")"
[ "$(cat "/sys/block/${node#/dev/}/ro")" = 0 ] && pass "xvda: $node read-write" || fail "xvda: $node read-only"
[ "$(xenstore-read $beb/physical-device 2>&1)" = "$(mm_of "$phy")" ] &&
    [ "$(xenstore-read $beb/physical-device-path 2>&1)" = "$phy" ] &&
    pass "xvdb: physical-device $(mm_of "$phy"), path $phy" ||
    fail "xvdb: physical-device '$(xenstore-read $beb/physical-device 2>&1)' path '$(xenstore-read $beb/physical-device-path 2>&1)', $phy is $(mm_of "$phy")"
xenstore-read $beb/node >/dev/null 2>&1 && fail "xvdb: a block device got a node" || pass "xvdb: no node"

wait_marker "$name" 180
expect_marker guest_type=PV
case ",$(marker_get blk)," in *,xvda,*xvdb,*|*,xvdb,*xvda,*) pass "guest sees xvda and xvdb" ;;
    *) fail "guest does not see both disks: $MARKER" ;; esac

# ---- block-attach / block-detach of a file, read-only
t0=$(t_now)
must xyl block-attach "$name" "{target: $img3, vdev: xvdc, access: ro}"
timing block_attach "$(t_since "$t0")"
bec=/local/domain/0/backend/vbd/$domid/51744
be_connected $bec xvdc
node3=$(xenstore-read $bec/node 2>&1)
[ "$(loops_of "$img3")" = "$node3" ] && [ "$(cat "/sys/block/${node3#/dev/}/ro")" = 1 ] &&
    pass "xvdc: node $node3, bound to $img3, read-only" ||
    fail "xvdc: node '$node3', loop devices of $img3: '$(loops_of "$img3")'"
wait_until 30 sees blk xvdc && pass "guest sees xvdc" || fail "guest has no xvdc 30 s after block-attach: $STATE"
must xyl block-detach "$name" xvdc
wait_for 20 no_loop "$img3" && pass "block-detach freed $node3" || fail "loop devices of $img3 left: $(loops_of "$img3")"

must xyl destroy "$name"
expect_gone "$name" 20
wait_for 20 no_loop "$img" && pass "destroy freed $node (xvda)" || fail "loop devices of $img left: $(loops_of "$img")"
[ "$(loops_of "$phyimg")" = "$phy" ] && pass "the scenario's own $phy (xvdb) left bound" ||
    fail "$phy: loop devices of $phyimg now '$(loops_of "$phyimg")'"
losetup -d "$phy" && phy=
rm -f $img $img3 $phyimg
expect_only_dom0
