// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's self-test.  Each fixture test loads a module that
 * misbehaves and, seen from user space, would pass: the harness must
 * report each one as failed, with the kernel log that shows why
 * (expectations in ../expect).  The control tests must pass, around
 * them, to show that the other results of a run still report.
 */
#include "kit_test.h"

#define FIXTURE_KO(name) KIT_DIR "selftest/kit_fixture_" name ".ko"

TEST(control_before)
{
	EXPECT_EQ(-ENOENT, kit_load(KIT_DIR "selftest/no_such.ko", ""));
}

TEST(warning_is_reported)
{
	EXPECT_EQ(0, kit_load(FIXTURE_KO("warn"), ""));
	EXPECT_EQ(0, kit_unload("kit_fixture_warn"));
}

TEST(oops_is_reported)
{
	/* The oops kills this process inside finit_module(). */
	kit_load(FIXTURE_KO("oops"), "");
}

/* A short limit: the harness's timeout must end the test. */
FIXTURE(hang) {};
FIXTURE_SETUP(hang) {}
FIXTURE_TEARDOWN(hang) {}

TEST_F_TIMEOUT(hang, in_init_is_reported, 5)
{
	kit_load(FIXTURE_KO("hang"), "");
}

/*
 * The sanitizers' reports (the debug kernel, KERNEL=debug): each fixture
 * has a bug that passes unseen on a kernel without the tool, so the
 * test is skipped there.
 */
#define NEEDS(cond, tool) \
	do { if (!(cond)) SKIP(return, "the kernel has no " tool); } while (0)

static void load_and_unload(struct __test_metadata *_metadata, const char *name)
{
	char path[128], mod[64];

	snprintf(path, sizeof(path), FIXTURE_KO("%s"), name);
	snprintf(mod, sizeof(mod), "kit_fixture_%s", name);
	ASSERT_EQ(0, kit_load(path, ""));
	EXPECT_EQ(0, kit_unload(mod));
}

TEST(leak_is_reported)
{
	NEEDS(kit_exists("/sys/kernel/debug/kmemleak"), "kmemleak");
	load_and_unload(_metadata, "leak");
}

TEST(use_after_free_is_reported)
{
	NEEDS(kit_kernel_has("kasan_report"), "KASAN");
	load_and_unload(_metadata, "uaf");
}

TEST(lock_order_is_reported)
{
	NEEDS(kit_exists("/proc/lockdep"), "lockdep");
	load_and_unload(_metadata, "lockorder");
}

TEST(active_timer_free_is_reported)
{
	NEEDS(kit_exists("/sys/kernel/debug/debug_objects"), "DEBUG_OBJECTS");
	load_and_unload(_metadata, "timer");
}

TEST(sleep_in_atomic_is_reported)
{
	NEEDS(kit_kernel_has("__might_resched"), "DEBUG_ATOMIC_SLEEP");
	load_and_unload(_metadata, "atomic");
}

/* A panic ends the VM: the host must report it from the console. */
TEST(panic_is_reported)
{
	kit_write_file("/proc/sysrq-trigger", "c", 1);
}

TEST(control_after)
{
	EXPECT_EQ(-ENOENT, kit_unload("kit_fixture_none"));
}

KIT_TEST_MAIN
