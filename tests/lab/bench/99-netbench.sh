# Network benchmark, one boot: the same PV guest with its NIC served by
# xyl-netback vs the kernel's netback (vif-bridge), in alternating rounds
# (xyl first in odd rounds, the kernel first in even ones; TCG figures
# swing, so only ratios within one run count). Each round moves BYTES each
# way over HTTP between dom0 (10.99.0.1 on xenbr0) and the guest: guest ->
# dom0 (dom0 pulls, dom0-timed) and dom0 -> guest (the guest pulls,
# guest-timed), checksums checked. Each round gives one xyl/kernel ratio
# per direction (its two transfers ran back to back); the report has the
# min, median and max of those ratios and their spread ((max - min) /
# median), the medians of each backend, and xyl-netback's CPU time
# (utime+stime from /proc) per GiB moved. Passes when every transfer
# arrived intact. About 1.5 minutes per round under TCG.
# lab: timeout=1200
ROUNDS=3
BYTES=8388608
res=$LAB_TMP/results        # lines: BACKEND DIRECTION ROUND MiB/s CPU-TICKS
: > $res
want=$(net_pat_sum $BYTES)
net_dom0_up

cpu_ticks() { proc_ticks "$(cat /run/xyl-netback.pid 2>/dev/null)"; }

bench_one() {   # BACKEND ROUND
    local be=$1 r=$2 name=netbench-$1-$2 cfg=$LAB_TMP/netbench.yaml domid c0 c1
    sed -e "s/^name: .*/name: $name/" /etc/xyl/configs/pv-xyl-net.yaml > $cfg
    [ $be = kb ] && sed -i '/backend: xyl/d' $cfg
    xyl_create $cfg
    domid=$(xyl_domid $name)
    wait_marker $name 180
    marker_has netping=ok || fail "$name cannot ping dom0: $MARKER"
    c0=$(cpu_ticks)
    net_pull 10.99.0.11 $BYTES
    c1=$(cpu_ticks)
    [ "$NET_SUM" = "$want" ] || fail "$name: guest -> dom0 sha256 $NET_SUM, want $want"
    echo "$be tx $r $(mib_per_s $BYTES $NET_SECS) $((c1 - c0))" >> $res
    [ $be = xyl ] && say "$name guest->dom0 ${NET_SECS}s, xyl-netback CPU $(((c1 - c0)))/100 s"
    c0=$(cpu_ticks)
    net_push $name $domid $BYTES 600 || fail "$name: no @@GUEST-NET line"
    c1=$(cpu_ticks)
    [ "$NET_SUM" = "$want" ] || fail "$name: dom0 -> guest sha256 $NET_SUM, want $want"
    echo "$be rx $r $(mib_per_s $BYTES $NET_SECS) $((c1 - c0))" >> $res
    [ $be = xyl ] && say "$name dom0->guest ${NET_SECS}s, xyl-netback CPU $(((c1 - c0)))/100 s"
    must xyl destroy $name
    # the daemon's own count once the guest is gone: bytes per packet
    # above 1514 mean TSO frames from the guest (tx) or GSO frames to it (rx)
    [ $be = xyl ] && {
        sleep 1
        l=$(grep "domain $domid vif 0: disconnected" /var/log/xen/xyl-netback.log 2>/dev/null | tail -1)
        for dir in tx rx; do
            p=$(echo "$l" | sed -n "s/.*$dir \\([0-9]*\\) packets \\([0-9]*\\) bytes.*/\\1 \\2/p")
            [ -n "$p" ] && say "$name xyl-netback $dir: $p (packets, bytes): $(echo $p | awk '{printf "%d", $1 ? $2 / $1 : 0}') bytes per packet"
        done
        grep "domain $domid vif 0: connected" /var/log/xen/xyl-netback.log 2>/dev/null | tail -1 |
            sed -n 's/.*\(GSO to the guest: [a-z0-9 ]*\).*/    \1/p'
    }
    expect_gone $name 30
}

r=1
while [ $r -le $ROUNDS ]; do
    if [ $((r % 2)) = 1 ]; then order="xyl kb"; else order="kb xyl"; fi
    for be in $order; do bench_one $be $r; done
    r=$((r + 1))
done
pass "every transfer arrived intact in $ROUNDS round(s) of $BYTES bytes each way"
cat $res | sed 's/^/  | /'
for dir in tx rx; do
    line=$(awk -v t=$dir -v bytes=$BYTES '$2 == t { v[$1, $3] = $4; c[$1] = c[$1] " " $5; r[$3] = 1 }
        function sort(a, n,   i, j, x) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
            if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x } }
        function med(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        function med_of(s,   a, n) { n = split(s, a, " "); sort(a, n); return med(a, n) }
        END { for (k in r) { n++; q[n] = v["kb", k] > 0 ? v["xyl", k] / v["kb", k] : 0
                             xs = xs " " v["xyl", k]; ks = ks " " v["kb", k] }
              sort(q, n); m = med(q, n)
              printf "%s xyl/kernel: min %.2f median %.2f max %.2f spread %.0f%% (%d rounds); MiB/s medians xyl %.1f kernel %.1f; xyl-netback CPU %.1f s/GiB",
                     t == "tx" ? "guest->dom0" : "dom0->guest", q[1], m, q[n], m ? (q[n] - q[1]) / m * 100 : 0,
                     n, med_of(xs), med_of(ks), med_of(c["xyl"]) / 100 * 1073741824 / bytes }' $res)
    lab_msg "NOTE $LAB_SCENARIO $line"
done
net_dom0_down
expect_only_dom0
