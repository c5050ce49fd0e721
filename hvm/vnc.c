/*
 * vnc.c - xyl vnc's facts (hvm/vnc.h), from QEMU itself rather than from
 * the guest's console/ nodes in xenstore: QEMU's answer says what it
 * really serves, including whether it asks for a password.  QEMU's reply
 * is still checked: an address of address characters only, a port in
 * 1-65535, so nothing odd reaches the terminal or the ssh line.
 */
#include "hvm/vnc.h"
#include "base/json_out.h"
#include "base/util.h"
#include "model/guest_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static yajl_val get(yajl_val obj, const char *key, yajl_type t)
{
    const char *path[] = { key, NULL };

    return yajl_tree_get(obj, path, t);
}

/* IPv4, IPv6 or a host name: nothing a terminal or a shell would act on */
static bool address_ok(const char *s)
{
    size_t n = strlen(s);

    return n > 0 && n <= 253 &&
           strspn(s, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.:-_[]%") == n;
}

int hvm_vnc_query(struct qmp *q, struct hvm_vnc *v)
{
    yajl_val reply, ret, x;
    const char *str;
    char *end;
    int rc = -1;

    memset(v, 0, sizeof(*v));
    v->port = -1;
    if (qmp_call(q, "query-vnc", NULL, &reply))
        return -1;
    ret = qmp_return(reply);
    if (!YAJL_IS_OBJECT(ret) || !(x = get(ret, "enabled", yajl_t_any)) ||
        !(YAJL_IS_TRUE(x) || YAJL_IS_FALSE(x))) {
        fprintf(stderr, "xyl: %s answered query-vnc without 'enabled'\n", q->who);
        goto out;
    }
    v->enabled = YAJL_IS_TRUE(x);
    if (!v->enabled) {
        rc = 0;
        goto out;
    }
    x = get(ret, "host", yajl_t_string);
    if (!x || !(str = YAJL_GET_STRING(x)) || !address_ok(str)) {
        fprintf(stderr, "xyl: %s gave no usable VNC address\n", q->who);
        goto out;
    }
    v->host = xstrdup(str);
    x = get(ret, "service", yajl_t_string);
    if (x && (str = YAJL_GET_STRING(x))) {
        v->port = strtol(str, &end, 10);
        if (*end || end == str || v->port < 1 || v->port > 65535)
            v->port = -1;
    }
    if (v->port < 0) {
        fprintf(stderr, "xyl: %s gave no usable VNC port\n", q->who);
        goto out;
    }
    x = get(ret, "auth", yajl_t_string);
    str = x ? YAJL_GET_STRING(x) : NULL;
    v->auth = xstrdup(str && address_ok(str) ? str : "unknown");
    v->password = strcmp(v->auth, "none") != 0;
    x = get(ret, "clients", yajl_t_array);
    v->clients = x ? (int)YAJL_GET_ARRAY(x)->len : 0;
    rc = 0;
out:
    yajl_tree_free(reply);
    if (rc)
        hvm_vnc_free(v);
    return rc;
}

int hvm_vnc_get(uint32_t domid, const char *name, struct hvm_vnc *v)
{
    char *sock = qmp_socket_path(domid), *who = xasprintf("the device model of %s", name);
    struct qmp q;
    int rc = -1;

    memset(v, 0, sizeof(*v));
    if (!qmp_open(&q, sock, who, QMP_TIMEOUT_MS)) {
        rc = hvm_vnc_query(&q, v);
        qmp_close(&q);
    }
    free(who);
    free(sock);
    return rc;
}

/* the ssh -L line for a loopback-only server (caller frees), or NULL */
static char *ssh_line(const struct hvm_vnc *v, const char *ssh_host)
{
    if (!v->enabled || !vnc_listen_is_local(v->host))
        return NULL;
    return xasprintf("ssh -L %ld:%s:%ld root@%s", v->port,
                     strchr(v->host, ':') ? "[::1]" : v->host, v->port, ssh_host);
}

void hvm_vnc_print(FILE *out, const struct hvm_vnc *v, const char *name, const char *ssh_host)
{
    char *ssh;

    if (!v->enabled) {
        fprintf(out, "%s: no VNC server (hvm: {vnc: false})\n", name);
        return;
    }
    fprintf(out, "%s: VNC on %s port %ld (display %ld), %s, %d viewer%s connected\n", name, v->host,
           v->port, v->port - 5900, v->password ? "password set" : "no password", v->clients,
           v->clients == 1 ? "" : "s");
    ssh = ssh_line(v, ssh_host);
    if (ssh) {
        fprintf(out, "only this host can connect; from your machine:\n  %s\n"
               "then point a VNC viewer at localhost::%ld\n", ssh, v->port);
        free(ssh);
    } else {
        bool any = !strcmp(v->host, "0.0.0.0") || !strcmp(v->host, "::");
        fprintf(out, "viewers connect to %s::%ld%s\n", any ? ssh_host : v->host, v->port,
               v->password ? "" : "  (WARNING: anyone who reaches it sees and types on the screen)");
    }
}

void hvm_vnc_print_json(const struct hvm_vnc *v, const char *name, uint32_t domid,
                        const char *ssh_host)
{
    yajl_gen g = json_gen_new();
    char *ssh = ssh_line(v, ssh_host);

    if (!g) {
        free(ssh);
        return;
    }
    yajl_gen_map_open(g);
    json_str(g, "name");
    json_str(g, name);
    json_str(g, "domid");
    yajl_gen_integer(g, domid);
    json_str(g, "enabled");
    yajl_gen_bool(g, v->enabled);
    if (v->enabled) {
        json_str(g, "host");
        json_str(g, v->host);
        json_str(g, "port");
        yajl_gen_integer(g, v->port);
        json_str(g, "display");
        yajl_gen_integer(g, v->port - 5900);
        json_str(g, "password");
        yajl_gen_bool(g, v->password);
        json_str(g, "auth");
        json_str(g, v->auth);
        json_str(g, "local_only");
        yajl_gen_bool(g, vnc_listen_is_local(v->host));
        json_str(g, "clients");
        yajl_gen_integer(g, v->clients);
        json_str(g, "ssh");
        if (ssh)
            json_str(g, ssh);
        else
            yajl_gen_null(g);
    }
    yajl_gen_map_close(g);
    json_gen_print(g);
    free(ssh);
}

void hvm_vnc_free(struct hvm_vnc *v)
{
    free(v->host);
    free(v->auth);
    v->host = v->auth = NULL;
}
