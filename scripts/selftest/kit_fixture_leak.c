// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: it allocates memory when loaded
 * and never frees it.  Once it is unloaded nothing points to that memory
 * any more, which only kmemleak (the debug kernel) sees.
 */
#include <linux/module.h>
#include <linux/slab.h>

static void *kit_fixture_leak_buf;

static int __init kit_fixture_leak_init(void)
{
	kit_fixture_leak_buf = kmalloc(100, GFP_KERNEL);
	return kit_fixture_leak_buf ? 0 : -ENOMEM;
}

static void __exit kit_fixture_leak_exit(void)
{
	/* The kfree() that belongs here is missing on purpose. */
}

module_init(kit_fixture_leak_init);
module_exit(kit_fixture_leak_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module that leaks memory");
