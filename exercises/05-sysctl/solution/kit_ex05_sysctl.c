// SPDX-License-Identifier: GPL-2.0
/*
 * Exercise 05: tunables of a sampling driver, in sysctl.
 *
 * /proc/sys/kit_ex05/ holds three integers:
 *   interval_ms  (0644) how often to sample, 10 to 10000, first 1000
 *   enabled      (0644) 0 or 1, first 1
 *   changes      (0444) how many writes to interval_ms succeeded
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sysctl.h>
#include <linux/version.h>

static int interval_ms = 1000;
static int enabled = 1;
static int changes;
static int interval_min = 10;
static int interval_max = 10000;

static DEFINE_MUTEX(lock);	/* one write to interval_ms at a time */
static struct ctl_table_header *kit_header;

/* A handler gets its table entry const since 6.11. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define KIT_HANDLER_CONST const
#else
#define KIT_HANDLER_CONST
#endif
static int interval_handler(KIT_HANDLER_CONST struct ctl_table *table,
			    int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	/*
	 * TODO(T3, cut 20): let proc_dointvec_minmax() do the work; count
	 * the writes that it takes, under lock.  It returns 0 also for a
	 * write that it ignores (an empty one, or one at a non-zero file
	 * offset under the default kernel.sysctl_writes_strict, which it
	 * even reports as fully written): let it parse into a variable of
	 * your own that no write can set, through a copy of the table,
	 * and see whether the variable changed.
	 * stub: return proc_dointvec_minmax(table, write, buffer, lenp, ppos);
	 */
	int val = -1;	/* out of range: only a write taken changes it */
	int ret;

	KIT_HANDLER_CONST struct ctl_table tmp = {
		.data = &val,
		.maxlen = sizeof(val),
		.extra1 = table->extra1,
		.extra2 = table->extra2,
	};

	if (!write)
		return proc_dointvec_minmax(table, write, buffer, lenp, ppos);
	mutex_lock(&lock);
	ret = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (!ret && val != -1) {
		interval_ms = val;
		changes++;
	}
	mutex_unlock(&lock);
	return ret;
}

/* register_sysctl() takes a const table since 6.13: read-only memory. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define KIT_TABLE_CONST const
#else
#define KIT_TABLE_CONST
#endif
static KIT_TABLE_CONST struct ctl_table kit_table[] = {
	{
		.procname = "interval_ms",
		.data = &interval_ms,
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = interval_handler,
		/* TODO(T2, cut 2): the bounds, for proc_dointvec_minmax(). */
		.extra1 = &interval_min,
		.extra2 = &interval_max,
	},
	{
		.procname = "enabled",
		.data = &enabled,
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = proc_dointvec_minmax,
		/* TODO(T2, cut 2): the bounds: 0 and 1. */
		.extra1 = SYSCTL_ZERO,
		.extra2 = SYSCTL_ONE,
	},
	{
		.procname = "changes",
		.data = &changes,
		.maxlen = sizeof(int),
		.mode = 0444,
		.proc_handler = proc_dointvec,
	},
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
	{ }	/* before 6.6 the table ends with an empty entry */
#endif
};

static int __init kit_ex05_init(void)
{
	/*
	 * TODO(T1, cut 4): register kit_table as the directory kit_ex05
	 * (register_sysctl()); its failure gives -ENOMEM.
	 * stub: return 0;
	 */
	kit_header = register_sysctl("kit_ex05", kit_table);
	if (!kit_header)
		return -ENOMEM;
	return 0;
}

static void __exit kit_ex05_exit(void)
{
	/* TODO(T1, cut 1): unregister the table. */
	unregister_sysctl_table(kit_header);
}

module_init(kit_ex05_init);
module_exit(kit_ex05_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Exercise 05: a sysctl table with bounds and a handler");
