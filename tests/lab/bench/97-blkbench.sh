# Disk benchmark, one boot, same kind of image: a PV guest's xvdb served by
# xyl-blkback vs the kernel's blkback (phy on a loop device) vs QEMU's qdisk,
# and xyl-blkback again with the guest's blkfront told not to use persistent
# grants (xen_blkfront.feature_persistent=0: every request by grant copy, as
# before xyl-blkback offered them; issue 18 asks to choose by measurement),
# alternating rounds (TCG figures swing: only ratios within one run count;
# each is also reported per round: min, median, max and spread).
# The guest runs xyl-blkbench (O_DIRECT: 1 MiB sequential, 4 KiB random QD1
# and QD8), shipped to it on a read-only xyl disk. Passes when every run
# reports every test; the ratios are reported (goals: >= 1.0x qdisk, >= 0.8x
# kernel blkback), not enforced. The guest's blkfront asks for a ring of 16
# pages (xen_blkfront.max_ring_page_order=4), which all three backends offer.
# Five rounds (issue 18: two runs' ratios should agree within 10%; with two
# rounds they moved by up to 2.5x), none started after 960 s; also
# xyl-blkback's CPU seconds per GiB moved in its rounds (with and without
# persistent grants).
# lab: timeout=2400
ROUNDS=5
TESTS="seqw-1m seqr-1m randr-4k randw-4k randr-4k-qd8"
res=$LAB_TMP/results        # lines: BACKEND TEST VALUE ROUND
cpu=$LAB_TMP/cpu            # lines: TICKS BYTES (xyl-blkback, per xyl round)
cpu_xc=$LAB_TMP/cpu-xc      # the same for the rounds without persistent grants
: > $res
: > $cpu
: > $cpu_xc
cpu_ticks() { proc_ticks "$(cat /run/xyl-blkback.pid 2>/dev/null)"; }

must mkdir -p /img
must mount -t tmpfs -o size=300m tmpfs /img
tool=/img/tool.img
bin=/usr/sbin/xyl-blkbench
[ -x $bin ] || fail "no $bin in dom0 (build/xyl-blkbench)"
printf 'XYLTOOL %s\n' "$(wc -c < $bin)" > $tool
must dd if=$bin of=$tool bs=4096 seek=1 conv=notrunc
must dd if=/dev/zero of=$tool bs=1M seek=2 count=0
for be in xyl xc kb qd; do must dd if=/dev/zero of=/img/$be.img bs=1M count=64; done
lo=$(losetup -f) && must losetup $lo /img/kb.img
say "kernel blkback image on $lo"

bench_one() {   # BACKEND ROUND
    local be=$1 r=$2 name=bench-$1-$2 cfg=$LAB_TMP/bench-$1-$2.yaml target backend log st extra=
    case $be in
        xyl) target=/img/xyl.img backend=xyl ;;
        xc)  target=/img/xc.img backend=xyl extra=" xen_blkfront.feature_persistent=0" ;;
        kb)  target=$lo backend=phy ;;
        qd)  target=/img/qd.img backend=qdisk ;;
    esac
    cat > $cfg <<YAML
name: $name
type: pv
memory: 256M
vcpus: 1
kernel: /var/lib/xyl/boot/vmlinux
ramdisk: /var/lib/xyl/boot/initrd.img
cmdline: console=hvc0 xyl_lab=bench-$be xyl_bench=xvdc,xvdb xen_blkfront.max_ring_page_order=4$extra
disks:
  - { target: $target, vdev: xvdb, format: raw, backend: $backend }
  - { target: $tool, vdev: xvdc, access: ro, backend: xyl }
on_poweroff: destroy
on_reboot: destroy
on_crash: destroy
YAML
    xyl_create $cfg
    c0=$(cpu_ticks)
    log=$CONSOLE_LOGS/guest-$name.log
    i=0
    while ! grep -q "@@GUEST-BENCH done" $log 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt 600 ] || { tail -20 $log; fail "$name: no benchmark result after 300 s"; }
        [ $((i % 60)) = 0 ] && say "waiting for $name ($((i / 2)) s)"
        sleep 0.5
    done
    c1=$(cpu_ticks)
    grep -o "@@GUEST-BENCH.*" $log | tr -d '\r' | sed 's/^/  | /'
    if [ $be = xyl ] || [ $be = xc ]; then
        bytes=$(grep -o "@@GUEST-BENCH test=.*" $log | tr -d '\r' |
                sed -n 's/.* bytes=\([0-9]*\) .*/\1/p' | awk '{s += $1} END {print s + 0}')
        echo "$((c1 - c0)) $bytes" >> "$([ $be = xyl ] && echo $cpu || echo $cpu_xc)"
        say "$name: xyl-blkback CPU $((c1 - c0))/100 s for $bytes bytes"
    fi
    say "$name: xvdb's ring-page-order $(xenstore-read /local/domain/$(xyl_domid $name)/device/vbd/51728/ring-page-order 2>&1)"
    # the blkfront of the copy rounds must not have taken persistent grants
    if [ $be = xyl ] || [ $be = xc ]; then
        st=$(xenstore-read /local/domain/$(xyl_domid $name)/device/vbd/51728/feature-persistent 2>&1)
        say "$name: xvdb's feature-persistent (the frontend's) $st"
        [ "$st" = "$([ $be = xyl ] && echo 1 || echo 0)" ] || fail "$name: the frontend's feature-persistent is '$st'"
    fi
    grep -q "@@GUEST-BENCH error" $log && fail "$name: $(grep -o '@@GUEST-BENCH error.*' $log)"
    for t in $TESTS; do
        st=$(grep -o "@@GUEST-BENCH test=$t .*" $log | tr -d '\r' | head -1)
        [ -n "$st" ] || fail "$name: no result for $t"
        case $t in
            seq*) v=$(echo "$st" | sed -n 's/.* MBps=\([0-9.]*\).*/\1/p') ;;
            *)    v=$(echo "$st" | sed -n 's/.* iops=\([0-9.]*\).*/\1/p') ;;
        esac
        echo "$be $t $v $r" >> $res
    done
    must xyl destroy $name
    expect_gone $name 30
}

