// SPDX-License-Identifier: GPL-2.0
/*
 * kit_debugfs - debugging files in /sys/kernel/debug/kit_debugfs/.
 *
 *   u8 u32 x32 bool  one line of code each: debugfs_create_u8() and
 *                    friends read and write a variable of the module
 *   blob             raw bytes: debugfs_create_blob()
 *   u32_array        numbers on one line: debugfs_create_u32_array()
 *   message          a text of up to 200 bytes, file_operations of our own
 *   threshold        a number checked on write: DEFINE_DEBUGFS_ATTRIBUTE
 *
 * debugfs is for the developers of this code, not for its users:
 * nothing in it is an ABI, any file may change or vanish in the next
 * release, and only root can see it.  That is why a module need not
 * care whether it worked: no debugfs_create_*() result is checked here
 * (see kit_debugfs_init()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define KIT_MSG_SIZE		200	/* the howto's message buffer */
#define KIT_THRESHOLD_MAX	100	/* threshold is a percentage */

static struct dentry *kit_dir;

/* The one-line helpers read and write these directly, without a lock. */
static u8 kit_u8 = 7;
static u32 kit_u32 = 100000;
static u32 kit_x32 = 0xdeadbeef;
static bool kit_bool = true;

/*
 * Writable memory, although the file is 0444: newer kernels (6.12, not
 * 6.1) can write a blob, and root may open any file for writing
 * whatever its mode.
 */
static u8 blob_bytes[16] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
};

static struct debugfs_blob_wrapper blob = {
	.data = blob_bytes,
	.size = sizeof(blob_bytes),
};

static u32 array_values[] = { 1, 2, 3, 5, 8, 13, 21, 34 };

static struct debugfs_u32_array array = {
	.array = array_values,
	.n_elements = ARRAY_SIZE(array_values),
};

/* The message's bytes and length change together, under message_lock. */
static DEFINE_MUTEX(message_lock);
static char message[KIT_MSG_SIZE] = "hello from kit_debugfs\n";
static size_t message_len = sizeof("hello from kit_debugfs\n") - 1;

/*
 * The message reads like a small file: any chunk size, any offset, and
 * 0 (end of file) past its last byte; simple_read_from_buffer() does
 * that arithmetic.  The copy is taken under the lock and handed to user
 * space after it: a reader that faults does so without holding the lock.
 */
static ssize_t message_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	char snapshot[KIT_MSG_SIZE];
	size_t len;

	mutex_lock(&message_lock);
	len = message_len;
	memcpy(snapshot, message, len);
	mutex_unlock(&message_lock);

	return simple_read_from_buffer(ubuf, count, ppos, snapshot, len);
}

/*
 * A write stores its bytes at the file offset and the message ends where
 * the write ends: "echo hi > message" replaces it, consecutive write()s
 * build it up, a pwrite() inside it rewrites its tail, and O_APPEND
 * ("echo more >> message") adds to it.  A write is taken whole or not at
 * all, so a refused one leaves the message as it was:
 *   -EFBIG   it would end beyond the 200 bytes
 *   -EINVAL  it starts past the end of the message (a hole), or holds a
 *            NUL (the message is text)
 *   -EFAULT  a bad buffer: it is copied in before the message is touched
 * An empty write changes nothing, like an empty write to any file.
 */
static ssize_t message_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[KIT_MSG_SIZE];
	loff_t pos;
	ssize_t ret = count;

	if (count == 0)
		return 0;
	if (count > KIT_MSG_SIZE)
		return -EFBIG;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	if (memchr(buf, '\0', count))
		return -EINVAL;

	mutex_lock(&message_lock);
	pos = (file->f_flags & O_APPEND) ? message_len : *ppos;
	if (pos > message_len) {
		ret = -EINVAL;
	} else if (pos + count > KIT_MSG_SIZE) {
		ret = -EFBIG;
	} else {
		memcpy(message + pos, buf, count);
		message_len = pos + count;
		*ppos = pos + count;
	}
	mutex_unlock(&message_lock);
	return ret;
}

/*
 * Made with debugfs_create_file(), these operations are called through
 * a proxy that returns -EIO once the file is removed, so they never run
 * after kit_debugfs_exit().  The proxy takes a reference on .owner while
 * the file is open: an open message file keeps the module loaded.
 */
static const struct file_operations message_fops = {
	.owner = THIS_MODULE,
	.read = message_read,
	.write = message_write,
	.llseek = default_llseek,
};

static u32 threshold = 50;

static int threshold_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u32 *)data);
	return 0;
}

/* Refused values never reach the variable: the write fails instead. */
static int threshold_set(void *data, u64 val)
{
	if (val > KIT_THRESHOLD_MAX)
		return -EINVAL;
	WRITE_ONCE(*(u32 *)data, val);
	return 0;
}

/*
 * DEFINE_DEBUGFS_ATTRIBUTE's operations guard themselves against file
 * removal (debugfs_file_get() in debugfs_attr_read/write), so the file
 * is made with debugfs_create_file_unsafe(), which skips the proxy that
 * debugfs_create_file() puts around every call.  Parsing (kstrtoull,
 * base 0) and the "%llu\n" formatting come from the library; we write
 * only the check.
 */
DEFINE_DEBUGFS_ATTRIBUTE(threshold_fops, threshold_get, threshold_set,
			 "%llu\n");

static int __init kit_debugfs_init(void)
{
	/*
	 * No result is checked, as the debugfs documentation asks: when
	 * debugfs is missing or a call fails, the calls below get an error
	 * pointer as parent and do nothing, and debugfs_remove() ignores
	 * it.  A driver must work the same with or without its debugging
	 * files, so a debugfs failure is never a reason to fail a probe.
	 */
	kit_dir = debugfs_create_dir("kit_debugfs", NULL);

	debugfs_create_u8("u8", 0644, kit_dir, &kit_u8);
	debugfs_create_u32("u32", 0644, kit_dir, &kit_u32);
	/* No write permission: the helper picks its read-only operations. */
	debugfs_create_x32("x32", 0444, kit_dir, &kit_x32);
	debugfs_create_bool("bool", 0644, kit_dir, &kit_bool);
	debugfs_create_blob("blob", 0444, kit_dir, &blob);
	debugfs_create_u32_array("u32_array", 0444, kit_dir, &array);

	debugfs_create_file("message", 0644, kit_dir, NULL, &message_fops);
	debugfs_create_file_unsafe("threshold", 0644, kit_dir, &threshold,
				   &threshold_fops);

	pr_info("loaded: /sys/kernel/debug/kit_debugfs/\n");
	return 0;
}

static void __exit kit_debugfs_exit(void)
{
	/*
	 * One call removes the directory and everything below it, and waits
	 * for callbacks in progress, so the variables can go after it.
	 */
	debugfs_remove(kit_dir);
	pr_info("unloaded\n");
}

module_init(kit_debugfs_init);
module_exit(kit_debugfs_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("debugfs chapter: one-line helpers, own file_operations, a validated attribute");
