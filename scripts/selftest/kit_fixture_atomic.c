// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: loading it calls a function
 * that may sleep while it holds a spinlock.  might_sleep() does not
 * sleep, so nothing hangs; DEBUG_ATOMIC_SLEEP (the debug kernel) reports
 * the call, as it would report a real mutex_lock() or GFP_KERNEL there.
 */
#include <linux/module.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(kit_fixture_lock);

static int __init kit_fixture_atomic_init(void)
{
	spin_lock(&kit_fixture_lock);
	might_sleep();
	spin_unlock(&kit_fixture_lock);
	return 0;
}

static void __exit kit_fixture_atomic_exit(void)
{
}

module_init(kit_fixture_atomic_init);
module_exit(kit_fixture_atomic_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module that may sleep under a spinlock");
