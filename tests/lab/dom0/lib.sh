# lib.sh - helpers for lab scenarios (busybox ash, sourced in dom0 before each
# scenario). Output goes to dom0's console, i.e. the host's serial log; lines
# starting "@@LAB " are markers the host parses.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/xen-4.17/bin
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
CONSOLE_LOGS=/var/log/xen/console
LAB_SCENARIO=${LAB_SCENARIO:-dom0}
LAB_TMP=/tmp/lab-$LAB_SCENARIO
mkdir -p "$LAB_TMP"

t_now() { cut -d' ' -f1 /proc/uptime; }            # seconds since dom0 booted
t_since() { awk -v a="$1" -v b="$(t_now)" 'BEGIN{printf "%.1f", b - a}'; }
lab_msg() { echo "@@LAB $*"; }
say() { echo "[$LAB_SCENARIO] $*"; }
pass() { lab_msg "PASS $LAB_SCENARIO $*"; }          # one check passed
fail() { lab_msg "FAIL $LAB_SCENARIO $*"; exit 1; }  # a check failed: ends the scenario
fail_soft() { lab_msg "FAIL $LAB_SCENARIO $*"; LAB_FAILED=$((${LAB_FAILED:-0} + 1)); }  # goes on
timing() { lab_msg "TIME $LAB_SCENARIO $1=$2"; }     # shown in the host's summary

# run CMD...: echo, run, keep the output in $LAB_TMP/out (also shown); returns CMD's rc
run() {
    echo "+ $*"
    "$@" > "$LAB_TMP/out" 2>&1
    RC=$?
    sed 's/^/  | /' "$LAB_TMP/out"
    [ $RC = 0 ] || echo "  (exit status $RC)"
    return $RC
}
# must CMD...: run, and fail the scenario (with the command and its rc) if it fails
must() { run "$@" || fail "'$*' exited $RC: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"; }

# cfg_name FILE.yaml: the guest's name from its definition
cfg_name() { sed -n 's/^name:[[:space:]]*//p' "$1" | head -n 1 | tr -d "\"'"; }

# xyl_create FILE: time `xyl create FILE` (timing "create"); T_CREATE = its
# start. Remembers FILE and the new domid, so that wait_marker can name a
# triple fault of that domain.
xyl_create() {
    rm -f "$CONSOLE_LOGS"/guest-* 2>/dev/null
    T_CREATE=$(t_now)
    must xyl create "$1"
    timing create "$(t_since "$T_CREATE")"
    CREATED_CFG=$1
    # from xyl's "created NAME (domid N)": a guest may be gone before `xyl list`
    CREATED_DOMID=$(sed -n 's/^created .* (domid \([0-9]*\)).*/\1/p' "$LAB_TMP/out" | tail -n 1)
}

# triple_fault NAME: the guest NAME that xyl_create started died of a triple
# fault that Xen logged for its domid. Under nested SVM in TCG (no KVM here
# can run Xen) PVH/HVM guests did this now and then until the lab's QEMU got
# patch 0002 (issue 20, "Triple faults under nested SVM" in
# tests/lab/README.md); a fault now fails the scenario like any other death,
# and this only names it. The guest counts as dead when it is gone or shut
# down/crashed (s, c, d), paused or not: libxl pauses a domain it destroys,
# so a monitor applying on_reboot/on_crash shows "--psr-" for a moment.
triple_fault() {
    [ -n "${CREATED_DOMID:-}" ] && [ "$(cfg_name "$CREATED_CFG")" = "$1" ] &&
        case "$(dom_state "$1")" in *[scd]*|"") ;; *) false ;; esac &&
        xl dmesg | grep -q "d${CREATED_DOMID}v[0-9]* Triple fault"
}

# dom_state NAME: xl's state letters (r b p s c d), empty if there is no such domain
dom_state() { xl list "$1" 2>/dev/null | awk 'NR == 2 {print $5}'; }

