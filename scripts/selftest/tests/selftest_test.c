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
