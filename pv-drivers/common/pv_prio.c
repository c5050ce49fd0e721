/*
 * pv_prio.c - see pv_prio.h.
 */
#include "pv_prio.h"
#include "pv_log.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

void pv_raise_priority(int nice)
{
    int now;

    errno = 0;
    now = getpriority(PRIO_PROCESS, 0);  /* -1 is a nice value too: errno says */
    if (errno)
        now = 0;
    if (now <= nice)
        return;
    if (setpriority(PRIO_PROCESS, 0, nice))
        pv_log("cannot run at nice %d (%s); serving at nice %d", nice, strerror(errno), now);
}
