// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 07: the ioctl interface of a sensor driver.
 *
 * /dev/kit_ex07 answers the commands of kit_ex07.h: the number of
 * sensors, one sensor's temperature, and a calibration offset added to
 * every temperature.  The device and the dispatch are given: write the
 * handler of each command.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "kit_ex07.h"

static unsigned int nr_sensors = 8;
module_param(nr_sensors, uint, 0444);
MODULE_PARM_DESC(nr_sensors, "the number of sensors (1-1024)");

static unsigned int seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "the seed of the simulated temperatures");

static s32 offset;	/* read and written whole: READ_ONCE/WRITE_ONCE */

static long get_info(struct kit_ex07_info __user *uinfo)
{
	/*
	 * TODO(T1, cut 6): copy the version and the number of sensors out
	 * (-EFAULT for a bad pointer).  Initialise the whole struct, so
	 * that no byte of kernel stack reaches user space.
	 * stub: return -ENOSYS;
	 */
	struct kit_ex07_info info = {
		.version = KIT_EX07_VERSION,
		.nr_sensors = nr_sensors,
	};

	return copy_to_user(uinfo, &info, sizeof(info)) ? -EFAULT : 0;
}

static long read_sensor(struct kit_ex07_reading __user *ureading)
{
	/*
	 * TODO(T2-T3, cut 8): copy the request in, refuse an index out of
	 * range (-EINVAL), fill in the value (kit_ex07_model() plus the
	 * offset) and copy the reading out; -EFAULT for a bad pointer.
	 * stub: return -ENOSYS;
	 */
	struct kit_ex07_reading r;

	if (copy_from_user(&r, ureading, sizeof(r)))
		return -EFAULT;
	if (r.index >= nr_sensors)
		return -EINVAL;
	r.value = kit_ex07_model(seed, r.index) + READ_ONCE(offset);
	return copy_to_user(ureading, &r, sizeof(r)) ? -EFAULT : 0;
}

static long set_offset(struct file *file, s32 __user *uoffset)
{
	/*
	 * TODO(T4, cut 11): the offset is every opener's: only a file
	 * opened for writing may change it (-EBADF otherwise).  Take the
	 * offset (get_user()), refuse it out of
	 * [-KIT_EX07_OFFSET_MAX, KIT_EX07_OFFSET_MAX] with -EINVAL.
	 * stub: return -ENOSYS;
	 */
	s32 val;

	/* The ioctl chapter's rule: what changes shared state needs write. */
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (get_user(val, uoffset))
		return -EFAULT;
	if (val < -KIT_EX07_OFFSET_MAX || val > KIT_EX07_OFFSET_MAX)
		return -EINVAL;
	WRITE_ONCE(offset, val);
	return 0;
}

static long kit_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case KIT_EX07_GET_INFO:
		return get_info(uarg);
	case KIT_EX07_READ:
		return read_sensor(uarg);
	case KIT_EX07_SET_OFFSET:
		return set_offset(file, uarg);
	}
	/*
	 * TODO(T5, cut 1): a command that is not ours, or ours with another
	 * size or direction, is not for this device: say so.
	 * stub: return -ENOSYS;
	 */
	return -ENOTTY;
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = kit_ioctl,
	.compat_ioctl = compat_ptr_ioctl,	/* the same structs in 32 bits */
};

static struct miscdevice kit_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "kit_ex07",
	.fops = &kit_fops,
};

static int __init kit_ex07_init(void)
{
	if (nr_sensors < 1 || nr_sensors > 1024)
		return -EINVAL;
	return misc_register(&kit_misc);
}

static void __exit kit_ex07_exit(void)
{
	misc_deregister(&kit_misc);
}

module_init(kit_ex07_init);
module_exit(kit_ex07_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 07: the handlers of an ioctl interface");