# the lab is shared: no round starts after ROUND_SECS (at least 2 rounds run)
ROUND_SECS=960
t_start=$(t_now)
r=1
while [ $r -le $ROUNDS ]; do
    if [ $r -gt 2 ] && [ "$(t_since $t_start | cut -d. -f1)" -ge $ROUND_SECS ]; then
        say "round $r not started: $(t_since $t_start) s spent (limit $ROUND_SECS s)"
        break
    fi
    # alternate the order between rounds
    if [ $((r % 2)) = 1 ]; then order="xyl kb qd xc"; else order="xc qd kb xyl"; fi
    for be in $order; do bench_one $be $r; done
    r=$((r + 1))
done
ROUNDS=$((r - 1))
pass "every backend reported every test in $ROUNDS round(s) ($(t_since $t_start) s)"

# medians (of ROUNDS values) and ratios
say "results (seq: MB/s, random: IOPS; median of $ROUNDS rounds):"
for t in $TESTS; do
    line=$(awk -v t=$t '$2 == t {v[$1] = v[$1] " " $3}
        function med(s,   a, n, i, j, x) { n = split(s, a, " ");
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { x = med(v["xyl"]); k = med(v["kb"]); q = med(v["qd"]); c = med(v["xc"]);
              printf "%s xyl=%.1f kernel=%.1f qdisk=%.1f xyl-copy=%.1f xyl/kernel=%.2f xyl/qdisk=%.2f xyl/xyl-copy=%.2f",
                     t, x, k, q, c, k ? x / k : 0, q ? x / q : 0, c ? x / c : 0 }' $res)
    lab_msg "NOTE $LAB_SCENARIO $line"
    for other in kb qd xc; do   # per-round ratios: the two ran in the same round
        st=$(awk -v t=$t -v o=$other '$2 == t { v[$1, $4] = $3; r[$4] = 1 }
            END { for (k in r) print v["xyl", k], v[o, k] }' $res | ratio_stats)
        lab_msg "NOTE $LAB_SCENARIO $t xyl/$(case $other in kb) echo kernel ;; qd) echo qdisk ;; *) echo xyl-copy ;; esac) per round: $st"
    done
done
for f in $cpu $cpu_xc; do
    lab_msg "NOTE $LAB_SCENARIO $(awk -v what="$([ $f = $cpu ] && echo "persistent grants" || echo "grant copy")" '{t += $1; b += $2} END {printf "xyl-blkback CPU %.1f s/GiB with %s (%.1f s for %.0f MiB in %d rounds)", b ? t / 100 / (b / 1073741824) : 0, what, t / 100, b / 1048576, NR}' $f)"
done
# XYL_LAB_STRACE=1 (strace in dom0): one more xyl round under strace -c,
# not in the figures above (tracing slows the daemon): its system calls
# and how many of each per guest I/O
if command -v strace > /dev/null; then
    pid=$(cat /run/xyl-blkback.pid 2>/dev/null)
    strace -c -f -o $LAB_TMP/strace -p "$pid" &
    spid=$!
    sleep 1
    bench_one xyl strace
    kill -INT $spid; wait $spid
    # the guest's I/Os of the round (a 1 MiB one is one indirect request)
    n=$(grep -o "@@GUEST-BENCH test=.*" $CONSOLE_LOGS/guest-bench-xyl-strace.log | tr -d '\r' |
        sed -n 's/.* ops=\([0-9]*\) .*/\1/p' | awk '{s += $1} END {print s + 0}')
    say "xyl-blkback under strace -c -f for one round of $n guest I/Os:"
    sed 's/^/  | /' $LAB_TMP/strace
    lab_msg "NOTE $LAB_SCENARIO syscalls per guest I/O under strace: $(awk -v n=$n '
        $NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && n > 0 { printf "%s %.2f; ", $NF, $4 / n }' $LAB_TMP/strace)"
fi
losetup -d $lo
umount /img
expect_only_dom0
