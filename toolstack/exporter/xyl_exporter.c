/*
 * xyl-exporter - this Xen host's guests for Prometheus: GET /metrics
 * answers with a fresh snapshot (domain/stats.c: xentop's figures and
 * xyl-netback's and xyl-blkback's counters) in the Prometheus text format (stats_fmt.c).
 *
 *   xyl-exporter [--listen ADDR] [--port N]
 *
 * HTTP is libmicrohttpd's (Debian's libmicrohttpd12): one internal thread
 * answers one request at a time, so snapshots never overlap, with a cap on
 * connections and a timeout for slow clients.  Only GET (and HEAD) of /
 * and /metrics are answered.  SIGTERM or SIGINT stops it.  Without Xen it
 * exits 1 at once with one line.  Started by xyl-exporter.service.
 */
#include "domain/stats.h"
#include "xen/xen.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_PORT 9920       /* http://HOST:9920/metrics */
#define MAX_CONNECTIONS 16      /* scrapers are few; more is a client gone wrong */
#define CONNECTION_TIMEOUT_S 10

static const char index_page[] =
    "xyl-exporter: the Xen guests of this host for Prometheus; scrape /metrics\n";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, char *body,
                             size_t len, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
    enum MHD_Result rc;

    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result metrics(struct MHD_Connection *c)
{
    struct stat_host h;
    struct strbuf sb = { 0 };
    size_t len;
    char *body;

    if (stats_collect(&h, NULL, 0)) {
        static char fail[] = "xyl-exporter: cannot read this host's domains (see its log)\n";
        return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", fail, sizeof(fail) - 1,
                     MHD_RESPMEM_PERSISTENT);
    }
    stats_prometheus(&sb, &h);
    stats_free(&h);
    len = strlen(sb_str(&sb));
    body = sb_detach(&sb);
    if (!body)
        body = xstrdup("");
    return reply(c, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", body, len,
                 MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    static int first_call;

    (void)cls; (void)version; (void)upload;
    /* libmicrohttpd calls once with the headers, then again for the body */
    if (!*con_cls) {
        *con_cls = &first_call;
        return MHD_YES;
    }
    if (*upload_size)
        return MHD_NO;          /* a GET with a body: not a scraper */
    if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
        static char no[] = "only GET\n";
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", no, sizeof(no) - 1,
                     MHD_RESPMEM_PERSISTENT);
    }
    if (!strcmp(url, "/metrics"))
        return metrics(c);
    if (!strcmp(url, "/"))
        return reply(c, MHD_HTTP_OK, "text/plain; charset=utf-8", (char *)index_page, sizeof(index_page) - 1,
                     MHD_RESPMEM_PERSISTENT);
    {
        static char nf[] = "not found: try /metrics\n";
        return reply(c, MHD_HTTP_NOT_FOUND, "text/plain; charset=utf-8", nf, sizeof(nf) - 1,
                     MHD_RESPMEM_PERSISTENT);
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: xyl-exporter [--listen ADDR] [--port N]\n\n"
            "Serve the Xen guests' CPU, memory, vif and vbd counters to Prometheus at\n"
            "http://ADDR:N/metrics (default: every IPv4 address, port %d).\n", DEFAULT_PORT);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "listen", required_argument, NULL, 'l' },
        { "port", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct sockaddr_in sa;
    struct MHD_Daemon *d;
    sigset_t set;
    long port = DEFAULT_PORT;
    int o, sig;
    char *end;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_ANY);
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'l':
            if (inet_pton(AF_INET, optarg, &sa.sin_addr) != 1) {
                fprintf(stderr, "xyl-exporter: --listen: '%s' is not an IPv4 address\n", optarg);
                return 2;
            }
            break;
        case 'p':
            port = strtol(optarg, &end, 10);
            if (!*optarg || *end || port < 1 || port > 65535) {
                fprintf(stderr, "xyl-exporter: --port: '%s' is not a port (1-65535)\n", optarg);
                return 2;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "xyl-exporter: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (xen_present())
        return 1;
    sa.sin_port = htons((uint16_t)port);
    /* the signals are taken by sigwait below, never by libmicrohttpd's thread */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
                         answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "xyl-exporter: cannot listen on %s port %ld (in use?)\n", inet_ntoa(sa.sin_addr), port);
        return 1;
    }
    fprintf(stderr, "xyl-exporter: serving http://%s:%ld/metrics\n", inet_ntoa(sa.sin_addr), port);
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
