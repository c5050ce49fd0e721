# configs/real-host/pvh-grub.yaml with only its disk's path changed: the
# Debian image as a PVH guest booted by GRUB for PVH (firmware: pvgrub64 is
# grub-xen-host's grub-i386-xen_pvh.bin), the raw file served by kernel
# blkback through a loop device (libxl's block script).  Then xyl shutdown,
# on_poweroff: destroy, fsck clean.  Beside its path, what the lab's nested
# SVM under TCG needs (issue 20, see real.sh's REAL_SVM_SED): one vCPU and
# on_reboot: destroy.  `make lab-real` runs it on a lab machine with one
# emulated CPU: on two its boots triple-faulted in 5 of 7 (2026-12-06), on
# one it passed on its first boot (marker 403 s).  The limit leaves room for
# one boot again after a triple fault.
# lab: timeout=1500 real-guest
. /lab/real.sh
real_setup
real_example_up pvh-grub "s|target: app.img|target: $REAL_RAW|;$REAL_SVM_SED" PVH
real_root_backend "$REAL_NAME" vbd "kernel blkback (libxl's block script, a loop device over the raw file)"
real_shutdown "$REAL_NAME"
real_fsck_raw $REAL_RAW
expect_only_dom0
