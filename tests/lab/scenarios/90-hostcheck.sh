# xyl host-check in a real dom0: Xen, its version and caps, the dom0 modules,
# xenstored and xenconsoled, the bridge xenbr0, free memory; --json too.
# Then xenconsoled is stopped: host-check says WARN with the fix, and comes
# back OK once it runs again.  net-list shows xenbr0 with no guest.
# lab: timeout=120
must xyl host-check
for c in xen xen-version module:xen_evtchn module:xen_gntdev module:xen_blkback \
         module:xen_netback xenstored xenconsoled bridges memory xen-pv; do
    awk -v c="$c" '$2 == c && $1 == "OK" {f=1} END{exit !f}' "$LAB_TMP/out" &&
        pass "host-check OK $c" || fail "host-check: $c is not OK: $(awk -v c="$c" '$2 == c' "$LAB_TMP/out")"
done
grep -q "xenbr0" "$LAB_TMP/out" && pass "host-check names xenbr0" || fail "host-check does not name xenbr0"
must xyl host-check --json
grep -q '"ok": true' "$LAB_TMP/out" && pass "host-check --json ok: true" || fail "host-check --json not ok"

# informational (TCG's nested SVM: HAP yes, IOMMU no)
for c in xen-hvm xen-hap xen-iommu cpu-virt; do
    xyl host-check | awk -v c="$c" '$2 == c' | sed "s/^/[$LAB_SCENARIO] /"
done

pid=$(cat /run/xen/xenconsoled.pid 2>/dev/null)
if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    sleep 1
    run xyl host-check
    awk '$2 == "xenconsoled" && $1 == "WARN" && /fix:/ {f=1} END{exit !f}' "$LAB_TMP/out" &&
        pass "host-check WARNs with a fix when xenconsoled is not running" || fail "no WARN for xenconsoled"
    xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest \
        --log-dir=/var/log/xen/console --timestamp=all
    sleep 1
    must xyl host-check
    awk '$2 == "xenconsoled" && $1 == "OK"' "$LAB_TMP/out" | grep -q . && pass "OK again" || fail "xenconsoled not OK again"
else
    lab_msg "NOTE $LAB_SCENARIO could not stop xenconsoled; WARN path not exercised"
fi

must xyl net-list
grep -q "^xenbr0 *up" "$LAB_TMP/out" && pass "net-list: xenbr0 up" || fail "net-list does not show xenbr0 up"
