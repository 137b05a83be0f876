// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kit_netlink: the family "kit_netlink" through raw
 * AF_NETLINK sockets (../nl_wire.h), so that each test sends exactly the
 * bytes it means, and the readers' output.
 */

#include "kit_test.h"
#include "../kit_netlink.h"
#include "../nl_wire.h"

#define KO	KIT_DIR "netlink/kit_netlink.ko"
#define MOD	"kit_netlink"

FIXTURE(loaded) {
	int fd;
	uint16_t family;
	uint32_t events;
};

FIXTURE_SETUP(loaded)
{
	ASSERT_EQ(0, kit_load(KO, ""));
	self->fd = nlw_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, nlw_resolve(self->fd, KIT_NL_FAMILY_NAME,
				 KIT_NL_MCGRP_EVENTS, &self->family,
				 &self->events));
	ASSERT_NE(0, self->events);
}

FIXTURE_TEARDOWN(loaded)
{
	if (self->fd >= 0)
		close(self->fd);
	if (!kit_oopsed())
		EXPECT_EQ(0, kit_unload(MOD));
}

/* A request of the family: command cmd, version 1. */
static void start(struct nlw_msg *m, uint16_t family, uint8_t cmd)
{
	nlw_start(m, family, 0, cmd, KIT_NL_FAMILY_VERSION);
}

/* ECHO of text: the ack's error; the echoed text in out. */
static int echo(int fd, uint16_t family, const char *text, char *out,
		struct nlw_ack *ack)
{
	struct nlw_msg m, reply;
	struct nlattr *a;
	int ret;

	start(&m, family, KIT_NL_CMD_ECHO);
	nlw_put_str(&m, KIT_NL_ATTR_MSG, text);
	memset(&reply, 0, sizeof(reply));
	ret = nlw_call(fd, &m, &reply, ack);
	out[0] = '\0';
	a = ret ? NULL : nlw_attr(&reply.n, KIT_NL_ATTR_MSG);
	if (a)
		strcpy(out, nlw_data(a));
	return ret;
}

static int set_value(int fd, uint16_t family, uint32_t v, struct nlw_ack *ack)
{
	struct nlw_msg m;

	start(&m, family, KIT_NL_CMD_SET);
	nlw_put_u32(&m, KIT_NL_ATTR_VALUE, v);
	return nlw_call(fd, &m, NULL, ack);
}

/* GET: the value, or -errno. */
static long get_value(int fd, uint16_t family)
{
	struct nlw_msg m, reply;
	struct nlw_ack ack;
	struct nlattr *a;
	int ret;

	start(&m, family, KIT_NL_CMD_GET);
	memset(&reply, 0, sizeof(reply));
	ret = nlw_call(fd, &m, &reply, &ack);
	if (ret)
		return ret;
	a = nlw_attr(&reply.n, KIT_NL_ATTR_VALUE);
	return a ? (long)nlw_u32(a) : -EPROTO;
}

TEST_F(loaded, echo_round_trip)
{
	char out[NLW_BUF], longest[KIT_NL_MSG_MAX + 1];
	struct nlw_ack ack;

	ASSERT_EQ(0, echo(self->fd, self->family, "hello, kernel", out, &ack));
	EXPECT_STREQ("hello, kernel", out);
	EXPECT_EQ(0, echo(self->fd, self->family, "", out, &ack));
	EXPECT_STREQ("", out);
	memset(longest, 'x', KIT_NL_MSG_MAX);
	longest[KIT_NL_MSG_MAX] = '\0';
	EXPECT_EQ(0, echo(self->fd, self->family, longest, out, &ack));
	EXPECT_STREQ(longest, out);
}

