# A guest with disks served by xyl-blkback (backend: xyl): xyl writes the
# xenstore entries and starts the daemon; the guest writes a known pattern
# with O_DIRECT + flush and reads it back; dom0 finds the same bytes in the
# image once `xyl destroy` has ended the guest. PV (configs/pv-xyl-disk.yaml):
# one read-write disk; PVH (configs/pvh-xyl-disks.yaml): also a read-only one,
# published as such and left unchanged. PV also (the daemon's side, the same
# for every guest type, so the PVH run, slower under nested SVM, does
# not repeat it): a disk hot-plugged and detached, a
# second boot that finds the first one's data and dies by `xl destroy` (the
# daemon must clean up alone), an image the daemon cannot serve, and a clean
# stop on SIGTERM. The ring: 16 pages on PV (the guest's cmdline asks for
# them), one on PVH (Linux's default).
# lab pv: timeout=540
# lab pvh: timeout=300
lab_types pv pvh
case $LAB_TYPE in
    pv)  cfg=/etc/xyl/configs/pv-xyl-disk.yaml
         img=/var/lib/xen/images/pv-xyl-disk.img; ro= ;;
    pvh) cfg=/etc/xyl/configs/pvh-xyl-disks.yaml
         img=/var/lib/xen/images/pvh-xyl-data.img; ro=/var/lib/xen/images/pvh-xyl-ro.img ;;
esac
name=$(cfg_name $cfg)
root=/local/domain/0/backend/xyl-vbd
log=/var/log/xen/xyl-blkback.log
devid=51728         # xvdb
mib4() { head -c 4194304 "$1" | sha256sum | cut -c1-16; }
want=$(yes xyl-lab-block-pattern | head -c 4194304 | sha256sum | cut -c1-16)
zero=$(mib4 /dev/zero)
say "pattern sha256/16 $want, zeros $zero"
show_log() { say "xyl-blkback log:"; tail -n "${1:-15}" $log 2>/dev/null | sed 's/^/  | /'; }

# nodes_gone DOMID SECS: no xyl-vbd backend directory left for the guest
nodes_gone() {
    local i=0
    while [ $i -lt $(($2 * 2)) ]; do
        xenstore-read "$root/$1" >/dev/null 2>&1 || return 0
        sleep 0.5; i=$((i + 1))
    done
    return 1
}

must dd if=/dev/zero of=$img bs=1M count=16
if [ -n "$ro" ]; then
    must dd if=/dev/zero of=$ro bs=1M count=4
    ro_sum=$(sha256sum < $ro | cut -c1-16)
fi

# ---- round 1: create, check the entries, guest I/O, xyl destroy
xyl_create $cfg
wait_marker "$name" 180
domid=$(xyl_domid "$name")
[ -n "$domid" ] || fail "xyl list does not show $name after the create"
pid=$(cat /run/xyl-blkback.pid 2>/dev/null)
[ -n "$pid" ] && kill -0 "$pid" && pass "xyl create started xyl-blkback (pid $pid)" ||
    { show_log; fail "no xyl-blkback process after the create"; }
be=$root/$domid/$devid
fe=/local/domain/$domid/device/vbd/$devid
must xenstore-ls -p "$root/$domid"
# backend: owned by dom0, the guest may read; frontend: the guest's, dom0 reads
grep -q "^$devid = \"\" .*(n0,r$domid)" "$LAB_TMP/out" && pass "backend dir perms n0,r$domid" ||
    fail "backend dir $be has the wrong permissions"
must xenstore-ls -p "/local/domain/$domid/device/vbd"
grep -q "^$devid = \"\" .*(n$domid,r0)" "$LAB_TMP/out" && pass "frontend dir perms n$domid,r0" ||
    fail "frontend dir $fe has the wrong permissions"

expect_marker guest_type=$TYPE_MARK
case ",$(marker_get blk)," in *,xvdb,*) pass "guest sees xvdb" ;; *) show_log; fail "no xvdb: $MARKER" ;; esac
expect_marker blkpre=$zero
expect_marker blkw=$want
expect_marker blkr=$want
for p in $be $fe; do
    st=$(xenstore-read $p/state 2>&1)
    [ "$st" = 4 ] && pass "$p/state = 4 (Connected)" || fail "$p/state is '$st', want 4"
