# Where an HVM guest's direct-kernel boot spends its time (issue 20): the
# one-CPU lab machine "hung" in 50-hvm right after SeaBIOS ran qemu-xen's
# linuxboot option ROM.  Hypothesis: not a hang but a slow load.  qemu-xen
# (xenfv) has fw_cfg without DMA, so linuxboot.bin reads the kernel and
# initramfs (~11 MB) with `rep insb` from port 0x511: Xen hands each batch
# to qemu-xen in dom0 as one ioreq, and qemu-xen copies it a byte at a time.
# Every 5 s this prints the guest vCPU's CS:RIP (xenctx), the CPU ticks of
# qemu-xen, of dom0 and of the guest, and how far the guest's serial log
# got, until the marker or the limit.  Run by hand:
#   XYL_LAB_MACHINE=hvm1 XYL_LAB_SMP=1 tests/lab/run \
#       tests/lab/scenarios/10-info.sh tests/lab/experiments/hvm-phases.sh
# lab: timeout=1200
cfg=/etc/xyl/configs/hvm.yaml
name=$(cfg_name $cfg)
serial=$CONSOLE_LOGS/guest-$name-serial.log

xyl_create $cfg
d=$(xyl_domid "$name")
qpid=                # busybox dom0: no pgrep
for p in /proc/[0-9]*; do
    tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -q -- "-xen-domid $d " && { qpid=${p#/proc/}; break; }
done
say "domid $d, qemu-xen pid ${qpid:-none}"
q0=$(proc_ticks "$qpid") b0=$(dom0_busy_ticks) g0=$(dom_cpu_secs "$name") t0=$(t_now)
first_linux= rom_s=0 i=0
while [ $i -lt 220 ]; do
    sleep 5; i=$((i + 1))
    MARKER=$(marker_in "$serial")
    st=$(dom_state "$name")
    q1=$(proc_ticks "$qpid") b1=$(dom0_busy_ticks) g1=$(dom_cpu_secs "$name")
    ctx=$(xenctx "$d" 0 2>&1 | grep -m2 -E 'cs:|rip|eip' | tr -s ' \n' ' ')
    lines=$(wc -l < "$serial" 2>/dev/null || echo 0)
    last=$(tail -n 1 "$serial" 2>/dev/null | tr -d '\r' | cut -c1-70)
    say "t=$(t_since "$T_CREATE") qemu-xen +$((${q1:-0} - ${q0:-0})) dom0 +$((${b1:-0} - ${b0:-0})) ticks/5s guest ${g1:-?} s; $ctx; serial $lines lines: $last"
    # seconds in an option ROM: real mode (xenctx's "cs:eip: SEG:OFF") with
    # SEG in the ROM area c000-dfff
    seg=$(echo "$ctx" | sed -n 's/.*cs:eip: *\([0-9a-fA-F]*\):.*/\1/p')
    case $seg in [cCdD][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]) rom_s=$((rom_s + 5)) ;; esac
    if [ -z "$first_linux" ] && grep -q -a 'Linux version' "$serial" 2>/dev/null; then
        first_linux=$(t_since "$T_CREATE"); timing kernel_started "$first_linux"
    fi
    q0=$q1 b0=$b1
    [ -n "$MARKER" ] && break
    case ${st:-gone} in *s*|*c*|*d*|gone) break ;; esac
done
timing option_rom_samples_s "$rom_s"
[ -n "$MARKER" ] && { timing marker "$(t_since "$T_CREATE")"; pass "marker: $MARKER"; } ||
    fail "no marker (state ${st:-gone}); kernel started at ${first_linux:-never}"
expect_gone "$name" 60
