# real.sh - helpers for the scenarios that boot the real Debian guest
# (tests/lab/real/, issue 16), sourced by them after lib.sh.  The guest image
# and what dom0 needs for it (pygrub's python, grub-xen-host's GRUB images,
# e2fsck, mkfs.fat/mcopy, ssh) come on dom0's second disk
# (tests/lab/lib/real-disk.sh), which QEMU attaches only to these runs.
REAL=/mnt/real
REAL_RAW=$REAL/images/guest-debian.raw
REAL_QCOW2=$REAL/images/guest-debian.qcow2
REAL_PART_OFFSET=1048576          # the image's one partition starts at 1 MiB
# What the PVH and HVM examples change beside their paths, for the lab's
# nested SVM under TCG (issue 20): one vCPU, since its 7% triple-fault rate
# was measured with one-vCPU guests and the PVH example's two vCPUs faulted
# in both of its boots on 2026-12-06; and on_reboot: destroy, since Xen
# turns a triple fault into a reboot: the monitor's restart would race
# wait_marker's boot again (which then reports the fault as a NOTE).
REAL_SVM_SED='s|^vcpus: 2$|vcpus: 1|;s|^on_reboot: restart$|on_reboot: destroy|'

# real_setup: the second disk mounted, its dom0 tree over dom0's root (once
# per lab run), the bridge with dom0's address and a DHCP server on it (the
# guests' ifupdown asks for an address at boot and waits minutes without one)
real_setup() {
    local m i=0
    if ! grep -q " $REAL " /proc/mounts; then
        for m in virtio_pci virtio_blk crc32c_generic ext4; do modprobe $m || fail "modprobe $m"; done
        while [ ! -b /dev/vda ] && [ $i -lt 20 ]; do sleep 0.5; i=$((i + 1)); done
        [ -b /dev/vda ] || fail "no /dev/vda: the real-guest disk is not attached (tests/lab/lib/real-disk.sh)"
        mkdir -p $REAL
        must mount -t ext4 /dev/vda $REAL
    fi
    [ -f "$REAL_RAW" ] && [ -f "$REAL_QCOW2" ] || fail "no guest image on $REAL/images"
    if [ ! -e /usr/lib/grub-xen/grub-x86_64-xen.bin ]; then
        cp -a $REAL/dom0/. / || fail "cannot copy the real-guest tools into dom0"
    fi
    PYTHONPATH=/usr/lib/xen-4.17/lib/python python3 -c 'import curses, ctypes, xenfsimage, grub.GrubConf' ||
        fail "python3 in dom0 cannot import what pygrub needs"
    ip addr add 10.99.0.1/24 dev xenbr0 2>/dev/null
    # the loopback a real host has up: qemu-xen binds an HVM guest's VNC
    # server to 127.0.0.1 (libxl's default), and the lab's dom0 leaves lo down
    # ("-vnc 127.0.0.1:0: Failed to bind socket: Cannot assign requested address")
    ip link set lo up || fail "ip link set lo up"
    ip addr add 127.0.0.1/8 dev lo 2>/dev/null
    if [ ! -s /run/real-udhcpd.pid ] || ! kill -0 "$(cat /run/real-udhcpd.pid)" 2>/dev/null; then
        mkdir -p /var/lib/misc
        : > /var/lib/misc/udhcpd.leases
        printf '%s\n' 'interface xenbr0' 'start 10.99.0.100' 'end 10.99.0.150' \
            'option subnet 255.255.255.0' 'option lease 86400' \
            'pidfile /run/real-udhcpd.pid' 'lease_file /var/lib/misc/udhcpd.leases' \
            > /run/real-udhcpd.conf
        busybox udhcpd /run/real-udhcpd.conf || fail "udhcpd on xenbr0 did not start"
    fi
}

# real_boot NAME SECS: the guest reached the end of its boot: its marker
# (printed once systemd says the boot is over) says "running", with an ext4 root
real_boot() {
    wait_marker "$1" "$2"
    timing boot "$(t_since "$T_CREATE")"
    expect_marker state=running
    expect_marker rootfs=ext4
}

# real_poweroff NAME SECS: the guest powered itself off (the caller asked it
# to) and its monitor carried out on_poweroff: destroy
real_poweroff() {
    local t0 i=0
    t0=$(t_now)
    while [ -n "$(xyl_domid "$1")" ] && [ $i -lt "$2" ]; do sleep 1; i=$((i + 1)); done
    [ -z "$(xyl_domid "$1")" ] || { run xl list; fail "$1 still there $2 s after it was asked to power off"; }
    timing poweroff "$(t_since "$t0")"
    i=0
    while ! grep -q "shut down (poweroff): destroy" /var/log/xen/xyl-$1.log 2>/dev/null && [ $i -lt 10 ]; do
        sleep 1; i=$((i + 1))
    done
    grep -q "shut down (poweroff): destroy" /var/log/xen/xyl-$1.log &&
        pass "the monitor saw the poweroff and applied on_poweroff: destroy" ||
        { run cat /var/log/xen/xyl-$1.log; fail "no 'shut down (poweroff): destroy' in xyl-$1.log"; }
    expect_gone "$1" 20
}

