# guest-image.sh - a real Debian bookworm guest on its own disk (issue 16):
# debootstrap from the mirror this host's apt uses, with systemd,
# linux-image-amd64, cloud-init and openssh-server, and a
# /boot/grub/grub.cfg that Xen's bootloaders read (pygrub in dom0; GRUB for
# PV and PVH from grub-xen-host inside the guest).  One MBR partition, ext4
# labelled "root"; raw and qcow2, in the lab cache, rebuilt only when its
# inputs (this file, the mirror) change.  The real-guest lab scenarios
# (tests/lab/real/, `make lab-real`) boot it from lib/real-disk.sh's disk.
#
# Sourced after common.sh (bash); or run on its own (as root):
#   tests/lab/lib/guest-image.sh      -> builds, prints the paths and the time
# For HVM the MBR holds GRUB's boot.img and the gap before the partition
# its core.img (grub-mkimage in the root, from grub-pc-bin), the way
# grub-bios-setup lays them out; PV and PVH never read them.

if [ "${BASH_SOURCE[0]}" = "$0" ]; then       # run on its own
    set -euo pipefail
    . "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fi

GUEST_IMAGE_RAW=$CACHE/guest-debian.raw
GUEST_IMAGE_QCOW2=$CACHE/guest-debian.qcow2
GUEST_IMAGE_SIZE_MIB=${XYL_LAB_GUEST_IMAGE_MIB:-2048}
# python3-cffi-backend: debootstrap does not resolve the virtual packages
# python3-cryptography (cloud-init) depends on
GUEST_IMAGE_PKGS=systemd-sysv,linux-image-amd64,cloud-init,python3-cffi-backend,openssh-server,ifupdown,isc-dhcp-client,e2fsprogs,grub-pc-bin

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

