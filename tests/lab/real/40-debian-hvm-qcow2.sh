# configs/real-host/hvm-cloud-init.yaml with only its paths changed (the
# cloud image is the lab's qcow2 image, the serial line goes to a file the
# lab reads): the Debian image as an HVM guest booted from its disk (SeaBIOS,
# GRUB's boot sector), qcow2 served by qemu-xen (qdisk, PV drivers),
# cloud-init's seed on a CD.  Then xyl shutdown, on_poweroff: destroy, and
# the qcow2 checked (qemu-img check, e2fsck of its root).  Beside its paths,
# what the lab's nested SVM under TCG needs (issue 20, see real.sh's
# REAL_SVM_SED): one vCPU and on_reboot: destroy.
# lab: timeout=1500 real-guest
. /lab/real.sh
real_setup
REAL_BOOT_SECS=1100 real_example_up hvm-cloud-init \
    "s|target: cloud.qcow2|target: $REAL_QCOW2|;s|serial: pty|serial: file:/var/log/xen/console/guest-cloud-serial.log|;$REAL_SVM_SED" HVM
expect_marker hostname=$REAL_NAME
expect_marker users=admin
expect_marker keys=1
expect_marker cloud=done
real_shutdown "$REAL_NAME"
must qemu-img check "$REAL_QCOW2"
t0=$(t_now)
real_run_long qemu-img convert -O raw "$REAL_QCOW2" $REAL/images/check.raw || fail "qemu-img convert exited $RC"
timing convert "$(t_since "$t0")"
real_fsck_raw $REAL/images/check.raw
rm -f $REAL/images/check.raw
expect_only_dom0
