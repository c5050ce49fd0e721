# A PVH guest whose NIC is served by xyl-netback (pv-xyl-net.yaml as PVH):
# it gets its address, pings dom0, and 16 MiB go each way intact; destroy
# leaves no TAP and no nodes. PVH guests triple-fault about 1 boot in 3
# under nested SVM in TCG: one retry, reported by the runner.
# lab: retry=2 timeout=300
root=/local/domain/0/backend/xyl-vif
bytes=16777216
want=$(net_pat_sum $bytes)
cfg=$LAB_TMP/pvh-xyl-net.yaml
sed -e 's/^name: .*/name: pvh-xyl-net/' -e 's/^type: pv$/type: pvh/' \
    -e 's/xyl_lab=xylnet/xyl_lab=xylnet-pvh/' /etc/xyl/configs/pv-xyl-net.yaml > $cfg
grep -q '^type: pvh' $cfg || fail "could not make the PVH definition"
name=pvh-xyl-net
show_log() { say "xyl-netback log:"; tail -n 20 /var/log/xen/xyl-netback.log 2>/dev/null | sed 's/^/  | /'; }

net_dom0_up
xyl_create $cfg
domid=$(xyl_domid "$name")
[ -n "$domid" ] || fail "xyl list does not show $name after the create"
wait_marker "$name" 180
expect_marker guest_type=PVH
marker_has netping=ok && pass "the PVH guest pings dom0 through xyl-netback" ||
    { show_log; fail "PVH guest cannot ping dom0: $MARKER"; }
net_pull 10.99.0.11 $bytes
[ "$NET_SUM" = "$want" ] && pass "guest -> dom0: $bytes bytes intact in $NET_SECS s" ||
    { show_log; fail "guest -> dom0: sha256 $NET_SUM, want $want"; }
net_push "$name" $domid $bytes 200 || { show_log; fail "no @@GUEST-NET line from the guest"; }
[ "$NET_SUM" = "$want" ] && pass "dom0 -> guest: $bytes bytes intact in $NET_SECS s" ||
    { show_log; fail "dom0 -> guest: sha256 $NET_SUM, want $want"; }
must xyl destroy "$name"
expect_gone "$name" 20
xs_gone "$root/$domid" 10 && pass "no xyl-vif nodes left" || fail "xyl-vif nodes left for $domid"
[ -e /sys/class/net/xylvif$domid.0 ] && fail "xylvif$domid.0 left after destroy"
expect_only_dom0
net_dom0_down
