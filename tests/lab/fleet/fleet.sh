# fleet.sh - dom0 helpers of the two-host lab (`make lab-fleet`, issue 17),
# installed as /lab/fleet.sh by tests/lab/fleet/layer.sh and sourced by the
# fleet scenarios after lib.sh (busybox ash).
#
# Both hosts boot the same initramfs and run the same plan; the kernel
# command line says which host this is (xyl_fleet=a or b).  Host a drives
# every scenario: it creates the guests, migrates them, and checks host b
# over ssh.  Host b serves: for each scenario it says it has begun (so that
# its harness's cleanup between scenarios cannot hit a guest a just sent)
# and waits until a says that scenario is done.
#
# The link: each QEMU has a NIC on a UDP socket to the other's (the "link",
# MAC 52:54:00:f1:ee:0X) in dom0's xenbr0, which has 10.77.0.1 (fleet-a) or
# 10.77.0.2 (fleet-b): guests on xenbr0 of either host share one segment.
# A second NIC (user networking, 52:54:00:f1:ee:1X) carries the host's ssh
# to dom0's sshd (10.0.2.15, forwarded from a port on the host's loopback)
# and its scrapes of dom0's xyl-exporter (port 9101).

FLEET_ROLE=$(sed -n 's/.*xyl_fleet=\([ab]\).*/\1/p' /proc/cmdline)
FLEET_STATE=/run/fleet
# (the scenarios use them)
# shellcheck disable=SC2034
case $FLEET_ROLE in
    a) FLEET_SELF=fleet-a FLEET_PEER=fleet-b FLEET_IP=10.77.0.1 FLEET_PEER_IP=10.77.0.2 FLEET_N=a ;;
    b) FLEET_SELF=fleet-b FLEET_PEER=fleet-a FLEET_IP=10.77.0.2 FLEET_PEER_IP=10.77.0.1 FLEET_N=b ;;
    *) fail "no xyl_fleet=a|b on dom0's command line: not a fleet lab run (tests/lab/fleet/run)" ;;
esac

