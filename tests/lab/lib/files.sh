# files.sh - files the scenarios sent over the serial line (dom0/lib.sh's
# lab_file: "@@FILE-DATA NAME <base64>" lines, "@@FILE-END NAME SHA256"),
# written beside the serial log as SERIAL-NAME when the checksum holds.

# extract_lab_files SERIAL
extract_lab_files() {
    local serial=$1 name want out
    for name in $(sed -n 's/.*@@FILE-END \([A-Za-z0-9._-]*\) [0-9a-f]\{64\}.*/\1/p' "$serial" | sort -u); do
        out=${serial%.log}-$name
        # the last copy only (a retried scenario sends it again)
        want=$(sed -n "s/.*@@FILE-END $name \([0-9a-f]\{64\}\).*/\1/p" "$serial" | tail -n 1)
        tr -d '\r' < "$serial" | awk -v n="$name" '
            { i = index($0, "@@FILE-DATA " n " ") }
            i { cur = cur substr($0, i + length(n) + 13) "\n"; next }
            index($0, "@@FILE-END " n " ") { done = cur; cur = "" }
            END { printf "%s", done }' | base64 -d > "$out.tmp" 2>/dev/null || true
        if [ "$(sha256sum < "$out.tmp" | cut -c1-64)" = "$want" ]; then
            mv "$out.tmp" "$out"
            log "kept $out ($(file -b "$out" | cut -c1-60))"
        else
            rm -f "$out.tmp"
            log "WARNING: $name from dom0 arrived damaged on the serial line (checksum differs); not kept"
        fi
    done
}
