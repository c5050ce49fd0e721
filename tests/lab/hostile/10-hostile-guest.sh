# A hostile guest beside a working one on the same xyl-blkback (issue 19).
# hg-attacker has no blkfront: guest/hostile.c is the frontend of its xyl
# disk and, while dom0 says so (its data/attack), floods its state node,
# flips its state 4 -> 1 -> 4, storms its event channel and fills its ring
# with garbage requests.  hg-victim runs disk rounds (32 MiB written with
# O_DIRECT and a flush, 32 MiB read back) on demand and has a NIC on
# xyl-netback, from which dom0 fetches 4 MiB over HTTP (the guest's
# transmit path) beside each disk round.  Checked, all in this run:
#   - the victim's throughput under attack is at least 80% of its own
#     without (medians of 9 rounds each, interleaved: a ratio, not a wall
#     clock; each round's CPU cost for xyl-blkback, xenstored, dom0 and
#     both guests is printed); the attacker's vCPU is capped at 25% of a CPU by Xen's
#     scheduler, so that the figure is the backend's fairness, not the
#     scheduler's on two emulated CPUs (pinned layouts: pin() below); one
#     uncapped round is reported;
#   - the same for its network throughput (4 MiB fetched by dom0 from the
#     victim's httpd, after each disk round);
#   - reported only, for where the time goes: a control round beside each
#     pair, the attacker busy-looping in user space (no device, no
#     xenstore work: a CPU neighbour under the same cap), so that the
#     report has three figures, alone / beside a busy neighbour / under
#     attack; then each part of the attack alone (state flood, event
#     storm, reconnect loop, malformed rings; 3 rounds each against 12
#     solo ones interleaved) and a flood of a node nobody watches
#     (xenstored's ms per write); per phase the CPU ticks of xyl-blkback,
#     xyl-netback, xenstored and dom0 and the CPU seconds Xen gave the
#     attacker, per round; 3 pairs with the attacker capped at 10% and 3
#     with dom0 at twice a guest's weight (an admin's mitigations, extra
#     lines);
#   - the daemon's memory (VmRSS) grows by at most 4 MiB over the attacks;
#   - its log grows by at most 200 lines (xyl-netback's RSS and log growth
#     reported);
#   - a producer index beyond the ring cuts the attacker's disk off (error,
#     Closing) and only it: the victim's stays Connected and serves;
#   - SIGKILL of the daemon during a victim round, then `xyl-blkback
#     --daemon --confine` again (the command systemd's unit runs on
#     Restart=; this busybox dom0 has no systemd): the round completes, the
#     victim's pattern reads back and dom0 finds it in the image.
# The daemon runs confined throughout (--confine: capabilities dropped,
# the seccomp filter loaded), as its unit starts it.
# lab: timeout=1500
log=/var/log/xen/xyl-blkback.log
root=/local/domain/0/backend/xyl-vbd
devid=51728         # xvdb
vimg=/var/lib/xen/images/hg-victim.img
aimg=/var/lib/xen/images/hg-attacker.img
T0=$(t_now)
show_log() { say "xyl-blkback log:"; tail -n "${1:-15}" $log 2>/dev/null | sed 's/^/  | /'; }
mib4() { head -c 4194304 "$1" | sha256sum | cut -c1-16; }
want=$(yes xyl-lab-block-pattern | head -c 4194304 | sha256sum | cut -c1-16)

guest_yaml() {      # NAME CMDLINE IMAGE [MAC: a NIC on xyl-netback]
    cat <<EOF
name: $1
type: pv
memory: 192M
vcpus: 1
kernel: /var/lib/xyl/boot/vmlinux
ramdisk: /var/lib/xyl/boot/initrd.img
cmdline: console=hvc0 $2
disks:
  - { target: $3, vdev: xvdb, format: raw, access: rw, backend: xyl }
on_poweroff: destroy
on_reboot: destroy
on_crash: destroy
EOF
    [ -z "${4:-}" ] || printf 'networks:\n  - { bridge: xenbr0, mac: "%s", backend: xyl }\n' "$4"
}
# the daemon confined, as its systemd unit and xyl's own start run it
# (started here, so that its pid and log are this scenario's)
old=$(cat /run/xyl-blkback.pid 2>/dev/null)
if [ -n "$old" ] && kill -TERM "$old" 2>/dev/null; then
    i=0; while kill -0 "$old" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
