# configs/real-host/pvh-grub.yaml with only its disk's path changed: the
# Debian image as a PVH guest booted by GRUB for PVH (firmware: pvgrub64 is
# grub-xen-host's grub-i386-xen_pvh.bin), the raw file served by kernel
# blkback through a loop device (libxl's block script).  Then xyl shutdown,
# on_poweroff: destroy, fsck clean.
# lab: timeout=900 real-guest
. /lab/real.sh
real_setup
real_example_up pvh-grub "s|target: app.img|target: $REAL_RAW|" PVH
real_shutdown "$REAL_NAME"
real_fsck_raw $REAL_RAW
expect_only_dom0
