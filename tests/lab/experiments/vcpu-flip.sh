# A reproducer for the one-CPU lab machine's whole-machine hang (issue 20;
# CI of 2026-12-07: 70-resources' PVH guest, right after `vcpu-set 2`, Xen
# idle in `sti; hlt` with the local APIC timer's vector 0xfa pending in IRR
# and nothing waking the CPU).  A PVH guest (maxvcpus 2) has its second
# vCPU put online and offline again, ROUNDS times (default 40), each seen in
# the guest's state line.  Run by hand, with a short idle watchdog:
#   XYL_LAB_MACHINE=flip XYL_LAB_IDLE_TIMEOUT=60 tests/lab/run \
#       tests/lab/experiments/vcpu-flip.sh
# The hang dump (lib/boot.sh) then probes what wakes the CPU.
# lab: timeout=3000
rounds=${XYL_FLIP_ROUNDS:-40}
name=flip-pvh
cfg=$LAB_TMP/$name.yaml
cpus_are() { [ "$(state_get cpus)" = "$1" ]; }
sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/pvh.yaml > "$cfg"
echo "maxvcpus: 2" >> "$cfg"
xyl_create "$cfg"
wait_marker "$name" 150
wait_until 30 has_state || fail "no @@GUEST-STATE line from $name"
i=1
while [ $i -le "$rounds" ]; do
    t0=$(t_now)
    must xyl vcpu-set "$name" 2
    wait_until 60 cpus_are 0-1 || fail "round $i: cpus=$(state_get cpus) 60 s after vcpu-set 2"
    must xyl vcpu-set "$name" 1
    wait_until 60 cpus_are 0 || fail "round $i: cpus=$(state_get cpus) 60 s after vcpu-set 1"
    say "round $i of $rounds: online and offline in $(t_since "$t0") s"
    i=$((i + 1))
done
timing rounds "$rounds"
pass "$rounds rounds of vcpu-set 2 / 1 without a hang"
must xyl destroy "$name"
expect_gone "$name"
