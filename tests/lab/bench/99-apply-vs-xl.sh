# Parallel creation benchmark: `xyl apply -j N` of N small PV guests (128 MiB,
# one NIC on xenbr0, from configs/lab-demo/web.yaml) vs a sequential loop of
# `xl create` of the same guests (xl gets `xyl export-xl` of each YAML, so
# both build the same libxl configuration), alternating, ROUNDS each, in one
# boot; `xyl apply --fork -j N` (a process per create) and `xyl apply -j N`
# with `hotplug: xyl` (xyl-vif-bridge in place of Xen's vif-bridge script,
# the opt-in compiled helper) beside them.  Prints the best rounds and the
# speed-ups xl-loop / xyl-apply (goal >= 3), per round with min, median, max.
# Every round ends with all guests destroyed.
# (about 300 s a round of the four on the lab's one emulated CPU: 2026-12-07's
# run of 3 rounds ran out of 900 s in its third; 740 s for round 1 of the
# run of 16:00, the host slower that afternoon, of which the --fork variant
# took about 320 s and failed, as in every run on one emulated CPU)
# (2026-12-07 19:15, quiet host: round 1 took 700 s with --fork off, 130-240 s
# of it destroying each variant's six guests while they booted; pausing
# them first did not shorten it (188 s after the apply of the 21:09 run's
# round 1, which took 700 s again: the time is dom0's own, not the guests'),
# so they are not paused.  The limit is 2400 s for 3 rounds)
# FORK=1 adds the `apply --fork` variant back; it is off by default since
# on one emulated CPU it fails (three or four of its six Xen vif-bridge
# scripts outlast libxl's hotplug timeout) and takes the longest.
# lab: timeout=2400
N=6
ROUNDS=3
FORK=0
D=$LAB_TMP/guests
mkdir -p "$D" "$LAB_TMP/cfg"
printf 'hotplug: xyl\n' > "$LAB_TMP/helper.yaml"

# timed FILE CMD...: run CMD (its output in $LAB_TMP/out); if it succeeds,
# add the seconds it took to FILE
timed() {
    local f=$1 a
    shift
    a=$(t_now)
    "$@" > "$LAB_TMP/out" 2>&1 || return 1
    awk -v a="$a" -v b="$(t_now)" 'BEGIN{printf "%.2f\n", b - a}' >> "$f"
}
secs() {  # secs FILE CMD...: timed, and a failure fails the scenario
    local f=$1
    shift
    timed "$f" "$@" || { cat "$LAB_TMP/out"; fail "'$*' failed: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"; }
}
# try FILE CMD...: as secs, but a failed round is reported and counted
# (FAILS, and a line in FILE.failed), not the end of the benchmark: on the
# lab's one emulated CPU, six creates at once with Xen's bash vif-bridge
# beside guests already booting can outlast libxl's hotplug timeout.
# TRIED says how this round went.
FAILS=0
try() {
    local f=$1
    shift
    TRIED=ok
    timed "$f" "$@" && return 0
    TRIED=failed
    FAILS=$((FAILS + 1))
    echo 0 >> "$f"          # keeps the rounds in step (best and ratio_stats skip it)
    echo "round $((r + 1)): $(grep -c 'because of timeout' "$LAB_TMP/out") hotplug timeout(s); $(grep 'apply:' "$LAB_TMP/out" | tail -n 1)" >> "$f.failed"
    say "FAILED: '$*': $(tail -n 4 "$LAB_TMP/out" | tr '\n' ' ')"
}
best() { awk '$1 > 0' | sort -n | head -n 1; }    # the fastest round passed: the least disturbed by the host
xl_loop() { for c in "$LAB_TMP"/cfg/*.cfg; do xl create "$c" || return 1; done; }
# destroy_all: every guest destroyed, then wait (at most 30 s) until Xen's
# free memory is back where it was before the first round (within 4 MiB):
# Xen frees a destroyed guest's memory in the background, and whichever
# variant creates next would otherwise pay for the last one's freeing
# (as 98-create-vs-xl)
destroy_all() {
    for d in $(xl list | awk 'NR > 2 {print $1}'); do xl destroy "$d"; done
    settle_memory "$BASE" 4 60
}
BASE=$(free_mb)

i=1
while [ $i -le $N ]; do
    sed -e "s/^name:.*/name: bn-$i/" -e "s/^memory:.*/memory: 128M/" -e "s/xyl_lab=web/xyl_lab=bn$i/" \
        /etc/xyl/configs/lab-demo/web.yaml > "$D/bn-$i.yaml"
    must xyl export-xl "$D/bn-$i.yaml"
    cp "$LAB_TMP/out" "$LAB_TMP/cfg/bn-$i.cfg"
    i=$((i + 1))
done
: > "$LAB_TMP/t.xyl"; : > "$LAB_TMP/t.xl"; : > "$LAB_TMP/t.fork"; : > "$LAB_TMP/t.helper"
r=0
while [ $r -lt $ROUNDS ]; do
    secs "$LAB_TMP/t.xl" xl_loop
    destroy_all
    try "$LAB_TMP/t.xyl" xyl apply -j $N "$D"
    sed 's/^/  | /' "$LAB_TMP/out" | grep 'apply:'
    destroy_all
    if [ "$FORK" = 1 ]; then
        try "$LAB_TMP/t.fork" xyl apply --fork -j $N "$D"
        sed 's/^/  | /' "$LAB_TMP/out" | grep 'apply:'
        destroy_all
    fi
    export XYL_CONFIG=$LAB_TMP/helper.yaml
    try "$LAB_TMP/t.helper" xyl apply -j $N "$D"
    unset XYL_CONFIG
    sed 's/^/  | /' "$LAB_TMP/out" | grep 'apply:'
    s=$(xenstore-read "/local/domain/0/backend/vif/$(xl domid bn-1 2>/dev/null)/0/script" 2>&1)
    case $s in */xyl-vif-bridge) ;; *) [ "$TRIED" = failed ] || fail "hotplug: xyl round: bn-1's vif script is '$s'" ;; esac
    destroy_all
    # each round's times as it ends (a run cut off at its limit keeps them)
    say "round $((r + 1)) (s): xl loop $(tail -n 1 "$LAB_TMP/t.xl"), apply $(tail -n 1 "$LAB_TMP/t.xyl"), hotplug: xyl $(tail -n 1 "$LAB_TMP/t.helper")$([ "$FORK" = 1 ] && echo ", --fork $(tail -n 1 "$LAB_TMP/t.fork")") (0: failed)"
    r=$((r + 1))
