/*
 * command.c - the table of subcommands: name, function, flags, options,
 * positional arguments, summary and notes.  Everything a user reads about
 * a command's arguments (usage, `xyl help CMD`, xyl(1), bash completion)
 * is generated from a row here (help_gen.c), and parse_options.c parses
 * by the same row.
 */
#include "cli/command.h"

#include <string.h>

/* An option table: its rows, then the end mark. */
#define OPTS(...) ((const struct xyl_option[]){ __VA_ARGS__, \
                   { OPT_END, 0, NULL, NULL, NULL, NULL, 0, 0 } })
#define FLAG(s, l, help)            { OPT_FLAG, s, l, NULL, help, NULL, 0, 0 }
#define STR(s, l, v, help)          { OPT_STRING, s, l, v, help, NULL, 0, 0 }
#define CHOICE(s, l, v, ch, help)   { OPT_STRING, s, l, v, help, ch, 0, 0 }
#define INT(s, l, v, lo, hi, help)  { OPT_INT, s, l, v, help, NULL, lo, hi }
#define JSON                        FLAG(0, "json", "machine-readable output")

const struct xyl_cmd xyl_commands[] = {
    { "create", cmd_create, CMD_XEN | CMD_DRYRUN,
      OPTS(FLAG('p', NULL, "leave the guest paused after creation"),
           FLAG('c', NULL, "attach to the guest's console once it runs"),
           FLAG('e', NULL, "no monitor: nothing applies on_poweroff/on_reboot/on_crash"),
           FLAG('n', NULL, NULL)),     /* xl spells dry run both ways */
      "FILE.yaml",
      "Create a guest from its YAML definition",
      "Without -e a process logging to /var/log/xen/xyl-NAME.log destroys,\n"
      "restarts or preserves the guest as on_poweroff/on_reboot/on_crash say.\n"
      "With the global -N (or -n): print the libxl JSON that would be used, like\n"
      "xl -N create; no Xen needed.\n" },
    { "destroy", cmd_destroy, CMD_XEN | CMD_DRYRUN,
      OPTS(FLAG(0, "delete-disks", "then delete its read-write image files")),
      "NAME|ID",
      "Terminate a guest immediately and remove its devices and xenstore entries",
      "--delete-disks deletes the guest's read-write image files, libxl's and its\n"
      "backend: xyl disks, never block devices, read-only disks or CD-ROMs.  It is\n"
      "refused, and the guest left running, if another guest uses one of them\n"
      "(through libxl or xyl-blkback, directly or as a qcow2 backing file) or one\n"
      "is a symbolic link.\n" },
    { "shutdown", cmd_shutdown, CMD_XEN,
      OPTS(FLAG('w', NULL, "wait until the guest has shut down"),
           FLAG('F', NULL, "if the guest has no PV drivers, press its ACPI power button"),
           FLAG(0, "all", "every guest xyl created (instead of NAME|ID)")),
      "[NAME|ID]",
      "Ask a guest to shut down",
      "With --all -w each guest is waited for up to its definition's stop_timeout\n"
      "(default 300 s, as xendomains) and then torn down, stopped or not\n"
      "(xyl-apply.service's stop).\n" },
    { "reboot", cmd_reboot, CMD_XEN,
      OPTS(FLAG('F', NULL, "if the guest has no PV drivers, press its ACPI reset button")),
      "NAME|ID",
      "Ask a guest to reboot", NULL },
    { "pause", cmd_pause, CMD_XEN, NULL, "NAME|ID", "Pause a guest's vCPUs", NULL },
    { "unpause", cmd_unpause, CMD_XEN, NULL, "NAME|ID", "Unpause a paused guest", NULL },
    { "rename", cmd_rename, CMD_XEN, NULL, "NAME|ID NEW-NAME", "Rename a running guest", NULL },
    { "uptime", cmd_uptime, CMD_XEN, NULL, "[NAME|ID...]",
      "Show how long guests have been running", NULL },
    { "domid", cmd_domid, CMD_XEN, NULL, "NAME", "Print a guest's domain ID", NULL },
    { "domname", cmd_domname, CMD_XEN, NULL, "ID", "Print a guest's name", NULL },
    { "console", cmd_console, CMD_XEN,
      OPTS(CHOICE('t', NULL, "TYPE", "pv|serial",
                  "pv or serial (default: the guest's primary console)"),
           INT('n', NULL, "NUM", 0, 65535, "console number (default 0)")),
      "NAME|ID",
      "Attach to a guest's console (xenconsole; Ctrl-] detaches)", NULL },
    { "save", cmd_save, CMD_XEN,
      OPTS(FLAG('c', NULL, "leave the guest running (a checkpoint)"),
           FLAG('p', NULL, "leave the guest paused instead of destroying it"),
           FLAG('f', NULL, "replace FILE if it exists (never replaced otherwise)")),
      "NAME|ID FILE",
      "Save a guest's state to FILE (xl's format), then destroy it",
      "A progress bar (bytes, rate, ETA) is drawn when stderr is a terminal\n"
      "(XYL_PROGRESS=1 forces it, XYL_PROGRESS=0 hides it).\n" },
    { "restore", cmd_restore, CMD_XEN,
      OPTS(FLAG('p', NULL, "leave the restored guest paused"),
           FLAG('e', NULL, "no monitor (see create -e)")),
      "FILE",
      "Restore a guest from a file written by xyl save or xl save",
      "On failure the half-restored domain is destroyed; FILE is kept.\n" },
    { "migrate", cmd_migrate, CMD_XEN,
      OPTS(STR(0, "ssh-command", "CMD",
               "how to reach HOST (default ssh): runs 'CMD HOST xyl migrate-receive'"),
           FLAG(0, "local", "receive on this host without ssh (HOST localhost does too)"),
           FLAG(0, "non-live", "pause the guest for the whole transfer")),
      "NAME|ID HOST",
      "Move a running guest to HOST, live (HOST runs 'xyl migrate-receive')",
      "PV guests go non-live by themselves when Xen has no shadow paging (Debian's).\n"
      "Any failure before the target runs the guest resumes it here.\n" },
    { "migrate-receive", cmd_migrate_receive, CMD_XEN, NULL, "",
      "Receive a guest from 'xyl migrate' on stdin/stdout (run by migrate)", NULL },
    { "host-check", cmd_host_check, 0,
      OPTS(JSON,
           STR(0, "root", "DIR", NULL)),   /* for tests: check a copied tree */
      "",
      "Check that this host can run Xen guests; each line OK/WARN/FAIL with the fix",
      "Works on any Linux; exit 1 if a check FAILs.\n" },
    { "net-list", cmd_net_list, 0, OPTS(JSON), "",
      "List the host's bridges, their state and the guests' vifs on each",
      "Guest names need a dom0; elsewhere only the interfaces are named.\n" },
    { "list", cmd_list, CMD_XEN,
      OPTS(FLAG(0, "json", "machine-readable output (libxl's yajl)"),
           FLAG('l', "long", "each guest's stored libxl configuration, as JSON (xl list -l)"),
           STR(0, "all", "DIR", "also the guests defined in DIR that do not run, and what "
               "each running one is to DIR")),
      "[NAME|ID...]",
      "List guests: Name ID Mem VCPUs State Time(s)",
      "With --all DIR (like virsh list --all) a Definition column says what each\n"
      "guest is to the folder DIR: unchanged, drifted (xyl plan DIR would update\n"
      "it), drifted (recreate), not xyl's, file gone, or nothing when it is not\n"
      "in DIR; DIR's guests that do not run follow as 'shut off'.\n" },
    { "stats", cmd_stats, CMD_XEN, OPTS(JSON), "[NAME|ID...]",
      "Show what each guest uses: CPU time, vCPUs, memory, vif and vbd counters",
      "The figures are xentop's (libxenstat), plus the counters xyl-netback and\n"
      "xyl-blkback publish for their devices.  --json: every counter a number;\n"
      "xyl-exporter serves the same to Prometheus.\n" },
    { "top", cmd_top, CMD_XEN,
      OPTS(FLAG('b', NULL, "batch: each screen after the last, no clearing (also when not a terminal)"),
           INT('d', NULL, "S", 1, 3600, "seconds between screens (default 3)"),
           INT('i', NULL, "N", 1, 1000000, "stop after N screens (default: until Ctrl-C)")),
      "",
      "Show xentop's figures of every domain on one screen, refreshed",
      "CPU(%) is measured between two screens: the first shows '-'.\n" },
    { "info", cmd_info, CMD_XEN, OPTS(JSON), "",
      "Show host and hypervisor facts (version, capabilities, memory)", NULL },
    { "mem-set", cmd_mem_set, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID SIZE",
      "Set a guest's memory target (its balloon driver follows)",
      "SIZE is 512M, 2G, 1048576K, or a bare number of MiB; at most the guest's\n"
      "maximum (see mem-max).\n" },
    { "mem-max", cmd_mem_max, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID SIZE",
      "Set the most memory a guest may have (its maxmem)",
      "SIZE as for mem-set; not below the current target.\n" },
    { "vcpu-set", cmd_vcpu_set, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID N",
      "Set how many of a guest's vCPUs are online (1 to its maxvcpus)", NULL },
    { "vcpu-list", cmd_vcpu_list, CMD_XEN, OPTS(JSON), "[NAME|ID...]",
      "List vCPUs: Name ID VCPU CPU State Time(s) Affinity (Hard / Soft)", NULL },
    { "vcpu-pin", cmd_vcpu_pin, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID VCPU|all CPUS",
      "Pin vCPUs to host CPUs (hard affinity)",
      "CPUS is all, or host CPUs and ranges such as 0-1,3.\n" },
    { "block-attach", cmd_block_attach, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID DISK",
      "Hot-plug a disk into a running guest",
      "DISK is one disks: item, as YAML '{target: /img, vdev: xvdb}' or an xl disk\n"
      "spec 'format=raw, vdev=xvdb, target=/img'.  With the global -N: print the\n"
      "libxl device JSON instead.\n" },
    { "block-detach", cmd_block_detach, CMD_XEN | CMD_DRYRUN,
      OPTS(FLAG('f', NULL, "remove it even if the guest does not let go of it")),
      "NAME|ID VDEV",
      "Unplug a disk from a running guest", NULL },
    { "block-list", cmd_block_list, CMD_XEN,
      OPTS(FLAG(0, "json", "machine-readable output (adds vdev name and target)")),
      "NAME|ID...",
      "List a guest's disks: Vdev BE handle state evt-ch ring-ref BE-path", NULL },
    { "xenstore", cmd_xenstore, CMD_XEN, NULL, "ls NAME|ID | audit",
      "Show a guest's xenstore tree and devices, or audit the backend tree",
      "ls NAME|ID  the guest's tree with permissions (guest-written values\n"
      "            escaped) and each device's backend and frontend state\n"
      "audit       backend nodes a guest could write, backend directories of\n"
      "            guests that no longer exist; exit 1 if there are any\n" },
    { "network-attach", cmd_network_attach, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID [NIC]",
      "Hot-plug a network interface into a running guest",
      "NIC is one networks: item, as YAML '{bridge: xenbr1}' or an xl vif spec\n"
      "'bridge=xenbr1,mac=00:16:3e:..'; default: xenbr0, the MAC derived from the\n"
      "guest's name and the device ID.  With the global -N: print the libxl\n"
      "device JSON instead.\n" },
    { "network-detach", cmd_network_detach, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID DEVID|MAC",
      "Unplug a network interface from a running guest", NULL },
    { "network-list", cmd_network_list, CMD_XEN,
      OPTS(FLAG(0, "json", "machine-readable output (adds bridge and vifname)")),
      "NAME|ID...",
      "List a guest's NICs: Idx BE Mac-Addr handle state evt-ch ring-refs BE-path", NULL },
    { "cd-insert", cmd_cd_insert, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID VDEV TARGET",
      "Insert a medium (ISO image) into an hvm guest's CD-ROM drive", NULL },
    { "cd-eject", cmd_cd_eject, CMD_XEN | CMD_DRYRUN, NULL, "NAME|ID VDEV",
      "Eject the medium from an hvm guest's CD-ROM drive", NULL },
    { "screenshot", cmd_screenshot, CMD_XEN,
      OPTS(FLAG('f', NULL, "replace FILE if it exists (never replaced otherwise)")),
      "NAME|ID FILE.png",
      "Write an hvm guest's screen to a PNG file",
      "QEMU's screendump over libxl's QMP socket, converted with libpng; a\n"
      "failure or Ctrl-C leaves no file behind.\n" },
    { "vnc", cmd_vnc, CMD_XEN,
      OPTS(JSON, FLAG(0, "viewer", "then start vncviewer on it (libxl's launcher, as xl vncviewer)")),
      "NAME|ID",
      "Show where an hvm guest's VNC server listens and how to reach it",
      "Asks QEMU (query-vnc): address, port, whether a password is set, viewers\n"
      "connected.  When it listens on loopback only, prints the ssh -L line that\n"
      "brings it to your machine.\n" },
    { "validate", cmd_validate, 0,
      OPTS(FLAG('q', NULL, "print nothing, only set the exit code")),
      "PATH...",
      "Check guest definitions (files or folders) and report every error",
      "Exit 0 when valid, 1 when any error was found, 2 on usage errors.\n"
      "Folders are searched for *.yaml and *.yml; names, UUIDs and MACs\n"
      "must be unique across everything given.\n" },
    { "clone", cmd_clone, CMD_DRYRUN,
      OPTS(STR('o', NULL, "PATH", "where to write the new definition"),
           FLAG(0, "keep-machine-id", "do not touch the disks' contents (no libguestfs)")),
      "SRC.yaml NEW",
      "Make guest NEW from SRC: new name, UUID and MACs, qcow2 overlays, new machine ID",
      "Writes NEW.yaml beside SRC.yaml (or PATH; never overwritten) without uuid\n"
      "and mac keys, so both are derived from NEW.  Each read-write file disk\n"
      "becomes IMAGES/NEW-VDEV.qcow2, an overlay on the source image (which is\n"
      "only read; do not write to it while the clone exists).  libguestfs then\n"
      "empties /etc/machine-id in the overlay and links /var/lib/dbus/machine-id\n"
      "to it.  A failure removes everything the clone made.\n" },
    { "lint", cmd_lint, 0,
      OPTS(JSON,
           FLAG(0, "images", "also compare the machine IDs in the guests' first disks")),
      "DIR...",
      "Check a folder of guests: validate's rules plus disk images shared between guests",
      "Errors as FILE:LINE:COL lines; exit 1 if there are any.  Adds to validate:\n"
      "an image used read-write by one guest and by another.  --images reads\n"
      "/etc/machine-id from each guest's first disk (libguestfs, read-only) and\n"
      "reports guests that share one.\n" },
    { "plan", cmd_plan, CMD_XEN,
      OPTS(JSON,
           FLAG(0, "prune", "also destroy guests xyl created from DIR whose file is gone"),
           FLAG(0, "autostart", "only the guests with 'autostart: true'"),
           FLAG(0, "offline", "plan against a host with no guests (no Xen needed)"),
           STR(0, "state", "FILE", "plan against FILE, written by 'xyl state' (no Xen needed)")),
      "DIR",
      "Show what 'xyl apply DIR' would change: create, update, recreate, destroy",
      "The folder is validated first (every error as FILE:LINE:COL, exit 1).\n"
      "Exit 0: no changes; 2: changes pending; 1: error or a conflict.\n"
      "The JSON of --json and of --state: configs/plan-state.md.\n" },
    { "state", cmd_state, CMD_XEN, NULL, "",
      "Print what 'xyl plan' observes on this host as JSON (for 'plan --state FILE')",
      "Each domain's type, boot fields, memory, vCPUs, disks, NICs, data/ keys\n"
      "and xyl's record; configs/state.schema.json is its JSON Schema.\n" },
    { "apply", cmd_apply, CMD_XEN | CMD_DRYRUN,
      OPTS(INT('j', NULL, "N", 1, 64, "create at most N guests at a time (default 4)"),
           FLAG(0, "fork", "each create in its own process (default: libxl "
                "asynchronous operations in one process)"),
           FLAG(0, "prune", "also destroy guests xyl created from DIR whose file is gone"),
           FLAG(0, "autostart", "only the guests with 'autostart: true' (xyl-apply.service)"),
           FLAG(0, "wait", "wait for another running apply instead of failing"),
           FLAG('n', "dry-run", "show the plan only (as xyl plan)"),
           FLAG('y', "yes", "allow disruptive actions without asking"),
           FLAG(0, "no-disrupt", "refuse disruptive actions (nothing is done if there are any)"),
           INT(0, "stop-timeout", "S", 1, 86400,
               "wait up to S seconds for a guest to shut down (default: its "
               "stop_timeout, else 300)")),
      "DIR",
      "Make the running guests match the folder DIR (creates in parallel)",
      "A failed guest is undone and named; the others are applied; exit 1.\n"
      "Disruptive actions (a running guest recreated, or destroyed by --prune) shut\n"
      "the guest down cleanly first and destroy it only if it has not stopped after\n"
      "--stop-timeout seconds.  On a terminal apply asks before any; without one\n"
      "they need --yes, else nothing is done (exit 1).\n" },
    { "import-xl", cmd_import_xl, 0,
      OPTS(FLAG(0, "lossy", "drop what YAML cannot represent instead of refusing")),
      "FILE.cfg",
      "Convert an xl.cfg file to a YAML guest definition (stdout)", NULL },
    { "import-running", cmd_import_running, CMD_XEN,
      OPTS(STR('o', NULL, "FILE", "write the definition to FILE (new) and record the guest as xyl's")),
      "NAME|ID",
      "Adopt a running guest (created by xl or libxl) as a YAML guest definition",
      "Without -o the definition goes to stdout and nothing is recorded. With -o\n"
      "the guest becomes xyl's without a restart: 'xyl plan' on FILE's folder\n"
      "finds it unchanged. What the schema cannot hold (vfb, vTPM, ...) is refused.\n" },
    { "export-xl", cmd_export_xl, 0, NULL, "FILE.yaml",
      "Convert a YAML guest definition to an xl.cfg file (stdout)", NULL },
    { "schema", cmd_schema, 0,
      OPTS(FLAG(0, "markdown", "the key reference of configs/README.md"),
           FLAG(0, "man", "the man page xyl.yaml(5)")),
      "",
      "Print the JSON Schema of guest definitions (or the docs table, or xyl.yaml(5))", NULL },
    { "help", cmd_help, 0,
      OPTS(FLAG(0, "man", "the man page xyl(1)"),
           FLAG(0, "bash-completion", "the bash completion script")),
      "[COMMAND]",
      "Show commands, or one command's options", NULL },
    { "version", cmd_version, 0, NULL, "", "Show xyl's version and the libxl it uses", NULL },
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