# ---- where CPU time goes (hostile, experiments, benchmarks)
# proc_ticks PID: the process's user + system CPU time in clock ticks
# (1/100 s); 0 for no PID or no such process
proc_ticks() { [ -n "$1" ] && awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# dom0_busy_ticks: dom0's busy ticks so far over all its vCPUs (user, nice,
# system, irq, softirq)
dom0_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
# dom_cpu_secs NAME|DOMID: the CPU seconds Xen has given the domain (xl list's Time(s))
dom_cpu_secs() { xl list "$1" 2>/dev/null | awk 'NR == 2 { print $6 }'; }

# console_states NAME: how many @@GUEST-STATE lines the guest has printed on
# its console, across a migration (xenconsoled logs the incoming domain as
# guest-NAME--incoming.log until it is renamed); grep -c prints 0 (and
# fails) when nothing matches, and a missing log counts as none
console_states() {
    cat "$CONSOLE_LOGS/guest-$1.log" "$CONSOLE_LOGS/guest-$1--incoming.log" 2>/dev/null | grep -a -c '@@GUEST-STATE'
}
# console_mem NAME: mem_kb of the guest's last state line
console_mem() {
    cat "$CONSOLE_LOGS/guest-$1.log" "$CONSOLE_LOGS/guest-$1--incoming.log" 2>/dev/null |
        grep -a -o '@@GUEST-STATE.*' | tail -n 1 | sed -n 's/.* mem_kb=\([0-9]*\).*/\1/p'
}

# expect_alive NAME MIB AFTER: the guest answers a balloon request (xl
# mem-set NAME MIB) with a new state line on its console within 40 s
expect_alive() {
    local name=$1 n i=0
    n=$(console_states "$name")
    must xl mem-set "$name" "$2"m
    while [ $i -lt 40 ]; do
        [ "$(console_states "$name")" -gt "$n" ] && { pass "$name answers on its console after $3 (mem_kb=$(console_mem "$name"))"; return 0; }
        sleep 1; i=$((i + 1))
    done
    tail -n 5 "$CONSOLE_LOGS/guest-$name.log" "$CONSOLE_LOGS/guest-$name--incoming.log" 2>/dev/null
    fail "$name printed nothing on its console within 40 s after $3"
}

# expect_running NAME AFTER: the domain exists and is neither paused, shut
# down, crashed nor dying
expect_running() {
    local st
    st=$(dom_state "$1")
    case $st in *p*|*s*|*c*|*d*|"") run xl list; fail "$1 is not running after $2 (state '${st:-gone}')" ;; esac
    pass "$1 runs after $2 (state $st)"
}

# marker_in FILE...: the first marker line (xenconsoled may put a timestamp
# after a \r), without the "[YYYY-MM-DD HH:MM:SS] " stamps of xenconsoled's
# --timestamp=all: one has been seen inside a marker line, glued to its last
# field (88-apply in CI's lab, 2026-12-07: 'xs=db[2026-12-07 16:51:08] '),
# where it failed a check of that field.  No marker field has a '['.
marker_in() {
    cat "$@" 2>/dev/null | tr '\r' '\n' | grep -m1 -o '@@GUEST-MARKER.*' |
        sed 's/\[[0-9-]* [0-9:]*\] *//g'
}

# poll_marker NAME TIMEOUT: wait for @@GUEST-MARKER in the guest's console log
# (or its HVM serial log); sets MARKER. Returns early when the domain is gone,
# shut down or crashed (a triple fault) without a marker, or its console logs
# match $MARKER_GIVEUP (if set). Polls every 0.5 s,
# then 1 s: each poll forks, and fork-heavy loops steal CPU from the guests.
poll_marker() {
    local name=$1 end n=0 f t0; st=
    t0=$(t_now)
    end=$(awk -v u="$t0" -v t="$2" 'BEGIN{print int(u + t)}')
    f="$CONSOLE_LOGS/guest-$name.log $CONSOLE_LOGS/guest-$name-serial.log"
    while :; do
        MARKER=$(marker_in $f)
        [ -n "$MARKER" ] && return 0
        [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ] || return 1
        n=$((n + 1))
        if [ $((n % 10)) = 0 ]; then     # every 5-10 s: is the guest still alive?
            st=$(dom_state "$name")
            case ${st:-gone} in *s*|*c*|*d*|gone)
                sleep 1; MARKER=$(marker_in $f)
                [ -n "$MARKER" ] && return 0
                say "$name stopped without a marker (state ${st:-gone})"; return 1 ;;
            esac
            # the guest's own words that it will never get there (MARKER_GIVEUP,
            # a grep pattern, e.g. an initramfs's rescue shell): stop waiting
            if [ -n "${MARKER_GIVEUP:-}" ] && cat $f 2>/dev/null | grep -q -- "$MARKER_GIVEUP"; then
                say "$name's console says '$MARKER_GIVEUP': not waiting for its marker"; return 1
            fi
            # a heartbeat keeps the host's idle watchdog quiet
            [ $((n % 60)) = 0 ] && say "still waiting for $name's marker ($(t_since "$t0") s)"
        fi
        [ $n -lt 40 ] && sleep 0.5 || sleep 1   # slower polling once it takes long
    done
}

