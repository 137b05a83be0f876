// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_net.c - the fuzzer's attacks on sockets (see fuzz.c): the UDP
 * services named udp:PORT and the generic netlink families named
 * genl:NAME.
 *
 *   udp   datagrams of every size from 0 to the largest (and one byte
 *         more), alone or in bursts, from a socket of their own; an
 *         answer must be the datagram, or its bytes reversed
 *   genl  messages to the family (resolved by name each time: it may
 *         come and go) with random commands, flags (dump, ack, echo),
 *         versions and attributes: random types, lengths, nesting and
 *         byte-order flags, strings with and without their NUL, and
 *         malformed ones: an attribute longer than the message, a
 *         netlink length that cuts the headers or an attribute, fewer
 *         bytes sent than the header says, two messages in a datagram.
 *         Every reply must be well-formed netlink.
 *
 * After the run (net_check), each service must still answer a valid
 * request as it should: an echo of a datagram, and for the kit's own
 * family an ECHO command; any other family must still resolve.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fuzz.h"
#include "../../netlink/kit_netlink.h"
#include "../../netlink/nl_wire.h"

#define UDP_MAX		65507	/* the largest datagram on IPv4 */
#define BURST_MAX	32

static int udp_socket(const struct target *t, struct sockaddr_in *a)
{
	*a = (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_port = htons(atoi(t->path + 4)),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

/* An answer to a datagram is the datagram, or its bytes in reverse. */
static bool echoes(const char *sent, const char *got, size_t len)
{
	size_t i;

	if (!memcmp(sent, got, len))
		return true;
	for (i = 0; i < len; i++)
		if (got[i] != sent[len - 1 - i])
			return false;
	return true;
}

static char answer[UDP_MAX + 1];

/* Is the answer of len bytes all one byte, c? */
static bool all(const char *p, size_t len, unsigned char c)
{
	return !len || ((unsigned char)p[0] == c && !memcmp(p, p + 1, len - 1));
}

/*
 * A burst: datagrams of random sizes, each filled with a byte of its
 * own (reversed or not, the same bytes), sent back to back; then the
 * answers that come within a moment, each of which must be one of them.
 */
static void udp_burst(const struct target *t, int fd, const struct sockaddr_in *a)
{
	size_t len[BURST_MAX];
	unsigned int n = 2 + below(BURST_MAX - 1), i, k;
	unsigned char fill = rnd();
	struct pollfd p = { .fd = fd, .events = POLLIN };

	for (i = 0; i < n; i++) {
		len[i] = chance(20) ? PICK(((size_t[]){ 0, 1, UDP_MAX })) :
			 below(chance(50) ? 2048 : UDP_MAX + 1);
		memset(area, (unsigned char)(fill + i), len[i]);
		st->datagrams++;
		if (sendto(fd, area, len[i], MSG_DONTWAIT, (const struct sockaddr *)a,
			   sizeof(*a)) != (ssize_t)len[i])
			len[i] = (size_t)-1;	/* not sent: no answer */
	}
	for (k = 0; k < n && poll(&p, 1, 100) == 1; k++) {
		ssize_t r = recv(fd, answer, sizeof(answer), MSG_DONTWAIT);

		if (r < 0)
			break;
		for (i = 0; i < n; i++)
			if (len[i] == (size_t)r && all(answer, r, fill + i))
				break;
		if (i == n)
			violation("%s: a burst's answer of %zd bytes is none of its datagrams",
				  t->path, r);
		else
			st->datagrams_ok++;
	}
}

/*
 * A datagram of a boundary or random size (in fuzz mode up to the
 * largest, and one byte more), or a burst; its answer is awaited a
 * moment and checked, or (in fuzz mode, half the time) the socket is
 * closed at once.
 */
void udp_op(const struct target *t)
{
	static const size_t sizes[] = { 0, 1, 2, 1472, 1473, UDP_MAX, UDP_MAX + 1 };
	struct sockaddr_in a;
	struct pollfd p = { .events = POLLIN };
	size_t len = mode != MODE_FUZZ ? below(2048) :
		     chance(50) ? PICK(sizes) : below(UDP_MAX + 1);

	p.fd = udp_socket(t, &a);
	if (p.fd < 0)
		return;
	if (mode == MODE_FUZZ && chance(20)) {
		udp_burst(t, p.fd, &a);
		close(p.fd);
		return;
	}
	for (size_t i = 0; i < len; i++)
		area[i] = rnd();
	st->datagrams++;
	if (sendto(p.fd, area, len, MSG_DONTWAIT, (struct sockaddr *)&a,
		   sizeof(a)) == (ssize_t)len &&
	    (mode != MODE_FUZZ || chance(50)) && poll(&p, 1, 100) == 1) {
		ssize_t r = recv(p.fd, answer, sizeof(answer), MSG_DONTWAIT);

		if (r >= 0 && ((size_t)r != len || !echoes(area, answer, len)))
			violation("%s: %zu bytes sent, %zd came back, not their echo",
				  t->path, len, r);
		else if (r >= 0)
			st->datagrams_ok++;
	}
	close(p.fd);
}

/* --- generic netlink --- */

/*
 * Did the request (len bytes sent) hold a MSG attribute that the echo
 * policy takes (NLA_NUL_STRING, .len KIT_NL_MSG_MAX: a NUL in its first
 * KIT_NL_MSG_MAX + 1 bytes, at most KIT_NL_MSG_MAX bytes before a final
 * NUL) and whose string, up to its first NUL, is what came back?
 */
static bool asked_for(const struct nlw_msg *req, size_t len, const struct nlattr *got)
{
	const char *start = req->buf + NLMSG_LENGTH(GENL_HDRLEN);
	const char *end = req->buf + (len < req->n.nlmsg_len ? len : req->n.nlmsg_len);
	const struct nlattr *a = (const void *)start;
	const char *s = nlw_data((void *)got);
	size_t n = got->nla_len - NLA_HDRLEN;

	if (n < 1 || strnlen(s, n) != n - 1)
		return false;
	for (; (const char *)a + NLA_HDRLEN <= end && a->nla_len >= NLA_HDRLEN &&
	       (const char *)a + a->nla_len <= end;
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		const char *p = nlw_data((void *)a);
		size_t plen = a->nla_len - NLA_HDRLEN;

		if ((a->nla_type & NLA_TYPE_MASK) != KIT_NL_ATTR_MSG || !plen ||
		    !memchr(p, '\0', plen < KIT_NL_MSG_MAX + 1 ? plen : KIT_NL_MSG_MAX + 1) ||
		    plen - !p[plen - 1] > KIT_NL_MSG_MAX)
			continue;
		if (strlen(p) == n - 1 && !memcmp(p, s, n))
			return true;
	}
	return false;
}

/*
 * Every message of a datagram must lie inside it: a reply of the kernel
 * is never malformed, whatever the request was.  From the kit's family,
 * an ECHO reply must carry a message the request held and its policy
 * allows (with kit, the request; NULL for another family).
 */
static void check_replies(const char *name, int fd, uint16_t id,
			  const struct nlw_msg *kit, size_t len)
{
	char buf[NLW_BUF];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *n;
	unsigned int i;

	/* A dump comes in several datagrams; a few are enough. */
	for (i = 0; i < 8 && poll(&p, 1, 50) == 1; i++) {
		int got = nlw_recv(fd, buf, sizeof(buf));

		if (got < 0)
			return;
		st->genl_replies++;
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, (unsigned int)got);
		     n = NLMSG_NEXT(n, got)) {
			struct nlattr *msg;

			if (n->nlmsg_type == NLMSG_DONE || n->nlmsg_type == NLMSG_ERROR)
				return;
			if (!kit || n->nlmsg_type != id ||
			    n->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
			    ((struct genlmsghdr *)NLMSG_DATA(n))->cmd != KIT_NL_CMD_ECHO)
				continue;
			msg = nlw_attr(n, KIT_NL_ATTR_MSG);
			if (!msg || !asked_for(kit, len, msg))
				violation("%s: an ECHO reply that is not a message the request held "
					  "and the policy allows (%u bytes)", name,
					  msg ? msg->nla_len - NLA_HDRLEN : 0);
		}
		if (got > 0)
			violation("%s: a reply with %d bytes that are no message", name, got);
	}
}

