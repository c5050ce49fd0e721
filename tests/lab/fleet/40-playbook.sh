# The collection's playbook across the two hosts (make lab-fleet, issue 17):
# this machine runs tests/lab/fleet/playbook.yml from a Git checkout with
# ansible-playbook over ssh into both dom0s (Debian's python3 in their fleet
# layer): hosts/fleet-a/ (fa-app, fa-web) to fleet-a, hosts/fleet-b/ (fb-db)
# to fleet-b.  Run 1 changes both hosts and creates their guests; run 2
# changes nothing; then fa-web's file moves to hosts/fleet-b (a commit) and
# run 3 migrates it there: it arrives without booting again (no marker of a
# new boot on fleet-b), fa-app stays as it was, and xyl plan has nothing
# left to do on either host (then a balloon change by hand on fleet-b is
# planned as an in-place memory update, which xyl apply makes); this
# machine scrapes both dom0s' xyl-exporter
# (promtool clean; fa-web's samples now come from fleet-b).  fleet-a asks this machine for the playbook (an
# "@@LAB STEP playbook" line on the serial console, tests/lab/fleet/run),
# then checks the recaps and each host's guests.
# lab: timeout=1200
. /lab/fleet.sh
fleet_begin

# host_step NAME SECS: ask this machine to run its step NAME; its output in
# $LAB_TMP/NAME.out, its exit status in STEP_RC
host_step() {
    local i=0
    rm -f $FLEET_STATE/$1.done
    lab_msg "STEP $1"
    while [ ! -f $FLEET_STATE/$1.done ]; do
        [ $i -lt "$2" ] || fail "the host did not run its step $1 within $2 s"
        sleep 2; i=$((i + 2))
        [ $((i % 60)) = 0 ] && say "waiting for the host's step $1 ($i s): $(xl list | awk 'NR > 2 {printf "%s ", $1}')"
    done
    STEP_RC=$(cat $FLEET_STATE/$1.rc 2>/dev/null)
    cp $FLEET_STATE/$1.out "$LAB_TMP/$1.out"
    sed 's/^/  | /' "$LAB_TMP/$1.out"
}
# recap RUN HOST KEY: KEY's count in HOST's PLAY RECAP line of run RUN
recap() { sed -n "s/^$2 *: .* $3=\([0-9]*\).*/\1/p" "$LAB_TMP/playbook-$1.out" | tail -n 1; }
expect_recap() { # expect_recap RUN HOST KEY=N
    local k=${3%=*} want=${3#*=} got
    got=$(recap "$1" "$2" "$k")
    [ "$got" = "$want" ] && pass "playbook run $1: $2 $k=$got" || fail "playbook run $1: $2 $k=${got:-?}, want $want"
}
# console_marker LOG: the first boot marker in a console log on fleet-b
peer_marker() { ssh $FLEET_PEER "cat $CONSOLE_LOGS/$1 2>/dev/null" | tr '\r' '\n' | grep -a -c '@@GUEST-MARKER'; }

host_step playbook 1080
for run in 1 2 3; do
    sed -n "/^==== playbook run $run /,/^==== end $run /p" "$LAB_TMP/playbook.out" > "$LAB_TMP/playbook-$run.out"
    t=$(sed -n "s/^==== end $run rc=[0-9]* secs=\([0-9.]*\).*/\1/p" "$LAB_TMP/playbook.out")
    [ -n "$t" ] && timing playbook_$run "$t"
done
[ "$STEP_RC" = 0 ] || fail "the host's playbook step failed (exit ${STEP_RC:-?}): $(grep '^==== end' "$LAB_TMP/playbook.out" | tr '\n' ' ')"
for run in 1 2 3; do
    for h in fleet-a fleet-b; do
        expect_recap $run $h failed=0
        expect_recap $run $h unreachable=0
    done
done
expect_recap 1 fleet-a changed=1
expect_recap 1 fleet-b changed=1
expect_recap 2 fleet-a changed=0
expect_recap 2 fleet-b changed=0
pass "the second run changed nothing on either host"
grep -q "fleet-b: \[.fb-db.\]" "$LAB_TMP/playbook-2.out" && grep -q "fleet-a: \[.fa-app., .fa-web.\]" "$LAB_TMP/playbook-2.out" &&
    pass "xyl_facts after run 2: fleet-a runs fa-app and fa-web, fleet-b runs fb-db" ||
    fail "xyl_facts after run 2 did not list each host's guests"

# ---- run 3: fa-web's file moved to hosts/fleet-b
grep -q "Migrate it from the host that runs it" "$LAB_TMP/playbook-3.out" &&
    grep -q "changed: \[fleet-b -> fleet-a[^]]*\] => (item=\[.fleet-a., .fa-web.\])" "$LAB_TMP/playbook-3.out" &&
    pass "run 3 migrated fa-web, on fleet-a, to fleet-b" || fail "run 3 did not migrate fa-web from fleet-a"
grep -q "fleet-b: \[.fa-web., .fb-db.\]" "$LAB_TMP/playbook-3.out" && grep -q "fleet-a: \[.fa-app.\]" "$LAB_TMP/playbook-3.out" &&
    pass "xyl_facts after run 3: fleet-a runs fa-app, fleet-b runs fa-web and fb-db" ||
    fail "xyl_facts after run 3 did not list fa-web on fleet-b only"
expect_listed fa-app
[ -z "$(xyl_domid fa-web)" ] && pass "fa-web left fleet-a" || fail "fa-web still runs on fleet-a"
[ -n "$(fleet_peer_domid fa-web)" ] && pass "xyl list on fleet-b shows fa-web" || fail "fa-web is not on fleet-b"
# ---- the migrated guest is as its definition says: nothing left to do
# (before fleet_alive: its liveness check balloons the guest with `xl
# mem-set` to 90 MiB, a real change of the guest's memory target that plan
# must report; run 2 of 2026-12-06 planned after it and took that for a
# fault of the migration)
run xyl plan /etc/xyl/guests
[ $RC = 0 ] && pass "xyl plan on fleet-a: nothing to do" || fail "xyl plan on fleet-a exited $RC"
fleet_ssh xyl plan /etc/xyl/guests
[ $RC = 0 ] && pass "xyl plan on fleet-b: nothing to do after the migration" ||
    fail "xyl plan on fleet-b exited $RC after the migration: $(grep -m1 'fa-web' "$LAB_TMP/out")"
fleet_alive peer fa-web 90 "its migration by the playbook"
[ "$(peer_marker guest-fa-web.log)" = 0 ] && [ "$(peer_marker guest-fa-web--incoming.log)" = 0 ] &&
    ssh $FLEET_PEER test -s $CONSOLE_LOGS/guest-fa-web--incoming.log &&
    pass "fa-web came to fleet-b by migration and did not boot there (no new boot marker)" ||
    fail "fa-web booted on fleet-b: it was recreated, not migrated"
# ---- this machine scraped both exporters after run 3 (promtool on the host)
for h in a b; do
    line=$(grep "^==== metrics fleet-$h " "$LAB_TMP/playbook.out")
    case "$line " in *" promtool=clean "*) pass "xyl-exporter of fleet-$h scraped from the host, promtool clean: ${line#==== metrics }" ;;
        *) fail "fleet-$h's exporter: ${line:-no scrape}" ;; esac