fi
must xyl-blkback --daemon --confine
must dd if=/dev/zero of=$vimg bs=1M count=40
must dd if=/dev/zero of=$aimg bs=1M count=8
net_dom0_up
vip=10.99.0.21
nbytes=4194304
nwant=$(net_pat_sum $nbytes)
guest_yaml hg-victim "xyl_lab=victim xyl_io=xvdb xyl_ip=$vip/24 xyl_peer=10.99.0.1" $vimg \
    00:16:3e:99:00:21 > "$LAB_TMP/victim.yaml"
guest_yaml hg-attacker "xyl_lab=attacker xyl_hostile=$devid" $aimg > "$LAB_TMP/attacker.yaml"

xyl_create "$LAB_TMP/victim.yaml"
wait_marker hg-victim 180
vd=$(xyl_domid hg-victim)
marker_has netping=ok && pass "the victim pings dom0 through xyl-netback" ||
    fail "the victim cannot ping dom0 through xyl-netback: $MARKER"
# not xyl_create: it empties the console logs, the victim's included
must xyl create "$LAB_TMP/attacker.yaml"
wait_marker hg-attacker 180
ad=$(xyl_domid hg-attacker)
acons=$CONSOLE_LOGS/guest-hg-attacker.log
vcons=$CONSOLE_LOGS/guest-hg-victim.log
# console_wait FILE PATTERN SECS: the first line of FILE matching PATTERN
console_wait() {
    local i=0 line
    while [ $i -lt $(($3 * 5)) ]; do
        line=$(tr '\r' '\n' < "$1" 2>/dev/null | grep -m1 -o "$2.*")
        [ -n "$line" ] && { echo "$line"; return 0; }
        sleep 0.2; i=$((i + 1))
    done
    return 1
}
ready=$(console_wait $acons '@@GUEST-HOSTILE \(ready\|error\)' 60) ||
    { tail -n 20 $acons; fail "the hostile frontend said nothing"; }
say "$ready"
case $ready in *backend=connected*) pass "the hostile frontend connected its own ring" ;;
    *) show_log; fail "the hostile frontend did not connect: $ready" ;; esac
pid=$(cat /run/xyl-blkback.pid)
kill -0 "$pid" 2>/dev/null || fail "no xyl-blkback"
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$pid/status; }

