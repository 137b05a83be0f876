/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_signals.h - /dev/kit_signals: a process registers itself (or a
 * process it may signal) with an ioctl, and the module sends it a
 * real-time signal carrying a value whenever an event happens (here: a
 * number written to the device by a process with CAP_KILL).
 */
#ifndef _UAPI_KIT_SIGNALS_H
#define _UAPI_KIT_SIGNALS_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_SIG_DEVICE		"/dev/kit_signals"

/*
 * The kernel's real-time signals: 32 to 64.  (glibc keeps 32 and 33
 * for itself; its SIGRTMIN is 34.)  The howto used 44.
 */
#define KIT_SIG_FIRST		32
#define KIT_SIG_LAST		64

struct kit_sig_reg {
	__s32 pid;	/* 0: the calling thread; else a thread or process id */
	__u32 signo;	/* KIT_SIG_FIRST to KIT_SIG_LAST */
};

/*
 * One registration per open file; it ends with KIT_SIG_UNREGISTER or
 * when the file is closed (the process exits).
 */
#define KIT_SIG_IOC_MAGIC	'k'
#define KIT_SIG_REGISTER	_IOW(KIT_SIG_IOC_MAGIC, 0x60, struct kit_sig_reg)
#define KIT_SIG_UNREGISTER	_IO(KIT_SIG_IOC_MAGIC, 0x61)

#endif /* _UAPI_KIT_SIGNALS_H */
