/*
 * schema.c - the key tables of guest definition schema v1, and the generic
 * loader that walks a YAML tree against them.
 *
 * To add a key: add a field to struct xyl_guest (guest.h), a row below, and,
 * if libxl needs it, a line in xen/libxl_map.c (hvm/hvm_map.c for hvm: keys).  Validation, "did you mean", the
 * JSON Schema, the docs table and xl.cfg export/import follow from the row.
 */
#include "model/schema.h"
#include "model/yaml_json.h"
#include "model/schema_check.h"
#include "model/guest_rules.h"
#include "base/util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const char *const xyl_action_names[] = {
    "destroy", "restart", "rename-restart", "preserve",
    "coredump-destroy", "coredump-restart", "soft-reset", NULL
};
const char *const xyl_vga_names[] = { "std", "cirrus", "none", "qxl", NULL };
const char *const xyl_timer_mode_names[] = {
    "delay_for_missed_ticks", "no_delay_for_missed_ticks",
    "no_missed_ticks_pending", "one_missed_tick_pending", NULL
};
static const char *const type_names[] = { "pv", "pvh", "hvm", NULL };
static const char *const boot_names[] = { "cdrom", "disk", "network", NULL };
static const char *const format_names[] = { "raw", "qcow", "qcow2", "vhd", "qed", NULL };
static const char *const access_names[] = { "rw", "ro", NULL };
static const char *const dbackend_names[] = { "phy", "qdisk", "xyl", NULL };
static const char *const nictype_names[] = { "vif", "ioemu", NULL };

/* Size bounds: far above real guests, low enough that the pairwise
 * duplicate checks stay cheap on hostile input. */
/* Memory floor: unikernels (MirageOS, Unikraft) boot in 4-8 MiB; xl has
 * none, but below 4 MiB not even a PV kernel's start info fits. */
#define XYL_MIN_MEMORY_MIB 4
#define MAX_MAP_KEYS     256
#define MAX_LIST_ITEMS   256
#define MAX_STRMAP_KEYS  1024

#define OFF(type, field) offsetof(type, field)
#define G(field) OFF(struct xyl_guest, field)

/* ---- nested key sets ---------------------------------------------------- */

static const struct xyl_key vnc_keys[] = {
    { "listen", VT_STRING, XYL_HVM, 0, OFF(struct xyl_vnc, listen), NULL, 0, 0, NULL,
      NULL, "vnclisten", "Address (and optionally :display) the VNC server listens on." },
    { "display", VT_INT, XYL_HVM, 0, OFF(struct xyl_vnc, display), NULL, 0, 65535, NULL,
      NULL, "vncdisplay", "VNC display number (TCP port 5900 + display)." },
    { "password", VT_STRING, XYL_HVM, 0, OFF(struct xyl_vnc, password), NULL, 0, 0, NULL,
      NULL, "vncpasswd", "VNC password. Anyone who can read the file can read it." },
    { "findunused", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_vnc, findunused), NULL, 0, 0, NULL,
      NULL, "vncunused", "Take the next free display if the one asked for is in use." },
};
const struct xyl_keyset xyl_vnc_keys = { "vnc", vnc_keys, ARRAY_SIZE(vnc_keys), NULL, NULL, NULL };

static const struct xyl_key spice_keys[] = {
    { "host", VT_STRING, XYL_HVM, 0, OFF(struct xyl_spice, host), NULL, 0, 0, NULL,
      NULL, "spicehost", "Address the SPICE server listens on." },
    { "port", VT_INT, XYL_HVM, 0, OFF(struct xyl_spice, port), NULL, 0, 65535, NULL,
      NULL, "spiceport", "TCP port of the SPICE server." },
    { "tls_port", VT_INT, XYL_HVM, 0, OFF(struct xyl_spice, tls_port), NULL, 0, 65535, NULL,
      NULL, "spicetls_port", "TCP port for SPICE over TLS." },
    { "password", VT_STRING, XYL_HVM, 0, OFF(struct xyl_spice, password), NULL, 0, 0, NULL,
      NULL, "spicepasswd", "SPICE password. Anyone who can read the file can read it." },
    { "disable_ticketing", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_spice, disable_ticketing), NULL, 0, 0, NULL,
      NULL, "spicedisable_ticketing", "Allow clients without a password." },
    { "agent_mouse", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_spice, agent_mouse), NULL, 0, 0, NULL,
      NULL, "spiceagent_mouse", "Mouse through the SPICE agent in the guest." },
    { "vdagent", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_spice, vdagent), NULL, 0, 0, NULL,
      NULL, "spicevdagent", "The SPICE vdagent channel." },
    { "clipboard_sharing", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_spice, clipboard_sharing), NULL, 0, 0, NULL,
      NULL, "spice_clipboard_sharing", "Share the clipboard with the client (needs vdagent)." },
    { "usbredirection", VT_INT, XYL_HVM, 0, OFF(struct xyl_spice, usbredirection), NULL, 0, 4, NULL,
      NULL, "spiceusbredirection", "USB devices the client may redirect (0-4)." },
};
const struct xyl_keyset xyl_spice_keys = { "spice", spice_keys, ARRAY_SIZE(spice_keys), NULL, NULL, NULL };

#define PVS (XYL_PV | XYL_PVH)
static const struct xyl_key fb_keys[] = {
    { "vnc", VT_BOOL, PVS, 0, OFF(struct xyl_fb, vnc), NULL, 0, 0, NULL,
      NULL, "vnc", "Serve the framebuffer over VNC." },
    { "listen", VT_STRING, PVS, 0, OFF(struct xyl_fb, listen), NULL, 0, 0, NULL,
      NULL, "vnclisten", "Address the VNC server listens on." },
    { "display", VT_INT, PVS, 0, OFF(struct xyl_fb, display), NULL, 0, 65535, NULL,
      NULL, "vncdisplay", "VNC display number (TCP port 5900 + display)." },
    { "findunused", VT_BOOL, PVS, 0, OFF(struct xyl_fb, findunused), NULL, 0, 0, NULL,
      NULL, "vncunused", "Take the next free display if the one asked for is in use." },
    { "password", VT_STRING, PVS, 0, OFF(struct xyl_fb, password), NULL, 0, 0, NULL,
      NULL, "vncpasswd", "VNC password. Anyone who can read the file can read it." },
    { "sdl", VT_BOOL, PVS, 0, OFF(struct xyl_fb, sdl), NULL, 0, 0, NULL,
      NULL, "sdl", "Show the framebuffer in an SDL window on dom0." },
    { "keymap", VT_STRING, PVS, 0, OFF(struct xyl_fb, keymap), NULL, 0, 0, NULL,
      NULL, "keymap", "Keyboard layout, e.g. en-us, de." },
};
const struct xyl_keyset xyl_fb_keys = { "framebuffer", fb_keys, ARRAY_SIZE(fb_keys), NULL, NULL, NULL };

