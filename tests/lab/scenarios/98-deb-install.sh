# The Debian package on a Xen host: `dpkg -i` the .deb that `make deb` built
# (copied into dom0 as /lab/xyl.deb), then use only what it installed: the
# payload's build copies of xyl and its daemons are put aside first. A PV
# guest with a `backend: xyl` disk must be served by
# /usr/libexec/xyl/xyl-blkback, found at the path compiled into the
# package's xyl; host-check must be clean; dpkg -r removes the files again
# but keeps the conffile.
# lab: timeout=300
deb=/lab/xyl.deb
# Debian's dpkg (the payload copies it): busybox's applet of the same name
# comes first on PATH and knows none of dpkg -s's fields; dpkg-deb needs
# GNU tar, which the payload puts in /lab/gnu
dpkg="env PATH=/lab/gnu:$PATH /usr/bin/dpkg"
[ -x /usr/bin/dpkg ] && [ -x /lab/gnu/tar ] || fail "no /usr/bin/dpkg or /lab/gnu/tar in dom0 (tests/lab/lib/payload.sh copies them)"
[ -f $deb ] || fail "no $deb in dom0: the lab copies build/deb/xyl_*_amd64.deb (make deb)"
# dom0 is a busybox initramfs whose Xen libraries came from unpacked .debs,
# not from dpkg: its database is empty, so Depends are forced (and listed).
mkdir -p /var/lib/dpkg/info /var/lib/dpkg/updates /var/lib/dpkg/triggers /lab/aside
touch /var/lib/dpkg/status /var/lib/dpkg/available
for f in /usr/sbin/xyl /usr/sbin/xyl-*; do [ -e "$f" ] && mv "$f" /lab/aside/; done
restore_build() { for f in /lab/aside/*; do [ -e "$f" ] && mv "$f" /usr/sbin/; done; }
trap restore_build EXIT
command -v xyl >/dev/null && fail "an xyl is still on PATH: $(command -v xyl)"

must $dpkg -i --force-depends $deb
grep -q "depends on" "$LAB_TMP/out" && say "unmet in dom0's empty dpkg database: $(grep -o 'depends on [^;]*' "$LAB_TMP/out" | head -n 3 | tr '\n' ' ')"
must $dpkg -s xyl
grep -q "^Status: install ok installed" "$LAB_TMP/out" && pass "dpkg: xyl is installed" || fail "dpkg -s xyl: not installed"
for f in /usr/sbin/xyl /usr/libexec/xyl/xyl-blkback /usr/libexec/xyl/xyl-netback \
         /usr/share/man/man1/xyl.1.gz /usr/share/man/man5/xyl.yaml.5.gz \
         /usr/share/bash-completion/completions/xyl /usr/share/xyl/guest.schema.json \
         /lib/systemd/system/xyl-apply.service /etc/xyl/xyl.yaml \
         /usr/sbin/xyl-exporter /usr/share/man/man8/xyl-exporter.8.gz /lib/systemd/system/xyl-exporter.service; do
    [ -e "$f" ] && pass "installed $f" || fail "the package did not install $f"
done
must /usr/sbin/xyl version
# the packaged exporter runs (its library came with the package's Depends)
run /usr/sbin/xyl-exporter --port 0
[ $RC = 2 ] && grep -q "is not a port" "$LAB_TMP/out" && pass "the packaged xyl-exporter runs" ||
    fail "/usr/sbin/xyl-exporter --port 0 exited $RC"

# host-check: nothing failing, and the package's own files are fine
must /usr/sbin/xyl host-check
grep -q "^FAIL" "$LAB_TMP/out" && fail "host-check has FAIL lines"
pass "host-check: no FAIL"

# a backend: xyl disk, served by the installed daemon
img=/var/lib/xen/images/pv-xyl-disk.img
must dd if=/dev/zero of=$img bs=1M count=8
cfg=/etc/xyl/configs/pv-xyl-disk.yaml
name=$(cfg_name $cfg)
[ -f /run/xyl-blkback.pid ] && kill "$(cat /run/xyl-blkback.pid)" 2>/dev/null && sleep 1
xyl_create $cfg
pid=$(cat /run/xyl-blkback.pid 2>/dev/null)
exe=$(readlink "/proc/$pid/exe" 2>/dev/null)
[ "$exe" = /usr/libexec/xyl/xyl-blkback ] && pass "the disk is served by $exe (pid $pid)" ||
    fail "xyl-blkback runs from '$exe', not /usr/libexec/xyl/xyl-blkback"
wait_marker "$name" 120 || fail "$name printed no marker"
expect_marker blk=xvdb
must /usr/sbin/xyl destroy "$name"
expect_gone "$name"

echo "images: /srv/images" > /etc/xyl/xyl.yaml
must $dpkg -r xyl
[ -e /usr/sbin/xyl ] || [ -e /usr/libexec/xyl/xyl-blkback ] && fail "dpkg -r left xyl's files"
grep -q /srv/images /etc/xyl/xyl.yaml && pass "dpkg -r kept the edited conffile /etc/xyl/xyl.yaml" ||
    fail "dpkg -r removed or changed /etc/xyl/xyl.yaml"
kill "$pid" 2>/dev/null
