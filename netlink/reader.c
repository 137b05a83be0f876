// SPDX-License-Identifier: GPL-2.0
/*
 * reader - talk to the generic netlink family "kit_netlink" with libnl,
 * as real programs do: resolve the family and its multicast group by
 * name, send ECHO, GET, a dump, SET, and listen for the events the
 * kernel publishes.  With no option it does each once (SET and the
 * event it causes only as root).
 *
 * libnl-genl-3 is linked statically: reader.pkg names it for the
 * Makefile.  See wire.c for the same conversation byte by byte.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "kit_netlink.h"

static int family;
static int dumped;	/* entries a dump printed */
static int answered;	/* the ack, or the dump's end, has come */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-e TEXT] [-g] [-d] [-s VALUE] [-l N]\n"
		"Talk to the generic netlink family %s with libnl (load kit_netlink.ko first).\n"
		"With no option: echo, get, dump, and (as root) set and see the event.\n"
		"  -e, --echo TEXT   ECHO: send TEXT, print the reply\n"
		"  -g, --get         GET: print the value\n"
		"  -d, --dump        GET with NLM_F_DUMP: the last values set\n"
		"  -s, --set VALUE   SET (CAP_NET_ADMIN only): 0 to %d\n"
		"  -l, --listen N    print the next N events of group \"%s\"\n"
		"  -h, --help        this text\n",
		KIT_NL_FAMILY_NAME, KIT_NL_VALUE_MAX, KIT_NL_MCGRP_EVENTS);
}

/* Every message of the family that arrives: print its attributes. */
static int on_message(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = genlmsg_hdr(nlmsg_hdr(msg));
	struct nlattr *tb[KIT_NL_ATTR_MAX + 1];
	int *left = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KIT_NL_ATTR_MAX, NULL) < 0)
		return NL_SKIP;
	switch (g->cmd) {
	case KIT_NL_CMD_ECHO:
		if (tb[KIT_NL_ATTR_MSG])
			printf("echo: \"%s\"\n", nla_get_string(tb[KIT_NL_ATTR_MSG]));
		break;
	case KIT_NL_CMD_GET:
		if (tb[KIT_NL_ATTR_INDEX] && tb[KIT_NL_ATTR_VALUE] && ++dumped)
			printf("dump: [%u] %u\n", nla_get_u32(tb[KIT_NL_ATTR_INDEX]),
			       nla_get_u32(tb[KIT_NL_ATTR_VALUE]));
		else if (tb[KIT_NL_ATTR_VALUE])
			printf("value: %u\n", nla_get_u32(tb[KIT_NL_ATTR_VALUE]));
		break;
	case KIT_NL_CMD_EVENT:
		if (tb[KIT_NL_ATTR_VALUE] && tb[KIT_NL_ATTR_OLD])
			printf("event: value %u (was %u)\n",
			       nla_get_u32(tb[KIT_NL_ATTR_VALUE]),
			       nla_get_u32(tb[KIT_NL_ATTR_OLD]));
		if (left && --*left <= 0)
			return NL_STOP;
		break;
	}
	return NL_OK;
}

/* The ack of a request, or the NLMSG_DONE that ends a dump. */
static int on_answered(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	answered = 1;
	return NL_STOP;
}

/*
 * Send one request (libnl asks for an ack) and handle what comes back
 * until the ack or the dump's end: 0, or libnl's negative error.  One
 * nl_recvmsgs() reads one datagram (all of a dump), and a reply and its
 * ack are two: without the loop, the ack would be read as the answer to
 * the next request.
 */
static int request(struct nl_sock *sk, int flags, int cmd, int attr,
		   const char *text, unsigned int value)
{
	struct nl_msg *msg = nlmsg_alloc();
	int err = -NLE_NOMEM;

	if (!msg)
		return err;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			 KIT_NL_FAMILY_VERSION))
		goto out;
	if (attr == KIT_NL_ATTR_MSG && nla_put_string(msg, attr, text) < 0)
		goto out;
	if (attr == KIT_NL_ATTR_VALUE && nla_put_u32(msg, attr, value) < 0)
		goto out;
	answered = 0;
	err = nl_send_auto(sk, msg);
	while (err >= 0 && !answered)
		err = nl_recvmsgs_default(sk);
out:
	nlmsg_free(msg);
	return err;
}