static const struct xyl_key cloudinit_keys[] = {
    { "user_data", VT_DOC, XYL_ALL, 1, OFF(struct xyl_cloudinit, user_data), NULL, 0, 0, NULL,
      NULL, NULL, "cloud-config: a mapping written inline, or a file (relative: from this file's folder)." },
    { "network_config", VT_DOC, XYL_ALL, 0, OFF(struct xyl_cloudinit, network_config), NULL, 0, 0, NULL,
      NULL, NULL, "cloud-init's network-config (version 1 or 2): a mapping, or a file." },
};
const struct xyl_keyset xyl_cloudinit_keys = {
    "cloud_init", cloudinit_keys, ARRAY_SIZE(cloudinit_keys), NULL, NULL, NULL,
};

static const struct xyl_key hvm_keys[] = {
    { "vnc", VT_BOOL_OR_MAP, XYL_HVM, 0, OFF(struct xyl_hvm, vnc), NULL, 0, 0, &xyl_vnc_keys,
      NULL, "vnc", "Emulated display over VNC: true/false, or {listen, display, password}." },
    { "spice", VT_BOOL_OR_MAP, XYL_HVM, 0, OFF(struct xyl_hvm, spice), NULL, 0, 0, &xyl_spice_keys,
      NULL, "spice", "SPICE display: true/false, or {host, port, password, ...}." },
    { "serial", VT_STRING, XYL_HVM, 0, OFF(struct xyl_hvm, serial), NULL, 0, 0, NULL,
      NULL, "serial", "Emulated serial port: pty, file:/path, none, ... (QEMU -serial syntax)." },
    { "viridian", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, viridian), NULL, 0, 0, NULL,
      NULL, "viridian", "Hyper-V enlightenments for Windows guests." },
    { "stdvga", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, stdvga), NULL, 0, 0, NULL,
      NULL, "stdvga", "Standard VGA (true) instead of Cirrus (false)." },
    { "vga", VT_ENUM, XYL_HVM, 0, OFF(struct xyl_hvm, vga), xyl_vga_names, 0, 0, NULL,
      NULL, "vga", "Emulated graphics card; 'none' for headless guests." },
    { "videoram", VT_INT, XYL_HVM, 0, OFF(struct xyl_hvm, videoram), NULL, 1, 1024, NULL,
      NULL, "videoram", "Video memory in MiB." },
    { "acpi", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, acpi), NULL, 0, 0, NULL,
      NULL, "acpi", "Expose ACPI tables to the guest." },
    { "pv_drivers", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, pv_drivers), NULL, 0, 0, NULL,
      NULL, "xen_platform_pci", "Xen platform PCI device, so the guest can use PV disk and network drivers (PV-on-HVM)." },
    { "apic", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, apic), NULL, 0, 0, NULL,
      NULL, "apic", "Emulated local APIC (default true)." },
    { "pae", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, pae), NULL, 0, 0, NULL,
      NULL, "pae", "Physical Address Extension visible to the guest (default true)." },
    { "hpet", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, hpet), NULL, 0, 0, NULL,
      NULL, "hpet", "Emulated HPET timer (default true)." },
    { "nx", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, nx), NULL, 0, 0, NULL,
      NULL, "nx", "No-execute page protection visible to the guest (default true)." },
    { "timer_mode", VT_ENUM, XYL_HVM, 0, OFF(struct xyl_hvm, timer_mode), xyl_timer_mode_names, 0, 0, NULL,
      NULL, "timer_mode", "How missed timer ticks are delivered (xl also takes 0-3)." },
    { "usb", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, usb), NULL, 0, 0, NULL,
      NULL, "usb", "Emulated USB 1.1 controller." },
    { "usbdevice", VT_STRING, XYL_HVM, 0, OFF(struct xyl_hvm, usbdevice), NULL, 0, 0, NULL,
      NULL, "usbdevice", "Emulated USB device, e.g. tablet (an absolute pointer for VNC)." },
    { "keymap", VT_STRING, XYL_HVM, 0, OFF(struct xyl_hvm, keymap), NULL, 0, 0, NULL,
      NULL, "keymap", "Keyboard layout of the VNC/SDL console, e.g. en-us, de." },
    { "sdl", VT_BOOL, XYL_HVM, 0, OFF(struct xyl_hvm, sdl), NULL, 0, 0, NULL,
      NULL, "sdl", "Emulated display in an SDL window on dom0." },
    { "soundhw", VT_STRING, XYL_HVM, 0, OFF(struct xyl_hvm, soundhw), NULL, 0, 0, NULL,
      NULL, "soundhw", "Emulated sound card (QEMU names: hda, ac97, sb16, es1370)." },
    { "viridian_features", VT_STRLIST, XYL_HVM, 0, OFF(struct xyl_hvm, viridian_features), NULL, 0, 0, NULL,
      check_viridian_features, "viridian", "Hyper-V enlightenments one by one (base, freq, time_ref_count, ...; !name turns one off)." },
    { "serials", VT_STRLIST, XYL_HVM, 0, OFF(struct xyl_hvm, serials), NULL, 0, 0, NULL,
      NULL, "serial", "Several emulated serial ports (xl's serial list), in QEMU -serial syntax." },
    { "usbdevices", VT_STRLIST, XYL_HVM, 0, OFF(struct xyl_hvm, usbdevices), NULL, 0, 0, NULL,
      NULL, "usbdevice", "Several emulated USB devices (xl's usbdevice list), e.g. [tablet]." },
};
const struct xyl_keyset xyl_hvm_keys = { "hvm", hvm_keys, ARRAY_SIZE(hvm_keys), NULL, NULL, NULL };

