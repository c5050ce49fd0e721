# Disk images (issue 5): a disk with 'size' and a relative target gets a
# sparse raw image in the images folder of the host configuration; a failed
# create removes the image it made; an existing image is never touched;
# destroy keeps images unless --delete-disks, which deletes the guest's
# read-write image files and says so.
# lab: timeout=240
dir=/var/lib/xen/images/lab-images
mkdir -p $dir
printf 'images: %s\n' "$dir" > "$LAB_TMP/xyl.yaml"
export XYL_CONFIG=$LAB_TMP/xyl.yaml
guest() {   # guest NAME KERNEL: a PV guest with a 16M disk NAME.img to be made
    cat <<YAML
name: $1
type: pv
memory: 128M
kernel: $2
ramdisk: /var/lib/xyl/boot/initrd.img
cmdline: console=hvc0 xyl_lab=pvdev
disks:
  - { target: $1.img, vdev: xvda, size: 16M, backend: phy }
on_poweroff: destroy
YAML
}

# -N: says what it would create, creates nothing
guest img1 /var/lib/xyl/boot/vmlinux > "$LAB_TMP/img1.yaml"
must xyl -N create "$LAB_TMP/img1.yaml"
grep -q "would create $dir/img1.img (raw, sparse, 16M)" "$LAB_TMP/out" && [ ! -e $dir/img1.img ] &&
    pass "-N create says it would create the image and creates nothing" ||
    fail "-N create: $(tail -2 "$LAB_TMP/out" | tr '\n' ' ')"

# create: the image appears, sparse, and the guest sees it
xyl_create "$LAB_TMP/img1.yaml"
grep -q "created $dir/img1.img (raw, sparse, 16M)" "$LAB_TMP/out" || fail "create did not say it made the image"
[ "$(stat -c %s $dir/img1.img)" = 16777216 ] && [ "$(stat -c %b $dir/img1.img)" -lt 64 ] &&
    pass "img1.img: 16M, sparse ($(stat -c %b $dir/img1.img) blocks)" || fail "img1.img: $(ls -ls $dir)"
wait_marker img1 120
case ",$(marker_get blk)," in *,xvda,*) pass "guest sees its new disk xvda" ;; *) fail "no xvda: $MARKER" ;; esac

# destroy without --delete-disks keeps it; the next create reuses it untouched
echo keep-me | dd of=$dir/img1.img conv=notrunc 2>/dev/null
must xyl destroy img1
expect_gone img1 20
[ -f $dir/img1.img ] && pass "destroy keeps the image" || fail "destroy removed img1.img"
xyl_create "$LAB_TMP/img1.yaml"
! grep -q "created $dir" "$LAB_TMP/out" && [ "$(head -c 7 $dir/img1.img)" = keep-me ] &&
    pass "an existing image is used as it is" || fail "existing image touched: $(head -c 16 $dir/img1.img | od -c | head -2)"

# destroy --delete-disks: deletes the read-write image, says so
must xyl destroy --delete-disks img1
grep -q "deleted $dir/img1.img" "$LAB_TMP/out" && [ ! -e $dir/img1.img ] &&
    pass "destroy --delete-disks deleted img1.img" || fail "--delete-disks: $(cat "$LAB_TMP/out" | tr '\n' ' '); $(ls $dir)"
expect_gone img1 20

# a create that fails in libxl (no such kernel) removes the image it made
guest img2 /nonexistent/vmlinux > "$LAB_TMP/img2.yaml"
run xyl create "$LAB_TMP/img2.yaml"
[ "$RC" = 1 ] && grep -q "removed $dir/img2.img (created by this run)" "$LAB_TMP/out" && [ ! -e $dir/img2.img ] &&
    pass "a failed create removes the image it created" || fail "failed create left: $(ls $dir) (exit $RC)"
expect_only_dom0
rmdir $dir
