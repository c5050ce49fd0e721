# 92-netback-pvh plus 16 MiB dom0 -> guest over xyl-netback (out of CI
# while PVH guests triple-faulted in that phase on two emulated CPUs,
# issue 20; back on one CPU, with no retry).
# lab: timeout=300
netback_pvh rx
