// SPDX-License-Identifier: GPL-2.0
/*
 * kit_cdev - a character device the classic way: a device number range,
 * a struct cdev and a class, so that /dev/kit_cdev appears by itself.
 *
 * The device holds one message of at most KIT_MSG_SIZE bytes and behaves
 * like a small file: read(2) and write(2) work at the file position,
 * lseek(2) moves it, a read at the end of the message returns 0 (EOF),
 * and opening with O_TRUNC or O_APPEND does what it does on a file, so
 * that "echo text > /dev/kit_cdev" and ">>" work.  A write that would
 * go past the buffer stores what fits; one that starts at its end is
 * refused with -ENOSPC, as on a full disk.  A bad user pointer is
 * -EFAULT and changes nothing.
 *
 * kit_misc.c is the same device registered with misc_register().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#define KIT_NAME	"kit_cdev"
#define KIT_MSG_SIZE	1024
#define KIT_MSG_INIT	"hello from kit_cdev\n"

/*
 * Every open file shares the one message.  kit_lock keeps the message
 * and its length consistent: a reader never sees half of a write, and
 * two writers never interleave.  No user memory is touched under it:
 * a page fault can last for ever (userfaultfd, FUSE), and any user who
 * can open the node would hold the lock for that long.  Bytes past
 * kit_len are always zero, so a gap left by a write beyond the end
 * reads as zeros, never as an older message.
 */
static DEFINE_MUTEX(kit_lock);
static char kit_msg[KIT_MSG_SIZE] = KIT_MSG_INIT;
static size_t kit_len = sizeof(KIT_MSG_INIT) - 1;

static dev_t kit_devt;
static struct cdev kit_cdev;

static int kit_open(struct inode *inode, struct file *file)
{
	/*
	 * The VFS truncates only regular files: for a device, O_TRUNC
	 * means what the driver makes of it.  Here, what it means for a
	 * file, so that the shell's ">" replaces the message.
	 */
	if ((file->f_mode & FMODE_WRITE) && (file->f_flags & O_TRUNC)) {
		mutex_lock(&kit_lock);
		memset(kit_msg, 0, kit_len);
		kit_len = 0;
		mutex_unlock(&kit_lock);
	}
	return 0;
}

/*
 * *ppos is this open file's position (a private copy for pread(2)).
 * Return what was copied and advance *ppos by as much: a short count is
 * a partial read, 0 is the end of the message.
 */
static ssize_t kit_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	char chunk[KIT_MSG_SIZE];
	loff_t pos = *ppos;
	size_t left;

	if (count == 0)
		return 0;

	/*
	 * The bytes are taken under the lock and copied to user space after
	 * it: copy_to_user() can wait on a page fault for as long as the
	 * page's provider likes (userfaultfd, FUSE), and every other user
	 * of the device, root included, would wait behind the lock.
	 */
	mutex_lock(&kit_lock);
	if (pos >= kit_len) {
		mutex_unlock(&kit_lock);
		return 0;		/* at or past the end: EOF */
	}
	count = min_t(size_t, count, kit_len - pos);
	memcpy(chunk, kit_msg + pos, count);
	mutex_unlock(&kit_lock);

	/* copy_to_user() returns how many bytes it could NOT copy. */
	left = copy_to_user(buf, chunk, count);
	if (left == count)
		return -EFAULT;		/* nothing copied: position unchanged */
	*ppos = pos + count - left;
	return count - left;
}

/*
 * The data is copied in before the lock is taken, into a buffer of its
 * own: copy_from_user() fills what it could not copy with zeros, so
 * copying straight into kit_msg would let a bad pointer wipe part of
 * the message.  memdup_user() fails whole (-EFAULT) if any byte faults,
 * so a write is stored whole, or short only for lack of space.
 */
