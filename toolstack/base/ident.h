/*
 * ident.h - stable identities derived from a guest's name.
 *
 * A definition kept in Git should produce the same guest on every run and
 * every host, so a missing MAC or UUID is derived from the name, not drawn
 * at random as xl does.
 */
#ifndef XYL_IDENT_H
#define XYL_IDENT_H

#include <stdint.h>

#include <libxl.h>

/* 00:16:3e (Xen's OUI) + 3 bytes from the name and NIC index. */
void derive_mac(const char *name, int index, uint8_t mac[6]);

/* RFC 9562 version 8 (custom) UUID from the name. */
void derive_uuid(const char *name, libxl_uuid *uuid);

void format_mac(const uint8_t mac[6], char out[18]);

#endif
