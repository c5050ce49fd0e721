# A PVH guest whose NIC is served by xyl-netback (pv-xyl-net.yaml as PVH):
# it gets its address, pings dom0, 16 MiB go guest -> dom0 intact; destroy
# leaves no TAP and no nodes (netback_pvh in dom0/lib.sh). The dom0 -> guest
# bulk transfer on PVH is tests/lab/extra/93-netback-pvh-rx.sh. PVH guests
# triple-fault about 1 boot in 3 under nested SVM in TCG: retries.
# lab: retry=2 timeout=300
netback_pvh
