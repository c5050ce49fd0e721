/*
 * command.c - the table of subcommands.
 */
#include "cli/command.h"

#include <stdio.h>
#include <string.h>

const struct xyl_cmd xyl_commands[] = {
    { "create", cmd_create, "[-p] [-c] [-e] FILE.yaml",
      "Create a guest from its YAML definition",
      "  -p         leave the guest paused after creation\n"
      "  -c         attach to the guest's console once it runs\n"
      "  -e         no monitor: nothing applies on_poweroff/on_reboot/on_crash\n"
      "             (without -e a process logging to /var/log/xen/xyl-NAME.log\n"
      "             destroys, restarts or preserves the guest as they say)\n"
      "  (global -N: print the libxl JSON that would be used, like xl -N create)\n" },
    { "destroy", cmd_destroy, "[--delete-disks] NAME|ID",
      "Terminate a guest immediately and remove its devices and xenstore entries",
      "  --delete-disks  then delete its read-write image files (never block\n"
      "                  devices, read-only disks or CD-ROMs); refused, and the\n"
      "                  guest left running, if another guest uses one of them\n" },
    { "shutdown", cmd_shutdown, "[-w] [-F] NAME|ID | [-w] --all",
      "Ask a guest to shut down",
      "  -w         wait until the guest has shut down\n"
      "  --all      every guest xyl created; with -w each is destroyed once down\n"
      "  -F         if the guest has no PV drivers, press its ACPI power button\n" },
    { "reboot", cmd_reboot, "[-F] NAME|ID",
      "Ask a guest to reboot",
      "  -F         if the guest has no PV drivers, press its ACPI reset button\n" },
    { "pause", cmd_pause, "NAME|ID", "Pause a guest's vCPUs", "" },
    { "unpause", cmd_unpause, "NAME|ID", "Unpause a paused guest", "" },
    { "rename", cmd_rename, "NAME|ID NEW-NAME", "Rename a running guest", "" },
    { "uptime", cmd_uptime, "[NAME|ID...]", "Show how long guests have been running", "" },
    { "domid", cmd_domid, "NAME", "Print a guest's domain ID", "" },
    { "domname", cmd_domname, "ID", "Print a guest's name", "" },
    { "console", cmd_console, "[-t pv|serial] [-n NUM] NAME|ID",
      "Attach to a guest's console (xenconsole; Ctrl-] detaches)",
      "  -t TYPE    pv or serial (default: the guest's primary console)\n"
      "  -n NUM     console number (default 0)\n" },
    { "save", cmd_save, "[-c] [-p] [-f] NAME|ID FILE",
      "Save a guest's state to FILE (xl's format), then destroy it",
      "  -c         leave the guest running (a checkpoint)\n"
      "  -p         leave the guest paused instead of destroying it\n"
      "  -f         replace FILE if it exists (never replaced otherwise)\n"
      "  A progress bar (bytes, rate, ETA) is drawn when stderr is a terminal\n"
      "  (XYL_PROGRESS=1 forces it, XYL_PROGRESS=0 hides it).\n" },
    { "restore", cmd_restore, "[-p] [-e] FILE",
      "Restore a guest from a file written by xyl save or xl save",
      "  -p         leave the restored guest paused\n"
      "  -e         no monitor (see create -e)\n"
      "  On failure the half-restored domain is destroyed; FILE is kept.\n" },
    { "migrate", cmd_migrate, "[--ssh-command CMD] [--local] [--non-live] NAME|ID HOST",
      "Move a running guest to HOST, live (HOST runs 'xyl migrate-receive')",
      "  --ssh-command CMD  how to reach HOST (default ssh): runs\n"
      "                     'CMD HOST xyl migrate-receive'\n"
      "  --local            receive on this host without ssh (HOST localhost does too)\n"
      "  --non-live         pause the guest for the whole transfer (automatic for PV\n"
      "                     guests when Xen has no shadow paging, as Debian's)\n"
      "  Any failure before the target runs the guest resumes it here.\n" },
    { "migrate-receive", cmd_migrate_receive, "",
      "Receive a guest from 'xyl migrate' on stdin/stdout (run by migrate)", "" },
    { "host-check", cmd_host_check, "[--json]",
      "Check that this host can run Xen guests; each line OK/WARN/FAIL with the fix",
      "  Works on any Linux; exit 1 if a check FAILs.\n"
      "  --json     machine-readable output\n" },
    { "net-list", cmd_net_list, "[--json]",
      "List the host's bridges, their state and the guests' vifs on each",
      "  --json     machine-readable output\n" },
    { "list", cmd_list, "[-l|--json] [NAME|ID...]",
      "List guests: Name ID Mem VCPUs State Time(s)",
      "  --json     machine-readable output (libxl's yajl)\n"
      "  -l         each guest's stored libxl configuration, as JSON (like xl list -l)\n" },
    { "info", cmd_info, "[--json]",
      "Show host and hypervisor facts (version, capabilities, memory)",
      "  --json     machine-readable output\n" },
    { "mem-set", cmd_mem_set, "NAME|ID SIZE",
      "Set a guest's memory target (its balloon driver follows)",
      "  SIZE       512M, 2G, 1048576K, or a bare number of MiB; at most the\n"
      "             guest's maximum (see mem-max)\n" },
    { "mem-max", cmd_mem_max, "NAME|ID SIZE",
      "Set the most memory a guest may have (its maxmem)",
      "  SIZE       as for mem-set; not below the current target\n" },
    { "vcpu-set", cmd_vcpu_set, "NAME|ID N",
      "Set how many of a guest's vCPUs are online (1 to its maxvcpus)", "" },
    { "vcpu-list", cmd_vcpu_list, "[--json] [NAME|ID...]",
      "List vCPUs: Name ID VCPU CPU State Time(s) Affinity (Hard / Soft)",
      "  --json     machine-readable output\n" },
    { "vcpu-pin", cmd_vcpu_pin, "NAME|ID VCPU|all CPUS",
      "Pin vCPUs to host CPUs (hard affinity)",
      "  CPUS       all, or host CPUs and ranges such as 0-1,3\n" },
    { "block-attach", cmd_block_attach, "NAME|ID DISK",
      "Hot-plug a disk into a running guest",
      "  DISK       one disks: item, as YAML '{target: /img, vdev: xvdb}'\n"
      "             or an xl disk spec 'format=raw, vdev=xvdb, target=/img'\n"
      "  (global -N: print the libxl device JSON instead)\n" },
    { "block-detach", cmd_block_detach, "[-f] NAME|ID VDEV",
      "Unplug a disk from a running guest",
      "  -f         remove it even if the guest does not let go of it\n" },
    { "block-list", cmd_block_list, "NAME|ID... [--json]",
      "List a guest's disks: Vdev BE handle state evt-ch ring-ref BE-path",
      "  --json     machine-readable output (adds vdev name and target)\n" },
    { "xenstore", cmd_xenstore, "ls NAME|ID | audit",
      "Show a guest's xenstore tree and devices, or audit the backend tree",
      "  ls NAME|ID  the guest's tree with permissions (guest-written values\n"
      "              escaped) and each device's backend and frontend state\n"
      "  audit       backend nodes a guest could write, backend directories of\n"
      "              guests that no longer exist; exit 1 if there are any\n" },
    { "network-attach", cmd_network_attach, "NAME|ID [NIC]",
      "Hot-plug a network interface into a running guest",
      "  NIC        one networks: item, as YAML '{bridge: xenbr1}' or an xl vif\n"
      "             spec 'bridge=xenbr1,mac=00:16:3e:..'; default: xenbr0, MAC\n"
      "             derived from the guest's name and the device ID\n"
      "  (global -N: print the libxl device JSON instead)\n" },
    { "network-detach", cmd_network_detach, "NAME|ID DEVID|MAC",
      "Unplug a network interface from a running guest", "" },
    { "network-list", cmd_network_list, "NAME|ID... [--json]",
      "List a guest's NICs: Idx BE Mac-Addr handle state evt-ch ring-refs BE-path",
      "  --json     machine-readable output (adds bridge and vifname)\n" },
    { "cd-insert", cmd_cd_insert, "NAME|ID VDEV TARGET",
      "Insert a medium (ISO image) into an hvm guest's CD-ROM drive", "" },
    { "cd-eject", cmd_cd_eject, "NAME|ID VDEV",
      "Eject the medium from an hvm guest's CD-ROM drive", "" },
    { "validate", cmd_validate, "PATH...",
      "Check guest definitions (files or folders) and report every error",
      "  Exit 0 when valid, 1 when any error was found, 2 on usage errors.\n"
      "  Folders are searched for *.yaml and *.yml; names, UUIDs and MACs\n"
      "  must be unique across everything given.\n"
      "  -q         print nothing, only set the exit code\n" },
    { "clone", cmd_clone, "[-o PATH] [--keep-machine-id] SRC.yaml NEW",
      "Make guest NEW from SRC: new name, UUID and MACs, qcow2 overlays, new machine ID",
      "  Writes NEW.yaml beside SRC.yaml (or PATH; never overwritten) without uuid\n"
      "  and mac keys, so both are derived from NEW.  Each read-write file disk\n"
      "  becomes IMAGES/NEW-VDEV.qcow2, an overlay on the source image (which is\n"
      "  only read; do not write to it while the clone exists).  libguestfs then\n"
      "  empties /etc/machine-id in the overlay and links /var/lib/dbus/machine-id\n"
      "  to it.  A failure removes everything the clone made.\n"
      "  -o PATH            where to write the new definition\n"
      "  --keep-machine-id  do not touch the disks' contents (no libguestfs)\n" },
    { "lint", cmd_lint, "[--json] [--images] DIR...",
      "Check a folder of guests: validate's rules plus disk images shared between guests",
      "  Errors as FILE:LINE:COL lines; exit 1 if there are any.\n"
      "  Adds to validate: an image used read-write by one guest and by another.\n"
      "  --images   also read /etc/machine-id from each guest's first disk\n"
      "             (libguestfs, read-only) and report guests that share one\n"
      "  --json     machine-readable output\n" },
    { "plan", cmd_plan, "[--json] [--prune] [--autostart] DIR",
      "Show what 'xyl apply DIR' would change: create, update, recreate, destroy",
      "  Exit 0: no changes; 2: changes pending; 1: error or a conflict.\n"
      "  --json       machine-readable output\n"
      "  --prune      also destroy guests xyl created from DIR whose file is gone\n"
      "  --autostart  only the guests with 'autostart: true'\n" },
    { "apply", cmd_apply, "[-j N] [--fork] [--prune] [--autostart] [--wait] [--dry-run] DIR",
      "Make the running guests match the folder DIR (creates in parallel)",
      "  -j N         create at most N guests at a time (default 4)\n"
      "  --fork       each create in its own process (default: libxl asynchronous\n"
      "               operations in one process)\n"
      "  --prune      also destroy guests xyl created from DIR whose file is gone\n"
      "  --autostart  only the guests with 'autostart: true' (xyl-apply.service)\n"
      "  --wait       wait for another running apply instead of failing\n"
      "  --dry-run    show the plan only (as xyl plan)\n"
      "  A failed guest is undone and named; the others are applied; exit 1.\n" },
    { "import-xl", cmd_import_xl, "[--lossy] FILE.cfg",
      "Convert an xl.cfg file to a YAML guest definition (stdout)", "" },
    { "export-xl", cmd_export_xl, "FILE.yaml",
      "Convert a YAML guest definition to an xl.cfg file (stdout)", "" },
    { "schema", cmd_schema, "[--markdown|--man]",
      "Print the JSON Schema of guest definitions (or the docs table, or xyl.yaml(5))", "" },
    { "help", cmd_help, "[COMMAND]", "Show commands, or one command's options", "" },
    { "version", cmd_version, "", "Show xyl's version and the libxl it uses", "" },
};
const int xyl_n_commands = (int)(sizeof(xyl_commands) / sizeof(xyl_commands[0]));

const struct xyl_cmd *find_command(const char *name)
{
    int i;
    for (i = 0; i < xyl_n_commands; i++)
        if (!strcmp(xyl_commands[i].name, name))
            return &xyl_commands[i];
    return NULL;
}

void print_usage(const struct xyl_cmd *c)
{
    fprintf(stderr, "usage: xyl %s %s\n", c->name, c->usage);
}
