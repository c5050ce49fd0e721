# Hot-plug into a running PV guest (configs/pv.yaml, kept up with
# xyl_lab_stay=1): block-attach a disk image (YAML item form) and
# network-attach NICs (default, and an xl vif string), see them inside the
# guest (its @@GUEST-STATE lines), in block-list/network-list (text, --json,
# and as xl lists them), detach them and see them gone, with no backend
# nodes left in xenstore.  Failures (missing image, missing bridge, a failing
# hotplug script, backend xyl, a typo) exit 1 and leave nothing behind.
# lab: timeout=300
name=hp-pv
cfg=$LAB_TMP/$name.yaml
img=/var/lib/xen/images/hp-extra.img

# the guest's last "@@GUEST-STATE blk=.. net=.. mem_kb=.. cpus=.." line
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
sees() { case ",$(state_get "$1")," in *,"$2",*) return 0 ;; esac; return 1; }
lacks() { ! sees "$1" "$2"; }
# expect_refused CMD...: exit status 1 and exactly one line on stderr
expect_refused() {
    echo "+ $*   (must be refused)"
    "$@" > "$LAB_TMP/out" 2> "$LAB_TMP/err"; RC=$?
    sed 's/^/  ! /' "$LAB_TMP/err"
    [ $RC = 1 ] || fail "'$*' exited $RC, want 1"
    [ "$(wc -l < "$LAB_TMP/err")" = 1 ] || fail "'$*' printed $(wc -l < "$LAB_TMP/err") lines on stderr, want 1"
    pass "refused in one line: $(head -c 100 "$LAB_TMP/err")"
}
# backends DOMID: how many vbd + vif backend nodes dom0 has for the guest
backends() {
    echo $(( $(xenstore-list "/local/domain/0/backend/vbd/$1" 2>/dev/null | wc -l) +
             $(xenstore-list "/local/domain/0/backend/vif/$1" 2>/dev/null | wc -l) ))
}
expect_no_backends() {
    [ "$(backends "$domid")" = 0 ] && pass "no backend nodes for $name in xenstore ($1)" ||
        { xenstore-ls /local/domain/0/backend; fail "backend nodes left for $name ($1)"; }
}
# rows CMD...: the data rows a list command prints (header dropped)
rows() { "$@" 2>/dev/null | awk 'NR > 1' | wc -l; }

sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/pv.yaml > "$cfg"
must dd if=/dev/zero of=$img bs=1M count=8
xyl_create "$cfg"
domid=$(xyl_domid "$name")
wait_marker "$name" 150
wait_until 30 has_state || fail "no @@GUEST-STATE line from $name (xyl_lab_stay=1)"
say "guest before: $STATE"
expect_no_backends "before any attach"

# ---- a disk, written as the YAML item
t0=$(t_now)
must xyl block-attach "$name" "{target: $img, vdev: xvdb}"
timing block_attach "$(t_since "$t0")"
wait_until 30 sees blk xvdb || fail "guest does not see xvdb 30 s after block-attach: $STATE"
timing block_seen "$(t_since "$t0")"
pass "guest sees xvdb: $STATE"
must xyl block-list "$name"
grep -q '^51728 ' "$LAB_TMP/out" && pass "block-list: xvdb (51728)" || fail "block-list lacks 51728"
awk 'NR > 1 {print $1, $2, $3, $4, $7}' "$LAB_TMP/out" > "$LAB_TMP/xyl.rows"
must xl block-list "$name"
awk 'NR > 1 {print $1, $2, $3, $4, $7}' "$LAB_TMP/out" > "$LAB_TMP/xl.rows"
diff "$LAB_TMP/xl.rows" "$LAB_TMP/xyl.rows" && pass "block-list rows match xl's" ||
    fail "xyl block-list differs from xl block-list"
must xyl block-list "$name" --json
grep -q '"vdev": "xvdb"' "$LAB_TMP/out" && grep -q "\"target\": \"$img\"" "$LAB_TMP/out" &&
    pass "block-list --json: xvdb on $img" || fail "block-list --json lacks xvdb/$img"
expect_refused xyl block-attach "$name" "{target: $img, vdev: xvdb}"     # xvdb is taken

# ---- NICs: the default one, then an xl vif string with its own MAC
t0=$(t_now)
must xyl network-attach "$name"
timing network_attach "$(t_since "$t0")"
wait_until 30 sees net eth0 || fail "guest has no eth0 30 s after network-attach: $STATE"
timing network_seen "$(t_since "$t0")"
pass "guest sees eth0: $STATE"
must xyl network-list "$name"
mac0=$(awk 'NR == 2 {print $3}' "$LAB_TMP/out")
[ -n "$mac0" ] && pass "network-list: network 0 has mac $mac0" || fail "network-list shows no NIC"
awk 'NR > 1 {print $1, $2, $3, $4, $5}' "$LAB_TMP/out" > "$LAB_TMP/xyl.rows"
must xl network-list "$name"
awk 'NR > 1 {print $1, $2, $3, $4, $5}' "$LAB_TMP/out" > "$LAB_TMP/xl.rows"
diff "$LAB_TMP/xl.rows" "$LAB_TMP/xyl.rows" && pass "network-list rows match xl's" ||
    fail "xyl network-list differs from xl network-list"