/* Print events as they come, n of them, for at most 5 s each. */
static int listen_events(struct nl_sock *ev, int n)
{
	struct pollfd p = { .fd = nl_socket_get_fd(ev), .events = POLLIN };

	nl_socket_modify_cb(ev, NL_CB_VALID, NL_CB_CUSTOM, on_message, &n);
	while (n > 0) {
		int err;

		if (poll(&p, 1, 5000) != 1) {
			fprintf(stderr, "reader: no event within 5 s\n");
			return -NLE_AGAIN;
		}
		err = nl_recvmsgs_default(ev);
		if (err < 0)
			return err;
	}
	return 0;
}

static int report(const char *what, int err)
{
	if (err < 0)
		fprintf(stderr, "reader: %s: %s\n", what, nl_geterror(err));
	return err < 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "echo", required_argument, NULL, 'e' },
		{ "get", no_argument, NULL, 'g' },
		{ "dump", no_argument, NULL, 'd' },
		{ "set", required_argument, NULL, 's' },
		{ "listen", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *text = NULL;
	int get = 0, dump = 0, listen = 0, set = -1, all = argc == 1;
	int c, grp, failed = 0;
	struct nl_sock *sk, *ev;
	char *end;

	while ((c = getopt_long(argc, argv, "e:gds:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			text = optarg;
			break;
		case 'g':
			get = 1;
			break;
		case 'd':
			dump = 1;
			break;
		case 's':
			set = strtol(optarg, &end, 0);
			if (*end || set < 0) {
				fprintf(stderr, "reader: not a value: %s\n", optarg);
				return 2;
			}
			break;
		case 'l':
			listen = atoi(optarg);
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

	sk = nl_socket_alloc();
	ev = nl_socket_alloc();
	if (!sk || !ev || genl_connect(sk) || genl_connect(ev)) {
		fprintf(stderr, "reader: cannot open a netlink socket: %s\n",
			strerror(errno));
		return 1;
	}
	/* Asks the controller ("nlctrl") for the family's id by name. */
	family = genl_ctrl_resolve(sk, KIT_NL_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "reader: family %s: %s (is kit_netlink loaded?)\n",
			KIT_NL_FAMILY_NAME, nl_geterror(family));
		return 1;
	}
	grp = genl_ctrl_resolve_grp(sk, KIT_NL_FAMILY_NAME, KIT_NL_MCGRP_EVENTS);
	if (grp < 0) {
		fprintf(stderr, "reader: group %s: %s\n", KIT_NL_MCGRP_EVENTS,
			nl_geterror(grp));
		return 1;
	}
	printf("family %s: id %d, multicast group %s: id %d\n",
	       KIT_NL_FAMILY_NAME, family, KIT_NL_MCGRP_EVENTS, grp);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_message, NULL);
	nl_socket_modify_cb(sk, NL_CB_ACK, NL_CB_CUSTOM, on_answered, NULL);
	nl_socket_modify_cb(sk, NL_CB_FINISH, NL_CB_CUSTOM, on_answered, NULL);
	/* Events carry no sequence number of ours. */
	nl_socket_disable_seq_check(ev);
	if (nl_socket_add_membership(ev, grp) < 0) {
		fprintf(stderr, "reader: cannot join group %d\n", grp);
		return 1;
	}

	if (all)
		text = "hello from the reader";
	if (text)
		failed |= report("ECHO", request(sk, 0, KIT_NL_CMD_ECHO,
						 KIT_NL_ATTR_MSG, text, 0));
	if (get || all)
		failed |= report("GET", request(sk, 0, KIT_NL_CMD_GET, 0, NULL, 0));
	if (set >= 0) {
		failed |= report("SET", request(sk, 0, KIT_NL_CMD_SET,
						KIT_NL_ATTR_VALUE, NULL, set));
		if (!failed)
			printf("set: %d\n", set);
	}
	if (all && geteuid() == 0) {
		/* A SET as root, and the event it sends to the group. */
		failed |= report("SET", request(sk, 0, KIT_NL_CMD_SET,
						KIT_NL_ATTR_VALUE, NULL, 42));
		failed |= report("events", listen_events(ev, 1));
	}
	if (dump || all) {
		printf("dump of the last values set (at most %d):\n", KIT_NL_HISTORY);
		failed |= report("dump", request(sk, NLM_F_DUMP, KIT_NL_CMD_GET,
						 0, NULL, 0));
		printf("dump: %d values\n", dumped);
	}
	if (listen > 0)
		failed |= report("events", listen_events(ev, listen));
	nl_socket_free(ev);
	nl_socket_free(sk);
	return failed;
}
