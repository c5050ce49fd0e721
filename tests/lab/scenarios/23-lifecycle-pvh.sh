# The monitor with a PVH guest: `xyl reboot` -> on_reboot restart gives a new
# domid and the guest boots again with its xenstore keys; `xyl shutdown -w`
# -> on_poweroff destroy removes it; the monitor ends with it.
# lab: retry=2 timeout=300
name=lc-pvh
cfg=$LAB_TMP/$name.yaml
mlog=/var/log/xen/xyl-$name.log
domid_changed() { d=$(xyl_domid "$name"); [ -n "$d" ] && [ "$d" != "$domid" ]; }

sed -e "s/^name:.*/name: $name/" -e 's/^cmdline:.*/& xyl_lab_stay=1/' \
    -e 's/^on_reboot:.*/on_reboot: restart/' /etc/xyl/configs/pvh.yaml > "$cfg"
grep -q '^on_reboot:' "$cfg" || echo "on_reboot: restart" >> "$cfg"
printf 'xenstore:\n  role: lifecycle-pvh\n' >> "$cfg"
must xyl validate "$cfg"
rm -f "$mlog"
xyl_create "$cfg"
wait_marker "$name" 200
domid=$(xyl_domid "$name")   # after a boot retry it is a new one
expect_marker guest_type=PVH
expect_marker xs=lifecycle-pvh

rm -f "$CONSOLE_LOGS/guest-$name.log"
T_CREATE=$(t_now)
must xyl reboot "$name"
wait_for 60 domid_changed || { cat "$mlog"; fail "no new domid 60 s after xyl reboot (state $(dom_state "$name"))"; }
new=$(xyl_domid "$name")
wait_for 10 grep -q "restarted as domid $new" "$mlog" && pass "rebooted by the monitor: domid $domid -> $new" ||
    { cat "$mlog"; fail "monitor log lacks the restart"; }
wait_marker "$name" 200
expect_marker guest_type=PVH
expect_marker xs=lifecycle-pvh

must xyl shutdown -w "$name"
expect_gone "$name" 20
grep -q "poweroff.*destroy" "$mlog" && pass "monitor log: poweroff -> destroy" || { cat "$mlog"; fail "monitor log lacks poweroff/destroy"; }
wait_for 5 no_monitors && pass "monitor ended with its domain" || fail "$(monitors) monitors left"
expect_only_dom0
