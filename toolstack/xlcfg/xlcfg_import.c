/*
 * xlcfg_import.c - xl.cfg -> YAML guest definition.
 *
 * Values are read with libxlutil (xlu_cfg_readdata and friends), so quoting,
 * lists and comments follow xl exactly.  libxlutil cannot enumerate the
 * keys of a file, so a small scanner lists them to find the ones xyl cannot
 * represent: those are refused (or, with --lossy, dropped with a warning)
 * rather than silently ignored.  Keys xl reads but that set nothing (or
 * only xl's default) are accepted and named in a YAML comment.  Every
 * message points at the key's line and column in the user's cfg, also for
 * errors found when the YAML written here is loaded.
 */
#include "xlcfg/xlcfg.h"
#include "model/pvgrub.h"
#include "xen/libxl_map.h"
#include "model/schema.h"
#include "base/paths.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

/* xl keys this importer understands */
static const char *const known_keys[] = {
    "name", "type", "builder", "uuid", "memory", "maxmem", "vcpus", "maxvcpus",
    "kernel", "ramdisk", "cmdline", "extra", "root", "bootloader", "bootloader_args",
    "firmware", "bios", "boot", "disk", "vif", "on_poweroff", "on_reboot", "on_crash",
    "vnc", "vnclisten", "vncdisplay", "vncpasswd", "vncunused", "serial", "viridian",
    "stdvga", "vga", "videoram", "acpi", "xen_platform_pci", "apic", "pae", "hpet", "nx",
    "timer_mode", "usb", "usbdevice", "keymap", "sdl", "soundhw", "localtime", "hap",
    "nestedhvm", "seclabel", "cpu_weight", "cap", "rtc_timeoffset", "cpus", "pci",
    "spice", "spicehost", "spiceport", "spicetls_port", "spicepasswd", "spicedisable_ticketing",
    "spiceagent_mouse", "spicevdagent", "spice_clipboard_sharing", "spiceusbredirection", "vfb",
    "vtpm", NULL
};

/*
 * Keys that set nothing in xl 4.17's libxl configuration, and what xl does
 * with them: accepted, and said so in a comment of the YAML.
 */
static const struct noop_key {
    const char *key;
    unsigned guests;            /* guest types where it sets nothing */
    const char *what;
} noop_keys[] = {
    { "pae", XYL_PV | XYL_PVH, "xl ignores it for pv and pvh guests" },
    { "apic", XYL_PV | XYL_PVH, "xl ignores it for pv and pvh guests" },
    { "vcpu_avail", XYL_ALL, "xl 4.17 does not read it (vcpus sets the online vCPUs)" },
    { "arch", XYL_ALL, "xl does not read it on x86" },
    { "parallel", XYL_ALL, "xl 4.17 does not read it (no emulated parallel port)" },
    { "device_model", XYL_ALL, "xl warns and ignores it (device_model_override is the key it reads)" },
    { "dhcp", XYL_ALL, "an xm-era key that xl does not read" },
    { "on_watchdog", XYL_ALL, "xl 4.17 does not read it" },
};
#define N_NOOP (sizeof(noop_keys) / sizeof(noop_keys[0]))

static bool is_known(const char *k)
{
    size_t i;
    for (i = 0; known_keys[i]; i++)
        if (!strcmp(known_keys[i], k))
            return true;
    for (i = 0; i < N_NOOP; i++)
        if (!strcmp(noop_keys[i].key, k))
            return true;
    return false;
}

/* where a key was written in the cfg */
struct keypos {
    char *key;
    struct ymark m;
};

/* which xl key a line of the YAML came from (to place load errors) */
struct yline {
    unsigned line;
    bool in_hvm;                /* counted inside the hvm: block */
    const char *xkey;
};

/*
 * Top-level "KEY =" statements of an xl.cfg, with their line numbers:
 * skip comments, quoted strings and bracketed lists.
 */