# real_root_backend NAME KIND WHO: the guest's xvda (devid 51712, its root)
# is served by the backend KIND names in xenstore, connected (state 4):
# vbd = Linux's kernel blkback (which then has its xen-backend device in
# sysfs), qdisk = qemu-xen, xyl-vbd = xyl-blkback.  WHO names it in the line.
real_root_backend() {
    local domid be st
    domid=$(xyl_domid "$1")
    [ -n "$domid" ] || fail "$1 is not running: cannot tell its root disk's backend"
    be=$(xenstore-read /local/domain/$domid/device/vbd/51712/backend 2>/dev/null)
    [ "$be" = /local/domain/0/backend/$2/$domid/51712 ] ||
        { run xenstore-ls -f /local/domain/$domid/device/vbd; fail "$1's xvda has backend '$be', not $2"; }
    st=$(xenstore-read "$be/state" 2>/dev/null)
    [ "$st" = 4 ] || fail "$1's root backend $be is in state '$st', not 4 (connected)"
    if [ "$2" = vbd ]; then
        [ -e /sys/bus/xen-backend/devices/vbd-$domid-51712 ] ||
            fail "no kernel blkback device vbd-$domid-51712 in /sys/bus/xen-backend/devices"
    fi
    pass "the root disk xvda is served by $3 ($be, connected)"
}

# real_console_sh NAME SECS LINE...: type LINEs into the shell on the guest's
# console (its pty from xenconsoled, e.g. an initramfs's rescue shell), wait
# SECS, show what the console printed since.  For diagnostics, not checks.
real_console_sh() {
    local name=$1 secs=$2 domid tty log n
    shift 2
    domid=$(xyl_domid "$name")
    tty=$(xenstore-read /local/domain/$domid/console/tty 2>/dev/null)
    log=$CONSOLE_LOGS/guest-$name.log
    [ -n "$tty" ] && [ -c "$tty" ] || { say "no console pty for $name"; return 1; }
    n=$(wc -l < "$log")
    printf '%s\n' "$@" > "$tty"
    sleep "$secs"
    tail -n +$((n + 1)) "$log"
}

# real_fsck_raw FILE: e2fsck -n -f of the raw image's root partition is clean
real_fsck_raw() {
    local dev
    dev=$(losetup -f) || fail "no free loop device"
    must losetup -r -o $REAL_PART_OFFSET "$dev" "$1"
    local rc
    real_run_long e2fsck -n -f "$dev"
    rc=$RC
    losetup -d "$dev"
    [ $rc = 0 ] && pass "e2fsck -n -f of $(basename "$1")'s root: clean" ||
        fail "e2fsck -n -f of $1's root exited $rc"
}

# real_ssh USER IP CMD...: run CMD in the guest over the bridge, with dom0's key
real_ssh() {
    local u=$1 ip=$2; shift 2
    run ssh -i /tmp/real-key -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=30 "$u@$ip" "$@"
}

# real_key: dom0's ssh key pair for the cloud-init guests (once per lab
# run), in /tmp/real-key and /tmp/real-key.pub
real_key() {
    [ -s /tmp/real-key.pub ] || must ssh-keygen -q -t ed25519 -N '' -C lab@dom0 -f /tmp/real-key
}

# real_example NAME SED-SCRIPT: configs/real-host/NAME.yaml with only its
# paths changed (the sed script) to $LAB_TMP/NAME.yaml; prints that path
real_example() {
    local src=/etc/xyl/configs/real-host/$1.yaml out=$LAB_TMP/$1.yaml
    sed "$2" "$src" > "$out" || fail "cannot write $out"
    diff "$src" "$out" | sed 's/^/  | /' >&2
    echo "$out"
}

# real_shutdown NAME: xyl shutdown (the guest's systemd powers off), then as real_poweroff
real_shutdown() {
    must xyl shutdown "$1"
    real_poweroff "$1" 300
}

# real_run_long CMD...: run, with a line every 30 s meanwhile (the host
# kills a lab that prints nothing for XYL_LAB_IDLE_TIMEOUT s); sets RC
real_run_long() {
    local hb rc
    (while sleep 30; do say "still running: $1"; done) &
    hb=$!
    run "$@"
    rc=$RC
    kill $hb 2>/dev/null
    RC=$rc
    return $rc
}

# real_example_up NAME SED-SCRIPT TYPE: create the real-host example NAME
# (paths changed by the sed script), wait for the end of its boot, check the
# guest type and its root on xvda1/sda1; sets REAL_NAME
real_example_up() {
    local cfg
    cfg=$(real_example "$1" "$2")
    REAL_NAME=$(cfg_name "$cfg")
    xyl_create "$cfg"
    real_boot "$REAL_NAME" "${REAL_BOOT_SECS:-700}"
    expect_marker guest_type=$3
    case $(marker_get root) in /dev/xvda1|/dev/sda1) pass "root on $(marker_get root)" ;;
        *) fail "root is not the disk's first partition: $MARKER" ;; esac
}
