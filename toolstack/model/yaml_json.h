/*
 * yaml_json.h - a YAML subtree written back as JSON text, which YAML
 * readers (cloud-init's PyYAML) take as the same data: inline documents
 * of a definition (cloud_init.user_data) handed on to other programs.
 */
#ifndef XYL_YAML_JSON_H
#define XYL_YAML_JSON_H

#include "base/util.h"
#include "model/yaml_tree.h"

/* Plain scalars that YAML 1.1 reads as null, bool or number stay bare;
 * every other scalar and every key becomes a JSON string. */
void ynode_json(const struct ynode *n, struct strbuf *sb);

#endif
