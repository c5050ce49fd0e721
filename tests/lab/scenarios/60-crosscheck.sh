# For every example definition F (configs/**/*.yaml): xl fed with
# `xyl export-xl F` and `xyl -N create F` must build identical
# libxl_domain_config JSON. Without uuid= in the export, xl puts a new random
# c_info.uuid in every run, so that one line is left out of the comparison.
# lab: timeout=300
n=0
for f in $(find /etc/xyl/configs -name '*.yaml' | sort); do
    rel=${f#/etc/xyl/configs/}
    b=$LAB_TMP/$(echo "$rel" | tr / _)
    n=$((n + 1))
    if ! xyl export-xl "$f" > "$b.cfg" 2> "$b.err"; then
        fail_soft "$rel: xyl export-xl failed: $(tail -3 "$b.err" | tr '\n' ' ')"; continue
    fi
    if ! xl -N create "$b.cfg" > "$b.xl.json" 2> "$b.xl.err"; then
        fail_soft "$rel: xl -N create (exported cfg) failed: $(tail -3 "$b.xl.err" | tr '\n' ' ')"
        sed 's/^/  cfg| /' "$b.cfg"; continue
    fi
    if ! xyl -N create "$f" > "$b.xyl.json" 2> "$b.xyl.err"; then
        fail_soft "$rel: xyl -N create failed: $(tail -3 "$b.xyl.err" | tr '\n' ' ')"; continue
    fi
    how="identical JSON"
    if ! grep -Eq '^[[:space:]]*uuid[[:space:]]*=' "$b.cfg"; then
        for j in xl xyl; do grep -v '^ *"uuid": ' "$b.$j.json" > "$b.$j.tmp"; mv "$b.$j.tmp" "$b.$j.json"; done
        how="identical JSON but the random uuid"
    fi
    if diff -u "$b.xl.json" "$b.xyl.json" > "$b.diff"; then
        pass "$rel: $how ($(wc -c < "$b.xyl.json") bytes)"
    else
        fail_soft "$rel: xl and xyl JSON differ"
        echo "--- exported xl.cfg:"; sed 's/^/  cfg| /' "$b.cfg"
        echo "--- diff (xl, xyl):"; sed 's/^/  | /' "$b.diff"
    fi
done
[ $n -gt 0 ] || fail "no *.yaml under /etc/xyl/configs"
[ "${LAB_FAILED:-0}" = 0 ] || fail "$LAB_FAILED of $n definitions failed the cross-check"
pass "$n definitions cross-checked"
