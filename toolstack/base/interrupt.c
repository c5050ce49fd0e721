/*
 * interrupt.c - SIGINT/SIGTERM as a flag (see interrupt.h).
 */
#include "base/interrupt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static volatile sig_atomic_t got;
static bool said;

static void on_signal(int sig)
{
    got = sig;
}

static void set(void (*handler)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;            /* no SA_RESTART */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void interrupt_catch(void)
{
    set(on_signal);
}

void interrupt_default(void)
{
    set(SIG_DFL);
}

int interrupted(void)
{
    return got;
}

bool interrupt_check(const char *what)
{
    int sig = got;

    if (!sig)
        return false;
    if (!said)
        fprintf(stderr, "xyl: interrupted (%s): %s\n", sig == SIGINT ? "SIGINT" : "SIGTERM", what);
    said = true;
    return true;
}

void interrupt_clear(void)
{
    got = 0;
    said = false;
}
