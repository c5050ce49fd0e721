# configs/real-host/pv-pygrub-lvm.yaml with only its volume's path changed:
# a loop device over the Debian image stands for the LVM volume.  pygrub
# (Debian's, run by libxl in dom0 with the python of real-disk.sh) reads the
# guest's /boot/grub/grub.cfg; kernel blkback serves the root.  Then xyl
# shutdown, on_poweroff: destroy, fsck clean.
# lab: timeout=900 real-guest
. /lab/real.sh
real_setup
loop=$(losetup -f) || fail "no free loop device"
must losetup "$loop" "$REAL_RAW"
real_example_up pv-pygrub-lvm "s|/dev/vg0/db-root|$loop|" PV
real_root_backend "$REAL_NAME" vbd "kernel blkback on $loop"
real_shutdown "$REAL_NAME"
# blkback lets go of the loop device a moment after the domain is gone
i=0; until losetup -d "$loop" 2>/dev/null || [ $i -ge 20 ]; do sleep 0.5; i=$((i + 1)); done
losetup "$loop" > /dev/null 2>&1 && fail "$loop still set up 10 s after the guest is gone"
real_fsck_raw $REAL_RAW
expect_only_dom0
