# build.sh - everything before the boot (after ensure_host_deps): packages,
# kernels and the cached initramfs layers (each step is skipped when its inputs are unchanged).
for _f in host-deps packages kernel rootfs guest-initrd dom0-initrd installer-iso payload boot report files guest-image real-disk; do
    . "$LAB_DIR/lib/$_f.sh"
done

build_lab() {
    local t0; t0=$(now_ms)
    packages_ready
    build_kernels
    build_guest_initrd
    build_dom0_guest_layer
    build_dom0_base_layer
    build_dom0_initrd "$@"
    # the real Debian guest's disk, only for the scenarios that boot it
    LAB_DRIVES=()
    if real_guest_wanted "$@"; then
        build_real_disk
        LAB_DRIVES=(-drive "file=$REAL_DISK,format=raw,if=virtio,snapshot=on")
    fi
    log "images ready in $(secs_since "$t0") s (cache: $CACHE)"
}
