# A minimal PV guest (configs/pv.yaml): xyl creates it, it boots to its marker,
# xyl list shows it while it runs, xyl destroy removes it.
# lab: timeout=180
cfg=/etc/xyl/configs/pv.yaml
name=$(cfg_name $cfg)

xyl_create $cfg
wait_marker "$name" 120
expect_marker guest_type=PV
expect_marker tag=pv
expect_listed "$name"
must xyl list -l "$name"
grep -q '"c_info"' "$LAB_TMP/out" && grep -q "\"name\": \"$name\"" "$LAB_TMP/out" \
    && pass "xyl list -l shows the stored libxl configuration" || fail "xyl list -l: $(head -3 "$LAB_TMP/out")"
must xyl destroy "$name"
expect_gone "$name"
expect_only_dom0
