# shellcheck shell=bash
# layer.sh - the fleet lab's extra dom0 layer (issue 17), appended to the
# lab's initramfs for the two hosts of `make lab-fleet` only, so that the CI
# lab's dom0 stays as it is:
#   /lib/fleet-modules/  virtio_net (with failover, net_failover) and nbd:
#                        the link between the hosts, the disk both see
#   /usr/sbin/sshd       Debian's openssh-server (dom0 of the CI lab has no sshd)
#   /usr/bin/ssh, nbd-server, nbd-client (Debian's, with their libraries)
#   /etc/ssh/, /root/.ssh/  keys made for this run only (fleet_keys)
#   /etc/passwd, group, hosts, nsswitch.conf   sshd's privilege separation
#                        user; fleet-a/fleet-b on the link
#   /lab/fleet.sh        the dom0 helpers the fleet scenarios source
#   /usr/bin/python3     Debian's python3.11 and its standard library (no
#                        tests, no tkinter...): Ansible's modules run on the
#                        dom0s (40-playbook), driven from this machine
# Sourced by tests/lab/fleet/run after tests/lab/lib/build.sh (bash).

FLEET_DEBS="openssh-server libwrap0 nbd-server nbd-client libnl-3-200 libnl-genl-3-200"
FLEET_MODULES="kernel/net/core/failover.ko kernel/drivers/net/net_failover.ko
  kernel/drivers/net/virtio_net.ko kernel/drivers/block/nbd.ko"
FLEET_DIR=$CACHE/fleet                 # ours alone in the shared cache
FLEET_DEBDIR=$CACHE/debs-fleet         # not in debs/: that listing keys dom0's root
FLEET_LAYER=$FLEET_DIR/fleet-layer.cpio.gz

# the Debian packages only the fleet's dom0s need, fetched once into the cache
fleet_fetch_debs() {
    # shellcheck disable=SC2086  # (a word list)
    download_debs "$FLEET_DEBDIR" $FLEET_DEBS
}

# fleet_keys DIR: this run's keys: one host key both sshds present, one key
# pair both dom0s log in to each other with, one the host logs in with
fleet_keys() {
    local k=$1
    rm -rf "$k"; mkdir -p "$k"; chmod 700 "$k"
    ssh-keygen -q -t ed25519 -N '' -C fleet-hostkey -f "$k/hostkey" || die "ssh-keygen failed"
    ssh-keygen -q -t ed25519 -N '' -C root@fleet -f "$k/dom0" || die "ssh-keygen failed"
    ssh-keygen -q -t ed25519 -N '' -C lab@host -f "$k/host" || die "ssh-keygen failed"
    # the host's known_hosts for the forwarded ports (filled in by run)
    : > "$k/known_hosts"
}

