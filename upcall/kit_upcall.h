/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_upcall.h - the interface of /dev/kit_upcall, shared by the module
 * and the programs that use it.
 *
 * One command: run program number N of the module's allowlist (the
 * programs= parameter, which only root sets, at load) with the words of
 * arg as its arguments, wait for it, and say how it ended.  The caller
 * never names a path: a module that executes what its caller names
 * would give anyone who can open the device a root shell.
 *
 * A uapi header: fixed-width types, no pointers, no padding (88 bytes).
 */
#ifndef _UAPI_KIT_UPCALL_H
#define _UAPI_KIT_UPCALL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_UPCALL_DEVICE	"/dev/kit_upcall"

#define KIT_UPCALL_ARG_LEN	64	/* arg, its NUL included */
#define KIT_UPCALL_MAX_ARGS	8	/* words in arg */
#define KIT_UPCALL_TIMEOUT_DEFAULT 5000	/* ms, when timeout_ms is 0 */
#define KIT_UPCALL_TIMEOUT_MAX	60000	/* ms */
#define KIT_UPCALL_MAX_RUNNING	4	/* runs at once, all callers */

/* How the program ended: the wait status decoded. */
#define KIT_UPCALL_EXITED	1	/* code is its exit code */
#define KIT_UPCALL_SIGNALED	2	/* code is the signal that killed it */
#define KIT_UPCALL_TIMEDOUT	3	/* killed (code 9, SIGKILL) at timeout_ms */

struct kit_upcall_run {
	__u32 program;		/* in: index in the programs= list */
	__u32 timeout_ms;	/* in: 0 for the default, at most the maximum */
	char arg[KIT_UPCALL_ARG_LEN];	/* in: argv[1...], split at spaces */
	__s32 status;		/* out: the wait status, as waitpid() gives it */
	__u32 how;		/* out: KIT_UPCALL_EXITED, _SIGNALED, _TIMEDOUT */
	__u32 code;		/* out: the exit code or the signal */
	__u32 reserved;		/* in: must be 0 */
};

/* Needs CAP_SYS_ADMIN: the program runs as root, with the caller's words. */
#define KIT_UPCALL_RUN		_IOWR('K', 0x40, struct kit_upcall_run)

#endif /* _UAPI_KIT_UPCALL_H */
