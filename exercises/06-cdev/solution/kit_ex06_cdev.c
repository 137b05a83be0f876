// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 06: a character device that behaves like a small file.
 *
 * /dev/kit_ex06 holds up to KIT_EX06_SIZE bytes of data.  read(2) gives
 * the data from the file offset to its end; write(2) puts bytes at the
 * offset, and the data grows to the end of the write (at most
 * KIT_EX06_SIZE: beyond, a write is cut short, or fails with -ENOSPC);
 * lseek(2) moves the offset, SEEK_END from the end of the data.  The
 * data starts as the module parameter greeting.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#define KIT_EX06_SIZE	4096

static char *greeting = "hello from kit_ex06\n";
module_param(greeting, charp, 0444);
MODULE_PARM_DESC(greeting, "the first data of /dev/kit_ex06");

static DEFINE_MUTEX(lock);	/* data and size change together */
static char data[KIT_EX06_SIZE];
static size_t size;

static dev_t devt;
static struct cdev kit_cdev;
static struct class *kit_class;
static struct device *kit_device;

static ssize_t kit_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	/*
	 * TODO(T2, cut 18): under lock (mutex_lock_interruptible()), copy
	 * to user space the data from *ppos on, at most count bytes; none
	 * at or past the end.  Move *ppos past what was read and return
	 * its length, or -EFAULT for a bad pointer.
	 * stub: return -ENOSYS;
	 */
	ssize_t ret;

	if (mutex_lock_interruptible(&lock))
		return -ERESTARTSYS;
	if (*ppos >= size) {
		ret = 0;
		goto out;
	}
	count = min_t(size_t, count, size - *ppos);
	if (copy_to_user(ubuf, data + *ppos, count)) {
		ret = -EFAULT;
		goto out;
	}
	*ppos += count;
	ret = count;
out:
	mutex_unlock(&lock);
	return ret;
}

static ssize_t kit_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	/*
	 * TODO(T3, cut 21): put the bytes at *ppos, no further than
	 * KIT_EX06_SIZE (-ENOSPC when no byte fits), grow the data to the
	 * end of the write, move *ppos.  An empty write changes nothing,
	 * wherever the offset is.  A bad pointer gives -EFAULT and
	 * changes nothing: copy_from_user() would zero what it could not
	 * copy, so copy in first (memdup_user()), then take the lock.
	 * stub: return -ENOSYS;
	 */
	char *buf;

	/* Else an empty write past the end would grow the data to *ppos. */
	if (!count)
		return 0;
	if (*ppos >= KIT_EX06_SIZE)
		return -ENOSPC;
	count = min_t(size_t, count, KIT_EX06_SIZE - *ppos);
	buf = memdup_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (mutex_lock_interruptible(&lock)) {
		kfree(buf);
		return -ERESTARTSYS;
	}
	memcpy(data + *ppos, buf, count);
	*ppos += count;
	size = max_t(size_t, size, *ppos);
	mutex_unlock(&lock);
	kfree(buf);
	return count;
}

static loff_t kit_llseek(struct file *file, loff_t offset, int whence)
{
	/*
	 * TODO(T4, cut 7): let generic_file_llseek_size() do it, with
	 * KIT_EX06_SIZE as the largest offset and size as the end, under
	 * lock.
	 * stub: return -ENOSYS;
	 */
	loff_t ret;

	mutex_lock(&lock);
	ret = generic_file_llseek_size(file, offset, whence, KIT_EX06_SIZE,
				       size);
	mutex_unlock(&lock);
	return ret;
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.read = kit_read,
	.write = kit_write,
	.llseek = kit_llseek,
};

static int __init kit_ex06_init(void)
{
	/*
	 * TODO(T1, cut 41): take greeting as the first data (-EINVAL when
	 * it does not fit); get a device number, add the cdev (owned by
	 * THIS_MODULE), make the class kit_ex06 and the device kit_ex06
	 * in it (devtmpfs then makes /dev/kit_ex06); undo what was done
	 * when a step fails.
	 * class_create() takes no THIS_MODULE since 6.4.
	 * stub: return 0;
	 */
	int ret;

	if (strscpy(data, greeting, sizeof(data)) < 0)
		return -EINVAL;
	size = strlen(data);

	ret = alloc_chrdev_region(&devt, 0, 1, "kit_ex06");
	if (ret)
		return ret;
	cdev_init(&kit_cdev, &kit_fops);
	/*
	 * open() finds the cdev before fops_get() pins the module: with
	 * the owner set, the cdev's reference pins it from the start, so
	 * an open racing rmmod cannot run in a module being freed.
	 */
	kit_cdev.owner = THIS_MODULE;
	ret = cdev_add(&kit_cdev, devt, 1);
	if (ret)
		goto err_region;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	/* class_create() lost its owner argument in 6.4. */
	kit_class = class_create("kit_ex06");
#else
	kit_class = class_create(THIS_MODULE, "kit_ex06");
#endif
	ret = PTR_ERR_OR_ZERO(kit_class);
	if (ret)
		goto err_cdev;
	kit_device = device_create(kit_class, NULL, devt, NULL, "kit_ex06");
	ret = PTR_ERR_OR_ZERO(kit_device);
	if (ret)
		goto err_class;
	return 0;

err_class:
	class_destroy(kit_class);
err_cdev:
	cdev_del(&kit_cdev);
err_region:
	unregister_chrdev_region(devt, 1);
	return ret;
}

static void __exit kit_ex06_exit(void)
{
	/* TODO(T1, cut 4): undo all that init did, in reverse order. */
	device_destroy(kit_class, devt);
	class_destroy(kit_class);
	cdev_del(&kit_cdev);
	unregister_chrdev_region(devt, 1);
}

module_init(kit_ex06_init);
module_exit(kit_ex06_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 06: read, write and lseek of a character device");