done
for v in xyl fork helper; do
    [ -s "$LAB_TMP/t.$v.failed" ] && lab_msg "NOTE $LAB_SCENARIO failed $v rounds: $(tr '\n' ';' < "$LAB_TMP/t.$v.failed")"
done
x=$(best < "$LAB_TMP/t.xyl"); l=$(best < "$LAB_TMP/t.xl"); f=$(best < "$LAB_TMP/t.fork")
h=$(best < "$LAB_TMP/t.helper")
timing "xyl_apply_$N" "$x"
if [ "$FORK" = 1 ]; then timing "xyl_apply_fork_$N" "$f"; fi
timing "xyl_apply_helper_$N" "$h"
timing "xl_create_loop_$N" "$l"
speedup() { awk -v x="$1" -v l="$l" 'BEGIN{ if (x > 0) printf "%.2f", l / x; else printf "none" }'; }
ratio=$(speedup "$x"); fratio=$(speedup "$f"); hratio=$(speedup "$h")
fk="apply --fork -j $N not run (FORK=0)"
if [ "$FORK" = 1 ]; then fk="apply --fork -j $N $f s (${fratio}x)"; fi
lab_msg "NOTE $LAB_SCENARIO $N guests: sequential xl create $l s; xyl apply -j $N $x s (${ratio}x faster), $fk, with hotplug: xyl $h s (${hratio}x) (best of $ROUNDS; goal >= 3); rounds xl $(tr '\n' ' ' < "$LAB_TMP/t.xl")xyl $(tr '\n' ' ' < "$LAB_TMP/t.xyl")fork $(tr '\n' ' ' < "$LAB_TMP/t.fork")helper $(tr '\n' ' ' < "$LAB_TMP/t.helper")"
lab_msg "NOTE $LAB_SCENARIO speed-up xl loop/xyl apply per round: $(side_by_side "$LAB_TMP/t.xl" "$LAB_TMP/t.xyl" | ratio_stats)"
lab_msg "NOTE $LAB_SCENARIO speed-up xl loop/xyl apply with hotplug: xyl per round: $(side_by_side "$LAB_TMP/t.xl" "$LAB_TMP/t.helper" | ratio_stats)"
[ "$FAILS" = 0 ] && pass "apply of $N guests timed beside an xl create loop (${ratio}x, $fk, hotplug: xyl ${hratio}x)" ||
    fail_soft "$FAILS apply round(s) failed (above); the figures are of the rounds that passed"
expect_only_dom0