static ssize_t kit_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	loff_t pos;
	ssize_t ret;
	char *data;

	if (count == 0)
		return 0;
	count = min_t(size_t, count, KIT_MSG_SIZE);
	data = memdup_user(buf, count);
	if (IS_ERR(data))
		return PTR_ERR(data);

	mutex_lock(&kit_lock);
	pos = file->f_flags & O_APPEND ? kit_len : *ppos;
	if (pos >= KIT_MSG_SIZE) {
		ret = -ENOSPC;		/* nothing fits: refuse, change nothing */
		goto out;
	}
	ret = min_t(size_t, count, KIT_MSG_SIZE - pos);
	memcpy(kit_msg + pos, data, ret);
	*ppos = pos + ret;
	/* A write past the end grows the message; bytes between are 0. */
	kit_len = max_t(size_t, kit_len, *ppos);
out:
	mutex_unlock(&kit_lock);
	kfree(data);
	return ret;
}

/*
 * Any position from 0 to the buffer's size may be set; SEEK_END is
 * relative to the end of the message, as it is for a file.
 * fixed_size_llseek() would put SEEK_END at the end of the buffer, which
 * suits a device of fixed size (a ROM, an EEPROM) but not a message with
 * a length.  generic_file_llseek_size() takes both limits.
 */
static loff_t kit_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t eof;

	mutex_lock(&kit_lock);
	eof = kit_len;
	mutex_unlock(&kit_lock);
	return generic_file_llseek_size(file, offset, whence, KIT_MSG_SIZE,
					eof);
}

/* .owner: an open file pins the module, so rmmod waits for close(2). */
static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.open = kit_open,
	.read = kit_read,
	.write = kit_write,
	.llseek = kit_llseek,
};

/*
 * The class's devnode() gives the node its mode in devtmpfs (0600
 * otherwise).  Its device argument became const in 6.2.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
static char *kit_devnode(const struct device *dev, umode_t *mode)
#else
static char *kit_devnode(struct device *dev, umode_t *mode)
#endif
{
	if (mode)
		*mode = 0644;
	return NULL;		/* the node's name is the device's name */
}

/*
 * A class is what makes the device appear in /sys/class/kit_cdev/ and,
 * through the uevent, in /dev.  class_create(THIS_MODULE, name) of older
 * code became class_create(name) in 6.4; a static class given to
 * class_register() needs neither and is what current drivers use.
 */
static struct class kit_class = {
	.name = KIT_NAME,
	.devnode = kit_devnode,
};

static int __init kit_cdev_init(void)
{
	struct device *dev;
	int ret;

	/* A free major, chosen by the kernel, and one minor: 0. */
	ret = alloc_chrdev_region(&kit_devt, 0, 1, KIT_NAME);
	if (ret)
		return ret;

	/* Live from cdev_add() on: opens can come before the node exists. */
	cdev_init(&kit_cdev, &kit_fops);
	kit_cdev.owner = THIS_MODULE;
	ret = cdev_add(&kit_cdev, kit_devt, 1);
	if (ret)
		goto err_region;

	ret = class_register(&kit_class);
	if (ret)
		goto err_cdev;

	/* The uevent of this device makes devtmpfs create /dev/kit_cdev. */
	dev = device_create(&kit_class, NULL, kit_devt, NULL, KIT_NAME);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto err_class;
	}

	pr_info("loaded: /dev/%s is %u:%u\n", KIT_NAME, MAJOR(kit_devt),
		MINOR(kit_devt));
	return 0;

err_class:
	class_unregister(&kit_class);
err_cdev:
	cdev_del(&kit_cdev);
err_region:
	unregister_chrdev_region(kit_devt, 1);
	return ret;
}

/* The reverse order: the node goes first, the device number last. */
static void __exit kit_cdev_exit(void)
{
	device_destroy(&kit_class, kit_devt);
	class_unregister(&kit_class);
	cdev_del(&kit_cdev);
	unregister_chrdev_region(kit_devt, 1);
	pr_info("unloaded\n");
}

module_init(kit_cdev_init);
module_exit(kit_cdev_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("cdev chapter: a character device with alloc_chrdev_region, cdev_add and a class");
