# Create-time benchmark of the compiled hotplug scripts (issue 18): one PV
# guest with a disk (kernel blkback on a file: a loop device) and a NIC of
# the kernel's netback, created paused three ways, the order rotating each
# round: `xyl create -p` with `hotplug: xyl` (xyl-block and
# xyl-vif-bridge), `xyl create -p` with Xen's scripts, and `xl create -p`
# of `xyl export-xl`'s xl.cfg of the same guest (Xen's scripts).  After each
# destroy the next create waits until Xen's free memory is back (scrubbing,
# as 98-create-vs-xl).  Prints min/median/max per variant and the per-round
# ratios helper/xl and helper/xyl-with-scripts.
# lab: timeout=900
ROUNDS=${XYL_HP_ROUNDS:-7}
name=hp-bench
img=/var/lib/xen/images/$name.img
cfg=$LAB_TMP/$name.yaml
printf 'hotplug: xyl\n' > "$LAB_TMP/xyl.yaml"
printf 'hotplug: scripts\n' > "$LAB_TMP/scripts.yaml"
sed -e "s/^name: .*/name: $name/" -e "s|pv-disk-net.img|$name.img|" \
    /etc/xyl/configs/pv-disk-net.yaml > "$cfg"
must dd if=/dev/zero of=$img bs=1M count=16
export XYL_CONFIG=$LAB_TMP/scripts.yaml
must xyl export-xl "$cfg"
cp "$LAB_TMP/out" "$LAB_TMP/$name.cfg"
grep -q script "$LAB_TMP/$name.cfg" && fail "xl.cfg names a script: $(cat "$LAB_TMP/$name.cfg")"

secs() {  # secs FILE CMD...: run CMD, add the seconds it took to FILE (fails the scenario on error)
    local f=$1 a; shift
    a=$(t_now)
    "$@" > "$LAB_TMP/o" 2>&1 || fail "'$*' failed: $(tail -3 "$LAB_TMP/o" | tr '\n' ' ')"
    awk -v a="$a" -v b="$(t_now)" 'BEGIN{printf "%.2f\n", b - a}' >> "$f"
}
settle() { settle_memory "$BASE" 2 40; }     # at most 20 s (lib.sh)
# one helper|scripts|xl: create -p, record, check the vif's script, destroy, settle
one() {
    case $1 in
        helper)  export XYL_CONFIG=$LAB_TMP/xyl.yaml; secs "$LAB_TMP/t.$1" xyl create -p "$cfg" ;;
        scripts) export XYL_CONFIG=$LAB_TMP/scripts.yaml; secs "$LAB_TMP/t.$1" xyl create -p "$cfg" ;;
        xl)      secs "$LAB_TMP/t.$1" xl create -p "$LAB_TMP/$name.cfg" ;;
    esac
    d=$(xl domid "$name" 2>/dev/null)
    s=$(xenstore-read "/local/domain/0/backend/vif/$d/0/script" 2>&1)
    case $1:$s in
        helper:*/xyl-vif-bridge|scripts:*/vif-bridge|xl:*/vif-bridge) ;;
        *) fail "$1 round: the vif's script is '$s'" ;;
    esac
    s=$(xenstore-read "/local/domain/0/backend/vbd/$d/51712/script" 2>&1)
    case $1:$s in
        helper:*/xyl-block|scripts:*/block|xl:*/block) ;;
        *) fail "$1 round: the disk's script is '$s'" ;;
    esac
    [ "$(xenstore-read "/local/domain/0/backend/vbd/$d/51712/hotplug-status" 2>&1)" = connected ] ||
        fail "$1 round: the disk's hotplug-status not connected"
    [ "$(xenstore-read "/local/domain/0/backend/vif/$d/0/hotplug-status" 2>&1)" = connected ] ||
        fail "$1 round: hotplug-status not connected"
    if [ "$1" = xl ]; then must xl destroy "$name"; else must xyl destroy "$name"; fi
    settle
}
stats() { sort -n | awk '{v[NR] = $1} END {printf "min %.2f median %.2f max %.2f", v[1], v[int((NR + 1) / 2)], v[NR]}'; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

: > "$LAB_TMP/t.helper"; : > "$LAB_TMP/t.scripts"; : > "$LAB_TMP/t.xl"
# one untimed create of each first: page cache, module and library loading
one helper; one scripts; one xl
: > "$LAB_TMP/t.helper"; : > "$LAB_TMP/t.scripts"; : > "$LAB_TMP/t.xl"
BASE=$(free_mb)
r=0
while [ $r -lt "$ROUNDS" ]; do
    case $((r % 3)) in
        0) one helper; one scripts; one xl ;;
        1) one scripts; one xl; one helper ;;
        2) one xl; one helper; one scripts ;;
    esac
    r=$((r + 1))
