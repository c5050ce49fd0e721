# packages.sh - download Debian bookworm packages into the cache (once) and
# extract them into one root ($DEBROOT) that the image builders copy from.

# Xen hypervisor + tools, their libraries, the dom0/guest kernel, the qemu-xen
# device model with its firmware, and the libraries xyl links. ipxe-qemu
# (Depends of qemu-system-xen: the emulated NICs' option ROMs, without which
# qemu-xen exits at start, 'failed to find romfile "efi-rtl8139.rom"') and
# ovmf (Recommends of qemu-system-xen, so apt installs it with
# xen-system-amd64: the UEFI firmware libxl hands hvmloader) are on every
# Debian Xen host installed the usual way.
LAB_DEBS="xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common xenstore-utils
  libxenmisc4.17 libxenstore4 libxencall1 libxenevtchn1 libxenforeignmemory1
  libxengnttab1 libxentoolcore1 libxentoollog1 libxendevicemodel1 libxenhypfs1
  libyajl2 libyaml-0-2 linux-image-amd64 qemu-system-xen qemu-system-data seabios
  ipxe-qemu ovmf"

DEBDIR=$CACHE/debs
DEBROOT=$CACHE/root

fetch_debs() {
    mkdir -p "$DEBDIR"
    local kpkg
    # linux-image-amd64 is a meta package: also fetch the real image it points at
    kpkg=$(ls "$DEBDIR"/linux-image-[0-9]*.deb 2>/dev/null | head -1 || true)
    if [ -z "$kpkg" ]; then
        kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
               awk '/Depends: linux-image-[0-9]/{print $2; exit}' || true)
        if [ -z "$kpkg" ]; then  # empty package lists on a fresh machine
            [ "$(id -u)" = 0 ] && apt-get update -qq >&2
            kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
        fi
        [ -n "$kpkg" ] || die "cannot resolve linux-image-amd64 (apt-get update?)"
    else
        kpkg=$(basename "$kpkg" | cut -d_ -f1)
    fi
    # shellcheck disable=SC2086  # (word lists)
    download_debs "$DEBDIR" $LAB_DEBS $kpkg
}

# download_debs DIR PKG...: apt-get download into DIR each PKG that has no
# .deb there yet (the lab's packages, and the real-guest and fleet runs' own)
download_debs() {
    local dir=$1 p todo=() sandbox=()
    shift
    mkdir -p "$dir"
    for p in "$@"; do
        compgen -G "$dir/${p}_*.deb" > /dev/null || todo+=("$p")
    done
    [ ${#todo[@]} -eq 0 ] && return 0
    log "fetching Debian packages: ${todo[*]}"
    # (as root, apt would drop to user _apt, which may not write into the cache)
    [ "$(id -u)" = 0 ] && sandbox=(-o APT::Sandbox::User=root)
    (cd "$dir" && apt-get download -q "${sandbox[@]}" "${todo[@]}" >&2) ||
        die "apt-get download ${todo[*]} failed (try: apt-get update)"
}

extract_debs() {
    local key; key=$(ls "$DEBDIR" | sha256sum | cut -c1-32)
    stamp_ok debroot "$key" && [ -d "$DEBROOT" ] && return 0
    log "extracting $(ls "$DEBDIR" | wc -l) packages"
    rm -rf "$DEBROOT"; mkdir -p "$DEBROOT"
    local d; for d in "$DEBDIR"/*.deb; do dpkg -x "$d" "$DEBROOT"; done
    KVER=$(ls "$DEBROOT/lib/modules")
    # the .deb ships no modules.dep (postinst runs depmod)
    depmod -b "$DEBROOT" "$KVER"
    stamp_set debroot "$key"
}

# packages_ready: sets KVER (kernel version) and DEBROOT
packages_ready() {
    fetch_debs
    extract_debs
    KVER=$(ls "$DEBROOT/lib/modules" 2>/dev/null || true)
    [ -n "$KVER" ] || die "no kernel modules in $DEBROOT"
}
