/*
 * schema_check.h - per-key checks and item parsers named in the key tables
 * (the cross-field rules run after a guest is loaded: guest_rules.h).
 */
#ifndef XYL_SCHEMA_CHECK_H
#define XYL_SCHEMA_CHECK_H

#include "model/schema.h"

/* per-key hooks (schema_check.c) */
int check_type(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_name(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_uuid(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_whole_mib(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_abs_path(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_firmware(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_xenstore(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int mark_disk_size(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_viridian_features(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_cpus(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_cpus_per_vcpu(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int check_pci(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int mark_has_fb(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);
int mark_has_hvm(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj);

/* list items (schema_items.c) */
void *disk_new_item(void *guest);
void *nic_new_item(void *guest);
void *vtpm_new_item(void *guest);
int vtpm_parse_spec(struct xyl_load *ld, const struct ynode *n, void *item);
/* a UUID as written (guest uuid:, a vTPM's uuid): 0, or -1 with a message
 * at m; 'instead' ends "remove it to let ..." */
int check_uuid_text(struct xyl_load *ld, struct ymark m, const char *s, libxl_uuid *out,
                    const char *instead);

/* name rules shared with the CLI (schema_check.c) */
const char *guest_name_problem(const char *name);
int parse_mac(const char *s, uint8_t mac[6]);
/* xl's cpus= string: host CPUs as a bitmap of nbits; "all" and "nodes:"
 * are refused (they need the host).  0, or -1 with *why. */
int parse_cpu_list(const char *s, uint8_t *map, int nbits, const char **why);

#endif
