# plan and apply see `backend: xyl` disks (issue 14): a guest from the demo's
# web.yaml is applied, an xyl disk added to its file is planned as an update
# in place ("+xyl disk xvdb") and hot-plugged by apply, a second plan has no
# changes, removing it is "-xyl disk xvdb"; destroy --delete-disks deletes
# the guest's own xyl disk image.  The monitor's restart (on_reboot:
# restart) keeps the xyl disk apply hot-plugged and an xyl NIC hot-plugged
# by hand, which the guest was not created with; a rename-restart with a
# read-write xyl disk starts the new domain on the image the old one (kept,
# renamed) still holds, and the data is there.  A raised size: grows an
# xyl disk and a kernel-blkback disk of the running guest, which sees both.
# lab: timeout=600
D=$LAB_TMP/xg
img=/var/lib/xen/images/xg-data.img
rm -rf "$D" "$img"
mkdir -p "$D"

expect_rc() {
    want=$1; shift
    run "$@"
    [ "$RC" = "$want" ] && pass "'$*' exited $want" || fail "'$*' exited $RC, want $want"
}
out_has() { grep -q -- "$1" "$LAB_TMP/out" && pass "output has '$1'" || fail "output lacks '$1'"; }

sed -e 's/^name:.*/name: xg/' -e 's/xyl_lab=web/xyl_lab=xg/' -e 's/role: web/role: xg/' \
    -e 's/^on_reboot:.*/on_reboot: restart/' -e 's/^cmdline:.*/& xyl_blkcmd=xvdb/' \
    /etc/xyl/configs/lab-demo/web.yaml > "$D/xg.yaml"
expect_rc 0 xyl apply "$D"
out_has "xg created"
id=$(xyl_domid xg)
[ -n "$id" ] || fail "xg did not start"

# ---- an xyl disk added: an update in place, hot-plugged
must dd if=/dev/zero of="$img" bs=1M count=16
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl }\n' "$img" >> "$D/xg.yaml"
expect_rc 2 xyl plan "$D"
out_has "~ update xg"
out_has "+xyl disk xvdb"
expect_rc 0 xyl apply "$D"
out_has "xg updated in place"
[ "$(xyl_domid xg)" = "$id" ] && pass "xg kept its domain $id" || fail "xg was recreated"
xenstore-ls /local/domain/0/backend/xyl-vbd/$id 2>/dev/null | grep -q "params = \"$img\"" &&
    pass "xyl-vbd backend for $img" || fail "no xyl-vbd backend node for $img"
expect_rc 0 xyl plan "$D"
out_has "unchanged xg"
# ---- list --all: xg unchanged, a defined guest that does not run shut off
sed -e 's/^name:.*/name: xoff/' -e 's/xyl_lab=xg/xyl_lab=xoff/' -e '/^disks:/,$d' "$D/xg.yaml" > "$D/xoff.yaml"
must xyl list --all "$D"
grep -q "^xg  .* unchanged$" "$LAB_TMP/out" && pass "list --all: xg unchanged" || fail "list --all: no 'unchanged' row for xg"
grep -q "^xoff  .* -  *shut off$" "$LAB_TMP/out" && pass "list --all: xoff shut off" || fail "list --all: no 'shut off' row for xoff"
must xyl list --all "$D" --json
grep -A1 '"name": "xoff"' "$LAB_TMP/out" | grep -q '"domid": null' && pass "list --all --json: xoff without a domid" ||
    fail "list --all --json lacks xoff"
rm -f "$D/xoff.yaml"
run xyl state
grep -q '"xyl_disks"' "$LAB_TMP/out" && grep -q "$img" "$LAB_TMP/out" &&
    pass "xyl state lists the xyl disk" || fail "xyl state lacks the xyl disk"

# ---- the monitor's restart keeps the xyl devices xg has now: the disk
# apply hot-plugged and a NIC hot-plugged here (xg was created with neither)
must xyl network-attach xg "{backend: xyl, bridge: xenbr0}"
nic=$(xenstore-list /local/domain/0/backend/xyl-vif/$id 2>/dev/null | head -n 1)
[ -n "$nic" ] && pass "xyl NIC $nic hot-plugged" || fail "no xyl NIC after network-attach"
rm -f "$CONSOLE_LOGS/guest-xg.log"
must xyl reboot xg
# (not n: wait_for counts in it)
new_domid() { nd=$(xyl_domid xg); [ -n "$nd" ] && [ "$nd" != "$id" ]; }
wait_for 60 new_domid || fail "no new domid 60 s after xyl reboot of xg"
pass "xg restarted by its monitor: domid $id -> $nd"
wait_marker xg 150
n=$(xyl_domid xg)
[ "$(xenstore-read /local/domain/0/backend/xyl-vbd/$n/51728/params 2>/dev/null)" = "$img" ] &&
    pass "the restarted xg has the hot-plugged xyl disk" || fail "the restart lost the xyl disk"