# Where the time goes, per round: CPU ticks (1/100 s) of xyl-blkback and
# of xenstored, dom0's busy ticks (both vCPUs), and the CPU seconds Xen
# gave the victim and the attacker.
xsd=$(cat /run/xen/xenstored.pid 2>/dev/null)
cost_mark() { C0="$(proc_ticks $pid) $(proc_ticks $xsd) $(dom0_busy_ticks) $(dom_cpu_secs $vd) $(dom_cpu_secs $ad)"; }
# per phase (solo, busy, attack, a kind...): rounds and the CPU over their
# victim rounds only (the attack already running): ticks of xyl-blkback,
# xyl-netback, xenstored, dom0 busy; the attacker's CPU seconds
npid=$(cat /run/xyl-netback.pid 2>/dev/null)
nlog=/var/log/xen/xyl-netback.log
pmark() { P0="$(proc_ticks $pid) $(proc_ticks $npid) $(proc_ticks $xsd) $(dom0_busy_ticks) $(dom_cpu_secs $ad)"; }
padd() {
    local p=$1
    set -- $P0 $(proc_ticks $pid) $(proc_ticks $npid) $(proc_ticks $xsd) $(dom0_busy_ticks) $(dom_cpu_secs $ad)
    eval "PR_$p=\$(( \${PR_$p:-0} + 1 )) PB_$p=\$(( \${PB_$p:-0} + $6 - $1 ))" \
        "PN_$p=\$(( \${PN_$p:-0} + $7 - $2 )) PX_$p=\$(( \${PX_$p:-0} + $8 - $3 ))" \
        "PD_$p=\$(( \${PD_$p:-0} + $9 - $4 ))" \
        "PA_$p=$(eval "awk -v t=\${PA_$p:-0} -v a=$5 -v b=${10} 'BEGIN { printf \"%.2f\", t + b - a }'")"
}
psay() {            # PHASE WHAT
    local r b n x d a
    eval "r=\${PR_$1:-0} b=\${PB_$1:-0} n=\${PN_$1:-0} x=\${PX_$1:-0} d=\${PD_$1:-0} a=\${PA_$1:-0}"
    [ "$r" -gt 0 ] || return 0
    say "cpu, $2 ($r rounds), per round: xyl-blkback $((b / r)), xyl-netback $((n / r)), xenstored $((x / r)), dom0 $((d / r)) ticks; the attacker $(awk -v a=$a -v r=$r 'BEGIN { printf "%.2f", a / r }') s"
    timing "cpu_${1}_blkback" $((b / r)); timing "cpu_${1}_netback" $((n / r)); timing "cpu_${1}_xenstored" $((x / r))
}
# counters WHAT: the attacker's device's counters so far (SIGUSR1: the
# daemon logs them; the ms of its thread in the device's handshake steps)
NCOUNT=0            # their lines (a line per device and one more) are not the attack's
counters() {
    kill -USR1 "$pid"; sleep 0.5; NCOUNT=$((NCOUNT + 1))
    say "counters after $1: $(grep "domain $ad device $devid: \(idle\|connected\|failed\)," $log | tail -n 1 | sed 's/^.*xyl-blkback: //')"
}
nrss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$npid/status 2>/dev/null; }
cost_say() {
    set -- $1 $C0 $(proc_ticks $pid) $(proc_ticks $xsd) $(dom0_busy_ticks) $(dom_cpu_secs $vd) $(dom_cpu_secs $ad)
    say "cost of round $1: xyl-blkback $(($7 - $2)) ticks, xenstored $(($8 - $3)) ticks, dom0 busy $(($9 - $4)) ticks, victim $(awk -v a=$5 -v b=${10} 'BEGIN { printf "%.1f", b - a }') s, attacker $(awk -v a=$6 -v b=${11} 'BEGIN { printf "%.1f", b - a }') s of CPU"
}
# io_round N: one victim round; IO = its seconds (or the v-line)
io_round() {
    local line
    cost_mark
    xenstore-write /local/domain/$vd/data/io "$1"
    line=$(console_wait $vcons "@@GUEST-IO n=$1 " 120) || { show_log; fail "victim round $1 did not finish"; }
    case $1 in v*) IO=$line ;; *) IO=$(echo "$line" | sed -n 's/.* secs=\([0-9.]*\).*/\1/p'); cost_say "$1" ;; esac
}
attack() { xenstore-write /local/domain/$ad/data/attack "$1"; }
# net_round: dom0 fetches nbytes from the victim (its transmit path on
# xyl-netback); NET = the seconds
net_round() {
    net_pull $vip $nbytes 120
    [ "$NET_SUM" = "$nwant" ] || { say "xyl-netback log:"; tail -n 15 /var/log/xen/xyl-netback.log | sed 's/^/  | /'
        fail "the victim's network round came back with $NET_SUM, want $nwant"; }
    NET=$NET_SECS
}

sched=$(xl info | sed -n 's/^xen_scheduler *: *//p')
case $sched in
    credit2) must xl sched-credit2 -d hg-attacker -c 25 ;;
    credit) must xl sched-credit -d hg-attacker -c 25 ;;
    *) fail "scheduler '$sched': cannot cap the attacker" ;;
