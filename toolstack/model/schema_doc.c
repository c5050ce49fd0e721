/*
 * schema_doc.c - JSON Schema (draft-07: what yaml-language-server and most
 * editors read) and Markdown from the tables.
 */
#include "model/schema_doc.h"
#include "model/schema.h"
#include "base/paths.h"

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#define S(g, s) yajl_gen_string((g), (const unsigned char *)(s), strlen(s))

static const char size_pattern[] = "^[0-9]+ *([KkMmGgTt](iB|B)?)?$";

static void gen_keyset(yajl_gen g, const struct xyl_keyset *ks);

/* Patterns for strings whose shape the loader checks (schema_check.c):
 * the editor then flags them while typing. */
static const struct { const char *key, *pattern; } string_patterns[] = {
    { "name", "^(?![0-9]+$)(?!Domain-0$)(?! )(?!.* $)[A-Za-z0-9 _.@:+,=~-]{1,64}$" },
    { "uuid", "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" },
    { "mac", "^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$" },
};

static const char *string_pattern(const char *key)
{
    size_t i;
    for (i = 0; i < sizeof(string_patterns) / sizeof(string_patterns[0]); i++)
        if (!strcmp(string_patterns[i].key, key))
            return string_patterns[i].pattern;
    return NULL;
}

static void guests_note(struct strbuf *sb, unsigned guests)
{
    if (guests == XYL_ALL)
        return;
    sb_adds(sb, " (");
    if (guests & XYL_PV) sb_adds(sb, "pv");
    if (guests & XYL_PVH) sb_adds(sb, guests & XYL_PV ? ", pvh" : "pvh");
    if (guests & XYL_HVM) sb_adds(sb, guests != XYL_HVM ? ", hvm" : "hvm");
    sb_adds(sb, " only)");
}

static void gen_choices(yajl_gen g, const char *const *choices)
{
    int i;
    S(g, "enum");
    yajl_gen_array_open(g);
    for (i = 0; choices[i]; i++)
        S(g, choices[i]);
    yajl_gen_array_close(g);
}

static void gen_key(yajl_gen g, const struct xyl_key *k)
{
    struct strbuf desc = STRBUF_INIT;

    sb_adds(&desc, k->doc);
    guests_note(&desc, k->guests);
    yajl_gen_map_open(g);
    S(g, "description");
    S(g, sb_str(&desc));
    switch (k->vtype) {
    case VT_STRING:     /* any scalar but a boolean (see parse_string) */
        S(g, "type");
        if (string_pattern(k->name)) {
            S(g, "string");
            S(g, "pattern"); S(g, string_pattern(k->name));
            break;
        }
        yajl_gen_array_open(g); S(g, "string"); S(g, "number"); yajl_gen_array_close(g);
        break;
    case VT_INT:
        S(g, "type"); S(g, "integer");
        S(g, "minimum"); yajl_gen_integer(g, k->min);
        S(g, "maximum"); yajl_gen_integer(g, k->max);
        break;
    case VT_SIZE:
        S(g, "oneOf");
        yajl_gen_array_open(g);
        yajl_gen_map_open(g);
        S(g, "type"); S(g, "integer");
        S(g, "minimum"); yajl_gen_integer(g, k->min);
        S(g, "maximum"); yajl_gen_integer(g, k->max);
        yajl_gen_map_close(g);
        yajl_gen_map_open(g);
        S(g, "type"); S(g, "string");
        S(g, "pattern"); S(g, size_pattern);
        yajl_gen_map_close(g);
        yajl_gen_array_close(g);
        break;
    case VT_BOOL:
        S(g, "type"); S(g, "boolean");
        break;
    case VT_ENUM:
        gen_choices(g, k->choices);
        break;
    case VT_STRLIST:
        S(g, "type"); S(g, "array");
        S(g, "items"); yajl_gen_map_open(g); S(g, "type"); S(g, "string"); yajl_gen_map_close(g);
        break;
    case VT_STRMAP:
        S(g, "type"); S(g, "object");
        S(g, "propertyNames");
        yajl_gen_map_open(g);
        S(g, "pattern"); S(g, "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$");
        yajl_gen_map_close(g);
        S(g, "additionalProperties");
        yajl_gen_map_open(g);
        S(g, "type");
        yajl_gen_array_open(g); S(g, "string"); S(g, "number"); S(g, "boolean"); S(g, "null");
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
        break;
    case VT_ORDER:      /* a list, or xl's letters ("dc") */
        S(g, "oneOf");
        yajl_gen_array_open(g);
        yajl_gen_map_open(g);
        S(g, "type"); S(g, "array");
        S(g, "minItems"); yajl_gen_integer(g, 1);
        S(g, "uniqueItems"); yajl_gen_bool(g, 1);
        S(g, "items"); yajl_gen_map_open(g); gen_choices(g, k->choices); yajl_gen_map_close(g);
        yajl_gen_map_close(g);
        yajl_gen_map_open(g);
        S(g, "type"); S(g, "string");
        S(g, "pattern"); S(g, "^[cdn]{1,3}$");
        yajl_gen_map_close(g);
        yajl_gen_array_close(g);
        break;
    case VT_MAP:
        gen_keyset(g, k->sub);
        break;
    case VT_DOC:        /* a file, or any mapping */
        S(g, "type");
        yajl_gen_array_open(g); S(g, "string"); S(g, "object"); yajl_gen_array_close(g);
        break;
    case VT_BOOL_OR_MAP:
        S(g, "oneOf");
        yajl_gen_array_open(g);
        yajl_gen_map_open(g); S(g, "type"); S(g, "boolean"); yajl_gen_map_close(g);
        yajl_gen_map_open(g); gen_keyset(g, k->sub); yajl_gen_map_close(g);
        yajl_gen_array_close(g);
        break;
    case VT_LIST:
        S(g, "type"); S(g, "array");
        S(g, "items");
        yajl_gen_map_open(g);
        S(g, "oneOf");
        yajl_gen_array_open(g);
        yajl_gen_map_open(g);
        S(g, "type"); S(g, "string");
        S(g, "description"); S(g, k->sub->string_form_doc);
        yajl_gen_map_close(g);
        yajl_gen_map_open(g); gen_keyset(g, k->sub); yajl_gen_map_close(g);
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
        break;
    }
    yajl_gen_map_close(g);
    sb_free(&desc);
}

