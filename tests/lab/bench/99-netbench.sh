# Network benchmark, one boot (16 MiB each way per round: TCG is slow): the same PV guest with its NIC served by
# xyl-netback vs the kernel's netback (vif-bridge), alternating rounds (TCG
# figures swing: only ratios within one run count). Each round moves
# BYTES each way over HTTP between dom0 (10.99.0.1 on xenbr0) and the guest:
# guest -> dom0 (dom0 pulls, dom0-timed) and dom0 -> guest (the guest
# pulls, guest-timed), checksums checked. xyl-netback's CPU time per
# transfer (utime+stime from /proc) says where its share of the time goes.
# Reports medians and xyl/kernel ratios; passes when every transfer
# arrived intact.
# lab: timeout=1200
ROUNDS=2
BYTES=16777216
res=$LAB_TMP/results        # lines: BACKEND DIRECTION MiB/s
: > $res
want=$(net_pat_sum $BYTES)
net_dom0_up

cpu_ticks() { awk '{print $14 + $15}' /proc/$(cat /run/xyl-netback.pid)/stat 2>/dev/null || echo 0; }

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
    echo "$be tx $(mib_per_s $BYTES $NET_SECS)" >> $res
    [ $be = xyl ] && say "$name guest->dom0 ${NET_SECS}s, xyl-netback CPU $(((c1 - c0)))/100 s"
    c0=$(cpu_ticks)
    net_push $name $domid $BYTES 600 || fail "$name: no @@GUEST-NET line"
    c1=$(cpu_ticks)
    [ "$NET_SUM" = "$want" ] || fail "$name: dom0 -> guest sha256 $NET_SUM, want $want"
    echo "$be rx $(mib_per_s $BYTES $NET_SECS)" >> $res
    [ $be = xyl ] && say "$name dom0->guest ${NET_SECS}s, xyl-netback CPU $(((c1 - c0)))/100 s"
    must xyl destroy $name
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
    line=$(awk -v t=$dir '$2 == t {v[$1] = v[$1] " " $3}
        function med(s,   a, n, i, j, x) { n = split(s, a, " ");
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { x = med(v["xyl"]); k = med(v["kb"]);
              printf "%s MiB/s xyl=%.1f kernel=%.1f xyl/kernel=%.2f", t == "tx" ? "guest->dom0" : "dom0->guest",
                     x, k, k ? x / k : 0 }' $res)
    lab_msg "NOTE $LAB_SCENARIO $line"
done
net_dom0_down
expect_only_dom0
