# configs/real-host/hvm-installer.yaml with only its paths changed: the
# netinst ISO is the lab's installer CD (lib/installer-iso.sh: isolinux, a
# busybox installer that partitions the disk, makes ext2 and installs
# extlinux with the lab kernel; Debian's netinst needs a network mirror and
# hours under TCG), and the serial line (the example has none: its installer
# is watched over VNC) goes to a file the lab reads.  xyl makes the 20G
# qcow2 at the create, qemu-xen serves it and the CD; the installer
# partitions xvda (the PV path, pv_drivers: true) or sda; then xyl
# cd-eject, the installer reboots, the monitor restarts the guest
# (on_reboot: restart, kept) and it boots from its own disk.  Beside that,
# what the lab's nested SVM under TCG needs: one vCPU (real.sh's
# REAL_SVM_SED without its on_reboot line: the install needs its reboot).
# lab: iso=1 timeout=1500 real-guest
. /lab/real.sh
real_setup
images=/var/lib/xen/images
serial=$CONSOLE_LOGS/guest-installer-serial.log
rm -f $images/installer.qcow2
T0=$(t_now)
cfg=$(real_example hvm-installer \
    "s|target: debian-12-amd64-netinst.iso|target: /var/lib/xyl/iso/installer.iso|;s|^hvm:\$|hvm:\\n  serial: file:$serial|;s|^vcpus: 2\$|vcpus: 1|")
xyl_create "$cfg"
[ -f $images/installer.qcow2 ] && head -c 4 $images/installer.qcow2 | grep -q QFI &&
    pass "xyl made installer.qcow2 (qcow2, $(qemu-img info -U $images/installer.qcow2 | grep 'virtual size'))" ||
    fail "no qcow2 image $images/installer.qcow2"
serial_wait "$serial" installer '@@INSTALL begin' 900
timing installer-boot "$(t_since "$T0")"
grep -a '@@INSTALL' "$serial"
must xyl vnc installer
grep -q 'VNC on 127.0.0.1 port 5901' "$LAB_TMP/out" && pass "xyl vnc: 127.0.0.1 port 5901 (display 1), as the example says" ||
    fail "xyl vnc said: $(head -3 "$LAB_TMP/out" | tr '\n' ' ')"
serial_wait "$serial" installer '@@INSTALL done' 900
timing install "$(t_since "$T0")"
grep -a '@@INSTALL' "$serial"
eject_reboot "$serial" installer hdc
timing total "$(t_since "$T0")"
# the installed system powers off after its marker (on_poweroff: destroy)
expect_gone installer 120
must rm -f $images/installer.qcow2
expect_only_dom0
