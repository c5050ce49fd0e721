# installer-iso.sh - the CD of the HVM install scenario (tests/lab/hvm/):
# a small bootable ISO made from Debian's packages (isolinux and
# syslinux-common for the CD's boot, extlinux for the disk's, xorriso to
# master it) holding the lab kernel, an installer initramfs (busybox,
# guest/installer-init, the IDE/CD/ext4/blkfront modules, extlinux) and
# what it installs (the lab's guest initramfs, syslinux's MBR code).
# Only runs whose scenarios say `iso=1` in their "# lab:" header get it,
# as one more dom0 layer with qemu-img (qcow2 disks), the HVM driver
# initramfs (the guest's, plus the emulated devices' drivers) and the EFI
# disk of the firmware: ovmf scenario beside it.

INSTALLER_ISO=$CACHE/installer.iso
DOM0_INSTALLER_LAYER=$CACHE/dom0-installer.cpio
# what the installer loads (with their dependencies, from modules.dep)
INSTALLER_MODULES="xen-blkfront ata_piix sr_mod sd_mod isofs crc32c_generic ext4"
ISOLINUX_BIN=/usr/lib/ISOLINUX/isolinux.bin
LDLINUX_C32=/usr/lib/syslinux/modules/bios/ldlinux.c32
EXTLINUX_MBR=/usr/lib/EXTLINUX/mbr.bin

# the host's tools for the CD, installed (as root) only for runs that need it
installer_host_deps() {
    local f missing=
    for f in "$ISOLINUX_BIN" "$LDLINUX_C32" "$EXTLINUX_MBR" /usr/bin/extlinux /usr/bin/xorriso \
             /usr/bin/qemu-img; do
        [ -e "$f" ] || missing=1
    done
    [ -z "$missing" ] && return 0
    [ "$(id -u)" = 0 ] && apt_install isolinux syslinux-common extlinux xorriso qemu-utils ||
        die "the installer CD needs isolinux syslinux-common extlinux xorriso qemu-utils (apt-get install them)"
}

build_installer_iso() {
    local key r=$CACHE/work/installer-root t=$CACHE/work/installer-tree
    installer_host_deps
    key=$(key_of "$LAB_DIR/guest/installer-init" "$LAB_DIR/lib/installer-iso.sh" "$GUEST_INITRD" \
                 "$VMLINUZ" "$ISOLINUX_BIN" "$LDLINUX_C32" "$EXTLINUX_MBR" /usr/bin/extlinux /bin/busybox)
    stamp_ok installer-iso "$key" && [ -s "$INSTALLER_ISO" ] && return 0
    log "building the installer ISO"
    rm -rf "$r" "$t"; busybox_root "$r"
    install -m 755 "$LAB_DIR/guest/installer-init" "$r/init"
    DOM0_MODULES=$INSTALLER_MODULES dom0_modules "$r"
    copy_elf "$r" /usr/bin/extlinux /usr/bin/extlinux
    mkdir -p "$t/isolinux" "$t/boot" "$t/install"
    mkcpio "$r" "$t/boot/installer.img" gzip
    cp "$VMLINUZ" "$t/boot/vmlinuz"
    cp "$GUEST_INITRD" "$t/install/initrd.img"
    cp "$EXTLINUX_MBR" "$t/install/mbr.bin"
    cp "$ISOLINUX_BIN" "$LDLINUX_C32" "$t/isolinux/"
    cat > "$t/isolinux/isolinux.cfg" <<'EOF'
DEFAULT install
PROMPT 0
TIMEOUT 0
LABEL install
  KERNEL /boot/vmlinuz
  APPEND initrd=/boot/installer.img console=tty0 console=ttyS0 nokaslr xyl_lab=installer
EOF
    xorriso -as mkisofs -quiet -o "$INSTALLER_ISO.tmp" -V XYL_INSTALL -R \
        -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
        -boot-info-table "$t" >&2 || die "xorriso could not make the installer ISO"
    mv "$INSTALLER_ISO.tmp" "$INSTALLER_ISO"
    stamp_set installer-iso "$key"
}

# the lab guest's initramfs with the emulated disk and NIC drivers and
# guest/drivers-init in front of its init (PV-on-HVM vs emulated devices)
HVM_DRIVERS_INITRD=$CACHE/hvm-drivers-initrd.img
build_hvm_drivers_initrd() {
    local key r=$CACHE/work/hvm-drivers-root
    key=$(key_of "$LAB_DIR/guest/drivers-init" "$LAB_DIR/lib/installer-iso.sh" "$GUEST_INITRD")
    stamp_ok hvm-drivers-initrd "$key" && [ -s "$HVM_DRIVERS_INITRD" ] && return 0
    log "building the HVM driver initramfs"
    rm -rf "$r"; mkdir -p "$r"
    (cd "$r" && gzip -dc "$GUEST_INITRD" | cpio -idm --quiet) || die "cannot unpack $GUEST_INITRD"
    mv "$r/init" "$r/init.guest"
    install -m 755 "$LAB_DIR/guest/drivers-init" "$r/init"
    DOM0_MODULES="xen-blkfront xen-netfront ata_piix sd_mod 8139cp 8139too e1000" dom0_modules "$r"
    mkcpio "$r" "$HVM_DRIVERS_INITRD" gzip
    stamp_set hvm-drivers-initrd "$key"
}

