# The same PVH guest, the same 16 MiB guest -> dom0 pull, alternately over
# the kernel's netback and over xyl-netback, 3 rounds each: does the PVH
# guest die under network load with both backends (an artefact of nested
# SVM under TCG) or only with xyl's? One NOTE per transfer (ok / bad-sum,
# seconds, the guest's state after it, triple faults Xen logged). Passes
# when every round ran; the NOTEs are the result.
# lab: timeout=1500
bytes=16777216
want=$(net_pat_sum $bytes)
net_dom0_up
for r in 1 2 3; do
    for be in kernel xyl; do
        name=pvhnet-$be
        cfg=$LAB_TMP/$name.yaml
        sed -e "s/^name: .*/name: $name/" -e 's/^type: pv$/type: pvh/' \
            -e 's/xyl_lab=xylnet/xyl_lab=xylnet-pvh/' /etc/xyl/configs/pv-xyl-net.yaml > $cfg
        [ $be = kernel ] && sed -i '/backend: xyl/d' $cfg
        tf0=$(xl dmesg | grep -c 'Triple fault')
        xyl_create $cfg
        if ! ( wait_marker "$name" 150 > /dev/null ); then
            lab_msg "NOTE $LAB_SCENARIO $be round $r: no marker"
            xl destroy $name 2>/dev/null; continue
        fi
        net_pull 10.99.0.11 $bytes 120
        st=$(dom_state "$name")
        tf=$(( $(xl dmesg | grep -c 'Triple fault') - tf0 ))
        [ "$NET_SUM" = "$want" ] && res=ok || res=bad-sum
        lab_msg "NOTE $LAB_SCENARIO $be round $r: $res in $NET_SECS s, guest ${st:-gone} after, triple faults $tf"
        xl destroy $name 2>/dev/null; sleep 2
    done
done
net_dom0_down
expect_only_dom0
