# kernel.sh - boot images: Xen (ELF multiboot), the Linux bzImage and the ELF
# vmlinux extracted from it (used for dom0 and PV/PVH guests: xz decompression
# by Xen or libxenguest is very slow under TCG).

XEN_ELF=$CACHE/xen.elf
VMLINUZ=$CACHE/vmlinuz
VMLINUX=$CACHE/vmlinux

build_kernels() {
    local xgz=$DEBROOT/boot/xen-$XENV-amd64.gz
    [ -f "$xgz" ] || die "no $xgz in the Xen package"
    if [ ! -s "$XEN_ELF" ] || [ "$XEN_ELF" -ot "$xgz" ]; then
        gunzip -c "$xgz" > "$XEN_ELF.tmp" && mv "$XEN_ELF.tmp" "$XEN_ELF"
    fi
    local bz=$DEBROOT/boot/vmlinuz-$KVER
    if [ ! -s "$VMLINUZ" ] || ! cmp -s "$bz" "$VMLINUZ"; then
        cp "$bz" "$VMLINUZ"
    fi
    [ -s "$VMLINUX" ] && [ "$VMLINUX" -nt "$VMLINUZ" ] && return 0
    log "extracting ELF vmlinux from the bzImage"
    local off
    off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$VMLINUZ" | head -1 | cut -d: -f1 || true)
    [ -n "$off" ] || die "no xz stream in $VMLINUZ"
    # xz stops at the end of the stream: tail may get SIGPIPE, so check the result instead
    tail -c +$((off + 1)) "$VMLINUZ" | xz --single-stream -dc > "$VMLINUX.tmp" || true
    [[ $(file "$VMLINUX.tmp") == *"ELF 64-bit"* ]] || die "vmlinux extraction failed"
    mv "$VMLINUX.tmp" "$VMLINUX"
}
