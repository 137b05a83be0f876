/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_netlink.h - the generic netlink family "kit_netlink": its name,
 * commands, attributes and multicast group, shared by the module and
 * the programs that talk to it (netlink/kit_netlink.yaml says the same
 * in the kernel's spec format).
 */
#ifndef KIT_NETLINK_H
#define KIT_NETLINK_H

#define KIT_NL_FAMILY_NAME	"kit_netlink"
#define KIT_NL_FAMILY_VERSION	1
#define KIT_NL_MCGRP_EVENTS	"events"

/* The longest message ECHO takes, without its NUL. */
#define KIT_NL_MSG_MAX		63
/* SET takes a value from 0 to this. */
#define KIT_NL_VALUE_MAX	1000
/* A dump of GET lists the last this many values SET stored. */
#define KIT_NL_HISTORY		16

enum kit_nl_cmd {
	KIT_NL_CMD_UNSPEC,
	KIT_NL_CMD_ECHO,	/* MSG -> the same MSG, to the sender */
	KIT_NL_CMD_GET,		/* -> VALUE; dump: INDEX + VALUE per entry */
	KIT_NL_CMD_SET,		/* VALUE, CAP_NET_ADMIN only -> ack, EVENT */
	KIT_NL_CMD_EVENT,	/* kernel -> "events" group: VALUE, OLD */
	__KIT_NL_CMD_MAX,
};

#define KIT_NL_CMD_MAX (__KIT_NL_CMD_MAX - 1)

enum kit_nl_attr {
	KIT_NL_ATTR_UNSPEC,
	KIT_NL_ATTR_MSG,	/* string, NUL-terminated */
	KIT_NL_ATTR_VALUE,	/* u32 */
	KIT_NL_ATTR_OLD,	/* u32: the value before a SET */
	KIT_NL_ATTR_INDEX,	/* u32: a dump entry's place, 0 the oldest */
	__KIT_NL_ATTR_MAX,
};

#define KIT_NL_ATTR_MAX (__KIT_NL_ATTR_MAX - 1)

#endif /* KIT_NETLINK_H */
