# 92-netback-pvh plus 16 MiB dom0 -> guest over xyl-netback; out of CI
# because the PVH guest triple-faults in that phase (see README.md here).
# lab: retry=2 timeout=300
netback_pvh rx
