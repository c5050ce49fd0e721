# The harness's boot retry (wait_marker, tests/lab/README.md) against a real
# triple fault: a PVH guest whose "kernel" (guest/triple-fault.S) faults at
# once is created 3 times, with a NOTE for each of the 2 retries, and then
# fails the wait with one line; nothing is left behind (on_reboot: destroy,
# as a triple fault is a reboot to Xen).
# lab: timeout=240
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
( wait_marker tf-guest 60 ) > $LAB_TMP/wait.out 2>&1
rc=$?
# shown, but not as the harness's own lines (they are expected here)
sed -e 's/@@LAB /@@lab /' -e 's/^/  | /' $LAB_TMP/wait.out
[ $rc != 0 ] && pass "wait_marker fails for a guest that never boots" || fail "wait_marker returned 0"
n=$(grep -c "triple-faulted while booting" $LAB_TMP/wait.out)
[ "$n" = 2 ] && pass "2 boots again, each noted" || fail "expected 2 retry notes, got $n"
grep -q "FAIL $LAB_SCENARIO tf-guest stopped without a marker" $LAB_TMP/wait.out &&
    pass "the third fault ends the wait with one line" || fail "no failure line after the third boot"
after=$(xl dmesg | grep -c 'Triple fault')
[ $((after - before)) -ge 3 ] && pass "Xen logged $((after - before)) triple faults" ||
    fail "Xen logged $((after - before)) triple faults, want 3"
expect_gone tf-guest 20
expect_only_dom0