static const struct xyl_key disk_keys[] = {
    { "target", VT_STRING, XYL_ALL, 0, OFF(struct xyl_disk, target), NULL, 0, 0, NULL,
      NULL, "target", "Image file or block device backing the disk (empty for an empty CD-ROM drive)." },
    { "vdev", VT_STRING, XYL_ALL, 1, OFF(struct xyl_disk, vdev), NULL, 0, 0, NULL,
      NULL, "vdev", "Device name the guest sees: xvda, hda, sda, ..." },
    { "format", VT_ENUM, XYL_ALL, 0, OFF(struct xyl_disk, format_idx), format_names, 0, 0, NULL,
      NULL, "format", "Image format (default raw)." },
    { "access", VT_ENUM, XYL_ALL, 0, OFF(struct xyl_disk, access_idx), access_names, 0, 0, NULL,
      NULL, "access", "rw (default) or ro." },
    { "cdrom", VT_BOOL, XYL_ALL, 0, OFF(struct xyl_disk, cdrom), NULL, 0, 0, NULL,
      NULL, "devtype=cdrom", "Present the disk as a CD-ROM drive (HVM: an emulated drive whose medium cd-insert changes; PV/PVH: read-only through blkfront, with a target)." },
    { "backend", VT_ENUM, XYL_ALL, 0, OFF(struct xyl_disk, backend_idx), dbackend_names, 0, 0, NULL,
      NULL, "backendtype", "Who serves the disk: phy (kernel blkback), qdisk (QEMU) or xyl (xyl-blkback)." },
    { "size", VT_SIZE, XYL_ALL, 0, OFF(struct xyl_disk, size_bytes), NULL, 1, 64L * 1024 * 1024, NULL,
      mark_disk_size, NULL, "Size of the image to create when it is missing (raw: sparse; qcow2: qemu-img); an existing image is never changed." },
};
const struct xyl_keyset xyl_disk_keys = {
    "disk", disk_keys, ARRAY_SIZE(disk_keys), disk_new_item, disk_parse_spec,
    "an xl disk specification string, e.g. \"format=raw, vdev=xvda, access=rw, target=/img\"",
};

static const struct xyl_key nic_keys[] = {
    { "bridge", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, bridge), NULL, 0, 0, NULL,
      NULL, "bridge", "Bridge in dom0 the interface joins (default: xl.conf's vif.default.bridge, else libxl's xenbr0)." },
    { "mac", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, mac), NULL, 0, 0, NULL,
      NULL, "mac", "Unicast MAC address; derived from the guest name and NIC index when absent." },
    { "model", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, model), NULL, 0, 0, NULL,
      NULL, "model", "Emulated NIC model for HVM guests (e1000, rtl8139, ...); on pv/pvh xl passes it to libxl, which ignores it." },
    { "ip", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, ip), NULL, 0, 0, NULL,
      NULL, "ip", "IP address(es) for the hotplug script (vif-route, anti-spoofing)." },
    { "rate", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, rate), NULL, 0, 0, NULL,
      NULL, "rate", "Bandwidth limit, e.g. 10Mb/s or 1MB/s@20ms." },
    { "script", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, script), NULL, 0, 0, NULL,
      NULL, "script", "Hotplug script (default vif-bridge)." },
    { "type", VT_ENUM, XYL_ALL, 0, OFF(struct xyl_nic, type_idx), nictype_names, 0, 0, NULL,
      NULL, "type", "vif (PV only) or ioemu (emulated plus PV, HVM)." },
    { "vifname", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, vifname), NULL, 0, 0, NULL,
      NULL, "vifname", "Name of the backend interface in dom0." },
    { "backend", VT_STRING, XYL_ALL, 0, OFF(struct xyl_nic, backend), NULL, 0, 0, NULL,
      NULL, "backend", "Backend domain name (default dom0), or xyl: served by xyl-netback in dom0." },
};
const struct xyl_keyset xyl_nic_keys = {
    "network", nic_keys, ARRAY_SIZE(nic_keys), nic_new_item, nic_parse_spec,
    "an xl vif specification string, e.g. \"bridge=xenbr0,mac=00:16:3e:01:02:03\"",
};

static const struct xyl_key vtpm_keys[] = {
    { "backend", VT_STRING, XYL_ALL, 1, OFF(struct xyl_vtpm, backend), NULL, 0, 0, NULL,
      NULL, "backend", "Name of the domain that serves the vTPM (a vtpm-stubdom guest)." },
    { "uuid", VT_STRING, XYL_ALL, 0, OFF(struct xyl_vtpm, uuid), NULL, 0, 0, NULL,
      NULL, "uuid", "UUID of the vTPM, which its stub domain keys the TPM state by; libxl makes one when absent." },
};
const struct xyl_keyset xyl_vtpm_keys = {
    "vtpm", vtpm_keys, ARRAY_SIZE(vtpm_keys), vtpm_new_item, vtpm_parse_spec,
    "an xl vtpm specification string, e.g. \"backend=vtpm-guest1,uuid=...\"",
};

/* ---- the guest ---------------------------------------------------------- */

