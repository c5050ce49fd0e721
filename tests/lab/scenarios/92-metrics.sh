# Metrics of real guests (issue 17): a PV guest on xyl-netback, one with
# a kernel-blkback disk and a kernel vif, one with an xyl-blkback disk.
# `xyl stats --json` carries xyl-netback's and xyl-blkback's own counters
# and the kernel disk's requests, `xyl top -b` shows
# xentop's rows (the same domains as Debian's xentop) with a CPU(%) on the
# second screen, and xyl-exporter, scraped over HTTP, serves them in the
# Prometheus format: the scenario sends the scrape as the lab file
# metrics.prom and the host runs promtool check metrics on it
# (tests/lab/lib/metrics.sh).
# lab: timeout=420
net=/etc/xyl/configs/pv-xyl-net.yaml
disk=/etc/xyl/configs/pv-disk-net.yaml
xdisk=/etc/xyl/configs/pv-xyl-disk.yaml
nname=$(cfg_name $net)
dname=$(cfg_name $disk)
xname=$(cfg_name $xdisk)
img=/var/lib/xen/images/pv-disk-net.img
ximg=/var/lib/xen/images/pv-xyl-disk.img
port=9920

net_dom0_up
xyl_create $net
wait_marker "$nname" 180
ping -c 3 -W 5 10.99.0.11 >/dev/null 2>&1 && pass "dom0 pings $nname" || fail "dom0 cannot ping 10.99.0.11"
must dd if=/dev/zero of=$img bs=1M count=16
xyl_create $disk
wait_marker "$dname" 180
must dd if=/dev/zero of=$ximg bs=1M count=8
xyl_create $xdisk
wait_marker "$xname" 180
sleep 1.5       # the daemons publish their counters at most once a second

# ---- xyl stats
must xyl stats "$xname"
must xyl stats --json "$nname" "$dname" "$xname"
tr -d ' \n' < "$LAB_TMP/out" > "$LAB_TMP/stats"
grep -q '"backend":"xyl-netback","rx_bytes":[0-9]*,"rx_packets":[1-9]' "$LAB_TMP/stats" &&
    pass "stats --json: the xyl-netback NIC received packets" || fail "stats --json: no xyl-netback rx packets"
grep -q '"xyl_counters":{"tx_packets":[1-9]' "$LAB_TMP/stats" &&
    pass "stats --json: xyl-netback's own counters" || fail "stats --json: no xyl_counters"
grep -q '"backend":"kernel","oo_requests":[0-9]*,"read_requests":[1-9]' "$LAB_TMP/stats" &&
    pass "stats --json: the kernel vbd's read requests" || fail "stats --json: no kernel vbd reads"
grep -q '"backend":"xyl-blkback","oo_requests":0,"read_requests":[1-9][0-9]*,"write_requests":[0-9]*,"read_sectors":[1-9]' "$LAB_TMP/stats" &&
    pass "stats --json: the xyl-blkback disk's reads and sectors" || fail "stats --json: no xyl-blkback reads"
grep -q '"xyl_counters":{"reads":[1-9]' "$LAB_TMP/stats" &&
    pass "stats --json: xyl-blkback's own counters" || fail "stats --json: no xyl-blkback xyl_counters"
run xyl stats nosuchguest
[ $RC = 1 ] && grep -q "nosuchguest: no such domain" "$LAB_TMP/out" && pass "stats of an unknown guest: exit 1, named" ||
    fail "stats nosuchguest: exit $RC"

# ---- xyl top: two screens, one second apart; the names of xentop's
must xyl top -b -d 1 -i 2
awk -v n="$nname" '$1 == n && $4 ~ /^[0-9.]+$/ {f=1} END {exit !f}' "$LAB_TMP/out" &&
    pass "top: $nname with a CPU(%) on the second screen" || fail "top: no CPU(%) for $nname"
awk '/^ *NAME /{s++} END {exit s != 2}' "$LAB_TMP/out" && pass "top -i 2: two screens" || fail "top: not two screens"
# (xentop shows 10 characters of a name)
awk '$1 != "NAME" && $2 ~ /^[-rbpscd][-rbpscd][-rbpscd][-rbpscd][-rbpscd][-rbpscd]$/ {print substr($1, 1, 10)}' \
    "$LAB_TMP/out" | sort -u > "$LAB_TMP/ours"
