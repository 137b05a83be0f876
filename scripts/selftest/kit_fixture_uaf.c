// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: loading it reads memory it has
 * just freed.  Only KASAN (the debug kernel) catches a read: the stock
 * kernel's poisoning catches writes.
 */
#include <linux/module.h>
#include <linux/slab.h>

static int __init kit_fixture_uaf_init(void)
{
	char *buf = kzalloc(64, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	kfree(buf);
	/* READ_ONCE: the compiler must not drop the read. */
	pr_info("kit_fixture_uaf: read %d after free\n", READ_ONCE(buf[8]));
	return 0;
}

static void __exit kit_fixture_uaf_exit(void)
{
}

module_init(kit_fixture_uaf_init);
module_exit(kit_fixture_uaf_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module that uses memory after freeing it");
