// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the fail-nth sweep's self-test: its init makes a /proc
 * entry, then allocates, and when that allocation fails it returns the
 * error without removing the entry.  A clean load and unload are fine;
 * only a load with that allocation failed (fail-nth, the debug kernel)
 * leaves the entry behind, which the sweep must report.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

static struct proc_dir_entry *kit_fixture_unwind_entry;
static char *kit_fixture_unwind_buf;

static int kit_fixture_unwind_show(struct seq_file *m, void *v)
{
	seq_puts(m, "unwind\n");
	return 0;
}

static int __init kit_fixture_unwind_init(void)
{
	kit_fixture_unwind_entry = proc_create_single("kit_fixture_unwind", 0444, NULL,
						      kit_fixture_unwind_show);
	if (!kit_fixture_unwind_entry)
		return -ENOMEM;
	kit_fixture_unwind_buf = kzalloc(64, GFP_KERNEL);
	if (!kit_fixture_unwind_buf)
		return -ENOMEM;	/* the bug: proc_remove() is missing */
	return 0;
}

static void __exit kit_fixture_unwind_exit(void)
{
	proc_remove(kit_fixture_unwind_entry);
	kfree(kit_fixture_unwind_buf);
}

module_init(kit_fixture_unwind_init);
module_exit(kit_fixture_unwind_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: an init that does not unwind when it fails");
