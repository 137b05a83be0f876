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
 * test is skipped there.  A tool is known by a file it makes or by a
 * function of it in /proc/kallsyms.
 */
FIXTURE(sanitizer) {};
FIXTURE_VARIANT(sanitizer) {
	const char *name;	/* kit_fixture_<name>.ko */
	const char *file;
	const char *symbol;
	const char *tool;
};
FIXTURE_VARIANT_ADD(sanitizer, leak) {
	.name = "leak", .file = "/sys/kernel/debug/kmemleak", .tool = "kmemleak",
};
FIXTURE_VARIANT_ADD(sanitizer, use_after_free) {
	.name = "uaf", .symbol = "kasan_report", .tool = "KASAN",
};
FIXTURE_VARIANT_ADD(sanitizer, lock_order) {
	.name = "lockorder", .file = "/proc/lockdep", .tool = "lockdep",
};
FIXTURE_VARIANT_ADD(sanitizer, active_timer_free) {
	.name = "timer", .file = "/sys/kernel/debug/debug_objects",
	.tool = "DEBUG_OBJECTS",
};
FIXTURE_VARIANT_ADD(sanitizer, sleep_in_atomic) {
	.name = "atomic", .symbol = "__might_resched", .tool = "DEBUG_ATOMIC_SLEEP",
};
FIXTURE_SETUP(sanitizer) {}
FIXTURE_TEARDOWN(sanitizer) {}

TEST_F(sanitizer, is_reported)
{
	char path[128], mod[64];

	if (variant->file ? !kit_exists(variant->file) : !kit_kernel_has(variant->symbol))
		SKIP(return, "the kernel has no %s", variant->tool);
	snprintf(path, sizeof(path), FIXTURE_KO("%s"), variant->name);
	snprintf(mod, sizeof(mod), "kit_fixture_%s", variant->name);
	ASSERT_EQ(0, kit_load(path, ""));
	EXPECT_EQ(0, kit_unload(mod));
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
