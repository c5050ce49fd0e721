# Create-time benchmark of the compiled vif-bridge (issue 18): one PV guest
# with a disk (kernel blkback, a file: Xen's bash `block` script in every
# variant) and a NIC of the kernel's netback, created paused three ways,
# the order rotating each round: `xyl create -p` with `hotplug: xyl`
# (xyl-vif-bridge), `xyl create -p` with Xen's scripts, and `xl create -p`
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

secs() {  # secs CMD...: run it, print the seconds it took (fails the scenario on error)
    a=$(t_now)
    "$@" > "$LAB_TMP/o" 2>&1 || fail "'$*' failed: $(tail -3 "$LAB_TMP/o" | tr '\n' ' ')"
    awk -v a="$a" -v b="$(t_now)" 'BEGIN{printf "%.2f", b - a}'
}
free_mb() { xl info | awk '$1 == "free_memory" {print $3}'; }
settle() {
    local i=0
    while [ "$(free_mb)" -lt $((BASE - 2)) ] && [ $i -lt 40 ]; do sleep 0.5; i=$((i + 1)); done
}
# one helper|scripts|xl: create -p, record, check the vif's script, destroy, settle
one() {
    case $1 in
        helper)  export XYL_CONFIG=$LAB_TMP/xyl.yaml; secs xyl create -p "$cfg" >> "$LAB_TMP/t.$1" ;;
        scripts) export XYL_CONFIG=$LAB_TMP/scripts.yaml; secs xyl create -p "$cfg" >> "$LAB_TMP/t.$1" ;;
        xl)      secs xl create -p "$LAB_TMP/$name.cfg" >> "$LAB_TMP/t.$1" ;;
    esac
    echo >> "$LAB_TMP/t.$1"
    d=$(xl domid "$name" 2>/dev/null)
    s=$(xenstore-read "/local/domain/0/backend/vif/$d/0/script" 2>&1)
    case $1:$s in
        helper:*/xyl-vif-bridge|scripts:*/vif-bridge|xl:*/vif-bridge) ;;
        *) fail "$1 round: the vif's script is '$s'" ;;
    esac
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
rm -f $img
expect_only_dom0
