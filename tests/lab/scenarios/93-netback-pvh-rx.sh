# 16 MiB dom0 -> a PVH guest over xyl-netback (netback_pvh in dom0/lib.sh:
# the guest of 92-netback-pvh, which pings dom0 at boot; 92 moves 16 MiB
# guest -> dom0, so 93 no longer does it again, which pays for 92's second
# guest). Out of CI while PVH guests triple-faulted in that phase on two
# emulated CPUs (issue 20); back on one CPU, with no retry.
# lab: timeout=300
netback_pvh rx
