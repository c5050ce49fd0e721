# xyl plan / apply over a folder of three small PV guests (made from
# configs/lab-demo/web.yaml): apply creates all three, a second apply has
# no changes, a memory edit is an update in place (after which a localhost
# xyl migrate and a save + restore leave nothing to do), a new file creates only
# that guest, a cmdline edit recreates (disruptive: refused without --yes
# and with --no-disrupt; with --yes the guest is shut down cleanly first),
# a removed file is destroyed only with --prune (and --yes), a guest killed
# with xl destroy is planned for creation again, a guest that cannot be
# built fails alone and leaves nothing behind, and a second apply waits for
# the lock.  xyl's record of each guest is checked in xenstore.  A guest
# that ignores shutdown is destroyed after its stop_timeout, with a line;
# SIGINT during an apply leaves nothing half-done.
# lab: timeout=600
D=$LAB_TMP/guests
mkdir -p "$D"

# guest NAME MEMORY: a PV guest definition from the demo's web.yaml
guest() {
    awk -v m="$2" '/^memory:/ {print "memory: " m; print "maxmem: 192M"; next} {print}' \
        /etc/xyl/configs/lab-demo/web.yaml |
        sed -e "s/^name:.*/name: ap-$1/" -e "s/xyl_lab=web/xyl_lab=$1/" -e "s/role: web/role: $1/"
}
# expect_rc WANT CMD...: run CMD, its exit status must be WANT
expect_rc() {
    want=$1; shift
    run "$@"
    [ "$RC" = "$want" ] && pass "'$*' exited $want" || fail "'$*' exited $RC, want $want"
}
out_has() { grep -q -- "$1" "$LAB_TMP/out" && pass "output has '$1'" || fail "output lacks '$1'"; }
out_lacks() { grep -q -- "$1" "$LAB_TMP/out" && fail "output has '$1'" || pass "output lacks '$1'"; }
running() { [ -n "$(dom_state "$1")" ]; }

for g in web db cache; do guest $g 160M > "$D/$g.yaml"; done
must xyl validate "$D"

# ---- first apply: all three are created, in parallel
expect_rc 2 xyl plan "$D"
out_has "+ create ap-web"
out_has "Plan: 3 to create"
t0=$(t_now)
expect_rc 0 xyl apply -j 3 "$D"
timing apply_3 "$(t_since "$t0")"
for g in web db cache; do running ap-$g && pass "ap-$g runs" || fail "ap-$g does not run"; done
wait_marker ap-db 150
expect_marker xs=db

# ---- xyl's record: dom0-only, the file's sha256
uuid=$(xenstore-read "/local/domain/$(xyl_domid ap-web)/vm" | sed 's|^/vm/||')
rec=/local/domain/0/xyl/guests/$uuid
[ "$(xenstore-read $rec/sha256)" = "$(sha256sum "$D/web.yaml" | cut -d' ' -f1)" ] &&
    pass "record: sha256 of web.yaml" || fail "record sha256 $(xenstore-read $rec/sha256 2>&1)"
[ "$(xenstore-read $rec/managed-by)" = xyl ] && pass "record: managed-by xyl" || fail "no managed-by in $rec"
perms=$(xenstore-ls -p /local/domain/0/xyl/guests 2>/dev/null | grep -m1 "$uuid")
case "$perms" in *"(n0)"*) pass "record is n0: $perms" ;; *) fail "record permissions: $perms" ;; esac

# ---- idempotent
expect_rc 0 xyl plan "$D"
out_has "No changes"
expect_rc 0 xyl apply "$D"
out_has "No changes"
must xyl plan --json "$D"
out_has '"action": "unchanged"'

# ---- memory edit: in place
web_id=$(xyl_domid ap-web)
guest db 128M > "$D/db.yaml"
expect_rc 2 xyl plan "$D"
out_has "~ update ap-db (memory 160→128 MiB)"
out_has "= unchanged ap-web"
expect_rc 0 xyl apply "$D"
out_has "ap-db updated in place"
[ "$(xenstore-read "/local/domain/$(xyl_domid ap-db)/memory/target")" = 131072 ] &&
    pass "xenstore memory/target = 131072" || fail "ap-db memory/target is not 131072 KiB"
