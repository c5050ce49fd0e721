/*
 * plan_side.h - one side of a plan in the planner's tests (test_plan.c,
 * test_state.c): a guest loaded from YAML and mapped to its
 * libxl_domain_config, as the folder or the host would hold it.
 */
#ifndef XYL_TEST_PLAN_SIDE_H
#define XYL_TEST_PLAN_SIDE_H

#include "unit.h"
#include "xen/libxl_map.h"

struct side {
    struct xyl_guest g;
    struct diags d;
    libxl_domain_config dc;
};

static inline void side(struct side *s, const char *yaml)
{
    memset(s, 0, sizeof(*s));
    if (load(&s->g, &s->d, yaml))
        fail_msg("does not load:\n%s", diag_text(&s->d));
    assert_int_equal(guest_to_libxl(&s->g, NULL, &s->dc, &s->d), 0);
}

static inline void unside(struct side *s)
{
    libxl_domain_config_dispose(&s->dc);
    done(&s->g, &s->d);
}

#endif