# fleet_nic MAC: the interface with that MAC
fleet_nic() {
    local f
    for f in /sys/class/net/*/address; do
        [ "$(cat "$f")" = "$1" ] && { basename "$(dirname "$f")"; return 0; }
    done
    return 1
}

# fleet_up: once per boot: the NICs' driver, the link in xenbr0 with this
# host's address, the host's NIC, sshd, the nbd driver
fleet_up() {
    local m link host i=0
    [ -f $FLEET_STATE/up ] && return 0
    mkdir -p $FLEET_STATE
    hostname $FLEET_SELF
    modprobe virtio_pci || fail "modprobe virtio_pci"
    for m in failover net_failover virtio_net; do
        grep -q "^$m " /proc/modules || insmod /lib/fleet-modules/$m.ko || fail "insmod $m"
    done
    grep -q "^nbd " /proc/modules || insmod /lib/fleet-modules/nbd.ko nbds_max=4 || fail "insmod nbd"
    while [ $i -lt 20 ]; do
        link=$(fleet_nic 52:54:00:f1:ee:0$FLEET_N) && host=$(fleet_nic 52:54:00:f1:ee:1$FLEET_N) && break
        sleep 0.5; i=$((i + 1))
    done
    [ -n "$link" ] && [ -n "$host" ] || { ip link; fail "the fleet's NICs did not appear (virtio_net)"; }
    must ip link set "$link" master xenbr0
    must ip link set "$link" up
    must ip addr add $FLEET_IP/24 dev xenbr0
    must ip link set lo up
    must ip addr add 10.0.2.15/24 dev "$host"
    must ip link set "$host" up
    mkdir -p /run/sshd /var/log
    chmod 755 /run/sshd
    chmod 700 /root/.ssh
    must /usr/sbin/sshd -f /etc/ssh/sshd_config -E /var/log/sshd.log
    # the metrics this machine scrapes (40-playbook), on the host's NIC only
    xyl-exporter --listen 10.0.2.15 --port 9101 2> /var/log/xyl-exporter.log &
    say "fleet: $FLEET_SELF at $FLEET_IP on xenbr0 ($link), host NIC $host, sshd up"
    touch $FLEET_STATE/up
}

# fleet_ssh CMD...: run CMD on the peer's dom0 (as run: output in $LAB_TMP/out)
fleet_ssh() { run ssh $FLEET_PEER "$@"; }
# fleet_must CMD...: as must, on the peer
fleet_must() { fleet_ssh "$@" || fail "on $FLEET_PEER: '$*' exited $RC: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"; }

# fleet_wait_peer SECS: the peer answers on ssh (its dom0 may boot later)
fleet_wait_peer() {
    local i=0
    while [ $i -lt "$1" ]; do
        ssh $FLEET_PEER true 2>/dev/null && return 0
        [ $((i % 30)) = 0 ] && say "waiting for $FLEET_PEER's sshd ($i s)"
        sleep 2; i=$((i + 2))
    done
    fail "$FLEET_PEER does not answer on ssh after $1 s"
}

# fleet_begin: host a starts a scenario once host b has begun it too;
# host b serves it (see the top) and the scenario ends there
fleet_begin() {
    fleet_up
    if [ $FLEET_ROLE = b ]; then
        fleet_serve
        exit 0
    fi
    fleet_wait_peer 300
    local i=0
    until ssh $FLEET_PEER test -f $FLEET_STATE/$LAB_SCENARIO.begun 2>/dev/null; do
        [ $i -lt 300 ] || fail "$FLEET_PEER did not begin $LAB_SCENARIO within 300 s"
        sleep 2; i=$((i + 2))
    done
    trap fleet_end EXIT
}
# fleet_end: host a tells host b that the scenario is over (on any exit)
fleet_end() { ssh $FLEET_PEER touch $FLEET_STATE/$LAB_SCENARIO.done 2>/dev/null; }

# fleet_serve: host b's part of a scenario: begun, then wait for done
# (a line every 30 s keeps the host's idle watchdog quiet)
fleet_serve() {
    local i=0
    touch $FLEET_STATE/$LAB_SCENARIO.begun
    say "serving $LAB_SCENARIO for $FLEET_PEER"
    while [ ! -f $FLEET_STATE/$LAB_SCENARIO.done ]; do
        sleep 1; i=$((i + 1))
        [ $((i % 30)) = 0 ] && say "still serving $LAB_SCENARIO ($i s): $(xl list 2>/dev/null | awk 'NR > 2 {printf "%s ", $1}')"
    done
    pass "served $LAB_SCENARIO for $FLEET_PEER ($i s)"
}

# fleet_peer_domid NAME: NAME's domid in the peer's `xyl list`, empty if none
fleet_peer_domid() { ssh $FLEET_PEER xyl list 2>/dev/null | awk -v n="$1" '$1 == n {print $2}'; }

# fleet_uuid NAME: the guest's UUID here (xl's, for xyl's record)
fleet_uuid() { xl list -l "$1" 2>/dev/null | sed -n 's/.*"uuid": "\([0-9a-f-]*\)".*/\1/p' | head -n 1; }

# fleet_states HOST NAME: how many @@GUEST-STATE lines NAME's console logs
# on HOST (here or the peer) hold (a migrated guest keeps writing to the
# log of the name it arrived with, NAME--incoming)
fleet_states() {
    local c="cat $CONSOLE_LOGS/guest-$2.log $CONSOLE_LOGS/guest-$2--incoming.log 2>/dev/null | grep -a -c @@GUEST-STATE"
    if [ "$1" = here ]; then sh -c "$c"; else ssh $FLEET_PEER "$c"; fi
}

# fleet_alive HOST NAME MIB WHAT: NAME, on HOST, answers on its console: a
# memory change (xl mem-set on that host) makes it print a new state line
fleet_alive() {
    local n i=0 x=
    [ "$1" = here ] || x="ssh $FLEET_PEER"
    n=$(fleet_states "$1" "$2")
    $x xl mem-set "$2" "$3"m || fail "xl mem-set $2 on $1 failed"
    while [ $i -lt 40 ]; do
        [ "$(fleet_states "$1" "$2")" -gt "${n:-0}" ] && { pass "$2 answers on its console on $1 after $4"; return 0; }
        sleep 1; i=$((i + 1))
    done
    fail "$2 printed nothing on its console on $1 within 40 s after $4"
}

# fleet_ping IP WHAT: this dom0 reaches IP (a guest) through the bridge
fleet_ping() {
    ping -c 3 -W 5 "$1" > "$LAB_TMP/ping" 2>&1 && pass "$1 answers ping from $FLEET_SELF $2" ||
        { cat "$LAB_TMP/ping"; fail "$1 does not answer ping from $FLEET_SELF $2"; }
}

# fleet_long CMD...: run (output in $LAB_TMP/out) with a line every 30 s
# meanwhile (real.sh's real_run_long): a migration over ssh through the
# emulated link can take minutes, and the host kills a lab that prints
# nothing for XYL_LAB_IDLE_TIMEOUT s; sets RC.  fleet_long_must fails the
# scenario.
. /lab/real.sh
fleet_long() { real_run_long "$@"; }
fleet_long_must() { fleet_long "$@" || fail "'$*' exited $RC: $(tail -3 "$LAB_TMP/out" | tr '\n' ' ')"; }

# fleet_guest NAME TYPE IP ROLE: write $LAB_TMP/NAME.yaml from
# configs/TYPE.yaml (128 MiB, kept up with xyl_lab_stay=1, IP/24 on xenbr0:
# its boot pings this dom0, netping= in the marker; data/role ROLE), create
# it here, wait for its marker and ping it; sets FLEET_UUID (xl's UUID,
# which xyl's record is named by)
fleet_guest() {
    local cfg=$LAB_TMP/$1.yaml
    sed -e "s/^name:.*/name: $1/" -e 's/^memory:.*/memory: 128M/' \
        -e "s|^cmdline:.*|& xyl_lab_stay=1 xyl_ip=$3/24 xyl_peer=$FLEET_IP|" /etc/xyl/configs/$2.yaml > "$cfg"
    printf 'networks:\n  - bridge: xenbr0\nxenstore:\n  role: %s\n' "$4" >> "$cfg"
    must xyl validate "$cfg"
    xyl_create "$cfg"
    wait_marker "$1" 240
    expect_marker netping=ok
    FLEET_UUID=$(fleet_uuid "$1")
    [ -n "$FLEET_UUID" ] || fail "no UUID for $1 in xl list -l"
    [ "$(xenstore-read $FLEET_REC/$FLEET_UUID/name 2>/dev/null)" = "$1" ] &&
        pass "xyl's record of $1 on $FLEET_SELF ($FLEET_UUID)" || fail "no xyl record for $1 ($FLEET_UUID) on $FLEET_SELF"
    fleet_ping "$3" "(the guest on $FLEET_SELF)"
}
FLEET_REC=/local/domain/0/xyl/guests

# fleet_moved NAME UUID ROLE IP: NAME left this host with xyl's record and
# runs on the peer, listed by its xyl, recorded there under UUID with its
# data/role ROLE; it answers on its console there and ping from here
fleet_moved() {
    local d
    expect_gone "$1" 10
    [ -z "$(xenstore-read $FLEET_REC/$2/name 2>/dev/null)" ] && pass "xyl's record of $1 left $FLEET_SELF with it" ||
        fail "$FLEET_SELF still has xyl's record of $1 after it left"
    d=$(fleet_peer_domid "$1")
    [ -n "$d" ] && pass "xyl list on $FLEET_PEER shows $1 (domain $d)" || { fleet_ssh xyl list; fail "xyl list on $FLEET_PEER lacks $1"; }
    fleet_must xenstore-read $FLEET_REC/$2/name
    [ "$(cat "$LAB_TMP/out")" = "$1" ] && pass "xyl's record of $1 is on $FLEET_PEER under the same UUID" ||
        fail "$FLEET_PEER's record for $2 says '$(cat "$LAB_TMP/out")'"
    fleet_must xenstore-read $FLEET_REC/$2/file
    pass "the record names its definition file: $(cat "$LAB_TMP/out")"
    fleet_must xenstore-read /local/domain/$d/data/role
    [ "$(cat "$LAB_TMP/out")" = "$3" ] && pass "the guest's data/ keys moved with it" || fail "data/role on $FLEET_PEER: '$(cat "$LAB_TMP/out")'"
    fleet_must xyl list --json
    grep -q "\"$1\"" "$LAB_TMP/out" && pass "xyl list --json on $FLEET_PEER names it" || fail "xyl list --json on $FLEET_PEER lacks $1"
    fleet_alive peer "$1" 112 "the migration to $FLEET_PEER"
    fleet_ping "$4" "(the guest now on $FLEET_PEER: through the link)"
}

# fleet_back NAME UUID IP: NAME, sent back by the peer, runs here again
# with xyl's record (the peer has neither), answers on its console and ping
fleet_back() {
    local d
    d=$(xyl_domid "$1")
    [ -n "$d" ] && pass "$1 is back on $FLEET_SELF (domain $d)" || fail "$1 is not on $FLEET_SELF after $FLEET_PEER sent it"
    [ -z "$(fleet_peer_domid "$1")" ] && pass "and gone from $FLEET_PEER's xyl list" || fail "$1 still listed on $FLEET_PEER"
    fleet_ssh xenstore-read $FLEET_REC/$2/name && fail "$FLEET_PEER kept xyl's record of $1"
    pass "$FLEET_PEER's record went with it"
    [ "$(xenstore-read $FLEET_REC/$2/name 2>/dev/null)" = "$1" ] && pass "$FLEET_SELF's record is back" || fail "no record of $1 on $FLEET_SELF"
    fleet_alive here "$1" 104 "the migration back"
    fleet_ping "$3" "(the guest back on $FLEET_SELF)"
}

# fleet_clean NAME: NAME destroyed here, and no guest left on either host
fleet_clean() {
    must xyl destroy "$1"
    expect_gone "$1" 20
    expect_only_dom0
    fleet_must xl list
    [ "$(grep -vc '^Name' "$LAB_TMP/out")" = 1 ] && pass "only Domain-0 on $FLEET_PEER" || fail "$FLEET_PEER has domains left"
}
