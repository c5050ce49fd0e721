/*
 * command.c - the table of subcommands.
 */
#include "command.h"

#include <stdio.h>
#include <string.h>

const struct xyl_cmd xyl_commands[] = {
    { "create", cmd_create, "[-p] FILE.yaml",
      "Create a guest from its YAML definition",
      "  -p         leave the guest paused after creation\n"
      "  (global -N: print the libxl JSON that would be used, like xl -N create)\n" },
    { "destroy", cmd_destroy, "NAME|ID",
      "Terminate a guest immediately and remove its devices and xenstore entries", "" },
    { "shutdown", cmd_shutdown, "[-w] [-F] NAME|ID",
      "Ask a guest to shut down",
      "  -w         wait until the guest has shut down\n"
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
    { "list", cmd_list, "[--json] [NAME|ID...]",
      "List guests: Name ID Mem VCPUs State Time(s)",
      "  --json     machine-readable output (libxl's yajl)\n" },
    { "info", cmd_info, "[--json]",
      "Show host and hypervisor facts (version, capabilities, memory)",
      "  --json     machine-readable output\n" },
    { "validate", cmd_validate, "PATH...",
      "Check guest definitions (files or folders) and report every error",
      "  Exit 0 when valid, 1 when any error was found, 2 on usage errors.\n"
      "  Folders are searched for *.yaml and *.yml; names, UUIDs and MACs\n"
      "  must be unique across everything given.\n"
      "  -q         print nothing, only set the exit code\n" },
    { "import-xl", cmd_import_xl, "[--lossy] FILE.cfg",
      "Convert an xl.cfg file to a YAML guest definition (stdout)", "" },
    { "export-xl", cmd_export_xl, "FILE.yaml",
      "Convert a YAML guest definition to an xl.cfg file (stdout)", "" },
    { "schema", cmd_schema, "[--markdown]",
      "Print the JSON Schema of guest definitions (or the docs table)", "" },
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