done
for v in helper scripts xl; do
    lab_msg "NOTE $LAB_SCENARIO $v create -p (s): $(stats < "$LAB_TMP/t.$v"); rounds $(tr '\n' ' ' < "$LAB_TMP/t.$v")"
    timing "create_$v" "$(median < "$LAB_TMP/t.$v")"
done
lab_msg "NOTE $LAB_SCENARIO helper/xl per round: $(side_by_side "$LAB_TMP/t.helper" "$LAB_TMP/t.xl" | ratio_stats)"
lab_msg "NOTE $LAB_SCENARIO helper/xyl-with-scripts per round: $(side_by_side "$LAB_TMP/t.helper" "$LAB_TMP/t.scripts" | ratio_stats)"
lab_msg "NOTE $LAB_SCENARIO xyl-with-scripts/xl per round: $(side_by_side "$LAB_TMP/t.scripts" "$LAB_TMP/t.xl" | ratio_stats)"
pass "$ROUNDS rounds of three creates, every vif connected by the script asked for"

# where the time goes: each script alone, run as libxl runs it (its
# arguments and environment) on the vif of a paused guest, 3 x 10 calls
# alternating; `online` again is harmless for both
export XYL_CONFIG=$LAB_TMP/xyl.yaml
must xyl create -p "$cfg"
d=$(xl domid "$name")
calls() {  # calls N SCRIPT FILE: add the mean milliseconds of one `SCRIPT online` to FILE
    local n=$1 i=0 a
    a=$(t_now)
    while [ $i -lt "$n" ]; do
        vif=vif$d.0 XENBUS_PATH=backend/vif/$d/0 "$2" online type_if=vif > "$LAB_TMP/o" 2>&1 ||
            fail "'$2 online' for vif$d.0 failed: $(tail -3 "$LAB_TMP/o" | tr '\n' ' ')"
        i=$((i + 1))
    done
    awk -v a="$a" -v b="$(t_now)" -v n="$n" 'BEGIN{printf "%.0f\n", (b - a) * 1000 / n}' >> "$3"
}
: > "$LAB_TMP/c.helper"; : > "$LAB_TMP/c.script"
for k in 1 2 3; do
    calls 10 /usr/sbin/xyl-vif-bridge "$LAB_TMP/c.helper"
    calls 10 /etc/xen/scripts/vif-bridge "$LAB_TMP/c.script"
done
[ -e "/sys/class/net/xenbr0/brif/vif$d.0" ] && [ "$(xenstore-read "/local/domain/0/backend/vif/$d/0/hotplug-status")" = connected ] ||
    fail "vif$d.0 not in xenbr0 and connected after the calls"
lab_msg "NOTE $LAB_SCENARIO one 'online' call (ms, means of 10, 3 alternations): xyl-vif-bridge $(tr '\n' ' ' < "$LAB_TMP/c.helper")vif-bridge $(tr '\n' ' ' < "$LAB_TMP/c.script")"
# (timings are shown in seconds)
timing call_helper "$(median < "$LAB_TMP/c.helper" | awk '{printf "%.3f", $1 / 1000}')"
timing call_script "$(median < "$LAB_TMP/c.script" | awk '{printf "%.3f", $1 / 1000}')"
pass "xyl-vif-bridge and vif-bridge called alone 30 times each"
must xyl destroy "$name"
rm -f $img
expect_only_dom0
