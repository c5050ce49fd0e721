# Parallel creation benchmark: `xyl apply -j N` of N small PV guests (64 MiB,
# one NIC on xenbr0, from configs/lab-demo/web.yaml) vs a sequential loop of
# `xl create` of the same guests (xl gets `xyl export-xl` of each YAML, so
# both build the same libxl configuration), alternating, ROUNDS each, in one
# boot.  Prints the medians and the speed-up xl-loop / xyl-apply (goal >= 3).
# Every round ends with all guests destroyed.
# lab: timeout=900
N=6
ROUNDS=2
D=$LAB_TMP/guests
mkdir -p "$D"

secs() {  # secs CMD...: run it, print the seconds it took (fails the scenario on error)
    a=$(t_now)
    "$@" > "$LAB_TMP/out" 2>&1 || fail "'$*' failed: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"
    awk -v a="$a" -v b="$(t_now)" 'BEGIN{printf "%.2f", b - a}'
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
xl_loop() { for f in "$D"/*.cfg; do xl create "$f" || return 1; done; }
destroy_all() {
    for d in $(xl list | awk 'NR > 2 {print $1}'); do xl destroy "$d"; done
    sleep 1
}

i=1
while [ $i -le $N ]; do
    sed -e "s/^name:.*/name: bn-$i/" -e "s/^memory:.*/memory: 64M/" -e "s/xyl_lab=web/xyl_lab=bn$i/" \
        /etc/xyl/configs/lab-demo/web.yaml > "$D/bn-$i.yaml"
    must xyl export-xl "$D/bn-$i.yaml"
    cp "$LAB_TMP/out" "$D/bn-$i.cfg"
    i=$((i + 1))
done
: > "$LAB_TMP/t.xyl"; : > "$LAB_TMP/t.xl"
r=0
while [ $r -lt $ROUNDS ]; do
    secs xl_loop >> "$LAB_TMP/t.xl"; echo >> "$LAB_TMP/t.xl"
    destroy_all
    secs xyl apply -j $N "$D" >> "$LAB_TMP/t.xyl"; echo >> "$LAB_TMP/t.xyl"
    sed 's/^/  | /' "$LAB_TMP/out" | grep 'apply:'
    destroy_all
    r=$((r + 1))
done
x=$(median < "$LAB_TMP/t.xyl"); l=$(median < "$LAB_TMP/t.xl")
timing "xyl_apply_$N" "$x"
timing "xl_create_loop_$N" "$l"
ratio=$(awk -v x="$x" -v l="$l" 'BEGIN{printf "%.2f", l / x}')
lab_msg "NOTE $LAB_SCENARIO $N guests: xyl apply -j $N $x s, sequential xl create $l s (medians of $ROUNDS): xyl is ${ratio}x faster (goal >= 3); rounds xyl $(tr '\n' ' ' < "$LAB_TMP/t.xyl")xl $(tr '\n' ' ' < "$LAB_TMP/t.xl")"
pass "apply of $N guests timed beside an xl create loop (${ratio}x)"
expect_only_dom0
