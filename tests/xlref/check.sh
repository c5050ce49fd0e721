#!/usr/bin/env bash
# check.sh - prove that xl-dryrun runs Debian's real xl and that its JSON
# holds what the samples/ configs ask for.
#
# Prints one "ok"/"FAIL" line per assertion and closes with
# "N passed, N failed".  Exit 0 if all passed, 1 if any failed, 77 (skip)
# if xl-dryrun cannot fetch xl on this machine.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dry=$here/xl-dryrun
samples=$here/samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
out= err= rc=

ok()  { pass=$((pass + 1)); echo "ok   - $*"; }
bad() { fail=$((fail + 1)); echo "FAIL - $*"; }

# run NAME.cfg: runs xl-dryrun on samples/NAME.cfg; sets out, err, rc.
run() {
    local cfg=$samples/$1
    out=$tmp/$1.json err=$tmp/$1.err
    (cd "$samples" && "$dry" "$cfg") >"$out" 2>"$err"
    rc=$?
    if [ "$rc" = 77 ]; then
        cat "$err" >&2
        echo "0 passed, 0 failed, 1 skipped"
        exit 77
    fi
}

# has NAME 'literal text': stdout of the last run contains it.
has() {
    if grep -qF -- "$2" "$out"; then ok "$1: has $2"
    else bad "$1: missing $2"; fi
}

# lacks NAME 'literal text': stdout of the last run does not contain it.
lacks() {
    if grep -qF -- "$2" "$out"; then bad "$1: unexpected $2"
    else ok "$1: no $2"; fi
}

# says NAME 'literal text': stderr of the last run contains it.
says() {
    if grep -qF -- "$2" "$err"; then ok "$1: stderr has $2"
    else bad "$1: stderr lacks $2 (stderr: $(tr '\n' '|' <"$err"))"; fi
}

exit_is() {
    if [ "$rc" = "$2" ]; then ok "$1: exit $2"
    else bad "$1: exit $rc, expected $2 (stderr: $(tr '\n' '|' <"$err"))"; fi
}

# json NAME: exit 0 and stdout is one JSON document.
json() {
    exit_is "$1" 0
    if command -v python3 >/dev/null; then
        if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out" 2>/dev/null
        then ok "$1: stdout is valid JSON"
        else bad "$1: stdout is not valid JSON"; fi
    elif [ "$(head -c1 "$out")" = "{" ]; then
        ok "$1: stdout starts a JSON object"
    else
        bad "$1: stdout does not start a JSON object"
    fi
}

uuid_of() { sed -n 's/^ *"uuid": "\([0-9a-f-]*\)",\{0,1\}$/\1/p' "$1"; }

# --- PV ----------------------------------------------------------------
run pv.cfg
json pv
says pv 'Parsing config from'
has pv '"type": "pv"'
has pv '"name": "xlref-pv"'
has pv '"max_memkb": 262144'
has pv '"target_memkb": 262144'
has pv '"max_vcpus": 2'
has pv '"kernel": "/var/lib/xen/images/vmlinuz"'
has pv '"ramdisk": "/var/lib/xen/images/initrd.img"'
has pv '"cmdline": "root=/dev/xvda1 console=hvc0"'
has pv '"on_poweroff": "preserve"'
has pv '"on_crash": "coredump_destroy"'
has pv '"pdev_path": "/dev/vg0/xlref-pv"'
has pv '"bridge": "xenbr0"'
# Always set by xl from (Debian's default) xl.conf:
has pv '"run_hotplug_scripts": "True"'
has pv '"claim_mode": "True"'
pv_out=$tmp/pv.first.json
cp "$out" "$pv_out"

# No uuid= in the config: xl generates a random one on every run, and
# nothing else in the output changes.
run pv.cfg
u1=$(uuid_of "$pv_out") u2=$(uuid_of "$out")
if [[ $u1 =~ ^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$ ]] && [ "$u1" != "$u2" ]; then
    ok "pv: random uuid per run ($u1 vs $u2)"
else
    bad "pv: expected two different random uuids, got '$u1' and '$u2'"
fi
if diff <(grep -v '"uuid"' "$pv_out") <(grep -v '"uuid"' "$out") >/dev/null; then
    ok "pv: output otherwise identical across runs"
else
    bad "pv: output differs across runs beyond the uuid"
fi

# --- PVH ---------------------------------------------------------------
run pvh.cfg
json pvh
has pvh '"type": "pvh"'
has pvh '"type.pvh": {'
has pvh '"max_memkb": 1048576'
has pvh '"target_memkb": 524288'
has pvh '"max_vcpus": 4'
has pvh '"cmdline": "root=/dev/xvda ro"'
has pvh '"format": "qcow2"'

# --- HVM ---------------------------------------------------------------
run hvm.cfg
json hvm
has hvm '"type": "hvm"'
has hvm '"uuid": "6f1d1c9e-3a57-4c4e-9b59-5f0f4f7d2a10"'
has hvm '"max_memkb": 2097152'
has hvm '"target_memkb": 1048576'
has hvm '"max_vcpus": 4'
has hvm '"video_memkb": 16384'
has hvm '"acpi": "True"'
has hvm '"bios": "seabios"'
has hvm '"viridian": "False"'
has hvm '"kind": "std"'
has hvm '"listen": "0.0.0.0"'
has hvm '"display": 5'
has hvm '"serial": "pty"'
has hvm '"boot": "dc"'
has hvm '"xen_platform_pci": "True"'
has hvm '"pdev_path": "/x.img"'
has hvm '"vdev": "hda"'
has hvm '"is_cdrom": 1'
has hvm '"vdev": "hdc"'
has hvm '"model": "e1000"'
has hvm '"mac": "00:16:3e:01:02:03"'
has hvm '"nictype": "vif_ioemu"'
if [ "$(grep -c '"avail_vcpus"' "$out")" = 1 ] &&
   sed -n '/"avail_vcpus"/,/\]/p' "$out" | tr -d ' \n' | grep -qF '"avail_vcpus":[0,1]'; then
    ok "hvm: avail_vcpus is [0,1]"
else
    bad "hvm: avail_vcpus is not [0,1]"
fi

# --- invalid and lenient configs --------------------------------------
run bad-syntax.cfg
exit_is bad-syntax 1
says bad-syntax 'syntax error'
lacks bad-syntax '{'

run bad-type.cfg
exit_is bad-type 1
says bad-type 'Invalid domain type bogus.'
lacks bad-type '{'

run lenient-memory.cfg
json lenient-memory
says lenient-memory "parameter \`memory' is not a valid number"
lacks lenient-memory '"max_memkb"'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