# The lab's sign of life: once systemd says the boot is over (every job of
# the boot done: multi-user reached, cloud-init's last stage too), one
# @@GUEST-MARKER line on every console the guest has (hvc0 for PV/PVH, ttyS0
# for HVM), with what the scenarios check.  The unit has no After= on
# cloud-final.service: that one is ordered after multi-user.target, which
# waits for the units it wants (a cycle systemd breaks by dropping jobs);
# `is-system-running --wait` waits for cloud-final anyway.
guest_image_marker() {
    cat <<'EOF'
#!/bin/sh
# xyl lab (tests/lab/lib/guest-image.sh): one line on the consoles when the boot is over
state=$(systemctl is-system-running --wait 2>/dev/null)
cloud=$(cloud-init status 2>/dev/null | sed -n 's/^status: //p')
users=$(awk -F: '$3 >= 1000 && $3 < 60000 {printf "%s%s", s, $1; s=","}' /etc/passwd)
keys=$(cat /home/*/.ssh/authorized_keys 2>/dev/null | grep -c '^ssh-')
line="@@GUEST-MARKER tag=real guest_type=$(cat /sys/hypervisor/guest_type 2>/dev/null)"
line="$line root=$(findmnt -n -o SOURCE /) rootfs=$(findmnt -n -o FSTYPE /) state=$state"
line="$line hostname=$(hostname) cloud=${cloud:-none} users=${users:-none} keys=$keys"
ips=$(hostname -I 2>/dev/null | tr -s ' ' ',' | sed 's/,$//')
line="$line ip=${ips:-none}"
for c in /dev/hvc0 /dev/ttyS0; do
    [ -c $c ] && echo "$line" > $c 2>/dev/null
done
exit 0
EOF
}

guest_image_marker_unit() {
    cat <<'EOF'
[Unit]
Description=xyl lab: print a marker on the consoles once the boot is over

[Service]
Type=simple
ExecStart=/usr/local/sbin/xyl-lab-marker

[Install]
WantedBy=multi-user.target
EOF
}

# guest_image_boot_sector ROOT DISK: GRUB for BIOS (HVM) from the root's
# grub-pc-bin: boot.img's code (not the partition table) in the MBR,
# core.img (its modules, prefix on the first partition) from sector 1
guest_image_boot_sector() {
    local r=$1 disk=$2 mods="biosdisk part_msdos ext2 search search_label normal linux configfile echo test"
    chroot "$r" grub-mkimage -O i386-pc -o /tmp/core.img -p '(hd0,msdos1)/boot/grub' $mods ||
        die "guest image: grub-mkimage failed"
    [ "$(stat -c %s "$r/tmp/core.img")" -lt $((2047 * 512)) ] || die "guest image: core.img does not fit before the partition"
    dd if="$r/usr/lib/grub/i386-pc/boot.img" of="$disk" bs=440 count=1 conv=notrunc status=none &&
        dd if="$r/tmp/core.img" of="$disk" bs=512 seek=1 conv=notrunc status=none ||
        die "guest image: cannot write the boot sector"
    rm -f "$r/tmp/core.img"
}

# The initramfs with the drivers these boots need (MODULES=list) instead of
# Debian's default MODULES=most (747 modules, 36 MB gzipped, 130 MB
# unpacked): an HVM guest's GRUB reads it through SeaBIOS's emulated IDE,
# a few port I/Os per sector, each a round trip through qemu-xen in dom0,
# about 34 KB/s under the lab's TCG: 36 MB took ~18 min (issue 16, real/40
# run 3).  What a root on a disk needs: blkfront (PV, PVH, PV-on-HVM), the
# emulated IDE and AHCI disks (HVM without PV drivers), ext4; udev loads
# everything else from the root once it is mounted.
GUEST_IMAGE_INITRD_MODULES="xen-blkfront ata_piix ata_generic ahci sd_mod ext4 crc32c_generic"

guest_image_initramfs() {
    local r=$1 kver=$2 tmp=$3
    printf '%s\n' '# xyl lab (tests/lab/lib/guest-image.sh): the root disk drivers' \
        $GUEST_IMAGE_INITRD_MODULES > "$r/etc/initramfs-tools/modules"
    printf '%s\n' '# xyl lab: only the modules listed in ../modules (and their dependencies)' \
        'MODULES=list' > "$r/etc/initramfs-tools/conf.d/xyl-modules.conf"
    chroot "$r" update-initramfs -u -k "$kver" > "$tmp/initramfs.log" 2>&1 ||
        { tail -20 "$tmp/initramfs.log" >&2; die "guest image: update-initramfs failed ($tmp/initramfs.log)"; }
    log "guest image: initramfs $(( $(stat -c %s "$r/boot/initrd.img-$kver") / 1024 )) KiB (MODULES=list)"
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
    # cloud-init writes its network-config into interfaces.d
    printf 'auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/*\n' > "$r/etc/network/interfaces"
    echo debian > "$r/etc/hostname"          # cloud-init sets the real one
    # cloud-init: the NoCloud seed xyl attaches (cloud_init:), nothing else to probe
    mkdir -p "$r/etc/cloud/cloud.cfg.d"
    printf '%s\n' 'datasource_list: [ NoCloud, None ]' \
        '# one host key type: each key made at first boot costs seconds under emulation' \
        'ssh_genkeytypes: [ed25519]' \
        '# minbase has no locales package: update-locale fails, cloud-init says "error"' \
        'locale: false' > "$r/etc/cloud/cloud.cfg.d/90-xyl.cfg"
    guest_image_marker > "$r/usr/local/sbin/xyl-lab-marker"
    chmod 755 "$r/usr/local/sbin/xyl-lab-marker"
    guest_image_marker_unit > "$r/etc/systemd/system/xyl-lab-marker.service"
    mkdir -p "$r/etc/systemd/system/multi-user.target.wants"
    ln -sf ../xyl-lab-marker.service "$r/etc/systemd/system/multi-user.target.wants/xyl-lab-marker.service"
    # (logins on hvc0 / ttyS0 come from systemd's getty generator, for the
    # consoles that exist: a fixed getty@ttyS0 would wait 90 s for a PV guest's
    # missing serial port)
    guest_image_initramfs "$r" "$kver" "$tmp"
    rm -f "$r"/etc/ssh/ssh_host_*             # made at first boot, per guest
    rm -rf "$r/var/cache/apt/archives"/*.deb "$r/var/lib/apt/lists"/*_Packages
    # smaller, nothing a boot reads: documentation, manuals, translations
    rm -rf "$r/usr/share/doc"/* "$r/usr/share/man"/* "$r/usr/share/info"/*
    find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +
    # the partition: ext4 made from the tree (no loop device), 1 MiB in
    fs_mib=$((GUEST_IMAGE_SIZE_MIB - 1))
    mkfs.ext4 -q -F -L root -d "$r" "$tmp/root.ext4" "${fs_mib}M" ||
        die "guest image: mkfs.ext4 -d failed"
    truncate -s "${GUEST_IMAGE_SIZE_MIB}M" "$tmp/disk.raw"
    echo 'start=2048, type=83, bootable' | sfdisk -q "$tmp/disk.raw" || die "guest image: sfdisk failed"
    dd if="$tmp/root.ext4" of="$tmp/disk.raw" bs=1M seek=1 conv=notrunc,sparse status=none ||
        die "guest image: cannot write the partition"
    guest_image_boot_sector "$r" "$tmp/disk.raw"
    qemu-img convert -c -O qcow2 "$tmp/disk.raw" "$tmp/disk.qcow2" || die "guest image: qemu-img convert failed"
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
