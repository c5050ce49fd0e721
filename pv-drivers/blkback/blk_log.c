/*
 * blk_log.c - see blk_log.h.
 */
#include "blk_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

int blk_verbose;

static void vlog(const char *fmt, va_list ap)
{
    char when[32];
    struct timespec ts;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(stderr, "%s.%03ld xyl-blkback: ", when, ts.tv_nsec / 1000000);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    fflush(stderr);
}

void blk_log(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(fmt, ap);
    va_end(ap);
}

void blk_debug(const char *fmt, ...)
{
    va_list ap;

    if (!blk_verbose)
        return;
    va_start(ap, fmt);
    vlog(fmt, ap);
    va_end(ap);
}
