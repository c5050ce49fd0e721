/*
 * plan_list.c - see plan_list.h.
 */
#include "plan/plan_list.h"
#include "base/json_out.h"
#include "base/util.h"

#include <string.h>

static const char *def_of(const struct plan_action *a)
{
    switch (a->kind) {
    case PLAN_UNCHANGED: return "unchanged";
    case PLAN_UPDATE: return "drifted";
    case PLAN_RECREATE: return "drifted (recreate)";
    case PLAN_CREATE: return "shut off";
    case PLAN_CONFLICT: return "not xyl's";
    case PLAN_KEEP:
    case PLAN_DESTROY: return "file gone";
    }
    return "";
}

int plan_list_rows(const struct plan_folder *pr, const libxl_dominfo *info, char *const *names,
                   int n, struct list_row **rows)
{
    const struct plan *p = &pr->plan;
    struct list_row *r = xcalloc((size_t)n + (size_t)p->n + 1, sizeof(*r));
    int i, k, m = 0;

    for (i = 0; i < n; i++) {
        struct list_row *row = &r[m++];

        row->name = names[i] ? names[i] : "(null)";
        row->domid = info[i].domid;
        row->mem_mib = (unsigned long)((info[i].current_memkb + info[i].outstanding_memkb) / 1024);
        row->vcpus = info[i].vcpu_online;
        xen_state_flags(&info[i], row->state);
        row->time_s = (double)info[i].cpu_time / 1e9;
        row->def = "";
        for (k = 0; k < p->n; k++) {
            const struct plan_action *a = &p->v[k];

            if (a->have >= 0 && pr->obs.v[a->have].domid == info[i].domid) {
                row->def = def_of(a);
                break;
            }
        }
    }
    for (k = 0; k < p->n; k++) {
        const struct plan_action *a = &p->v[k];
        const libxl_domain_config *dc;
        struct list_row *row;

        if (a->kind != PLAN_CREATE || a->want < 0)
            continue;
        dc = pr->want[a->want].dc;
        row = &r[m++];
        row->name = a->name;
        row->domid = -1;
        row->mem_mib = (unsigned long)(dc->b_info.target_memkb / 1024);
        row->vcpus = dc->b_info.max_vcpus;
        memcpy(row->state, "------", 7);
        row->def = "shut off";
    }
    *rows = r;
    return m;
}

void plan_list_print(const struct list_row *r, int n, FILE *f)
{
    int i;

    fprintf(f, "%-40s %5s %5s %5s     %-6s  %8s  %s\n", "Name", "ID", "Mem", "VCPUs", "State",
            "Time(s)", "Definition");
    for (i = 0; i < n; i++) {
        if (r[i].domid >= 0)
            fprintf(f, "%-40s %5ld %5lu %5d     %s  %8.1f  %s\n", r[i].name, r[i].domid,
                    r[i].mem_mib, r[i].vcpus, r[i].state, r[i].time_s, r[i].def);
        else
            fprintf(f, "%-40s %5s %5lu %5d     %s  %8s  %s\n", r[i].name, "-", r[i].mem_mib,
                    r[i].vcpus, r[i].state, "-", r[i].def);
    }
}

void plan_list_print_json(const struct list_row *r, int n)
{
    yajl_gen g = json_gen_new();
    int i;

    yajl_gen_array_open(g);
    for (i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        json_str(g, "name"); json_str(g, r[i].name);
        json_str(g, "domid");
        if (r[i].domid >= 0)
            yajl_gen_integer(g, r[i].domid);
        else
            yajl_gen_null(g);
        json_str(g, "mem_mib"); yajl_gen_integer(g, (long long)r[i].mem_mib);
        json_str(g, "vcpus"); yajl_gen_integer(g, r[i].vcpus);
        json_str(g, "state"); json_str(g, r[i].domid >= 0 ? r[i].state : "shut off");
        json_str(g, "time_s");
        if (r[i].domid >= 0)
            yajl_gen_double(g, r[i].time_s);
        else
            yajl_gen_null(g);
        json_str(g, "definition"); json_str(g, r[i].def);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    json_gen_print(g);
}
