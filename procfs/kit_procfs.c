// SPDX-License-Identifier: GPL-2.0
/*
 * kit_procfs - three ways to make a file in /proc.
 *
 *   /proc/kit_procfs/records  read-only, one line per record, many pages
 *                             long: seq_operations walk the records
 *   /proc/kit_procfs/summary  read-only, one show function:
 *                             proc_create_single()
 *   /proc/kit_procfs/message  read-write text: seq_file for the read
 *                             side, a write handler that takes the whole
 *                             message in one write at offset 0
 *
 * procfs is meant for process information.  New drivers put other data
 * in sysfs or debugfs; this chapter teaches procfs because a great deal
 * of existing code uses it and because seq_file is used everywhere.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define KIT_MSG_MAX	256	/* the message buffer, with its final NUL */
#define KIT_RECORDS_MAX	10000

static unsigned int nr_records = 200;
module_param(nr_records, uint, 0444);
MODULE_PARM_DESC(nr_records, "number of records in /proc/kit_procfs/records (1-10000)");

struct kit_record {
	unsigned int id;
	unsigned int value;
	char name[sizeof("record-4294967295")];	/* any unsigned int fits */
};

/* Written once in init, read-only afterwards: readers need no lock. */
static struct kit_record *records;

/* The message and the write counter change together, under msg_lock. */
static DEFINE_MUTEX(msg_lock);
static char message[KIT_MSG_MAX] = "hello from kit_procfs";
static unsigned long nr_writes;

static struct proc_dir_entry *kit_dir;

/*
 * seq_file calls start() with the position the reader has reached, then
 * show() and next() until the page-sized buffer is full, then stop().
 * Position 0 is the header line (SEQ_START_TOKEN), position n the record
 * n - 1.  A read that needs more than a page just comes back to start()
 * with a larger position: the PAGE_SIZE limit of the howto's read_proc
 * is gone.
 */
static void *records_start(struct seq_file *m, loff_t *pos)
{
	if (*pos == 0)
		return SEQ_START_TOKEN;
	if (*pos > nr_records)
		return NULL;
	return &records[*pos - 1];
}

static void *records_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return records_start(m, pos);
}

static void records_stop(struct seq_file *m, void *v)
{
	/* Nothing to release: start() took no lock. */
}

static int records_show(struct seq_file *m, void *v)
{
	const struct kit_record *r = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "   id name            value\n");
		return 0;
	}
	seq_printf(m, "%5u %-12s %9u\n", r->id, r->name, r->value);
	return 0;
}

static const struct seq_operations records_sops = {
	.start = records_start,
	.next = records_next,
	.stop = records_stop,
	.show = records_show,
};

/* A file that fits in one show() call needs no iterator at all. */
static int summary_show(struct seq_file *m, void *v)
{
	mutex_lock(&msg_lock);
	seq_printf(m, "records: %u\nmessage_bytes: %zu\nwrites: %lu\n",
		   nr_records, strlen(message), nr_writes);
	mutex_unlock(&msg_lock);
	return 0;
}

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
 * A message is replaced whole by one write at offset 0.  Anything else
 * (a write at an offset, an empty or overlong text, an embedded NUL) is
 * refused with -EINVAL before the message is touched, so a bad write
 * never leaves half a message behind.
 */
static ssize_t message_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[KIT_MSG_MAX];
	size_t len = count;

	if (*ppos != 0 || count == 0 || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[len] = '\0';
	if (buf[len - 1] == '\n')	/* echo(1) ends its text with one */
		buf[--len] = '\0';
	if (len == 0 || strlen(buf) != len)
		return -EINVAL;

	mutex_lock(&msg_lock);
	memcpy(message, buf, len + 1);
	nr_writes++;
	mutex_unlock(&msg_lock);

	/* The next write() on this file is not at offset 0 any more. */
	*ppos += count;
	return count;
}

/*
 * proc_ops has no .owner: procfs itself waits for running callbacks
 * when the entry is removed, and later calls on open files fail.
 */
static const struct proc_ops message_ops = {
	.proc_open = message_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = message_write,
};

static int __init kit_procfs_init(void)
{
	unsigned int i;

	if (nr_records < 1 || nr_records > KIT_RECORDS_MAX) {
		pr_err("nr_records must be 1 to %u, not %u\n",
		       KIT_RECORDS_MAX, nr_records);
		return -EINVAL;
	}

	records = kcalloc(nr_records, sizeof(*records), GFP_KERNEL);
	if (!records)
		return -ENOMEM;
	for (i = 0; i < nr_records; i++) {
		records[i].id = i;
		records[i].value = i * i;
		snprintf(records[i].name, sizeof(records[i].name),
			 "record-%u", i);
	}

	kit_dir = proc_mkdir("kit_procfs", NULL);
	if (!kit_dir)
		goto err_free;
	if (!proc_create_seq("records", 0444, kit_dir, &records_sops) ||
	    !proc_create_single("summary", 0444, kit_dir, summary_show) ||
	    !proc_create("message", 0644, kit_dir, &message_ops))
		goto err_remove;

	pr_info("loaded with %u records\n", nr_records);
	return 0;

err_remove:
	proc_remove(kit_dir);	/* removes the entries made below it too */
err_free:
	kfree(records);
	return -ENOMEM;
}

static void __exit kit_procfs_exit(void)
{
	/* Waits for callbacks in progress, so records can go after it. */
	proc_remove(kit_dir);
	kfree(records);
	pr_info("unloaded\n");
}

module_init(kit_procfs_init);
module_exit(kit_procfs_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("procfs chapter: seq_file, proc_create_single and a writable entry");
