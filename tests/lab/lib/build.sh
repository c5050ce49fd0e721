# build.sh - everything before the boot (after ensure_host_deps): packages,
# kernels and the cached initramfs layers (each step is skipped when its inputs are unchanged).
for _f in host-deps packages kernel rootfs guest-initrd dom0-initrd installer-iso payload boot report files guest-image real-disk; do
    . "$LAB_DIR/lib/$_f.sh"
done

build_lab() {
    local t0; t0=$(now_ms)
    # the cached layers are shared by every machine (XYL_LAB_MACHINE):
    # one build at a time; the lock goes with this run's process
    exec 8>>"$CACHE/.build.lock"
    if ! flock -n 8; then
        log "another lab run is building the shared images: waiting for it"
        flock -w "${XYL_LAB_LOCK_WAIT:-3600}" 8 || die "gave up waiting for $CACHE/.build.lock"
    fi
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
    flock -u 8; exec 8>&-
    log "images ready in $(secs_since "$t0") s (cache: $CACHE${MACHINE:+; machine $MACHINE: $RUN_DIR})"
}
