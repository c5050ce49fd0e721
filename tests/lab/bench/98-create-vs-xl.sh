# Create-time benchmark: `xyl create -p` vs `xl create -p` of the same PV and
# PVH guest (xl gets `xyl export-xl` of the YAML, so both build the same
# libxl configuration), alternating (xyl first in even rounds, xl first in
# odd ones), 7 rounds each (3 until 2026-12-07), in one boot.  After each destroy the next create
# waits until Xen's free memory is back where it was: a destroyed guest's
# pages are scrubbed in the background, and whoever creates next would
# otherwise pay for the previous one's scrubbing.  Paused
# creates measure the toolstack, not the guest's boot (and dodge the PVH
# early-boot triple fault of nested SVM on TCG).  Prints the medians and the
# ratio xyl/xl (goal <= 1.0).  Each created domain is destroyed at once.
# After each type's rounds, one more xyl create with XYL_TRACE=1 says where
# its time goes.  Then where a part of the time goes: a program's start, `xyl list` against
# `xl list` (both start, open libxl and list dom0), 3 alternations of 10.
# lab: timeout=600
ROUNDS=7

secs() {  # secs CMD...: run it, print the seconds it took (fails the scenario on error)
    a=$(t_now)
    "$@" > "$LAB_TMP/out" 2>&1 || fail "'$*' failed: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"
    awk -v a="$a" -v b="$(t_now)" 'BEGIN{printf "%.2f", b - a}'
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# settle: wait (at most 20 s) until free memory is back to BASE (within 2 MiB)
settle() { settle_memory "$BASE" 2 40; }
one() {   # one xyl|xl TYPE: create -p, record the time, destroy, settle
    if [ "$1" = xyl ]; then
        secs xyl create -p $cfg >> "$LAB_TMP/$2.xyl"; echo >> "$LAB_TMP/$2.xyl"
        must xyl destroy "$name"
    else
        secs xl create -p "$LAB_TMP/$2.cfg" >> "$LAB_TMP/$2.xl"; echo >> "$LAB_TMP/$2.xl"
        must xl destroy "$name"
    fi
    settle
}
BASE=$(free_mb)

for t in pv pvh; do
    cfg=/etc/xyl/configs/$t.yaml
    name=$(cfg_name $cfg)
    must xyl export-xl $cfg
    cp "$LAB_TMP/out" "$LAB_TMP/$t.cfg"
    : > "$LAB_TMP/$t.xyl"; : > "$LAB_TMP/$t.xl"
    r=0
    while [ $r -lt $ROUNDS ]; do
        if [ $((r % 2)) = 0 ]; then one xyl $t; one xl $t; else one xl $t; one xyl $t; fi
        r=$((r + 1))
    done
    x=$(median < "$LAB_TMP/$t.xyl"); l=$(median < "$LAB_TMP/$t.xl")
    timing "xyl_create_$t" "$x"
    timing "xl_create_$t" "$l"
    ratio=$(awk -v x="$x" -v l="$l" 'BEGIN{printf "%.2f", x / l}')
    lab_msg "NOTE $LAB_SCENARIO $t create: xyl $x s, xl $l s (medians of $ROUNDS): ratio $ratio (goal <= 1.0); rounds xyl $(tr '\n' ' ' < "$LAB_TMP/$t.xyl")xl $(tr '\n' ' ' < "$LAB_TMP/$t.xl")"
    lab_msg "NOTE $LAB_SCENARIO $t create xyl/xl per round: $(side_by_side "$LAB_TMP/$t.xyl" "$LAB_TMP/$t.xl" | ratio_stats)"
    pass "$t create timed beside xl (ratio $ratio)"
    # where one more create's time goes: xyl's own steps (XYL_TRACE), from
    # its command's start, and the whole run from exec to exit
    a=$(t_now)
    XYL_TRACE=1 xyl create -p $cfg > "$LAB_TMP/trace" 2>&1 || fail "traced create of $name failed"
    b=$(t_now)
    must xyl destroy "$name"
    settle
    lab_msg "NOTE $LAB_SCENARIO $t xyl create -p, one traced: $(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.2f", b - a}') s from exec to exit; steps (s from the command's start): $(sed -n 's/^xyl-trace *//p' "$LAB_TMP/trace" | tr -s ' ' | tr '\n' ';')"
done
# tenlist xyl|xl: the mean seconds of one `list` over 10 in a row
tenlist() {
    local a i=0
    a=$(t_now)
    while [ $i -lt 10 ]; do "$1" list > /dev/null 2>&1 || fail "$1 list failed"; i=$((i + 1)); done
    awk -v a="$a" -v b="$(t_now)" 'BEGIN{printf "%.3f", (b - a) / 10}'
}
LX= LL= r=0
while [ $r -lt 3 ]; do LX="$LX $(tenlist xyl)"; LL="$LL $(tenlist xl)"; r=$((r + 1)); done
lab_msg "NOTE $LAB_SCENARIO one list (s, means of 10, 3 alternations): xyl$LX xl$LL"
expect_only_dom0