/* Each SET goes into the history; a dump lists its last 16, oldest first. */
TEST_F(loaded, dump_lists_the_values_set)
{
	char buf[NLW_BUF];
	struct nlw_ack ack;
	struct nlw_msg m;
	int i, got = 0, done = 0;

	EXPECT_EQ(0, get_value(self->fd, self->family));
	for (i = 1; i <= 20; i++)
		ASSERT_EQ(0, set_value(self->fd, self->family, i * 10, &ack));
	EXPECT_EQ(200, get_value(self->fd, self->family));

	start(&m, self->family, KIT_NL_CMD_GET);
	m.n.nlmsg_flags |= NLM_F_DUMP;
	ASSERT_EQ(0, nlw_send(self->fd, &m));
	while (!done) {
		int len = nlw_recv(self->fd, buf, sizeof(buf));
		struct nlmsghdr *n = (struct nlmsghdr *)buf;

		ASSERT_LT(0, len);
		for (; NLMSG_OK(n, (unsigned int)len); n = NLMSG_NEXT(n, len)) {
			struct nlattr *idx, *val;

			if (n->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			ASSERT_EQ(self->family, n->nlmsg_type);
			EXPECT_TRUE(n->nlmsg_flags & NLM_F_MULTI);
			idx = nlw_attr(n, KIT_NL_ATTR_INDEX);
			val = nlw_attr(n, KIT_NL_ATTR_VALUE);
			ASSERT_NE(NULL, idx);
			ASSERT_NE(NULL, val);
			EXPECT_EQ(got, nlw_u32(idx));
			/* 20 values set, the last 16 kept: 50, 60, ... 200 */
			EXPECT_EQ((got + 5) * 10, nlw_u32(val));
			got++;
		}
	}
	EXPECT_EQ(KIT_NL_HISTORY, got);
}

/* One over the policy's .len: refused, with the core's own message. */
TEST_F(loaded, oversized_message_refused)
{
	static char text[4096];
	char out[NLW_BUF];
	struct nlw_ack ack;

	memset(text, 'y', KIT_NL_MSG_MAX + 1);
	EXPECT_EQ(-EINVAL, echo(self->fd, self->family, text, out, &ack));
	EXPECT_STREQ("Attribute failed policy validation", ack.msg);
	EXPECT_STREQ("", out);
	/* a page of it, too */
	memset(text, 'z', sizeof(text) - 1);
	EXPECT_EQ(-EINVAL, echo(self->fd, self->family, text, out, &ack));
	EXPECT_STREQ("Attribute failed policy validation", ack.msg);
}

TEST_F(loaded, malformed_attributes_refused)
{
	struct nlw_ack ack;
	struct nlw_msg m;
	uint16_t two = 7;

	/* A string without its NUL. */
	start(&m, self->family, KIT_NL_CMD_ECHO);
	nlw_put(&m, KIT_NL_ATTR_MSG, "abc", 3);
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));
	EXPECT_STREQ("Attribute failed policy validation", ack.msg);

	/* A u32 of two bytes. */
	start(&m, self->family, KIT_NL_CMD_SET);
	nlw_put(&m, KIT_NL_ATTR_VALUE, &two, sizeof(two));
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));
	EXPECT_STREQ("invalid attribute length", ack.msg);

	/* An attribute the command does not take. */
	start(&m, self->family, KIT_NL_CMD_ECHO);
	nlw_put_str(&m, KIT_NL_ATTR_MSG, "ok");
	nlw_put_u32(&m, KIT_NL_ATTR_VALUE, 1);
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));
	EXPECT_STREQ("Unknown attribute type", ack.msg);

	/* GET has no policy: it takes no attribute at all. */
	start(&m, self->family, KIT_NL_CMD_GET);
	nlw_put_u32(&m, KIT_NL_ATTR_VALUE, 1);
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));
	EXPECT_STREQ("Unknown attribute type", ack.msg);

	/* An attribute whose length runs past the message. */
	start(&m, self->family, KIT_NL_CMD_ECHO);
	nlw_put_str(&m, KIT_NL_ATTR_MSG, "ok");
	((struct nlattr *)(m.buf + NLMSG_LENGTH(GENL_HDRLEN)))->nla_len = 200;
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));

	/* The genetlink header's reserved bytes must be zero. */
	start(&m, self->family, KIT_NL_CMD_ECHO);
	nlw_put_str(&m, KIT_NL_ATTR_MSG, "ok");
	((struct genlmsghdr *)NLMSG_DATA(&m.n))->reserved = 1;
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));

	EXPECT_EQ(0, get_value(self->fd, self->family));
}

