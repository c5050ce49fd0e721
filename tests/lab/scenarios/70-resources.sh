# Resources of a running guest (configs/pv.yaml, configs/pvh.yaml, kept up
# with xyl_lab_stay=1, maxvcpus 2): mem-set and vcpu-set, seen from dom0 and
# inside the guest (its @@GUEST-STATE lines: MemTotal, online vCPUs): the
# guest's side of these differs by type (ballooning, vCPU hot-plug). PV also:
# mem-max, vcpu-list against xl's, vcpu-pin, xl list's Mem and impossible
# values refused with one line and exit 1: Xen's and the toolstack's side,
# the same for every type, so the PVH run (slower under nested SVM)
# does not repeat them.
# lab pv: timeout=360
# lab pvh: timeout=300
lab_types pv pvh
name=res-$LAB_TYPE
cfg=$LAB_TMP/$name.yaml
mem_at_most() { [ "$(state_get mem_kb)" -le "$1" ] 2>/dev/null; }
mem_at_least() { [ "$(state_get mem_kb)" -ge "$1" ] 2>/dev/null; }
cpus_are() { [ "$(state_get cpus)" = "$1" ]; }

sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/$LAB_TYPE.yaml > "$cfg"
echo "maxvcpus: 2" >> "$cfg"
must xyl validate "$cfg"
xyl_create "$cfg"
wait_marker "$name" 150
domid=$(xyl_domid "$name")
expect_marker guest_type=$TYPE_MARK
wait_until 30 has_state || fail "no @@GUEST-STATE line from $name (xyl_lab_stay=1)"
say "guest: $STATE"
mem0=$(state_get mem_kb)
cpus_are 0 && pass "guest starts with vCPU 0 online" || fail "guest has cpus=$(state_get cpus), want 0"

# ---- memory: balloon down to 160M and back; Xen and the guest both see it
t0=$(t_now)
must xyl mem-set "$name" 160M
wait_until 40 mem_at_most $((mem0 - 80 * 1024)) ||
    fail "guest MemTotal is $(state_get mem_kb) kB 40 s after mem-set 160M (was $mem0 kB)"
timing mem_set_seen "$(t_since "$t0")"
pass "guest MemTotal $mem0 -> $(state_get mem_kb) kB after mem-set 160M"
if [ "$LAB_TYPE" = pv ]; then
    [ "$(xenstore-read "/local/domain/$domid/memory/target")" = 163840 ] &&
        pass "xenstore memory/target = 163840" || fail "memory/target is $(xenstore-read "/local/domain/$domid/memory/target")"
    i=0
    while m=$(xl list "$name" | awk 'NR == 2 {print $3}'); [ "$m" -gt 162 ] && [ $i -lt 20 ]; do sleep 1; i=$((i + 1)); done
    must xl list "$name"
    [ "$m" -ge 150 ] && [ "$m" -le 162 ] && pass "xl list: Mem $m" || fail "xl list shows Mem $m after mem-set 160M"
    must xyl list "$name"
    awk -v n="$name" -v m="$m" '$1 == n && $3 - m <= 2 && m - $3 <= 2 {f=1} END{exit !f}' "$LAB_TMP/out" &&
        pass "xyl list agrees: Mem $m" || fail "xyl list disagrees with xl's Mem $m"
fi

must xyl mem-set "$name" 256
wait_until 40 mem_at_least $((mem0 - 4 * 1024)) ||
    fail "guest MemTotal is $(state_get mem_kb) kB 40 s after mem-set 256 (want ~$mem0)"
pass "guest MemTotal back to $(state_get mem_kb) kB after mem-set 256 (bare MiB)"

