// SPDX-License-Identifier: GPL-2.0
/*
 * kit_netlink - a generic netlink family: the howto's echo, done the
 * modern way.
 *
 * The family "kit_netlink" (kit_netlink.h, kit_netlink.yaml) has:
 *   ECHO  a string attribute, answered with genlmsg_reply();
 *   GET   the current value, or (with NLM_F_DUMP) the last values set,
 *         one message each;
 *   SET   a new value: CAP_NET_ADMIN only (GENL_ADMIN_PERM);
 * and a multicast group "events" on which the kernel publishes an EVENT
 * whenever the value changes, without being asked.
 *
 * Every operation has a policy of its own: the core checks the
 * attributes against it before the handler runs, and refuses what does
 * not fit with an error and an extended-ack message that says why.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <net/genetlink.h>

#include "kit_netlink.h"

/* The value, and the last values SET stored, oldest first in a dump. */
static DEFINE_MUTEX(kit_lock);
static u32 kit_value;
static u32 kit_history[KIT_NL_HISTORY];
static unsigned int kit_count;		/* values ever stored */
static unsigned int kit_gen = 1;	/* for dumps: changes with each SET */

static struct genl_family kit_family;

enum { KIT_NL_GRP_EVENTS };

static const struct genl_multicast_group kit_mcgrps[] = {
	[KIT_NL_GRP_EVENTS] = { .name = KIT_NL_MCGRP_EVENTS },
};

/*
 * One policy per operation: each takes exactly the attributes it uses.
 * .len of a NLA_NUL_STRING is its longest length without the NUL.
 */
static const struct nla_policy kit_echo_policy[KIT_NL_ATTR_MSG + 1] = {
	[KIT_NL_ATTR_MSG] = { .type = NLA_NUL_STRING, .len = KIT_NL_MSG_MAX },
};

static const struct nla_policy kit_set_policy[KIT_NL_ATTR_VALUE + 1] = {
	[KIT_NL_ATTR_VALUE] = NLA_POLICY_MAX(NLA_U32, KIT_NL_VALUE_MAX),
};

static int kit_echo_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *reply;
	const char *msg;
	void *hdr;

	if (GENL_REQ_ATTR_CHECK(info, KIT_NL_ATTR_MSG)) {
		NL_SET_ERR_MSG(info->extack, "ECHO needs a message (KIT_NL_ATTR_MSG)");
		return -EINVAL;
	}
	msg = nla_data(info->attrs[KIT_NL_ATTR_MSG]);

	reply = genlmsg_new(nla_total_size(strlen(msg) + 1), GFP_KERNEL);
	if (!reply)
		return -ENOMEM;
	hdr = genlmsg_put_reply(reply, info, &kit_family, 0, KIT_NL_CMD_ECHO);
	if (!hdr || nla_put_string(reply, KIT_NL_ATTR_MSG, msg)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	/* To the sender's port; the ack, if asked for, comes after it. */
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
	hdr = genlmsg_put_reply(reply, info, &kit_family, 0, KIT_NL_CMD_GET);
	if (!hdr || nla_put_u32(reply, KIT_NL_ATTR_VALUE, value)) {
		nlmsg_free(reply);
		return -EMSGSIZE;
	}
	genlmsg_end(reply, hdr);
	return genlmsg_reply(reply, info);
}

/*
 * A dump fills one skb after another: the core calls this again, with
 * cb->args[] kept, until it returns 0 with nothing added.  args[0] is
 * the next entry.  cb->seq and genl_dump_check_consistent() flag the
 * messages with NLM_F_DUMP_INTR if a SET changed the list in between.
 */
