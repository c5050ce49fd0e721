# HVM save and restore, and the HVM serial console (issue 15; PV and PVH
# save/restore are in scenarios/80).  The lab's HVM guest (configs/hvm.yaml,
# kept up with xyl_lab_stay=1) with its serial port on a pty: `xyl console
# -t serial` (xenconsole on the pty) shows its boot and marker; `xyl save`
# (xl's format; QEMU's device state comes along through libxl), `xyl
# restore`; then it must run on (its CPU time goes up, not paused or
# crashed) and answer on a new `xyl console -t serial`: a balloon change
# shows up there as a new @@GUEST-STATE line.
# The save image holds the guest's whole RAM (256 MiB here), more than
# dom0's initramfs root has free (a tmpfs capped at half of dom0's 1 GiB,
# a quarter of it taken by the lab's files: the first try ran out of space
# at 99%), so it goes to a tmpfs of its own, sized for it, as a host would
# save to a disk with room.
# lab: retry=1 timeout=900
name=sr-hvm
cfg=$LAB_TMP/$name.yaml
savedir=$LAB_TMP/save
f=$savedir/$name.xyl
c1=$LAB_TMP/console-boot.out
c2=$LAB_TMP/console-restored.out
rm -f "$f" "$c1" "$c2"
sed -e "s/^name:.*/name: $name/" -e "s|^  serial:.*|  serial: pty|" \
    -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/hvm.yaml > "$cfg"
grep -q 'serial: pty' "$cfg" || fail "no serial: pty in $cfg"
cputime() { xl list "$1" 2>/dev/null | awk 'NR == 2 {print int($6)}'; }
# wait_in FILE PATTERN SECS: until FILE has PATTERN (a heartbeat each minute)
wait_in() {
    local i=0
    while ! grep -a -q "$2" "$1" 2>/dev/null; do
        [ $i -lt "$3" ] || { tail -n 10 "$1"; fail "no '$2' on the serial console within $3 s"; }
        [ -n "$(xyl_domid $name)" ] || { tail -n 10 "$1"; fail "$name is gone before '$2' on its console"; }
        i=$((i + 2))
        [ $((i % 60)) = 0 ] && say "waiting for '$2' on the serial console ($i s)"
        sleep 2
    done
}

# room for the image: the guest's memory and 64 MiB for QEMU's state and
# the header, if dom0 has that much memory free (tmpfs takes only what is written)
mem=$(sed -n 's/^memory:[[:space:]]*\([0-9]*\)M$/\1/p' "$cfg")
[ -n "$mem" ] || fail "no memory: NM in $cfg"
need=$((mem + 64))
avail=$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo)
[ "$avail" -gt $((need + 128)) ] || fail "dom0 has $avail MiB available, the save needs $need MiB and 128 MiB to spare"
mkdir -p "$savedir"
must mount -t tmpfs -o size=${need}m tmpfs "$savedir"
trap 'umount "$savedir" 2>/dev/null' EXIT

xyl_create "$cfg"
# attached right away: the whole boot comes through the pty
timeout 900 xyl console -t serial $name < /dev/null > "$c1" 2>&1 &
cpid=$!
wait_in "$c1" '@@GUEST-MARKER' 600
timing marker "$(t_since "$T_CREATE")"
grep -a '@@GUEST-MARKER' "$c1" | tail -n 1
grep -a -q '@@GUEST-MARKER.*guest_type=HVM' "$c1" && pass "xyl console -t serial shows the HVM guest's boot and marker" ||
    fail "the marker on the serial console is not an HVM guest's"
wait_in "$c1" '@@GUEST-STATE' 60

T=$(t_now)
must xyl save $name "$f"
timing xyl_save "$(t_since "$T")"
kill $cpid 2>/dev/null
[ -s "$f" ] && pass "save file $(ls -l "$f" | awk '{print $5}') bytes (guest memory ${mem} MiB)" || fail "no save file $f"
df -m "$savedir" | tail -n 1
expect_gone $name
T=$(t_now)
must xyl restore "$f"
timing xyl_restore "$(t_since "$T")"
expect_listed $name
st=$(dom_state $name)
case $st in *p*|*s*|*c*|*d*|"") fail "$name is not running after the restore (state '${st:-gone}')" ;; esac
t0=$(cputime $name)
timeout 90 xyl console -t serial $name < /dev/null > "$c2" 2>&1 &
cpid=$!
sleep 15
t1=$(cputime $name)
[ -n "$t0" ] && [ -n "$t1" ] && [ "$t1" -gt "$t0" ] &&
    pass "$name runs after the restore (CPU time $t0 -> $t1 s)" || fail "$name's CPU time did not go up after the restore ($t0 -> $t1)"
must xl mem-set $name 200m
wait_in "$c2" '@@GUEST-STATE' 60
pass "$name answers on its serial console after the restore: $(grep -a '@@GUEST-STATE' "$c2" | tail -n 1)"
kill $cpid 2>/dev/null
must xyl destroy $name
rm -f "$f"
umount "$savedir" || fail "cannot unmount $savedir"
trap - EXIT
expect_only_dom0
