# common.sh - paths, knobs and small helpers shared by the host-side lab scripts.
# Sourced by tests/lab/run and tests/lab/demo (bash, set -euo pipefail).

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$LAB_DIR/../.." && pwd)

# Knobs (environment):
CACHE=${XYL_LAB_CACHE:-$LAB_DIR/.cache}         # .debs, extracted roots, built images
OUT=${XYL_LAB_OUT:-$LAB_DIR/out}                 # serial logs
# XYL_LAB_MACHINE=NAME: a named lab machine of its own, which can run beside
# the default one (make lab-hostile's two-CPU machine, experiments): its
# dom0 payload and initramfs under $CACHE/machines/NAME, its serial logs
# and QEMU pid file under $OUT/NAME, its own lock.  The
# cached layers they share are built under one build lock (build_lab).
MACHINE=${XYL_LAB_MACHINE:-}
case $MACHINE in
    "") RUN_DIR=$CACHE ;;
    *[!a-z0-9-]*) echo "[lab] ERROR: XYL_LAB_MACHINE must be [a-z0-9-], not '$MACHINE'" >&2; exit 1 ;;
    *)  RUN_DIR=$CACHE/machines/$MACHINE; OUT=$OUT/$MACHINE ;;
esac
XYL_BUILD=${XYL_LAB_BUILD:-$REPO_ROOT/build}     # where xyl's binaries are
QEMU_MEM=${XYL_LAB_QEMU_MEM:-3072}               # MiB of RAM for the L1 (Xen) machine
DOM0_MEM=${XYL_LAB_DOM0_MEM:-1024}               # MiB for dom0
# One emulated CPU (issue 20): with two, QEMU 7.2's TCG nested SVM left PVH
# and HVM guests triple-faulting in ~7% of boots (and most PVH boots under
# network load); with one, 75 of 75 PVH boots and every lab run since were
# clean (tests/lab/README.md, "Triple faults under nested SVM").
QEMU_SMP=${XYL_LAB_SMP:-1}
# TCG only (KVM here cannot run Xen). svm+npt: HAP for PVH/HVM (Debian's Xen
# has no shadow paging); rdrand: seeds dom0's CRNG, else libuuid stalls creates.
QEMU_CPU=${XYL_LAB_CPU:-qemu64,+svm,+npt,+rdrand}
QEMU_ACCEL=${XYL_LAB_ACCEL:-tcg,thread=multi}
# The QEMU that boots the lab: XYL_LAB_QEMU unset or "patched", the lab's
# own build of Debian's QEMU 7.2 with tests/lab/qemu/patches/ (issue 20:
# Debian's binary loses interrupt requests under nested SVM, and a one-CPU
# machine then sleeps for good); "debian", Debian's packaged binary; or a
# path.  Set by lab_qemu (host-deps.sh) once the host's packages are there.
QEMU_BIN=qemu-system-x86_64
IDLE_TIMEOUT=${XYL_LAB_IDLE_TIMEOUT:-240}        # kill QEMU after this long without serial output
XENV=4.17

mkdir -p "$CACHE" "$OUT" "$RUN_DIR/work" || { echo "[lab] ERROR: cannot create $CACHE or $OUT" >&2; exit 1; }

# $EPOCHREALTIME in ms; bash >= 5
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
LAB_T0=$(now_ms)

log() { echo "[lab] $*" >&2; }
die() { echo "[lab] ERROR: $*" >&2; exit 1; }

# secs_since MS -> "12.3"
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%d' $((d / 1000)) $((d % 1000 / 100)); }

# Stamps: a build step is skipped when the key of its inputs is unchanged.
stamp_ok()  { [ -f "$CACHE/stamps/$1" ] && [ "$(cat "$CACHE/stamps/$1")" = "$2" ]; }
stamp_set() { mkdir -p "$CACHE/stamps"; echo "$2" > "$CACHE/stamps/$1"; }
# key_of FILE... -> one hash over the files' contents (missing files count as empty)
key_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-32; }

# lab_lock: one run at a time per lab machine (runs of one machine share its
# payload and logs; the default machine's lock also keeps hand runs apart,
# as QEMU/TCG wants the cores): wait for it, at most XYL_LAB_LOCK_WAIT s.
# A caller that already holds it (`flock /tmp/xyl-lab.lock tests/lab/run`)
# passes its descriptor down: then there is nothing to take.
lab_lock() {
    local lock=${XYL_LAB_LOCK:-/tmp/xyl-lab${MACHINE:+-$MACHINE}.lock} fd
    for fd in /proc/$$/fd/*; do
        [ "$(readlink "$fd" 2>/dev/null)" = "$lock" ] && return 0
    done
    if ! exec 9>>"$lock"; then
        log "WARNING: cannot open $lock: running without the one-lab-at-a-time lock"
        return 0
    fi
    flock -n 9 && return 0
    log "another lab run holds $lock: waiting for it (at most ${XYL_LAB_LOCK_WAIT:-3600} s)"
    flock -w "${XYL_LAB_LOCK_WAIT:-3600}" 9 || die "gave up waiting for $lock"
}
