# cd-eject / cd-insert on an HVM guest (configs/hvm.yaml plus a disk hda and
# a CD-ROM drive hdc holding an image), created paused: QEMU runs and owns
# the drive, so the medium can change without waiting for the slow HVM boot
# under TCG. Refused: a missing image, a drive the guest lacks, a disk that
# is no CD-ROM. A PV guest with a CD-ROM (read through blkfront, device-type
# cdrom, read-only) whose medium cannot change. (A drive that is empty at create is not used:
# Debian's qemu-xen 7.2 fails to set up its qdisk backend and then segfaults
# on the first insert, with xl cd-insert just the same.)
# An HVM guest, created paused (no boot): no retry (issue 20).
# lab: timeout=240
name=cd-hvm
cfg=$LAB_TMP/$name.yaml
iso=/var/lib/xen/images/cd-hvm-1.iso
iso2=/var/lib/xen/images/cd-hvm-2.iso
img=/var/lib/xen/images/cd-hvm.img

# medium: what block-list --json says hdc holds
medium() { xyl block-list "$name" --json | awk '/"vdev": "hdc"/ {f=1} f && /"target"/ {print; exit}' | cut -d'"' -f4; }
qemu_alive() { p=$(xenstore-read "/local/domain/$domid/image/device-model-pid" 2>/dev/null) && kill -0 "$p" 2>/dev/null; }

sed -e "s/^name:.*/name: $name/" -e "s/guest-hvm-direct-serial/guest-$name-serial/" \
    /etc/xyl/configs/hvm.yaml > "$cfg"
cat >> "$cfg" <<YAML
disks:
  - { target: $img, vdev: hda }
  - { target: $iso, vdev: hdc, cdrom: true }
YAML
for f in $iso $iso2 $img; do must dd if=/dev/zero of=$f bs=1M count=2; done
T_CREATE=$(t_now)
must xyl create -p "$cfg"
timing create "$(t_since "$T_CREATE")"
domid=$(xyl_domid "$name")
[ -n "$domid" ] || fail "$name is not listed after create -p"
must xyl block-list "$name" --json
grep -q '"vdev": "hdc"' "$LAB_TMP/out" && grep -q '"cdrom": true' "$LAB_TMP/out" &&
    pass "block-list --json: CD-ROM drive hdc" || fail "block-list --json lacks the CD-ROM hdc"
[ "$(medium)" = "$iso" ] && pass "hdc holds $iso" || fail "hdc holds '$(medium)', want $iso"

t0=$(t_now)
must xyl cd-eject "$name" hdc
timing cd_eject "$(t_since "$t0")"
[ "$(medium)" = "" ] && pass "hdc is empty after cd-eject" || fail "hdc holds '$(medium)' after cd-eject"
t0=$(t_now)
must xyl cd-insert "$name" hdc "$iso2"
timing cd_insert "$(t_since "$t0")"
[ "$(medium)" = "$iso2" ] && pass "hdc holds $iso2 after cd-insert" || fail "hdc holds '$(medium)', want $iso2"
must xyl cd-insert "$name" hdc "$iso"
[ "$(medium)" = "$iso" ] && pass "cd-insert over a medium swaps it: hdc holds $iso" ||
    fail "hdc holds '$(medium)', want $iso"
qemu_alive && pass "the device model is still running" || fail "qemu-dm for $name is gone"

expect_refused xyl cd-insert "$name" hdc /var/lib/xen/images/missing.iso
expect_refused xyl cd-insert "$name" hdd "$iso"
expect_refused xyl cd-insert "$name" hda "$iso"
[ "$(medium)" = "$iso" ] && pass "the refusals left hdc as it was" || fail "hdc holds '$(medium)' after the refusals"

must xyl destroy "$name"
expect_gone "$name"

# a PV guest reads a CD-ROM through blkfront (issue 13: pygrub installers
# use one): the vbd says device-type cdrom and mode r; its medium cannot
# change, there being no device model
pvname=cd-pv
pvcfg=$LAB_TMP/$pvname.yaml
sed -e "s/^name:.*/name: $pvname/" /etc/xyl/configs/pv.yaml > "$pvcfg"
cat >> "$pvcfg" <<YAML
disks:
  - { target: $iso, vdev: xvdc, cdrom: true }
YAML
must xyl create -p "$pvcfg"
pvdomid=$(xyl_domid "$pvname")
[ -n "$pvdomid" ] || fail "$pvname is not listed after create -p"
be=$(xenstore-read "/local/domain/$pvdomid/device/vbd/51744/backend" 2>/dev/null) ||
    fail "$pvname has no vbd 51744 (xvdc) frontend"
[ "$(xenstore-read "$be/device-type" 2>/dev/null)" = cdrom ] &&
    pass "PV guest: xvdc's backend says device-type cdrom" ||
    fail "PV guest: $be/device-type is '$(xenstore-read "$be/device-type" 2>/dev/null)', want cdrom"
[ "$(xenstore-read "$be/mode" 2>/dev/null)" = r ] &&
    pass "PV guest: the CD-ROM is read-only" ||
    fail "PV guest: $be/mode is '$(xenstore-read "$be/mode" 2>/dev/null)', want r"
expect_refused xyl cd-eject "$pvname" xvdc
must xyl destroy "$pvname"
expect_gone "$pvname"
expect_only_dom0
rm -f $iso $iso2 $img
