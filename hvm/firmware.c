/*
 * firmware.c - where Debian's Xen 4.17 finds an HVM guest's firmware.
 * libxl loads hvmloader from its firmware folder and hands it SeaBIOS or
 * OVMF as a module read from a fixed path; Debian builds libxl with
 * /usr/share/seabios/bios-256k.bin and /usr/share/ovmf/OVMF.fd (the strings
 * are in libxenlight.so.4.17; xen-utils-4.17 only Suggests seabios and
 * ovmf).  Without the file libxl fails deep in the build with a message
 * about a module; xyl says which file and which package instead.
 */
#include "hvm/firmware.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Debian's libxl (LIBXL_FIRMWARE_DIR of the xen-4.17 build) */
#define HVMLOADER "/usr/lib/xen-4.17/boot/hvmloader"

const struct hvm_fw_file hvm_fw_files[] = {
    { "firmware:hvmloader", HVMLOADER, "xen-utils-4.17", "every hvm guest" },
    { "firmware:seabios", "/usr/share/seabios/bios-256k.bin", "seabios",
      "hvm guests with firmware: bios/seabios (the default)" },
    { "firmware:ovmf", "/usr/share/ovmf/OVMF.fd", "ovmf", "hvm guests with firmware: ovmf/uefi" },
    { NULL, NULL, NULL, NULL },
};

static bool there(const char *root, const char *path)
{
    size_t n = strlen(root);
    char *p;
    struct stat st;
    bool r;

    while (n > 0 && root[n - 1] == '/')
        n--;
    p = xasprintf("%.*s%s", (int)n, root, path);
    r = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return r;
}

void hvm_firmware_hostcheck(const char *root, struct hc_report *r)
{
    const struct hvm_fw_file *f;

    for (f = hvm_fw_files; f->check; f++) {
        char *fix = xasprintf("apt-get install %s", f->package);
        if (there(root, f->path))
            hc_add(r, HC_OK, f->check, NULL, "%s", f->path);
        else
            hc_add(r, HC_WARN, f->check, fix, "%s is missing (needed by %s)", f->path,
                   f->used_by);
        free(fix);
    }
}

static const struct hvm_fw_file *fw(const char *check)
{
    const struct hvm_fw_file *f;

    for (f = hvm_fw_files; f->check; f++)
        if (!strcmp(f->check, check))
            return f;
    return NULL;
}

int hvm_firmware_ready(const char *root, const libxl_domain_config *dc)
{
    const libxl_domain_build_info *b = &dc->b_info;
    const struct hvm_fw_file *need[2] = { NULL, NULL };
    int i;

    if (dc->c_info.type != LIBXL_DOMAIN_TYPE_HVM)
        return 0;
    if (!b->u.hvm.firmware)         /* firmware: PATH replaces hvmloader */
        need[0] = fw("firmware:hvmloader");
    if (b->u.hvm.bios == LIBXL_BIOS_TYPE_OVMF)
        need[1] = fw("firmware:ovmf");
    else if (b->u.hvm.bios != LIBXL_BIOS_TYPE_ROMBIOS && !b->u.hvm.system_firmware &&
             b->device_model_version != LIBXL_DEVICE_MODEL_VERSION_QEMU_XEN_TRADITIONAL)
        need[1] = fw("firmware:seabios");
    for (i = 0; i < 2; i++) {
        if (need[i] && !there(root, need[i]->path)) {
            fprintf(stderr, "xyl: cannot start %s: %s is missing (needed by %s; Debian: "
                    "apt-get install %s)\n", dc->c_info.name ? dc->c_info.name : "the guest",
                    need[i]->path, need[i]->used_by, need[i]->package);
            return -1;
        }
    }
    return 0;
}
