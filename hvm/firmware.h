/*
 * firmware.h - the files an HVM guest's firmware comes from on Debian's
 * Xen 4.17 (hvmloader, SeaBIOS, OVMF), whether this host has them, and a
 * create that says which one is missing before libxl fails on it.
 */
#ifndef XYL_HVM_FIRMWARE_H
#define XYL_HVM_FIRMWARE_H

#include <libxl.h>

#include "host/hostcheck.h"

struct hvm_fw_file {
    const char *check;      /* host-check's key: firmware:NAME */
    const char *path;       /* where Debian's libxl looks */
    const char *package;    /* the Debian package that ships it */
    const char *used_by;    /* which guests need it */
};

/* hvmloader, SeaBIOS, OVMF: the table, ended by a NULL check */
extern const struct hvm_fw_file hvm_fw_files[];

/* host-check's lines: OK when there, WARN (with the apt-get line) when not;
 * root as for hostcheck_run. */
void hvm_firmware_hostcheck(const char *root, struct hc_report *r);

/* Whether an HVM dc's firmware files are under root ("/"): 0, or -1 with
 * one line naming the file and the package.  Other types: 0. */
int hvm_firmware_ready(const char *root, const libxl_domain_config *dc);

#endif
