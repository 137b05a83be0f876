/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_ex13.h - the interface of /dev/kit_ex13 (exercise 13): given.
 *
 * KIT_EX13_RUN runs one of the module's commands with a number that the
 * module formats itself: the caller chooses neither a path nor a word.
 */
#ifndef _UAPI_KIT_EX13_H
#define _UAPI_KIT_EX13_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_EX13_DEVICE		"/dev/kit_ex13"

/* The commands, and what value means for each. */
#define KIT_EX13_EXIT		0	/* sh -c 'exit $1': value 0-255 */
#define KIT_EX13_SIGNAL		1	/* sh -c 'kill -$1 $$': value 1-31 */
#define KIT_EX13_SLEEP		2	/* sleep value: value 0-3600 seconds */
#define KIT_EX13_PROGRAM	3	/* the program= parameter: value 0 */
#define KIT_EX13_NR_COMMANDS	4

#define KIT_EX13_TIMEOUT_MAX	60000	/* ms */

/* How it ended. */
#define KIT_EX13_EXITED		1	/* code: the exit code */
#define KIT_EX13_SIGNALED	2	/* code: the signal */
#define KIT_EX13_TIMEDOUT	3	/* killed by SIGKILL at timeout_ms */

struct kit_ex13_run {
	__u32 command;		/* in: KIT_EX13_EXIT... */
	__u32 value;		/* in: see the commands */
	__u32 timeout_ms;	/* in: 1 to KIT_EX13_TIMEOUT_MAX */
	__s32 status;		/* out: the wait status */
	__u32 how;		/* out: KIT_EX13_EXITED... */
	__u32 code;		/* out: the exit code or the signal */
	__u32 reserved;		/* in: must be 0 */
	__u32 reserved2;	/* in: must be 0 */
};

/* CAP_SYS_ADMIN only: 0, or -EINVAL, -EPERM, -ENOENT... */
#define KIT_EX13_RUN		_IOWR('K', 0x50, struct kit_ex13_run)

#endif /* _UAPI_KIT_EX13_H */
