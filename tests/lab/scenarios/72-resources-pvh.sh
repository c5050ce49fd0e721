# mem-set and vcpu-set on a running PVH guest (configs/pvh.yaml, kept up with
# xyl_lab_stay=1, maxvcpus 2), seen inside the guest (@@GUEST-STATE: MemTotal,
# online vCPUs) and by xl. Emulator triple faults: see
# tests/lab/README.md.
# lab: retry=2 timeout=240
name=res-pvh
cfg=$LAB_TMP/$name.yaml

# the guest's last "@@GUEST-STATE blk=.. net=.. mem_kb=.. cpus=.." line
guest_state() { STATE=$(grep -a -o '@@GUEST-STATE.*' "$CONSOLE_LOGS/guest-$name.log" 2>/dev/null | tail -n 1 | tr -d '\r'); }
state_get() { echo " $STATE " | sed -n "s/.* $1=\([^ ]*\) .*/\1/p"; }
# wait_until SECS CHECK...: refresh STATE and run CHECK every second until it holds
wait_until() {
    local n=$1; shift
    while [ "$n" -gt 0 ]; do
        guest_state; "$@" && return 0
        sleep 1; n=$((n - 1))
    done
    return 1
}
has_state() { [ -n "$STATE" ]; }
mem_at_most() { [ "$(state_get mem_kb)" -le "$1" ] 2>/dev/null; }
mem_at_least() { [ "$(state_get mem_kb)" -ge "$1" ] 2>/dev/null; }
cpus_are() { [ "$(state_get cpus)" = "$1" ]; }

sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/pvh.yaml > "$cfg"
echo "maxvcpus: 2" >> "$cfg"
xyl_create "$cfg"
wait_marker "$name" 150
expect_marker guest_type=PVH
wait_until 30 has_state || fail "no @@GUEST-STATE line from $name (xyl_lab_stay=1)"
say "guest: $STATE"
mem0=$(state_get mem_kb)

t0=$(t_now)
must xyl mem-set "$name" 160M
wait_until 40 mem_at_most $((mem0 - 80 * 1024)) ||
    fail "guest MemTotal is $(state_get mem_kb) kB 40 s after mem-set 160M (was $mem0 kB)"
timing mem_set_seen "$(t_since "$t0")"
pass "guest MemTotal $mem0 -> $(state_get mem_kb) kB after mem-set 160M"
must xl list "$name"
must xyl mem-set "$name" 256M
wait_until 40 mem_at_least $((mem0 - 4 * 1024)) ||
    fail "guest MemTotal is $(state_get mem_kb) kB 40 s after mem-set 256M (want ~$mem0)"
pass "guest MemTotal back to $(state_get mem_kb) kB"

t0=$(t_now)
must xyl vcpu-set "$name" 2
wait_until 40 cpus_are 0-1 || fail "guest cpus=$(state_get cpus) 40 s after vcpu-set 2"
timing vcpu_set_seen "$(t_since "$t0")"
pass "guest has vCPUs 0-1 online after vcpu-set 2"
must xyl vcpu-list "$name"
[ "$(awk 'NR > 1 && $5 !~ /p$/' "$LAB_TMP/out" | wc -l)" = 2 ] && pass "xyl vcpu-list: 2 vCPUs online" ||
    fail "xyl vcpu-list does not show 2 online vCPUs"
must xyl vcpu-set "$name" 1
wait_until 40 cpus_are 0 || fail "guest cpus=$(state_get cpus) 40 s after vcpu-set 1"
pass "guest back to vCPU 0 only"

must xyl destroy "$name"
expect_gone "$name"
expect_only_dom0
