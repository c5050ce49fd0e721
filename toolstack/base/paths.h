/*
 * paths.h - the installed locations xyl is built with (`make install` and
 * the Debian package pass them as -D flags; these are the defaults).
 */
#ifndef XYL_PATHS_H
#define XYL_PATHS_H

/* xyl-blkback and xyl-netback; a build tree's xyl first looks next to itself */
#ifndef XYL_LIBEXECDIR
#define XYL_LIBEXECDIR "/usr/local/libexec/xyl"
#endif

/* guest.schema.json */
#ifndef XYL_DATADIR
#define XYL_DATADIR "/usr/local/share/xyl"
#endif

#endif