TEST_F(loaded, missing_attribute_refused)
{
	struct nlw_ack ack;
	struct nlw_msg m;

	start(&m, self->family, KIT_NL_CMD_ECHO);
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));
	EXPECT_STREQ("ECHO needs a message (KIT_NL_ATTR_MSG)", ack.msg);
	EXPECT_EQ(KIT_NL_ATTR_MSG, ack.miss_type);

	start(&m, self->family, KIT_NL_CMD_SET);
	EXPECT_EQ(-EINVAL, nlw_call(self->fd, &m, NULL, &ack));
	EXPECT_STREQ("SET needs a value (KIT_NL_ATTR_VALUE)", ack.msg);
	EXPECT_EQ(KIT_NL_ATTR_VALUE, ack.miss_type);
}

TEST_F(loaded, value_out_of_range_refused)
{
	struct nlw_ack ack;

	ASSERT_EQ(0, set_value(self->fd, self->family, KIT_NL_VALUE_MAX, &ack));
	EXPECT_EQ(-ERANGE, set_value(self->fd, self->family,
				     KIT_NL_VALUE_MAX + 1, &ack));
	EXPECT_STREQ("integer out of range", ack.msg);
	EXPECT_EQ(-ERANGE, set_value(self->fd, self->family, UINT32_MAX, &ack));
	EXPECT_EQ(KIT_NL_VALUE_MAX, get_value(self->fd, self->family));
}

TEST_F(loaded, unknown_commands_refused)
{
	static const uint8_t cmds[] = {
		KIT_NL_CMD_UNSPEC, KIT_NL_CMD_EVENT, KIT_NL_CMD_MAX + 1, 255,
	};
	struct nlw_ack ack;
	struct nlw_msg m;

	for (size_t i = 0; i < sizeof(cmds); i++) {
		start(&m, self->family, cmds[i]);
		nlw_put_u32(&m, KIT_NL_ATTR_VALUE, 5);
		EXPECT_EQ(-EOPNOTSUPP, nlw_call(self->fd, &m, NULL, &ack))
			TH_LOG("command %u", cmds[i]);
	}
	EXPECT_EQ(0, get_value(self->fd, self->family));
}

/* Wait up to ms for one EVENT on fd: 0 and its values, or -errno. */
static int next_event(int fd, int ms, uint32_t *value, uint32_t *old)
{
	return nlw_next_u32s(fd, ms, KIT_NL_CMD_EVENT, KIT_NL_ATTR_VALUE, value,
			     KIT_NL_ATTR_OLD, old);
}

static int subscribe(uint32_t group)
{
	int fd = nlw_open();

	if (fd >= 0 && setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				  &group, sizeof(group))) {
		close(fd);
		return -errno;
	}
	return fd;
}

TEST_F(loaded, events_reach_subscribers)
{
	uint32_t value, old;
	struct nlw_ack ack;
	int sub, other;

	sub = subscribe(self->events);
	ASSERT_LE(0, sub);
	other = nlw_open();	/* not a member: hears nothing */
	ASSERT_LE(0, other);

	ASSERT_EQ(0, set_value(self->fd, self->family, 7, &ack));
	ASSERT_EQ(0, next_event(sub, 2000, &value, &old));
	EXPECT_EQ(7, value);
	EXPECT_EQ(0, old);
	ASSERT_EQ(0, set_value(self->fd, self->family, 9, &ack));
	ASSERT_EQ(0, next_event(sub, 2000, &value, &old));
	EXPECT_EQ(9, value);
	EXPECT_EQ(7, old);
	/* No change, no event; a refused SET, no event. */
	ASSERT_EQ(0, set_value(self->fd, self->family, 9, &ack));
	EXPECT_EQ(-ERANGE, set_value(self->fd, self->family, 5000, &ack));
	EXPECT_EQ(-ETIMEDOUT, next_event(sub, 200, &value, &old));
	EXPECT_EQ(-ETIMEDOUT, next_event(other, 0, &value, &old));
	close(sub);
	close(other);
}

/*
 * In a child as nobody: what it saw, as an exit code.  0: ECHO worked,
 * SET was refused with EPERM, and an event of root's SET reached it.
 */
