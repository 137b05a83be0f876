// SPDX-License-Identifier: GPL-2.0
/*
 * wire - the same ECHO as reader.c, on a raw AF_NETLINK socket and
 * without a library, printed byte by byte: the netlink header, the
 * generic netlink header, each attribute (type, length, value, padding),
 * then the reply and the ack the kernel sends back.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "kit_netlink.h"
#include "nl_wire.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: wire [-e TEXT]\n"
		"Send ECHO to the family %s on a raw netlink socket and print\n"
		"the request, the reply and the ack byte by byte.\n"
		"  -e, --echo TEXT   the message (default \"hi\")\n"
		"  -h, --help        this text\n",
		KIT_NL_FAMILY_NAME);
}

static void hex(const void *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf(" %02x", ((const unsigned char *)p)[i]);
}

static const char *attr_name(uint16_t type)
{
	static const char *const names[] = {
		[KIT_NL_ATTR_MSG] = "KIT_NL_ATTR_MSG",
		[KIT_NL_ATTR_VALUE] = "KIT_NL_ATTR_VALUE",
		[KIT_NL_ATTR_OLD] = "KIT_NL_ATTR_OLD",
		[KIT_NL_ATTR_INDEX] = "KIT_NL_ATTR_INDEX",
	};

	return type <= KIT_NL_ATTR_MAX && names[type] ? names[type] : "?";
}

/* One message of the family, or an error/ack, field by field. */
static void show(const char *what, struct nlmsghdr *n)
{
	char *end = (char *)n + n->nlmsg_len;
	struct genlmsghdr *g = NLMSG_DATA(n);
	struct nlattr *a;

	printf("%s: %u bytes\n", what, n->nlmsg_len);
	printf("  nlmsghdr   ");
	hex(n, sizeof(*n));
	printf("\n             len %u, type %u%s, flags %#x, seq %u, port %u\n",
	       n->nlmsg_len, n->nlmsg_type,
	       n->nlmsg_type == NLMSG_ERROR ? " (NLMSG_ERROR)" : " (the family's id)",
	       n->nlmsg_flags, n->nlmsg_seq, n->nlmsg_pid);
	if (n->nlmsg_type == NLMSG_ERROR) {
		struct nlw_ack ack;

		nlw_parse_ack(n, &ack);
		printf("  nlmsgerr   ");
		hex(NLMSG_DATA(n), sizeof(int));
		printf("\n             error %d%s%s\n", ack.error,
		       ack.error ? ": " : " (an ack)",
		       ack.error ? strerror(-ack.error) : "");
		if (ack.msg[0])
			printf("             extended ack: \"%s\"\n", ack.msg);
		return;
	}
	printf("  genlmsghdr ");
	hex(g, GENL_HDRLEN);
	printf("\n             cmd %u, version %u, reserved %u\n", g->cmd,
	       g->version, g->reserved);
	for (a = (struct nlattr *)((char *)g + GENL_HDRLEN);
	     (char *)a + NLA_HDRLEN <= end && a->nla_len >= NLA_HDRLEN;
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		size_t len = a->nla_len - NLA_HDRLEN;

		printf("  nlattr     ");
		hex(a, NLA_HDRLEN);
		printf(" | value");
		hex(nlw_data(a), len);
		if (NLA_ALIGN(a->nla_len) > a->nla_len) {
			printf(" | padding");
			hex((char *)a + a->nla_len, NLA_ALIGN(a->nla_len) - a->nla_len);
		}
		printf("\n             len %u, type %u: %s", a->nla_len,
		       a->nla_type, attr_name(a->nla_type));
		if (a->nla_type == KIT_NL_ATTR_MSG)
			printf(" \"%.*s\"", (int)strnlen(nlw_data(a), len),
			       (char *)nlw_data(a));
		else if (len == 4)
			printf(" %u", nlw_u32(a));
		printf("\n");
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "echo", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *text = "hi";
	char buf[NLW_BUF];
	struct nlw_msg m;
	uint16_t family;
	int c, fd, ret;

	while ((c = getopt_long(argc, argv, "e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			text = optarg;
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
		usage(stderr);
		return 2;
	}
	fd = nlw_open();
	if (fd < 0) {
		fprintf(stderr, "wire: netlink socket: %s\n", strerror(-fd));
		return 1;
	}
	ret = nlw_resolve(fd, KIT_NL_FAMILY_NAME, NULL, &family, NULL);
	if (ret) {
		fprintf(stderr, "wire: family %s: %s (is kit_netlink loaded?)\n",
			KIT_NL_FAMILY_NAME, strerror(-ret));
		return 1;
	}
	printf("the controller (nlctrl, id %u) says %s is id %u\n\n",
	       GENL_ID_CTRL, KIT_NL_FAMILY_NAME, family);

	nlw_start(&m, family, NLM_F_ACK, KIT_NL_CMD_ECHO, KIT_NL_FAMILY_VERSION);
	nlw_put_str(&m, KIT_NL_ATTR_MSG, text);
	show("request (ECHO)", &m.n);
	ret = nlw_send(fd, &m);
	if (ret) {
		fprintf(stderr, "wire: send: %s\n", strerror(-ret));
		return 1;
	}
	/* The reply and the ack: two messages, maybe in one datagram. */
	for (int acked = 0; !acked;) {
		struct nlmsghdr *n = (struct nlmsghdr *)buf;
		int len = nlw_recv(fd, buf, sizeof(buf));

		if (len < 0) {
			fprintf(stderr, "wire: recv: %s\n", strerror(-len));
			return 1;
		}
		for (; NLMSG_OK(n, (unsigned int)len); n = NLMSG_NEXT(n, len)) {
			printf("\n");
			acked = n->nlmsg_type == NLMSG_ERROR;
			show(acked ? "ack" : "reply", n);
			if (acked && ((struct nlmsgerr *)NLMSG_DATA(n))->error)
				return 1;
		}
	}
	close(fd);
	return 0;
}