i=0
while m=$(xyl list ap-db | awk 'NR == 2 {print $3}'); [ "$m" -gt 130 ] && [ $i -lt 40 ]; do sleep 1; i=$((i + 1)); done
must xyl list
[ "$m" -le 130 ] && pass "xyl list: ap-db Mem $m" || fail "xyl list shows ap-db Mem $m after apply (want 128)"
expect_rc 0 xyl plan "$D"

# ---- a guest moved by xyl migrate or by xyl save + restore is still as
# its definition says (memory 128 MiB under maxmem 192 MiB: libxl's
# memory/target and static-max come through): nothing to do afterwards
db_id=$(xyl_domid ap-db)
must xyl migrate ap-db localhost
[ "$(xyl_domid ap-db)" != "$db_id" ] && pass "ap-db migrated (domid $db_id -> $(xyl_domid ap-db))" ||
    fail "ap-db did not move (domid $(xyl_domid ap-db))"
expect_rc 0 xyl plan "$D"
out_has "= unchanged ap-db"
must xyl save ap-db "$LAB_TMP/ap-db.save"
must xyl restore "$LAB_TMP/ap-db.save"
rm -f "$LAB_TMP/ap-db.save"
expect_rc 0 xyl plan "$D"
out_has "= unchanged ap-db"
[ "$(xenstore-read "/local/domain/$(xyl_domid ap-db)/memory/target")" = 131072 ] &&
    pass "after migrate and restore: memory/target = 131072" || fail "ap-db memory/target is not 131072 KiB"

# ---- a new file: only it is created
# (with a disk whose image apply makes: size:, a target relative to the
# images folder)
img=/var/lib/xen/images/ap-extra-data.img
rm -f $img
{ guest extra 160M; printf 'disks:\n  - { target: ap-extra-data.img, size: 8M, vdev: xvdb }\n'; } > "$D/extra.yaml"
expect_rc 2 xyl plan "$D"
out_has "+ create ap-extra"
out_has "Plan: 1 to create, 0 to update in place, 0 to recreate, 0 to destroy"
expect_rc 0 xyl apply "$D"
[ "$(grep -c ' created ' "$LAB_TMP/out")" = 1 ] && pass "one guest created" || fail "created: $(grep created "$LAB_TMP/out")"
[ "$(xyl_domid ap-web)" = "$web_id" ] && pass "ap-web kept its domain $web_id" || fail "ap-web was touched"
[ "$(stat -c %s $img 2>/dev/null)" = 8388608 ] && pass "apply made ap-extra's 8M image" || fail "no 8M image $img"

# ---- a change a running guest cannot take: a new domain
sed -i 's/^cmdline:.*/& loglevel=4/' "$D/web.yaml"
expect_rc 2 xyl plan "$D"
out_has "-/+ recreate ap-web (cmdline"
out_has "disruptive: shuts the guest down"
# disruptive: refused without a terminal and without --yes, nothing done
expect_rc 1 xyl apply "$D"
out_has "run again with --yes"
[ "$(xyl_domid ap-web)" = "$web_id" ] && pass "without --yes ap-web kept its domain" ||
    fail "ap-web was touched without --yes"
expect_rc 1 xyl apply --no-disrupt "$D"
out_has "refused by --no-disrupt"
# with --yes: shut down cleanly (not destroyed), then created anew
expect_rc 0 xyl apply --yes --stop-timeout 120 "$D"
out_has "ap-web shut down cleanly"
out_lacks "did not shut down"
out_has "ap-web recreated"
new_id=$(xyl_domid ap-web)
[ -n "$new_id" ] && [ "$new_id" != "$web_id" ] && pass "ap-web is domain $new_id now (was $web_id)" ||
    fail "ap-web: domain '$new_id' after the recreate (was $web_id)"
expect_rc 0 xyl plan "$D"

# ---- a removed file: destroyed only with --prune
rm "$D/extra.yaml"
expect_rc 0 xyl plan "$D"
out_has "keep ap-extra"
expect_rc 2 xyl plan --prune "$D"
out_has "- destroy ap-extra"
expect_rc 1 xyl apply --prune "$D"
out_has "run again with --yes"
expect_rc 0 xyl apply --prune --yes --stop-timeout 120 "$D"
out_has "ap-extra shut down cleanly"
expect_gone ap-extra

# ---- killed behind xyl's back: created again
must xl destroy ap-cache
expect_rc 2 xyl plan "$D"
out_has "+ create ap-cache"
expect_rc 0 xyl apply "$D"
running ap-cache && pass "ap-cache runs again" || fail "ap-cache was not recreated"

