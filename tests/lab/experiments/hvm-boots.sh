# HVM boots in a row (issue 20's goal: 0 triple faults in 20 HVM boots):
# configs/hvm.yaml with `quiet` (as 50-hvm boots it), created, its marker
# awaited, gone by itself (on_poweroff: destroy), ROUNDS times (default
# 10; about 2 minutes each on one CPU).  Any death before the marker fails
# it and says whether Xen logged a triple fault.  Run by hand:
#   XYL_LAB_MACHINE=hvmloop tests/lab/run tests/lab/experiments/hvm-boots.sh
# lab: timeout=3600
rounds=10
name=$(cfg_name /etc/xyl/configs/hvm.yaml)
cfg=$LAB_TMP/$name.yaml
sed 's/^cmdline:.*/& quiet/' /etc/xyl/configs/hvm.yaml > "$cfg"
i=1 all=
while [ $i -le $rounds ]; do
    xyl_create "$cfg"
    wait_marker "$name" 540 > /dev/null
    m=$(t_since "$T_CREATE")
    expect_gone "$name" 60
    say "boot $i of $rounds: marker after $m s"
    all="$all $m"
    i=$((i + 1))
done
timing boots "$rounds"
pass "$rounds HVM boots, each to its marker, no death (marker seconds:$all)"
xl dmesg | grep -q "Triple fault" && fail "Xen logged a triple fault" || pass "no triple fault in Xen's log"