/* A string with its NUL or without, of about the longest length ECHO takes. */
static void put_string(struct nlw_msg *m, uint16_t type)
{
	static const size_t edges[] = { 0, 1, 2, KIT_NL_MSG_MAX - 1, KIT_NL_MSG_MAX,
					KIT_NL_MSG_MAX + 1, KIT_NL_MSG_MAX + 2, KIT_NL_MSG_MAX + 3 };
	char data[2 * KIT_NL_MSG_MAX + 8];
	size_t len = chance(50) ? PICK(edges) : below(sizeof(data) + 1), i;

	for (i = 0; i < len; i++)
		data[i] = 'a' + below(26);
	if (len && chance(60))
		data[len - 1] = '\0';
	if (len && chance(10))	/* a NUL inside */
		data[below(len)] = '\0';
	nlw_put(m, type, data, len);
}

/* A random attribute at the end of m, nested up to depth 2. */
static void put_random(struct nlw_msg *m, unsigned int depth)
{
	char data[320];
	uint16_t type = below(8);
	size_t len, room = sizeof(m->buf) - NLMSG_ALIGN(m->n.nlmsg_len);
	unsigned int i;

	if (room < NLA_HDRLEN + sizeof(data) + 64)
		return;
	if (chance(5))
		type |= NLA_F_NET_BYTEORDER;
	switch (below(6)) {
	case 0:			/* a u32, or a number of the wrong size */
		len = chance(70) ? 4 : PICK(((size_t[]){ 1, 2, 3, 8 }));
		break;
	case 1:
	case 2:
		put_string(m, type);
		return;
	case 3:
		len = 0;
		break;
	case 4:			/* attributes inside */
		if (depth < 2) {
			struct nlattr *nest = (struct nlattr *)(m->buf +
						NLMSG_ALIGN(m->n.nlmsg_len));
			unsigned int n = below(4);

			nlw_put(m, type | (chance(80) ? NLA_F_NESTED : 0), NULL, 0);
			for (i = 0; i < n; i++)
				put_random(m, depth + 1);
			nest->nla_len = (char *)m->buf + m->n.nlmsg_len - (char *)nest;
			return;
		}
		/* fall through */
	default:
		len = below(sizeof(data));
		break;
	}
	for (i = 0; i < len; i++)
		data[i] = rnd();
	nlw_put(m, type, data, len);
}