# wait_marker NAME TIMEOUT: poll_marker, or fail with the guest's log tail.
# Timing "marker" = from the start of the create to the marker. No boot
# again: a guest that dies while booting, of a triple fault or otherwise,
# fails the scenario (issue 20 removed the lab's retries).
wait_marker() {
    if poll_marker "$1" "$2"; then
        echo "$MARKER"
        [ -n "${T_CREATE:-}" ] && timing marker "$(t_since "$T_CREATE")"
        return 0
    fi
    st=$(dom_state "$1")
    say "no marker from $1; guest console:"
    tail -n 30 "$CONSOLE_LOGS/guest-$1.log" "$CONSOLE_LOGS/guest-$1-serial.log" 2>/dev/null
    if triple_fault "$1"; then
        xl dmesg | grep -E "d${CREATED_DOMID}v[0-9]* Triple fault|RIP:|CONTEXT:" | tail -n 3 | sed 's/^/  xen: /'
        fail "$1 (domid $CREATED_DOMID) triple-faulted while booting (Xen's log above; issue 20)"
    fi
    case ${st:-gone} in
        *s*|*c*|*d*|gone) fail "$1 stopped without a marker (state ${st:-gone}; a triple fault shows in xl dmesg)" ;;
        *) fail "no @@GUEST-MARKER from $1 within $2 s (state $st)" ;;
    esac
}

# ---- scenarios written once for several guest types ("# lab pv: ..." and
# "# lab pvh: ..." header lines, see run-scenarios): LAB_TYPE is this run's
# type, TYPE_MARK the same as the guests' markers spell it (guest_type=PVH)
# lab_types TYPE...: the types the scenario is written for; fail on another
lab_types() {
    case " $* " in *" ${LAB_TYPE:-none} "*) ;; *) fail "LAB_TYPE is '${LAB_TYPE:-}', want one of: $*" ;; esac
    TYPE_MARK=$(echo "$LAB_TYPE" | tr a-z A-Z)
}

# ---- a guest kept up with xyl_lab_stay=1 prints "@@GUEST-STATE blk=..
# net=.. mem_kb=.. cpus=.." whenever its devices, memory or vCPUs change
# guest_state: the last such line of the guest $name, in STATE
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
# sees KEY ITEM / lacks KEY ITEM: ITEM is (not) in STATE's comma list KEY
sees() { case ",$(state_get "$1")," in *,"$2",*) return 0 ;; esac; return 1; }
lacks() { ! sees "$1" "$2"; }

# ---- an HVM guest installed from the lab's installer CD (lib/installer-iso.sh,
# guest/installer-init), written to its serial log: hvm/10-iso-install and
# real/50-hvm-installer
# serial_wait FILE NAME PATTERN SECS: until the guest NAME's serial log FILE
# has PATTERN (a heartbeat every minute for the host's idle watchdog); fails
# if the guest is gone or the installer says it failed
serial_wait() {
    local t0 n=0
    t0=$(t_now)
    while ! grep -q "$3" "$1" 2>/dev/null; do
        grep -q '@@INSTALL failed' "$1" 2>/dev/null &&
            fail "the installer failed: $(grep -a '@@INSTALL failed' "$1" | tail -n 1)"
        [ -n "$(xyl_domid "$2")" ] || { sleep 2; grep -q "$3" "$1" 2>/dev/null && return 0
            tail -n 20 "$1" 2>/dev/null; fail "$2 is gone before '$3' ($(t_since "$t0") s)"; }
        [ "$(t_since "$t0" | cut -d. -f1)" -lt "$4" ] || { tail -n 20 "$1"; fail "no '$3' within $4 s"; }
        n=$((n + 1))
        [ $((n % 30)) = 0 ] && say "waiting for '$3' ($(t_since "$t0") s)"
        sleep 2
    done
}
# eject_reboot FILE NAME VDEV: the install is done; `xyl cd-eject NAME VDEV`,
# then the installer reboots once the drive is empty and the monitor
# restarts the guest (on_reboot: restart) from libxl's configuration, which
# has the empty drive now (a new domid; QEMU starts the serial log FILE
# afresh); then the installed system's marker, in MARKER (timing reboot,
# disk-boot)
eject_reboot() {
    local old t1 d now n=0
    old=$(xyl_domid "$2")
    # The guest's installer polls the drive with dd, and Linux locks the
    # tray while /dev/sr0 is open: QEMU then refuses the eject ("is locked
    # ... wait for tray to open and try again") after asking the guest to
    # open it.  Retry as QEMU says, as a user would, for up to 20 s.
    n=0
    until run xyl cd-eject "$2" "$3"; do
        grep -q 'is locked' "$LAB_TMP/out" && [ $n -lt 20 ] ||
            fail "'xyl cd-eject $2 $3' exited $RC: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"
        n=$((n + 1))
        sleep 1
    done
    [ $n = 0 ] || lab_msg "NOTE $LAB_SCENARIO cd-eject: the guest held the tray locked; ejected on try $((n + 1))"
    n=0
    t1=$(t_now)
    while :; do
        d=$(xyl_domid "$2")
        [ -n "$d" ] && [ "$d" != "$old" ] && break
        [ $n -lt 300 ] || { run xyl list; tail -n 20 "$1"; fail "$2 was not restarted within 300 s of the eject"; }
        n=$((n + 1))
        [ $((n % 30)) = 0 ] && say "waiting for the reboot ($n s)"
        sleep 1
    done
    pass "rebooted after the eject: domid $old -> $d"
    timing reboot "$(t_since "$t1")"
    serial_wait "$1" "$2" '@@GUEST-MARKER' 900
    MARKER=$(grep -a '@@GUEST-MARKER' "$1" | tail -n 1)
    echo "$MARKER"
    # on_reboot: restart turns a triple fault of the disk boot into one more
    # restart by the monitor, silently: name each one Xen logged (issue 20)
    now=$(xyl_domid "$2")
    while [ -n "$now" ] && [ "$d" -lt "$now" ]; do
        xl dmesg | grep -q "d${d}v[0-9]* Triple fault" &&
            lab_msg "NOTE $LAB_SCENARIO $2 (domid $d) triple-faulted during the disk boot (nested SVM under TCG); the monitor restarted it"
        d=$((d + 1))
    done
    grep -q '@@INSTALL begin' "$1" && fail "the installer ran again after the reboot (the CD stayed in)"
    expect_marker tag=installed-disk
    expect_marker guest_type=HVM
    timing disk-boot "$(t_since "$t1")"
}