xenstore-read /local/domain/0/backend/xyl-vif/$n/$nic/mac >/dev/null 2>&1 &&
    pass "the restarted xg has the hot-plugged xyl NIC $nic" || fail "the restart lost the xyl NIC"
case ",$(marker_get blk)," in *,xvdb,*) pass "the rebooted guest sees xvdb" ;; *) fail "no xvdb after the restart: $MARKER" ;; esac
case ",$(marker_get net)," in *,eth$nic,*) pass "the rebooted guest sees eth$nic" ;; *) fail "no eth$nic after the restart: $MARKER" ;; esac

# ---- online growth (size: raised, issue 14): xvdb through xyl-blkback,
# xvdc (a libxl disk added now: the kernel's blkback on a loop device);
# updates in place, and the running guest sees the new sizes
cimg=/var/lib/xen/images/xg-c.img
must dd if=/dev/zero of="$cimg" bs=1M count=16
sed -i '/^disks:/,$d' "$D/xg.yaml"
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl, size: 32M }\n  - { target: %s, vdev: xvdc, size: 16M }\n' \
    "$img" "$cimg" >> "$D/xg.yaml"
expect_rc 2 xyl plan "$D"
out_has "disk xvdb 16→32 MiB (grown online)"
out_has "+disk xvdc"
grep -q "^-/+ recreate" "$LAB_TMP/out" && fail "growing a disk is planned as a recreate"
expect_rc 0 xyl apply "$D"
out_has "disk xvdb grown to 32M"
[ "$(xyl_domid xg)" = "$n" ] && pass "xg kept its domain $n" || fail "xg was recreated for the growth"
BLK_PREV=
blk_sizes xg "xvdb:65536,xvdc:32768" ga gb gc gd ge gf
sed -i 's/vdev: xvdc, size: 16M/vdev: xvdc, size: 8M/' "$D/xg.yaml"
expect_rc 1 xyl plan "$D"
out_has "xyl does not shrink"
sed -i 's/vdev: xvdc, size: 8M/vdev: xvdc, size: 32M/' "$D/xg.yaml"
expect_rc 2 xyl plan "$D"
out_has "disk xvdc 16→32 MiB (grown online)"
expect_rc 0 xyl apply "$D"
out_has "disk xvdc grown to 32M"
blk_sizes xg "xvdb:65536,xvdc:65536" gg gh gi gj gk gl

# ---- removed from the file: an update in place again
sed -i '/^disks:/,$d' "$D/xg.yaml"
expect_rc 2 xyl plan "$D"
out_has "-xyl disk xvdb"
expect_rc 0 xyl apply "$D"
out_has "xg updated in place"
expect_rc 0 xyl plan "$D"

# ---- destroy --delete-disks deletes the guest's own xyl disk
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl }\n' "$img" >> "$D/xg.yaml"
must xyl apply "$D"
expect_rc 0 xyl destroy --delete-disks xg
out_has "deleted $img"
[ ! -e "$img" ] && pass "the xyl disk image is deleted" || fail "$img is still there"

# ---- rename-restart with a read-write xyl disk: the new domain takes the
# image over from the old one, which stays (renamed, shut down) holding it
rimg=/var/lib/xen/images/xr.img
must dd if=/dev/zero of="$rimg" bs=1M count=8
sed -e 's/^name:.*/name: xr/' -e 's/^memory:.*/memory: 128M/' \
    -e 's/^cmdline:.*/& xyl_lab_stay=1 xyl_blkcmd=xvdb/' \
    -e 's/^on_reboot:.*/on_reboot: rename-restart/' /etc/xyl/configs/pv.yaml > "$LAB_TMP/xr.yaml"
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl }\n' "$rimg" >> "$LAB_TMP/xr.yaml"
xyl_create "$LAB_TMP/xr.yaml"
wait_marker xr 150
r0=$(xyl_domid xr)
blk_write xr first ""
rm -f "$CONSOLE_LOGS/guest-xr.log"
must xyl reboot xr
xr_new() { r1=$(xyl_domid xr); [ -n "$r1" ] && [ "$r1" != "$r0" ]; }
wait_for 60 xr_new || { tail -n 5 /var/log/xen/xyl-xr.log; fail "no new xr 60 s after the reboot"; }
[ -n "$(xyl_domid "xr--$r0")" ] && pass "rename-restart: xr--$r0 kept, xr is domid $r1" ||
    fail "the old domain was not kept as xr--$r0"
wait_marker xr 150
blk_write xr second first
must xyl destroy xr
must xyl destroy "xr--$r0"
[ "$(blk_image_sum "$rimg")" = "$(blk_sum second)" ] && pass "the image holds the new domain's write" ||
    fail "the new domain's write is not in the image"
rm -f "$rimg" "$cimg"
expect_only_dom0