# ---- a guest that cannot be built fails alone, nothing left of it
{ guest bad 160M | sed 's|^kernel:.*|kernel: /var/lib/xyl/boot/no-such-kernel|'
  printf 'disks:\n  - { target: ap-bad-data.img, size: 8M, vdev: xvdb }\n'; } > "$D/bad.yaml"
expect_rc 1 xyl apply "$D"
out_has "ap-bad"
[ -z "$(dom_state ap-bad)" ] && pass "no ap-bad domain left" || fail "ap-bad left behind"
[ ! -e /var/lib/xen/images/ap-bad-data.img ] && pass "the image made for ap-bad is gone again" ||
    fail "ap-bad's new image was left behind"
rm "$D/bad.yaml"
expect_rc 0 xyl plan "$D"

# ---- one apply at a time
flock /run/xyl/apply.lock sleep 4 &
sleep 1
expect_rc 1 xyl apply "$D"
out_has "another xyl apply is running"
expect_rc 0 xyl apply --wait "$D"
wait

# ---- a guest that ignores the shutdown request (issue 14): a recreate
# waits its definition's stop_timeout (3 s), then destroys it and says so
guest deaf 160M | sed -e 's/^cmdline:.*/& xyl_noshutdown=1/' > "$D/deaf.yaml"
echo "stop_timeout: 3" >> "$D/deaf.yaml"
expect_rc 0 xyl apply "$D"
wait_marker ap-deaf 150
sed -i 's/^cmdline:.*/& loglevel=4/' "$D/deaf.yaml"
expect_rc 1 xyl apply "$D"
out_has "run again with --yes"
expect_rc 0 xyl apply --yes "$D"
out_has "ap-deaf: shutting down (domid [0-9]*, waiting up to 3 s)"
out_has "ap-deaf (domain [0-9]*) did not shut down within 3 s: destroying it"
out_has "ap-deaf recreated"
must xyl destroy ap-deaf
rm "$D/deaf.yaml"

# ---- SIGINT in the middle of an apply creating two guests: each one is
# either up and recorded or gone without a trace; nothing paused, no record
# without its domain; the next apply finishes the job
for g in s1 s2; do guest $g 160M > "$D/$g.yaml"; done
xyl apply "$D" > "$LAB_TMP/sig.out" 2>&1 &
ap=$!
sleep 3
kill -INT $ap
wait $ap
sig_rc=$?
sed 's/^/  | /' "$LAB_TMP/sig.out"
[ $sig_rc != 0 ] && grep -q "interrupt" "$LAB_TMP/sig.out" && pass "the interrupted apply says so and exits $sig_rc" ||
    lab_msg "NOTE $LAB_SCENARIO the apply ended (exit $sig_rc) before SIGINT reached it"
for g in s1 s2; do
    st=$(dom_state ap-$g)
    case $st in
        "") pass "ap-$g: not created, nothing left" ;;
        *p*) run xl list; fail "ap-$g left paused after SIGINT" ;;
        *) u=$(xenstore-read "/local/domain/$(xyl_domid ap-$g)/vm" | sed 's|^/vm/||')
           xenstore-read "/local/domain/0/xyl/guests/$u/domid" >/dev/null 2>&1 &&
               pass "ap-$g runs and is recorded" || fail "ap-$g runs without xyl's record" ;;
    esac
done
n_rec=$(xenstore-list /local/domain/0/xyl/guests 2>/dev/null | wc -l)
n_dom=$(xl list | awk 'NR > 2' | wc -l)
[ "$n_rec" -le "$n_dom" ] && pass "no record without its domain ($n_rec records, $n_dom guests)" ||
    { run xenstore-ls /local/domain/0/xyl/guests; fail "$n_rec records for $n_dom guests after SIGINT"; }
expect_rc 0 xyl apply "$D"
expect_rc 0 xyl plan "$D"
for g in s1 s2; do must xyl destroy ap-$g; rm "$D/$g.yaml"; done

# ---- xyl destroy removes the record; plan ignores stale ones
must xyl destroy ap-web
xenstore-read $rec/domid >/dev/null 2>&1 && fail "record of ap-web left after xyl destroy" || pass "record removed by xyl destroy"
for g in db cache; do must xyl destroy ap-$g; done
expect_only_dom0
