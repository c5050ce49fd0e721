/*
 * pvgrub.c - pvgrub firmware names to the images of Debian's
 * grub-xen-host, and back (pvgrub.h).
 */
#include "model/pvgrub.h"
#include "model/guest.h"

#include <string.h>

#define PV64 PVGRUB_DIR "/grub-x86_64-xen.bin"
#define PV32 PVGRUB_DIR "/grub-i386-xen.bin"
#define PVH PVGRUB_DIR "/grub-i386-xen_pvh.bin"

const char *const pvgrub_images[] = { PV64, PV32, PVH, NULL };

const char *pvgrub_image(int type, const char *firmware)
{
    int is64;

    if (!firmware || (type != XYL_PV && type != XYL_PVH))
        return NULL;
    if (!strcmp(firmware, "pvgrub64"))
        is64 = 1;
    else if (!strcmp(firmware, "pvgrub32"))
        is64 = 0;
    else
        return NULL;
    if (type == XYL_PVH)
        return PVH;
    return is64 ? PV64 : PV32;
}

const char *pvgrub_name(int type, const char *path)
{
    if (!path)
        return NULL;
    if (type == XYL_PV && !strcmp(path, PV64))
        return "pvgrub64";
    if (type == XYL_PV && !strcmp(path, PV32))
        return "pvgrub32";
    if (type == XYL_PVH && !strcmp(path, PVH))
        return "pvgrub64";      /* the name the examples use; pvgrub32 is the same image */
    return NULL;
}