if command -v xentop >/dev/null 2>&1; then
    xentop -b -i 1 2>/dev/null | awk '$1 != "NAME" && NF > 10 {print substr($1, 1, 10)}' | sort -u > "$LAB_TMP/theirs"
    cmp -s "$LAB_TMP/ours" "$LAB_TMP/theirs" && pass "top lists xentop's domains: $(tr '\n' ' ' < "$LAB_TMP/ours")" ||
        fail_soft "top lists $(tr '\n' ' ' < "$LAB_TMP/ours"), xentop $(tr '\n' ' ' < "$LAB_TMP/theirs")"
fi

# ---- xyl-exporter.  This dom0 boots with lo down, and a connection to any
# of its own addresses goes through lo: up for the scrape, down again after
lo_was=$(cat /sys/class/net/lo/operstate 2>/dev/null)
ip link set lo up
ip addr add 127.0.0.1/8 dev lo 2>/dev/null
xyl-exporter --listen 127.0.0.1 --port $port 2> "$LAB_TMP/exporter.log" &
exp=$!
i=0
while [ $i -lt 20 ] && ! grep -q serving "$LAB_TMP/exporter.log"; do sleep 0.5; i=$((i + 1)); done
grep -q serving "$LAB_TMP/exporter.log" && pass "xyl-exporter: $(cat "$LAB_TMP/exporter.log")" ||
    { kill $exp 2>/dev/null; fail "xyl-exporter did not start: $(cat "$LAB_TMP/exporter.log")"; }
m=$LAB_TMP/metrics
timeout 30 busybox wget -q -O "$m" "http://127.0.0.1:$port/metrics" && pass "scraped /metrics ($(wc -l < "$m") lines)" ||
    { kill $exp; fail "GET /metrics failed"; }
timeout 30 busybox wget -q -O /dev/null "http://127.0.0.1:$port/nosuch" 2>/dev/null &&
    fail_soft "GET /nosuch answered 200" || pass "GET /nosuch: not found"
kill $exp
wait $exp
rc=$?
[ "$lo_was" = down ] && ip link set lo down
[ $rc = 0 ] && pass "xyl-exporter stopped on SIGTERM (exit 0)" || fail_soft "xyl-exporter exited $rc on SIGTERM"
# the figures: a number above zero where the guests did something
pos() { grep "^$1{domain=\"$2\"" "$m" | grep "$3" | awk '$NF > 0 {f=1} END {exit !f}'; }
pos xyl_domain_cpu_seconds_total "$nname" "" && pass "cpu_seconds_total of $nname > 0" || fail "no CPU time for $nname"
pos xyl_domain_memory_bytes "$dname" "" && pass "memory_bytes of $dname > 0" || fail "no memory for $dname"
pos xyl_vif_receive_packets_total "$nname" 'backend="xyl-netback"' &&
    pass "xyl-netback NIC's receive_packets_total > 0" || fail "no xyl-netback receive packets"
pos xyl_vbd_read_bytes_total "$dname" 'backend="kernel"' && pass "the kernel vbd's read_bytes_total > 0" ||
    fail "no kernel vbd read bytes"
pos xyl_vbd_read_requests_total "$xname" 'backend="xyl-blkback"' && pass "the xyl-blkback disk's read_requests_total > 0" ||
    fail "no xyl-blkback read requests"
grep -q '^xyl_blkback_requests_total{domain="'"$xname"'",.*kind="flushes"} [0-9]*$' "$m" &&
    pass "xyl_blkback_requests_total by kind" || fail "no xyl_blkback_requests_total{kind=flushes}"
grep -q '^xyl_netback_errors_total{domain="'"$nname"'",.*reason="tx_bad_slots"} 0$' "$m" &&
    pass "xyl_netback_errors_total by reason" || fail "no xyl_netback_errors_total{reason=tx_bad_slots}"
# for the host's promtool (tests/lab/lib/metrics.sh)
lab_file metrics.prom "$m"

must xyl destroy "$xname"
must xyl destroy "$dname"
must xyl destroy "$nname"
net_dom0_down
rm -f $img $ximg
[ "${LAB_FAILED:-0}" = 0 ] || fail "$LAB_FAILED check(s) above failed"