/* "type": "object", properties, required, additionalProperties: false
 * (emitted inside an already open map) */
static void gen_keyset(yajl_gen g, const struct xyl_keyset *ks)
{
    size_t i;
    int nreq = 0;

    S(g, "type"); S(g, "object");
    S(g, "additionalProperties"); yajl_gen_bool(g, 0);
    for (i = 0; i < ks->n; i++)
        nreq += ks->keys[i].required;
    if (nreq) {
        S(g, "required");
        yajl_gen_array_open(g);
        for (i = 0; i < ks->n; i++)
            if (ks->keys[i].required)
                S(g, ks->keys[i].name);
        yajl_gen_array_close(g);
    }
    S(g, "properties");
    yajl_gen_map_open(g);
    for (i = 0; i < ks->n; i++) {
        S(g, ks->keys[i].name);
        gen_key(g, &ks->keys[i]);
    }
    yajl_gen_map_close(g);
}

/* For each guest type, the top-level keys it must not have. */
static void gen_type_rules(yajl_gen g)
{
    static const struct { unsigned bit; const char *name; } types[] = {
        { XYL_PV, "pv" }, { XYL_PVH, "pvh" }, { XYL_HVM, "hvm" },
    };
    size_t t, i;

    S(g, "allOf");
    yajl_gen_array_open(g);
    for (t = 0; t < 3; t++) {
        yajl_gen_map_open(g);
        S(g, "if");
        yajl_gen_map_open(g);
        S(g, "properties");
        yajl_gen_map_open(g);
        S(g, "type"); yajl_gen_map_open(g); S(g, "const"); S(g, types[t].name); yajl_gen_map_close(g);
        yajl_gen_map_close(g);
        yajl_gen_map_close(g);
        S(g, "then");
        yajl_gen_map_open(g);
        S(g, "properties");
        yajl_gen_map_open(g);
        for (i = 0; i < xyl_guest_keys.n; i++) {
            if (xyl_guest_keys.keys[i].guests & types[t].bit)
                continue;
            S(g, xyl_guest_keys.keys[i].name);
            yajl_gen_bool(g, 0);
        }
        yajl_gen_map_close(g);
        yajl_gen_map_close(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

char *schema_json(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;
    char *out;

    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_config(g, yajl_gen_indent_string, "  ");
    yajl_gen_map_open(g);
    S(g, "$schema"); S(g, "http://json-schema.org/draft-07/schema#");
    S(g, "title"); S(g, "xyl guest definition, schema v1");
    S(g, "description");
    S(g, "One Xen guest (pv, pvh or hvm) for xyl. Generated by 'xyl schema' "
         "from the key table in toolstack/model/schema.c; do not edit by hand.");
    gen_keyset(g, &xyl_guest_keys);
    gen_type_rules(g);
    yajl_gen_map_close(g);
    yajl_gen_get_buf(g, &buf, &len);
    out = xstrndup((const char *)buf, len);
    yajl_gen_free(g);
    return out;
}

static const char *vtype_doc(const struct xyl_key *k)
{
    switch (k->vtype) {
    case VT_STRING: return "string";
    case VT_INT: return "integer";
    case VT_SIZE: return "size";
    case VT_BOOL: return "bool";
    case VT_ENUM: return "choice";
    case VT_STRLIST: return "list of strings";
    case VT_STRMAP: return "mapping";
    case VT_ORDER: return "list of choices";
    case VT_MAP: return "mapping";
    case VT_BOOL_OR_MAP: return "bool or mapping";
    case VT_LIST: return "list";
    case VT_DOC: return "file or mapping";
    }
    return "?";
}

static void md_keyset(struct strbuf *out, const struct xyl_keyset *ks, const char *title)
{
    size_t i;
    int c;

    sb_addf(out, "\n### %s\n\n| key | type | guests | xl.cfg | meaning |\n|---|---|---|---|---|\n", title);
    for (i = 0; i < ks->n; i++) {
        const struct xyl_key *k = &ks->keys[i];
        sb_addf(out, "| `%s`%s | %s | %s%s%s | %s | %s",
                k->name, k->required ? " (required)" : "", vtype_doc(k),
                k->guests & XYL_PV ? "pv " : "", k->guests & XYL_PVH ? "pvh " : "",
                k->guests & XYL_HVM ? "hvm" : "",
                k->xl_name ? k->xl_name : "-", k->doc);
        if (k->choices) {
            sb_adds(out, " One of:");
            for (c = 0; k->choices[c]; c++)
                sb_addf(out, " `%s`", k->choices[c]);
            sb_adds(out, ".");
        }
        if (k->vtype == VT_INT || k->vtype == VT_SIZE)
            sb_addf(out, " Range %ld to %ld%s.", k->min, k->max, k->vtype == VT_SIZE ? " MiB" : "");
        sb_adds(out, " |\n");
    }
    if (ks->string_form_doc)
        sb_addf(out, "\nAn item may also be %s.\n", ks->string_form_doc);
}

/* roff: backslashes and hyphens escaped, a leading dot or quote guarded */
static void roff_adds(struct strbuf *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        sb_adds(out, "\\&");
    for (; *s; s++) {
        if (*s == '\\')
            sb_adds(out, "\\e");
        else if (*s == '-')
            sb_adds(out, "\\-");
        else if (*s == '`')
            continue;               /* Markdown code quotes in the docs */
        else
            sb_addf(out, "%c", *s);
    }
}

/* The reference's sections, in order, for both the Markdown table and the
 * man page: the key path (quoted as code in Markdown) and what it holds. */
static const struct doc_section {
    const struct xyl_keyset *ks;
    const char *path;               /* NULL: the guest's own keys */
    const char *what;
} doc_sections[] = {
    { &xyl_guest_keys, NULL, "Guest keys" },
    { &xyl_disk_keys, "disks:", "items" },
    { &xyl_nic_keys, "networks:", "items" },
    { &xyl_vtpm_keys, "vtpms:", "items" },
    { &xyl_fb_keys, "framebuffer:", "keys" },
    { &xyl_hvm_keys, "hvm:", "keys" },
    { &xyl_vnc_keys, "hvm.vnc:", "keys" },
    { &xyl_spice_keys, "hvm.spice:", "keys" },
};

static char *section_title(const struct doc_section *d, const char *quote)
{
    if (!d->path)
        return xstrdup(d->what);
    return xasprintf("%s%s%s %s", quote, d->path, quote, d->what);
}

static void man_keyset(struct strbuf *out, const struct xyl_keyset *ks, const char *title)
{
    size_t i;
    int c;

    sb_adds(out, ".SS ");
    roff_adds(out, title);
    sb_adds(out, "\n");
    for (i = 0; i < ks->n; i++) {
        const struct xyl_key *k = &ks->keys[i];
        sb_adds(out, ".TP\n.BR ");
        roff_adds(out, k->name);
        sb_addf(out, " \" (%s%s%s%s%s%s%s)\"\n", vtype_doc(k),
                k->required ? ", required" : "",
                k->guests == XYL_ALL ? "" : ", ",
                k->guests != XYL_ALL && (k->guests & XYL_PV) ? "pv " : "",
                k->guests != XYL_ALL && (k->guests & XYL_PVH) ? "pvh " : "",
                k->guests != XYL_ALL && (k->guests & XYL_HVM) ? "hvm " : "",
                k->guests == XYL_ALL ? "" : "only");
        roff_adds(out, k->doc);
        if (k->choices) {
            sb_adds(out, " One of:");
            for (c = 0; k->choices[c]; c++) {
                sb_adds(out, c ? ", " : " ");
                roff_adds(out, k->choices[c]);
            }
            sb_adds(out, ".");
        }
        if (k->vtype == VT_INT || k->vtype == VT_SIZE)
            sb_addf(out, " Range %ld to %ld%s.", k->min, k->max, k->vtype == VT_SIZE ? " MiB" : "");
        if (k->xl_name) {
            sb_adds(out, " xl.cfg: \\fB");
            roff_adds(out, k->xl_name);
            sb_adds(out, "\\fR.");
        }
        sb_adds(out, "\n");
    }
    if (ks->string_form_doc) {
        sb_adds(out, ".PP\nAn item may also be ");
        roff_adds(out, ks->string_form_doc);
        sb_adds(out, ".\n");
    }
}

void schema_man(struct strbuf *out, const char *version)
{
    size_t i;

    sb_addf(out, ".TH XYL.YAML 5 \"\" \"xyl %s\" \"File formats\"\n", version);
    sb_adds(out,
        ".SH NAME\nxyl.yaml \\- xyl guest definition files (schema v1)\n"
        ".SH SYNOPSIS\n\\fI/etc/xyl/guests/NAME.yaml\\fR, or any \\fINAME.yaml\\fR given to \\fBxyl\\fR\n"
        ".SH DESCRIPTION\n"
        "One YAML file describes one Xen guest: a PV, PVH or HVM domain that\n"
        ".BR xyl (1)\nbuilds with libxl. A folder of such files is a lab, which\n"
        ".B xyl plan\nand\n.B xyl apply\nmake real. Every key is checked:\n"
        "an unknown key, a value of the wrong type, or a key that does not apply to\n"
        "the guest's type is an error reported as\n.IR FILE : LINE : COLUMN ,\n"
        "with the nearest known key when there is one.\n"
        ".PP\nSizes (memory, maxmem, disk size) are an integer in MiB or a string with a\n"
        "binary unit: 512M, 2G, 1T. Booleans are true or false. A guest without\n"
        ".B uuid\ngets one derived from its name, and a network without\n.B mac\n"
        "gets 00:16:3e:xx:xx:xx derived from the guest name and the NIC's index,\n"
        "stable across runs and hosts.\n"
        ".PP\nDisks and networks take either a mapping or xl's own spec string, parsed\n"
        "as xl parses it (see\n.BR xl\\-disk\\-configuration (5)\nand\n"
        ".BR xl\\-network\\-configuration (5)).\n"
        "The xl.cfg name given with a key is the\n.BR xl.cfg (5)\nkey of the same meaning,\n"
        "which\n.B xyl import\\-xl\nand\n.B xyl export\\-xl\nconvert.\n"
        ".SH KEYS\n");
    for (i = 0; i < ARRAY_SIZE(doc_sections); i++) {
        char *title = section_title(&doc_sections[i], "");
        man_keyset(out, doc_sections[i].ks, title);
        free(title);
    }
    sb_adds(out,
        ".SH FILES\n.TP\n.I /etc/xyl/guests/\nthe guests that\n"
        ".B xyl\\-apply.service\ncreates at boot (those with autostart: true)\n"
        ".TP\n.I /etc/xyl/xyl.yaml\nhost configuration: the images folder that relative disk targets are in, and\n"
        "hotplug: scripts (Xen's vif\\-bridge and block, the default) or xyl (xyl\\-vif\\-bridge and "
        "xyl\\-block) for the NICs of the kernel's netback and the disks of its blkback\n"
        ".TP\n.I " XYL_DATADIR "/guest.schema.json\nthe same keys as a JSON Schema, for editors\n"
        ".SH EXAMPLES\nA PVH guest with a disk and a bridged network:\n.PP\n.nf\n.RS\n"
        "name: web\ntype: pvh\nmemory: 512M\nvcpus: 2\n"
        "kernel: /var/lib/xyl/boot/vmlinuz\ncmdline: console=hvc0 root=/dev/xvda1\n"
        "disks:\n  \\- { target: web.img, size: 4G, vdev: xvda }\n"
        "networks:\n  \\- bridge: xenbr0\n.RE\n.fi\n"
        ".PP\nThe same disk as an xl spec string:\n.PP\n.nf\n.RS\n"
        "disks:\n  \\- \"format=raw, vdev=xvda, access=rw, target=/var/lib/xen/images/web.img\"\n.RE\n.fi\n"
        ".SH SEE ALSO\n.BR xyl (1),\n.BR xl.cfg (5),\n.BR xl\\-disk\\-configuration (5),\n"
        ".BR xl\\-network\\-configuration (5)\n");
}

void schema_markdown(struct strbuf *out)
{
    size_t i;

    sb_adds(out, "<!-- generated by 'xyl schema --markdown'; do not edit by hand -->\n");
    for (i = 0; i < ARRAY_SIZE(doc_sections); i++) {
        char *title = section_title(&doc_sections[i], "`");
        md_keyset(out, doc_sections[i].ks, title);
        free(title);
    }
    sb_adds(out, "<!-- end of generated reference -->\n");
}
