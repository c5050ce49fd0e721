# metrics.sh - the host's half of scenario 92-metrics: dom0 has no promtool
# (a 46 MB Go binary), so the scenario sends xyl-exporter's scrape as the
# lab file metrics.prom (lab_file: base64 lines with a sha256, see
# lib/files.sh) and the host hands it to promtool check metrics
# (tests/tools/promtool).
. "$LAB_DIR/lib/files.sh"

# metrics_check SERIAL: 0 when the scenario sent no scrape (it did not get
# that far: its own FAIL says why) or promtool finds it clean; one PASS or
# FAIL line when it sent one
metrics_check() {
    local serial=$1 f=${1%.log}-metrics.prom
    grep -q "@@FILE-END metrics.prom " "$serial" || return 0
    # (a run script older than lib/files.sh did not extract it)
    [ -f "$f" ] || extract_lab_files "$serial"
    if [ ! -f "$f" ]; then
        echo "FAIL metrics: dom0's xyl-exporter scrape arrived damaged on the serial line"
        return 1
    fi
    local out
    if out=$("$LAB_DIR/../tools/promtool" check metrics < "$f" 2>&1); then
        echo "PASS metrics: promtool check metrics: clean ($(grep -c '^# TYPE' "$f") families, $(grep -vc '^#' "$f") samples from dom0's xyl-exporter; $f)"
        return 0
    fi
    echo "FAIL metrics: promtool check metrics on dom0's xyl-exporter scrape ($f):"
    echo "$out" | sed 's/^/    | /'
    return 1
}