static void scan_keys(const char *t, size_t len, struct keypos **kp, int *nkp)
{
    size_t i = 0, line_start = 0;
    unsigned line = 1;
    bool at_start = true;
    int depth = 0;

    while (i < len) {
        char c = t[i];
        if (c == '\n') {
            line++;
            line_start = i + 1;
            if (depth == 0)
                at_start = true;
            i++;
        } else if (c == '#') {
            while (i < len && t[i] != '\n')
                i++;
        } else if (c == '"' || c == '\'') {
            i++;
            while (i < len && t[i] != c) {
                if (t[i] == '\\' && i + 1 < len)
                    i++;
                if (t[i] == '\n') {
                    line++;
                    line_start = i + 1;
                }
                i++;
            }
            i++;
            at_start = false;
        } else if (c == '[') {
            depth++; i++; at_start = false;
        } else if (c == ']') {
            depth--; i++;
        } else if (c == ';' && depth == 0) {
            at_start = true; i++;
        } else if (at_start && (isalpha((unsigned char)c) || c == '_')) {
            size_t s = i;
            struct ymark m = { line, 1 };
            while (i < len && (isalnum((unsigned char)t[i]) || t[i] == '_'))
                i++;
            m.col = (unsigned)(s - line_start) + 1;
            *kp = xrealloc(*kp, (size_t)(*nkp + 1) * sizeof(**kp));
            (*kp)[*nkp].key = xstrndup(t + s, i - s);
            (*kp)[(*nkp)++].m = m;
            at_start = false;
        } else {
            if (!isspace((unsigned char)c))
                at_start = false;
            i++;
        }
    }
}

