# save -> restore of a PV and a PVH guest (128 MiB, kept up with
# xyl_lab_stay=1): after `xyl save` the file exists and the guest is gone;
# after `xyl restore` it runs and still answers on its console (a balloon
# change made after the restore shows up as a new @@GUEST-STATE line).
# The same guest goes through `xl save`/`xl restore` in the same run for the
# timing ratio, and the files cross over (xl's file -> xyl restore, xyl's
# file -> xl restore).  An existing file is never overwritten; a corrupt
# file is refused and leaves no domain.  A PV guest with a `backend: xyl`
# disk keeps it, and the data it wrote, across xyl save and restore.
# lab: timeout=720

# expect_alive, expect_running: tests/lab/dom0/lib.sh
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
secs() { # secs VAR CMD...: run CMD (must succeed), time it into VAR
    local v=$1 t0; shift
    t0=$(t_now); must "$@"; eval "$v=$(t_since "$t0")"
}

rm -f "$LAB_TMP"/*.xyl* "$LAB_TMP"/*.xl* "$LAB_TMP"/*.save    # a run by hand again starts clean
# dom0's files live in its RAM (1 GiB): one save file at a time
for type in pv pvh; do
    name=sr-$type
    cfg=$LAB_TMP/$name.yaml
    f=$LAB_TMP/$name.xyl
    sed -e "s/^name:.*/name: $name/" -e 's/^memory:.*/memory: 128M/' \
        -e 's/^cmdline:.*/& xyl_lab_stay=1/' /etc/xyl/configs/$type.yaml > "$cfg"
    printf 'xenstore:\n  role: sr-%s\n  deep/key: kept\n' $type >> "$cfg"
    xyl_create "$cfg"
    wait_marker "$name" 150

    # ---- xyl save: the file appears, the guest goes (XYL_TRACE: where the time goes)
    XYL_TRACE=1 secs s_xyl xyl save "$name" "$f"
    timing "xyl_save_$type" "$s_xyl"
    [ -s "$f" ] && pass "save file $(ls -l "$f" | awk '{print $5}') bytes" || fail "no save file $f"
    [ ! -e "$f.xyl-partial" ] || fail "a partial file was left behind"
    expect_gone "$name"
    head -c 32 "$f" | grep -q "Xen saved domain, xl format" && pass "xl's save-file magic" ||
        fail "the file does not start with xl's magic"

    # ---- xyl restore: it runs and answers
    XYL_TRACE=1 secs r_xyl xyl restore "$f"
    timing "xyl_restore_$type" "$r_xyl"
    expect_listed "$name"
    expect_running "$name" "xyl restore"
    expect_alive "$name" 112 "xyl restore"
    d=$(xyl_domid "$name")
    [ "$(xenstore-read /local/domain/$d/data/role)" = sr-$type ] &&
    [ "$(xenstore-read /local/domain/$d/data/deep/key)" = kept ] &&
        pass "the guest's data/ keys came back with it" || fail "data/ keys lost across save/restore"

    # ---- never overwrite: a second save to the same file is refused, the guest untouched
    run xyl save "$name" "$f" && fail "xyl save overwrote $f"
    grep -q "already exists" "$LAB_TMP/out" && pass "existing file refused" || fail "no clear refusal: $(cat "$LAB_TMP/out")"
    expect_running "$name" "the refused save"
    rm -f "$f"

    # ---- the same guest with xl, then with xyl again (both after a first suspend)
    secs s_xl xl save "$name" "$f"
    timing "xl_save_$type" "$s_xl"
    expect_gone "$name"
    secs r_xl xl restore "$f"
    timing "xl_restore_$type" "$r_xl"
    expect_running "$name" "xl restore"
    rm -f "$f"
    secs s_xyl2 xyl save "$name" "$f"
    secs r_xyl2 xyl restore "$f"
    expect_running "$name" "the second xyl restore"
    rm -f "$f"
    timing "xyl_save2_$type" "$s_xyl2"
    timing "xyl_restore2_$type" "$r_xyl2"
    lab_msg "NOTE $LAB_SCENARIO $type save: xyl ${s_xyl}s then ${s_xyl2}s, xl ${s_xl}s: ratio $(ratio "$s_xyl2" "$s_xl") (first $(ratio "$s_xyl" "$s_xl")); restore: xyl ${r_xyl}s then ${r_xyl2}s, xl ${r_xl}s: ratio $(ratio "$r_xyl2" "$r_xl") (first $(ratio "$r_xyl" "$r_xl"))"
    timing "save_ratio_$type" "$(ratio "$s_xyl2" "$s_xl")"
    timing "restore_ratio_$type" "$(ratio "$r_xyl2" "$r_xl")"

    # ---- files cross over: xl's file -> xyl restore, xyl's file -> xl restore
    must xl save "$name" "$f"
    expect_gone "$name"
    must xyl restore "$f"
    rm -f "$f"
    expect_running "$name" "xyl restore of xl's file"
    expect_alive "$name" 104 "xyl restore of xl's file"
    must xyl save "$name" "$f"
    expect_gone "$name"
    must xl restore "$f"
    rm -f "$f"
    expect_running "$name" "xl restore of xyl's file"

    # ---- -c: a checkpoint leaves it running; with a progress bar forced on
    XYL_PROGRESS=1 run xyl save -c "$name" "$f" || fail "xyl save -c failed"
    grep -q "MiB/s" "$LAB_TMP/out" && pass "progress bar drawn (XYL_PROGRESS=1)" || fail "no progress output"
    rm -f "$f"
    expect_running "$name" "xyl save -c"
    expect_alive "$name" 96 "xyl save -c"

    must xyl destroy "$name"
    expect_gone "$name"
