/*
 * yaml_json.c - a YAML subtree as JSON text (yaml_json.h).  The tree is
 * bounded in depth and expanded size by its loader (yaml_tree.h), so the
 * recursion and the output are too.
 */
#include "model/yaml_json.h"

#include <ctype.h>
#include <string.h>

/* YAML 1.1's null, bools and numbers (what PyYAML resolves a plain scalar to) */
static bool bare(const struct ynode *n)
{
    static const char *const words[] = {
        "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
        "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", NULL,
    };
    const char *p = n->str;
    int i, digits = 0, dot = 0;

    if (!n->plain || !n->len)
        return false;
    for (i = 0; words[i]; i++)
        if (!strcmp(p, words[i]))
            return true;
    if (*p == '-' || *p == '+')
        p++;
    for (; isdigit((unsigned char)*p) || (*p == '.' && !dot++); p++)
        digits += isdigit((unsigned char)*p) != 0;
    if (digits && (*p == 'e' || *p == 'E') && dot) {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return digits && !*p;
}

static void json_string(struct strbuf *sb, const char *s, size_t len)
{
    size_t i;

    sb_addc(sb, '"');
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            sb_addf(sb, "\\%c", c);
        else if (c == '\n')
            sb_adds(sb, "\\n");
        else if (c == '\t')
            sb_adds(sb, "\\t");
        else if (c < 0x20 || c == 0x7f)
            sb_addf(sb, "\\u%04x", c);
        else
            sb_addc(sb, (char)c);
    }
    sb_addc(sb, '"');
}

void ynode_json(const struct ynode *n, struct strbuf *sb)
{
    size_t i;

    switch (n->kind) {
    case Y_SCALAR:
        if (n->plain && !n->len)
            sb_adds(sb, "null");        /* "key:" with nothing */
        else if (bare(n))
            sb_adds(sb, n->str);
        else
            json_string(sb, n->str, n->len);
        break;
    case Y_SEQ:
        sb_addc(sb, '[');
        for (i = 0; i < n->n; i++) {
            if (i)
                sb_adds(sb, ", ");
            ynode_json(n->items[i], sb);
        }
        sb_addc(sb, ']');
        break;
    case Y_MAP:
        sb_addc(sb, '{');
        for (i = 0; i < n->n; i++) {
            if (i)
                sb_adds(sb, ", ");
            if (n->keys[i]->kind == Y_SCALAR)
                json_string(sb, n->keys[i]->str, n->keys[i]->len);
            else                /* a complex key: its JSON as the key's text */
            {
                struct strbuf k = STRBUF_INIT;
                ynode_json(n->keys[i], &k);
                json_string(sb, sb_str(&k), k.len);
                sb_free(&k);
            }
            sb_adds(sb, ": ");
            ynode_json(n->items[i], sb);
        }
        sb_addc(sb, '}');
        break;
    }
}
