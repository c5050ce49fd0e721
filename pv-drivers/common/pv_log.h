/*
 * pv_log.h - the userspace backends' log: one line per event, with a
 * timestamp and the daemon's name, to stderr (the log file when running as
 * a daemon).
 */
#ifndef XYL_PV_LOG_H
#define XYL_PV_LOG_H

extern int pv_verbose;
extern const char *pv_log_name;      /* "xyl-blkback", set by main() */
extern long pv_log_lines;            /* lines written (the tests count them) */
long pv_log_count(void);             /* the same, read under the log's lock (threads) */
extern int pv_log_quiet;             /* count the lines, write none (tests) */

void pv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* only with -v */
void pv_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
