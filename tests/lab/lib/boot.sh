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
    local pidf=$OUT/qemu.pid mon=$OUT/qemu-monitor.sock
    rm -f "$pidf" "$mon"
    start=$(now_ms)
    set +e
    timeout -k 10 "$tmo" $QEMU_BIN -accel "$QEMU_ACCEL" -cpu "$QEMU_CPU" \
        -m "$QEMU_MEM" -smp "$QEMU_SMP" -display none -serial stdio \
        -monitor "unix:$mon,server=on,wait=off" \
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
            hang_dump "$mon" "$pidf" >> "$serial"
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

# hang_dump MONITOR PIDFILE: where the emulated CPUs are at a hang, for the
# serial log (issue 20: HVM guests hung the whole machine, idle on one CPU,
# livelocked on two): QEMU's CPU use over 2 s (busy or idle), then the
# monitor's `info cpus`, `info registers -a` and `info lapic`, twice 2 s
# apart (does RIP move?).  Its stdout goes to the serial log, its log lines
# to the terminal.  Best effort: never fails.
hang_dump() {
    local mon=$1 pid t1 t2 round
    pid=$(cat "$2" 2>/dev/null) || return 0
    t1=$(qemu_cpu_ticks "$pid"); sleep 2; t2=$(qemu_cpu_ticks "$pid")
    echo "@@HOST QEMU (pid $pid) used $((t2 - t1)) CPU ticks in 2 s ($(getconf CLK_TCK) a second per busy thread)"
    log "QEMU used $((t2 - t1)) CPU ticks in 2 s ($(getconf CLK_TCK) a second per busy thread)"
    if ! command -v python3 > /dev/null; then
        echo "@@HOST monitor: no python3 on this host: no register dump"; return 0
    fi
    for round in 1 2; do
        echo "@@HOST monitor: round $round"
        python3 "$LAB_DIR/lib/monitor.py" "$mon" "info cpus" "info registers -a" "info lapic"
        [ $round = 2 ] || sleep 2
    done
    python3 "$LAB_DIR/lib/monitor.py" "$mon" "info pic"
    # Two probes, each followed by QEMU's CPU use over 3 s: does it wake?
    # A key press (i8042, IRQ 1 through the IO-APIC: QEMU looks at the
    # local APIC again, as any device interrupt makes it) wakes a CPU whose
    # pending interrupt QEMU had forgotten to raise; an NMI wakes it unless
    # interrupts are blocked (GIF clear: SVM's global interrupt flag).
    hang_probe "$mon" "$pid" "sendkey shift"
    hang_probe "$mon" "$pid" "nmi"
    log "the emulated CPUs' state at the hang: the @@HOST monitor lines of the serial log"
}
# hang_probe MONITOR PID CMD: CMD on the monitor, then QEMU's CPU use over 3 s
hang_probe() {
    local t1 t2
    python3 "$LAB_DIR/lib/monitor.py" "$1" "$3"
    t1=$(qemu_cpu_ticks "$2"); sleep 3; t2=$(qemu_cpu_ticks "$2")
    echo "@@HOST probe '$3': QEMU used $((t2 - t1)) CPU ticks in the 3 s after it"
    python3 "$LAB_DIR/lib/monitor.py" "$1" "info registers" | grep -E "RIP=|HLT" | head -n 1
}
# qemu_cpu_ticks PID: user + system CPU time of the process, in clock ticks
qemu_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# new_serial_log NAME: a fresh timestamped log in $OUT (plus NAME.log -> it),
# keeping the newest XYL_LAB_KEEP_LOG (default 10) of that kind
new_serial_log() {
    local f=$OUT/$1-$(date +%Y%m%d-%H%M%S).log
    : > "$f"
    ln -sfn "$(basename "$f")" "$OUT/$1.log"
    ls -1t "$OUT/$1"-*.log 2>/dev/null | tail -n +$(( ${XYL_LAB_KEEP_LOG:-10} + 1 )) | xargs -r rm -f
    echo "$f"
}
