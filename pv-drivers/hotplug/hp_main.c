/*
 * hp_main.c - main() of each compiled hotplug script: its row (hp_main.h)
 * run.  Exit 0 on success, 1 on failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hp_main.h"

/* a reason's room: block.c's longest (the sharing check's, with a path)
 * fits; every reason of vif_bridge.c is below 256 bytes */
#define HP_WHY_MAX 1024

static const char *env(const char *name)
{
    return getenv(name);
}

int main(int argc, char **argv)
{
    const struct hp_prog *p = &hp_prog;
    struct hp_call call = { 0, "", false };
    struct hp_xs xs;
    char why[HP_WHY_MAX];
    int e;

    if (p->parse(argc, argv, env, &call, why, sizeof(why))) {
        fprintf(stderr, "%s: %s\n", p->name, why);
        return 1;
    }
    if (call.nothing)
        return 0;
    if (hp_xs_open(&xs, p->xs_max)) {
        e = errno;
        fprintf(stderr, "%s: cannot open xenstore: %s\n", p->name, strerror(e));
        return 1;
    }
    if (p->open && p->open(why, sizeof(why))) {
        fprintf(stderr, "%s: %s\n", p->name, why);
        hp_xs_close(&xs);
        return 1;
    }
    why[0] = '\0';
    e = p->handler(&xs, why, sizeof(why));
    if (e || why[0])
        fprintf(stderr, "%s: %s %s: %s\n", p->name, p->actions[call.action], call.who, why);
    if (p->close)
        p->close();
    hp_xs_close(&xs);
    return e ? 1 : 0;
}