esac
# cap PERCENT: the attacker's vCPU capped again (0: uncapped)
cap() { case $sched in credit2) run xl sched-credit2 -d hg-attacker -c "$1" ;; *) run xl sched-credit -d hg-attacker -c "$1" ;; esac; }
# pin on|off: how the vCPUs sit on the two CPUs (PIN below picks what
# "on" means; off: every vCPU on every CPU).  Two layouts were tried in
# runs 17 and 18 against the 0.56-1.04 swings of the busy-neighbour
# control (no attack, only the attacker's CPU) in runs 12-16:
#   split dom0 and the victim on pCPU 0, the attacker alone on pCPU 1, as
#         an admin partitions a guest he does not trust (run 17: disk 0.94,
#         network 0.52: xenstored's work for the attacker's writes then
#         comes out of the victim's own CPU)
#   dom0  dom0 on pCPU 0 alone, both guests on pCPU 1, as Xen's tuning
#         advice has it for hosts whose backends live in dom0 (run 18: the
#         attacker answered no command after its first attack round, so
#         the rounds measured nothing; not looked into further)
# and the scenario stays unpinned, comparable with runs 12-16.
PIN=off
pin() {
    case $1:$PIN in
        on:dom0) must xyl vcpu-pin 0 all 0; must xyl vcpu-pin hg-victim all 1; must xyl vcpu-pin hg-attacker all 1 ;;
        on:split) must xyl vcpu-pin 0 all 0; must xyl vcpu-pin hg-victim all 0; must xyl vcpu-pin hg-attacker all 1 ;;
        on:off|off:off) ;;     # nothing was pinned: nothing to undo
        off:*) must xyl vcpu-pin 0 all all; must xyl vcpu-pin hg-victim all all; must xyl vcpu-pin hg-attacker all all ;;
        *) fail "PIN=$PIN: want dom0, split or off" ;;
    esac
}
pin on
say "vCPUs pinned ($PIN): $(xl vcpu-list | awk 'NR > 1 { printf "%s/%s->%s ", $1, $3, $7 }')"
io_round 0                              # warm-up
rss0=$(rss); nrss0=$(nrss)
log0=$(wc -l < $log); nlog0=$(wc -l < $nlog)
# 9 interleaved triples (solo, beside a busy neighbour, attacked; 5 until
# runs 12-13, whose medians differed by 14%): the lab
# shares the host's CPUs with other work, and single rounds swing by
# several times.  The neighbour is the attacker's own domain, busy-looping
# under the same cap (mode 5): what its CPU alone costs the victim.
TRIPLES=9
SOLO= ATT= BUSY= NSOLO= NATT= NBUSY= RSS= n=1 k=1 j=1
while [ $j -le $TRIPLES ]; do
    pmark; io_round $n; SOLO="$SOLO $IO"; net_round; NSOLO="$NSOLO $NET"; padd solo
    say "solo round: disk $IO s, network $NET s"; n=$((n + 1))
    attack 5; sleep 1
    pmark; io_round $n; BUSY="$BUSY $IO"; net_round; NBUSY="$NBUSY $NET"; padd busy; attack 0
    say "busy-neighbour round: disk $IO s, network $NET s"; n=$((n + 1))
    r=$(console_wait $acons "@@GUEST-HOSTILE round=$k " 30); say "  $r"; k=$((k + 1))
    attack 1; sleep 1
    pmark; io_round $n; ATT="$ATT $IO"; net_round; NATT="$NATT $NET"; padd attack; attack 0
    say "attacked round: disk $IO s, network $NET s"
    n=$((n + 1))
    r=$(console_wait $acons "@@GUEST-HOSTILE round=$k " 30)
    k=$((k + 1))
    RSS="$RSS $(rss)"
    j=$((j + 1))
done
say "attacker's last capped round: $r"
counters "the $TRIPLES triples"
cap 0
attack 1; sleep 1; io_round $n; u1=$IO; attack 0; say "attacked round, attacker uncapped: $u1 s"
n=$((n + 1))
console_wait $acons "@@GUEST-HOSTILE round=$k " 30
k=$((k + 1))

