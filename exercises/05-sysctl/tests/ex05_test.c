// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 05: /proc/sys/kit_ex05.  Values are drawn from
 * the run's seed.
 */
#include <stdio.h>

#include "kit_test.h"

#define MODULE		"kit_ex05_sysctl.ko"
#define NAME		"kit_ex05_sysctl"
#define DIR		"/proc/sys/kit_ex05"
#define INTERVAL	DIR "/interval_ms"
#define ENABLED		DIR "/enabled"
#define CHANGES		DIR "/changes"

static long read_long(struct __test_metadata *_metadata, const char *path)
{
	char buf[64] = "", *end;
	long val;

	EXPECT_LT(0, kit_read_file(path, buf, sizeof(buf)));
	val = strtol(buf, &end, 10);
	EXPECT_STREQ("\n", end);
	return val;
}

static ssize_t write_text(const char *path, const char *text)
{
	return kit_write_file(path, text, strlen(text));
}

static int write_int(const char *path, int val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d\n", val);
	return write_text(path, buf) == (ssize_t)strlen(buf) ? 0 : -1;
}

/* T1: the entries appear with their modes and values, and go. */
TEST(entries_appear_and_go)
{
	struct stat st;

	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_EQ(0, stat(INTERVAL, &st));
		EXPECT_EQ(0644, st.st_mode & 07777);
		EXPECT_EQ(0, stat(ENABLED, &st));
		EXPECT_EQ(0644, st.st_mode & 07777);
		EXPECT_EQ(0, stat(CHANGES, &st));
		EXPECT_EQ(0444, st.st_mode & 07777);
		EXPECT_EQ(0, read_long(_metadata, CHANGES));
		EXPECT_EQ(1000, read_long(_metadata, INTERVAL));
		EXPECT_EQ(1, read_long(_metadata, ENABLED));
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(DIR));
	}
}

FIXTURE(loaded) {};

FIXTURE_SETUP(loaded)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

/*
 * In the parent: it runs even when an assertion ended the test.  After an
 * oops the module stays: the VM is booted again anyway.
 */
FIXTURE_TEARDOWN_PARENT(loaded)
{
	if (kit_oopsed())
		return;
	EXPECT_EQ(0, kit_unload(NAME));
}

/* T2: values in bounds are taken, the others refused with -EINVAL. */
TEST_F(loaded, bounds_are_enforced)
{
	const char *bad_interval[] = { "9\n", "10001\n", "-5\n", "fast\n" };
	const char *bad_enabled[] = { "2\n", "-1\n", "yes\n" };
	int val = kit_random(10, 10000);

	ASSERT_EQ(0, write_int(INTERVAL, 10));
	EXPECT_EQ(10, read_long(_metadata, INTERVAL));
	ASSERT_EQ(0, write_int(INTERVAL, 10000));
	EXPECT_EQ(10000, read_long(_metadata, INTERVAL));
	ASSERT_EQ(0, write_int(INTERVAL, val));
	EXPECT_EQ(val, read_long(_metadata, INTERVAL));
	for (size_t i = 0; i < 4; i++) {
		TH_LOG("interval_ms: writing %s", bad_interval[i]);
		EXPECT_EQ(-EINVAL, write_text(INTERVAL, bad_interval[i]));
		EXPECT_EQ(val, read_long(_metadata, INTERVAL));
	}
	ASSERT_EQ(0, write_int(ENABLED, 0));
	EXPECT_EQ(0, read_long(_metadata, ENABLED));
	for (size_t i = 0; i < 3; i++) {
		TH_LOG("enabled: writing %s", bad_enabled[i]);
		EXPECT_EQ(-EINVAL, write_text(ENABLED, bad_enabled[i]));
		EXPECT_EQ(0, read_long(_metadata, ENABLED));
	}
	ASSERT_EQ(0, write_int(ENABLED, 1));
	EXPECT_EQ(1, read_long(_metadata, ENABLED));
}

/* T3: changes counts the writes to interval_ms that were taken. */
TEST_F(loaded, changes_count_the_writes_taken)
{
	int n = kit_random(2, 20), taken = 0;

	for (int i = 0; i < n; i++) {
		if (kit_random(0, 2)) {
			ASSERT_EQ(0, write_int(INTERVAL, kit_random(10, 10000)));
			taken++;
		} else {
			EXPECT_EQ(-EINVAL, write_text(INTERVAL, "1\n"));
		}
		read_long(_metadata, INTERVAL);
		EXPECT_EQ(taken, read_long(_metadata, CHANGES));
	}
	ASSERT_EQ(0, write_int(ENABLED, 0));
	EXPECT_EQ(taken, read_long(_metadata, CHANGES));
	EXPECT_EQ(-EACCES, write_text(CHANGES, "0\n"));
}

KIT_TEST_MAIN
