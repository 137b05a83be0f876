// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 01: the write side of a file in /proc.
 *
 * /proc/kit_ex01/message holds one line of text.  Reading it shows the
 * text and a newline (given: seq_file does it); writing replaces it.
 * Your task is message_write(), the handler of write(2).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define KIT_EX01_MAX	256	/* the message, with its final NUL */

static DEFINE_MUTEX(msg_lock);	/* a reader never sees half a message */
static char message[KIT_EX01_MAX] = "hello from kit_ex01";
static struct proc_dir_entry *kit_dir;

static int message_show(struct seq_file *m, void *v)
{
	mutex_lock(&msg_lock);
	seq_printf(m, "%s\n", message);
	mutex_unlock(&msg_lock);
	return 0;
}

static int message_open(struct inode *inode, struct file *file)
{
	return single_open(file, message_show, NULL);
}

/*
 * One write(2) at offset 0 replaces the message by the text written, as
 * echo(1) writes it: one trailing newline is not part of the text.  A
 * bad write fails before the message is touched, so it never leaves
 * half a message behind.
 */
static ssize_t message_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	/*
	 * TODO(T1-T4, cut 19): in this order,
	 * T4: refuse (-EINVAL) a write that does not start at offset 0;
	 * T2: refuse (-EINVAL) an empty write and one of KIT_EX01_MAX
	 *     bytes or more;
	 * T3: copy the text in from user space (-EFAULT for a bad pointer);
	 * T2: drop one trailing newline, then refuse (-EINVAL) an empty
	 *     text and one with a NUL byte in it;
	 * T1: store the text under msg_lock, move *ppos past the bytes
	 *     written, and return their number.
	 * stub: return -ENOSYS;
	 */
	char buf[KIT_EX01_MAX];
	size_t len = count;

	if (*ppos != 0)
		return -EINVAL;
	if (count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[len] = '\0';
	if (buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len == 0 || strlen(buf) != len)
		return -EINVAL;
	mutex_lock(&msg_lock);
	memcpy(message, buf, len + 1);
	mutex_unlock(&msg_lock);
	*ppos += count;
	return count;
}

static const struct proc_ops message_ops = {
	.proc_open = message_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = message_write,
};

static int __init kit_ex01_init(void)
{
	kit_dir = proc_mkdir("kit_ex01", NULL);
	if (!kit_dir)
		return -ENOMEM;
	if (!proc_create("message", 0644, kit_dir, &message_ops)) {
		proc_remove(kit_dir);
		return -ENOMEM;
	}
	return 0;
}

static void __exit kit_ex01_exit(void)
{
	proc_remove(kit_dir);	/* and the entry below it */
}

module_init(kit_ex01_init);
module_exit(kit_ex01_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 01: the write handler of a /proc file");
