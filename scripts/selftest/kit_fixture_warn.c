// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: loading it prints a kernel
 * WARNING and nothing else goes wrong.  The test that loads it passes on
 * its own, so only the harness's kernel-log check can fail it.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init kit_fixture_warn_init(void)
{
	WARN(1, "kit_fixture_warn: a warning on purpose\n");
	return 0;
}

static void __exit kit_fixture_warn_exit(void)
{
}

module_init(kit_fixture_warn_init);
module_exit(kit_fixture_warn_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module that warns when loaded");
