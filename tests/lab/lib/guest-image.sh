# guest-image.sh - a real Debian bookworm guest on its own disk (issue 16):
# debootstrap from the mirror this host's apt uses, with systemd,
# linux-image-amd64, cloud-init and openssh-server, and a
# /boot/grub/grub.cfg that Xen's bootloaders read (pygrub in dom0; GRUB for
# PV and PVH from grub-xen-host inside the guest).  One MBR partition, ext4
# labelled "root"; raw and qcow2, in the lab cache, rebuilt only when its
# inputs (this file, the mirror) change.  Not wired into `make check` yet:
# no lab scenario boots it so far (tests/lab/README.md).
#
# Sourced after common.sh (bash); or run on its own (as root):
#   tests/lab/lib/guest-image.sh      -> builds, prints the paths and the time
# No MBR boot code is written: HVM boot from this disk needs grub-pc's
# boot sector (left for the lab step that boots it).

if [ "${BASH_SOURCE[0]}" = "$0" ]; then       # run on its own
    set -euo pipefail
    . "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fi

GUEST_IMAGE_RAW=$CACHE/guest-debian.raw
GUEST_IMAGE_QCOW2=$CACHE/guest-debian.qcow2
GUEST_IMAGE_SIZE_MIB=${XYL_LAB_GUEST_IMAGE_MIB:-3072}
# python3-cffi-backend: debootstrap does not resolve the virtual packages
# python3-cryptography (cloud-init) depends on
GUEST_IMAGE_PKGS=systemd-sysv,linux-image-amd64,cloud-init,python3-cffi-backend,openssh-server,ifupdown,isc-dhcp-client,e2fsprogs

# The first bookworm URI of this host's apt sources (as tests/fresh-root/run
# finds it): never a host name written into the repo.
guest_image_mirror() {
    local f
    {
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -e "$f" ] || continue
            awk 'BEGIN{RS=""; ORS="\n\n"} /Suites:[^\n]*bookworm/' "$f"
        done
        [ -e /etc/apt/sources.list ] && grep -E '^deb .*bookworm' /etc/apt/sources.list || true
    } | awk '/^URIs:/{print $2; exit} /^deb /{for(i=2;i<=NF;i++) if ($i ~ /:\/\//) {print $i; exit}}'
}

# grub.cfg for pygrub and GRUB (PV, PVH; HVM once a boot sector is there):
# kernel and initrd by their versioned names, root by label
guest_image_grub_cfg() {
    local kver=$1
    cat <<EOF
set default=0
set timeout=1
menuentry 'Debian GNU/Linux 12 (xyl lab guest)' {
    insmod part_msdos
    insmod ext2
    search --no-floppy --label --set=root root
    linux /boot/vmlinuz-$kver root=LABEL=root ro console=ttyS0 console=hvc0
    initrd /boot/initrd.img-$kver
}
EOF
}

build_guest_image() {
    local mirror key t0 tmp r kver fs_mib
    command -v debootstrap > /dev/null || die "guest image: debootstrap is missing (tests/tools/need-deps)"
    mirror=$(guest_image_mirror)
    [ -n "$mirror" ] || die "guest image: no Debian bookworm entry in this host's apt sources"
    key=$( (cat "$LAB_DIR/lib/guest-image.sh"; echo "$mirror $GUEST_IMAGE_SIZE_MIB") | sha256sum | cut -c1-32)
    stamp_ok guest-image "$key" && [ -s "$GUEST_IMAGE_RAW" ] && [ -s "$GUEST_IMAGE_QCOW2" ] && return 0
    t0=$(now_ms)
    log "building the Debian guest image (debootstrap bookworm: systemd, kernel, cloud-init, ssh)"
    tmp=$CACHE/work/guest-image
    rm -rf "$tmp"; mkdir -p "$tmp"
    r=$tmp/root
    debootstrap --variant=minbase --include="$GUEST_IMAGE_PKGS" bookworm "$r" "$mirror" \
        > "$tmp/debootstrap.log" 2>&1 ||
        { tail -20 "$tmp/debootstrap.log" >&2; die "guest image: debootstrap failed ($tmp/debootstrap.log)"; }
    kver=$(ls "$r/lib/modules" | sort -V | tail -1)
    [ -n "$kver" ] && [ -f "$r/boot/vmlinuz-$kver" ] || die "guest image: no kernel in the root"
    mkdir -p "$r/boot/grub"
    guest_image_grub_cfg "$kver" > "$r/boot/grub/grub.cfg"
    echo "LABEL=root / ext4 errors=remount-ro 0 1" > "$r/etc/fstab"
    printf 'auto lo\niface lo inet loopback\n' > "$r/etc/network/interfaces"
    echo debian > "$r/etc/hostname"          # cloud-init sets the real one
    # cloud-init: the NoCloud seed xyl attaches (cloud_init:), nothing else to probe
    mkdir -p "$r/etc/cloud/cloud.cfg.d"
    echo 'datasource_list: [ NoCloud, None ]' > "$r/etc/cloud/cloud.cfg.d/90-xyl.cfg"
    # a login on the PV/PVH console and on HVM's serial line
    chroot "$r" systemctl enable serial-getty@hvc0.service serial-getty@ttyS0.service > /dev/null 2>&1 || true
    rm -f "$r"/etc/ssh/ssh_host_*             # made at first boot, per guest
    rm -rf "$r/var/cache/apt/archives"/*.deb "$r/var/lib/apt/lists"/*_Packages
    # the partition: ext4 made from the tree (no loop device), 1 MiB in
    fs_mib=$((GUEST_IMAGE_SIZE_MIB - 1))
    mkfs.ext4 -q -F -L root -d "$r" "$tmp/root.ext4" "${fs_mib}M" ||
        die "guest image: mkfs.ext4 -d failed"
    truncate -s "${GUEST_IMAGE_SIZE_MIB}M" "$tmp/disk.raw"
    echo 'start=2048, type=83, bootable' | sfdisk -q "$tmp/disk.raw" || die "guest image: sfdisk failed"
    dd if="$tmp/root.ext4" of="$tmp/disk.raw" bs=1M seek=1 conv=notrunc,sparse status=none ||
        die "guest image: cannot write the partition"
    qemu-img convert -O qcow2 "$tmp/disk.raw" "$tmp/disk.qcow2" || die "guest image: qemu-img convert failed"
    mv "$tmp/disk.raw" "$GUEST_IMAGE_RAW"
    mv "$tmp/disk.qcow2" "$GUEST_IMAGE_QCOW2"
    rm -rf "$tmp"
    stamp_set guest-image "$key"
    log "guest image built in $(secs_since "$t0") s: $GUEST_IMAGE_RAW, $GUEST_IMAGE_QCOW2 (kernel $kver)"
}

# run on its own: build (or reuse) and say where
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    build_guest_image
    ls -ls "$GUEST_IMAGE_RAW" "$GUEST_IMAGE_QCOW2"
fi