# the median of the numbers in $1
med() { echo $1 | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
S=$(med "$SOLO"); A=$(med "$ATT")
ratio=$(awk -v s="$S" -v a="$A" 'BEGIN { printf "%.2f", s / a }')
uratio=$(awk -v s="$S" -v a="$u1" 'BEGIN { printf "%.2f", s / a }')
timing solo_secs "$S"
timing attacked_secs "$A"
timing ratio "$ratio"
timing uncapped_ratio "$uratio"
say "victim: 64 MiB rounds, solo$SOLO s, attacked$ATT s: throughput ratio $ratio of the medians (uncapped attacker: $u1 s, $uratio)"
# each pair's ratio too (a solo round and the attacked one after it, back
# to back: drifts of the host's load cancel better there); reported only
set -- $ATT
pairs=$(for x in $SOLO; do echo "$x $1"; shift; done)
say "per pair (solo/attacked): $(echo "$pairs" | ratio_stats)"
awk -v r="$ratio" 'BEGIN { exit !(r >= 0.8) }' && pass "the victim keeps $ratio of its disk throughput under attack (>= 0.80)" ||
    fail_soft "the victim keeps only $ratio of its disk throughput under attack"
NS=$(med "$NSOLO"); NA=$(med "$NATT")
nratio=$(awk -v s="$NS" -v a="$NA" 'BEGIN { printf "%.2f", s / a }')
timing net_solo_secs "$NS"
timing net_attacked_secs "$NA"
timing net_ratio "$nratio"
set -- $NATT
pairs=$(for x in $NSOLO; do echo "$x $1"; shift; done)
say "victim's network (4 MiB to dom0): solo$NSOLO s, attacked$NATT s: ratio $nratio of the medians; per pair: $(echo "$pairs" | ratio_stats)"
awk -v r="$nratio" 'BEGIN { exit !(r >= 0.8) }' && pass "the victim keeps $nratio of its network throughput under attack (>= 0.80)" ||
    fail_soft "the victim keeps only $nratio of its network throughput under attack"

# the control: the same attacker domain busy in user space (reported only;
# the goal line above stays attacked / alone)
B=$(med "$BUSY"); NB=$(med "$NBUSY")
bratio=$(awk -v s="$S" -v b="$B" 'BEGIN { printf "%.2f", s / b }')
abratio=$(awk -v b="$B" -v a="$A" 'BEGIN { printf "%.2f", b / a }')
nbratio=$(awk -v s="$NS" -v b="$NB" 'BEGIN { printf "%.2f", s / b }')
nabratio=$(awk -v b="$NB" -v a="$NA" 'BEGIN { printf "%.2f", b / a }')
timing busy_secs "$B"; timing busy_ratio "$bratio"; timing attack_vs_busy "$abratio"
timing net_busy_secs "$NB"; timing net_busy_ratio "$nbratio"; timing net_attack_vs_busy "$nabratio"
say "three figures, disk (medians of $TRIPLES): alone $S s, beside a busy neighbour $B s ($bratio of alone), under attack $A s ($ratio of alone; $abratio of the busy neighbour's)"
say "three figures, network: alone $NS s, beside a busy neighbour $NB s ($nbratio of alone), under attack $NA s ($nratio of alone; $nabratio of the busy neighbour's); busy rounds$BUSY s (disk),$NBUSY s (network)"
psay solo "alone"; psay busy "beside the busy neighbour"; psay attack "under the whole attack"

# ---- where the cost goes (reported only), the attacker capped again
cap 25
say "xyl-blkback runs at nice $(awk '{ print $19 }' /proc/$pid/stat), xenstored at $(awk '{ print $19 }' /proc/$xsd/stat)"
# diag MODE WHAT: one victim disk round under attack mode MODE; xenstored's
# and the daemon's ticks over the whole attack, the attacker's writes
diag() {
    local x0 b0 line w
    x0=$(proc_ticks $xsd); b0=$(proc_ticks $pid)
    attack "$1"; sleep 1; io_round $n; n=$((n + 1)); attack 0
    line=$(console_wait $acons "@@GUEST-HOSTILE round=$k " 30); k=$((k + 1))
    x0=$(( $(proc_ticks $xsd) - x0 )); b0=$(( $(proc_ticks $pid) - b0 ))
    w=$(echo "$line" | sed -n 's/.* writes=\([0-9]*\).*/\1/p')
    say "diag, $2: victim's round $IO s; over the attack xenstored $x0 ticks, xyl-blkback $b0 ticks, ${w:-?} writes ($(awk -v t=$x0 -v w="${w:-0}" 'BEGIN { if (w > 0) printf "%.2f", t * 10 / w; else printf "?" }') ms of xenstored per write); $line"
}
diag 4 "a node nobody watches flooded alone"
# each part of the attack alone: 3 rounds of each kind, each after a solo
# round; the kinds' ratios against the median of those 12 solo rounds
KS= 
kind_rounds() {     # MODE NAME
    local a0= j=0 line x0 w
    while [ $j -lt 3 ]; do
        pmark; io_round $n; KS="$KS $IO"; n=$((n + 1)); padd ksolo
        x0=$(proc_ticks $xsd)
        attack "$1"; sleep 1
        pmark; io_round $n; a0="$a0 $IO"; n=$((n + 1)); padd "k$1"; attack 0
        line=$(console_wait $acons "@@GUEST-HOSTILE round=$k " 30); k=$((k + 1))
        x0=$(( $(proc_ticks $xsd) - x0 ))
        w=$(echo "$line" | sed -n 's/.* writes=\([0-9]*\).*/\1/p')
        say "  $2: round $IO s; over the attack xenstored $x0 ticks ($(awk -v t=$x0 -v w="${w:-0}" 'BEGIN { if (w > 0) printf "%.2f ms", t * 10 / w; else printf "no writes" }') per write); $line"
        j=$((j + 1))
    done
    eval "K_$1=\"$a0\""
    counters "$2"
}
kind_rounds 3 "state flood"
kind_rounds 6 "event storm"
kind_rounds 7 "reconnect loop"
kind_rounds 8 "malformed rings"
KM=$(med "$KS")
timing kind_solo_secs "$KM"
psay ksolo "alone, between the kinds"
for m in 3:state_flood 6:event_storm 7:reconnect_loop 8:malformed_rings; do
    eval "a0=\$K_${m%%:*}"
    km=$(med "$a0")
    kr=$(awk -v s="$KM" -v a="$km" 'BEGIN { printf "%.2f", s / a }')
    timing "ratio_${m#*:}" "$kr"
    say "per kind, ${m#*:}: attacked$a0 s, median $km s against $KM s alone (12 solo rounds$KS s): ratio $kr"
    psay "k${m%%:*}" "${m#*:} alone"
done
rss4=$(rss); nrss4=$(nrss)
log1=$(wc -l < $log); nlog1=$(wc -l < $nlog)
# pairs3 WHAT: 3 more (solo, attacked) pairs under a changed setting
pairs3() {
    local s0= a0= j=0
    while [ $j -lt 3 ]; do
        io_round $n; s0="$s0 $IO"; n=$((n + 1))
        attack 1; sleep 1; io_round $n; a0="$a0 $IO"; n=$((n + 1)); attack 0
        console_wait $acons "@@GUEST-HOSTILE round=$k " 30 > /dev/null; k=$((k + 1))
        j=$((j + 1))
    done
    say "diag, $1: solo$s0 s, attacked$a0 s: ratio $(awk -v s="$(med "$s0")" -v a="$(med "$a0")" 'BEGIN { printf "%.2f", s / a }') of the medians (as run above: $ratio)"
}
# an admin's mitigation (an extra line, not the goal): the attacker's vCPU
# capped at 10% instead of 25% (the definition's scheduler keys)
cap 10
pairs3 "the attacker capped at 10%"
cap 25
# another (an extra line too): dom0, where the backends and xenstored run,
# at twice a guest's scheduler weight, as Xen's tuning advice has it for
# hosts whose backends live in dom0 (credit2 only: the lab's scheduler)
if [ "$sched" = credit2 ]; then
    w0=$(xl sched-credit2 -d 0 | awk 'NR == 2 { print $3 }')
    run xl sched-credit2 -d 0 -w $((2 * ${w0:-256}))
    pairs3 "dom0 at twice the guests' weight ($((2 * ${w0:-256})))"
    run xl sched-credit2 -d 0 -w "${w0:-256}"
fi
# and without the pinning (an extra line: the set-up of runs 12-16)
if [ "$PIN" != off ]; then
    pin off
    pairs3 "unpinned: every vCPU on either CPU"
    pin on
fi
say "xyl-blkback VmRSS kB: $rss0 before,$RSS after each capped whole attack, $rss4 after the uncapped one and the kinds' 12"
grow=$(( rss4 - rss0 ))
timing blkback_rss_growth_kb $grow
[ $grow -le 4096 ] && pass "the daemon's memory grew by $grow kB over $((TRIPLES + 13)) attack rounds (<= 4096)" ||
    fail_soft "the daemon's memory grew by $grow kB"
lines=$(( log1 - log0 - 3 * NCOUNT ))
timing blkback_log_lines $lines
[ $lines -le 200 ] && pass "the log grew by $lines lines over the attacks (<= 200)" ||
    fail_soft "the log grew by $lines lines"
say "xyl-netback (the victim's NIC only; the attacker has none): VmRSS $nrss0 -> $nrss4 kB, log +$(( nlog1 - nlog0 )) lines over the same rounds"
# the flips are slowed by the handshake rate or, before it is reached, by
# the state watch taken away from a device stepped for nothing
slowed=$(grep -o "reconnects too often\|rewrites its state in a loop" $log | sort -u | tr '\n' ';')
[ -n "$slowed" ] && pass "the reconnect loop was slowed down ($slowed)" ||
    fail_soft "no rate-limit line for the reconnect loop"
tail -n 20 $log | sed 's/^/  | /'
# what each device cost the daemon so far (SIGUSR1: counters to the log)
kill -USR1 "$pid"; sleep 0.5
say "xyl-blkback's counters:"; tail -n 3 $log | sed 's/^/  | /'

# ---- a producer index beyond the ring: only the attacker is cut off
attack 2
console_wait $acons '@@GUEST-HOSTILE broken' 10 > /dev/null
# (up to 8 s + a handshake: a device that flooded its state node is not
# watched for a while, so its last reconnect may still be pending)
i=0
while [ $i -lt 80 ]; do
    [ "$(xenstore-read $root/$ad/$devid/state 2>/dev/null)" = 5 ] && break
    sleep 0.25; i=$((i + 1))
done
err=$(xenstore-read $root/$ad/$devid/error 2>/dev/null)
case $err in *"broke the ring"*) pass "the attacker's disk is cut off: $err" ;;
    *) show_log; fail "the attacker's disk was not cut off (state $(xenstore-read $root/$ad/$devid/state 2>&1), error '$err')" ;; esac
