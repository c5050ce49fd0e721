# xyl import-running (issue 13): a PV guest created by xl from an xl.cfg is
# adopted with `xyl import-running -o FILE`; nothing restarts (same domid),
# the definition validates, xyl's record names the file, and `xyl plan` on
# its folder says the guest is unchanged.  Then xyl destroys it like its own.
# lab: timeout=300
D=$LAB_TMP/adopted
mkdir -p "$D"
cat > "$LAB_TMP/ad-web.cfg" <<'CFG'
name = "ad-web"
memory = 160
maxmem = 192
vcpus = 1
kernel = "/var/lib/xyl/boot/vmlinux"
ramdisk = "/var/lib/xyl/boot/initrd.img"
extra = "console=hvc0 xyl_lab=adopt"
vif = [ "mac=00:16:3e:0a:d0:01,bridge=xenbr0" ]
on_reboot = "destroy"
CFG

rm -f "$CONSOLE_LOGS"/guest-* 2>/dev/null
must xl create "$LAB_TMP/ad-web.cfg"
wait_marker ad-web 150
expect_marker tag=adopt
id=$(xl domid ad-web)

must xyl import-running -o "$D/ad-web.yaml" ad-web
grep -q "adopted ad-web (domid $id)" "$LAB_TMP/out" && pass "adopted without a restart" ||
    fail "no 'adopted ad-web (domid $id)' line"
run cat "$D/ad-web.yaml"
must xyl validate "$D"
[ "$(xl domid ad-web)" = "$id" ] && pass "same domid $id" || fail "domid changed: $(xl domid ad-web)"

uuid=$(xenstore-read "/local/domain/$id/vm" | sed 's|^/vm/||')
rec=/local/domain/0/xyl/guests/$uuid
[ "$(xenstore-read $rec/file)" = "$D/ad-web.yaml" ] && pass "record names the file" ||
    fail "record file: $(xenstore-read $rec/file 2>&1)"

run xyl plan "$D"
[ "$RC" = 0 ] && pass "plan exits 0" || fail "plan exited $RC"
grep -q "No changes" "$LAB_TMP/out" && pass "plan: no changes" || fail "plan is not 'No changes'"

# a second import must not overwrite the adopted file
run xyl import-running -o "$D/ad-web.yaml" ad-web
[ "$RC" = 1 ] && pass "an existing file is not overwritten" || fail "second import exited $RC"

must xyl destroy ad-web
expect_gone ad-web
