# host-deps.sh - make sure the host has what the lab needs (installs with apt-get
# when root); decides whether the lab must be SKIPPED (no QEMU and no way to get it).

# command -> Debian package that provides it
LAB_HOST_TOOLS="qemu-system-x86_64:qemu-system-x86 cpio:cpio depmod:kmod file:file
  xz:xz-utils flock:util-linux gzip:gzip timeout:coreutils apt-get:apt dpkg:dpkg
  sha256sum:coreutils bash:bash"
# libraries that dom0's programs copied from the host's side take from it: the
# qemu-xen device model (spice, usb) and xentop (ncurses; a minbase root lacks it)
LAB_HOST_PKGS="libspice-server1 libusb-1.0-0 libncurses6"

# lab_skip REASON: the one case where the lab exits 0 without running.
lab_skip() {
    {
        echo
        echo "################################################################################"
        echo "###                                                                          ###"
        echo "###   XEN LAB SKIPPED - NOTHING WAS TESTED                                   ###"
        echo "###                                                                          ###"
        echo "################################################################################"
        echo "###   reason: $1"
        echo "###   The real-Xen lab needs qemu-system-x86_64 (Debian: qemu-system-x86)."
        echo "###   Install it (as root: apt-get install qemu-system-x86) and run it again."
        echo "################################################################################"
        echo
    } >&2
    echo "LAB SKIPPED: $1"
    exit 0
}

apt_install() {
    log "installing host packages: $*"
    if [ ! -f "$CACHE/.apt-updated" ]; then
        apt-get update -qq >&2 || true
        touch "$CACHE/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_host_deps() {
    local spec cmd pkg missing=()
    for spec in $LAB_HOST_TOOLS; do
        cmd=${spec%%:*}; pkg=${spec#*:}
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    # busybox must be the static one: it is copied into dom0 and the guest
    [[ -x /bin/busybox && $(file -L /bin/busybox) == *statically* ]] ||
        missing+=(busybox-static)
    for pkg in $LAB_HOST_PKGS; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && apt_install $(printf '%s\n' "${missing[@]}" | sort -u); then
        :
    elif ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
        lab_skip "qemu-system-x86_64 is missing and could not be installed (uid $(id -u); missing: ${missing[*]})"
    else
        die "missing host packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})"
    fi
    command -v qemu-system-x86_64 >/dev/null 2>&1 ||
        lab_skip "qemu-system-x86_64 is still missing after apt-get install"
}

# lab_qemu: QEMU_BIN, the QEMU the lab boots (XYL_LAB_QEMU, see common.sh).
# The patched one is built on first use (about 10 minutes, then cached).
# When it cannot be built (not root, without its build packages), Debian's
# binary runs, with a warning: it can hang a one-CPU lab machine.
lab_qemu() {
    case ${XYL_LAB_QEMU:-patched} in
        debian) QEMU_BIN=qemu-system-x86_64 ;;
        patched)
            if ! QEMU_BIN=$("$LAB_DIR/qemu/build"); then
                QEMU_BIN=qemu-system-x86_64
                log "###  WARNING: the lab's patched QEMU could not be built (above); booting Debian's"
                log "###  qemu-system-x86_64, which loses interrupt requests under nested SVM and can"
                log "###  leave the emulated machine asleep for good (tests/lab/README.md, issue 20)."
            fi ;;
        *)  [ -x "$XYL_LAB_QEMU" ] || command -v "$XYL_LAB_QEMU" >/dev/null ||
                die "XYL_LAB_QEMU=$XYL_LAB_QEMU: no such program"
            QEMU_BIN=$XYL_LAB_QEMU ;;
    esac
    log "QEMU: $QEMU_BIN ($("$QEMU_BIN" --version | head -n 1))"
}
