// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 04: a debugging window into a driver, in debugfs.
 *
 * /sys/kernel/debug/kit_ex04/ shows the last samples a driver took:
 *   inject   (0200) write a sample, 0 to 1000000: the driver takes it
 *   count    (0444) how many samples were taken since the load
 *   samples  (0444) the last KIT_EX04_RING samples, oldest first, one a
 *            line: "<number> <value>", where sample 0 is the first taken
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>

#define KIT_EX04_RING	16
#define KIT_EX04_MAX	1000000

/* Sample n is in ring[n % KIT_EX04_RING]; both change under lock. */
static DEFINE_MUTEX(lock);
static u64 ring[KIT_EX04_RING];
static u32 count;
static struct dentry *kit_dir;

static int inject_set(void *data, u64 val)
{
	/*
	 * TODO(T2, cut 7): refuse a value above KIT_EX04_MAX with -EINVAL;
	 * put the sample in the ring and count it, under lock.
	 * stub: return -ENOSYS;
	 */
	if (val > KIT_EX04_MAX)
		return -EINVAL;
	mutex_lock(&lock);
	ring[count % KIT_EX04_RING] = val;
	count++;
	mutex_unlock(&lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(inject_fops, NULL, inject_set, "%llu\n");

static int samples_show(struct seq_file *m, void *v)
{
	/*
	 * TODO(T3, cut 8): print the samples still in the ring, oldest
	 * first, as "<number> <value>\n".
	 * stub: return -ENOSYS;
	 */
	u32 n;

	mutex_lock(&lock);
	n = count > KIT_EX04_RING ? count - KIT_EX04_RING : 0;
	for (; n < count; n++)
		seq_printf(m, "%u %llu\n", n, ring[n % KIT_EX04_RING]);
	mutex_unlock(&lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(samples);

static int __init kit_ex04_init(void)
{
	/*
	 * TODO(T1, cut 5): make the directory kit_ex04 with inject (0200,
	 * inject_fops: debugfs_create_file_unsafe() suits it), count (0444,
	 * a u32) and samples (0444, samples_fops).  debugfs calls need no
	 * error check: a driver works on without its debugfs files.
	 * stub: return 0;
	 */
	kit_dir = debugfs_create_dir("kit_ex04", NULL);
	debugfs_create_file_unsafe("inject", 0200, kit_dir, NULL, &inject_fops);
	debugfs_create_u32("count", 0444, kit_dir, &count);
	debugfs_create_file("samples", 0444, kit_dir, NULL, &samples_fops);
	return 0;
}

static void __exit kit_ex04_exit(void)
{
	/* TODO(T1, cut 1): remove the directory and everything in it. */
	debugfs_remove(kit_dir);
}

module_init(kit_ex04_init);
module_exit(kit_ex04_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 04: a debugfs directory with a ring of samples");
