// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: loading it takes two mutexes in
 * one order, then in the other.  It never deadlocks (one thread), but
 * two threads doing so could: lockdep (the debug kernel) reports the
 * possible circular dependency the first time it sees both orders.
 */
#include <linux/module.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(kit_fixture_a);
static DEFINE_MUTEX(kit_fixture_b);

static int __init kit_fixture_lockorder_init(void)
{
	mutex_lock(&kit_fixture_a);
	mutex_lock(&kit_fixture_b);
	mutex_unlock(&kit_fixture_b);
	mutex_unlock(&kit_fixture_a);

	mutex_lock(&kit_fixture_b);
	mutex_lock(&kit_fixture_a);
	mutex_unlock(&kit_fixture_a);
	mutex_unlock(&kit_fixture_b);
	return 0;
}

static void __exit kit_fixture_lockorder_exit(void)
{
}

module_init(kit_fixture_lockorder_init);
module_exit(kit_fixture_lockorder_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module that takes two locks in both orders");
