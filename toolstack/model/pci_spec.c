/*
 * pci_spec.c - see pci_spec.h.
 *
 * libxlutil 4.17's parse_bdf() (tools/libs/util/libxlu_pci.c) counts the
 * colons of the leading hex-and-colon run, then reads "%x:%x.%n" (one
 * colon) or "%x:%x:%x.%n" (two) and checks only that the numbers were
 * read.  When the '.' is missing, sscanf stops before %n, which stays
 * unset, and the parser moves its pointer by that garbage and reads there:
 * a SEGV that fuzz_xlcfg found (2026-12-07) with a `pci` item such as
 * "0:0", reached from `xyl validate` of a YAML definition and from `xyl
 * import-xl`.  Real `xl create` crashes on the same text.  The check below
 * runs the same scan with n preset, so it flags exactly those strings.
 */
#include "model/pci_spec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool pci_bdf_trips_libxlutil(const char *bdf)
{
    unsigned int a, b, c, colons = 0;
    const char *p;
    int n = -1;

    for (p = bdf; isxdigit((unsigned char)*p) || *p == ':'; p++)
        colons += *p == ':';
    if (colons == 1)
        return sscanf(bdf, "%x:%x.%n", &a, &b, &n) == 2 && n < 0;
    if (colons == 2)
        return sscanf(bdf, "%x:%x:%x.%n", &a, &b, &c, &n) == 3 && n < 0;
    return false;     /* libxlutil refuses other counts before its sscanf */
}

/* libxlutil splits the options at ',' and at a key's first '='; a value
 * of the key "bdf" goes to parse_bdf() on its own */
static bool a_bdf_value_trips(const char *spec)
{
    const char *p = spec;

    for (;;) {
        size_t len = strcspn(p, ",");

        if (len > 4 && !strncmp(p, "bdf=", 4)) {
            char *val = strndup(p + 4, len - 4);
            bool trips = !val || pci_bdf_trips_libxlutil(val);

            free(val);
            if (trips)
                return true;
        }
        if (!p[len])
            return false;
        p += len + 1;
    }
}

int pci_spec_parse(XLU_Config *cfg, libxl_device_pci *pci, const char *spec)
{
    if (pci_bdf_trips_libxlutil(spec) || a_bdf_value_trips(spec))
        return ERROR_INVAL;
    return xlu_pci_parse_spec_string(cfg, pci, spec);
}