done
[ "$(xenstore-read $be/sectors)" = 32768 ] && pass "backend publishes 32768 sectors" ||
    fail "backend sectors = '$(xenstore-read $be/sectors 2>&1)'"
# ---- image I/O through io_uring (issue 18), dom0's kernel allowing it
grep -q "image I/O is asynchronous (io_uring" $log && pass "xyl-blkback's image I/O goes through io_uring" ||
    { show_log; fail "xyl-blkback did not set up io_uring (synchronous fallback?)"; }
# ---- the ring (issue 18): xyl-blkback offers 16 pages; the PV guest's
# blkfront asks for them (xen_blkfront.max_ring_page_order=4 on its
# cmdline), the PVH guest's keeps Linux's default of one page
[ "$(xenstore-read $be/max-ring-page-order)" = 4 ] && pass "backend offers max-ring-page-order 4" ||
    fail "backend max-ring-page-order = '$(xenstore-read $be/max-ring-page-order 2>&1)'"
if [ "$LAB_TYPE" = pv ]; then
    order=$(xenstore-read $fe/ring-page-order 2>&1)
    [ "$order" = 4 ] || fail "the guest's blkfront wrote ring-page-order '$order', want 4"
    k=0
    while [ $k -lt 16 ]; do
        xenstore-read $fe/ring-ref$k >/dev/null 2>&1 || fail "the guest wrote no ring-ref$k"
        k=$((k + 1))
    done
    grep -q "domain $domid device $devid: connected (ring of 16 pages, 512 requests" $log &&
        pass "blkfront connected with a 16-page ring (ring-page-order 4, ring-ref0..15; 512 requests)" ||
        { show_log; fail "the daemon did not log a 16-page ring for xvdb"; }
else
    xenstore-read $fe/ring-page-order >/dev/null 2>&1 && fail "the PVH guest wrote a ring-page-order"
    grep -q "domain $domid device $devid: connected (ring of 1 page, 32 requests" $log &&
        pass "blkfront connected with a one-page ring (Linux's default)" ||
        { show_log; fail "the daemon did not log a one-page ring for xvdb"; }
fi
if [ -n "$ro" ]; then
    c=$root/$domid/51744     # xvdc
    case ",$(marker_get blk)," in *,xvdc,*) pass "guest sees xvdc" ;; *) fail "no xvdc: $MARKER" ;; esac
    [ "$(xenstore-read $c/mode)" = r ] && [ "$(xenstore-read $c/info)" = 4 ] &&
        pass "xvdc published read-only (mode r, info VDISK_READONLY)" || fail "xvdc is not read-only"
    [ "$(xenstore-read $c/state)" = 4 ] && pass "xvdc connected" || fail "xvdc state $(xenstore-read $c/state 2>&1)"
fi

# ---- xyl xenstore: the guest's tree and devices; the audit is clean, and
# catches a leftover backend directory of a domain that does not exist
must xyl xenstore ls "$name"
grep -q "^xyl-vbd .*51728 .*4 Connected .*4 Connected" "$LAB_TMP/out" &&
    pass "xyl xenstore ls shows xvdb connected on both ends" || fail "xyl xenstore ls: no connected xyl-vbd row"
must xyl xenstore audit
xenstore-write /local/domain/0/backend/xyl-audit-test/999/1/state 4
run xyl xenstore audit
[ $RC = 1 ] && grep -q "xyl-audit-test/999: backend of a domain that no longer exists" "$LAB_TMP/out" &&
    pass "xyl xenstore audit reports a dead guest's backend" || fail "audit missed the leftover (exit $RC)"
xenstore-rm /local/domain/0/backend/xyl-audit-test
must xyl xenstore audit

