# A PVH guest whose NIC is served by xyl-netback (pv-xyl-net.yaml as PVH):
# it gets its address, pings dom0, 16 MiB go guest -> dom0 intact; destroy
# leaves no TAP and no nodes (netback_pvh in dom0/lib.sh). The dom0 -> guest
# bulk transfer on PVH is tests/lab/extra/93-netback-pvh-rx.sh. Not in CI:
# under the exit load of a bulk transfer the PVH guest often triple-faults
# in this emulated lab (seen 2026-11-22 ~40 s into the 16 MiB pull, after
# the ping had passed), see tests/lab/README.md.
# lab: retry=2 timeout=300
netback_pvh
