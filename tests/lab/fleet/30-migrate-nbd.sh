# Cross-host migration of a PV guest whose disk both hosts see (make
# lab-fleet, issue 17): fleet-a exports an image with Debian's nbd-server,
# both dom0s attach it with nbd-client as /dev/nbd0, and the guest's xvdb is
# /dev/nbd0 (the kernel's blkback).  The guest writes a tagged MiB on it
# before each move (xyl_blkcmd=xvdb, lib.sh's blk_write) and must find the
# previous tag after it: on fleet-b what it wrote on fleet-a, back on
# fleet-a what it wrote on fleet-b; the image holds the last write.
# lab: timeout=900
. /lab/fleet.sh
fleet_begin
name=fl-nbd
img=/var/lib/xen/images/fl-shared.img
dev=/dev/nbd0
cfg=$LAB_TMP/$name.yaml

# on the peer: blk_write NAME TAG BEFORE there (its PASS/FAIL lines come back here)
peer_blk_write() {
    ssh $FLEET_PEER "export LAB_SCENARIO=$LAB_SCENARIO; . /lab/lib.sh; blk_write $1 $2 $3" ||
        fail "$1 on $FLEET_PEER: the write of $2 failed"
}
# every exit: the nbd devices let go, the server stopped
nbd_down() {
    ssh $FLEET_PEER nbd-client -d $dev 2>/dev/null
    nbd-client -d $dev 2>/dev/null
    [ -s $LAB_TMP/nbd.pid ] && kill "$(cat $LAB_TMP/nbd.pid)" 2>/dev/null
    fleet_end
}
trap nbd_down EXIT

must dd if=/dev/zero of=$img bs=1M count=16
printf '[generic]\n[fleet]\n    exportname = %s\n' $img > $LAB_TMP/nbd.conf
must nbd-server -C $LAB_TMP/nbd.conf -p $LAB_TMP/nbd.pid
must nbd-client $FLEET_IP $dev -N fleet
fleet_must nbd-client $FLEET_IP $dev -N fleet
pass "both dom0s have fleet-a's export as $dev (nbd-server, nbd-client)"

sed -e "s/^name:.*/name: $name/" -e 's/^memory:.*/memory: 128M/' \
    -e 's/^cmdline:.*/& xyl_lab_stay=1 xyl_blkcmd=xvdb/' /etc/xyl/configs/pv.yaml > "$cfg"
printf 'disks:\n  - { target: %s, vdev: xvdb }\n' $dev >> "$cfg"
must xyl validate "$cfg"
xyl_create "$cfg"
wait_marker "$name" 180
blk_write "$name" one ""

t0=$(t_now)
fleet_long_must xyl migrate "$name" $FLEET_PEER
timing migrate "$(t_since "$t0")"
expect_gone "$name" 10
d1=$(fleet_peer_domid "$name")
[ -n "$d1" ] && pass "xyl list on fleet-b shows $name (domain $d1)" || fail "$name is not on fleet-b"
peer_blk_write "$name" two one
fleet_alive peer "$name" 112 "the migration to fleet-b"

t0=$(t_now)
fleet_long_must ssh $FLEET_PEER xyl migrate "$name" $FLEET_SELF
timing migrate_back "$(t_since "$t0")"
[ -n "$(xyl_domid "$name")" ] && pass "$name is back on fleet-a" || fail "$name is not back on fleet-a"
[ -z "$(fleet_peer_domid "$name")" ] && pass "and gone from fleet-b" || fail "$name still listed on fleet-b"
blk_write "$name" three two

must xyl destroy "$name"
expect_gone "$name" 20
fleet_must nbd-client -d $dev
must nbd-client -d $dev
[ "$(blk_image_sum $img)" = "$(blk_sum three)" ] && pass "the exported image holds the guest's last write" ||
    fail "the image lacks the guest's last write"
rm -f $img
expect_only_dom0
