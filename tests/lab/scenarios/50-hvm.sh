# An HVM guest (configs/hvm.yaml): hvmloader, SeaBIOS and the qemu-xen device
# model boot the kernel directly; the marker comes on the serial log file.
# Slow under TCG (3-6 min). Run on a two-CPU lab machine (make lab): it hung
# the one-CPU one; there HVM guests triple-fault now and then (issue 20):
# one retry.
# lab: retry=2 timeout=600
cfg=/etc/xyl/configs/hvm.yaml
name=$(cfg_name $cfg)

xyl_create $cfg
expect_listed "$name"
wait_marker "$name" 540
expect_marker guest_type=HVM
expect_marker tag=hvm

# the guest powers itself off after the marker (on_poweroff: destroy)
# the guest powers itself off: its monitor applies on_poweroff (destroy)
expect_gone "$name" 30
expect_only_dom0