# expect_refused CMD...: exit status 1 and exactly one line on stderr
expect_refused() {
    echo "+ $*   (must be refused)"
    "$@" > "$LAB_TMP/out" 2> "$LAB_TMP/err"; RC=$?
    sed 's/^/  ! /' "$LAB_TMP/err"
    [ $RC = 1 ] || fail "'$*' exited $RC, want 1"
    [ "$(wc -l < "$LAB_TMP/err")" = 1 ] || fail "'$*' printed $(wc -l < "$LAB_TMP/err") lines on stderr, want 1"
    pass "refused in one line: $(head -c 100 "$LAB_TMP/err")"
}

# marker_has KEY=VALUE: the marker line contains this exact field
marker_has() { case " $MARKER " in *" $1 "*) return 0 ;; esac; return 1; }
marker_get() { echo " $MARKER " | sed -n "s/.* $1=\([^ ]*\) .*/\1/p"; }
# expect_marker KEY=VALUE: pass or fail on one field
expect_marker() {
    marker_has "$1" && pass "marker $1" || fail "marker lacks $1: $MARKER"
}

# xyl_domid NAME: the guest's domid as `xyl list` shows it (empty if absent)
xyl_domid() { xyl list 2>/dev/null | awk -v n="$1" '$1 == n {print $2}'; }
expect_listed() {
    must xyl list
    awk -v n="$1" '$1 == n {f=1} END{exit !f}' "$LAB_TMP/out" &&
        pass "xyl list shows $1" || fail "xyl list does not show $1"
}
# expect_gone NAME [SECONDS]: NAME disappears from `xyl list`
expect_gone() {
    local i=0
    while [ $i -lt "${2:-10}" ]; do
        [ -z "$(xyl_domid "$1")" ] && { pass "$1 is gone"; return 0; }
        sleep 1; i=$((i + 1))
    done
    run xyl list; fail "$1 still listed after ${2:-10} s"
}
# expect_only_dom0: no guest left at all
expect_only_dom0() {
    must xyl list
    [ "$(awk 'NR > 1 && $1 != "Domain-0"' "$LAB_TMP/out" | wc -l)" = 0 ] &&
        pass "no domain left" || fail "domains left: $(awk 'NR > 1 {print $1}' "$LAB_TMP/out" | tr '\n' ' ')"
}

