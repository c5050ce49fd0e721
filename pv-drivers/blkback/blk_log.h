/*
 * blk_log.h - xyl-blkback's log: one line per event, with a timestamp, to
 * stderr (the log file when running as a daemon).
 */
#ifndef XYL_BLK_LOG_H
#define XYL_BLK_LOG_H

extern int blk_verbose;

void blk_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* only with -v */
void blk_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