if [ "$LAB_TYPE" = pv ]; then
    # mem-max raises memory/static-max (libxl 4.17) and Xen's cap (max_pages =
    # 384M + libxl's 1M slack, in 4K pages), which Xen's 'q' debug key prints
    must xyl mem-max "$name" 384M
    [ "$(xenstore-read "/local/domain/$domid/memory/static-max")" = 393216 ] &&
        pass "xenstore memory/static-max = 393216" ||
        fail "memory/static-max is $(xenstore-read "/local/domain/$domid/memory/static-max")"
    xl debug-keys q
    mp=$(xl dmesg | sed -n "/General information for domain $domid:/,/max_pages/p" | grep -o 'max_pages=[0-9]*' | tail -n 1)
    case $mp in
        max_pages=98560) pass "Xen: $mp after mem-max 384M" ;;
        "") lab_msg "NOTE $LAB_SCENARIO no max_pages in Xen's 'q' dump: mem-max not checked in Xen" ;;
        *) fail "Xen has $mp after mem-max 384M, want max_pages=98560" ;;
    esac
    expect_refused xyl mem-max "$name" 128M     # below the current target
    expect_refused xyl mem-set "$name" 1G       # above the maximum
    expect_refused xyl mem-set no-such-guest 200M
    run xyl mem-set "$name" 12Q; [ $RC = 2 ] && pass "bad size is a usage error (exit 2)" || fail "mem-set 12Q exited $RC"
fi

# ---- vCPUs: online the second one, pin, offline again
t0=$(t_now)
must xyl vcpu-set "$name" 2
wait_until 40 cpus_are 0-1 || fail "guest cpus=$(state_get cpus) 40 s after vcpu-set 2"
timing vcpu_set_seen "$(t_since "$t0")"
pass "guest has vCPUs 0-1 online after vcpu-set 2"
must xyl vcpu-list "$name"
[ "$(awk 'NR > 1 && $5 !~ /p$/' "$LAB_TMP/out" | wc -l)" = 2 ] && pass "xyl vcpu-list: 2 vCPUs online" ||
    fail "xyl vcpu-list does not show 2 online vCPUs"

if [ "$LAB_TYPE" = pv ]; then
    expect_refused xyl vcpu-set "$name" 3       # above maxvcpus

    # the host's last CPU; on a one-CPU lab machine (the default, issue 20)
    # that CPU is the whole mask, which xl and xyl both print as "all"
    ncpu=$(xl info | awk '$1 == "nr_cpus" {print $3}')
    pcpu=$((ncpu - 1)); shown=$pcpu; [ "$ncpu" = 1 ] && shown=all
    must xyl vcpu-pin "$name" 1 $pcpu
    must xl vcpu-list "$name"
    awk '$3 == 1 {print $7}' "$LAB_TMP/out" | grep -qx "$shown" && pass "xl vcpu-list: vCPU 1 hard affinity $shown (CPU $pcpu of $ncpu)" ||
        fail "vCPU 1 is not pinned to CPU $pcpu"
    # same rows as xl (Name ID VCPU, offline/online and affinities; CPU and time move)
    cols() { awk 'NR > 1 {print $1, $2, $3, ($5 ~ /p$/), $7, $8, $9}' "$1"; }
    cols "$LAB_TMP/out" > "$LAB_TMP/xl.cols"
    must xyl vcpu-list "$name"
    cols "$LAB_TMP/out" > "$LAB_TMP/xyl.cols"
    head -n 1 "$LAB_TMP/out" | grep -q '^Name  *ID  *VCPU  *CPU State  *Time(s) Affinity (Hard / Soft)$' &&
        pass "xyl vcpu-list has xl's header" || fail "xyl vcpu-list header differs from xl's"
    diff "$LAB_TMP/xl.cols" "$LAB_TMP/xyl.cols" && pass "xyl vcpu-list rows match xl's" ||
        fail "xyl vcpu-list rows differ from xl vcpu-list"
    must xyl vcpu-list --json "$name"
    grep -q "\"affinity_hard\": \"$shown\"" "$LAB_TMP/out" && pass "vcpu-list --json shows the pin" ||
        fail "vcpu-list --json lacks affinity_hard $shown"
    must xyl vcpu-pin "$name" all all
    must xl vcpu-list "$name"
    [ "$(awk 'NR > 1 && $7 == "all"' "$LAB_TMP/out" | wc -l)" = 2 ] && pass "vcpu-pin all all unpins both" ||
        fail "vCPUs still pinned after vcpu-pin all all"
    expect_refused xyl vcpu-pin "$name" 0 7     # no such host CPU
    expect_refused xyl vcpu-pin "$name" 5 0     # no such vCPU
fi

must xyl vcpu-set "$name" 1
wait_until 40 cpus_are 0 || fail "guest cpus=$(state_get cpus) 40 s after vcpu-set 1"
pass "guest back to vCPU 0 only after vcpu-set 1"
must xl vcpu-list "$name"

must xyl destroy "$name"
expect_gone "$name"
expect_only_dom0