void yaml_scalar(struct strbuf *sb, const char *s)
{
    static const char *const words[] = { "true", "false", "yes", "no", "on", "off", "null", "~", NULL };
    bool plain = *s != '\0';
    const char *p;
    int i;

    for (p = s; *p && plain; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_./=,+@-", *p))
            plain = false;
    if (plain && (strchr("-.,=@", s[0]) || isdigit((unsigned char)s[0])))
        plain = false;
    for (i = 0; plain && words[i]; i++)
        if (!strcasecmp(s, words[i]))
            plain = false;
    if (plain) {
        sb_adds(sb, s);
        return;
    }
    sb_addc(sb, '"');
    for (p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\')
            sb_addf(sb, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            sb_addf(sb, "\\x%02x", c);
        else
            sb_addc(sb, (char)c);
    }
    sb_addc(sb, '"');
}

struct imp {
    XLU_Config *cfg;
    struct strbuf *y;
    struct diags *d;
    const char *file;
    int lossy;
    int problems;
    struct keypos *kp;
    int nkp;
    struct yline *yl;
    int nyl;
    bool in_hvm;
};

/* The cfg position of xl key 'key' (its last setting), or none. */
static struct ymark key_mark(const struct imp *im, const char *key)
{
    struct ymark none = { 0, 0 };
    int i;
    for (i = im->nkp - 1; i >= 0; i--)
        if (!strcmp(im->kp[i].key, key))
            return im->kp[i].m;
    return none;
}

/* The next YAML line comes from xl key 'xkey'. */
static void note(struct imp *im, const char *xkey)
{
    const char *p;
    unsigned line = 1;
    for (p = sb_str(im->y); *p; p++)
        line += *p == '\n';
    im->yl = xrealloc(im->yl, (size_t)(im->nyl + 1) * sizeof(*im->yl));
    im->yl[im->nyl].line = line;
    im->yl[im->nyl].in_hvm = im->in_hvm;
    im->yl[im->nyl++].xkey = xkey;
}

static void lossy_value(struct imp *im, const char *key, const char *why)
{
    diag_add(im->d, im->file, key_mark(im, key), im->lossy ? DIAG_WARNING : DIAG_ERROR,
             "xl key '%s': %s; %s", key, why,
             im->lossy ? "dropped" : "pass --lossy to convert without it");
    im->problems++;
}

/* A comment in the YAML saying what xl did with a key that sets nothing. */
static void noop_comment(struct imp *im, const char *key, const char *what)
{
    struct ymark m = key_mark(im, key);
    sb_addf(im->y, "# xl.cfg line %u: '%s' is not carried over: %s\n", m.line, key, what);
}

static void y_str(struct imp *im, const char *indent, const char *ykey, const char *xkey)
{
    const char *v;
    if (!xlu_cfg_get_string(im->cfg, xkey, &v, 0)) {
        note(im, xkey);
        sb_addf(im->y, "%s%s: ", indent, ykey);
        yaml_scalar(im->y, v);
        sb_addc(im->y, '\n');
    }
}

/* A number (or 0/1 switch) in the xl.cfg; anything else is named, not lost. */
static int get_number(struct imp *im, const char *xkey, long *l)
{
    int e = xlu_cfg_get_long(im->cfg, xkey, l, 1);
    if (e && e != ESRCH)
        lossy_value(im, xkey, "is not a number");
    return e;
}

static void y_long(struct imp *im, const char *indent, const char *ykey, const char *xkey)
{
    long l;
    if (!get_number(im, xkey, &l)) {
        note(im, xkey);
        sb_addf(im->y, "%s%s: %ld\n", indent, ykey, l);
    }
}

static void y_bool(struct imp *im, const char *indent, const char *ykey, const char *xkey)
{
    long l;
    if (!get_number(im, xkey, &l)) {
        note(im, xkey);
        sb_addf(im->y, "%s%s: %s\n", indent, ykey, l ? "true" : "false");
    }
}

static void y_list_in(struct imp *im, const char *indent, const char *ykey, const char *xkey)
{
    XLU_ConfigList *list;
    int n, i;
    if (xlu_cfg_get_list(im->cfg, xkey, &list, &n, 0))
        return;
    if (n == 0)
        return;
    note(im, xkey);
    sb_addf(im->y, "%s%s:\n", indent, ykey);
    for (i = 0; i < n; i++) {
        const char *item = xlu_cfg_get_listitem(list, i);
        if (!item)
            continue;
        note(im, xkey);
        sb_addf(im->y, "%s  - ", indent);
        yaml_scalar(im->y, item);
        sb_addc(im->y, '\n');
    }
}

static void y_list(struct imp *im, const char *ykey, const char *xkey)
{
    y_list_in(im, "", ykey, xkey);
}

static void import_cmdline(struct imp *im)
{
    const char *cmd = NULL, *root = NULL, *extra = NULL;
    char *s = NULL;

    xlu_cfg_get_string(im->cfg, "cmdline", &cmd, 0);
    xlu_cfg_get_string(im->cfg, "root", &root, 0);
    xlu_cfg_get_string(im->cfg, "extra", &extra, 0);
    if (cmd)    /* xl ignores root and extra when cmdline is given */
        s = xstrdup(cmd);
    else if (root && extra)
        s = xasprintf("root=%s %s", root, extra);
    else if (root)
        s = xasprintf("root=%s", root);
    else if (extra)
        s = xstrdup(extra);
    if (s) {
        note(im, cmd ? "cmdline" : root ? "root" : "extra");
        sb_adds(im->y, "cmdline: ");
        yaml_scalar(im->y, s);
        sb_addc(im->y, '\n');
        free(s);
    }
}

static void import_type(struct imp *im, char *type_out)
{
    const char *t = NULL, *b = NULL;

    xlu_cfg_get_string(im->cfg, "type", &t, 0);
    xlu_cfg_get_string(im->cfg, "builder", &b, 0);
    strcpy(type_out, "pv");
    if (t && (!strcmp(t, "pv") || !strcmp(t, "pvh") || !strcmp(t, "hvm"))) {
        strcpy(type_out, t);
    } else if (t) {
        /* not lossy: xl refuses the file ("Invalid domain type") */
        diag_err(im->d, im->file, key_mark(im, "type"),
                 "xl key 'type': '%s' is not pv, pvh or hvm; xl refuses it too (Invalid domain type)", t);
        im->problems++;
    } else if (b && !strcmp(b, "hvm"))
        strcpy(type_out, "hvm");
    else
        strcpy(type_out, "pv");     /* xl's default on x86 */
    note(im, t ? "type" : "builder");
    sb_addf(im->y, "type: %s\n", type_out);
}

static void import_memory(struct imp *im)
{
    static const char *const keys[] = { "memory", "maxmem" };
    long l;
    int i, e;

    for (i = 0; i < 2; i++) {
        e = xlu_cfg_get_long(im->cfg, keys[i], &l, 1);
        if (!e) {
            note(im, keys[i]);
            sb_addf(im->y, "%s: %ldM\n", keys[i], l);
        } else if (e != ESRCH) {
            diag_err(im->d, im->file, key_mark(im, keys[i]), "xl key '%s' is not a number of MiB", keys[i]);
            im->problems++;
        } else if (i == 0) {
            sb_adds(im->y, "memory: 128M   # the xl.cfg had none: libxl's default\n");
        }
    }
}

static void import_boot(struct imp *im)
{
    const char *b;
    const char *p;
    if (xlu_cfg_get_string(im->cfg, "boot", &b, 0))
        return;
    if (!*b || b[strspn(b, "cdn")]) {
        lossy_value(im, "boot", "has a device other than c, d or n");
        return;
    }
    note(im, "boot");
    sb_adds(im->y, "boot: [");
    for (p = b; *p; p++)
        sb_addf(im->y, "%s%s", p == b ? "" : ", ",
                *p == 'c' ? "disk" : *p == 'd' ? "cdrom" : "network");
    sb_adds(im->y, "]\n");
}

/* framebuffer: value v of xl's vfb item key k */
static int fb_item(struct imp *im, struct strbuf *f, const char *k, const char *v)
{
    static const struct { const char *xl, *y; bool num; } keys[] = {
        { "vnc", "vnc", true }, { "vnclisten", "listen", false }, { "vncdisplay", "display", true },
        { "vncunused", "findunused", true }, { "vncpasswd", "password", false },
        { "sdl", "sdl", true }, { "keymap", "keymap", false },
    };
    size_t i;
    char *end;
    long l;

    for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && strcmp(keys[i].xl, k); i++)
        ;
    if (i == sizeof(keys) / sizeof(keys[0])) {
        char *why = xasprintf("has '%s', which xyl's framebuffer does not hold", k);
        lossy_value(im, "vfb", why);
        free(why);
        return -1;
    }
    sb_addf(f, "  %s: ", keys[i].y);
    if (!keys[i].num) {
        yaml_scalar(f, v);
    } else {
        l = strtol(v, &end, 10);
        if (end == v || *end) {
            lossy_value(im, "vfb", "has a setting that is not a number");
            return -1;
        }
        if (!strcmp(keys[i].y, "display"))
            sb_addf(f, "%ld", l);
        else
            sb_adds(f, l ? "true" : "false");
    }
    sb_addc(f, '\n');
    return 0;
}

/* pv/pvh: xl's vfb list, or vnc = 1 / sdl = 1 at the top level (xl then
 * makes a vfb and a vkb), as framebuffer: */
static void import_fb(struct imp *im)
{
    static const char *const top[][2] = {
        { "vnc", "vnc" }, { "vnclisten", "listen" }, { "vncdisplay", "display" },
        { "vncunused", "findunused" }, { "vncpasswd", "password" }, { "sdl", "sdl" },
        { "keymap", "keymap" },
    };
    XLU_ConfigList *list;
    struct strbuf f = STRBUF_INIT;
    long vnc = 0, sdl = 0;
    int n, i, bad = 0;

    if (!xlu_cfg_get_list(im->cfg, "vfb", &list, &n, 0)) {
        const char *item = n == 1 ? xlu_cfg_get_listitem(list, 0) : NULL;
        char *copy, *tok, *save = NULL;
        if (n == 0)
            return;
        if (!item) {
            lossy_value(im, "vfb", "lists more than one framebuffer; xyl takes one");
            return;
        }
        copy = xstrdup(item);
        for (tok = strtok_r(copy, ",", &save); tok && !bad; tok = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(tok, '=');
            while (*tok == ' ')
                tok++;
            if (!*tok)
                continue;
            if (!eq) {
                lossy_value(im, "vfb", "has an item that is not key=value");
                bad = 1;
                break;
            }
            *eq = '\0';
            bad = fb_item(im, &f, tok, eq + 1) != 0;
        }
        free(copy);
    } else {
        get_number(im, "vnc", &vnc);
        get_number(im, "sdl", &sdl);
        if (vnc != 1 && sdl != 1) {
            for (i = 0; i < (int)(sizeof(top) / sizeof(top[0])); i++)
                if (key_mark(im, top[i][0]).line)
                    noop_comment(im, top[i][0], "xl makes no framebuffer for a pv guest without vnc = 1 or sdl = 1");
            return;
        }
        for (i = 0; i < (int)(sizeof(top) / sizeof(top[0])) && !bad; i++) {
            const char *s;
            long l;
            if (!xlu_cfg_get_string(im->cfg, top[i][0], &s, 0))
                bad = fb_item(im, &f, top[i][0], s) != 0;
            else if (!xlu_cfg_get_long(im->cfg, top[i][0], &l, 0)) {
                char num[32];
                snprintf(num, sizeof(num), "%ld", l);
                bad = fb_item(im, &f, top[i][0], num) != 0;
            }
        }
    }
    if (!bad) {
        note(im, key_mark(im, "vfb").line ? "vfb" : "vnc");
        sb_adds(im->y, "framebuffer:");
        sb_adds(im->y, f.len ? "\n" : " {}\n");
        sb_adds(im->y, sb_str(&f));
    }
    sb_free(&f);
}

/* spice = 1 and its settings as one mapping (which means enabled) */
static void import_spice(struct imp *im)
{
    static const char *const keys[] = {
        "spicehost", "spiceport", "spicetls_port", "spicepasswd", "spicedisable_ticketing",
        "spiceagent_mouse", "spicevdagent", "spice_clipboard_sharing", "spiceusbredirection", NULL
    };
    long on = -1;
    int i, settings = 0;

    for (i = 0; keys[i]; i++)
        settings += key_mark(im, keys[i]).line != 0;
    if (get_number(im, "spice", &on) == 0 && !on) {
        if (settings) {
            lossy_value(im, "spice", "is 0 while spicehost/spiceport/... are set");
            return;
        }
    }
    if (!settings) {
        y_bool(im, "  ", "spice", "spice");
        return;
    }
    if (on != 1) {
        lossy_value(im, "spice", "is not 1 while spicehost/spiceport/... are set "
                    "(xyl's spice: mapping turns SPICE on)");
        return;
    }
    note(im, "spice");
    sb_adds(im->y, "  spice:\n");
    y_str(im, "    ", "host", "spicehost");
    y_long(im, "    ", "port", "spiceport");
    y_long(im, "    ", "tls_port", "spicetls_port");
    y_str(im, "    ", "password", "spicepasswd");
    y_bool(im, "    ", "disable_ticketing", "spicedisable_ticketing");
    y_bool(im, "    ", "agent_mouse", "spiceagent_mouse");
    y_bool(im, "    ", "vdagent", "spicevdagent");
    y_bool(im, "    ", "clipboard_sharing", "spice_clipboard_sharing");
    y_long(im, "    ", "usbredirection", "spiceusbredirection");
}

static void import_hvm(struct imp *im)
{
    static const char *const vga_xl[] = { "stdvga", "cirrus", "none", "qxl", NULL };
    static const char *const vga_y[] = { "std", "cirrus", "none", "qxl" };
    struct strbuf *saved = im->y, h = STRBUF_INIT;
    const char *s;
    long l;
    int i;

    im->y = &h;
    im->in_hvm = true;
    if (!xlu_cfg_get_long(im->cfg, "vnc", &l, 1) && !l) {
        /* VNC off: its settings mean nothing (a vnc: mapping would turn it on) */
        note(im, "vnc");
        sb_adds(&h, "  vnc: false\n");
        if (!xlu_cfg_get_string(im->cfg, "vnclisten", &s, 1) ||
            !xlu_cfg_get_long(im->cfg, "vncdisplay", &l, 1) ||
            !xlu_cfg_get_string(im->cfg, "vncpasswd", &s, 1) ||
            !xlu_cfg_get_long(im->cfg, "vncunused", &l, 1))
            lossy_value(im, "vnc", "is 0 while vnclisten/vncdisplay/vncpasswd/vncunused are set");
    } else if (!xlu_cfg_get_string(im->cfg, "vnclisten", &s, 0) ||
        !xlu_cfg_get_long(im->cfg, "vncdisplay", &l, 0) ||
        !xlu_cfg_get_string(im->cfg, "vncpasswd", &s, 0) ||
        !xlu_cfg_get_long(im->cfg, "vncunused", &l, 0)) {
        note(im, "vnc");
        sb_adds(&h, "  vnc:\n");
        y_str(im, "    ", "listen", "vnclisten");
        y_long(im, "    ", "display", "vncdisplay");
        y_str(im, "    ", "password", "vncpasswd");
        y_bool(im, "    ", "findunused", "vncunused");
    } else {
        y_bool(im, "  ", "vnc", "vnc");
    }
    import_spice(im);
    if (!xlu_cfg_get_string(im->cfg, "serial", &s, 1))
        y_str(im, "  ", "serial", "serial");
    else
        y_list_in(im, "  ", "serials", "serial");
    i = xlu_cfg_get_long(im->cfg, "viridian", &l, 1);
    if (!i)
        y_bool(im, "  ", "viridian", "viridian");
    else if (!xlu_cfg_get_list(im->cfg, "viridian", NULL, NULL, 1))
        y_list_in(im, "  ", "viridian_features", "viridian");
    else if (i != ESRCH)
        lossy_value(im, "viridian", "is not a number");
    y_bool(im, "  ", "stdvga", "stdvga");
    if (!xlu_cfg_get_string(im->cfg, "vga", &s, 0)) {
        for (i = 0; vga_xl[i] && strcmp(vga_xl[i], s); i++)
            ;
        if (vga_xl[i]) {
            note(im, "vga");
            sb_addf(&h, "  vga: %s\n", vga_y[i]);
        } else
            lossy_value(im, "vga", "is not stdvga, cirrus, none or qxl");
    }
    y_long(im, "  ", "videoram", "videoram");
    y_bool(im, "  ", "acpi", "acpi");
    y_bool(im, "  ", "pv_drivers", "xen_platform_pci");
    y_bool(im, "  ", "apic", "apic");
    y_bool(im, "  ", "pae", "pae");
    y_bool(im, "  ", "hpet", "hpet");
    y_bool(im, "  ", "nx", "nx");
    if (!xlu_cfg_get_long(im->cfg, "timer_mode", &l, 1)) {
        if (l < 0 || l > 3) {
            lossy_value(im, "timer_mode", "is not 0-3 or a timer mode name");
        } else {
            note(im, "timer_mode");
            sb_addf(&h, "  timer_mode: %s\n", xyl_timer_mode_names[l]);
        }
    } else {
        y_str(im, "  ", "timer_mode", "timer_mode");
    }
    y_bool(im, "  ", "usb", "usb");
    if (!xlu_cfg_get_list(im->cfg, "usbdevice", NULL, NULL, 1))
        y_list_in(im, "  ", "usbdevices", "usbdevice");
    else
        y_str(im, "  ", "usbdevice", "usbdevice");
    y_str(im, "  ", "keymap", "keymap");
    y_bool(im, "  ", "sdl", "sdl");
    y_str(im, "  ", "soundhw", "soundhw");
    im->y = saved;
    im->in_hvm = false;
    if (h.len) {
        int k;
        unsigned base = 1;
        const char *p;
        for (p = sb_str(im->y); *p; p++)
            base += *p == '\n';
        sb_adds(im->y, "hvm:\n");
        sb_adds(im->y, sb_str(&h));
        for (k = 0; k < im->nyl; k++)
            if (im->yl[k].in_hvm) {
                im->yl[k].line += base;     /* after the "hvm:" line */
                im->yl[k].in_hvm = false;
            }
    }
    sb_free(&h);
}

/* xl's firmware aliases: bios = "ovmf" is firmware = "ovmf" */
static void import_firmware(struct imp *im, const char *type)
{
    const char *f, *b;

    if (!xlu_cfg_get_string(im->cfg, "firmware", &f, 0)) {
        if (strcmp(type, "hvm") && pvgrub_image(!strcmp(type, "pvh") ? XYL_PVH : XYL_PV, f)) {
            /* xl boots its own pvgrub, which Debian does not ship: kept as
             * xl has it, with the name of what xyl boots for it */
            note(im, "firmware");
            sb_addf(im->y, "# xl.cfg: firmware = \"%s\"; Debian ships no such file: "
                    "'firmware: %s' boots %s (" PVGRUB_PACKAGE ")\n", f, f,
                    pvgrub_image(!strcmp(type, "pvh") ? XYL_PVH : XYL_PV, f));
            sb_addf(im->y, "kernel: " XYL_XENFIRMWAREDIR "/%s.bin\n", f);
            return;
        }
        y_str(im, "", "firmware", "firmware");
        return;
    }
    if (xlu_cfg_get_string(im->cfg, "bios", &b, 0))
        return;
    if (strcmp(type, "hvm")) {
        noop_comment(im, "bios", "xl reads it for hvm guests only");
        return;
    }
    note(im, "bios");
    sb_adds(im->y, "firmware: ");
    yaml_scalar(im->y, b);
    sb_adds(im->y, "   # xl.cfg: bios\n");
}

/* xl ignores a kernel = ".../hvmloader" on hvm guests (with a warning) */
static void import_kernel(struct imp *im, const char *type)
{
    const char *k, *base, *fw;

    if (xlu_cfg_get_string(im->cfg, "kernel", &k, 0))
        return;
    base = strrchr(k, '/');
    base = base ? base + 1 : k;
    if (!strcmp(type, "hvm") && !strcmp(base, "hvmloader")) {
        noop_comment(im, "kernel", "xl ignores the hvmloader given as kernel of an hvm guest");
        return;
    }
    /* grub-xen-host's images are what xyl's pvgrub names boot */
    fw = pvgrub_name(!strcmp(type, "pvh") ? XYL_PVH : !strcmp(type, "pv") ? XYL_PV : 0, k);
    if (fw) {
        note(im, "kernel");
        sb_addf(im->y, "firmware: %s   # xl.cfg: kernel = \"%s\"\n", fw, k);
        return;
    }
    y_str(im, "", "kernel", "kernel");
}

/* Keys xl reads but that set nothing here; rtc_timeoffset = 0 is xl's default. */
static void import_noops(struct imp *im, const char *type)
{
    unsigned t = !strcmp(type, "hvm") ? XYL_HVM : !strcmp(type, "pvh") ? XYL_PVH : XYL_PV;
    size_t i;
    long l;
    int e;

    for (i = 0; i < N_NOOP; i++) {
        if (!key_mark(im, noop_keys[i].key).line)
            continue;
        if (noop_keys[i].guests & t)
            noop_comment(im, noop_keys[i].key, noop_keys[i].what);
    }
    e = xlu_cfg_get_long(im->cfg, "rtc_timeoffset", &l, 1);
    if (!e && l == 0)
        noop_comment(im, "rtc_timeoffset", "0 is xl's default");
    else if (e != ESRCH)
        lossy_value(im, "rtc_timeoffset", "other than 0 has no equivalent in xyl's schema v1");
}

/* k is one of the NULL-terminated list's words */
static bool in_words(const char *const *words, const char *k)
{
    int i;
    for (i = 0; words[i]; i++)
        if (!strcmp(words[i], k))
            return true;
    return false;
}

/* xl keys a pv guest's framebuffer takes (import_fb) */
static bool is_fb_key(const char *k)
{
    static const char *const fb[] = { "vnc", "vnclisten", "vncdisplay", "vncunused", "vncpasswd",
                                      "sdl", "keymap", NULL };
    return in_words(fb, k);
}

/* hvm keys that xl 4.17 reads and ignores for pv and pvh guests (checked
 * against real xl's JSON); acpi, videoram and timer_mode are not among them */
static bool is_pv_noop(const char *k)
{
    static const char *const keys[] = { "boot", "serial", "viridian", "stdvga", "vga",
        "xen_platform_pci", "hpet", "nx", "usb", "usbdevice", "soundhw", NULL };
    return in_words(keys, k);
}

/* Place the errors of loading the YAML at the cfg key each line came from. */
static void check_yaml(struct imp *im)
{
    struct diags td = { 0 };
    struct xyl_guest g;
    size_t i;
    int k;

    guest_init(&g);
    guest_load_yaml(&g, im->file, sb_str(im->y), im->y->len, &td);
    guest_free(&g);
    for (i = 0; i < td.n; i++) {
        const char *xkey = NULL;
        struct ymark m = { 0, 0 };
        for (k = 0; k < im->nyl; k++)
            if (im->yl[k].line <= td.v[i].mark.line)
                xkey = im->yl[k].xkey;
        if (xkey)
            m = key_mark(im, xkey);
        diag_add(im->d, im->file, m, td.v[i].level, "%s%s%s%s", xkey ? "xl key '" : "",
                 xkey ? xkey : "", xkey ? "': " : "", td.v[i].msg);
    }
    diags_free(&td);
}

int xlcfg_import(const char *file, const char *text, size_t len, int lossy,
                 struct strbuf *yaml, struct diags *d)
{
    char *msg = NULL;
    size_t msglen = 0;
    FILE *mf = open_memstream(&msg, &msglen);
    struct imp im = { 0 };
    char type[8];
    int e;
    XLU_ConfigList *list;
    const char *dummy;
    int n, i;
    static const char *const hvm_only[] = {
        "boot", "vnc", "vnclisten", "vncdisplay", "vncpasswd", "vncunused", "serial", "viridian",
        "stdvga", "vga", "videoram", "acpi", "xen_platform_pci", "hpet", "nx", "timer_mode",
        "usb", "usbdevice", "keymap", "sdl", "soundhw", "spice", "spicehost", "spiceport", NULL
    };

    im.y = yaml;
    im.d = d;
    im.file = file;
    im.lossy = lossy;
    if (!mf)
        return -1;
    if (memchr(text, '\0', len)) {
        /* libxlutil asserts on a NUL inside a quoted string (xl aborts too) */
        struct ymark none = { 0, 0 };
        diag_err(d, file, none, "xl.cfg holds a NUL byte: not a text file");
        fclose(mf);
        free(msg);
        return -1;
    }
    im.cfg = xlu_cfg_init(mf, file);
    e = im.cfg ? xlu_cfg_readdata(im.cfg, text, (int)len) : ENOMEM;
    fflush(mf);
    if (e) {
        /* libxlutil says "FILE:LINE: config parsing error near ...": put the
         * line where every other message has it */
        struct ymark at = { 0, 0 };
        char *nl = msg ? strchr(msg, '\n') : NULL, *why = msg;
        size_t flen = strlen(file);
        if (nl)
            *nl = '\0';
        if (msg && !strncmp(msg, file, flen) && msg[flen] == ':') {
            char *end;
            unsigned long line = strtoul(msg + flen + 1, &end, 10);
            if (end != msg + flen + 1 && *end == ':') {
                at.line = (unsigned)line;
                at.col = 1;
                why = end + 1;
                while (*why == ' ')
                    why++;
            }
        }
        diag_err(d, file, at, "xl.cfg syntax: %s", why && *why ? why : strerror(e));
        goto out;
    }
    scan_keys(text, len, &im.kp, &im.nkp);
    for (i = 0; i < im.nkp; i++)
        if (!is_known(im.kp[i].key)) {
            diag_add(d, file, im.kp[i].m, lossy ? DIAG_WARNING : DIAG_ERROR,
                     "xl key '%s' has no equivalent in xyl's schema v1; %s", im.kp[i].key,
                     lossy ? "dropped" : "pass --lossy to convert without it");
            im.problems++;
        }

    /* editors with yaml-language-server check the file against the schema */
    sb_adds(yaml, "# yaml-language-server: $schema=" XYL_DATADIR "/guest.schema.json\n");
    sb_adds(yaml, "# Imported by 'xyl import-xl' from ");
    yaml_scalar(yaml, file);
    sb_addc(yaml, '\n');
    y_str(&im, "", "name", "name");
    import_type(&im, type);
    import_noops(&im, type);
    y_str(&im, "", "uuid", "uuid");
    import_memory(&im);
    y_long(&im, "", "vcpus", "vcpus");
    y_long(&im, "", "maxvcpus", "maxvcpus");
    import_kernel(&im, type);
    y_str(&im, "", "ramdisk", "ramdisk");
    import_cmdline(&im);
    y_str(&im, "", "bootloader", "bootloader");
    if (!xlu_cfg_get_list(im.cfg, "bootloader_args", &list, &n, 1))
        y_list(&im, "bootloader_args", "bootloader_args");
    else if (!xlu_cfg_get_string(im.cfg, "bootloader_args", &dummy, 1))
        lossy_value(&im, "bootloader_args", "is a string; write it as a list");
    import_firmware(&im, type);
    if (!strcmp(type, "hvm"))
        import_boot(&im);
    y_list(&im, "disks", "disk");
    y_list(&im, "networks", "vif");
    y_list(&im, "vtpms", "vtpm");
    y_str(&im, "", "on_poweroff", "on_poweroff");
    y_str(&im, "", "on_reboot", "on_reboot");
    y_str(&im, "", "on_crash", "on_crash");
    y_bool(&im, "", "localtime", "localtime");
    y_bool(&im, "", "hap", "hap");
    y_bool(&im, "", "nestedhvm", "nestedhvm");
    y_str(&im, "", "seclabel", "seclabel");
    if (!xlu_cfg_get_list(im.cfg, "cpus", NULL, NULL, 1))
        y_list(&im, "cpus_per_vcpu", "cpus");
    else
        y_str(&im, "", "cpus", "cpus");
    y_list(&im, "pci", "pci");
    y_long(&im, "", "cpu_weight", "cpu_weight");
    y_long(&im, "", "cpu_cap", "cap");
    if (!strcmp(type, "hvm")) {
        import_hvm(&im);
        if (key_mark(&im, "vfb").line)
            lossy_value(&im, "vfb", "is for pv and pvh guests; an hvm guest's display is hvm: vnc");
    } else {
        import_fb(&im);
        for (i = 0; hvm_only[i]; i++)
            if (is_pv_noop(hvm_only[i]) && key_mark(&im, hvm_only[i]).line)
                noop_comment(&im, hvm_only[i], "xl ignores it for pv and pvh guests");
            else if (!is_fb_key(hvm_only[i]) && !is_pv_noop(hvm_only[i]) &&
                (!xlu_cfg_get_string(im.cfg, hvm_only[i], &dummy, 1) ||
                 !xlu_cfg_get_list(im.cfg, hvm_only[i], NULL, NULL, 1)))
                lossy_value(&im, hvm_only[i], "applies to hvm guests only in xyl");
    }
    if (!d->errors)
        check_yaml(&im);
out:
    if (im.cfg)
        xlu_cfg_destroy(im.cfg);
    for (i = 0; i < im.nkp; i++)
        free(im.kp[i].key);
    free(im.kp);
    free(im.yl);
    fclose(mf);
    free(msg);
    return d->errors ? -1 : 0;
}
