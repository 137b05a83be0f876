/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_ex10.h - the generic netlink family "kit_ex10": the contract
 * between the module and user space.
 */
#ifndef _UAPI_KIT_EX10_H
#define _UAPI_KIT_EX10_H

#define KIT_EX10_FAMILY		"kit_ex10"
#define KIT_EX10_VERSION	1
#define KIT_EX10_MCGRP		"events"
#define KIT_EX10_MSG_MAX	47	/* ECHO's longest message, without its NUL */
#define KIT_EX10_VALUE_MAX	500

enum {
	KIT_EX10_CMD_UNSPEC,
	KIT_EX10_CMD_ECHO,	/* MSG -> the same MSG */
	KIT_EX10_CMD_GET,	/* -> VALUE */
	KIT_EX10_CMD_SET,	/* VALUE (CAP_NET_ADMIN only) -> ack */
	KIT_EX10_CMD_EVENT,	/* to the group: VALUE, OLD, when it changed */
};

enum {
	KIT_EX10_ATTR_UNSPEC,
	KIT_EX10_ATTR_MSG,	/* string */
	KIT_EX10_ATTR_VALUE,	/* u32 */
	KIT_EX10_ATTR_OLD,	/* u32 */
	__KIT_EX10_ATTR_MAX,
};

#define KIT_EX10_ATTR_MAX (__KIT_EX10_ATTR_MAX - 1)

#endif /* _UAPI_KIT_EX10_H */