# ---- networks (xyl-netback scenarios and bench): dom0 is 10.99.0.1 on xenbr0
# and serves http://10.99.0.1:8080/cgi-bin/pat?BYTES, the pattern the lab
# guests serve too (guest/init: xyl_ip=, xyl_peer=, data/netfetch)
net_pat_sum() { yes xyl-lab-net | head -c "$1" | sha256sum | cut -c1-16; }
net_dom0_up() {
    ip addr add 10.99.0.1/24 dev xenbr0 2>/dev/null
    mkdir -p /tmp/www/cgi-bin
    printf '#!/bin/sh\necho "Content-Type: application/octet-stream"\necho\nyes xyl-lab-net | head -c "${QUERY_STRING:-0}"\n' \
        > /tmp/www/cgi-bin/pat
    chmod 755 /tmp/www/cgi-bin/pat
    # an earlier scenario (or attempt) that failed half-way left its server
    [ -s /tmp/www/httpd.pid ] && kill "$(cat /tmp/www/httpd.pid)" 2>/dev/null && sleep 0.5
    busybox httpd -f -p 10.99.0.1:8080 -h /tmp/www &
    NET_HTTPD=$!
    echo $NET_HTTPD > /tmp/www/httpd.pid
    sleep 0.5
    kill -0 $NET_HTTPD 2>/dev/null || fail "dom0 httpd on 10.99.0.1:8080 did not start"
}
net_dom0_down() {
    [ -n "${NET_HTTPD:-}" ] && kill "$NET_HTTPD" 2>/dev/null
    ip addr del 10.99.0.1/24 dev xenbr0 2>/dev/null
}
# guest_line NAME PREFIX SECS: the first console line of NAME from PREFIX on
guest_line() {
    local i=0 l
    while [ $i -lt "$3" ]; do
        l=$(tr '\r' '\n' < "$CONSOLE_LOGS/guest-$1.log" 2>/dev/null | grep -m1 -o "$2.*")
        [ -n "$l" ] && { echo "$l"; return 0; }
        if [ $((i % 10)) = 9 ]; then    # a guest that died will not say it
            case $(dom_state "$1") in *s*|*c*|*d*|"") say "$1 stopped (state $(dom_state "$1"))" >&2; return 1 ;; esac
        fi
        # a heartbeat for the host's idle watchdog (a 64 MiB transfer to a
        # PVH guest takes minutes)
        [ $((i % 60)) = 59 ] && say "waiting for $1's '$2' line ($((i + 1)) s)" >&2
        sleep 1; i=$((i + 1))
    done
    return 1
}
# net_pull IP BYTES [SECS]: dom0 fetches BYTES from the guest at IP (guest ->
# dom0) within SECS (180); sets NET_SUM and NET_SECS.  Bounded: a guest that
# dies mid-transfer must not hang the scenario (busybox's wget has no read
# timeout); says how long it has been every 60 s (the idle watchdog)
net_pull() {
    local f p n=0 t0
    f=$(mktemp "$LAB_TMP/pull.XXXXXX")
    t0=$(t_now)
    ( timeout "${3:-180}" busybox wget -q -O - "http://$1:8080/cgi-bin/pat?$2" | sha256sum | cut -c1-16 > "$f"
      t_since "$t0" >> "$f" ) &
    p=$!
    while kill -0 $p 2>/dev/null; do
        sleep 1; n=$((n + 1))
        [ $((n % 60)) = 0 ] && say "pulling $2 bytes from $1 ($n s)"
    done
    wait $p
    NET_SUM=$(sed -n 1p "$f") NET_SECS=$(sed -n 2p "$f")
    rm -f "$f"
}
# net_cmd DOMID REQUEST...: one request to the lab guest (guest/init,
# data/netcmd: "fetch BYTES [IP]", "ping IP"); NET_ID is the id that its
# "@@GUEST-NET id=..." answer carries (dom0's uptime in 1/100 s: new for
# each request, and never that of an earlier guest's line in the same log)
net_cmd() {
    local d=$1; shift
    NET_ID=$(t_now | tr -d .)
    xenstore-write "/local/domain/$d/data/netcmd" "$NET_ID $*"
}
# guest_answer NAME ID SECS: the guest's "@@GUEST-NET id=ID ..." line, in
# NET_LINE (empty and false if none within SECS)
guest_answer() { NET_LINE=$(guest_line "$1" "@@GUEST-NET id=$2 " "$3"); }
# net_push NAME DOMID BYTES SECS [IP]: the guest fetches BYTES from IP (its
# peer, dom0, by default), at most SECS; sets NET_SUM and NET_SECS
# (guest-measured).  net_push NAME DOMID BYTES SECS 10.99.0.12: from a
# second guest
net_push() {
    NET_SUM='' NET_SECS=''
    net_cmd "$2" fetch "$3" ${5:-} || return 1
    guest_answer "$1" "$NET_ID" "$4" || return 1
    NET_SUM=$(echo " $NET_LINE " | sed -n 's/.* rx=\([0-9a-f-]*\) .*/\1/p')
    NET_SECS=$(echo " $NET_LINE " | sed -n 's/.* secs=\([0-9.]*\) .*/\1/p')
}
# ratio_stats: lines "A B" on stdin, one per round (A and B measured back to
# back) -> the min, median and max of A/B over the rounds and the spread
# ((max - min) / median): what the benchmarks report, since TCG moves single
# figures by up to 5x between rounds
ratio_stats() {
    awk '$2 > 0 { n++; q[n] = $1 / $2 }
        END { if (!n) { printf "no rounds"; exit }
              for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (q[j] < q[i]) { x = q[i]; q[i] = q[j]; q[j] = x }
              m = n % 2 ? q[(n + 1) / 2] : (q[n / 2] + q[n / 2 + 1]) / 2
              printf "min %.2f median %.2f max %.2f spread %.0f%% (%d rounds)", q[1], m, q[n],
                     m ? (q[n] - q[1]) / m * 100 : 0, n }'
}
# side_by_side F1 F2: line N of each as "A B" (busybox has no paste)
side_by_side() { awk 'NR == FNR { a[FNR] = $1; next } { print a[FNR], $1 }' "$1" "$2"; }
# free_mb: Xen's free memory in MiB
free_mb() { xl info | awk '$1 == "free_memory" {print $3}'; }
# settle_memory BASE SLACK TRIES: wait, 0.5 s a try, until Xen's free memory
# is back to BASE within SLACK MiB.  Xen frees a destroyed guest's memory in
# the background; a benchmark's next create would otherwise pay for it.
settle_memory() {
    local i=0
    while [ "$(free_mb)" -lt $(($1 - $2)) ] && [ $i -lt "$3" ]; do sleep 0.5; i=$((i + 1)); done
}
# mib_per_s BYTES SECS
mib_per_s() { awk -v b="$1" -v s="$2" 'BEGIN{printf "%.2f", (s > 0) ? b / 1048576 / s : 0}'; }
# xs_gone PATH SECS: the xenstore node disappears within SECS
xs_gone() {
    local i=0
    while [ $i -lt $(($2 * 2)) ]; do
        xenstore-read "$1" >/dev/null 2>&1 || return 0
        sleep 0.5; i=$((i + 1))
    done
    return 1
}

