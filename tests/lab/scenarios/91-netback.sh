# A PV guest whose NIC is served by xyl-netback (configs/pv-xyl-net.yaml,
# backend: xyl): xyl writes the vif's xenstore entries and starts the
# daemon, which puts a TAP (xylvif<domid>.0) into xenbr0. The guest pings
# dom0; 64 MiB go each way over HTTP and arrive intact (sha256); a second
# guest pings the first through the bridge; network-attach/-list/-detach
# of a second xyl NIC; destroy (xyl and xl) leaves no TAP and no nodes.
# xyl-netback killed (SIGKILL) during an 8 MiB transfer and started again:
# the vif re-attached, ping, that transfer and one more intact, counters.
# GSO towards the guest is switched on for Linux's netfront (issue 18).
# lab: timeout=600
cfg=/etc/xyl/configs/pv-xyl-net.yaml
name=$(cfg_name $cfg)
root=/local/domain/0/backend/xyl-vif
log=/var/log/xen/xyl-netback.log
bytes=${XYL_NET_BYTES:-67108864}
show_log() { say "xyl-netback log:"; tail -n "${1:-20}" $log 2>/dev/null | sed 's/^/  | /'; }
want=$(net_pat_sum $bytes)
say "pattern of $bytes bytes: sha256/16 $want"

net_dom0_up

# ---- create: entries, daemon, TAP in the bridge
xyl_create $cfg
domid=$(xyl_domid "$name")
[ -n "$domid" ] || fail "xyl list does not show $name after the create"
pid=$(cat /run/xyl-netback.pid 2>/dev/null)
[ -n "$pid" ] && kill -0 "$pid" && pass "xyl create started xyl-netback (pid $pid)" ||
    { show_log; fail "no xyl-netback process after the create"; }
tap=xylvif$domid.0
[ -e /sys/class/net/$tap/brport ] && pass "$tap is a port of $(basename "$(readlink /sys/class/net/$tap/master)")" ||
    { show_log; fail "$tap is not in a bridge"; }
must xenstore-ls -p "$root/$domid"
grep -q "^0 = \"\" .*(n0,r$domid)" "$LAB_TMP/out" && pass "backend dir perms n0,r$domid" ||
    fail "backend dir has the wrong permissions"

wait_marker "$name" 180
expect_marker guest_type=PV
case ",$(marker_get net)," in *,eth0,*) pass "guest sees eth0" ;; *) show_log; fail "no eth0: $MARKER" ;; esac
for p in $root/$domid/0 /local/domain/$domid/device/vif/0; do
    st=$(xenstore-read $p/state 2>&1)
    [ "$st" = 4 ] && pass "$p/state = 4 (Connected)" || { show_log; fail "$p/state is '$st', want 4"; }
done
marker_has netping=ok && pass "the guest pings dom0 through xyl-netback" ||
    { show_log; run ip -s link show $tap; fail "guest cannot ping dom0: $MARKER"; }
ping -c 3 -W 5 10.99.0.11 >/dev/null 2>&1 && pass "dom0 pings the guest" || fail "dom0 cannot ping 10.99.0.11"

# ---- bulk: guest -> dom0 (dom0 fetches from the guest's httpd)
net_pull 10.99.0.11 $bytes
[ "$NET_SUM" = "$want" ] && pass "guest -> dom0: $bytes bytes intact in $NET_SECS s" ||
    { show_log; fail "guest -> dom0: sha256 $NET_SUM, want $want"; }
timing net_tx_mibps "$(mib_per_s $bytes $NET_SECS)"
# ---- bulk: dom0 -> guest (the guest fetches from dom0 once told)
net_push "$name" $domid $bytes 300 || { show_log; fail "no @@GUEST-NET line from the guest"; }
[ "$NET_SUM" = "$want" ] && pass "dom0 -> guest: $bytes bytes intact in $NET_SECS s" ||
    { show_log; fail "dom0 -> guest: sha256 $NET_SUM, want $want"; }
