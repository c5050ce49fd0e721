/*
 * pvgrub.h - what `firmware: pvgrub64`/`pvgrub32` of PV and PVH guests
 * boot: the GRUB images Debian ships for Xen guests in grub-xen-host
 * (the names are Debian's; xl's own pvgrub*.bin under XENFIRMWAREDIR is
 * not packaged).  Pure names: whether the file is there is asked at
 * create time and by host-check, never by validation.
 */
#ifndef XYL_PVGRUB_H
#define XYL_PVGRUB_H

#define PVGRUB_DIR "/usr/lib/grub-xen"
#define PVGRUB_PACKAGE "grub-xen-host"

/* The image for a guest type (XYL_PV or XYL_PVH) and firmware name;
 * NULL if the name is no pvgrub name or the type is HVM.  PV: pvgrub64 is
 * grub-x86_64-xen.bin, pvgrub32 grub-i386-xen.bin; PVH: both are
 * grub-i386-xen_pvh.bin (GRUB for PVH starts 32- and 64-bit kernels). */
const char *pvgrub_image(int type, const char *firmware);

/* The other way (xl.cfg import, adopting a running guest): the firmware
 * name whose image is path for that type, or NULL. */
const char *pvgrub_name(int type, const char *path);

/* Every image, for host-check: NULL-terminated. */
extern const char *const pvgrub_images[];

#endif