if [ "$LAB_TYPE" = pv ]; then
    # ---- hot-plug: a second xyl disk while the guest runs, then a safe detach
    hot=/var/lib/xen/images/pv-xyl-hot.img
    must dd if=/dev/zero of=$hot bs=1M count=8
    must xyl block-attach "$name" "{target: $hot, vdev: xvdc, backend: xyl}"
    hbe=$root/$domid/51744
    hfe=/local/domain/$domid/device/vbd/51744
    i=0
    while [ $i -lt 60 ]; do
        [ "$(xenstore-read $hbe/state 2>/dev/null)$(xenstore-read $hfe/state 2>/dev/null)" = 44 ] && break
        sleep 0.5; i=$((i + 1))
    done
    [ $i -lt 60 ] && pass "hot-attached xvdc: the guest's blkfront connected" ||
        { show_log; fail "xvdc not connected: backend $(xenstore-read $hbe/state 2>&1), frontend $(xenstore-read $hfe/state 2>&1)"; }
    must xyl block-detach "$name" xvdc
    if xenstore-read $hbe/state >/dev/null 2>&1 || xenstore-read $hfe/state >/dev/null 2>&1; then
        fail "xvdc nodes left after block-detach"
    fi
    pass "block-detach: the guest let go, no xvdc nodes left"
    xenstore-read $be/state >/dev/null 2>&1 && pass "xvdb untouched by the detach" || fail "xvdb gone"
fi
must xl list
must xyl destroy "$name"
grep -q "^xyl" "$LAB_TMP/out" && fail "xyl destroy complained: $(head -1 "$LAB_TMP/out")"
expect_gone "$name" 20
nodes_gone "$domid" 10 && pass "xyl destroy left no xyl-vbd nodes" ||
    { run xenstore-ls "$root"; fail "xyl-vbd nodes left for domain $domid"; }
xenstore-read "$fe/state" >/dev/null 2>&1 && fail "frontend $fe left behind"
sum=$(mib4 $img)
[ "$sum" = "$want" ] && pass "dom0 reads the guest's pattern from the image ($sum)" ||
    fail "image checksum $sum, want $want"
if [ -n "$ro" ]; then
    [ "$(sha256sum < $ro | cut -c1-16)" = "$ro_sum" ] && pass "read-only image unchanged" ||
        fail "read-only image changed"
fi

if [ "$LAB_TYPE" = pv ]; then
    # ---- round 2: the data is still there; the guest dies by xl destroy
    xyl_create $cfg
    domid=$(xyl_domid "$name")
    wait_marker "$name" 180
    expect_marker blkpre=$want
    expect_marker blkr=$want
    must xl destroy "$name"
    nodes_gone "$domid" 20 && pass "xl destroy: the daemon removed the xyl-vbd nodes" ||
        { run xenstore-ls "$root"; show_log; fail "xyl-vbd nodes left after xl destroy of $domid"; }
    expect_gone "$name" 20
    # no zombie: the daemon let go of the ring, so Xen could free the domain
    expect_only_dom0
    [ "$(mib4 $img)" = "$want" ] && pass "image still holds the pattern" || fail "image changed"

    # ---- a disk the daemon cannot serve (empty image): the create fails with
    # the daemon's reason and leaves nothing behind
    : > $img
    run xyl create $cfg && fail "create with an empty image succeeded"
    grep -q "smaller than one sector" "$LAB_TMP/out" && pass "empty image refused with the daemon's reason" ||
        fail "no clear message for the empty image"
    expect_only_dom0
    [ -z "$(xenstore-ls $root 2>/dev/null)" ] && pass "no xyl-vbd nodes after the failed create" ||
        { run xenstore-ls $root; fail "the failed create left xyl-vbd nodes"; }

    # ---- the daemon stops cleanly
    pid=$(cat /run/xyl-blkback.pid)
    kill -TERM $pid
    i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
    kill -0 $pid 2>/dev/null && fail "xyl-blkback ignores SIGTERM"
    grep -q "stopped" $log && pass "xyl-blkback stopped on SIGTERM" || fail "no clean stop in the log"
    must xyl xenstore audit
    show_log 30
fi
expect_only_dom0