static const struct xyl_key guest_keys[] = {
    { "name", VT_STRING, XYL_ALL, 1, G(name), NULL, 0, 0, NULL,
      check_name, "name", "Domain name: letters, digits, spaces (not first or last) and _ . - @ : + , = ~; at most 64." },
    { "type", VT_ENUM, XYL_ALL, 1, G(type), type_names, 0, 0, NULL,
      check_type, "type", "Guest type: pv, pvh or hvm." },
    { "uuid", VT_STRING, XYL_ALL, 0, G(uuid_str), NULL, 0, 0, NULL,
      check_uuid, "uuid", "Domain UUID; derived from the name when absent." },
    { "memory", VT_SIZE, XYL_ALL, 1, G(memory_bytes), NULL, XYL_MIN_MEMORY_MIB, 16L * 1024 * 1024, NULL,
      check_whole_mib, "memory", "Memory at start: integer MiB or a string with K/M/G/T (512M, 2G)." },
    { "maxmem", VT_SIZE, XYL_ALL, 0, G(maxmem_bytes), NULL, XYL_MIN_MEMORY_MIB, 16L * 1024 * 1024, NULL,
      check_whole_mib, "maxmem", "Maximum memory the guest may balloon up to (>= memory)." },
    { "vcpus", VT_INT, XYL_ALL, 0, G(vcpus), NULL, 1, 512, NULL,
      NULL, "vcpus", "Virtual CPUs online at start (default 1)." },
    { "maxvcpus", VT_INT, XYL_ALL, 0, G(maxvcpus), NULL, 1, 512, NULL,
      NULL, "maxvcpus", "Virtual CPUs that can be brought online later (>= vcpus)." },
    { "kernel", VT_STRING, XYL_ALL, 0, G(kernel), NULL, 0, 0, NULL,
      NULL, "kernel", "Kernel image in dom0 to boot directly; a relative path is taken from the current directory, as xl does." },
    { "ramdisk", VT_STRING, XYL_ALL, 0, G(ramdisk), NULL, 0, 0, NULL,
      NULL, "ramdisk", "Initial ramdisk for the kernel (relative: from the current directory, as in xl)." },
    { "cmdline", VT_STRING, XYL_ALL, 0, G(cmdline), NULL, 0, 0, NULL,
      NULL, "cmdline", "Kernel command line." },
    { "bootloader", VT_STRING, XYL_PV, 0, G(bootloader), NULL, 0, 0, NULL,
      NULL, "bootloader", "Program in dom0 that extracts the kernel from the guest's disk (pygrub)." },
    { "bootloader_args", VT_STRLIST, XYL_PV, 0, G(bootloader_args), NULL, 0, 0, NULL,
      NULL, "bootloader_args", "Arguments for the bootloader." },
    { "firmware", VT_STRING, XYL_ALL, 0, G(firmware), NULL, 0, 0, NULL,
      check_firmware, "firmware", "hvm: bios, seabios, uefi, ovmf or a path; pv/pvh: pvgrub32 or pvgrub64 (GRUB of grub-xen-host)." },
    { "boot", VT_ORDER, XYL_HVM, 0, G(boot), boot_names, 0, 0, NULL,
      NULL, "boot", "Boot order: a list of cdrom, disk, network." },
    { "disks", VT_LIST, XYL_ALL, 0, G(disks), NULL, 0, 0, &xyl_disk_keys,
      NULL, "disk", "Block devices: mappings or xl disk-spec strings." },
    { "networks", VT_LIST, XYL_ALL, 0, G(nics), NULL, 0, 0, &xyl_nic_keys,
      NULL, "vif", "Network interfaces: mappings or xl vif-spec strings." },
    { "vtpms", VT_LIST, XYL_ALL, 0, G(vtpms), NULL, 0, 0, &xyl_vtpm_keys,
      NULL, "vtpm", "Virtual TPMs, each served by a vTPM stub domain: mappings or xl vtpm-spec strings." },
    { "on_poweroff", VT_ENUM, XYL_ALL, 0, G(on_poweroff), xyl_action_names, 0, 0, NULL,
      NULL, "on_poweroff", "Action when the guest powers off (default destroy)." },
    { "on_reboot", VT_ENUM, XYL_ALL, 0, G(on_reboot), xyl_action_names, 0, 0, NULL,
      NULL, "on_reboot", "Action when the guest reboots (default restart)." },
    { "on_crash", VT_ENUM, XYL_ALL, 0, G(on_crash), xyl_action_names, 0, 0, NULL,
      NULL, "on_crash", "Action when the guest crashes (default destroy)." },
    { "framebuffer", VT_MAP, XYL_PV | XYL_PVH, 0, G(fb), NULL, 0, 0, &xyl_fb_keys,
      mark_has_fb, "vfb", "pv/pvh: a graphical console (xl's vfb, with the keyboard xl adds): {vnc, listen, display, ...}." },
    { "hvm", VT_MAP, XYL_HVM, 0, G(hvm), NULL, 0, 0, &xyl_hvm_keys,
      mark_has_hvm, NULL, "HVM-only settings: emulated devices, firmware tables, PV-on-HVM." },
    { "xenstore", VT_STRMAP, XYL_ALL, 0, G(xenstore), NULL, 0, 0, NULL,
      check_xenstore, NULL, "Extra keys xyl writes under the guest's data/ tree in xenstore." },
    { "cloud_init", VT_MAP, XYL_ALL, 0, G(cloud_init), NULL, 0, 0, &xyl_cloudinit_keys,
      NULL, NULL, "A NoCloud seed xyl makes in the images folder (GUEST-cidata.img, vfat labelled CIDATA) and attaches read-only: hvm as CD hdd, pv/pvh as xvdz; meta-data: instance-id is the UUID, local-hostname the name (spaces as '-')." },
    { "autostart", VT_BOOL, XYL_ALL, 0, G(autostart), NULL, 0, 0, NULL,
      NULL, NULL, "Start this guest when the host boots (xyl apply, xyl-apply.service)." },
    { "stop_timeout", VT_INT, XYL_ALL, 0, G(stop_timeout), NULL, 1, 86400, NULL,
      NULL, NULL, "Seconds a clean shutdown may take before xyl destroys the guest: apply's recreate and prune, shutdown --all -w (default 300, as xendomains; apply --stop-timeout overrides)." },
    { "localtime", VT_BOOL, XYL_ALL, 0, G(localtime), NULL, 0, 0, NULL,
      NULL, "localtime", "Guest clock in dom0's local time instead of UTC." },
    { "hap", VT_BOOL, XYL_ALL, 0, G(hap), NULL, 0, 0, NULL,
      NULL, "hap", "Hardware-assisted paging (EPT/NPT) when the host has it (default true)." },
    { "nestedhvm", VT_BOOL, XYL_ALL, 0, G(nestedhvm), NULL, 0, 0, NULL,
      NULL, "nestedhvm", "Let the guest run its own hypervisor (nested virtualisation)." },
    { "seclabel", VT_STRING, XYL_ALL, 0, G(seclabel), NULL, 0, 0, NULL,
      NULL, "seclabel", "XSM/FLASK security label of the domain." },
    { "cpus", VT_STRING, XYL_ALL, 0, G(cpus), NULL, 0, 0, NULL,
      check_cpus, "cpus", "Pin every vCPU to these host CPUs: \"2-3\", \"0,2,^1\" (not a count: that is vcpus)." },
    { "cpus_per_vcpu", VT_STRLIST, XYL_ALL, 0, G(cpus_per_vcpu), NULL, 0, 0, NULL,
      check_cpus_per_vcpu, "cpus", "Pin vCPU i to the host CPUs of item i (xl's list form of cpus): [\"2\", \"3\"]." },
    { "pci", VT_STRLIST, XYL_ALL, 0, G(pci), NULL, 0, 0, NULL,
      check_pci, "pci", "Host PCI devices passed through: \"0000:03:00.0\", \"03:00.1,permissive=1\"." },
    { "cpu_weight", VT_INT, XYL_ALL, 0, G(cpu_weight), NULL, 1, 65535, NULL,
      NULL, "cpu_weight", "Credit scheduler weight (default 256)." },
    { "cpu_cap", VT_INT, XYL_ALL, 0, G(cpu_cap), NULL, 0, 51200, NULL,
      NULL, "cap", "Credit scheduler cap: percent of one CPU, 0 = no cap." },
};
const struct xyl_keyset xyl_guest_keys = { "guest", guest_keys, ARRAY_SIZE(guest_keys), NULL, NULL, NULL };

