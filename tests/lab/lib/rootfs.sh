# rootfs.sh - helpers to assemble initramfs trees: busybox, ELF files with their
# shared libraries, cpio packing. Needs no root: no device nodes are created
# (the init scripts mount devtmpfs and reopen /dev/console themselves).

# Library search path for ldd: the extracted Debian packages first, then the host.
lib_path() { echo "$DEBROOT/usr/lib/x86_64-linux-gnu:$DEBROOT/lib/x86_64-linux-gnu"; }

# busybox_root DIR: a minimal tree with static busybox and all its applet links
busybox_root() {
    local r=$1 a
    mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,root,var,lib64}
    cp /bin/busybox "$r/bin/busybox"
    for a in $(/bin/busybox --list); do
        [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"
    done
    echo "root:x:0:0:root:/root:/bin/sh" > "$r/etc/passwd"
    echo "root:x:0:" > "$r/etc/group"
}

# copy_elf ROOT SRC [DST] [OTHER_ROOT]: copy SRC to ROOT/DST with every shared
# library it needs into ROOT/lib/x86_64-linux-gnu (libs already in OTHER_ROOT,
# a lower initramfs layer, are not copied again).
copy_elf() {
    local r=$1 src=$2 dst=${3:-$2} lower=${4:-/nonexistent} deps lib name
    mkdir -p "$r/$(dirname "$dst")"
    cp -L "$src" "$r/$dst"
    deps=$(LD_LIBRARY_PATH=$(lib_path) ldd "$src" 2>&1) || true
    if echo "$deps" | grep -q 'not found'; then
        echo "$deps" | grep 'not found' >&2
        die "missing shared libraries for $src (see above)"
    fi
    for lib in $(echo "$deps" | awk '/=> \//{print $3} /^[ \t]*\/lib/{print $1}'); do
        name=$(basename "$lib")
        case $lib in */ld-linux-x86-64.so.2) name=ld-linux-x86-64.so.2 ;; esac
        [ -e "$r/lib/x86_64-linux-gnu/$name" ] || [ -e "$lower/lib/x86_64-linux-gnu/$name" ] && continue
        mkdir -p "$r/lib/x86_64-linux-gnu"
        cp -L "$lib" "$r/lib/x86_64-linux-gnu/$name"
    done
    # the program interpreter path is fixed in every ELF
    if [ ! -e "$r/lib64/ld-linux-x86-64.so.2" ] && [ ! -e "$lower/lib64/ld-linux-x86-64.so.2" ]; then
        mkdir -p "$r/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$r/lib64/"
    fi
}

# is_dyn_elf FILE: true for a dynamically linked ELF executable/library
is_dyn_elf() { [[ $(file -L "$1") == *ELF*dynamic* ]]; }

# mkcpio DIR OUT [gzip|none]: pack DIR as a newc archive owned by root
mkcpio() {
    local d=$1 out=$2 z=${3:-gzip}
    if [ "$z" = gzip ]; then
        (cd "$d" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$out.tmp"
    else
        (cd "$d" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$out.tmp"
    fi
    mv "$out.tmp" "$out"
}