# ---- PVH on xyl-netback (92-netback-pvh, 93-netback-pvh-rx in CI;
# tests/lab/netback-pvh/ with 64 MiB each way): the PVH guest pvh-xyl-net
# (10.99.0.11) is configs/pv-xyl-net.yaml as PVH.  Its second guest on the
# bridge, pv-xyl-peer (10.99.0.12, its own MAC), is the same definition as
# PV, on xyl-netback too: traffic between the two crosses the userspace
# backend at both ends, one daemon serving a PVH and a PV guest at once
# (the kernel's netback beside xyl's is netback-pvh/20-pvh-vs-kernel's).  PV because it is the
# partner, not the guest under test: it boots in half the time (15 s
# against 26-30 s on the one-CPU lab) and runs no nested SVM (issue 20).
netpvh_show_log() { say "xyl-netback log:"; tail -n 20 /var/log/xen/xyl-netback.log 2>/dev/null | sed 's/^/  | /'; }
# netpvh_up [peer]: dom0's address and httpd, the PVH guest (and with peer
# the second guest, created right after it so that the two boot side by
# side); their markers; the PVH guest pings dom0, its TAP is in the bridge;
# with peer each guest pings the other (guest/init's data/netcmd).  Sets
# name, domid (and peer_domid); TIME peer_steps: what waiting for the
# second guest and the pings between the guests added (its create, its
# marker after the PVH guest's, the pings; the caller adds its destroy)
netpvh_up() {
    root=/local/domain/0/backend/xyl-vif
    name=pvh-xyl-net
    cfg=$LAB_TMP/$name.yaml
    sed -e "s/^name: .*/name: $name/" -e 's/^type: pv$/type: pvh/' \
        -e 's/xyl_lab=xylnet/xyl_lab=xylnet-pvh/' /etc/xyl/configs/pv-xyl-net.yaml > $cfg
    grep -q '^type: pvh' $cfg || fail "could not make the PVH definition"
    net_dom0_up
    xyl_create $cfg
    PEER_SECS=0
    if [ "${1:-}" = peer ]; then
        pcfg=$LAB_TMP/pv-xyl-peer.yaml
        sed -e 's/^name: .*/name: pv-xyl-peer/' -e 's/xyl_lab=xylnet/xyl_lab=xylnet-peer/' \
            -e 's|xyl_ip=10.99.0.11/|xyl_ip=10.99.0.12/|' -e 's/00:16:3e:99:00:11/00:16:3e:99:00:12/' \
            /etc/xyl/configs/pv-xyl-net.yaml > $pcfg
        grep -q 'xyl_ip=10.99.0.12/' $pcfg && grep -q '00:16:3e:99:00:12' $pcfg ||
            fail "could not make the second guest's definition"
        t=$(t_now)
        must xyl create $pcfg    # not xyl_create: that empties the guests' console logs
        PEER_SECS=$(t_since "$t")
    fi
    # with a peer booting beside it on the lab's one emulated CPU, the PVH
    # guest's boot took 43 s in one run and 153 s in another on a slower
    # host (2026-12-07 17:18), then over 180 s with a second lab machine on
    # the host: 300 s then
    wait_marker "$name" "$([ "${1:-}" = peer ] && echo 300 || echo 180)"
    domid=$(xyl_domid "$name")
    [ -n "$domid" ] || fail "xyl list does not show $name after the create"
    expect_marker guest_type=PVH
    marker_has netping=ok && pass "the PVH guest pings dom0 through xyl-netback" ||
        { netpvh_show_log; fail "PVH guest cannot ping dom0: $MARKER"; }
    [ -e /sys/class/net/xylvif$domid.0/brport ] && pass "xylvif$domid.0 is a port of the bridge" ||
        { netpvh_show_log; fail "xylvif$domid.0 is not in a bridge"; }
    [ "${1:-}" = peer ] || return 0
    t=$(t_now)
    poll_marker pv-xyl-peer 120 ||
        { tail -n 20 "$CONSOLE_LOGS/guest-pv-xyl-peer.log"; fail "no marker from the second guest pv-xyl-peer"; }
    echo "$MARKER"
    marker_has guest_type=PV && marker_has netping=ok && pass "the second guest (PV) is up and pings dom0" ||
        { netpvh_show_log; fail "the second guest: $MARKER"; }
    peer_domid=$(xyl_domid pv-xyl-peer)
    [ -n "$peer_domid" ] && [ -e /sys/class/net/xylvif$peer_domid.0/brport ] &&
        pass "one xyl-netback serves both: xylvif$domid.0 and xylvif$peer_domid.0 in the bridge" ||
        { netpvh_show_log; fail "the second guest's TAP xylvif$peer_domid.0 is not in a bridge"; }
    # both asked at once: each ping takes 2 s, and CI's 92 pays for them
    net_cmd "$domid" ping 10.99.0.12 || fail "cannot write the PVH guest's data/netcmd"
    id_pvh=$NET_ID
    net_cmd "$peer_domid" ping 10.99.0.11 || fail "cannot write the second guest's data/netcmd"
    guest_answer pv-xyl-peer "$NET_ID" 30
    case " $NET_LINE " in *" r=ok "*) pass "the second guest pings the PVH guest through the bridge ($NET_LINE)" ;;
        *) netpvh_show_log; fail "the second guest cannot ping the PVH guest: '$NET_LINE'" ;; esac
    guest_answer "$name" "$id_pvh" 30
    case " $NET_LINE " in *" r=ok "*) pass "the PVH guest pings the second guest through the bridge ($NET_LINE)" ;;
        *) netpvh_show_log; fail "the PVH guest cannot ping the second guest: '$NET_LINE'" ;; esac
    PEER_SECS=$(awk -v a="$PEER_SECS" -v b="$(t_since "$t")" 'BEGIN{printf "%.1f", a + b}')
}
# netpvh_gone NAME DOMID: xyl destroy leaves no domain, no xyl-vif nodes, no TAP
netpvh_gone() {
    must xyl destroy "$1"
    expect_gone "$1" 20
    xs_gone "$root/$2" 10 && pass "no xyl-vif nodes left for $1" || fail "xyl-vif nodes left for $2"
    [ -e /sys/class/net/xylvif$2.0 ] && fail "xylvif$2.0 left after destroy"
    return 0
}

