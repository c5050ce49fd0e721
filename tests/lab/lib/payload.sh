# payload.sh - the per-run top layer of dom0's initramfs: dom0/init, the lab
# helpers, the scenarios and their plan, the repo's configs/ and xyl's binaries
# (build/xyl and build/xyl-*, with the shared libraries they need).

DOM0_INITRD=$RUN_DIR/dom0-initrd.img
LAB_PLAN=$RUN_DIR/work/payload/lab/plan   # what dom0 runs (write_plan)

# scenario_name FILE: 20-pv.sh -> pv (its file in dom0: /lab/scenarios/pv.sh)
scenario_name() { basename "$1" .sh | sed 's/^[0-9]*-//'; }
# scenario_opt FILE KEY DEFAULT [TYPE]: value from the header line
# "# lab: retry=1 timeout=600" (or, with TYPE, "# lab TYPE: retry=1 ...")
scenario_opt() {
    local v
    v=$(sed -n "s/^# lab${4:+ $4}:.*[[:space:]]$2=\([0-9][0-9]*\).*/\1/p" "$1" | head -n 1)
    echo "${v:-$3}"
}
# scenario_types FILE: the guest types of "# lab pv: ..." / "# lab pvh: ..."
# header lines. A scenario written once for several guest types runs once per
# type, as NAME-TYPE with $LAB_TYPE set, each with its own retry and timeout.
scenario_types() { sed -n 's/^# lab \([a-z][a-z0-9]*\):.*/\1/p' "$1"; }

# scenario_runs FILE: its plan lines "NAME RETRY TIMEOUT SCRIPT [TYPE]", one
# per guest type it declares, or one without a type
scenario_runs() {
    local f=$1 n t types
    n=$(scenario_name "$f")
    types=$(scenario_types "$f")
    if [ -z "$types" ]; then
        echo "$n $(scenario_opt "$f" retry 0) $(scenario_opt "$f" timeout 180) $n"
        return
    fi
    for t in $types; do
        echo "$n-$t $(scenario_opt "$f" retry 0 "$t") $(scenario_opt "$f" timeout 180 "$t") $n $t"
    done
}

# write_plan OUT FILE...: the plan lines of the scenarios, in the given order
write_plan() {
    local out=$1 f; shift
    : > "$out"
    for f in "$@"; do scenario_runs "$f" >> "$out"; done
}

copy_xyl_binaries() {
    local r=$1 f n=0
    for f in "$XYL_BUILD"/xyl "$XYL_BUILD"/xyl-*; do
        [ -f "$f" ] && [ -x "$f" ] || continue
        if is_dyn_elf "$f"; then copy_elf "$r" "$f" "/usr/sbin/$(basename "$f")" "$DOM0_BASE_ROOT"
        else install -D -m 755 "$f" "$r/usr/sbin/$(basename "$f")"; fi
        n=$((n + 1))
        echo "xyl binary: /usr/sbin/$(basename "$f") sha256=$(sha256sum < "$f" | cut -c1-16)" >> "$r/lab/info"
    done
    [ $n -gt 0 ] || warn_no_xyl "$r"
}

# copy_xyl_deb ROOT: the package `make deb` built, and the real dpkg to
# install it with (scenario 98-deb-install); busybox's dpkg cannot read it
copy_xyl_deb() {
    local r=$1 deb f
    # (a glob, not ls: under pipefail a missing .deb must not end the lab)
    deb=
    for f in "$XYL_BUILD"/deb/xyl_*_amd64.deb; do [ -f "$f" ] && deb=$f && break; done
    if [ -z "$deb" ]; then
        echo "xyl deb: MISSING (no $XYL_BUILD/deb/xyl_*_amd64.deb: make deb)" >> "$r/lab/info"
        return 0
    fi
    install -m 644 "$deb" "$r/lab/xyl.deb"
    for f in /usr/bin/dpkg /usr/bin/dpkg-deb /usr/bin/dpkg-split /usr/bin/dpkg-query; do
        copy_elf "$r" "$f" "$f" "$DOM0_BASE_ROOT"
    done
    # dpkg-deb runs GNU tar's options: busybox's tar stays first on PATH for
    # everything else, the scenario puts /lab/gnu first for dpkg alone
    copy_elf "$r" "$(command -v tar)" /lab/gnu/tar "$DOM0_BASE_ROOT"
    install -D -m 755 /sbin/ldconfig "$r/sbin/ldconfig"
    echo "xyl deb: /lab/xyl.deb from $(basename "$deb") sha256=$(sha256sum < "$deb" | cut -c1-16)" >> "$r/lab/info"
}

