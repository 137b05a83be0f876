// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 10: a generic netlink family.
 *
 * The family "kit_ex10" of kit_ex10.h answers ECHO with the message it
 * got, keeps a value that only CAP_NET_ADMIN may SET, and publishes an
 * EVENT on its multicast group "events" whenever the value changes.
 * The family, its registration and GET are given.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <net/genetlink.h>

#include "kit_ex10.h"

static DEFINE_MUTEX(kit_lock);
static u32 kit_value;

static struct genl_family kit_family;

enum { KIT_GRP_EVENTS };

static const struct genl_multicast_group kit_mcgrps[] = {
	[KIT_GRP_EVENTS] = { .name = KIT_EX10_MCGRP },
};

static const struct nla_policy kit_echo_policy[KIT_EX10_ATTR_MSG + 1] = {
	/*
	 * TODO(T2, cut 1): the message: a NUL-terminated string of at most
	 * KIT_EX10_MSG_MAX bytes (without the NUL).
	 */
	[KIT_EX10_ATTR_MSG] = { .type = NLA_NUL_STRING, .len = KIT_EX10_MSG_MAX },
};

static const struct nla_policy kit_set_policy[KIT_EX10_ATTR_VALUE + 1] = {
	[KIT_EX10_ATTR_VALUE] = NLA_POLICY_MAX(NLA_U32, KIT_EX10_VALUE_MAX),
};

static int kit_echo_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	const char *msg;
	void *hdr;

	/*
	 * TODO(T2, cut 4): refuse a request without a message with -EINVAL,
	 * and say which attribute is missing (GENL_REQ_ATTR_CHECK).
	 */
	if (GENL_REQ_ATTR_CHECK(info, KIT_EX10_ATTR_MSG)) {
		NL_SET_ERR_MSG(info->extack, "ECHO needs a message");
		return -EINVAL;
	}
	/*
	 * TODO(T1, cut 11): answer the sender with a message of the family,
	 * command ECHO, that holds the same string in KIT_EX10_ATTR_MSG.
	 * stub: return -ENOSYS;
	 */
	msg = nla_data(info->attrs[KIT_EX10_ATTR_MSG]);
	reply = genlmsg_new(nla_total_size(strlen(msg) + 1), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &kit_family, 0, KIT_EX10_CMD_ECHO);
	if (!hdr || nla_put_string(reply, KIT_EX10_ATTR_MSG, msg)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

static int kit_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	void *hdr;
	u32 value;

	mutex_lock(&kit_lock);
	value = kit_value;
	mutex_unlock(&kit_lock);
	reply = genlmsg_new(nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &kit_family, 0, KIT_EX10_CMD_GET);
	if (!hdr || nla_put_u32(reply, KIT_EX10_ATTR_VALUE, value)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

/* Publish EVENT (VALUE, OLD) on the group "events". */
static void kit_notify(u32 value, u32 old)
{
	/*
	 * TODO(T4, cut 14): build the message (no port, no sequence number),
	 * and multicast it to KIT_GRP_EVENTS.
	 */
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(2 * nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &kit_family, 0, KIT_EX10_CMD_EVENT);
	if (!hdr || nla_put_u32(skb, KIT_EX10_ATTR_VALUE, value) ||
	    nla_put_u32(skb, KIT_EX10_ATTR_OLD, old)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&kit_family, skb, 0, KIT_GRP_EVENTS, GFP_KERNEL);
}

static int kit_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	u32 value, old;

	if (GENL_REQ_ATTR_CHECK(info, KIT_EX10_ATTR_VALUE))
		return -EINVAL;
	value = nla_get_u32(info->attrs[KIT_EX10_ATTR_VALUE]);
	/*
	 * TODO(T3, cut 4): store the value under kit_lock, keeping the one
	 * it replaces in old.
	 * stub: old = value;
	 */
	mutex_lock(&kit_lock);
	old = kit_value;
	kit_value = value;
	mutex_unlock(&kit_lock);
	/*
	 * TODO(T4, cut 2): tell the group, only if the value changed.
	 */
	if (value != old)
		kit_notify(value, old);
	return 0;
}

static const struct genl_ops kit_ops[] = {
	{
		.cmd = KIT_EX10_CMD_ECHO,
		.doit = kit_echo_doit,
		.policy = kit_echo_policy,
		.maxattr = ARRAY_SIZE(kit_echo_policy) - 1,
	},
	{
		.cmd = KIT_EX10_CMD_GET,
		.doit = kit_get_doit,
	},
	{
		.cmd = KIT_EX10_CMD_SET,
		.doit = kit_set_doit,
		.policy = kit_set_policy,
		.maxattr = ARRAY_SIZE(kit_set_policy) - 1,
		/*
		 * TODO(T3, cut 1): only for users with CAP_NET_ADMIN.
		 */
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family kit_family __ro_after_init = {
	.name = KIT_EX10_FAMILY,
	.version = KIT_EX10_VERSION,
	.module = THIS_MODULE,
	.ops = kit_ops,
	.n_ops = ARRAY_SIZE(kit_ops),
	.mcgrps = kit_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kit_mcgrps),
};

static int __init kit_ex10_init(void)
{
	return genl_register_family(&kit_family);
}

static void __exit kit_ex10_exit(void)
{
	genl_unregister_family(&kit_family);
}

module_init(kit_ex10_init);
module_exit(kit_ex10_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 10: a generic netlink family");