/*
 * A genl message to family id, random and often malformed; its length.
 * A third are ECHO requests with a message at the edges of what the
 * kit's policy takes, which a family only refuses if its policy does.
 */
static size_t make_genl(struct nlw_msg *m, uint16_t id)
{
	uint16_t type = chance(90) ? id : chance(50) ? GENL_ID_CTRL :
			below(NLMSG_MIN_TYPE);
	uint16_t flags = 0;
	unsigned int i, n = below(6);
	size_t len;

	if (chance(33)) {
		nlw_start(m, id, chance(50) ? NLM_F_ACK : 0, KIT_NL_CMD_ECHO,
			  KIT_NL_FAMILY_VERSION);
		put_string(m, KIT_NL_ATTR_MSG);
		if (chance(20))
			put_random(m, 0);
		return m->n.nlmsg_len;
	}
	if (chance(40))
		flags |= NLM_F_ACK;
	if (chance(30))
		flags |= NLM_F_DUMP;
	if (chance(10))
		flags |= NLM_F_ECHO;
	if (chance(5))
		flags = rnd();
	nlw_start(m, type, flags, chance(70) ? below(KIT_NL_CMD_MAX + 3) : rnd(),
		  chance(80) ? 1 : rnd());
	if (chance(5))
		m->n.nlmsg_flags &= ~NLM_F_REQUEST;
	for (i = 0; i < n; i++)
		put_random(m, 0);
	len = m->n.nlmsg_len;
	if (!chance(30))
		return len;
	switch (below(4)) {
	case 0:	/* a netlink length that cuts the headers or an attribute */
		m->n.nlmsg_len = below(len + 1);
		break;
	case 1:	/* fewer bytes than the header says */
		len = below(len + 1);
		break;
	case 2:	/* an attribute longer than what follows it */
		if (len > NLMSG_LENGTH(GENL_HDRLEN) + NLA_HDRLEN)
			((struct nlattr *)(m->buf + NLMSG_LENGTH(GENL_HDRLEN)))->nla_len =
				chance(50) ? rnd() : len;
		break;
	default: /* the same message twice in one datagram */
		if (2 * len <= sizeof(m->buf)) {
			memcpy(m->buf + len, m->buf, len);
			len *= 2;
		}
		break;
	}
	return len;
}

/*
 * The kit's ECHO on a fresh socket: 0 when the text came back as it
 * went, -errno or -EPROTO otherwise.
 */
static int genl_echo(int fd, uint16_t id, const char *text)
{
	struct nlw_msg m, reply;
	struct nlw_ack ack;
	struct nlattr *a;
	int ret;

	nlw_start(&m, id, 0, KIT_NL_CMD_ECHO, KIT_NL_FAMILY_VERSION);
	nlw_put_str(&m, KIT_NL_ATTR_MSG, text);
	ret = nlw_call(fd, &m, &reply, &ack);
	if (ret)
		return ret;
	a = reply.n.nlmsg_len ? nlw_attr(&reply.n, KIT_NL_ATTR_MSG) : NULL;
	if (!a || a->nla_len != NLA_HDRLEN + strlen(text) + 1 ||
	    memcmp(nlw_data(a), text, strlen(text) + 1))
		return -EPROTO;
	return 0;
}