static int as_nobody(uint16_t family, uint32_t events, int go[2], int ready[2])
{
	char out[NLW_BUF];
	struct nlw_ack ack;
	uint32_t value, old;
	int fd, sub;

	if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
		return 10;
	fd = nlw_open();
	sub = subscribe(events);
	if (fd < 0 || sub < 0)
		return 11;
	if (echo(fd, family, "from nobody", out, &ack) || strcmp(out, "from nobody"))
		return 12;
	if (set_value(fd, family, 3, &ack) != -EPERM)
		return 13;
	if (write(ready[1], "r", 1) != 1 || read(go[0], out, 1) != 1)
		return 14;
	if (next_event(sub, 2000, &value, &old) || value != 4)
		return 15;
	return 0;
}

TEST_F(loaded, nonroot_refused_the_privileged_command)
{
	int go[2], ready[2], status;
	struct nlw_ack ack;
	char c;
	pid_t pid;

	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(as_nobody(self->family, self->events, go, ready));
	/* once the child has tried its SET and subscribed: */
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ(0, get_value(self->fd, self->family));
	ASSERT_EQ(0, set_value(self->fd, self->family, 4, &ack));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST(family_gone_after_rmmod)
{
	struct nlw_ack ack;
	uint16_t id;
	uint32_t grp;
	int fd = nlw_open();

	ASSERT_LE(0, fd);
	EXPECT_EQ(-ENOENT, nlw_resolve(fd, KIT_NL_FAMILY_NAME, NULL, &id, NULL));
	ASSERT_EQ(0, kit_load(KO, ""));
	ASSERT_EQ(0, nlw_resolve(fd, KIT_NL_FAMILY_NAME, KIT_NL_MCGRP_EVENTS,
				 &id, &grp));
	EXPECT_EQ(0, set_value(fd, id, 11, &ack));
	EXPECT_EQ(11, get_value(fd, id));
	ASSERT_EQ(0, kit_unload(MOD));
	EXPECT_EQ(-ENOENT, nlw_resolve(fd, KIT_NL_FAMILY_NAME, NULL, &id, NULL));
	/* The old id answers no more. */
	EXPECT_GT(0, get_value(fd, id));
	/* Loaded again: a fresh value. */
	ASSERT_EQ(0, kit_load(KO, ""));
	ASSERT_EQ(0, nlw_resolve(fd, KIT_NL_FAMILY_NAME, NULL, &id, NULL));
	EXPECT_EQ(0, get_value(fd, id));
	EXPECT_EQ(0, kit_unload(MOD));
	close(fd);
}

/* The readers: libnl's and the raw one, as the tour runs them. */
TEST_F(loaded, readers_talk_to_the_family)
{
	char out[8192];
	char *reader[] = { KIT_DIR "netlink/reader", "-e", "via libnl", NULL };
	char *wire[] = { KIT_DIR "netlink/wire", "-e", "raw", NULL };
	char *all[] = { KIT_DIR "netlink/reader", NULL };
	char *set[] = { KIT_DIR "netlink/reader", "-s", "7", NULL };
	char *dump[] = { KIT_DIR "netlink/reader", "-d", NULL };

	ASSERT_EQ(0, kit_run(KIT_ASIS, out, sizeof(out), reader)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "echo: \"via libnl\"")) TH_LOG("%s", out);
	ASSERT_EQ(0, kit_run(KIT_ASIS, out, sizeof(out), all)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "event: value 42 (was 0)\n")) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "dump: [0] 42\n")) TH_LOG("%s", out);
	ASSERT_EQ(0, kit_run(KIT_ASIS, out, sizeof(out), set)) TH_LOG("%s", out);
	ASSERT_EQ(0, kit_run(KIT_ASIS, out, sizeof(out), dump)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "dump: [1] 7\n")) TH_LOG("%s", out);
	EXPECT_EQ(1, kit_run(KIT_NOBODY, out, sizeof(out), set)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "SET: Operation not permitted")) TH_LOG("%s", out);
	ASSERT_EQ(0, kit_run(KIT_NOBODY, out, sizeof(out), wire)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "KIT_NL_ATTR_MSG \"raw\"")) TH_LOG("%s", out);
}

KIT_TEST_MAIN
