/*
 * pv_log.c - see pv_log.h.
 */
#include "pv_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

int pv_verbose;
const char *pv_log_name = "xyl-pv";
long pv_log_lines;
int pv_log_quiet;

static void vlog(const char *fmt, va_list ap)
{
    char when[32];
    struct timespec ts;
    struct tm tm;

    if (pv_log_quiet) {
        pv_log_lines++;
        return;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(stderr, "%s.%03ld %s: ", when, ts.tv_nsec / 1000000, pv_log_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    fflush(stderr);
    pv_log_lines++;
}

void pv_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(fmt, ap);
    va_end(ap);
}

void pv_debug(const char *fmt, ...)
{
    va_list ap;

    if (!pv_verbose)
        return;
    va_start(ap, fmt);
    vlog(fmt, ap);
    va_end(ap);
}