# netback_pvh [peer] [tx] [rx]: the PVH guest up (netpvh_up; peer: with the
# second guest and the pings between them, which is then destroyed), 16 MiB
# guest -> dom0 (tx), 16 MiB dom0 -> guest (rx), destroy.  92-netback-pvh
# is peer tx, 93-netback-pvh-rx rx (the tx pull was 92's again, in the same
# CI run: dropped to pay for 92's second guest)
netback_pvh() {
    local a tx='' rx='' peer=''
    for a in "$@"; do
        case $a in tx) tx=1 ;; rx) rx=1 ;; peer) peer=peer ;; *) fail "netback_pvh: no option '$a'" ;; esac
    done
    bytes=16777216
    want=$(net_pat_sum $bytes)
    netpvh_up $peer
    if [ -n "$peer" ]; then
        t=$(t_now)
        netpvh_gone pv-xyl-peer "$peer_domid"
        timing peer_steps "$(awk -v a="$PEER_SECS" -v b="$(t_since "$t")" 'BEGIN{printf "%.1f", a + b}')"
    fi
    if [ -n "$tx" ]; then
        net_pull 10.99.0.11 $bytes
        [ "$NET_SUM" = "$want" ] && pass "guest -> dom0: $bytes bytes intact in $NET_SECS s" ||
            { netpvh_show_log; fail "guest -> dom0: sha256 $NET_SUM, want $want"; }
    fi
    if [ -n "$rx" ]; then
        net_push "$name" $domid $bytes 200 || { netpvh_show_log; fail "no @@GUEST-NET line from the guest"; }
        [ "$NET_SUM" = "$want" ] && pass "dom0 -> guest: $bytes bytes intact in $NET_SECS s" ||
            { netpvh_show_log; fail "dom0 -> guest: sha256 $NET_SUM, want $want"; }
    fi
    netpvh_gone "$name" "$domid"
    expect_only_dom0
    net_dom0_down
}