done

# ---- a guest with a backend: xyl disk (issue 14): the save file carries
# the disk; what the guest wrote is in the image once the file exists (the
# image is flushed before the file is published), the restored guest has
# the disk again (its blkfront reconnects to a new xyl-blkback device),
# finds its data there and writes on; xyl's record came back with it
xname=sr-xyl
xcfg=$LAB_TMP/$xname.yaml
ximg=/var/lib/xen/images/$xname.img
f=$LAB_TMP/$xname.xyl
must dd if=/dev/zero of="$ximg" bs=1M count=8
sed -e "s/^name:.*/name: $xname/" -e 's/^memory:.*/memory: 128M/' \
    -e 's/^cmdline:.*/& xyl_lab_stay=1 xyl_blkcmd=xvdb/' /etc/xyl/configs/pv.yaml > "$xcfg"
printf 'disks:\n  - { target: %s, vdev: xvdb, backend: xyl }\n' "$ximg" >> "$xcfg"
xyl_create "$xcfg"
wait_marker "$xname" 150
x0=$(xyl_domid "$xname")
xu=$(xenstore-read "/local/domain/$x0/vm" | sed 's|^/vm/||')
blk_write "$xname" before ""
must xyl save "$xname" "$f"
expect_gone "$xname"
# as on another host: no record here; the restore must bring it
xenstore-rm "/local/domain/0/xyl/guests/$xu" 2>/dev/null
[ "$(blk_image_sum "$ximg")" = "$(blk_sum before)" ] && pass "the image holds what the guest wrote before the save" ||
    fail "the image lacks the guest's write after the save"
xs_gone /local/domain/0/backend/xyl-vbd/$x0 10 && pass "the saved domain's xyl-vbd nodes are gone" ||
    fail "xyl-vbd nodes of the saved domain $x0 left"
must xyl restore "$f"
rm -f "$f"
x1=$(xyl_domid "$xname")
[ -n "$x1" ] || fail "$xname not listed after the restore"
[ "$(xenstore-read /local/domain/0/backend/xyl-vbd/$x1/51728/params 2>/dev/null)" = "$ximg" ] &&
    pass "restored $xname (domid $x1) has its xyl disk xvdb again" || fail "no xyl-vbd backend for the restored $xname"
blk_write "$xname" after before
[ "$(xenstore-read /local/domain/0/backend/xyl-vbd/$x1/51728/state)" = 4 ] &&
    pass "the restored guest's xvdb is Connected" || fail "xvdb of the restored guest is not Connected"
[ "$(xenstore-read "/local/domain/0/xyl/guests/$xu/name" 2>/dev/null)" = "$xname" ] &&
    pass "xyl's record of $xname came back from the save file" || fail "no xyl record of $xname after the restore"
must xyl destroy "$xname"
expect_gone "$xname" 20
[ "$(blk_image_sum "$ximg")" = "$(blk_sum after)" ] && pass "the image holds the restored guest's write" ||
    fail "the restored guest's write is not in the image"
rm -f "$ximg"

# ---- a corrupt file is refused in one line and leaves no domain
head -c 4096 /dev/zero > "$LAB_TMP/zero.save"
run xyl restore "$LAB_TMP/zero.save" && fail "xyl restore accepted a file of zeros"
grep -q "wrong magic" "$LAB_TMP/out" && pass "zero file refused: $(head -1 "$LAB_TMP/out")" || fail "unclear refusal"
# a truncated stream: header and config intact, the guest's memory cut short
xyl_create "$cfg"
wait_marker "$name" 150
must xyl save "$name" "$LAB_TMP/full.save"
head -c 2000000 "$LAB_TMP/full.save" > "$LAB_TMP/cut.save"
rm -f "$LAB_TMP/full.save"
run xyl restore "$LAB_TMP/cut.save" && fail "xyl restore accepted a truncated file"
pass "truncated file refused (exit $RC)"
[ -e "$LAB_TMP/cut.save" ] && pass "the truncated file is kept" || fail "restore removed the user's file"
expect_gone "$name"
expect_only_dom0