/* ---- lookups -------------------------------------------------------------- */

int key_index(const struct xyl_keyset *ks, const char *name)
{
    size_t i;
    for (i = 0; i < ks->n; i++)     /* the first letter first: most keys differ there */
        if (ks->keys[i].name[0] == name[0] && !strcmp(ks->keys[i].name, name))
            return (int)i;
    return -1;
}

const struct xyl_key *keyset_find(const struct xyl_keyset *ks, const char *name)
{
    int i = key_index(ks, name);
    return i < 0 ? NULL : &ks->keys[i];
}

/* ---- scalar value parsers -------------------------------------------------- */

int parse_bool_word(const char *s, int *out)
{
    static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON" };
    static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF" };
    size_t i, len = strlen(s);

    if (len < 2 || len > 5)     /* "on" .. "false": most strings are neither */
        return -1;
    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i])) { *out = 1; return 0; }
        if (!strcmp(s, no[i]))  { *out = 0; return 0; }
    }
    return -1;
}

/*
 * "512", "512M", "512MiB", "2G", "1048576K", "1T".  Binary units.
 * A bare number means MiB when plain_is_mib, else bytes.
 */
int parse_size(const char *s, int plain_is_mib, uint64_t *bytes_out, const char **why)
{
    const char *p = s;
    uint64_t v = 0, mult;

    while (*p == ' ')
        p++;
    if (!isdigit((unsigned char)*p)) {
        *why = "expected a number with an optional unit K, M, G or T";
        return -1;
    }
    while (isdigit((unsigned char)*p)) {
        unsigned d = (unsigned)(*p++ - '0');
        if (v > (UINT64_MAX - d) / 10) {
            *why = "number too large";
            return -1;
        }
        v = v * 10 + d;
    }
    if (*p == '.' && isdigit((unsigned char)p[1])) {
        *why = "write 512M instead of 0.5G, 1536M instead of 1.5G";
        return -1;
    }
    while (*p == ' ')
        p++;
    switch (*p) {
    case '\0': mult = plain_is_mib ? 1ULL << 20 : 1; break;
    case 'K': case 'k': mult = 1ULL << 10; p++; break;
    case 'M': case 'm': mult = 1ULL << 20; p++; break;
    case 'G': case 'g': mult = 1ULL << 30; p++; break;
    case 'T': case 't': mult = 1ULL << 40; p++; break;
    default:
        *why = "unknown unit (use K, M, G or T)";
        return -1;
    }
    if (*p == 'i' && p[1] == 'B')
        p += 2;
    else if (*p == 'B')
        p++;
    if (*p != '\0') {
        *why = "unexpected characters after the unit";
        return -1;
    }
    if (v > UINT64_MAX / mult) {
        *why = "number too large";
        return -1;
    }
    *bytes_out = v * mult;
    return 0;
}

/* ---- the generic walk ------------------------------------------------------ */

static void suggest(struct strbuf *sb, const struct xyl_keyset *ks, const char *word)
{
    size_t i;
    int best = 99;
    const char *best_name = NULL;

    for (i = 0; i < ks->n; i++) {
        int dist = edit_distance(word, ks->keys[i].name);
        if (dist < best) {
            best = dist;
            best_name = ks->keys[i].name;
        }
    }
    if (best_name && best <= 2 && best < (int)strlen(word))
        sb_addf(sb, " (did you mean '%s'?)", best_name);
}

/* Words people write for a key, and xl.cfg names of keys that live
 * elsewhere in the YAML: "did you mean" from the key table is not enough. */
static const struct { const char *word, *key; } synonyms[] = {
    { "mem", "memory" }, { "ram", "memory" }, { "memory_max", "maxmem" },
    { "max_memory", "maxmem" }, { "cpu", "vcpus" }, { "vcpu", "vcpus" },
    { "cores", "vcpus" }, { "max_vcpus", "maxvcpus" }, { "initrd", "ramdisk" },
    { "builder", "type" }, { "on_shutdown", "on_poweroff" }, { "disk", "disks" },
    { "vif", "networks" }, { "nics", "networks" }, { "nic", "networks" },
    { "network", "networks" }, { "vnclisten", "hvm: vnc: listen" },
    { "vncdisplay", "hvm: vnc: display" }, { "vncpasswd", "hvm: vnc: password" },
    { "vncunused", "hvm: vnc: findunused" }, { "extra", "cmdline" },
    { "xen_platform_pci", "hvm: pv_drivers" }, { "bios", "firmware" },
};

/* An unknown key: say what the user probably meant. */
static void unknown_key(struct xyl_load *ld, const struct xyl_keyset *ks,
                        const struct ynode *kn)
{
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    const struct xyl_key *hk;

    sb_addf(&sb, "unknown key '%s' in %s", kn->str, ks->name);
    if (ks == &xyl_guest_keys && (hk = keyset_find(&xyl_hvm_keys, kn->str)) != NULL) {
        sb_addf(&sb, " ('%s' goes under 'hvm:')", kn->str);
    } else {
        /* xl.cfg names the user may carry over */
        for (i = 0; i < ks->n; i++) {
            const char *xn = ks->keys[i].xl_name;
            if (xn && !strcmp(xn, kn->str) && strcmp(xn, ks->keys[i].name)) {
                sb_addf(&sb, " ('%s' is xl.cfg's name; xyl calls it '%s')",
                        kn->str, ks->keys[i].name);
                break;
            }
        }
        if (i == ks->n) {
            size_t j;
            for (j = 0; j < ARRAY_SIZE(synonyms); j++)
                if (!strcmp(synonyms[j].word, kn->str))
                    break;
            if (j < ARRAY_SIZE(synonyms)) {
                const char *to = synonyms[j].key;
                /* under hvm: the 'hvm: ' prefix is already where we are */
                if (ks == &xyl_hvm_keys && !strncmp(to, "hvm: ", 5))
                    to += 5;
                sb_addf(&sb, " (did you mean '%s'?)", to);
            } else {
                suggest(&sb, ks, kn->str);
            }
        }
    }
    diag_err(ld->d, ld->file, kn->mark, "%s", sb_str(&sb));
    sb_free(&sb);
}

