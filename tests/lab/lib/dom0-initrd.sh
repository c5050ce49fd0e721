# dom0-initrd.sh - the cached lower layers of dom0's initramfs:
#   guest layer: /var/lib/xyl/boot/{vmlinux,vmlinuz,initrd.img} (uncompressed cpio)
#   base layer:  busybox, Xen tools + libs, hotplug scripts, modules, qemu-xen DM
# The per-run payload (payload.sh) is a third layer; the kernel unpacks the
# concatenated archives in order (an uncompressed one must come first: 4-byte alignment).

DOM0_GUEST_LAYER=$CACHE/dom0-guest.cpio
DOM0_BASE_LAYER=$CACHE/dom0-base.cpio.gz
DOM0_BASE_ROOT=$CACHE/work/dom0root
# dom0 modules (their dependencies come along through modules.dep);
# virtio_blk and ext4 (with crc32c_generic: ext4 asks the crypto API for
# crc32c at mount, modules.dep does not name it) mount the real-guest
# runs' second disk (real-disk.sh)
DOM0_MODULES="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-blkback xen-netback
  loop tun bridge virtio_pci virtio_blk crc32c_generic ext4"

build_dom0_guest_layer() {
    local key r=$CACHE/work/guestlayer
    key=$(key_of "$CACHE/stamps/guest-initrd" "$VMLINUZ")
    stamp_ok dom0-guest "$key" && [ -s "$DOM0_GUEST_LAYER" ] && return 0
    log "packing guest kernels for dom0"
    rm -rf "$r"; mkdir -p "$r/var/lib/xyl/boot"
    ln "$VMLINUX" "$r/var/lib/xyl/boot/vmlinux" 2>/dev/null || cp "$VMLINUX" "$r/var/lib/xyl/boot/vmlinux"
    ln "$VMLINUZ" "$r/var/lib/xyl/boot/vmlinuz" 2>/dev/null || cp "$VMLINUZ" "$r/var/lib/xyl/boot/vmlinuz"
    cp "$GUEST_INITRD" "$r/var/lib/xyl/boot/initrd.img"
    mkcpio "$r" "$DOM0_GUEST_LAYER" none
    stamp_set dom0-guest "$key"
}

# Xen's daemons and tools, xl, hotplug scripts and what they run
dom0_xen_tools() {
    local r=$1 f D=$DEBROOT
    for f in "$D"/usr/lib/xen-$XENV/bin/*; do
        is_dyn_elf "$f" && copy_elf "$r" "$f" "/usr/lib/xen-$XENV/bin/$(basename "$f")"
    done
    for f in "$D"/usr/bin/xenstore*; do
        [ -L "$f" ] || copy_elf "$r" "$f" "/usr/bin/$(basename "$f")"
    done
    ln -sf ../lib/xen-$XENV/bin/xl "$r/usr/sbin/xl"
    mkdir -p "$r/usr/lib/xen-$XENV/boot" "$r/etc/xen"
    cp "$D/usr/lib/xen-$XENV/boot/hvmloader" "$r/usr/lib/xen-$XENV/boot/"
    cp -a "$D/etc/xen/scripts" "$D/etc/xen/xl.conf" "$r/etc/xen/"
    # hotplug scripts are bash and need flock and coreutils' stat (not in busybox)
    copy_elf "$r" /bin/bash /bin/bash
    copy_elf "$r" "$(command -v flock)" /usr/bin/flock
    copy_elf "$r" "$(command -v stat)" /usr/bin/stat
}

dom0_modules() {
    local r=$1 m f md=$DEBROOT/lib/modules/$KVER
    for m in $DOM0_MODULES; do
        for f in $(grep -E "(^|/)$m\.ko(\.[a-z]+)?:" "$md/modules.dep" | tr -d ':'); do
            mkdir -p "$r/lib/modules/$KVER/$(dirname "$f")"
            cp "$md/$f" "$r/lib/modules/$KVER/$f"
        done
    done
    cp "$md"/modules.{order,builtin,builtin.modinfo} "$r/lib/modules/$KVER/" 2>/dev/null || true
    depmod -b "$r" "$KVER"
}

# qemu-xen device model for HVM guests, with the firmware and data files it opens
dom0_device_model() {
    local r=$1 f D=$DEBROOT
    copy_elf "$r" "$D/usr/libexec/xen-qemu-system-i386" /usr/libexec/xen-qemu-system-i386
    mkdir -p "$r/usr/share/seabios" "$r/usr/share/qemu/keymaps"
    cp -L "$D/usr/share/seabios/bios-256k.bin" "$r/usr/share/seabios/"
    for f in vgabios-cirrus.bin vgabios-stdvga.bin vgabios.bin; do
        [ -e "$D/usr/share/seabios/$f" ] && cp -L "$D/usr/share/seabios/$f" "$r/usr/share/seabios/"
        [ -e "$D/usr/share/qemu/$f" ] && cp -L "$D/usr/share/qemu/$f" "$r/usr/share/qemu/"
    done
    # without the keymap qemu exits ("could not read keymap file: 'en-us'");
    # linuxboot*.bin are the option ROMs for direct kernel boot (kernel=)
    cp -L "$D/usr/share/qemu/keymaps/en-us" "$r/usr/share/qemu/keymaps/"
    cp -L "$D/usr/share/qemu/linuxboot.bin" "$D/usr/share/qemu/linuxboot_dma.bin" "$r/usr/share/qemu/"
    # the NICs' option ROMs (Debian's qemu looks in /usr/lib/ipxe/qemu: its
    # firmware path) and OVMF where Debian's libxl reads it (firmware: ovmf)
    mkdir -p "$r/usr/lib/ipxe/qemu" "$r/usr/share/ovmf"
    cp -L "$D"/usr/lib/ipxe/qemu/*.rom "$r/usr/lib/ipxe/qemu/"
    cp -L "$D/usr/share/ovmf/OVMF.fd" "$r/usr/share/ovmf/"
}

build_dom0_base_layer() {
    local key r=$DOM0_BASE_ROOT
    # keyed on the code this run has in memory (declare -f), not on the files
    # on disk: a run that sourced an older copy (a worktree rebased while its
    # run waited for the lab lock) stamped a layer without OVMF with the new
    # files' key, and every later run took that stale layer as current
    key=$( { declare -f build_dom0_base_layer busybox_root copy_elf is_dyn_elf mkcpio lib_path \
                 dom0_xen_tools dom0_modules dom0_device_model
             echo "$DOM0_MODULES"
             key_of "$CACHE/stamps/debroot" /bin/busybox /bin/bash "$(command -v flock)" "$(command -v stat)"
           } | sha256sum | cut -c1-32)
    stamp_ok dom0-base "$key" && [ -s "$DOM0_BASE_LAYER" ] && [ -d "$r" ] && return 0
    log "building the dom0 initramfs (Xen tools, modules, qemu-xen)"
    rm -rf "$r"; busybox_root "$r"
    dom0_xen_tools "$r"
    dom0_modules "$r"
    dom0_device_model "$r"
    mkdir -p "$r/var/lib/xen/images" "$r/var/log/xen/console" "$r/var/lib/xyl/boot" "$r/etc/xyl"
    mkcpio "$r" "$DOM0_BASE_LAYER" gzip
    stamp_set dom0-base "$key"
}
