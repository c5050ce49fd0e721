/*
 * qmp.c - the QMP client of hvm/qmp.h: one request at a time on a
 * non-blocking socket, every wait bounded by poll() with a deadline, every
 * message one line of at most QMP_LINE_MAX bytes parsed by yajl.  QEMU's
 * protocol: a greeting {"QMP": {...}}, then {"execute": ..., "id": N}
 * answered by {"return": ...} or {"error": {"class", "desc"}} carrying the
 * same id; {"event": ...} messages may come in between and are skipped.
 */
#include "hvm/qmp.h"
#include "base/interrupt.h"
#include "base/util.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* libxl's run directory (libxl__run_dir_path: XEN_RUN_DIR of Debian's
 * build) and the name libxl gives the socket it passes to QEMU */
#define QMP_RUN_DIR "/var/run/xen"

char *qmp_socket_path(uint32_t domid)
{
    return xasprintf("%s/qmp-libxl-%u", QMP_RUN_DIR, domid);
}

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Print text a peer sent, at most 200 characters, control bytes as '?'. */
static void print_peer_text(const char *s)
{
    int i;

    for (i = 0; s[i] && i < 200; i++)
        fputc((unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i], stderr);
    if (s[i])
        fputs("...", stderr);
}

/* Wait for events on q's socket until the deadline. */
static int wait_fd(struct qmp *q, short events, long long deadline)
{
    struct pollfd p = { q->fd, events, 0 };
    int r;

    for (;;) {
        long long left = deadline - now_ms();
        if (interrupt_check("talking to QEMU"))
            return -1;
        if (left <= 0) {
            fprintf(stderr, "xyl: %s did not answer within %d ms\n", q->who, q->timeout_ms);
            return -1;
        }
        r = poll(&p, 1, left > 1000 ? 1000 : (int)left);
        if (r > 0)
            return 0;
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, "xyl: cannot wait for %s: %s\n", q->who, strerror(errno));
            return -1;
        }
    }
}

static int send_all(struct qmp *q, const char *s, size_t n)
{
    long long deadline = now_ms() + q->timeout_ms;

    while (n) {
        ssize_t w = send(q->fd, s, n, MSG_NOSIGNAL);
        if (w > 0) {
            s += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EINTR) {
            fprintf(stderr, "xyl: cannot send to %s: %s\n", q->who, strerror(errno));
            return -1;
        }
        if (wait_fd(q, POLLOUT, deadline))
            return -1;
    }
    return 0;
}

/* The next line (without its end), NUL-terminated, owned by the caller. */
static char *read_line(struct qmp *q, long long deadline)
{
    for (;;) {
        char *nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;
        ssize_t r;

        if (nl) {
            size_t n = (size_t)(nl - q->buf);
            char *line = xstrndup(q->buf, n);
            memmove(q->buf, nl + 1, q->len - n - 1);
            q->len -= n + 1;
            if (strlen(line) != n) {
                fprintf(stderr, "xyl: %s sent a NUL byte in a message\n", q->who);
                free(line);
                return NULL;
            }
            return line;
        }
        if (q->len >= QMP_LINE_MAX) {
            fprintf(stderr, "xyl: %s sent a message longer than %d bytes\n", q->who,
                    QMP_LINE_MAX);
            return NULL;
        }
        r = recv(q->fd, q->buf + q->len, QMP_LINE_MAX - q->len, 0);
        if (r > 0) {
            q->len += (size_t)r;
            continue;
        }
        if (r == 0) {
            fprintf(stderr, "xyl: %s closed the connection%s\n", q->who,
                    q->len ? " in the middle of a message" : "");
            return NULL;
        }
        if (errno != EAGAIN && errno != EINTR) {
            fprintf(stderr, "xyl: cannot read from %s: %s\n", q->who, strerror(errno));
            return NULL;
        }
        if (wait_fd(q, POLLIN, deadline))
            return NULL;
    }
}

/* QMP nests a few levels; yajl's tree is built and freed recursively, so a
 * peer's 100,000 brackets would be 100,000 stack frames: refused first. */
#define QMP_DEPTH_MAX 64

static bool too_deep(const char *s)
{
    bool in_str = false;
    int depth = 0;

    for (; *s; s++) {
        if (in_str) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == '"')
                in_str = false;
        } else if (*s == '"') {
            in_str = true;
        } else if ((*s == '{' || *s == '[') && ++depth > QMP_DEPTH_MAX) {
            return true;
        } else if (*s == '}' || *s == ']') {
            depth--;
        }
    }
    return false;
}

/* The next message as a JSON object (caller frees), or NULL. */
static yajl_val read_msg(struct qmp *q, long long deadline)
{
    char err[128], *line = read_line(q, deadline);
    yajl_val v;

    if (!line)
        return NULL;
    if (too_deep(line)) {
        fprintf(stderr, "xyl: %s sent JSON nested deeper than %d levels\n", q->who,
                QMP_DEPTH_MAX);
        free(line);
        return NULL;
    }
    err[0] = 0;
    v = yajl_tree_parse(line, err, sizeof(err));
    free(line);
    if (!v) {
        err[strcspn(err, "\n")] = 0;  /* yajl adds the text and a marker below */
        fprintf(stderr, "xyl: %s sent a message that is not JSON: ", q->who);
        print_peer_text(err[0] ? err : "unparsable");
        fputc('\n', stderr);
        return NULL;
    }
    if (!YAJL_IS_OBJECT(v)) {
        fprintf(stderr, "xyl: %s sent JSON that is not an object\n", q->who);
        yajl_tree_free(v);
        return NULL;
    }
    return v;
}

