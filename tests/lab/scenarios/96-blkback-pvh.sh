# A PVH guest with two xyl-blkback disks (configs/pvh-xyl-disks.yaml): xvdb
# read-write (the guest writes and reads back a pattern), xvdc read-only
# (published as such). Emulator triple faults: see
# tests/lab/README.md.
# lab: retry=2 timeout=240
cfg=/etc/xyl/configs/pvh-xyl-disks.yaml
name=$(cfg_name $cfg)
data=/var/lib/xen/images/pvh-xyl-data.img
ro=/var/lib/xen/images/pvh-xyl-ro.img
root=/local/domain/0/backend/xyl-vbd
want=$(yes xyl-lab-block-pattern | head -c 4194304 | sha256sum | cut -c1-16)

must dd if=/dev/zero of=$data bs=1M count=8
must dd if=/dev/zero of=$ro bs=1M count=4
ro_sum=$(sha256sum < $ro | cut -c1-16)
xyl_create $cfg
wait_marker "$name" 180
domid=$(xyl_domid "$name")   # after a boot retry it is a new one
[ -n "$domid" ] || fail "xyl list does not show $name after the create"
expect_marker guest_type=PVH
case ",$(marker_get blk)," in *,xvdb,*xvdc,*) pass "guest sees xvdb and xvdc" ;; *) fail "disks missing: $MARKER" ;; esac
expect_marker blkw=$want
expect_marker blkr=$want
c=$root/$domid/51744     # xvdc
[ "$(xenstore-read $c/mode)" = r ] && [ "$(xenstore-read $c/info)" = 4 ] &&
    pass "xvdc published read-only (mode r, info VDISK_READONLY)" || fail "xvdc is not read-only"
[ "$(xenstore-read $c/state)" = 4 ] && pass "xvdc connected" || fail "xvdc state $(xenstore-read $c/state 2>&1)"
must xyl destroy "$name"
expect_gone "$name" 20
[ -z "$(xenstore-ls $root/$domid 2>/dev/null)" ] && pass "no xyl-vbd nodes left" ||
    fail "xyl-vbd nodes left for $domid"
[ "$(head -c 4194304 $data | sha256sum | cut -c1-16)" = "$want" ] && pass "data image holds the pattern" ||
    fail "data image checksum differs"
[ "$(sha256sum < $ro | cut -c1-16)" = "$ro_sum" ] && pass "read-only image unchanged" ||
    fail "read-only image changed"
expect_only_dom0
