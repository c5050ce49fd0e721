# build.sh - everything before the boot (after ensure_host_deps): packages,
# kernels and the cached initramfs layers (each step is skipped when its inputs are unchanged).
for _f in host-deps packages kernel rootfs guest-initrd dom0-initrd payload boot report; do
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
    log "images ready in $(secs_since "$t0") s (cache: $CACHE)"
}
