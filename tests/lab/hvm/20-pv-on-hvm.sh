# PV drivers inside an HVM guest (issue 15): the same HVM guest twice, with
# a disk on the emulated IDE (vdev hda) and a NIC on xenbr0, booted with the
# lab's driver initramfs (guest/drivers-init: the emulated devices' drivers
# beside blkfront and netfront; it reports what each device is bound to).
# hvm: {pv_drivers: true} (xen_platform_pci): Linux unplugs the emulated
# disk and NIC, and sees xvda through blkfront (driver vbd) and eth0 through
# netfront (vif).  pv_drivers: false: no platform device, so the emulated
# ones: sda (sd, on ata_piix) and eth0 (8139cp, QEMU's rtl8139).
# lab: iso=1 retry=1 timeout=1000
for pv in true false; do
    name=pvhvm-$pv
    serial=$CONSOLE_LOGS/guest-$name-serial.log
    cfg=$LAB_TMP/$name.yaml
    cat > "$cfg" <<YAML
name: $name
type: hvm
memory: 256M
vcpus: 1
kernel: /var/lib/xyl/boot/vmlinuz
ramdisk: /var/lib/xyl/iso/drivers-initrd.img
cmdline: console=ttyS0 nokaslr xyl_lab=$name
disks:
  - { target: $name.img, size: 16M, vdev: hda }
networks:
  - bridge: xenbr0
hvm:
  pv_drivers: $pv
  vnc: false
  vga: none
  serial: file:$serial
on_poweroff: destroy
on_reboot: destroy
on_crash: destroy
YAML
    xyl_create "$cfg"
    wait_marker $name 540
    expect_marker tag=$name
    expect_marker guest_type=HVM
    drv=$(grep -a '@@GUEST-DRIVERS' "$serial" | tail -n 1)
    echo "$drv"
    [ -n "$drv" ] || fail "no @@GUEST-DRIVERS line from $name"
    if [ $pv = true ]; then
        want_blk=blk=xvda:vbd want_net=net=eth0:vif
    else
        want_blk=blk=sda:sd want_net=net=eth0:8139
    fi
    case "$drv " in *" $want_blk "*) pass "pv_drivers: $pv: $want_blk" ;;
        *) fail "pv_drivers: $pv: want $want_blk, got: $drv" ;; esac
    case "$drv" in *" $want_net"*) pass "pv_drivers: $pv: $want_net" ;;
        *) fail "pv_drivers: $pv: want $want_net, got: $drv" ;; esac
    expect_gone $name 60
    rm -f /var/lib/xen/images/$name.img
done
expect_only_dom0
