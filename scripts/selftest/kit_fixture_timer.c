// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: it frees an object whose timer
 * is still pending.  DEBUG_OBJECTS (the debug kernel) reports the free
 * of an active object and deactivates the timer; elsewhere the timer
 * would fire in freed memory, so the test runs only where it is caught.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timer.h>

struct kit_fixture_obj {
	struct timer_list timer;
};

static void kit_fixture_timer_fn(struct timer_list *t)
{
}

static int __init kit_fixture_timer_init(void)
{
	struct kit_fixture_obj *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return -ENOMEM;
	timer_setup(&obj->timer, kit_fixture_timer_fn, 0);
	mod_timer(&obj->timer, jiffies + 60 * HZ);
	kfree(obj);	/* del_timer_sync() is missing on purpose. */
	return 0;
}

static void __exit kit_fixture_timer_exit(void)
{
}

module_init(kit_fixture_timer_init);
module_exit(kit_fixture_timer_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module that frees a pending timer");
