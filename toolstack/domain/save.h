/*
 * save.h - saving a guest to a file and bringing it back (xyl save, xyl
 * restore), in xl's save-file format: the header and JSON configuration
 * of savefile.h, then libxl's stream.  Both open libxl themselves, print
 * one line on failure and leave nothing half done: a failed save resumes
 * the guest and removes the partial file, a failed restore destroys the
 * domain and keeps FILE.
 */
#ifndef XYL_SAVE_H
#define XYL_SAVE_H

#define SAVE_CHECKPOINT    0x1  /* leave the guest running afterwards */
#define SAVE_PAUSED        0x2  /* leave it paused instead of destroying it */
#define SAVE_FORCE         0x4  /* replace FILE if it exists */

/* Save the guest what (name or ID) to file.  0 or -1. */
int domain_save(const char *what, const char *file, unsigned flags, int verbose);

#define RESTORE_PAUSED     0x1  /* leave the restored guest paused */
#define RESTORE_NO_MONITOR 0x2  /* no monitor process (create -e) */

/* Restore the guest in file.  0 or -1. */
int domain_restore(const char *file, unsigned flags, int verbose);

#endif
