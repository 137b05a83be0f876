/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nl_wire.h - generic netlink by hand, on a raw AF_NETLINK socket: what
 * wire.c shows byte by byte and what the tests use to send exactly the
 * bytes they mean (a wrong length, a missing attribute, an unknown
 * command), which a library would not let them send.  reader.c does the
 * same with libnl, as real programs do.
 *
 * Functions return 0 (or a length) or a negative errno.
 */
#ifndef NL_WIRE_H
#define NL_WIRE_H

#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

#define NLW_BUF 8192

/* A request being built: the headers, then the attributes. */
struct nlw_msg {
	union {
		struct nlmsghdr n;
		char buf[NLW_BUF];
	};
};

/* A generic netlink socket that gets extended acks (error messages). */
static inline int nlw_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* Start a message: netlink header, then the genetlink header. */
static inline void nlw_start(struct nlw_msg *m, uint16_t type, uint16_t flags,
			     uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->n.nlmsg_type = type;
	m->n.nlmsg_flags = NLM_F_REQUEST | flags;
	m->n.nlmsg_seq = 1;
	g = NLMSG_DATA(&m->n);
	g->cmd = cmd;
	g->version = version;
}

/* Append an attribute: its 4-byte header, len bytes, padding to 4. */
static inline void nlw_put(struct nlw_msg *m, uint16_t type, const void *data,
			   size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + NLMSG_ALIGN(m->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->n.nlmsg_len = NLMSG_ALIGN(m->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static inline void nlw_put_str(struct nlw_msg *m, uint16_t type, const char *s)
{
	nlw_put(m, type, s, strlen(s) + 1);
}

static inline void nlw_put_u32(struct nlw_msg *m, uint16_t type, uint32_t v)
{
	nlw_put(m, type, &v, sizeof(v));
}

static inline int nlw_send(int fd, const struct nlw_msg *m)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };	/* the kernel */

	if (sendto(fd, m, m->n.nlmsg_len, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	return 0;
}

/* One datagram (one or more messages): its length, or -errno. */
static inline int nlw_recv(int fd, char *buf, size_t size)
{
	ssize_t n = recv(fd, buf, size, 0);

	return n < 0 ? -errno : (int)n;
}

/*
 * Wait up to ms for the next message on fd (an event, on a socket that
 * joined a group): 0 and the message in m, or -errno (-ETIMEDOUT).
 */
static inline int nlw_next(int fd, int ms, struct nlw_msg *m)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int len;

	if (poll(&p, 1, ms) != 1)
		return -ETIMEDOUT;
	len = nlw_recv(fd, m->buf, sizeof(m->buf));
	if (len < 0)
		return len;
	return NLMSG_OK(&m->n, (unsigned int)len) ? 0 : -EPROTO;
}

/* The first attribute of a type in [start, end), or NULL. */
static inline struct nlattr *nlw_find(void *start, void *end, uint16_t type)
{
	struct nlattr *a = start;

	while ((char *)a + NLA_HDRLEN <= (char *)end && a->nla_len >= NLA_HDRLEN &&
	       (char *)a + a->nla_len <= (char *)end) {
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return NULL;
}

/* An attribute of a generic netlink message, or NULL. */
static inline struct nlattr *nlw_attr(struct nlmsghdr *n, uint16_t type)
{
	char *first = (char *)NLMSG_DATA(n) + GENL_HDRLEN;

	return nlw_find(first, (char *)n + n->nlmsg_len, type);
}

static inline void *nlw_data(struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static inline uint32_t nlw_u32(struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, nlw_data(a), sizeof(v));
	return v;
}

/*
 * The next message on fd within ms, which must be command cmd with the
 * u32 attributes a and b: 0 and their values, or -errno (-ETIMEDOUT,
 * -EPROTO for another message).  An event of a family, as a test wants.
 */
static inline int nlw_next_u32s(int fd, int ms, uint8_t cmd, uint16_t a,
				uint32_t *va, uint16_t b, uint32_t *vb)
{
	struct nlattr *x, *y;
	struct nlw_msg m;
	int ret = nlw_next(fd, ms, &m);

	if (ret)
		return ret;
	x = nlw_attr(&m.n, a);
	y = nlw_attr(&m.n, b);
	if (((struct genlmsghdr *)NLMSG_DATA(&m.n))->cmd != cmd || !x || !y)
		return -EPROTO;
	*va = nlw_u32(x);
	*vb = nlw_u32(y);
	return 0;
}

/*
 * An error message (an ack is one with error 0): the error, and the
 * extended ack's text and missing attribute type if it has them.  The
 * extended ack's attributes follow the request that was echoed back
 * (all of it unless NLM_F_CAPPED says only its header).
 */
struct nlw_ack {
	int error;			/* 0 or -errno */
	char msg[256];			/* NLMSGERR_ATTR_MSG, or "" */
	int miss_type;			/* NLMSGERR_ATTR_MISS_TYPE, or -1 */
};

static inline void nlw_parse_ack(struct nlmsghdr *n, struct nlw_ack *ack)
{
	struct nlmsgerr *e = NLMSG_DATA(n);
	char *tlvs = (char *)&e->msg + ((n->nlmsg_flags & NLM_F_CAPPED) ?
			sizeof(e->msg) : e->msg.nlmsg_len);
	struct nlattr *a;

	ack->error = e->error;
	ack->msg[0] = '\0';
	ack->miss_type = -1;
	if (!(n->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	a = nlw_find(tlvs, (char *)n + n->nlmsg_len, NLMSGERR_ATTR_MSG);
	if (a) {
		size_t len = a->nla_len - NLA_HDRLEN;

		if (len >= sizeof(ack->msg))
			len = sizeof(ack->msg) - 1;
		memcpy(ack->msg, nlw_data(a), len);
		ack->msg[len] = '\0';
	}
	a = nlw_find(tlvs, (char *)n + n->nlmsg_len, NLMSGERR_ATTR_MISS_TYPE);
	if (a)
		ack->miss_type = nlw_u32(a);
}

/*
 * Send a request with NLM_F_ACK and wait for its answer: the reply (a
 * copy in reply, if not NULL) followed by the ack, or an error.  The
 * result is the ack's error, or -errno if the exchange failed.
 */
static inline int nlw_call(int fd, struct nlw_msg *m, struct nlw_msg *reply,
			   struct nlw_ack *ack)
{
	char buf[NLW_BUF];
	int ret;

	if (reply)		/* empty until a reply comes */
		reply->n.nlmsg_len = 0;
	m->n.nlmsg_flags |= NLM_F_ACK;
	ret = nlw_send(fd, m);
	if (ret)
		return ret;
	for (;;) {
		struct nlmsghdr *n = (struct nlmsghdr *)buf;
		int len = nlw_recv(fd, buf, sizeof(buf));

		if (len < 0)
			return len;
		for (; NLMSG_OK(n, (unsigned int)len); n = NLMSG_NEXT(n, len)) {
			if (n->nlmsg_type == NLMSG_ERROR) {
				nlw_parse_ack(n, ack);
				return ack->error;
			}
			if (reply && n->nlmsg_len <= sizeof(*reply))
				memcpy(reply, n, n->nlmsg_len);
		}
	}
}

/*
 * Ask the controller ("nlctrl") for a family by name: its id, and the
 * id of one of its multicast groups if grp is not NULL (0 if it has
 * none of that name).  -ENOENT: no such family.
 */
static inline int nlw_resolve(int fd, const char *name, const char *grp,
			      uint16_t *id, uint32_t *grp_id)
{
	struct nlw_msg m, reply;
	struct nlw_ack ack;
	struct nlattr *a, *g;
	int ret;

	nlw_start(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	nlw_put_str(&m, CTRL_ATTR_FAMILY_NAME, name);
	ret = nlw_call(fd, &m, &reply, &ack);
	if (ret)
		return ret;
	a = nlw_attr(&reply.n, CTRL_ATTR_FAMILY_ID);
	if (!a)
		return -EPROTO;
	memcpy(id, nlw_data(a), sizeof(*id));
	if (!grp)
		return 0;
	*grp_id = 0;
	/* A nest of nests: each group has a name and an id. */
	a = nlw_attr(&reply.n, CTRL_ATTR_MCAST_GROUPS);
	if (!a)
		return 0;
	for (g = nlw_data(a); (char *)g + NLA_HDRLEN <= (char *)a + a->nla_len &&
	     g->nla_len >= NLA_HDRLEN;
	     g = (struct nlattr *)((char *)g + NLA_ALIGN(g->nla_len))) {
		char *end = (char *)g + g->nla_len;
		struct nlattr *gn = nlw_find(nlw_data(g), end, CTRL_ATTR_MCAST_GRP_NAME);
		struct nlattr *gi = nlw_find(nlw_data(g), end, CTRL_ATTR_MCAST_GRP_ID);

		if (gn && gi && !strcmp(nlw_data(gn), grp))
			*grp_id = nlw_u32(gi);
	}
	return 0;
}

#endif /* NL_WIRE_H */
