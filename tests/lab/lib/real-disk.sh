# real-disk.sh - the second disk of the real-guest lab runs (issue 16,
# scenarios with a "# lab: real-guest" line, tests/lab/real/): an ext4 image
# QEMU attaches to dom0 (virtio, snapshot=on: the cache's copy never changes)
# with what only those runs need, so that the CI lab's initramfs stays as
# small and as quick to unpack as it is:
#   images/  the Debian guest image of guest-image.sh, raw and qcow2
#   dom0/    a tree dom0/real.sh copies over dom0's root:
#            pygrub's python (the host's python3.11 and its standard library,
#            the Xen python modules and xenfsimage with its ext2 plugin, the
#            terminfo curses opens), grub-xen-host's GRUB images in
#            /usr/lib/grub-xen/ (`firmware: pvgrub64`), and the tools the
#            scenarios run: e2fsck (fsck after the shutdown), mkfs.fat and
#            mcopy (xyl's cloud-init seed), ssh and ssh-keygen, qemu-img
#            (checks the qcow2 after the HVM guest).
# Sourced by build.sh after guest-image.sh; rebuilt when one of its inputs changes.

REAL_DISK=$CACHE/real-disk.ext4
REAL_DEBS="grub-xen-host"
REAL_DEBDIR=$CACHE/debs-real      # not in debs/: that listing keys dom0's root

# real_guest_wanted SCENARIO...: true when one of them boots the real guest
real_guest_wanted() { grep -qs '^# lab:.*real-guest' "$@"; }

# the Debian packages for dom0 that only these runs need, cached
real_fetch_debs() {
    # shellcheck disable=SC2086  # (a word list)
    download_debs "$REAL_DEBDIR" $REAL_DEBS
}

