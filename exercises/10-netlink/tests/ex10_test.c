// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 10: the family "kit_ex10", on raw netlink
 * sockets (the netlink chapter's nl_wire.h).  The messages and values
 * are drawn from the run's seed.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"
#include "../../../netlink/nl_wire.h"
#include "../solution/kit_ex10.h"

#define MODULE		"kit_ex10_netlink.ko"
#define NAME		"kit_ex10_netlink"

/* Given code: the family is there while the module is, and only then. */
TEST(family_appears_and_goes)
{
	uint16_t id;
	int fd = nlw_open();

	ASSERT_LE(0, fd);
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_EQ(0, nlw_resolve(fd, KIT_EX10_FAMILY, NULL, &id, NULL));
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_EQ(-ENOENT, nlw_resolve(fd, KIT_EX10_FAMILY, NULL, &id, NULL));
	}
	close(fd);
}

FIXTURE(loaded) {
	int fd;
	uint16_t id;
	uint32_t grp;
};

FIXTURE_SETUP(loaded)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
	self->fd = nlw_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, nlw_resolve(self->fd, KIT_EX10_FAMILY, KIT_EX10_MCGRP,
				 &self->id, &self->grp));
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

/* A request with one attribute (none if attr is 0): the ack's error. */
static int call(int fd, uint16_t id, uint8_t cmd, int attr, const void *data,
		size_t len, struct nlw_msg *reply, struct nlw_ack *ack)
{
	struct nlw_msg m;

	nlw_start(&m, id, 0, cmd, KIT_EX10_VERSION);
	if (attr)
		nlw_put(&m, attr, data, len);
	return nlw_call(fd, &m, reply, ack);
}

static int echo(int fd, uint16_t id, const char *text, char *out,
		struct nlw_ack *ack)
{
	struct nlw_msg reply;
	struct nlattr *a;
	int ret = call(fd, id, KIT_EX10_CMD_ECHO, KIT_EX10_ATTR_MSG, text,
		       strlen(text) + 1, &reply, ack);

	a = ret ? NULL : nlw_attr(&reply.n, KIT_EX10_ATTR_MSG);
	snprintf(out, NLW_BUF, "%s", a ? (char *)nlw_data(a) : "(no message)");
	return ret;
}

static int set(int fd, uint16_t id, uint32_t v)
{
	struct nlw_ack ack;

	return call(fd, id, KIT_EX10_CMD_SET, KIT_EX10_ATTR_VALUE, &v,
		    sizeof(v), NULL, &ack);
}

static long get(int fd, uint16_t id)
{
	struct nlw_msg reply;
	struct nlw_ack ack;
	struct nlattr *a;
	int ret = call(fd, id, KIT_EX10_CMD_GET, 0, NULL, 0, &reply, &ack);

	if (ret)
		return ret;
	a = nlw_attr(&reply.n, KIT_EX10_ATTR_VALUE);
	return a ? (long)nlw_u32(a) : -EPROTO;
}

/* A random message of len letters. */
static void random_text(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		s[i] = 'a' + kit_random(0, 25);
	s[len] = '\0';
}

/* T1: ECHO answers with the message. */
TEST_F(loaded, echo_round_trip)
{
	char text[KIT_EX10_MSG_MAX + 1], out[NLW_BUF];
	struct nlw_ack ack;

	random_text(text, kit_random(1, KIT_EX10_MSG_MAX - 1));
	ASSERT_EQ(0, echo(self->fd, self->id, text, out, &ack)) TH_LOG("%s", ack.msg);
	EXPECT_STREQ(text, out);
	random_text(text, KIT_EX10_MSG_MAX);
	ASSERT_EQ(0, echo(self->fd, self->id, text, out, &ack)) TH_LOG("%s", ack.msg);
	EXPECT_STREQ(text, out);
	ASSERT_EQ(0, echo(self->fd, self->id, "", out, &ack)) TH_LOG("%s", ack.msg);
	EXPECT_STREQ("", out);
}

