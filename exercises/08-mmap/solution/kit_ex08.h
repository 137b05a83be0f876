/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_ex08.h - what the module and user space agree on about the
 * buffer of /dev/kit_ex08.  Handed out with the exercise and put back
 * when a submission is graded: do not change it.
 */
#ifndef KIT_EX08_H
#define KIT_EX08_H

#include <linux/types.h>

#define KIT_EX08_PAGES_MAX	64

/* The buffer's first content: 32-bit word i of it, from the seed. */
static inline __u32 kit_ex08_word(__u32 seed, __u32 i)
{
	__u32 x = seed + i * 0x9e3779b9u;

	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	return x;
}

#endif /* KIT_EX08_H */