# real_dom0_tree DIR: the dom0 part (see the top)
real_dom0_tree() {
    local r=$1 f py x=/usr/lib/xen-$XENV/lib d tmp g
    py=$(readlink -f /usr/bin/python3)
    [ -x "$py" ] && [ -d "/usr/lib/$(basename "$py")" ] || die "real guest: no python3 on the host (pygrub needs it in dom0)"
    copy_elf "$r" "$py" "/usr/bin/$(basename "$py")" "$DOM0_BASE_ROOT"
    ln -sf "$(basename "$py")" "$r/usr/bin/python3"
    # the standard library without what pygrub never imports
    mkdir -p "$r/usr/lib"
    (cd /usr/lib && tar -cf - --exclude=test --exclude=idlelib --exclude=tkinter --exclude=ensurepip \
        --exclude=lib2to3 --exclude=turtledemo --exclude='config-*' --exclude=site-packages \
        --exclude=dist-packages "$(basename "$py")") | tar -xf - -C "$r/usr/lib"
    for f in "$r/usr/lib/$(basename "$py")"/lib-dynload/*.so; do
        copy_elf "$r" "/usr/lib/$(basename "$py")/lib-dynload/$(basename "$f")" \
            "/usr/lib/$(basename "$py")/lib-dynload/$(basename "$f")" "$DOM0_BASE_ROOT"
    done
    # pygrub (a script: dom0's base layer takes only Xen's ELF tools), Xen's
    # python side of it, xenfsimage and its filesystem plugins
    install -D -m 755 "$DEBROOT/usr/lib/xen-$XENV/bin/pygrub" "$r/usr/lib/xen-$XENV/bin/pygrub"
    mkdir -p "$r$x/x86_64-linux-gnu"
    cp -a "$DEBROOT$x/python" "$r$x/"
    cp -a "$DEBROOT$x/x86_64-linux-gnu"/libxenfsimage* "$DEBROOT$x/x86_64-linux-gnu/xenfsimage" "$r$x/x86_64-linux-gnu/"
    for f in "$DEBROOT$x/x86_64-linux-gnu/xenfsimage/ext2fs-lib/fsimage.so" "$DEBROOT$x"/python/*.so; do
        copy_elf "$r" "$f" "${f#"$DEBROOT"}" "$DOM0_BASE_ROOT"
    done
    mkdir -p "$r/lib" "$r/usr/share"
    cp -a /lib/terminfo "$r/lib/"
    # GRUB for PV and PVH guests: grub-xen-host's images
    tmp=$CACHE/work/real-debs; rm -rf "$tmp"; mkdir -p "$tmp"
    for d in $REAL_DEBS; do dpkg -x "$(ls "$REAL_DEBDIR/${d}"_*.deb | head -1)" "$tmp"; done
    [ -f "$tmp/usr/lib/grub-xen/grub-x86_64-xen.bin" ] || die "real guest: grub-xen-host has no grub-x86_64-xen.bin"
    mkdir -p "$r/usr/lib/grub-xen"
    cp "$tmp"/usr/lib/grub-xen/*.bin "$r/usr/lib/grub-xen/"
    rm -rf "$tmp"
    # the scenarios' tools
    for f in /sbin/e2fsck /usr/sbin/mkfs.fat /usr/bin/mcopy /usr/bin/ssh /usr/bin/ssh-keygen /usr/bin/qemu-img; do
        [ -x "$f" ] || die "real guest: $f is missing on the host (tests/tools/need-deps)"
        copy_elf "$r" "$f" "$f" "$DOM0_BASE_ROOT"
    done
    # mtools converts names through iconv to codepage 850: without glibc's
    # gconv modules mcopy says only "Cannot initialize '::'"
    g=/usr/lib/x86_64-linux-gnu/gconv
    [ -f "$g/IBM850.so" ] || die "real guest: $g/IBM850.so is missing on the host (libc6)"
    mkdir -p "$r$g"
    cp -a "$g/IBM850.so" "$g/IBM437.so" "$g/gconv-modules" "$g/gconv-modules.d" "$r$g/"
}

# build_real_disk: the ext4 image, made from a tree with mkfs.ext4 -d (no
# loop device); the guest images go in by hard link, their holes stay holes
build_real_disk() {
    local key t0 tmp mib
    real_fetch_debs
    build_guest_image
    key=$(key_of "$LAB_DIR/lib/real-disk.sh" "$CACHE/stamps/guest-image" "$CACHE/stamps/dom0-base" \
                 /usr/bin/python3 /sbin/e2fsck /usr/bin/ssh)
    stamp_ok real-disk "$key" && [ -s "$REAL_DISK" ] && return 0
    t0=$(now_ms)
    log "building the real-guest disk for dom0 (guest images, pygrub's python, grub-xen-host)"
    tmp=$CACHE/work/real-disk
    rm -rf "$tmp"; mkdir -p "$tmp/images" "$tmp/dom0"
    ln "$GUEST_IMAGE_RAW" "$tmp/images/guest-debian.raw" 2>/dev/null || cp --sparse=always "$GUEST_IMAGE_RAW" "$tmp/images/guest-debian.raw"
    ln "$GUEST_IMAGE_QCOW2" "$tmp/images/guest-debian.qcow2" 2>/dev/null || cp "$GUEST_IMAGE_QCOW2" "$tmp/images/guest-debian.qcow2"
    real_dom0_tree "$tmp/dom0"
    # room for the raw image in full, the qcow2 growing, and a second copy of nothing
    mib=$(( $(stat -c %s "$GUEST_IMAGE_RAW") / 1048576 + $(du -sm "$tmp/images/guest-debian.qcow2" | cut -f1) + \
            $(du -sm "$tmp/dom0" | cut -f1) + 1024 ))
    rm -f "$REAL_DISK.tmp"
    mkfs.ext4 -q -F -L xyl-real -d "$tmp" "$REAL_DISK.tmp" "${mib}M" || die "real guest: mkfs.ext4 -d failed"
    mv "$REAL_DISK.tmp" "$REAL_DISK"
    rm -rf "$tmp"
    stamp_set real-disk "$key"
    log "real-guest disk built in $(secs_since "$t0") s: $REAL_DISK (${mib} MiB, $(du -sm "$REAL_DISK" | cut -f1) MiB used)"
}
