# Installing an HVM guest from a CD, as users do (issue 15): a qcow2 disk
# that xyl creates (size: 4G), the lab's installer CD (lib/installer-iso.sh:
# isolinux, a busybox installer that partitions the disk, makes ext2, copies
# a kernel and initramfs, installs extlinux), boot order cdrom then disk.
# The installer runs; meanwhile `xyl screenshot` takes its screen (a PNG,
# not blank, sent to the host beside the serial log) and `xyl vnc` shows the
# VNC server; when it is done, `xyl cd-eject` takes the CD out, the
# installer notices and reboots, xyl's monitor restarts the guest (on_reboot:
# restart) and it boots from its own disk: extlinux, the kernel, and the
# marker with xyl_lab=installed-disk, which only the disk's extlinux.conf says.
# Two HVM boots under TCG: minutes each, so `make lab-hvm`, not CI.
# lab: iso=1 timeout=1500
name=hvm-install
cfg=$LAB_TMP/$name.yaml
serial=$CONSOLE_LOGS/guest-$name-serial.log
shot=$LAB_TMP/install-screen.png
images=/var/lib/xen/images

# the installer CD in the images folder, where the relative target points
ln -f /var/lib/xyl/iso/installer.iso $images/installer.iso 2>/dev/null ||
    cp /var/lib/xyl/iso/installer.iso $images/installer.iso || fail "no installer ISO in dom0 (iso=1 layer)"
rm -f $images/$name.qcow2
cat > "$cfg" <<YAML
name: $name
type: hvm
memory: 256M
vcpus: 1
boot: [cdrom, disk]
disks:
  - { target: $name.qcow2, size: 4G, format: qcow2, vdev: hda }
  - { target: installer.iso, cdrom: true, vdev: hdc }
hvm:
  serial: file:$serial
  usbdevices: [tablet]
on_poweroff: destroy
on_reboot: restart
on_crash: destroy
YAML
must xyl validate "$cfg"

# wait_serial PATTERN SECS: serial_wait (lib.sh) on this guest's serial log
wait_serial() { serial_wait "$serial" $name "$@"; }

T0=$(t_now)
xyl_create "$cfg"
[ -f $images/$name.qcow2 ] && head -c 4 $images/$name.qcow2 | grep -q QFI &&
    pass "xyl made $name.qcow2 (qcow2)" || fail "no qcow2 image $images/$name.qcow2"
wait_serial '@@INSTALL begin' 900
timing installer-boot "$(t_since "$T0")"

# the screen while it installs
must xyl vnc $name
grep -q 'VNC on 127.0.0.1 port 59[0-9][0-9]' "$LAB_TMP/out" && grep -q 'ssh -L 59' "$LAB_TMP/out" &&
    pass "xyl vnc: loopback address, port and the ssh -L line" || fail "xyl vnc said: $(head -3 "$LAB_TMP/out" | tr '\n' ' ')"
must xyl vnc --json $name
grep -q '"local_only": true' "$LAB_TMP/out" && pass "xyl vnc --json" || fail "xyl vnc --json lacks local_only"
must xyl screenshot $name $shot
grep -q 'blank' "$LAB_TMP/out" && fail "the screenshot is blank: $(cat "$LAB_TMP/out")"
[ "$(head -c 8 $shot | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] &&
    pass "screenshot: a PNG, not blank ($(head -1 "$LAB_TMP/out"))" || fail "$shot is not a PNG"
sum=$(sha256sum < $shot)
run xyl screenshot $name $shot && fail "xyl screenshot overwrote $shot without -f"
[ "$(sha256sum < $shot)" = "$sum" ] && pass "no overwrite without -f" || fail "$shot changed without -f"
must xyl screenshot -f $name $shot
lab_file install-screen.png $shot

wait_serial '@@INSTALL done' 600
timing install "$(t_since "$T0")"
grep -a '@@INSTALL' "$serial"
eject_reboot "$serial" $name hdc
timing total "$(t_since "$T0")"
# the installed system powers off after its marker (on_poweroff: destroy)
expect_gone $name 60
must rm -f $images/$name.qcow2 $images/installer.iso
expect_only_dom0