static int kit_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned int i = cb->args[0], first, n;
	int ret = 0;

	mutex_lock(&kit_lock);
	cb->seq = kit_gen;
	n = min_t(unsigned int, kit_count, KIT_NL_HISTORY);
	first = kit_count - n;
	for (; i < n; i++) {
		void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, &kit_family,
					NLM_F_MULTI, KIT_NL_CMD_GET);

		if (!hdr) {
			ret = skb->len ? skb->len : -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		if (nla_put_u32(skb, KIT_NL_ATTR_INDEX, i) ||
		    nla_put_u32(skb, KIT_NL_ATTR_VALUE,
				kit_history[(first + i) % KIT_NL_HISTORY])) {
			genlmsg_cancel(skb, hdr);
			ret = skb->len ? skb->len : -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&kit_lock);
	cb->args[0] = i;
	return ret;
}

/* The EVENT to the "events" group; nobody listening is not an error. */
static void kit_notify(u32 value, u32 old)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&kit_family, &init_net, KIT_NL_GRP_EVENTS))
		return;
	skb = genlmsg_new(2 * nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &kit_family, 0, KIT_NL_CMD_EVENT);
	if (!hdr || nla_put_u32(skb, KIT_NL_ATTR_VALUE, value) ||
	    nla_put_u32(skb, KIT_NL_ATTR_OLD, old)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&kit_family, skb, 0, KIT_NL_GRP_EVENTS, GFP_KERNEL);
}

/* Only for CAP_NET_ADMIN: GENL_ADMIN_PERM in its ops entry. */
static int kit_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	u32 value, old;

	if (GENL_REQ_ATTR_CHECK(info, KIT_NL_ATTR_VALUE)) {
		NL_SET_ERR_MSG(info->extack, "SET needs a value (KIT_NL_ATTR_VALUE)");
		return -EINVAL;
	}
	value = nla_get_u32(info->attrs[KIT_NL_ATTR_VALUE]);

	mutex_lock(&kit_lock);
	old = kit_value;
	kit_value = value;
	kit_history[kit_count++ % KIT_NL_HISTORY] = value;
	kit_gen++;
	mutex_unlock(&kit_lock);

	if (value != old)
		kit_notify(value, old);
	return 0;	/* the core acks it */
}

/*
 * Full genl_ops, because each has a policy of its own (genl_small_ops
 * share the family's).  A command without a policy takes no attribute
 * at all: the core refuses any.
 */
static const struct genl_ops kit_ops[] = {
	{
		.cmd = KIT_NL_CMD_ECHO,
		.doit = kit_echo_doit,
		.policy = kit_echo_policy,
		.maxattr = ARRAY_SIZE(kit_echo_policy) - 1,
	},
	{
		.cmd = KIT_NL_CMD_GET,
		.doit = kit_get_doit,
		.dumpit = kit_get_dumpit,
	},
	{
		.cmd = KIT_NL_CMD_SET,
		.doit = kit_set_doit,
		.policy = kit_set_policy,
		.maxattr = ARRAY_SIZE(kit_set_policy) - 1,
		.flags = GENL_ADMIN_PERM,
	},
};

/*
 * resv_start_op stays 0, as a new family's should: every command is
 * checked strictly (reserved header bytes zero, no unknown attribute,
 * no attribute of the wrong length).
 */
static struct genl_family kit_family __ro_after_init = {
	.name = KIT_NL_FAMILY_NAME,
	.version = KIT_NL_FAMILY_VERSION,
	.module = THIS_MODULE,
	.ops = kit_ops,
	.n_ops = ARRAY_SIZE(kit_ops),
	.mcgrps = kit_mcgrps,
	.n_mcgrps = ARRAY_SIZE(kit_mcgrps),
};

static int __init kit_netlink_init(void)
{
	int ret = genl_register_family(&kit_family);

	if (ret)
		return ret;
	pr_info("loaded: family %s is %d\n", KIT_NL_FAMILY_NAME, kit_family.id);
	return 0;
}

static void __exit kit_netlink_exit(void)
{
	genl_unregister_family(&kit_family);
	pr_info("unloaded\n");
}

module_init(kit_netlink_init);
module_exit(kit_netlink_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("netlink chapter: a generic netlink family with echo, dump, a privileged command and events");
