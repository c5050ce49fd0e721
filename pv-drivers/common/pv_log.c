/*
 * pv_log.c - see pv_log.h.
 */
#include "pv_log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

int pv_verbose;
const char *pv_log_name = "xyl-pv";
long pv_log_lines;
int pv_log_quiet;

/* both daemon threads log: a line is written whole, and counted, under it */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

long pv_log_count(void)
{
    long n;

    pthread_mutex_lock(&log_lock);
    n = pv_log_lines;
    pthread_mutex_unlock(&log_lock);
    return n;
}

static void vlog(const char *fmt, va_list ap)
{
    char when[32];
    struct timespec ts;
    struct tm tm;

    pthread_mutex_lock(&log_lock);
    pv_log_lines++;
    if (!pv_log_quiet) {
        clock_gettime(CLOCK_REALTIME, &ts);
        localtime_r(&ts.tv_sec, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
        fprintf(stderr, "%s.%03ld %s: ", when, ts.tv_nsec / 1000000, pv_log_name);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        fflush(stderr);
    }
    pthread_mutex_unlock(&log_lock);
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