static int need_scalar(struct xyl_load *ld, const struct xyl_key *k,
                       const struct ynode *n, const char *what)
{
    if (n->kind != Y_SCALAR || ynode_is_null(n)) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs %s, got %s",
                 k->name, what, ynode_kind_name(n));
        return -1;
    }
    return 0;
}

static void list_choices(struct strbuf *sb, const char *const *choices)
{
    size_t i;
    for (i = 0; choices[i]; i++)
        sb_addf(sb, "%s%s", i ? (choices[i + 1] ? ", " : " or ") : "", choices[i]);
}

/* Control characters can be carried by neither xl.cfg nor xenstore paths. */
static int has_control_char(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n)
{
    size_t i;
    for (i = 0; i < n->len; i++) {
        unsigned char c = (unsigned char)n->str[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            diag_err(ld->d, ld->file, n->mark, "'%s' contains a control character (byte 0x%02x)",
                     k->name, c);
            return 1;
        }
    }
    return 0;
}

/*
 * Any scalar but a bare true/false (almost always a mistake for a path or a
 * name) and without control characters, which neither xl.cfg nor a kernel
 * command line can carry.
 */
static int parse_string(struct xyl_load *ld, const struct xyl_key *k,
                        const struct ynode *n, char **out)
{
    int b;

    if (need_scalar(ld, k, n, "a value"))
        return -1;
    if (n->plain && parse_bool_word(n->str, &b) == 0) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs a string, got the boolean %s "
                 "(quote it if you mean the word)", k->name, n->str);
        return -1;
    }
    if (has_control_char(ld, k, n))
        return -1;
    *out = xstrdup(n->str);
    return 0;
}

/* VT_DOC: a path (relative: from the definition's folder), or a mapping
 * kept as its JSON text */
static int parse_doc(struct xyl_load *ld, const struct xyl_key *k,
                     const struct ynode *n, struct xyl_doc *out)
{
    struct strbuf sb = STRBUF_INIT;
    const char *slash;

    if (n->kind == Y_MAP) {
        ynode_json(n, &sb);
        out->text = sb_detach(&sb);
        return 0;
    }
    if (n->kind != Y_SCALAR || ynode_is_null(n)) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs a file path or a mapping, got %s",
                 k->name, ynode_kind_name(n));
        return -1;
    }
    if (parse_string(ld, k, n, &out->path))
        return -1;
    slash = ld->file ? strrchr(ld->file, '/') : NULL;
    if (out->path[0] != '/' && slash) {
        char *p = xasprintf("%.*s/%s", (int)(slash - ld->file), ld->file, out->path);
        free(out->path);
        out->path = p;
    }
    return 0;
}

static int parse_enum(struct xyl_load *ld, const struct xyl_key *k,
                      const struct ynode *n, int *out)
{
    size_t i;
    struct strbuf sb = STRBUF_INIT;
    int best = 99;
    const char *best_name = NULL;

    if (need_scalar(ld, k, n, "a value"))
        return -1;
    for (i = 0; k->choices[i]; i++) {
        if (!strcmp(n->str, k->choices[i])) {
            *out = (int)i;
            return 0;
        }
    }
    for (i = 0; k->choices[i]; i++) {          /* not one: the nearest, for the message */
        int dist = edit_distance(n->str, k->choices[i]);
        if (dist < best) {
            best = dist;
            best_name = k->choices[i];
        }
    }
    sb_addf(&sb, "'%s' must be one of ", k->name);
    list_choices(&sb, k->choices);
    sb_addf(&sb, "; got '%s'", n->str);
    if (best_name && best <= 2 && best < (int)n->len)
        sb_addf(&sb, " (did you mean '%s'?)", best_name);
    diag_err(ld->d, ld->file, n->mark, "%s", sb_str(&sb));
    sb_free(&sb);
    return -1;
}

static int parse_int(struct xyl_load *ld, const struct xyl_key *k,
                     const struct ynode *n, long *out)
{
    char *end;
    long v;

    if (need_scalar(ld, k, n, "an integer"))
        return -1;
    errno = 0;
    v = strtol(n->str, &end, 10);
    if (!n->plain || end == n->str || *end != '\0' || errno ||
        !(isdigit((unsigned char)n->str[0]) || n->str[0] == '-')) {
        bool number = end != n->str && *end == '\0' && !errno;
        diag_err(ld->d, ld->file, n->mark, "'%s' must be an integer, got %s'%s'%s",
                 k->name, !n->plain && number ? "the string " : "", n->str,
                 !n->plain && number ? " (remove the quotes)" :
                 *end == '.' ? " (a whole number)" : "");
        return -1;
    }
    if (v < k->min || v > k->max) {
        diag_err(ld->d, ld->file, n->mark, "'%s' must be between %ld and %ld, got %ld",
                 k->name, k->min, k->max, v);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_bool(struct xyl_load *ld, const struct xyl_key *k,
                      const struct ynode *n, int *out)
{
    if (need_scalar(ld, k, n, "true or false"))
        return -1;
    if (!n->plain || parse_bool_word(n->str, out)) {
        diag_err(ld->d, ld->file, n->mark, "'%s' must be true or false, got %s'%s'%s",
                 k->name, n->plain ? "" : "the string ", n->str,
                 n->plain ? "" : " (remove the quotes)");
        return -1;
    }
    return 0;
}

static int parse_size_key(struct xyl_load *ld, const struct xyl_key *k,
                          const struct ynode *n, uint64_t *out)
{
    const char *why = NULL;
    uint64_t bytes;

    if (need_scalar(ld, k, n, "a size like 512M or 2G"))
        return -1;
    if (parse_size(n->str, 1, &bytes, &why)) {
        if (strchr(n->str, '.'))
            diag_err(ld->d, ld->file, n->mark, "'%s' must be a whole number of K, M, G or T, got '%s': %s",
                     k->name, n->str, why);
        else
            diag_err(ld->d, ld->file, n->mark, "'%s': %s in '%s' (write e.g. 512M or 2G; a bare number is MiB)",
                     k->name, why, n->str);
        return -1;
    }
    if (bytes < (uint64_t)k->min << 20 || bytes > (uint64_t)k->max << 20) {
        diag_err(ld->d, ld->file, n->mark, "'%s' must be between %ldM and %ldM, got '%s'",
                 k->name, k->min, k->max, n->str);
        return -1;
    }
    *out = bytes;
    return 0;
}

static int parse_strlist(struct xyl_load *ld, const struct xyl_key *k,
                         const struct ynode *n, struct xyl_strlist *out)
{
    size_t i;
    if (n->kind != Y_SEQ) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs a list of strings, got %s",
                 k->name, ynode_kind_name(n));
        return -1;
    }
    out->v = xcalloc(n->n + 1, sizeof(char *));
    for (i = 0; i < n->n; i++) {
        if (parse_string(ld, k, n->items[i], &out->v[out->n]))
            return -1;
        out->n++;
    }
    return 0;
}

