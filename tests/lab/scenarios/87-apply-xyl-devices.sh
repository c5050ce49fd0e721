# plan and apply see `backend: xyl` disks (issue 14): a guest from the demo's
# web.yaml is applied, an xyl disk added to its file is planned as an update
# in place ("+xyl disk xvdb") and hot-plugged by apply, a second plan has no
# changes, removing it is "-xyl disk xvdb"; save refuses the guest while it
# has an xyl disk (the save file does not carry them yet) and leaves no
# file; destroy --delete-disks deletes the guest's own xyl disk image.
# lab: timeout=300
D=$LAB_TMP/xg
img=/var/lib/xen/images/xg-data.img
rm -rf "$D" "$img" "$LAB_TMP/xg.save"
mkdir -p "$D"

expect_rc() {
    want=$1; shift
    run "$@"
    [ "$RC" = "$want" ] && pass "'$*' exited $want" || fail "'$*' exited $RC, want $want"
}
out_has() { grep -q -- "$1" "$LAB_TMP/out" && pass "output has '$1'" || fail "output lacks '$1'"; }

sed -e 's/^name:.*/name: xg/' -e 's/xyl_lab=web/xyl_lab=xg/' -e 's/role: web/role: xg/' \
    /etc/xyl/configs/lab-demo/web.yaml > "$D/xg.yaml"
expect_rc 0 xyl apply "$D"
out_has "xg created"
id=$(xyl_domid xg)
[ -n "$id" ] || fail "xg did not start"

# ---- an xyl disk added: an update in place, hot-plugged
must dd if=/dev/zero of="$img" bs=1M count=16
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl }\n' "$img" >> "$D/xg.yaml"
expect_rc 2 xyl plan "$D"
out_has "~ update xg"
out_has "+xyl disk xvdb"
expect_rc 0 xyl apply "$D"
out_has "xg updated in place"
[ "$(xyl_domid xg)" = "$id" ] && pass "xg kept its domain $id" || fail "xg was recreated"
xenstore-ls /local/domain/0/backend/xyl-vbd/$id 2>/dev/null | grep -q "params = \"$img\"" &&
    pass "xyl-vbd backend for $img" || fail "no xyl-vbd backend node for $img"
expect_rc 0 xyl plan "$D"
out_has "unchanged xg"
run xyl state
grep -q '"xyl_disks"' "$LAB_TMP/out" && grep -q "$img" "$LAB_TMP/out" &&
    pass "xyl state lists the xyl disk" || fail "xyl state lacks the xyl disk"

# ---- save refuses while the guest has an xyl disk, and leaves no file
expect_rc 1 xyl save xg "$LAB_TMP/xg.save"
out_has "backend: xyl disk"
[ ! -e "$LAB_TMP/xg.save" ] && [ ! -e "$LAB_TMP/xg.save.xyl-partial" ] &&
    pass "no save file left" || fail "a save file was left behind"
[ "$(xyl_domid xg)" = "$id" ] && pass "xg still runs after the refused save" || fail "xg is gone"

# ---- removed from the file: an update in place again
sed -i '/^disks:/,$d' "$D/xg.yaml"
expect_rc 2 xyl plan "$D"
out_has "-xyl disk xvdb"
expect_rc 0 xyl apply "$D"
out_has "xg updated in place"
expect_rc 0 xyl plan "$D"

# ---- destroy --delete-disks deletes the guest's own xyl disk
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl }\n' "$img" >> "$D/xg.yaml"
must xyl apply "$D"
expect_rc 0 xyl destroy --delete-disks xg
out_has "deleted $img"
[ ! -e "$img" ] && pass "the xyl disk image is deleted" || fail "$img is still there"
