// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: loading it dereferences a NULL
 * pointer, an oops that kills the loading process.
 */
#include <linux/compiler.h>
#include <linux/module.h>

struct kit_thing {
	int value;
};

static struct kit_thing *kit_fixture_thing;

static int __init kit_fixture_oops_init(void)
{
	/* A volatile load: the compiler cannot see that the pointer is NULL. */
	return READ_ONCE(kit_fixture_thing)->value;
}

static void __exit kit_fixture_oops_exit(void)
{
}

module_init(kit_fixture_oops_init);
module_exit(kit_fixture_oops_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module that oopses when loaded");
