# A minimal PVH guest (configs/pvh.yaml), as 20-pv. Emulator triple
# faults: wait_marker boots again, the scenario retry covers the rest
# (tests/lab/README.md).
# lab: retry=2 timeout=180
cfg=/etc/xyl/configs/pvh.yaml
name=$(cfg_name $cfg)

xyl_create $cfg
wait_marker "$name" 150
expect_marker guest_type=PVH
expect_marker tag=pvh
expect_listed "$name"
must xyl destroy "$name"
expect_gone "$name"
expect_only_dom0