warn_no_xyl() {
    log "############################################################"
    log "### WARNING: no $XYL_BUILD/xyl - build xyl first (make).   "
    log "### dom0 gets no xyl: the xyl scenarios will FAIL.         "
    log "############################################################"
    echo "xyl binary: MISSING (no $XYL_BUILD/xyl on the host)" >> "$1/lab/info"
}

# build_dom0_initrd SCENARIO_FILE...: payload layer + concatenation of all layers
build_dom0_initrd() {
    local r=$RUN_DIR/work/payload f
    rm -rf "$r"; mkdir -p "$r/lab/scenarios" "$r/etc/xyl"
    install -m 755 "$LAB_DIR/dom0/init" "$r/init"
    install -m 755 "$LAB_DIR/dom0/run-scenarios" "$r/lab/run-scenarios"
    install -m 644 "$LAB_DIR/dom0/lib.sh" "$r/lab/lib.sh"
    install -m 644 "$LAB_DIR/dom0/real.sh" "$r/lab/real.sh"
    for f in "$@"; do
        install -m 644 "$f" "$r/lab/scenarios/$(scenario_name "$f").sh"
    done
    write_plan "$r/lab/plan" "$@"
    echo "lab: repo $(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo '?')" > "$r/lab/info"
    [ -d "$REPO_ROOT/configs" ] && cp -a "$REPO_ROOT/configs" "$r/etc/xyl/configs"
    # XYL_LAB_HOTPLUG=xyl: dom0's /etc/xyl/xyl.yaml says `hotplug: xyl`, so
    # every scenario's kernel-netback NICs are plugged by xyl-vif-bridge
    # (issue 18: the evidence wanted before it becomes the default)
    case ${XYL_LAB_HOTPLUG:-} in
        "") ;;
        scripts|xyl) printf 'hotplug: %s\n' "$XYL_LAB_HOTPLUG" > "$r/etc/xyl/xyl.yaml"
                     echo "lab: hotplug: $XYL_LAB_HOTPLUG (XYL_LAB_HOTPLUG)" >> "$r/lab/info" ;;
        *) die "XYL_LAB_HOTPLUG must be scripts or xyl, not '$XYL_LAB_HOTPLUG'" ;;
    esac
    copy_xyl_binaries "$r"
    copy_xyl_deb "$r"
    # XYL_LAB_STRACE=1: the host's strace in dom0, for a bench's syscall
    # counts (97-blkbench: where xyl-blkback's time goes)
    if [ "${XYL_LAB_STRACE:-0}" = 1 ]; then
        command -v strace > /dev/null || die "XYL_LAB_STRACE=1: no strace on the host (apt-get install strace)"
        copy_elf "$r" "$(command -v strace)" /usr/bin/strace "$DOM0_BASE_ROOT"
        echo "lab: strace (XYL_LAB_STRACE)" >> "$r/lab/info"
    fi
    # a guest "kernel" that triple-faults at once (scenario 31-triple-fault)
    as --64 -o "$RUN_DIR/work/triple-fault.o" "$LAB_DIR/guest/triple-fault.S" &&
        ld -m elf_x86_64 -Ttext=0x100000 -z max-page-size=0x1000 -e _start \
            -o "$r/lab/triple-fault.elf" "$RUN_DIR/work/triple-fault.o" ||
        die "cannot assemble tests/lab/guest/triple-fault.S (binutils)"
    mkcpio "$r" "$RUN_DIR/dom0-payload.cpio.gz" gzip
    # the installer CD only for runs that ask for it (iso=1: 15 MB more).
    # Its archive is not compressed, so it goes right after the other one
    # that is not: the kernel finds an uncompressed archive only at a 4-byte
    # boundary, which the end of a gzip stream seldom is ("invalid magic").
    local layers=("$DOM0_GUEST_LAYER")
    for f in "$@"; do
        if [ "$(scenario_opt "$f" iso 0)" = 1 ]; then
            build_installer_layer
            layers+=("$DOM0_INSTALLER_LAYER")
            break
        fi
    done
    cat "${layers[@]}" "$DOM0_BASE_LAYER" "$RUN_DIR/dom0-payload.cpio.gz" > "$DOM0_INITRD"
}