done
case $(grep "^==== metrics fleet-a " "$LAB_TMP/playbook.out") in *domains=fa-app,) pass "fleet-a's metrics name fa-app only" ;;
    *) fail "fleet-a's metrics do not name fa-app alone" ;; esac
case $(grep "^==== metrics fleet-b " "$LAB_TMP/playbook.out") in *domains=fa-web,fb-db,) pass "fleet-b's metrics name fa-web and fb-db" ;;
    *) fail "fleet-b's metrics do not name fa-web and fb-db" ;; esac
# ---- the balloon change made behind xyl's back: plan on fleet-b wants
# the definition's 96 MiB back, apply sets it in place, then nothing is left
fleet_ssh xyl plan /etc/xyl/guests
[ $RC = 2 ] && grep -q "~ update fa-web (memory 90→96 MiB)" "$LAB_TMP/out" &&
    pass "xyl plan on fleet-b sees the mem-set: $(grep -m1 'update fa-web' "$LAB_TMP/out")" ||
    fail "xyl plan on fleet-b after mem-set 90m exited $RC: $(grep -m1 'fa-web' "$LAB_TMP/out")"
fleet_must xyl apply /etc/xyl/guests
grep -q "fa-web updated in place" "$LAB_TMP/out" && pass "xyl apply on fleet-b set fa-web's memory back in place" ||
    fail "xyl apply on fleet-b did not update fa-web in place: $(tail -n 2 "$LAB_TMP/out" | tr '\n' ' ')"
fleet_ssh xyl plan /etc/xyl/guests
[ $RC = 0 ] && pass "xyl plan on fleet-b: nothing to do after the apply" || fail "xyl plan on fleet-b exited $RC after the apply"
fleet_must xyl destroy fb-db
fleet_must xyl destroy fa-web
must xyl destroy fa-app
expect_only_dom0