/* T2: the policy refuses what does not fit; a missing message is named. */
TEST_F(loaded, bad_messages_refused)
{
	char text[KIT_EX10_MSG_MAX + 2 + 100];
	struct nlw_msg reply;
	struct nlw_ack ack;

	random_text(text, KIT_EX10_MSG_MAX + 1);
	EXPECT_EQ(-EINVAL, call(self->fd, self->id, KIT_EX10_CMD_ECHO,
				KIT_EX10_ATTR_MSG, text, strlen(text) + 1,
				&reply, &ack));
	EXPECT_STREQ("Attribute failed policy validation", ack.msg);
	random_text(text, KIT_EX10_MSG_MAX + kit_random(2, 100));
	EXPECT_EQ(-EINVAL, call(self->fd, self->id, KIT_EX10_CMD_ECHO,
				KIT_EX10_ATTR_MSG, text, strlen(text) + 1,
				&reply, &ack));
	EXPECT_STREQ("Attribute failed policy validation", ack.msg);
	/* without its NUL */
	EXPECT_EQ(-EINVAL, call(self->fd, self->id, KIT_EX10_CMD_ECHO,
				KIT_EX10_ATTR_MSG, "abcd", 4, &reply, &ack));
	EXPECT_STREQ("Attribute failed policy validation", ack.msg);
	/* none at all */
	EXPECT_EQ(-EINVAL, call(self->fd, self->id, KIT_EX10_CMD_ECHO, 0, NULL,
				0, &reply, &ack));
	EXPECT_EQ(KIT_EX10_ATTR_MSG, ack.miss_type);
}

/* T3: SET stores the value, for root only. */
TEST_F(loaded, set_needs_cap_net_admin)
{
	uint32_t v = kit_random(1, KIT_EX10_VALUE_MAX), w = kit_random(1, KIT_EX10_VALUE_MAX);
	int status;
	pid_t pid;

	ASSERT_EQ(0, set(self->fd, self->id, v));
	EXPECT_EQ(v, get(self->fd, self->id));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd;

		if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
			_exit(10);
		fd = nlw_open();
		_exit(fd >= 0 && set(fd, self->id, w) == -EPERM &&
		      get(fd, self->id) == v ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status) TH_LOG("nobody's SET was not refused with EPERM");
	EXPECT_EQ(v, get(self->fd, self->id));
	ASSERT_EQ(0, set(self->fd, self->id, KIT_EX10_VALUE_MAX));
	EXPECT_EQ(KIT_EX10_VALUE_MAX, get(self->fd, self->id));
}

/* The next EVENT on fd within ms: 0 and its values, or -errno. */
static int next_event(int fd, int ms, uint32_t *value, uint32_t *old)
{
	return nlw_next_u32s(fd, ms, KIT_EX10_CMD_EVENT, KIT_EX10_ATTR_VALUE, value,
			     KIT_EX10_ATTR_OLD, old);
}

/* T4: an EVENT to the group when the value changes, and only then. */
TEST_F(loaded, events_when_the_value_changes)
{
	uint32_t a = kit_random(1, 250), b = kit_random(251, KIT_EX10_VALUE_MAX);
	uint32_t value = 0, old = 0;
	int sub = nlw_open();

	ASSERT_LE(0, sub);
	ASSERT_EQ(0, setsockopt(sub, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&self->grp, sizeof(self->grp)));
	ASSERT_EQ(0, set(self->fd, self->id, a));
	ASSERT_EQ(0, next_event(sub, 2000, &value, &old));
	EXPECT_EQ(a, value);
	EXPECT_EQ(0, old);
	ASSERT_EQ(0, set(self->fd, self->id, a));
	ASSERT_EQ(0, set(self->fd, self->id, b));
	ASSERT_EQ(0, next_event(sub, 2000, &value, &old));
	EXPECT_EQ(b, value) TH_LOG("an event for a SET that changed nothing?");
	EXPECT_EQ(a, old);
	EXPECT_EQ(-ETIMEDOUT, next_event(sub, 200, &value, &old));
	close(sub);
}

KIT_TEST_MAIN
