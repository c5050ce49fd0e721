/*
 * schema_doc.h - the JSON Schema and the Markdown key reference, both
 * generated from the key tables in schema.c.
 */
#ifndef XYL_SCHEMA_DOC_H
#define XYL_SCHEMA_DOC_H

#include "base/util.h"

char *schema_json(void);            /* caller frees */
void schema_markdown(struct strbuf *out);
/* the man page xyl.yaml(5): the same keys in roff */
void schema_man(struct strbuf *out, const char *version);

#endif
