# The Debian image (tests/lab/lib/guest-image.sh) as a PV guest booted by
# pvgrub2 (firmware: pvgrub64, grub-xen-host's grub-x86_64-xen.bin), its root
# on xyl-blkback (backend: xyl), provisioned by cloud-init from its
# definition: the hostname (local-hostname = the name), a user with dom0's
# ssh key.  dom0 logs in over the bridge and runs commands, then runs
# `systemctl poweroff` in the guest: the monitor applies on_poweroff:
# destroy, xyl-blkback lets go, and the root filesystem is fsck clean.
# lab: timeout=1200 real-guest
. /lab/real.sh
real_setup
real_key
key=$(cat /tmp/real-key.pub)
cfg=$LAB_TMP/deb-pv.yaml
cat > $cfg <<YAML
name: deb-pv
type: pv
memory: 512M
vcpus: 1
firmware: pvgrub64
disks:
  - { target: $REAL_RAW, vdev: xvda, format: raw, backend: xyl }
networks:
  - bridge: xenbr0
cloud_init:
  user_data:
    users:
      - name: lab
        shell: /bin/bash
        ssh_authorized_keys: [ "$key" ]
    disable_root: false
    ssh_authorized_keys: [ "$key" ]
on_poweroff: destroy
on_reboot: destroy
on_crash: destroy
YAML
must xyl validate $cfg
xyl_create $cfg
pid=$(cat /run/xyl-blkback.pid 2>/dev/null)
[ -n "$pid" ] && kill -0 "$pid" && pass "xyl-blkback serves the root disk (pid $pid)" ||
    fail "no xyl-blkback process after the create"
real_boot deb-pv 900
expect_marker guest_type=PV
expect_marker root=/dev/xvda1
real_root_backend deb-pv xyl-vbd xyl-blkback
expect_marker hostname=deb-pv
expect_marker users=lab
expect_marker keys=1
expect_marker cloud=done
ip=$(marker_get ip | cut -d, -f1)
case $ip in 10.99.0.*) pass "the guest took $ip from dom0's DHCP" ;; *) fail "no address on the bridge: $MARKER" ;; esac

# dom0 logs in with the key cloud-init installed
real_ssh lab $ip 'hostname; id -un; cat /proc/cmdline' || fail "ssh lab@$ip failed"
[ "$(sed -n 1p $LAB_TMP/out)" = deb-pv ] && [ "$(sed -n 2p $LAB_TMP/out)" = lab ] &&
    pass "ssh lab@$ip: hostname deb-pv, user lab" || fail "ssh lab@$ip printed the wrong hostname/user"
# the acceptance's clean shutdown: from inside the guest (ssh ends with it)
real_ssh root $ip 'systemctl poweroff'
pass "ssh root@$ip systemctl poweroff (exit $RC)"
real_poweroff deb-pv 300
i=0
while [ -n "$(xenstore-ls /local/domain/0/backend/xyl-vbd 2>/dev/null)" ] && [ $i -lt 20 ]; do
    sleep 1; i=$((i + 1))
done
[ -z "$(xenstore-ls /local/domain/0/backend/xyl-vbd 2>/dev/null)" ] && pass "xyl-blkback let go: no xyl-vbd nodes left" ||
    { run xenstore-ls /local/domain/0/backend/xyl-vbd; fail "xyl-vbd nodes left after the poweroff"; }
real_fsck_raw $REAL_RAW
expect_only_dom0