static yajl_val member(yajl_val obj, const char *key)
{
    const char *path[] = { key, NULL };

    return yajl_tree_get(obj, path, yajl_t_any);
}

yajl_val qmp_return(yajl_val reply)
{
    return reply ? member(reply, "return") : NULL;
}

/* Wait for the reply with id (events and replies to other ids skipped). */
static yajl_val read_reply(struct qmp *q, unsigned id, const char *cmd)
{
    long long deadline = now_ms() + q->timeout_ms;
    int skipped;

    for (skipped = 0; skipped < QMP_SKIP_MAX; skipped++) {
        yajl_val v = read_msg(q, deadline), rid, err;
        if (!v)
            return NULL;
        rid = member(v, "id");
        if (member(v, "event") || !rid || !YAJL_IS_INTEGER(rid) ||
            YAJL_GET_INTEGER(rid) != (long long)id) {
            yajl_tree_free(v);      /* an event, or not the answer to this */
            continue;
        }
        if ((err = member(v, "error"))) {
            yajl_val desc = YAJL_IS_OBJECT(err) ? member(err, "desc") : NULL;
            fprintf(stderr, "xyl: %s refused %s: ", q->who, cmd);
            print_peer_text(desc && YAJL_IS_STRING(desc) ? YAJL_GET_STRING(desc)
                                                         : "(no description)");
            fputc('\n', stderr);
            yajl_tree_free(v);
            return NULL;
        }
        if (!member(v, "return")) {
            fprintf(stderr, "xyl: %s answered %s with neither return nor error\n", q->who, cmd);
            yajl_tree_free(v);
            return NULL;
        }
        return v;
    }
    fprintf(stderr, "xyl: %s sent %d messages without answering %s\n", q->who, QMP_SKIP_MAX, cmd);
    return NULL;
}

/* cmd names and args are xyl's own, never a peer's: only checked here */
static bool plain_word(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!(*s == '-' || *s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

int qmp_call(struct qmp *q, const char *cmd, const char *args, yajl_val *reply)
{
    unsigned id = q->next_id++;
    char *msg;
    yajl_val v;
    int r;

    *reply = NULL;
    if (!plain_word(cmd)) {
        fprintf(stderr, "xyl: not a QMP command name: %s\n", cmd);
        return -1;
    }
    msg = args ? xasprintf("{\"execute\": \"%s\", \"arguments\": %s, \"id\": %u}\n", cmd, args, id)
               : xasprintf("{\"execute\": \"%s\", \"id\": %u}\n", cmd, id);
    r = send_all(q, msg, strlen(msg));
    free(msg);
    if (r || !(v = read_reply(q, id, cmd)))
        return -1;
    *reply = v;
    return 0;
}

void qmp_close(struct qmp *q)
{
    if (q->fd >= 0)
        close(q->fd);
    q->fd = -1;
    free(q->buf);
    q->buf = NULL;
    free(q->who);
    q->who = NULL;
}

int qmp_open_fd(struct qmp *q, int fd, const char *who, int timeout_ms)
{
    yajl_val v, ret;
    int r;

    q->fd = fd;
    q->timeout_ms = timeout_ms > 0 ? timeout_ms : QMP_TIMEOUT_MS;
    q->next_id = 1;
    q->buf = xmalloc(QMP_LINE_MAX);
    q->len = 0;
    q->who = xstrdup(who);
    v = read_msg(q, now_ms() + q->timeout_ms);
    if (!v)
        goto fail;
    r = member(v, "QMP") != NULL;
    yajl_tree_free(v);
    if (!r) {
        fprintf(stderr, "xyl: %s does not speak QMP (no greeting)\n", q->who);
        goto fail;
    }
    if (qmp_call(q, "qmp_capabilities", NULL, &ret))
        goto fail;
    yajl_tree_free(ret);
    return 0;
fail:
    qmp_close(q);
    return -1;
}

int qmp_open(struct qmp *q, const char *path, const char *who, int timeout_ms)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    q->fd = -1;
    q->buf = q->who = NULL;
    if (strlen(path) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "xyl: socket path too long: %s\n", path);
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fprintf(stderr, "xyl: cannot make a socket: %s\n", strerror(errno));
        return -1;
    }
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
        fprintf(stderr, "xyl: cannot reach %s at %s: %s%s\n", who, path, strerror(errno),
                errno == ENOENT ? " (no device model: is it an HVM guest with qemu-xen?)"
                : errno == EAGAIN ? " (busy: try again)" : "");
        close(fd);
        return -1;
    }
    return qmp_open_fd(q, fd, who, timeout_ms);
}

/* A JSON string literal of s (control bytes escaped), caller frees. */
static char *json_quote(const char *s)
{
    struct strbuf sb = { 0 };

    sb_addc(&sb, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sb_addf(&sb, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            sb_addf(&sb, "\\u%04x", (unsigned char)*s);
        else
            sb_addc(&sb, *s);
    }
    sb_addc(&sb, '"');
    return sb_detach(&sb);
}

int qmp_screendump(struct qmp *q, const char *path)
{
    char *qp = json_quote(path), *args = xasprintf("{\"filename\": %s}", qp);
    yajl_val reply;
    int r = qmp_call(q, "screendump", args, &reply);

    free(args);
    free(qp);
    if (!r)
        yajl_tree_free(reply);
    return r;
}