[ -e "/sys/class/net/xenbr0/brif/vif$domid.0" ] && pass "vif$domid.0 is on xenbr0" ||
    { ls /sys/class/net/xenbr0/brif; fail "vif$domid.0 is not on xenbr0"; }

must xyl network-attach "$name" "bridge=xenbr0,mac=00:16:3e:aa:bb:cc"
wait_until 30 sees net eth1 || fail "guest has no eth1 30 s after the second network-attach: $STATE"
pass "guest sees eth1: $STATE"
must xyl network-list "$name" --json
grep -q '"mac": "00:16:3e:aa:bb:cc"' "$LAB_TMP/out" && grep -q '"devid": 1' "$LAB_TMP/out" &&
    pass "network-list --json: network 1 with the given mac" || fail "network-list --json lacks network 1"

# ---- detach all three; the guest loses them, xenstore forgets them
t0=$(t_now)
must xyl block-detach "$name" xvdb
timing block_detach "$(t_since "$t0")"
must xyl network-detach "$name" 1
must xyl network-detach "$name" "$mac0"
wait_until 30 lacks blk xvdb || fail "guest still sees xvdb after block-detach: $STATE"
wait_until 30 lacks net eth0 || fail "guest still has eth0 after network-detach: $STATE"
wait_until 30 lacks net eth1 || fail "guest still has eth1 after network-detach: $STATE"
pass "guest lost xvdb, eth0, eth1: $STATE"
[ "$(rows xyl block-list "$name")" = 0 ] && [ "$(rows xyl network-list "$name")" = 0 ] &&
    pass "block-list and network-list are empty" || fail "devices still listed after detach"
expect_no_backends "after the detaches"
expect_refused xyl block-detach "$name" xvdb
expect_refused xyl network-detach "$name" 0

# ---- failures: one line, exit 1, nothing left
expect_refused xyl block-attach "$name" "{target: /var/lib/xen/images/missing.img, vdev: xvdc}"
expect_refused xyl block-attach "$name" "format=raw, vdev=xvdc, target=/var/lib/xen/images/missing.img"
expect_refused xyl network-attach "$name" "{bridge: xenbr9}"
expect_refused xyl block-attach "$name" "{target: /var/lib/xen/images/missing.img, vdev: xvdc, backend: xyl}"
run xyl block-attach "$name" "{target: $img, vdevv: xvdc}"
[ $RC = 1 ] && grep -q '^<argument>:1:' "$LAB_TMP/out" && pass "a typo is reported at <argument>:LINE:COL" ||
    fail "block-attach with a typo: exit $RC, no <argument>:1: position"
expect_refused xyl cd-insert "$name" xvdc "$img"     # pv: no CD-ROM drives
# a hotplug script that fails: libxl gives up and removes what it added
run xyl network-attach "$name" "{script: /bin/false}"
[ $RC = 1 ] && pass "network-attach with a failing hotplug script exits 1" ||
    fail "network-attach with script /bin/false exited $RC"
[ "$(rows xyl block-list "$name")" = 0 ] && [ "$(rows xyl network-list "$name")" = 0 ] &&
    pass "nothing attached after the failures" || fail "a failed attach left a device"
expect_no_backends "after the failed attaches"
guest_state
lacks blk xvdc && pass "guest saw nothing of the failures: $STATE" || fail "guest sees xvdc: $STATE"

# ---- -N: the libxl device xl -N would build, and nothing attached
xyl -N block-attach "$name" "format=raw, vdev=xvdc, target=$img" > "$LAB_TMP/xyl.json" &&
    xl -N block-attach "$name" "format=raw, vdev=xvdc, target=$img" | sed '1s/^disk: //' > "$LAB_TMP/xl.json" ||
    fail "-N block-attach failed"
diff "$LAB_TMP/xl.json" "$LAB_TMP/xyl.json" && pass "xyl -N block-attach prints xl -N's libxl JSON" ||
    fail "xyl -N block-attach JSON differs from xl's"
must xyl -N network-attach "$name"
# (no "bridge": like xl, xyl leaves it to xl.conf's vif.default.bridge)
grep -q '"mac": "00:16:3e:' "$LAB_TMP/out" && pass "xyl -N network-attach: a NIC with its derived MAC" ||
    fail "xyl -N network-attach printed no NIC JSON"
[ "$(rows xyl block-list "$name")" = 0 ] && [ "$(rows xyl network-list "$name")" = 0 ] &&
    pass "-N attached nothing" || fail "-N attached a device"

# ---- the same NIC again gets the same MAC (derived from name and device ID)
must xyl network-attach "$name"
must xyl network-list "$name"
[ "$(awk 'NR == 2 {print $3}' "$LAB_TMP/out")" = "$mac0" ] && pass "re-attached network 0 has mac $mac0 again" ||
    fail "re-attached NIC has another MAC than $mac0"

must xyl destroy "$name"
expect_gone "$name"
expect_no_backends "after destroy"
expect_only_dom0
rm -f $img
