# A PV guest with a disk (blkback on a raw image) and a bridged NIC, plus
# xenstore keys from its definition (configs/pv-disk-net.yaml).
# lab: timeout=240
cfg=/etc/xyl/configs/pv-disk-net.yaml
name=$(cfg_name $cfg)
img=/var/lib/xen/images/pv-disk-net.img

must dd if=/dev/zero of=$img bs=1M count=16
xyl_create $cfg
domid=$(xyl_domid "$name")
[ -n "$domid" ] || fail "xyl list does not show $name after the create"

# the keys the definition asks for, under the guest's data/ directory
must xenstore-ls "/local/domain/$domid/data"
for kv in role=lab-disk-net owner/team=infra; do
    v=$(xenstore-read "/local/domain/$domid/data/${kv%%=*}" 2>&1)
    [ "$v" = "${kv#*=}" ] && pass "xenstore data/${kv%%=*} = $v" ||
        fail "xenstore-read /local/domain/$domid/data/${kv%%=*} gave '$v', want '${kv#*=}'"
done

wait_marker "$name" 180
expect_marker guest_type=PV
case ",$(marker_get blk)," in *,xvda,*) pass "guest sees xvda" ;; *) fail "no xvda: $MARKER" ;; esac
case ",$(marker_get net)," in *,eth0,*) pass "guest sees eth0" ;; *) fail "no eth0: $MARKER" ;; esac
# informational: the guest reading its own data/role over xenbus
marker_has xs=lab-disk-net && pass "guest reads its own data/role" ||
    lab_msg "NOTE $LAB_SCENARIO guest could not read its data/role ($(marker_get xs))"
must xenstore-ls "/local/domain/0/backend/vbd/$domid"

must xyl destroy "$name"
expect_gone "$name" 20
expect_only_dom0
