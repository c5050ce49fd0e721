# An HVM guest with firmware: ovmf (issue 15): Debian's OVMF
# (/usr/share/ovmf/OVMF.fd of the ovmf package, which libxl hands to
# hvmloader) boots the lab's EFI disk (lib/installer-iso.sh: an EFI system
# partition with GRUB for x86_64-efi as \EFI\BOOT\BOOTX64.EFI, the lab
# kernel and initramfs; no BIOS boot code on it). The marker's tag ovmf is
# only in that disk's grub.cfg, and hvmloader says in Xen's log that it
# loaded OVMF. host-check must see the firmware file. 512 MiB: GRUB 2.06's
# EFI loader ran out of memory loading the kernel with 256 MiB (tried under
# plain QEMU with the same OVMF and disk), and booted with 512.
# Run by `make lab-ovmf` under the lab's patched QEMU (tests/lab/qemu/):
# Debian's QEMU 7.2 as the lab's L0 aborts on OVMF's CR8 writes in nested SVM.
# lab: iso=1 retry=1 timeout=900
name=hvm-ovmf
cfg=$LAB_TMP/$name.yaml
serial=$CONSOLE_LOGS/guest-$name-serial.log
images=/var/lib/xen/images

run xyl host-check
grep 'firmware:ovmf' "$LAB_TMP/out" | grep -q 'OK' &&
    pass "host-check: $(grep 'firmware:ovmf' "$LAB_TMP/out" | tr -s ' ')" ||
    fail "host-check does not find OVMF: $(grep 'firmware:ovmf' "$LAB_TMP/out")"

cp /var/lib/xyl/iso/efi-disk.img $images/$name.img || fail "no EFI disk in dom0 (iso=1 layer)"
cat > "$cfg" <<YAML
name: $name
type: hvm
memory: 512M
vcpus: 1
firmware: ovmf
disks:
  - { target: $name.img, vdev: hda }
hvm:
  vnc: false
  vga: none
  serial: file:$serial
on_poweroff: destroy
on_reboot: destroy
on_crash: destroy
YAML
must xyl validate "$cfg"
xyl_create "$cfg"
wait_marker $name 840
domid=$CREATED_DOMID    # after wait_marker: a boot retried after a triple fault has a new one
expect_marker tag=ovmf
expect_marker guest_type=HVM
grep -a -q 'xyl lab: GRUB for x86_64-efi' "$serial" &&
    pass "the EFI disk's GRUB ran (x86_64-efi)" || fail "no line from the EFI disk's GRUB in $serial"
xl dmesg | grep "(d$domid) " | grep -m 3 'OVMF'
xl dmesg | grep "(d$domid) " | grep -q 'Loading OVMF' &&
    pass "hvmloader loaded OVMF for d$domid" || fail "Xen's log has no OVMF line from hvmloader for d$domid"
# the lab's HVM guest powers off after its marker (on_poweroff: destroy)
expect_gone $name 120
rm -f $images/$name.img
expect_only_dom0
