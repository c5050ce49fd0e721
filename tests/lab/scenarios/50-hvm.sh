# An HVM guest (configs/hvm.yaml): hvmloader, SeaBIOS and the qemu-xen device
# model boot the kernel directly; the marker comes on the serial log file.
# The guest's kernel is told `quiet`: under TCG each character on its
# emulated UART is a port I/O that qemu-xen in dom0 serves, and the kernel's
# ~370 boot lines kept qemu-xen busy for most of a 320 s boot
# (experiments/hvm-phases.sh, 2026-12-07; the marker still comes, from the
# guest's init).  On the lab's one-CPU machine, no retry (issue 20).
# lab: timeout=600
name=$(cfg_name /etc/xyl/configs/hvm.yaml)
cfg=$LAB_TMP/$name.yaml
sed 's/^cmdline:.*/& quiet/' /etc/xyl/configs/hvm.yaml > "$cfg"

xyl_create $cfg
expect_listed "$name"
wait_marker "$name" 540
expect_marker guest_type=HVM
expect_marker tag=hvm

# the guest powers itself off after the marker: its monitor applies
# on_poweroff (destroy)
expect_gone "$name" 30
expect_only_dom0
