# A minimal guest of each type (configs/pv.yaml, configs/pvh.yaml): xyl
# creates it, it boots to its marker, xyl list shows it while it runs (and
# list -l its stored libxl configuration), xyl destroy removes it. PV
# also: a name with spaces (issue 13) is created (paused: no second boot),
# found by that name, and destroyed by it. A boot that dies (a triple
# fault included, issue 20) fails it: no retry.
# lab pv: timeout=240
# lab pvh: timeout=240
lab_types pv pvh
cfg=/etc/xyl/configs/$LAB_TYPE.yaml
name=$(cfg_name $cfg)

xyl_create $cfg
wait_marker "$name" 150
expect_marker guest_type=$TYPE_MARK
expect_marker tag=$LAB_TYPE
expect_listed "$name"
must xyl list -l "$name"
grep -q '"c_info"' "$LAB_TMP/out" && grep -q "\"name\": \"$name\"" "$LAB_TMP/out" \
    && pass "xyl list -l shows the stored libxl configuration" || fail "xyl list -l: $(head -3 "$LAB_TMP/out")"
must xyl destroy "$name"
expect_gone "$name"

if [ "$LAB_TYPE" = pv ]; then
    spaced="pv web server"
    sed -e "s/^name:.*/name: \"$spaced\"/" $cfg > "$LAB_TMP/spaced.yaml"
    must xyl create -p "$LAB_TMP/spaced.yaml"
    must xyl domid "$spaced"
    id=$(cat "$LAB_TMP/out")
    [ "$(xenstore-read "/local/domain/$id/name")" = "$spaced" ] &&
        pass "'$spaced' is domain $id, so named in xenstore" || fail "domain $id is not named '$spaced'"
    must xl list "$spaced"
    must xyl destroy "$spaced"
    [ -z "$(xl list 2>/dev/null | grep "^$spaced ")" ] && pass "'$spaced' destroyed by its name" ||
        fail "'$spaced' still listed by xl"
fi
expect_only_dom0
