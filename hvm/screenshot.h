/*
 * screenshot.h - an HVM guest's screen as a PNG file: QEMU's screendump
 * (a PPM) into a private folder, converted with libpng, written beside the
 * target and moved into place; nothing is left behind on failure.
 */
#ifndef XYL_HVM_SCREENSHOT_H
#define XYL_HVM_SCREENSHOT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The largest screen accepted from a PPM (QEMU's VGA stops at 2560x1600;
 * bochs/qxl modes stay far below). */
#define SHOT_MAX_DIM 16384

/* What a screenshot held. */
struct shot_info {
    long width, height;
    bool blank;             /* every pixel the same colour */
};

/* Read a binary PPM (P6, maxval 255) from in and write it as an 8-bit RGB
 * PNG to out, its size and blankness into info; the PPM is checked as hostile (header, size, truncation).
 * 0, or -1 with one line printed naming src. */
int ppm_to_png(FILE *in, FILE *out, const char *src, struct shot_info *info);

/* Convert the PPM at ppm to the PNG dest: written to a temporary file in
 * dest's folder, then moved to dest; an existing dest is replaced only
 * with force (refused atomically otherwise).  Nothing is left on failure. */
int ppm_file_to_png(const char *ppm, const char *dest, bool force, struct shot_info *info);

/* xyl screenshot: the screen of domain domid (named name) into dest. */
int hvm_screenshot(uint32_t domid, const char *name, const char *dest, bool force,
                   struct shot_info *info);

#endif
