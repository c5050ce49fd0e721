# guest-initrd.sh - the lab guests' tiny initramfs: static busybox, guest/init,
# the PV block/net frontend modules, the grant-alloc and event-channel
# modules and guest/hostile.c (the hostile guest's own frontend), and
# xenstore-read (with its libraries).

GUEST_INITRD=$CACHE/guest-initrd.img

build_guest_initrd() {
    local key m r=$CACHE/work/guestroot
    key=$(key_of "$LAB_DIR/guest/init" "$LAB_DIR/guest/exitstress.c" "$LAB_DIR/guest/hostile.c" "$LAB_DIR/lib/guest-initrd.sh" "$LAB_DIR/lib/rootfs.sh" \
                 "$CACHE/stamps/debroot" /bin/busybox)
    stamp_ok guest-initrd "$key" && [ -s "$GUEST_INITRD" ] && return 0
    log "building the guest initramfs"
    rm -rf "$r"; busybox_root "$r"
    install -m 755 "$LAB_DIR/guest/init" "$r/init"
    mkdir -p "$r/mod"
    for m in drivers/block/xen-blkfront.ko drivers/net/xen-netfront.ko \
             drivers/xen/xen-gntalloc.ko drivers/xen/xen-evtchn.ko; do
        cp "$DEBROOT/lib/modules/$KVER/kernel/$m" "$r/mod/"
    done
    copy_elf "$r" "$DEBROOT/usr/bin/xenstore-read" /usr/bin/xenstore-read
    # the VM-exit generator for the emulator experiments (xyl_stress=, README)
    gcc -static -O2 -o "$r/bin/exitstress" "$LAB_DIR/guest/exitstress.c" ||
        die "cannot build tests/lab/guest/exitstress.c (gcc, static libc)"
    # the hostile guest's frontend (tests/lab/hostile/10-hostile-guest.sh; Xen's
    # public headers from libxen-dev)
    gcc -static -O2 -Wall -Wextra -Werror -o "$r/bin/hostile" "$LAB_DIR/guest/hostile.c" ||
        die "cannot build tests/lab/guest/hostile.c (gcc, static libc, libxen-dev)"
    mkcpio "$r" "$GUEST_INITRD" gzip
    stamp_set guest-initrd "$key"
}