# wait_for SECS CMD...: run CMD every second until it succeeds (at most SECS times)
wait_for() {
    local n=$1; shift
    while [ "$n" -gt 0 ]; do "$@" && return 0; sleep 1; n=$((n - 1)); done
    return 1
}
# be_connected BE WHAT: wait 30 s for the backend BE to connect (state 4)
# after a hotplug script ran: a pass naming WHAT, else fail with its state
# and the script's hotplug-error
be_connected() {
    wait_for 30 _be_connected "$1" && pass "$2 connected (state 4)" ||
        fail "$2 state '$(xenstore-read "$1/state" 2>&1)', hotplug-error '$(xenstore-read "$1/hotplug-error" 2>&1)'"
}
_be_connected() { [ "$(xenstore-read "$1/state" 2>/dev/null)" = 4 ]; }
# monitors: how many xyl-monitor processes run (they name themselves so)
monitors() { grep -lx xyl-monitor /proc/[0-9]*/comm 2>/dev/null | wc -l; }
no_monitors() { [ "$(monitors)" = 0 ]; }

# lab_file NAME PATH: send PATH to the host over the serial line (base64
# "@@FILE-DATA NAME ..." lines, then "@@FILE-END NAME SHA256"); tests/lab/run
# writes it beside the serial log if the checksum holds.  Paced to stay
# below the line's 115200 baud (Xen drops what its buffer cannot hold).
lab_file() {
    local n=0 line
    base64 "$2" | while read -r line; do
        echo "@@FILE-DATA $1 $line"
        n=$((n + 1))
        [ $((n % 16)) = 0 ] && sleep 0.2
    done
    echo "@@FILE-END $1 $(sha256sum < "$2" | cut -c1-64)"
}

# ---- xyl disks across save, migration, restart (guest/init: xyl_blkcmd=)
# blk_sum TAG: sha256/16 of the MiB the guest writes for TAG (zeros for "")
blk_sum() {
    if [ -n "$1" ]; then yes "xyl-$1" | head -c 1048576 | sha256sum | cut -c1-16
    else head -c 1048576 /dev/zero | sha256sum | cut -c1-16; fi
}
# blk_image_sum IMG: the same MiB as dom0 reads it in the image
blk_image_sum() { dd if="$1" bs=65536 skip=64 count=16 2>/dev/null | sha256sum | cut -c1-16; }
# blk_write NAME TAG BEFORE: the guest writes TAG's MiB on its xyl disk and
# reads it back; what was there before must be BEFORE's (a tag, "" = zeros).
# BLK_LINE: the guest's line (with sizes=DEV:SECTORS,...)
blk_write() {
    local d i=0 line
    d=$(xyl_domid "$1")
    [ -n "$d" ] || fail "no domain $1 to write $2 on"
    xenstore-write "/local/domain/$d/data/blkw" "$2" || fail "cannot write data/blkw of $1"
    while [ $i -lt 60 ]; do
        line=$(cat "$CONSOLE_LOGS/guest-$1.log" "$CONSOLE_LOGS/guest-$1--incoming.log" 2>/dev/null |
               tr '\r' '\n' | grep -a -o "@@GUEST-BLK tag=$2 .*" | tail -n 1)
        [ -n "$line" ] && break
        sleep 1; i=$((i + 1))
    done
    [ -n "$line" ] || fail "$1 did not write $2 on its xyl disk within 60 s"
    BLK_LINE=$line
    case "$line " in
        *" pre=$(blk_sum "$3") w=$(blk_sum "$2") r=$(blk_sum "$2") "*)
            pass "$1 found ${3:-zeros} on its xyl disk, wrote $2 and read it back" ;;
        *) fail "$1's xyl disk: $line (want pre=$(blk_sum "$3") for '${3:-zeros}', w=r=$(blk_sum "$2"))" ;;
    esac
}
# blk_sizes NAME WANT TAG...: the guest reports sizes=WANT (e.g. xvdb:65536,
# xvdc:32768) within len(TAG...) writes, a second apart; the tags chain
# (each write finds the one before: the first finds $BLK_PREV)
blk_sizes() {
    local name=$1 want=$2 t; shift 2
    for t in "$@"; do
        blk_write "$name" "$t" "$BLK_PREV"
        BLK_PREV=$t
        case "$BLK_LINE " in *" sizes=$want "*) pass "$name sees its disks as $want"; return 0 ;; esac
        sleep 1
    done
    fail "$name does not see its disks as $want: $BLK_LINE"
}