static int parse_strmap(struct xyl_load *ld, const struct xyl_key *k,
                        const struct ynode *n, struct xyl_kvlist *out)
{
    size_t i;
    if (n->kind != Y_MAP) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs a mapping of keys to values, got %s",
                 k->name, ynode_kind_name(n));
        return -1;
    }
    if (n->n > MAX_STRMAP_KEYS) {
        diag_err(ld->d, ld->file, n->mark, "'%s' has %zu keys; at most %d are allowed",
                 k->name, n->n, MAX_STRMAP_KEYS);
        return -1;
    }
    out->v = xcalloc(n->n + 1, sizeof(*out->v));
    for (i = 0; i < n->n; i++) {
        const struct ynode *kn = n->keys[i], *vn = n->items[i];
        if (kn->kind != Y_SCALAR || ynode_is_null(kn)) {
            diag_err(ld->d, ld->file, kn->mark, "'%s' keys must be strings", k->name);
            return -1;
        }
        if (vn->kind != Y_SCALAR) {
            diag_err(ld->d, ld->file, vn->mark, "'%s.%s' must be a single value, got %s",
                     k->name, kn->str, ynode_kind_name(vn));
            return -1;
        }
        out->v[out->n].key = xstrdup(kn->str);
        out->v[out->n].value = xstrdup(ynode_is_null(vn) ? "" : vn->str);
        out->v[out->n].mark = kn->mark;
        out->n++;
    }
    return 0;
}

/* boot: [cdrom, disk, network] -> libxl's "dcn" order string */
static int parse_order(struct xyl_load *ld, const struct xyl_key *k,
                       const struct ynode *n, char *out)
{
    static const char letters[] = "dcn";    /* parallel to boot_names */
    size_t i, len = 0;

    if (n->kind == Y_SCALAR && n->plain && n->len >= 1 && n->len <= 3 &&
        strspn(n->str, "cdn") == n->len) {
        /* xl's form: "dc" = cdrom, then disk */
        for (i = 0; i < n->len; i++) {
            if (memchr(out, n->str[i], len)) {
                diag_err(ld->d, ld->file, n->mark, "'%s' lists '%c' twice", k->name, n->str[i]);
                return -1;
            }
            out[len++] = n->str[i];
        }
        out[len] = '\0';
        return 0;
    }
    if (n->kind != Y_SEQ || n->n == 0) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs a non-empty list, e.g. [cdrom, disk], "
                 "or xl's letters (c disk, d cdrom, n network), e.g. dc", k->name);
        return -1;
    }
    for (i = 0; i < n->n; i++) {
        int idx;
        if (parse_enum(ld, k, n->items[i], &idx))
            return -1;
        if (memchr(out, letters[idx], len)) {
            diag_err(ld->d, ld->file, n->items[i]->mark, "'%s' lists '%s' twice",
                     k->name, n->items[i]->str);
            return -1;
        }
        out[len++] = letters[idx];
    }
    out[len] = '\0';
    return 0;
}

static int parse_map(struct xyl_load *ld, const struct xyl_keyset *ks,
                     const struct ynode *n, void *obj, const char *where);

int parse_item(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *it, void *parent)
{
    const struct xyl_keyset *ks = k->sub;
    void *item;

    if (it->kind == Y_SCALAR && !ynode_is_null(it)) {
        if (has_control_char(ld, k, it))
            return -1;
        item = ks->new_item(parent);
        return ks->parse_string_item(ld, it, item);
    }
    if (it->kind == Y_MAP) {
        item = ks->new_item(parent);
        if (parse_map(ld, ks, it, item, k->name))
            return -1;
        return ks->parse_string_item(ld, it, item);   /* completes the item */
    }
    diag_err(ld->d, ld->file, it->mark, "each '%s' item must be a mapping or %s; got %s",
             k->name, ks->string_form_doc, ynode_kind_name(it));
    return -1;
}

static int parse_list(struct xyl_load *ld, const struct xyl_key *k,
                      const struct ynode *n, void *obj)
{
    size_t i;
    int rc = 0;

    if (n->kind != Y_SEQ) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs a list (one '- ' item per device), got %s",
                 k->name, ynode_kind_name(n));
        return -1;
    }
    if (n->n > MAX_LIST_ITEMS) {
        diag_err(ld->d, ld->file, n->mark, "'%s' has %zu items; at most %d are allowed",
                 k->name, n->n, MAX_LIST_ITEMS);
        return -1;
    }
    for (i = 0; i < n->n; i++)
        if (parse_item(ld, k, n->items[i], obj))
            rc = -1;
    return rc;
}

