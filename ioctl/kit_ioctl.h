/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_ioctl.h - the ioctl interface of /dev/kit_ioctl, shared by the
 * module and every program that uses it: one definition of each command
 * and structure, so that both sides always agree.
 *
 * Written as a uapi header: fixed-width __u32/__s32/__u64 types only, no
 * pointers, no implicit padding.  Each __u64 sits at a multiple of 8 and
 * each structure's size is a multiple of 8, so the layout is the same
 * for a 64-bit program and a 32-bit one (where a __u64 needs only 4-byte
 * alignment).  Fields marked "must be 0" are checked by the module, so
 * that they can be given a meaning later without breaking old programs.
 */
#ifndef _UAPI_KIT_IOCTL_H
#define _UAPI_KIT_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_IOCTL_DEVICE	"/dev/kit_ioctl"

/*
 * The type letter of the commands.  An in-tree driver picks a free
 * block in Documentation/userspace-api/ioctl/ioctl-number.rst and
 * registers it there; this one is not registered.
 */
#define KIT_IOC_MAGIC		'k'

#define KIT_NR_SENSORS		2

/* A reading of one of the cold room's temperature sensors. */
struct kit_temp {
	__u32 sensor;		/* 1 or 2: in for KIT_READ_TEMP, else out */
	__s32 millicelsius;	/* out: -18250 is -18.25 degrees C */
	__u64 timestamp_ns;	/* out: CLOCK_MONOTONIC time of the reading */
	__u32 seq;		/* out: readings of this sensor so far */
	__u32 reserved;		/* in: must be 0; out: 0 */
};

#define KIT_BUF_SIZE		256

/* The message buffer of the howto's READ/WRITE commands. */
struct kit_buf {
	__u32 len;		/* bytes used in data, at most KIT_BUF_SIZE */
	__u32 flags;		/* none defined yet: must be 0; out: 0 */
	__u8 data[KIT_BUF_SIZE];	/* out: zero past len */
};

/*
 * _IOR: the kernel writes the structure (a "read" from user space's
 * side), _IOW: the kernel reads it, _IOWR: both.  The number encodes
 * the direction, the type letter, the command and sizeof() the
 * structure, so a caller built against a different layout gets -ENOTTY
 * instead of the wrong bytes.
 */
/* The blog's two commands: one per sensor, no input. */
#define KIT_READ_TEMP_SENSOR_1	_IOR(KIT_IOC_MAGIC, 0x21, struct kit_temp)
#define KIT_READ_TEMP_SENSOR_2	_IOR(KIT_IOC_MAGIC, 0x22, struct kit_temp)
/* Any sensor: set .sensor (and .reserved = 0), get the reading back. */
#define KIT_READ_TEMP		_IOWR(KIT_IOC_MAGIC, 0x23, struct kit_temp)
/* The howto's two: replace the buffer, read it back. */
#define KIT_WRITE_BUF		_IOW(KIT_IOC_MAGIC, 0x24, struct kit_buf)
#define KIT_READ_BUF		_IOR(KIT_IOC_MAGIC, 0x25, struct kit_buf)

#endif /* _UAPI_KIT_IOCTL_H */
