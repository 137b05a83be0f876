// SPDX-License-Identifier: GPL-2.0
/*
 * kit_ioctl - commands to a device with ioctl(2): the blog's cold room
 * with two temperature sensors, and the howto's READ/WRITE of a buffer.
 *
 * Every command, and the structure it carries, is defined once in
 * kit_ioctl.h, which user space includes too.  The handler follows
 * Documentation/driver-api/ioctl.rst:
 *   - an unknown command is -ENOTTY (the number carries the type letter,
 *     direction and size, so a wrong one of those is unknown too);
 *   - a bad user pointer is -EFAULT, bad contents -EINVAL, and neither
 *     changes any state;
 *   - reserved fields and unknown flags must be 0;
 *   - a structure is cleared before it is filled and copied out, so no
 *     byte of old kernel memory reaches user space;
 *   - compat_ptr_ioctl serves 32-bit programs, which works because the
 *     structures have the same layout for them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "kit_ioctl.h"

/* The layout is ABI: if one of these fails, the header is wrong. */
static_assert(sizeof(struct kit_temp) == 24);
static_assert(offsetof(struct kit_temp, timestamp_ns) == 8);
static_assert(sizeof(struct kit_buf) == 8 + KIT_BUF_SIZE);

#define KIT_BUF_INIT	"hello from kit_ioctl"

/* Sensor 1 watches the chiller side of the room, sensor 2 the freezer. */
static const s32 kit_base_mc[KIT_NR_SENSORS] = { 4000, -18000 };

/* kit_lock protects the readings' counters and the buffer. */
static DEFINE_MUTEX(kit_lock);
static u32 kit_seq[KIT_NR_SENSORS];
static u8 kit_data[KIT_BUF_SIZE] = KIT_BUF_INIT;
static u32 kit_data_len = sizeof(KIT_BUF_INIT) - 1;

/*
 * Take a reading: there is no hardware, so the temperature wanders
 * within half a degree of the sensor's base value, the same way on
 * every load.
 */
static void kit_take_reading(u32 sensor, struct kit_temp *t)
{
	unsigned int i = sensor - 1;

	/* Every byte, reserved ones included, is set before it leaves. */
	memset(t, 0, sizeof(*t));
	t->sensor = sensor;

	mutex_lock(&kit_lock);
	t->seq = ++kit_seq[i];
	t->timestamp_ns = ktime_get_ns();
	mutex_unlock(&kit_lock);

	t->millicelsius = kit_base_mc[i] + (s32)(t->seq * 7919 % 1001) - 500;
}

/* KIT_READ_TEMP_SENSOR_1 and _2: no input, a reading out. */
static long kit_put_reading(void __user *argp, u32 sensor)
{
	struct kit_temp t;

	kit_take_reading(sensor, &t);
	if (copy_to_user(argp, &t, sizeof(t)))
		return -EFAULT;
	return 0;
}

/* KIT_READ_TEMP: the sensor's number in, its reading out. */
static long kit_read_temp(void __user *argp)
{
	struct kit_temp t;

	if (copy_from_user(&t, argp, sizeof(t)))
		return -EFAULT;
	if (t.reserved || t.sensor < 1 || t.sensor > KIT_NR_SENSORS)
		return -EINVAL;
	return kit_put_reading(argp, t.sensor);
}

/*
 * KIT_WRITE_BUF changes state, and ioctl(2) does not check the open
 * mode as write(2) does: a file opened read-only must not change the
 * buffer, so check it here.  Everything is validated before the buffer
 * is touched, so a refused command leaves it as it was.
 */
static long kit_write_buf(struct file *file, void __user *argp)
{
	struct kit_buf b;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (copy_from_user(&b, argp, sizeof(b)))
		return -EFAULT;
	if (b.flags || b.len > KIT_BUF_SIZE)
		return -EINVAL;

	mutex_lock(&kit_lock);
	memcpy(kit_data, b.data, b.len);
	kit_data_len = b.len;
	mutex_unlock(&kit_lock);
	return 0;
}

/*
 * KIT_READ_BUF: only the kit_data_len bytes of the current message are
 * copied; the rest of kit_data may still hold an older, longer message,
 * which the cleared structure keeps from leaking out.
 */
static long kit_read_buf(void __user *argp)
{
	struct kit_buf b;

	memset(&b, 0, sizeof(b));
	mutex_lock(&kit_lock);
	b.len = kit_data_len;
	memcpy(b.data, kit_data, b.len);
	mutex_unlock(&kit_lock);

	if (copy_to_user(argp, &b, sizeof(b)))
		return -EFAULT;
	return 0;
}

static long kit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	/* The whole 32-bit number is compared, size and direction too. */
	switch (cmd) {
	case KIT_READ_TEMP_SENSOR_1:
		return kit_put_reading(argp, 1);
	case KIT_READ_TEMP_SENSOR_2:
		return kit_put_reading(argp, 2);
	case KIT_READ_TEMP:
		return kit_read_temp(argp);
	case KIT_WRITE_BUF:
		return kit_write_buf(file, argp);
	case KIT_READ_BUF:
		return kit_read_buf(argp);
	default:
		return -ENOTTY;	/* "inappropriate ioctl for device" */
	}
}

/*
 * A 32-bit program's argument is a 32-bit pointer: compat_ptr_ioctl()
 * converts it and calls kit_ioctl().  Nothing else is needed because
 * the structures have no pointers, no longs and no padding.  Without
 * .compat_ioctl, every command from a 32-bit program fails with -ENOTTY.
 */
static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,	/* a position means nothing here */
	.unlocked_ioctl = kit_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice kit_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kit_ioctl",
	.fops = &kit_fops,
	.mode = 0644,
};

static int __init kit_ioctl_init(void)
{
	int ret = misc_register(&kit_miscdev);

	if (ret)
		return ret;
	pr_info("loaded: %s is 10:%d\n", KIT_IOCTL_DEVICE, kit_miscdev.minor);
	return 0;
}

static void __exit kit_ioctl_exit(void)
{
	misc_deregister(&kit_miscdev);
	pr_info("unloaded\n");
}

module_init(kit_ioctl_init);
module_exit(kit_ioctl_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("ioctl chapter: temperature sensors and a buffer behind _IOR/_IOW/_IOWR commands");