static int parse_value(struct xyl_load *ld, const struct xyl_key *k,
                       const struct ynode *n, void *obj)
{
    void *field = (char *)obj + k->off;
    int rc = -1;

    switch (k->vtype) {
    case VT_STRING:
        rc = parse_string(ld, k, n, (char **)field);
        break;
    case VT_INT:
        rc = parse_int(ld, k, n, (long *)field);
        break;
    case VT_SIZE:
        rc = parse_size_key(ld, k, n, (uint64_t *)field);
        break;
    case VT_BOOL:
        rc = parse_bool(ld, k, n, (int *)field);
        break;
    case VT_ENUM:
        rc = parse_enum(ld, k, n, (int *)field);
        break;
    case VT_STRLIST:
        rc = parse_strlist(ld, k, n, (struct xyl_strlist *)field);
        break;
    case VT_STRMAP:
        rc = parse_strmap(ld, k, n, (struct xyl_kvlist *)field);
        break;
    case VT_ORDER:
        rc = parse_order(ld, k, n, (char *)field);
        break;
    case VT_MAP:
        rc = parse_map(ld, k->sub, n, field, k->name);
        break;
    case VT_BOOL_OR_MAP:
        /* the nested object starts with its 'enable' int */
        if (n->kind == Y_MAP) {
            *(int *)field = 1;
            rc = parse_map(ld, k->sub, n, field, k->name);
        } else {
            rc = parse_bool(ld, k, n, (int *)field);
        }
        break;
    case VT_LIST:
        rc = parse_list(ld, k, n, obj);
        break;
    case VT_DOC:
        rc = parse_doc(ld, k, n, (struct xyl_doc *)field);
        break;
    }
    if (rc == 0 && k->parse)
        rc = k->parse(ld, k, n, obj);
    return rc;
}

static int parse_map(struct xyl_load *ld, const struct xyl_keyset *ks,
                     const struct ynode *n, void *obj, const char *where)
{
    size_t i, j;
    int rc = 0;
    unsigned gtype = (unsigned)ld->g->type;

    if (n->kind != Y_MAP) {
        diag_err(ld->d, ld->file, n->mark, "'%s' needs a mapping (key: value lines), got %s",
                 where, ynode_kind_name(n));
        return -1;
    }
    if (n->n > MAX_MAP_KEYS) {     /* bounds the duplicate-key scan below */
        diag_err(ld->d, ld->file, n->mark, "'%s' has %zu keys; at most %d are allowed",
                 where, n->n, MAX_MAP_KEYS);
        return -1;
    }
    for (i = 0; i < n->n; i++) {
        const struct ynode *kn = n->keys[i];
        const struct xyl_key *k;

        if (kn->kind != Y_SCALAR || ynode_is_null(kn)) {
            diag_err(ld->d, ld->file, kn->mark, "keys in '%s' must be plain names", where);
            rc = -1;
            continue;
        }
        for (j = 0; j < i; j++) {
            if (n->keys[j]->kind == Y_SCALAR && n->keys[j]->len == kn->len &&
                !memcmp(n->keys[j]->str, kn->str, kn->len)) {     /* no NUL inside: refused */
                diag_err(ld->d, ld->file, kn->mark, "duplicate key '%s' (first given at line %u)",
                         kn->str, n->keys[j]->mark.line);
                rc = -1;
                break;
            }
        }
        if (j < i)
            continue;
        k = keyset_find(ks, kn->str);
        if (!k) {
            unknown_key(ld, ks, kn);
            rc = -1;
            continue;
        }
        if (gtype && !(k->guests & gtype)) {
            const char *only = k->guests == XYL_HVM ? "hvm guests" :
                               k->guests == XYL_PV ? "pv guests" : "some guest types";
            diag_err(ld->d, ld->file, kn->mark, "'%s' applies to %s only; this guest is %s",
                     kn->str, only, gtype_name((int)gtype));
            rc = -1;
            continue;
        }
        if (ks == &xyl_guest_keys)
            ld->g->marks[k - ks->keys] = kn->mark;
        if (parse_value(ld, k, n->items[i], obj))
            rc = -1;
    }
    for (i = 0; i < ks->n; i++) {
        const struct xyl_key *k = &ks->keys[i];
        if (!k->required)
            continue;
        for (j = 0; j < n->n; j++)
            if (n->keys[j]->kind == Y_SCALAR && !strcmp(n->keys[j]->str, k->name))
                break;
        if (j == n->n) {
            diag_err(ld->d, ld->file, n->mark, "missing required key '%s' in %s (%s)",
                     k->name, where, k->doc);
            rc = -1;
        }
    }
    return rc;
}

/* The generic walk for key sets outside the guest definition (the host
 * configuration): ld->g must point to a guest (its type selects keys). */
int keyset_parse_map(struct xyl_load *ld, const struct xyl_keyset *ks,
                     const struct ynode *n, void *obj, const char *where)
{
    return parse_map(ld, ks, n, obj, where);
}

/* The guest type decides which keys apply, so read it before anything else. */
static void read_type_first(struct xyl_load *ld, const struct ynode *root)
{
    size_t i;
    for (i = 0; i < root->n; i++) {
        const struct ynode *kn = root->keys[i], *vn = root->items[i];
        if (kn->kind == Y_SCALAR && !strcmp(kn->str, "type") && vn->kind == Y_SCALAR) {
            int t;
            for (t = 0; type_names[t]; t++)
                if (!strcmp(vn->str, type_names[t]))
                    ld->g->type = 1 << t;
        }
    }
}

int guest_load_yaml(struct xyl_guest *g, const char *file, const char *buf,
                    size_t len, struct diags *d)
{
    struct ydoc doc;
    struct xyl_load ld = { d, file, g };
    size_t before = d->errors;

    g->file = xstrdup(file);
    if (ydoc_load(&doc, file, buf, len, d))
        return (int)(d->errors - before);
    if (!doc.root || ynode_is_null(doc.root)) {
        struct ymark m = { 1, 1 };
        diag_err(d, file, m, "empty guest definition: write at least name, type and memory");
    } else if (doc.root->kind != Y_MAP) {
        diag_err(d, file, doc.root->mark, "a guest definition is a mapping (key: value lines), got %s",
                 ynode_kind_name(doc.root));
    } else {
        g->root_mark = doc.root->mark;
        read_type_first(&ld, doc.root);
        parse_map(&ld, &xyl_guest_keys, doc.root, g, "the guest definition");
        guest_check(&ld);   /* cross-field rules report what they can */
    }
    ydoc_free(&doc);
    return (int)(d->errors - before);
}
