# Lifecycle commands on a running guest, and its monitor. Both types: `xyl
# reboot` -> on_reboot restart gives a new domid and the guest boots again
# with its xenstore keys; `xyl shutdown -w` -> on_poweroff destroy removes it;
# one monitor per guest, ending with its domain. PV also: domid, domname,
# uptime, list --json, pause/unpause, rename, a crash (on_crash: preserve ->
# the crashed domain stays) and create -e (no monitor): the toolstack does
# these the same for every type, so the PVH run (each boot slower under
# nested SVM) does not repeat them.
# lab pv: timeout=420
# lab pvh: timeout=360
lab_types pv pvh
name=lc-$LAB_TYPE
cfg=$LAB_TMP/$name.yaml
mlog=/var/log/xen/xyl-$name.log
boot=150; [ "$LAB_TYPE" = pvh ] && boot=200
domid_changed() { d=$(xyl_domid "$name"); [ -n "$d" ] && [ "$d" != "$domid" ]; }
state_has() { case "$(dom_state "$name")" in *$1*) return 0 ;; esac; return 1; }
state_lacks() { ! state_has "$1"; }

sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1 sysrq_always_enabled/' \
    -e 's/^on_reboot:.*/on_reboot: restart/' -e 's/^on_crash:.*/on_crash: preserve/' \
    /etc/xyl/configs/$LAB_TYPE.yaml > "$cfg"
printf 'xenstore:\n  role: lifecycle-%s\n' "$LAB_TYPE" >> "$cfg"
must xyl validate "$cfg"
rm -f "$mlog"
wait_for 10 no_monitors || fail "monitors of earlier guests still running: $(monitors)"
xyl_create "$cfg"
wait_marker "$name" $boot
domid=$(xyl_domid "$name")
expect_marker guest_type=$TYPE_MARK
expect_marker xs=lifecycle-$LAB_TYPE
[ "$(monitors)" = 1 ] && pass "xyl create started one monitor" || fail "$(monitors) monitors after create, want 1"

if [ "$LAB_TYPE" = pv ]; then
    # ---- names and ids
    must xyl domid "$name"
    [ "$(cat "$LAB_TMP/out")" = "$domid" ] && pass "xyl domid $name = $domid" || fail "xyl domid printed $(cat "$LAB_TMP/out")"
    must xyl domname "$domid"
    [ "$(cat "$LAB_TMP/out")" = "$name" ] && pass "xyl domname $domid = $name" || fail "xyl domname printed $(cat "$LAB_TMP/out")"
    must xyl uptime "$name"
    grep -q "^$name " "$LAB_TMP/out" && pass "xyl uptime lists $name" || fail "xyl uptime lacks $name"
    must xyl list --json
    grep -q "\"name\": *\"$name\"" "$LAB_TMP/out" && pass "xyl list --json has $name" || fail "xyl list --json lacks $name"

    # ---- pause / unpause
    must xyl pause "$name"
    wait_for 5 state_has p && pass "paused (state $(dom_state "$name"))" || fail "state $(dom_state "$name") after xyl pause"
    must xyl unpause "$name"
    wait_for 5 state_lacks p && pass "unpaused (state $(dom_state "$name"))" || fail "state $(dom_state "$name") after xyl unpause"

    # ---- rename there and back
    must xyl rename "$name" "$name-renamed"
    [ "$(xyl_domid "$name-renamed")" = "$domid" ] && pass "renamed to $name-renamed" || fail "xyl list has no $name-renamed"
    must xyl rename "$name-renamed" "$name"
    [ "$(xyl_domid "$name")" = "$domid" ] && pass "renamed back" || fail "xyl list has no $name after renaming back"
fi

# ---- reboot: the monitor restarts it (new domid, boots again, keys again)
rm -f "$CONSOLE_LOGS/guest-$name.log"
T_CREATE=$(t_now)
must xyl reboot "$name"
wait_for 60 domid_changed || { cat "$mlog"; fail "no new domid 60 s after xyl reboot (state $(dom_state "$name"))"; }
new=$(xyl_domid "$name")
pass "rebooted: domid $domid -> $new"
timing reboot "$(t_since "$T_CREATE")"
wait_for 10 grep -q "restarted as domid $new" "$mlog" && pass "monitor log: restarted as domid $new" || { cat "$mlog"; fail "monitor log lacks the restart"; }
wait_marker "$name" $boot
expect_marker guest_type=$TYPE_MARK
expect_marker xs=lifecycle-$LAB_TYPE
domid=$new
[ "$(monitors)" = 1 ] && pass "still one monitor" || fail "$(monitors) monitors after the restart"

if [ "$LAB_TYPE" = pv ]; then
    # ---- crash: on_crash preserve keeps the crashed domain
    # like xl sysrq: the guest kernel reads control/sysrq (sysrq_always_enabled:
    # Debian masks the crash key by default)
    must xenstore-write "/local/domain/$domid/control/sysrq" c
    wait_for 30 state_has c || { cat "$mlog"; fail "state $(dom_state "$name") 30 s after sysrq-c, want c"; }
    pass "crashed (state $(dom_state "$name"))"
    sleep 3
    [ "$(xyl_domid "$name")" = "$domid" ] && state_has c && pass "crashed domain preserved" || fail "crashed domain not preserved: $(dom_state "$name")"
    wait_for 5 grep -q "crash.*preserve" "$mlog" && pass "monitor log: crash -> preserve" || { cat "$mlog"; fail "monitor log lacks crash/preserve"; }
    wait_for 5 no_monitors && pass "monitor ended after preserve" || fail "$(monitors) monitors after preserve"
    must xyl destroy "$name"
    expect_gone "$name"
    xyl_create "$cfg"
    wait_marker "$name" $boot
fi

# ---- shutdown -w: on_poweroff destroy, applied by the monitor
t0=$(t_now)
must xyl shutdown -w "$name"
expect_gone "$name" 20
timing shutdown "$(t_since "$t0")"
grep -q "poweroff.*destroy" "$mlog" && pass "monitor log: poweroff -> destroy" || { cat "$mlog"; fail "monitor log lacks poweroff/destroy"; }
wait_for 5 no_monitors && pass "monitor ended with its domain" || fail "$(monitors) monitors left"

if [ "$LAB_TYPE" = pv ]; then
    # ---- create -e: no monitor; destroy by hand
    must xyl create -e "$cfg"
    [ "$(monitors)" = 0 ] && pass "create -e starts no monitor" || fail "$(monitors) monitors after create -e"
    must xyl destroy "$name"
    expect_gone "$name"
fi
expect_only_dom0
