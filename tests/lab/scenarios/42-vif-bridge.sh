# xyl-vif-bridge (issue 18), the compiled vif-bridge, on Xen: with
# `hotplug: xyl` in the host configuration, a PV guest with a disk and a NIC
# of the kernel's netback (configs/pv-disk-net.yaml, renamed) gets the
# helper as its NIC's script; libxl runs it in place of the bash script:
# the vif is in xenbr0, up, with the bridge's MTU and the address Xen's
# scripts give it, hotplug-status connected, the frontend's mtu written;
# the guest pings dom0 and dom0 the guest.  network-attach of a NIC with a
# vifname into a second bridge of MTU 1400 renames it and takes that MTU;
# network-detach and destroy leave no vif in any bridge.
# lab: timeout=240
conf=$LAB_TMP/xyl.yaml
printf 'hotplug: xyl\n' > "$conf"
export XYL_CONFIG=$conf
helper=/usr/sbin/xyl-vif-bridge       # the lab's xyl and its helpers sit in /usr/sbin
name=hp-net
img=/var/lib/xen/images/$name.img
cfg=$LAB_TMP/$name.yaml
sed -e "s/^name: .*/name: $name/" -e "s|pv-disk-net.img|$name.img|" \
    -e 's|^cmdline: .*|cmdline: console=hvc0 xyl_lab=hpnet xyl_lab_stay=1 xyl_ip=10.99.0.21/24 xyl_peer=10.99.0.1|' \
    /etc/xyl/configs/pv-disk-net.yaml > "$cfg"
br2=xylbr9
cleanup() { ip link del $br2 2>/dev/null; net_dom0_down; }
no_link() { [ ! -e "/sys/class/net/$1" ]; }
trap cleanup EXIT

must dd if=/dev/zero of=$img bs=1M count=16
net_dom0_up
ip link add $br2 type bridge && ip link set $br2 mtu 1400 && ip link set $br2 up ||
    fail "cannot make bridge $br2"

# ---- what libxl is given
must xyl -N create "$cfg"
grep -q "\"script\": \"$helper\"" "$LAB_TMP/out" && pass "xyl -N create shows script $helper" ||
    fail "xyl -N create does not name $helper"

xyl_create "$cfg"
domid=$CREATED_DOMID
[ -n "$domid" ] || fail "no domid from xyl create"
be=/local/domain/0/backend/vif/$domid/0
vif=vif$domid.0
[ "$(xenstore-read $be/script 2>&1)" = "$helper" ] && pass "libxl ran $helper for $vif" ||
    fail "backend script is '$(xenstore-read $be/script 2>&1)'"
[ "$(xenstore-read $be/hotplug-status 2>&1)" = connected ] && pass "hotplug-status connected" ||
    fail "hotplug-status '$(xenstore-read $be/hotplug-status 2>&1)', error '$(xenstore-read $be/hotplug-error 2>&1)'"
[ -e /sys/class/net/xenbr0/brif/$vif ] && pass "$vif is a port of xenbr0" ||
    { ls /sys/class/net/xenbr0/brif; fail "$vif is not in xenbr0"; }
mtu=$(cat /sys/class/net/xenbr0/mtu)
[ "$(cat /sys/class/net/$vif/mtu)" = "$mtu" ] && pass "$vif has xenbr0's MTU $mtu" ||
    fail "$vif MTU $(cat /sys/class/net/$vif/mtu), xenbr0 $mtu"
[ "$(xenstore-read /local/domain/$domid/device/vif/0/mtu 2>&1)" = "$mtu" ] &&
    pass "frontend mtu = $mtu" || fail "frontend mtu '$(xenstore-read /local/domain/$domid/device/vif/0/mtu 2>&1)'"
[ "$(cat /sys/class/net/$vif/address)" = fe:ff:ff:ff:ff:ff ] && pass "$vif address fe:ff:ff:ff:ff:ff" ||
    fail "$vif address $(cat /sys/class/net/$vif/address)"
[ $(( $(cat /sys/class/net/$vif/flags) & 1 )) = 1 ] && pass "$vif is up" || fail "$vif is down"

wait_marker "$name" 180
expect_marker guest_type=PV
case ",$(marker_get blk)," in *,xvda,*) pass "guest sees xvda" ;; *) fail "no xvda: $MARKER" ;; esac
marker_has netping=ok && pass "the guest pings dom0 over xenbr0" || fail "guest cannot ping dom0: $MARKER"
ping -c 3 -W 5 10.99.0.21 >/dev/null 2>&1 && pass "dom0 pings the guest" || fail "dom0 cannot ping 10.99.0.21"

# ---- network-attach: a vifname, a bridge of MTU 1400
t0=$(t_now)
must xyl network-attach "$name" "{bridge: $br2, vifname: hpnet-e1}"
timing network_attach "$(t_since "$t0")"
be1=/local/domain/0/backend/vif/$domid/1
be_connected $be1 "network 1"
[ -e /sys/class/net/$br2/brif/hpnet-e1 ] && pass "renamed hpnet-e1, a port of $br2" ||
    { ls /sys/class/net/ /sys/class/net/$br2/brif; fail "no hpnet-e1 in $br2"; }
[ "$(cat /sys/class/net/hpnet-e1/mtu)" = 1400 ] && pass "hpnet-e1 has $br2's MTU 1400" ||
    fail "hpnet-e1 MTU $(cat /sys/class/net/hpnet-e1/mtu)"
[ "$(xenstore-read /local/domain/$domid/device/vif/1/mtu 2>&1)" = 1400 ] && pass "frontend 1 mtu = 1400" ||
    fail "frontend 1 mtu '$(xenstore-read /local/domain/$domid/device/vif/1/mtu 2>&1)'"
wait_until 30 sees net eth1 && pass "guest sees eth1" || fail "guest has no eth1 30 s after network-attach: $STATE"

# ---- network-detach: out of the bridge, gone
must xyl network-detach "$name" 1
wait_for 20 no_link hpnet-e1 && pass "hpnet-e1 gone after network-detach" ||
    fail "hpnet-e1 still there: $(ls /sys/class/net/$br2/brif)"
ports=
for p in /sys/class/net/$br2/brif/*; do [ -e "$p" ] && ports="$ports ${p##*/}"; done
[ -z "$ports" ] && pass "$br2 has no port left" || fail "$br2 ports:$ports"

must xyl destroy "$name"
expect_gone "$name" 20
wait_for 20 no_link $vif && pass "$vif gone after destroy" || fail "$vif still there"
left=
for p in /sys/class/net/xenbr0/brif/vif*; do [ -e "$p" ] && left="$left ${p##*/}"; done
[ -z "$left" ] && pass "no vif left in xenbr0" || fail "vifs left in xenbr0: $left"
rm -f $img
expect_only_dom0
