# The PVH half of the userspace network backend (issue 20's last goal): a
# PVH guest on xyl-netback (pvh-xyl-net, 10.99.0.11) and a second guest on
# the same bridge (pv-xyl-peer, 10.99.0.12: PV, on xyl-netback too; why in
# dom0/lib.sh, netpvh_up).  The PVH guest pings dom0 and the second guest,
# the second guest and dom0 ping it; then 64 MiB each way, each checked by
# sha256 (16 hex): PVH guest -> second guest, second guest -> PVH guest,
# PVH guest -> dom0, dom0 -> PVH guest, each timed (MiB/s as TIME lines);
# after each the PVH guest still runs and Xen logged no triple fault for it.
# `make lab-netback-pvh`, not in CI: the four transfers take 10-25 min
# under TCG (64 MiB from the PVH guest at 0.11-0.43 MiB/s, to it at
# 0.28-1.13 on 2026-12-07; tests/lab/README.md), and the CI lab tier is at
# its budget;
# CI's 92-netback-pvh keeps 16 MiB and the pings between the two guests.
# lab: timeout=1800
bytes=67108864
want=$(net_pat_sum $bytes)
say "pattern of $bytes bytes: sha256/16 $want"

netpvh_up peer
ping -c 3 -W 5 10.99.0.11 >/dev/null 2>&1 && pass "dom0 pings the PVH guest" ||
    { netpvh_show_log; fail "dom0 cannot ping the PVH guest 10.99.0.11"; }

# xfer_check WHAT KEY: the transfer just made arrived intact; TIME KEY in
# MiB/s; the PVH guest still runs, no triple fault for it in Xen's log
xfer_check() {
    [ -n "$NET_SECS" ] && [ "$NET_SUM" = "$want" ] &&
        pass "$1: $bytes bytes intact (sha256/16 $NET_SUM) in $NET_SECS s, $(mib_per_s $bytes "$NET_SECS") MiB/s" ||
        { netpvh_show_log; fail "$1: sha256/16 '$NET_SUM' after '${NET_SECS:-no answer}' s, want $want"; }
    timing "$2" "$(mib_per_s $bytes "$NET_SECS")"
    expect_running "$name" "$1"
    tf=$(xl dmesg | grep -c "d${domid}v[0-9]* Triple fault")
    [ "$tf" = 0 ] && pass "$1: no triple fault of the PVH guest in Xen's log" ||
        fail "$1: Xen logged $tf triple faults of the PVH guest (domid $domid)"
}

net_push pv-xyl-peer "$peer_domid" $bytes 600 10.99.0.11 ||
    { netpvh_show_log; fail "PVH guest -> second guest: no @@GUEST-NET line"; }
xfer_check "PVH guest -> second guest" to_peer_mibps
net_push "$name" "$domid" $bytes 600 10.99.0.12 ||
    { netpvh_show_log; fail "second guest -> PVH guest: no @@GUEST-NET line"; }
xfer_check "second guest -> PVH guest" from_peer_mibps
net_pull 10.99.0.11 $bytes 600
xfer_check "PVH guest -> dom0" tx_mibps
net_push "$name" "$domid" $bytes 600 || { netpvh_show_log; fail "dom0 -> PVH guest: no @@GUEST-NET line"; }
xfer_check "dom0 -> PVH guest" rx_mibps

sleep 1.5
say "xyl-netback counters: PVH guest $(xenstore-read $root/$domid/0/xyl-stats 2>/dev/null | cut -d' ' -f1-4); second guest $(xenstore-read $root/$peer_domid/0/xyl-stats 2>/dev/null | cut -d' ' -f1-4)"
netpvh_gone pv-xyl-peer "$peer_domid"
netpvh_gone "$name" "$domid"
expect_only_dom0
net_dom0_down