[ "$(xenstore-read $root/$vd/$devid/state)" = 4 ] && ! xenstore-read $root/$vd/$devid/error >/dev/null 2>&1 &&
    pass "the victim's disk is still Connected, without error" || fail "the victim's disk was affected"
io_round $n; s4=$IO; pass "the victim's round after the cut-off: $s4 s"
n=$((n + 1))

# ---- SIGKILL during a victim round, the daemon started again
xenstore-write /local/domain/$vd/data/io $n
sleep 0.5
kill -KILL "$pid"
i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
kill -0 "$pid" 2>/dev/null && fail "xyl-blkback survived SIGKILL"
T_RESTART=$(t_now)
must xyl-blkback --daemon --confine
pid2=$(cat /run/xyl-blkback.pid)
[ "$pid2" != "$pid" ] && kill -0 "$pid2" && pass "xyl-blkback started again (pid $pid2)" || fail "no new xyl-blkback"
line=$(console_wait $vcons "@@GUEST-IO n=$n " 120) || { show_log 30; fail "the round cut by SIGKILL never finished"; }
timing restart_to_served "$(t_since "$T_RESTART")"
pass "the round cut by SIGKILL finished after the restart: $line"
grep "pid $pid2" $log | head -n 1 | grep -q "confined" && pass "the new daemon serves confined" ||
    fail_soft "the new daemon's start line does not say confined"
grep -q "domain $vd device $devid: connected again" $log && pass "the victim's disk re-attached (connected again)" ||
    { show_log 30; fail "no 'connected again' for the victim"; }
io_round v1; v=$IO
case $v in *"w=$want r=$want"*) pass "the victim's pattern reads back after the restart" ;;
    *) fail "the victim read back something else: $v" ;; esac
[ "$(mib4 $vimg)" = "$want" ] && pass "dom0 finds the victim's pattern in the image" ||
    fail "the image holds $(mib4 $vimg), want $want"

xenstore-write /local/domain/$ad/data/attack q
must xyl destroy hg-attacker
must xyl destroy hg-victim
expect_gone hg-victim 20
net_dom0_down
expect_only_dom0
show_log 25
timing scenario "$(t_since "$T0")"
[ "${LAB_FAILED:-0}" = 0 ] || fail "$LAB_FAILED check(s) failed"
