# report.sh - turn the serial log into one line per scenario and the closing
# "N passed, N failed" line. Markers (see dom0/lib.sh, dom0/run-scenarios):
#   @@LAB BEGIN name attempt=n/m ...   @@LAB END name PASS|FAIL attempt=n/m [rc=] dt=
#   @@LAB TIME name key=secs           @@LAB FAIL name why       @@LAB RETRY name ...

# report PLAN LOG: prints the summary; returns 0 only if every scenario passed
report() {
    local plan=$1 serial=$2
    awk -v plan="$(awk '{print $1}' "$plan" | tr '\n' ' ')" -v tailn="${XYL_LAB_TAIL:-25}" '
    function lab(s) { i = index(s, "@@LAB "); return i ? substr(s, i + 6) : "" }
    { all[NR] = $0 }
    /@@HOST / { hostmsg = substr($0, index($0, "@@HOST ") + 7) }
    {
        m = lab($0); if (m == "") { if (cur != "") sec[cur, att[cur], ++nl[cur, att[cur]]] = $0; next }
        nw = split(m, w, " "); kind = w[1]; name = w[2]
        if (kind == "BEGIN") { cur = name; att[name]++; nl[name, att[name]] = 0 }
        if (cur != "") sec[cur, att[cur], ++nl[cur, att[cur]]] = $0
        if (kind == "FATAL") fatal = m
        if (kind == "NOTE") notes[name, att[name]] = notes[name, att[name]] " [NOTE: " substr(m, length(name) + 7) "]"
        if (kind == "FAIL" && !((name, att[name]) in why)) why[name, att[name]] = substr(m, length(name) + 7)
        if (kind == "TIME") {
            split(w[3], kv, "="); k = kv[1]
            if (!((name, att[name], k) in tv)) keys[name, att[name]] = keys[name, att[name]] " " k
            tv[name, att[name], k] = kv[2]
        }
        if (kind == "END") {
            res[name, att[name]] = w[3]; ended[name] = att[name]; cur = ""
            for (j = 4; j <= nw; j++) {
                if (w[j] ~ /^dt=/) dt[name, att[name]] = substr(w[j], 4)
                if (w[j] ~ /^rc=/) rc[name, att[name]] = substr(w[j], 4)
            }
        }
    }
    function timings(n, a,   s, ks, c, i) {
        c = split(keys[n, a], ks, " "); s = ""
        for (i = 1; i <= c; i++) s = s (s == "" ? "" : ", ") ks[i] " " tv[n, a, ks[i]] " s"
        if (s == "") s = dt[n, a] != "" ? "total " dt[n, a] " s" : "unfinished"
        return s
    }
    function logtail(n, a,   i, from) {
        shown = 1
        if (a == 0) { from = NR - tailn + 1; for (i = (from < 1 ? 1 : from); i <= NR; i++) print "    | " all[i]; return }
        from = nl[n, a] - tailn + 1
        for (i = (from < 1 ? 1 : from); i <= nl[n, a]; i++) print "    | " sec[n, a, i]
    }
    END {
        c = split(plan, names, " ")
        for (k = 1; k <= c; k++) {
            n = names[k]; a = ended[n]; note = ""
            for (i = 1; i < att[n]; i++)
                note = note sprintf(" [RETRIED: attempt %d failed: %s]", i, (n, i) in why ? why[n, i] : "see log")
            if (a && res[n, a] == "PASS") {
                passed++; printf "PASS %s (%s)%s%s\n", n, timings(n, a), note, notes[n, a]; continue
            }
            failed++
            if (!att[n]) { printf "FAIL %s: not run%s\n", n, fatal != "" ? " (" fatal ")" : " (the lab died before it; log tail:)"; if (!shown) logtail(n, 0); continue }
            a = att[n]
            r = (n, a) in why ? why[n, a] : (a == ended[n] ? "scenario exited with status " rc[n, a] " (no FAIL line)" : "did not finish: " (hostmsg != "" ? hostmsg : "the lab died (see the log tail)"))
            printf "FAIL %s: %s (%s)%s%s\n", n, r, timings(n, a), note, notes[n, a]
            logtail(n, a)
        }
        printf "%d passed, %d failed\n", passed, failed
        exit failed > 0
    }' "$serial"
}
