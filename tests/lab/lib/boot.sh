# boot.sh - boot Xen + dom0 in QEMU (TCG), bounded by a total and an idle
# timeout; every serial line is saved with the host time since QEMU started.

# boot_lab INITRD LOG TIMEOUT [ON_LINE]: ON_LINE is called with each raw line
# (for live progress). Returns QEMU's exit status (124 = total timeout).
# LAB_DRIVES: extra QEMU arguments for dom0's disks (build_lab sets them).
boot_lab() {
    local initrd=$1 serial=$2 tmo=$3 on_line=${4:-:} line start ms rc idle=0
    local xenargs="console=com1 com1=115200,8n1 dom0_mem=${DOM0_MEM}M,max:${DOM0_MEM}M"
    xenargs+=" loglvl=all guest_loglvl=all ${XYL_LAB_XEN_ARGS:-}"
    # multiboot modules: "file args,file2"; a comma inside must be doubled
    local mods="${VMLINUX//,/,,} console=hvc0 earlyprintk=xen ${XYL_LAB_DOM0_ARGS:-},${initrd//,/,,}"
    local pidf=$OUT/qemu.pid
    rm -f "$pidf"
    start=$(now_ms)
    set +e
    timeout -k 10 "$tmo" $QEMU_BIN -accel "$QEMU_ACCEL" -cpu "$QEMU_CPU" \
        -m "$QEMU_MEM" -smp "$QEMU_SMP" -display none -monitor none -serial stdio \
        -no-reboot -nodefaults -pidfile "$pidf" ${LAB_DRIVES[@]+"${LAB_DRIVES[@]}"} \
        -kernel "$XEN_ELF" -append "$xenargs" -initrd "$mods" </dev/null 2>&1 |
    while :; do
        if IFS= read -r -t "$IDLE_TIMEOUT" line; then
            ms=$(( $(now_ms) - start ))
            line=${line%$'\r'}
            printf '[%5d.%03d] %s\n' $((ms / 1000)) $((ms % 1000)) "$line" >> "$serial"
            "$on_line" "$line"
        elif [ $? -gt 128 ]; then   # read timed out: nothing on the serial line
            [ $idle = 1 ] && continue
            idle=1
            echo "@@HOST no serial output for $IDLE_TIMEOUT s: the lab hangs, killing QEMU" | tee -a "$serial" >&2
            [ -s "$pidf" ] && kill "$(cat "$pidf")" 2>/dev/null
        else
            break                   # EOF: QEMU is gone
        fi
    done
    rc=${PIPESTATUS[0]}
    set -e
    [ $rc = 124 ] && echo "@@HOST QEMU killed after the total timeout of $tmo s" | tee -a "$serial" >&2
    log "QEMU exited (status $rc) after $(secs_since "$start") s; serial log: $serial"
    return $rc
}

# new_serial_log NAME: a fresh timestamped log in $OUT (plus NAME.log -> it),
# keeping the newest XYL_LAB_KEEP_LOG (default 10) of that kind
new_serial_log() {
    local f=$OUT/$1-$(date +%Y%m%d-%H%M%S).log
    : > "$f"
    ln -sfn "$(basename "$f")" "$OUT/$1.log"
    ls -1t "$OUT/$1"-*.log 2>/dev/null | tail -n +$(( ${XYL_LAB_KEEP_LOG:-10} + 1 )) | xargs -r rm -f
    echo "$f"
}
