/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_sysctl.h - what kit_sysctl.ko and its user-space programs share.
 *
 * A sysctl's ABI is its path and the text it takes: the directory below
 * /proc/sys, the two names, and the range each value accepts.
 */
#ifndef KIT_SYSCTL_H
#define KIT_SYSCTL_H

/* Below /proc/sys; sysctl(8) spells it dev.kit_sysctl.value1. */
#define KIT_SYSCTL_PATH		"dev/kit_sysctl"

/* value1 and value2 accept KIT_SYSCTL_MIN to KIT_SYSCTL_MAX inclusive. */
#define KIT_SYSCTL_MIN		10
#define KIT_SYSCTL_MAX		20

#endif /* KIT_SYSCTL_H */
