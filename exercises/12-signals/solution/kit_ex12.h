/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_ex12.h - /dev/kit_ex12: the contract between the module and user
 * space.
 */
#ifndef _UAPI_KIT_EX12_H
#define _UAPI_KIT_EX12_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_EX12_DEVICE		"/dev/kit_ex12"
#define KIT_EX12_SIG_FIRST	32	/* the real-time signals */
#define KIT_EX12_SIG_LAST	64

struct kit_ex12_reg {
	__s32 pid;	/* 0: the caller; else a process the caller may signal */
	__u32 signo;	/* KIT_EX12_SIG_FIRST to KIT_EX12_SIG_LAST */
};

#define KIT_EX12_REGISTER	_IOW('k', 0x70, struct kit_ex12_reg)
#define KIT_EX12_UNREGISTER	_IO('k', 0x71)

#endif /* _UAPI_KIT_EX12_H */
