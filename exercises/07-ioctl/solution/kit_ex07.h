/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_ex07.h - the interface of /dev/kit_ex07, for the module and for
 * user space.  It is handed out with the exercise and put back when a
 * submission is graded: it is the contract, do not change it.
 */
#ifndef KIT_EX07_H
#define KIT_EX07_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_EX07_VERSION	1
#define KIT_EX07_OFFSET_MAX	10000	/* a calibration offset's bound */

struct kit_ex07_info {
	__u32 version;		/* KIT_EX07_VERSION */
	__u32 nr_sensors;	/* the sensors are 0 to nr_sensors - 1 */
};

struct kit_ex07_reading {
	__u32 index;		/* in: the sensor */
	__s32 value;		/* out: its temperature, millidegrees Celsius */
};

#define KIT_EX07_MAGIC		0xB7
/* The sensors' number and the interface's version. */
#define KIT_EX07_GET_INFO	_IOR(KIT_EX07_MAGIC, 1, struct kit_ex07_info)
/* One sensor's temperature: kit_ex07_model() plus the offset. */
#define KIT_EX07_READ		_IOWR(KIT_EX07_MAGIC, 2, struct kit_ex07_reading)
/* The offset added to every reading, -KIT_EX07_OFFSET_MAX to the max. */
#define KIT_EX07_SET_OFFSET	_IOW(KIT_EX07_MAGIC, 3, __s32)

/* The simulated temperature of a sensor, from the module's seed. */
static inline __s32 kit_ex07_model(__u32 seed, __u32 index)
{
	__u32 x = seed ^ (index * 0x9e3779b9u);

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return (__s32)(x % 60000) - 20000;	/* -20 to 40 degrees */
}

#endif /* KIT_EX07_H */
