// SPDX-License-Identifier: GPL-2.0
/*
 * kit_misc - the device of kit_cdev.c, registered with misc_register().
 *
 * A misc device is a character device on the shared major 10 with one
 * minor of its own: misc_register() allocates the minor, adds the device
 * to /sys/class/misc and makes the /dev node, in one call.  That is all
 * a driver with one node needs, so it is what most of them use.
 *
 * The file operations behave exactly like kit_cdev's (the tests run the
 * same suite against both).  The read side is written here with the
 * library helper simple_read_from_buffer(), which does the position
 * arithmetic that kit_cdev.c spells out.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define KIT_NAME	"kit_misc"
#define KIT_MSG_SIZE	1024
#define KIT_MSG_INIT	"hello from kit_misc\n"

/* As in kit_cdev.c: one message, bytes past kit_len always zero. */
static DEFINE_MUTEX(kit_lock);
static char kit_msg[KIT_MSG_SIZE] = KIT_MSG_INIT;
static size_t kit_len = sizeof(KIT_MSG_INIT) - 1;

static int kit_open(struct inode *inode, struct file *file)
{
	/* file->private_data is our struct miscdevice here; unused. */
	if ((file->f_mode & FMODE_WRITE) && (file->f_flags & O_TRUNC)) {
		mutex_lock(&kit_lock);
		memset(kit_msg, 0, kit_len);
		kit_len = 0;
		mutex_unlock(&kit_lock);
	}
	return 0;
}

static ssize_t kit_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	char snapshot[KIT_MSG_SIZE];
	size_t len;

	/*
	 * As in kit_cdev.c, the message is copied under the lock and to
	 * user space after it, where a fault may last for ever.
	 */
	mutex_lock(&kit_lock);
	len = kit_len;
	memcpy(snapshot, kit_msg, len);
	mutex_unlock(&kit_lock);

	/* Copies from [*ppos, len), advances *ppos, 0 at the end. */
	return simple_read_from_buffer(buf, count, ppos, snapshot, len);
}

/*
 * There is a simple_write_to_buffer() too, but it copies straight into
 * the target, and copy_from_user() zero-fills what a bad pointer kept
 * it from copying: a fault would wipe part of the message.  So the data
 * comes in whole through memdup_user() first, as in kit_cdev.c.
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
		ret = -ENOSPC;
		goto out;
	}
	ret = min_t(size_t, count, KIT_MSG_SIZE - pos);
	memcpy(kit_msg + pos, data, ret);
	*ppos = pos + ret;
	kit_len = max_t(size_t, kit_len, *ppos);
out:
	mutex_unlock(&kit_lock);
	kfree(data);
	return ret;
}

static loff_t kit_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t eof;

	mutex_lock(&kit_lock);
	eof = kit_len;
	mutex_unlock(&kit_lock);
	return generic_file_llseek_size(file, offset, whence, KIT_MSG_SIZE,
					eof);
}

static const struct file_operations kit_fops = {
	.owner = THIS_MODULE,
	.open = kit_open,
	.read = kit_read,
	.write = kit_write,
	.llseek = kit_llseek,
};

/* .mode is the node's mode in devtmpfs, like kit_cdev's devnode(). */
static struct miscdevice kit_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = KIT_NAME,
	.fops = &kit_fops,
	.mode = 0644,
};

static int __init kit_misc_init(void)
{
	int ret = misc_register(&kit_miscdev);

	if (ret)
		return ret;
	pr_info("loaded: /dev/%s is 10:%d\n", KIT_NAME, kit_miscdev.minor);
	return 0;
}

static void __exit kit_misc_exit(void)
{
	misc_deregister(&kit_miscdev);
	pr_info("unloaded\n");
}

module_init(kit_misc_init);
module_exit(kit_misc_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("cdev chapter: the same character device through misc_register");
