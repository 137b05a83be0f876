// SPDX-License-Identifier: GPL-2.0
/*
 * A fixture for the harness's self-test: its init waits for an event that
 * never comes, in an uninterruptible sleep that not even SIGKILL ends,
 * like a driver waiting for hardware that is not there.
 */
#include <linux/module.h>
#include <linux/wait.h>

static DECLARE_WAIT_QUEUE_HEAD(kit_never);

static int __init kit_fixture_hang_init(void)
{
	wait_event(kit_never, false);
	return 0;
}

static void __exit kit_fixture_hang_exit(void)
{
}

module_init(kit_fixture_hang_init);
module_exit(kit_fixture_hang_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Kernel-User Interfaces Kit authors");
MODULE_DESCRIPTION("Harness self-test: a module whose init never returns");
