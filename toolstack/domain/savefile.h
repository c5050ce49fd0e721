/*
 * savefile.h - xl's save-file format, so `xyl save` files restore with
 * `xl restore` and the other way round, plus the byte pump that counts a
 * migration stream for its progress bar.
 *
 * Layout (xl's xl.h, Xen 4.17; every uint32_t in the host's byte order):
 *   char     magic[32]       "Xen saved domain, xl format\n \0 \r"
 *   uint32_t byteorder       0x01020304 (so a foreign-endian file is refused)
 *   uint32_t mandatory_flags bit 0: config is JSON, bit 1: libxl stream v2;
 *                            any other bit => refuse to restore
 *   uint32_t optional_flags  0
 *   uint32_t optional_data_len
 *   optional data:           uint32_t config length, then the config
 *                            (libxl_domain_config JSON with its NUL)
 *   xyl's extension, still inside the optional data (xl reads the config
 *   and ignores what follows it, so the file stays xl's):
 *                            char tag[8] "xyl-data", uint32_t length, then
 *                            "key\0value\0" pairs: the guest's data/ keys,
 *                            which xenstore does not carry across a save
 *   then the libxl migration stream (libxl_domain_suspend's output).
 */
#ifndef XYL_SAVEFILE_H
#define XYL_SAVEFILE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxl.h>

#include "model/guest.h"

#define XL_SAVEFILE_BYTEORDER   0x01020304U
#define XL_MANDATORY_FLAG_JSON      (1U << 0)
#define XL_MANDATORY_FLAG_STREAMv2  (1U << 1)
#define XL_MANDATORY_FLAG_ALL   (XL_MANDATORY_FLAG_JSON | XL_MANDATORY_FLAG_STREAMv2)

struct xl_savefile_header {
    char magic[32];
    uint32_t byteorder;
    uint32_t mandatory_flags;
    uint32_t optional_flags;
    uint32_t optional_data_len;
};

extern const char xl_savefile_magic[32];

/* The running guest's configuration as xl save stores it (domid cleared),
 * and its name; both malloc'ed.  Prints one line and returns -1 on error. */
int savefile_config_json(libxl_ctx *ctx, uint32_t domid, char **json, char **name);

#define XYL_EXT_TAG "xyl-data"
#define XYL_EXT_TAG_LEN 8
/* Pairs in xyl-data: the guest's data/ keys (at most XS_DATA_MAX_KEYS, as
 * read) and as many again for xyl's own ("@xyl-meta/", "@xyl-vbd/",
 * "@xyl-vif/"): a writer with more fails (E2BIG), a reader refuses more. */
#define SAVEFILE_MAX_PAIRS (2 * XS_DATA_MAX_KEYS)

/* Header + optional data (the JSON config, then data's keys if any) to
 * fd; -1 with errno.  data may be NULL. */
int savefile_write_header(int fd, const char *json, const struct xyl_kvlist *data);

/* Read and check the header, return the JSON config (malloc'ed) and the
 * stream version for libxl_domain_restore_params, and xyl's data/ keys
 * into data (none for a file xl wrote; data may be NULL; free it with
 * kvlist_free).  'what' names the source in the one error line printed on
 * failure. */
int savefile_read_header(int fd, const char *what, char **json, int *stream_version,
                         struct xyl_kvlist *data);

/* "key\0value\0" pairs -> data (for the reader, the unit tests and the
 * fuzzer): 0, or -1 (nothing kept) when anything is malformed. */
int savefile_parse_data(const unsigned char *p, size_t n, struct xyl_kvlist *data);

/* Parse a header already in memory (for the unit tests and the reader):
 * returns NULL or a static message saying what is wrong. */
const char *savefile_check_header(const struct xl_savefile_header *h);

/* Robust I/O: retry on EINTR, wait on EAGAIN.  read: 0 ok, 1 EOF, -1 error. */
int fd_write_all(int fd, const void *buf, size_t n);
int fd_read_exact(int fd, void *buf, size_t n);
/* One '\n'-terminated line (without it), byte by byte so nothing past it is
 * consumed: 0 ok, 1 EOF, -1 error or too long. */
int fd_read_line(int fd, char *buf, size_t len);

/* A thread copying in -> out until EOF on in, counting bytes.  The pump
 * owns 'in' and closes it when it stops (early on a failed write, so the
 * process writing into 'in' gets EPIPE rather than blocking). */
struct pump {
    int in, out;
    uint64_t bytes;             /* read with pump_bytes() */
    int err;                    /* errno of the failed read or write */
    const char *failed;         /* "read" or "write" */
    pthread_t th;
    bool started;
};

int pump_start(struct pump *p, int in, int out);
uint64_t pump_bytes(struct pump *p);
/* Wait for EOF on in (the writer must have closed its end); 0 if every
 * byte was copied, -1 (p->err, p->failed say why). */
int pump_join(struct pump *p);

#endif