timing net_rx_mibps "$(mib_per_s $bytes $NET_SECS)"
# ---- GSO towards the guest (issue 18): Linux's netfront asks for TCPv4
# and TCPv6 GSO with sg and IPv6 checksums, so the TAP hands over whole
# 64 KiB frames; the bytes per rx packet say whether dom0 sent them
gso=$(grep "domain $domid vif 0: connected" $log | tail -1 | sed -n 's/.*GSO to the guest: \([a-z0-9 ]*\).*/\1/p')
case "$gso" in tcpv4*) pass "GSO towards the guest switched on: $gso" ;;
    *) show_log; fail "GSO towards the guest not switched on ('$gso')" ;; esac
sleep 1.5
st=$(xenstore-read $root/$domid/0/xyl-stats 2>/dev/null)
say "dom0 -> guest: $(echo "$st" | tr ' ' '\n' | awk -F= '$1 == "rx_packets" { p = $2 } $1 == "rx_bytes" { b = $2 }
    END { printf "%d bytes per rx packet (%d packets)", p ? b / p : 0, p }')"

# ---- counters: xyl network-list (text and JSON)
sleep 1.5
must xyl network-list "$name"
grep -q "xyl-netback, bridge xenbr0: tx_packets=[1-9]" "$LAB_TMP/out" &&
    pass "network-list shows the xyl NIC and its counters" || fail "network-list: no xyl NIC counters"
must xyl network-list --json "$name"
grep -q '"rx_bytes": *[1-9]' "$LAB_TMP/out" && pass "network-list --json has rx_bytes" ||
    fail "network-list --json lacks the counters"

# ---- SIGKILL during a transfer, the daemon started again (issue 19): the
# way xyl starts it when no systemd runs (`xyl-netback --daemon --confine`,
# what the unit's Restart= runs too); it re-attaches the guest's vif from
# xenstore, resumes its rings at the last published responses and puts a
# new TAP into the bridge.  The transfer cut by the kill goes on (TCP
# retransmits), dom0 pings the guest again (echo request on its rx ring,
# reply on its tx ring), 8 MiB more arrive intact, the counters count.
kbytes=8388608
kwant=$(net_pat_sum $kbytes)
( net_pull 10.99.0.11 $kbytes 120; echo "$NET_SUM $NET_SECS" > $LAB_TMP/killpull ) &
kpull=$!
sleep 1.5
kill -0 $kpull 2>/dev/null && say "the 8 MiB transfer is under way at the kill" ||
    say "the 8 MiB transfer ended before the kill (it is checked all the same)"
kill -KILL $pid
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 $pid 2>/dev/null && fail "xyl-netback survived SIGKILL"
T_RESTART=$(t_now)
must xyl-netback --daemon --confine
pid2=$(cat /run/xyl-netback.pid 2>/dev/null)
[ -n "$pid2" ] && [ "$pid2" != "$pid" ] && kill -0 "$pid2" && pass "xyl-netback started again (pid $pid2)" ||
    { show_log; fail "no new xyl-netback after the SIGKILL"; }
pid=$pid2
i=0
while ! ping -c 1 -W 1 10.99.0.11 >/dev/null 2>&1 && [ $i -lt 60 ]; do i=$((i + 1)); done
tping=$(t_since "$T_RESTART")
[ $i -lt 60 ] && pass "dom0 pings the guest again $tping s after the restart" ||
    { show_log 30; run ip -s link show $tap; fail "no ping through the restarted xyl-netback"; }
timing restart_to_ping "$tping"
grep "pid $pid" $log | head -n 1 | grep -q "confined" && pass "the new daemon serves confined" ||
    fail_soft "the new daemon's start line does not say confined"
grep -q "domain $domid vif 0: connected again" $log && pass "the guest's vif re-attached (connected again)" ||
    { show_log 30; fail "no 'connected again' for domain $domid vif 0"; }
[ -e /sys/class/net/$tap/brport ] && pass "$tap is back in $(basename "$(readlink /sys/class/net/$tap/master)")" ||
    { show_log; fail "$tap is not in a bridge after the restart"; }
