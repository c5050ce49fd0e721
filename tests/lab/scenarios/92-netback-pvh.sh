# A PVH guest whose NIC is served by xyl-netback (pv-xyl-net.yaml as PVH):
# it gets its address and pings dom0; a second guest (PV, on xyl-netback
# too) boots beside it on the bridge and the two ping each other (guest
# -> guest both ways, 92's TIME peer_steps is what that adds); then 16 MiB
# go guest -> dom0 intact; destroy leaves no TAP and no nodes (netback_pvh
# and netpvh_up in dom0/lib.sh). The dom0 -> guest bulk transfer on PVH is
# 93-netback-pvh-rx; 64 MiB each way, and between the guests, is `make
# lab-netback-pvh` (tests/lab/netback-pvh/). Out of CI while the PVH guest
# triple-faulted under a bulk transfer's exits on the lab's two emulated
# CPUs (issue 20; seen 2026-11-22 ~40 s into the 16 MiB pull); back on one
# CPU, with no retry.
# lab: timeout=480
netback_pvh peer tx