void genl_op(const struct target *t)
{
	const char *name = t->path + 5;
	struct nlw_msg m;
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	uint16_t id;
	size_t len;
	int fd = nlw_open();

	if (fd < 0)
		return;
	/* The family may be gone (its module unloaded): nothing to do. */
	if (nlw_resolve(fd, name, NULL, &id, NULL))
		goto out;
	st->genl++;
	if (mode != MODE_FUZZ) {
		/* Well-formed: the kit's echo (rw), or a dump of GET. */
		if (!strcmp(name, KIT_NL_FAMILY_NAME) && mode == MODE_RW) {
			int ret = genl_echo(fd, id, "kit-fuzz-rw");

			if (ret && ret != -EINTR)
				violation("%s: the echo failed: %s", t->path, strerror(-ret));
			else if (!ret)
				st->genl_replies++;
			goto out;
		}
		nlw_start(&m, id, NLM_F_DUMP, KIT_NL_CMD_GET, KIT_NL_FAMILY_VERSION);
		len = m.n.nlmsg_len;
	} else {
		len = make_genl(&m, id);
	}
	if (sendto(fd, m.buf, len, 0, (struct sockaddr *)&to, sizeof(to)) >= 0)
		check_replies(t->path, fd, id,
			      strcmp(name, KIT_NL_FAMILY_NAME) ? NULL : &m, len);
out:
	close(fd);
}

/* Every family the controller knows, as snapshot lines "g genl:NAME". */
void genl_families(void (*add)(void *ctx, const char *line), void *ctx)
{
	char buf[NLW_BUF], line[GENL_NAMSIZ + 16];
	struct nlw_msg m;
	struct nlmsghdr *n;
	struct nlattr *a;
	int fd = nlw_open(), len;

	if (fd < 0)
		return;
	nlw_start(&m, GENL_ID_CTRL, NLM_F_DUMP, CTRL_CMD_GETFAMILY, 1);
	if (nlw_send(fd, &m))
		goto out;
	while ((len = nlw_recv(fd, buf, sizeof(buf))) > 0) {
		for (n = (struct nlmsghdr *)buf; NLMSG_OK(n, (unsigned int)len);
		     n = NLMSG_NEXT(n, len)) {
			if (n->nlmsg_type == NLMSG_DONE || n->nlmsg_type == NLMSG_ERROR)
				goto out;
			a = nlw_attr(n, CTRL_ATTR_FAMILY_NAME);
			if (!a)
				continue;
			snprintf(line, sizeof(line), "g genl:%.*s",
				 (int)strnlen(nlw_data(a), a->nla_len - NLA_HDRLEN),
				 (char *)nlw_data(a));
			add(ctx, line);
		}
	}
out:
	close(fd);
}

/* After the run: the family still resolves, and the kit's still echoes. */
static void genl_check(const struct target *t, const char *text)
{
	struct timeval wait = { .tv_sec = 2 };
	uint16_t id;
	int ret, fd = nlw_open();

	if (fd < 0)
		return;
	/* A family that does not answer fails, it does not hang us. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
	ret = nlw_resolve(fd, t->path + 5, NULL, &id, NULL);
	if (ret)
		violation("%s: the family no longer resolves: %s", t->path,
			  strerror(-ret));
	else if (!strcmp(t->path + 5, KIT_NL_FAMILY_NAME) &&
		 (ret = genl_echo(fd, id, text)))
		violation("%s: no valid echo after the run: %s", t->path,
			  strerror(-ret));
	close(fd);
}

/* After the run: the service still echoes a datagram. */
static void udp_check(const struct target *t, const char *text)
{
	struct sockaddr_in a;
	struct pollfd p = { .events = POLLIN };
	int tries;

	p.fd = udp_socket(t, &a);
	if (p.fd < 0)
		return;
	/* UDP may lose a datagram: three tries. */
	for (tries = 0; tries < 3; tries++) {
		ssize_t r;

		if (sendto(p.fd, text, strlen(text), 0, (struct sockaddr *)&a,
			   sizeof(a)) < 0 || poll(&p, 1, 1000) != 1)
			continue;
		r = recv(p.fd, answer, sizeof(answer), 0);
		if (r == (ssize_t)strlen(text) && echoes(text, answer, r))
			break;
	}
	if (tries == 3)
		violation("%s: no valid echo after the run", t->path);
	close(p.fd);
}

void net_check(const struct target *t, unsigned long long seed)
{
	char text[KIT_NL_MSG_MAX + 1];

	snprintf(text, sizeof(text), "kit-fuzz-%llu", seed);
	if (t->type == 'g')
		genl_check(t, text);
	else if (t->type == 'u')
		udp_check(t, text);
}
