# The harness against a real triple fault: a PVH guest whose "kernel"
# (guest/triple-fault.S) faults at once is created once; wait_marker fails
# at the first fault with one line that names it, without creating it again
# (issue 20 removed the lab's boot retries), and nothing is left behind
# (on_reboot: destroy, as a triple fault is a reboot to Xen).
# lab: timeout=180
cfg=$LAB_TMP/tf.yaml
cat > $cfg <<'Y'
name: tf-guest
type: pvh
memory: 32M
vcpus: 1
kernel: /lab/triple-fault.elf
on_poweroff: destroy
on_reboot: destroy
on_crash: destroy
Y
must xyl validate $cfg
before=$(xl dmesg | grep -c 'Triple fault')
xyl_create $cfg
domid=$CREATED_DOMID
( wait_marker tf-guest 60 ) > $LAB_TMP/wait.out 2>&1
rc=$?
# shown, but not as the harness's own lines (they are expected here)
sed -e 's/@@LAB /@@lab /' -e 's/^/  | /' $LAB_TMP/wait.out
[ $rc != 0 ] && pass "wait_marker fails for a guest that never boots" || fail "wait_marker returned 0"
grep -q "FAIL $LAB_SCENARIO tf-guest (domid $domid) triple-faulted while booting" $LAB_TMP/wait.out &&
    pass "one line names the triple fault and the domid" || fail "no failure line naming the triple fault"
[ "$(grep -c '@@LAB FAIL' $LAB_TMP/wait.out)" = 1 ] && pass "exactly one failure line" ||
    fail "$(grep -c '@@LAB FAIL' $LAB_TMP/wait.out) failure lines"
grep -q "created again\|NOTE" $LAB_TMP/wait.out && fail "wait_marker booted the guest again" ||
    pass "no boot again"
after=$(xl dmesg | grep -c 'Triple fault')
[ $((after - before)) = 1 ] && pass "Xen logged 1 triple fault" ||
    fail "Xen logged $((after - before)) triple faults, want 1"
expect_gone tf-guest 20
expect_only_dom0
