// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 05: /proc/sys/kit_ex05.  Values are drawn from
 * the run's seed.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"

#define MODULE		"kit_ex05_sysctl.ko"
#define NAME		"kit_ex05_sysctl"
#define DIR		"/proc/sys/kit_ex05"
#define INTERVAL	DIR "/interval_ms"
#define ENABLED		DIR "/enabled"
#define CHANGES		DIR "/changes"

/* T1: the entries appear with their modes and values, and go. */
TEST(entries_appear_and_go)
{
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_EQ(0644, kit_mode(INTERVAL));
		EXPECT_EQ(0644, kit_mode(ENABLED));
		EXPECT_EQ(0444, kit_mode(CHANGES));
		EXPECT_EQ(0, kit_read_long(_metadata, CHANGES));
		EXPECT_EQ(1000, kit_read_long(_metadata, INTERVAL));
		EXPECT_EQ(1, kit_read_long(_metadata, ENABLED));
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(DIR));
	}
}

FIXTURE(loaded) {};

FIXTURE_SETUP(loaded)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

/* T2: values in bounds are taken, the others refused with -EINVAL. */
TEST_F(loaded, bounds_are_enforced)
{
	const char *bad_interval[] = { "9\n", "10001\n", "-5\n", "fast\n" };
	const char *bad_enabled[] = { "2\n", "-1\n", "yes\n" };
	int val = kit_random(10, 10000);

	ASSERT_EQ(0, kit_write_long(INTERVAL, 10));
	EXPECT_EQ(10, kit_read_long(_metadata, INTERVAL));
	ASSERT_EQ(0, kit_write_long(INTERVAL, 10000));
	EXPECT_EQ(10000, kit_read_long(_metadata, INTERVAL));
	ASSERT_EQ(0, kit_write_long(INTERVAL, val));
	EXPECT_EQ(val, kit_read_long(_metadata, INTERVAL));
	for (size_t i = 0; i < 4; i++) {
		TH_LOG("interval_ms: writing %s", bad_interval[i]);
		EXPECT_EQ(-EINVAL, kit_put(INTERVAL, bad_interval[i]));
		EXPECT_EQ(val, kit_read_long(_metadata, INTERVAL));
	}
	ASSERT_EQ(0, kit_write_long(ENABLED, 0));
	EXPECT_EQ(0, kit_read_long(_metadata, ENABLED));
	for (size_t i = 0; i < 3; i++) {
		TH_LOG("enabled: writing %s", bad_enabled[i]);
		EXPECT_EQ(-EINVAL, kit_put(ENABLED, bad_enabled[i]));
		EXPECT_EQ(0, kit_read_long(_metadata, ENABLED));
	}
	ASSERT_EQ(0, kit_write_long(ENABLED, 1));
	EXPECT_EQ(1, kit_read_long(_metadata, ENABLED));
}

/* T3: changes counts the writes to interval_ms that were taken. */
TEST_F(loaded, changes_count_the_writes_taken)
{
	int n = kit_random(2, 20), taken = 0, fd, len;
	char text[16];
	long before;

	for (int i = 0; i < n; i++) {
		if (kit_random(0, 2)) {
			ASSERT_EQ(0, kit_write_long(INTERVAL,
						    kit_random(10, 10000)));
			taken++;
		} else {
			EXPECT_EQ(-EINVAL, kit_put(INTERVAL, "1\n"));
		}
		kit_read_long(_metadata, INTERVAL);
		EXPECT_EQ(taken, kit_read_long(_metadata, CHANGES));
	}
	ASSERT_EQ(0, kit_write_long(ENABLED, 0));
	EXPECT_EQ(taken, kit_read_long(_metadata, CHANGES));

	/*
	 * Writes that proc_dointvec_minmax() ignores, though it returns 0:
	 * an empty one, and one at a non-zero offset (a pwrite(), a second
	 * write() on the same descriptor), which kernel.sysctl_writes_strict
	 * (1 by default) ignores and reports as fully written.
	 */
	before = kit_read_long(_metadata, INTERVAL);
	fd = open(INTERVAL, O_WRONLY);
	ASSERT_LE(0, fd);
	len = snprintf(text, sizeof(text), "%u\n", kit_random(10, 10000));
	EXPECT_EQ(0, write(fd, text, 0));
	EXPECT_EQ(6, pwrite(fd, "10000\n", 6, 1));
	EXPECT_EQ(before, kit_read_long(_metadata, INTERVAL));
	EXPECT_EQ(taken, kit_read_long(_metadata, CHANGES));
	EXPECT_EQ(len, write(fd, text, len));
	taken++;
	EXPECT_EQ(6, write(fd, "10000\n", 6));
	close(fd);
	EXPECT_EQ(strtol(text, NULL, 10), kit_read_long(_metadata, INTERVAL));
	EXPECT_EQ(taken, kit_read_long(_metadata, CHANGES));
	EXPECT_EQ(-EACCES, kit_put(CHANGES, "0\n"));
}

KIT_TEST_MAIN
