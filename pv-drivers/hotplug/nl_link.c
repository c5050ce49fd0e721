/*
 * nl_link.c - see nl_link.h.  Every answer of the kernel is bounds-checked
 * with the NLMSG_ and RTA_ macros before it is read.
 */
#define _GNU_SOURCE
#include "nl_link.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* a request: the header, the ifinfomsg and a few attributes (a name, an
 * address, two u32s, the linkinfo nest) */
#define NL_REQ_SIZE 256
/* a dump's datagrams: the kernel fills up to a page or 32 KiB at a time */
#define NL_RECV_SIZE 32768

struct nl_req {
    struct nlmsghdr h;
    struct ifinfomsg i;
    char attrs[NL_REQ_SIZE];
};

int nl_open(struct nl *nl)
{
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

    nl->seq = 1;
    nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (nl->fd < 0)
        return -errno;
    if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        int e = errno;
        close(nl->fd);
        nl->fd = -1;
        return -e;
    }
    return 0;
}

void nl_close(struct nl *nl)
{
    if (nl->fd >= 0)
        close(nl->fd);
    nl->fd = -1;
}

static void req_init(struct nl_req *r, int type, int flags, int index)
{
    memset(r, 0, sizeof(*r));
    r->h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    r->h.nlmsg_type = (uint16_t)type;
    r->h.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
    r->i.ifi_family = AF_UNSPEC;
    r->i.ifi_index = index;
}

/* append one attribute (sizes are ours, far below NL_REQ_SIZE) */
static struct rtattr *req_attr(struct nl_req *r, int type, const void *data, size_t len)
{
    struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->h.nlmsg_len));

    a->rta_type = (unsigned short)type;
    a->rta_len = (unsigned short)RTA_LENGTH(len);
    if (len)
        memcpy(RTA_DATA(a), data, len);
    r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

static int req_send(struct nl *nl, struct nl_req *r)
{
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

    r->h.nlmsg_seq = ++nl->seq;
    if (sendto(nl->fd, r, r->h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
        return -errno;
    return 0;
}

/* One link's facts from an RTM_NEWLINK answer; 0, or -EBADMSG. */
static int parse_link(const struct nlmsghdr *h, struct nl_link *l)
{
    const struct ifinfomsg *i = NLMSG_DATA(h);
    const struct rtattr *a;
    int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*i));

    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*i)))
        return -EBADMSG;
    memset(l, 0, sizeof(*l));
    l->index = i->ifi_index;
    l->flags = i->ifi_flags;
    for (a = IFLA_RTA(i); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        size_t n = RTA_PAYLOAD(a);
        if (a->rta_type == IFLA_IFNAME && n > 0 && n <= IFNAMSIZ) {
            memcpy(l->name, RTA_DATA(a), n);
            l->name[IFNAMSIZ - 1] = '\0';
        } else if (a->rta_type == IFLA_MTU && n >= 4) {
            memcpy(&l->mtu, RTA_DATA(a), 4);
        } else if (a->rta_type == IFLA_MASTER && n >= 4) {
            memcpy(&l->master, RTA_DATA(a), 4);
        } else if (a->rta_type == IFLA_LINKINFO) {
            const struct rtattr *k;
            int klen = (int)n;
            for (k = RTA_DATA(a); RTA_OK(k, klen); k = RTA_NEXT(k, klen))
                if (k->rta_type == IFLA_INFO_KIND && RTA_PAYLOAD(k) >= 6 &&
                    !memcmp(RTA_DATA(k), "bridge", 6) &&
                    (RTA_PAYLOAD(k) == 6 || ((const char *)RTA_DATA(k))[6] == '\0'))
                    l->bridge = true;
        }
    }
    return l->name[0] ? 0 : -EBADMSG;
}

/* Read the answers to request seq until its end: the acknowledgement (0 or
 * the error it carries), or NLMSG_DONE of a dump.  Each RTM_NEWLINK goes to
 * each(l, arg) when given; a nonzero return of it is kept and returned at
 * the end (the rest of the answer is still read off the socket). */
static int recv_answer(struct nl *nl, int (*each)(const struct nl_link *, void *), void *arg)
{
    static char buf[NL_RECV_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
    int kept = 0;

    for (;;) {
        ssize_t n = recv(nl->fd, buf, sizeof(buf), 0);
        struct nlmsghdr *h;
        int len;

        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        len = (int)n;
        for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_seq != nl->seq)
                continue;                       /* not ours: an old answer */
            if (h->nlmsg_type == NLMSG_DONE)
                return kept;
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = NLMSG_DATA(h);
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
                    return -EBADMSG;
                return e->error ? e->error : kept;
            }
            if (h->nlmsg_type == RTM_NEWLINK && each) {
                struct nl_link l;
                int r = parse_link(h, &l);
                if (r == 0 && !kept)
                    kept = each(&l, arg);
            }
            if (!(h->nlmsg_flags & NLM_F_MULTI) && h->nlmsg_type == RTM_NEWLINK)
                return kept;                    /* a plain GETLINK's one answer */
        }
        if (n == 0)
            return -EBADMSG;
    }
}

static int copy_link(const struct nl_link *l, void *arg)
{
    *(struct nl_link *)arg = *l;
    return 1;
}

int nl_link_get(struct nl *nl, const char *name, struct nl_link *l)
{
    struct nl_req r;
    size_t n = strlen(name);
    int e;

    if (n == 0 || n >= IFNAMSIZ)
        return -ENODEV;
    req_init(&r, RTM_GETLINK, 0, 0);
    req_attr(&r, IFLA_IFNAME, name, n + 1);
    e = req_send(nl, &r);
    if (e)
        return e;
    e = recv_answer(nl, copy_link, l);
    return e == 1 ? 0 : e == 0 ? -EBADMSG : e;
}

static int pick_bridge(const struct nl_link *l, void *arg)
{
    struct nl_link *best = arg;

    if (l->bridge && (!best->name[0] || strcmp(l->name, best->name) < 0))
        *best = *l;
    return 0;
}

int nl_first_bridge(struct nl *nl, struct nl_link *l)
{
    struct nl_req r;
    int e;

    memset(l, 0, sizeof(*l));
    req_init(&r, RTM_GETLINK, NLM_F_DUMP, 0);
    e = req_send(nl, &r);
    if (!e)
        e = recv_answer(nl, pick_bridge, l);
    if (e)
        return e;
    return l->name[0] ? 0 : -ENODEV;
}

int nl_link_set(struct nl *nl, int index, const struct nl_set *s)
{
    struct nl_req r;
    int e;

    req_init(&r, RTM_NEWLINK, NLM_F_ACK, index);
    if (s->name)
        req_attr(&r, IFLA_IFNAME, s->name, strnlen(s->name, IFNAMSIZ - 1) + 1);
    if (s->addr)
        req_attr(&r, IFLA_ADDRESS, s->addr, 6);
    if (s->mtu != NL_KEEP) {
        uint32_t v = (uint32_t)s->mtu;
        req_attr(&r, IFLA_MTU, &v, 4);
    }
    if (s->master != NL_KEEP) {
        uint32_t v = (uint32_t)s->master;
        req_attr(&r, IFLA_MASTER, &v, 4);
    }
    if (s->up != NL_KEEP) {
        r.i.ifi_change = IFF_UP;
        r.i.ifi_flags = s->up ? IFF_UP : 0;
    }
    e = req_send(nl, &r);
    return e ? e : recv_answer(nl, NULL, NULL);
}