# fleet_tree ROOT KEYS: everything above into ROOT
fleet_tree() {
    local r=$1 k=$2 x=$FLEET_DIR/debroot m f
    rm -rf "$x"; mkdir -p "$x"
    for f in "$FLEET_DEBDIR"/*.deb; do dpkg -x "$f" "$x"; done
    mkdir -p "$r/lib/fleet-modules"
    for m in $FLEET_MODULES; do
        [ -f "$DEBROOT/lib/modules/$KVER/$m" ] || die "fleet: no $m in the lab's kernel ($KVER)"
        cp "$DEBROOT/lib/modules/$KVER/$m" "$r/lib/fleet-modules/"
    done
    # their libraries from the fleet's packages first, then the lab's, then the host's
    local saved_lib_path
    saved_lib_path=$(declare -f lib_path)
    # shellcheck disable=SC2317  # (copy_elf calls it)
    lib_path() { echo "$FLEET_DIR/debroot/lib/x86_64-linux-gnu:$FLEET_DIR/debroot/usr/lib/x86_64-linux-gnu:$DEBROOT/usr/lib/x86_64-linux-gnu:$DEBROOT/lib/x86_64-linux-gnu"; }
    copy_elf "$r" "$x/usr/sbin/sshd" /usr/sbin/sshd "$DOM0_BASE_ROOT"
    copy_elf "$r" "$x/bin/nbd-server" /usr/bin/nbd-server "$DOM0_BASE_ROOT"
    copy_elf "$r" "$x/sbin/nbd-client" /sbin/nbd-client "$DOM0_BASE_ROOT"
    copy_elf "$r" "$(command -v ssh)" /usr/bin/ssh "$DOM0_BASE_ROOT"
    eval "$saved_lib_path"
    # users: root (as busybox_root has it), sshd's privilege separation user
    mkdir -p "$r/etc/ssh" "$r/root/.ssh" "$r/lab"
    printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'sshd:x:100:65534::/run/sshd:/bin/false' > "$r/etc/passwd"
    printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' > "$r/etc/group"
    printf '%s\n' 'passwd: files' 'group: files' 'shadow: files' 'hosts: files' > "$r/etc/nsswitch.conf"
    printf '%s\n' '127.0.0.1 localhost' '10.77.0.1 fleet-a' '10.77.0.2 fleet-b' > "$r/etc/hosts"
    # sshd: keys only, root allowed; xyl's libraries and tools on the PATH of
    # the commands it runs (xyl migrate runs "ssh HOST xyl migrate-receive")
    cat > "$r/etc/ssh/sshd_config" <<'EOF'
# the fleet lab's sshd (tests/lab/fleet/layer.sh): keys only
Port 22
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PidFile /run/sshd.pid
SetEnv PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/xen-4.17/bin LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
EOF
    install -m 600 "$k/hostkey" "$r/etc/ssh/ssh_host_ed25519_key"
    install -m 644 "$k/hostkey.pub" "$r/etc/ssh/ssh_host_ed25519_key.pub"
    install -m 600 "$k/dom0" "$r/root/.ssh/id_ed25519"
    cat "$k/dom0.pub" "$k/host.pub" > "$r/root/.ssh/authorized_keys"
    # the dom0s know each other's host key (the same key, this run's)
    printf 'fleet-a,fleet-b,10.77.0.1,10.77.0.2 %s\n' "$(cut -d' ' -f1,2 "$k/hostkey.pub")" > "$r/root/.ssh/known_hosts"
    printf '%s\n' 'Host *' '  BatchMode yes' '  StrictHostKeyChecking yes' '  ConnectTimeout 20' \
        '  ServerAliveInterval 15' '  LogLevel ERROR' > "$r/root/.ssh/config"
    install -m 644 "$LAB_DIR/fleet/fleet.sh" "$r/lab/fleet.sh"
}

# fleet_python ROOT: the host's Debian python3.11 (not a venv's or pyenv's:
# /usr/bin) with its standard library and compiled modules
fleet_python() {
    local r=$1 py=/usr/bin/python3.11 v f
    if [ ! -x $py ] || [ ! -d /usr/lib/python3.11 ]; then die "fleet: no $py on the host (Debian's python3.11)"; fi
    v=$(basename $py)
    copy_elf "$r" $py "/usr/bin/$v" "$DOM0_BASE_ROOT"
    ln -sf "$v" "$r/usr/bin/python3"
    mkdir -p "$r/usr/lib"
    (cd /usr/lib && tar -cf - --exclude=test --exclude=tests --exclude=idlelib --exclude=tkinter \
        --exclude=ensurepip --exclude=lib2to3 --exclude=turtledemo --exclude='config-*' \
        --exclude=site-packages --exclude=dist-packages --exclude=pydoc_data "$v") | tar -xf - -C "$r/usr/lib"
    for f in "$r/usr/lib/$v"/lib-dynload/*.so; do
        copy_elf "$r" "/usr/lib/$v/lib-dynload/$(basename "$f")" "/usr/lib/$v/lib-dynload/$(basename "$f")" "$DOM0_BASE_ROOT"
    done
}

# build_fleet_layer KEYS: the layer, built anew for every run (it holds the
# run's keys; it takes a few seconds)
build_fleet_layer() {
    local r=$FLEET_DIR/layer
    fleet_fetch_debs
    rm -rf "$r"; mkdir -p "$r"
    fleet_tree "$r" "$1"
    fleet_python "$r"
    mkcpio "$r" "$FLEET_LAYER" gzip
}