wait $kpull
read -r ksum ksecs < $LAB_TMP/killpull
[ "$ksum" = "$kwant" ] && pass "the transfer cut by SIGKILL arrived intact ($kbytes bytes in $ksecs s)" ||
    { show_log 30; fail "the transfer cut by SIGKILL: sha256 $ksum, want $kwant"; }
net_pull 10.99.0.11 $kbytes
[ "$NET_SUM" = "$kwant" ] && pass "after the restart, guest -> dom0: $kbytes bytes intact in $NET_SECS s" ||
    { show_log 30; fail "after the restart: sha256 $NET_SUM, want $kwant"; }
sleep 1.5
st=$(xenstore-read $root/$domid/0/xyl-stats 2>/dev/null)
case " $st " in *" tx_packets=0 "*|*" rx_packets=0 "*|"  ") show_log; fail "counters after the restart: '$st'" ;;
    *) pass "the new daemon's counters count: $(echo "$st" | cut -d' ' -f1-4)" ;; esac

# ---- a second guest talks to the first through the bridge
sed -e 's/^name: .*/name: pv-xyl-net2/' -e 's/xyl_ip=10.99.0.11/xyl_ip=10.99.0.12/' \
    -e 's/xyl_peer=10.99.0.1 */xyl_peer=10.99.0.11 /' -e 's/00:16:3e:99:00:11/00:16:3e:99:00:12/' \
    $cfg > $LAB_TMP/net2.yaml
must xyl create $LAB_TMP/net2.yaml
wait_marker pv-xyl-net2 180
marker_has netping=ok && pass "guest 2 pings guest 1 through the bridge" ||
    { show_log; fail "guest 2 cannot ping guest 1: $MARKER"; }
domid2=$(xyl_domid pv-xyl-net2)

# ---- hot-plug: a second xyl NIC, listed, then detached
must xyl network-attach "$name" "{backend: xyl, mac: '00:16:3e:99:01:11'}"
i=0
while [ $i -lt 60 ]; do
    [ "$(xenstore-read $root/$domid/1/state 2>/dev/null)$(xenstore-read /local/domain/$domid/device/vif/1/state 2>/dev/null)" = 44 ] && break
    sleep 0.5; i=$((i + 1))
done
[ $i -lt 60 ] && pass "hot-attached xyl network 1: the guest's netfront connected" ||
    { show_log; fail "network 1 not connected"; }
[ -e /sys/class/net/xylvif$domid.1/brport ] && pass "xylvif$domid.1 in the bridge" || fail "no xylvif$domid.1"
must xyl network-detach "$name" 1
xenstore-read $root/$domid/1/state >/dev/null 2>&1 && fail "network 1 nodes left after detach"
i=0; while [ -e /sys/class/net/xylvif$domid.1 ] && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
[ -e /sys/class/net/xylvif$domid.1 ] && fail "xylvif$domid.1 left after detach"
pass "network-detach: nodes and TAP gone"

# ---- destroy: by xyl, then by xl (the daemon cleans up alone)
must xyl destroy "$name"
expect_gone "$name" 20
xs_gone "$root/$domid" 10 && pass "xyl destroy left no xyl-vif nodes" || fail "xyl-vif nodes left for $domid"
i=0; while [ -e /sys/class/net/$tap ] && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
[ -e /sys/class/net/$tap ] && fail "$tap left after destroy"
must xl destroy pv-xyl-net2
xs_gone "$root/$domid2" 20 && pass "xl destroy: the daemon removed the xyl-vif nodes" ||
    { show_log; fail "xyl-vif nodes left after xl destroy of $domid2"; }
expect_gone pv-xyl-net2 20
expect_only_dom0
must xyl xenstore audit

# ---- the daemon stops cleanly
kill -TERM $pid
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
kill -0 $pid 2>/dev/null && fail "xyl-netback ignores SIGTERM"
grep -q "stopped" $log && pass "xyl-netback stopped on SIGTERM" || fail "no clean stop in the log"
net_dom0_down
show_log 40
