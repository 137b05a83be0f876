// SPDX-License-Identifier: GPL-2.0
/*
 * kit_sysctl - the howto's two tunables, in /proc/sys/dev/kit_sysctl/.
 *
 *   value1, value2   integers from 10 to 20; everyone may read them and
 *                    root may write them (0644); sysctl(8) calls them
 *                    dev.kit_sysctl.value1 and dev.kit_sysctl.value2
 *
 * The module holds no code for reading or writing: the kernel's
 * proc_dointvec_minmax() prints the int, parses what is written, and
 * refuses a value outside [*extra1, *extra2] with -EINVAL before it
 * stores anything.  A write is checked against the entry's mode on every
 * write(2), not only at open(2), so a root-opened descriptor handed to
 * another user does not let that user write.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sysctl.h>
#include <linux/version.h>

#include "kit_sysctl.h"

/* An int store is atomic: readers see the old or the new value. */
static int value1 = 12;
static int value2 = 18;

/* extra1 and extra2 point at the bounds, so these outlive the table. */
static int value_min = KIT_SYSCTL_MIN;
static int value_max = KIT_SYSCTL_MAX;

/*
 * From 6.13 register_sysctl() takes a const table, which then lives in
 * read-only memory where no stray write can change a handler or a bound;
 * before, it takes a table it may write to.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define KIT_TABLE_CONST const
#else
#define KIT_TABLE_CONST
#endif
static KIT_TABLE_CONST struct ctl_table kit_table[] = {
	{
		.procname	= "value1",
		.data		= &value1,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &value_min,
		.extra2		= &value_max,
	},
	{
		.procname	= "value2",
		.data		= &value2,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &value_min,
		.extra2		= &value_max,
	},
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
	/*
	 * Before 6.6 register_sysctl() finds the end of the table at an
	 * empty entry.  From 6.6 it is a macro that passes ARRAY_SIZE() of
	 * the table instead, and from 6.11 an entry without a name makes
	 * the registration fail: the sentinel must go.
	 */
	{ }
#endif
};

static struct ctl_table_header *kit_header;

static int __init kit_sysctl_init(void)
{
	/*
	 * The path may name several levels: dev/ exists already,
	 * kit_sysctl/ is made here and removed with the last entry in it.
	 */
	kit_header = register_sysctl(KIT_SYSCTL_PATH, kit_table);
	if (!kit_header)
		return -ENOMEM;

	pr_info("loaded: /proc/sys/" KIT_SYSCTL_PATH "/\n");
	return 0;
}

static void __exit kit_sysctl_exit(void)
{
	/* Waits for reads and writes in progress; later ones fail. */
	unregister_sysctl_table(kit_header);
	pr_info("unloaded\n");
}

module_init(kit_sysctl_init);
module_exit(kit_sysctl_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("sysctl chapter: two bounded integers in /proc/sys with proc_dointvec_minmax");