# the disk of the firmware: ovmf scenario: an MBR with one EFI system
# partition (FAT) holding the removable-media loader \EFI\BOOT\BOOTX64.EFI,
# a GRUB for x86_64-efi from Debian's grub-efi-amd64-bin (grub-mkstandalone,
# its grub.cfg inside), the lab kernel and guest initramfs. No BIOS boot
# code anywhere on it: only UEFI firmware can start it, and the marker's tag
# (xyl_lab=ovmf) is only in that grub.cfg.
EFI_DISK=$CACHE/efi-disk.img
GRUB_EFI_DIR=/usr/lib/grub/x86_64-efi
efi_host_deps() {
    local f missing=
    for f in "$GRUB_EFI_DIR/linux.mod" /usr/bin/grub-mkstandalone /usr/bin/mcopy /sbin/mkfs.fat /sbin/sfdisk; do
        [ -e "$f" ] || missing=1
    done
    [ -z "$missing" ] && return 0
    [ "$(id -u)" = 0 ] && apt_install grub-efi-amd64-bin grub-common mtools dosfstools fdisk ||
        die "the EFI disk needs grub-efi-amd64-bin grub-common mtools dosfstools fdisk (apt-get install them)"
}
build_efi_disk() {
    local key t=$CACHE/work/efi-disk mods="part_msdos fat search search_fs_file linux echo normal"
    efi_host_deps
    key=$(key_of "$LAB_DIR/lib/installer-iso.sh" "$VMLINUZ" "$GUEST_INITRD" "$GRUB_EFI_DIR/linux.mod" \
                 "$GRUB_EFI_DIR/kernel.img" /usr/bin/grub-mkstandalone)
    stamp_ok efi-disk "$key" && [ -s "$EFI_DISK" ] && return 0
    log "building the EFI disk (GRUB for x86_64-efi)"
    rm -rf "$t"; mkdir -p "$t"
    cat > "$t/grub.cfg" <<'EOF2'
set timeout=0
search --no-floppy --file --set=root /xyl-efi-disk
echo "xyl lab: GRUB for x86_64-efi, from the EFI system partition"
linux /vmlinuz console=ttyS0 nokaslr xyl_lab=ovmf
initrd /initrd.img
boot
EOF2
    grub-mkstandalone -O x86_64-efi -o "$t/BOOTX64.EFI" --modules="$mods" --install-modules="$mods" \
        --locales= --themes= --fonts= "boot/grub/grub.cfg=$t/grub.cfg" >&2 ||
        die "grub-mkstandalone could not make the EFI loader"
    echo "the xyl lab's EFI disk" > "$t/xyl-efi-disk"
    # 24 MiB of FAT from 1 MiB on: the kernel (8 MB), the initramfs, GRUB (1 MB)
    mkfs.fat -C -n XYLEFI "$t/esp.img" 24576 >/dev/null || die "mkfs.fat failed"
    mmd -i "$t/esp.img" ::/EFI ::/EFI/BOOT &&
        mcopy -i "$t/esp.img" "$t/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI &&
        mcopy -i "$t/esp.img" "$VMLINUZ" ::/vmlinuz &&
        mcopy -i "$t/esp.img" "$GUEST_INITRD" ::/initrd.img &&
        mcopy -i "$t/esp.img" "$t/xyl-efi-disk" ::/xyl-efi-disk || die "mtools could not fill the EFI partition"
    truncate -s 25M "$t/disk.img"
    echo 'start=2048, type=ef' | sfdisk -q "$t/disk.img" >&2 || die "sfdisk failed"
    dd if="$t/esp.img" of="$t/disk.img" bs=1M seek=1 conv=notrunc status=none
    mv "$t/disk.img" "$EFI_DISK"
    rm -rf "$t"
    stamp_set efi-disk "$key"
}

# dom0's layer: the ISO, the driver initramfs and the EFI disk in
# /var/lib/xyl/iso/, qemu-img for the qcow2 disk
build_installer_layer() {
    local key r=$CACHE/work/installer-layer
    build_installer_iso
    build_hvm_drivers_initrd
    build_efi_disk
    key=$(key_of "$CACHE/stamps/installer-iso" "$CACHE/stamps/hvm-drivers-initrd" \
                 "$CACHE/stamps/efi-disk" "$CACHE/stamps/dom0-base" "$(command -v qemu-img)")
    stamp_ok dom0-installer "$key" && [ -s "$DOM0_INSTALLER_LAYER" ] && return 0
    rm -rf "$r"; mkdir -p "$r/var/lib/xyl/iso"
    cp "$INSTALLER_ISO" "$r/var/lib/xyl/iso/installer.iso"
    cp "$HVM_DRIVERS_INITRD" "$r/var/lib/xyl/iso/drivers-initrd.img"
    cp "$EFI_DISK" "$r/var/lib/xyl/iso/efi-disk.img"
    copy_elf "$r" "$(command -v qemu-img)" /usr/bin/qemu-img "$DOM0_BASE_ROOT"
    mkcpio "$r" "$DOM0_INSTALLER_LAYER" none
    stamp_set dom0-installer "$key"
}
