# Create-time benchmark: `xyl create -p` vs `xl create -p` of the same PV and
# PVH guest (xl gets `xyl export-xl` of the YAML, so both build the same
# libxl configuration), alternating, 3 rounds each, in one boot.  Paused
# creates measure the toolstack, not the guest's boot (and dodge the PVH
# early-boot triple fault of nested SVM on TCG).  Prints the medians and the
# ratio xyl/xl (goal <= 1.0).  Each created domain is destroyed at once.
# lab: timeout=600
ROUNDS=3

secs() {  # secs CMD...: run it, print the seconds it took (fails the scenario on error)
    a=$(t_now)
    "$@" > "$LAB_TMP/out" 2>&1 || fail "'$*' failed: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"
    awk -v a="$a" -v b="$(t_now)" 'BEGIN{printf "%.2f", b - a}'
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

for t in pv pvh; do
    cfg=/etc/xyl/configs/$t.yaml
    name=$(cfg_name $cfg)
    must xyl export-xl $cfg
    cp "$LAB_TMP/out" "$LAB_TMP/$t.cfg"
    : > "$LAB_TMP/$t.xyl"; : > "$LAB_TMP/$t.xl"
    r=0
    while [ $r -lt $ROUNDS ]; do
        secs xyl create -p $cfg >> "$LAB_TMP/$t.xyl"; echo >> "$LAB_TMP/$t.xyl"
        must xyl destroy "$name"
        secs xl create -p "$LAB_TMP/$t.cfg" >> "$LAB_TMP/$t.xl"; echo >> "$LAB_TMP/$t.xl"
        must xl destroy "$name"
        r=$((r + 1))
    done
    x=$(median < "$LAB_TMP/$t.xyl"); l=$(median < "$LAB_TMP/$t.xl")
    timing "xyl_create_$t" "$x"
    timing "xl_create_$t" "$l"
    ratio=$(awk -v x="$x" -v l="$l" 'BEGIN{printf "%.2f", x / l}')
    lab_msg "NOTE $LAB_SCENARIO $t create: xyl $x s, xl $l s (medians of $ROUNDS): ratio $ratio (goal <= 1.0); rounds xyl $(tr '\n' ' ' < "$LAB_TMP/$t.xyl")xl $(tr '\n' ' ' < "$LAB_TMP/$t.xl")"
    pass "$t create timed beside xl (ratio $ratio)"
done
expect_only_dom0
