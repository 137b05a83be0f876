// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 02: /sys/kernel/kit_ex02/ through read(2) and
 * write(2).  Thresholds and readings are drawn from the run's seed.
 */
#include <stdio.h>

#include "kit_test.h"

#define MODULE		"kit_ex02_sysfs.ko"
#define NAME		"kit_ex02_sysfs"
#define DIR		"/sys/kernel/kit_ex02"
#define THRESHOLD	DIR "/threshold"
#define READING		DIR "/reading"
#define ALARMS		DIR "/alarms"
#define MIN		-50000
#define MAX		150000

/* An int from a file that holds one and a newline. */
static int read_int(struct __test_metadata *_metadata, const char *path)
{
	char buf[64] = "", *end;
	long val;

	EXPECT_LT(0, kit_read_file(path, buf, sizeof(buf)));
	val = strtol(buf, &end, 10);
	EXPECT_STREQ("\n", end);
	return val;
}

static ssize_t write_int(const char *path, int val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d\n", val);
	return kit_write_file(path, buf, strlen(buf)) == (ssize_t)strlen(buf) ?
	       0 : -1;
}

static int load_with(int threshold)
{
	char params[64];

	snprintf(params, sizeof(params), "threshold=%d", threshold);
	return kit_load(MODULE, params);
}

/* T1: the attributes appear with their modes, and go with the module. */
TEST(attributes_appear_and_go)
{
	struct stat st;

	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_EQ(0, stat(THRESHOLD, &st));
		EXPECT_EQ(0644, st.st_mode & 07777);
		EXPECT_EQ(0, stat(READING, &st));
		EXPECT_EQ(0200, st.st_mode & 07777);
		EXPECT_EQ(0, stat(ALARMS, &st));
		EXPECT_EQ(0444, st.st_mode & 07777);
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(DIR));
	}
	for (int round = 0; round < 2; round++) {
		int ret = load_with(round ? MIN - 1 : MAX + 1);

		EXPECT_EQ(-EINVAL, ret);
		if (!ret)
			kit_unload(NAME);
	}
	EXPECT_FALSE(kit_exists(DIR));
}

FIXTURE(loaded) {
	int threshold;
};

FIXTURE_SETUP(loaded)
{
	self->threshold = kit_random(0, MAX - MIN) + MIN;
	TH_LOG("loading with threshold=%d", self->threshold);
	ASSERT_EQ(0, load_with(self->threshold));
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

/* T2: threshold shows the value the parameter set. */
TEST_F(loaded, threshold_shows_the_parameter)
{
	EXPECT_EQ(self->threshold, read_int(_metadata, THRESHOLD));
}

/* T3: threshold takes an int in range, and refuses anything else. */
TEST_F(loaded, threshold_store_validates)
{
	int val = kit_random(0, MAX - MIN) + MIN;
	struct { const char *text; int err; } bad[] = {
		{ "\n", -EINVAL }, { "abc\n", -EINVAL }, { "12x\n", -EINVAL },
		{ "1 2\n", -EINVAL }, { "150001\n", -EINVAL },
		{ "-50001\n", -EINVAL }, { "99999999999\n", -ERANGE },
	};

	ASSERT_EQ(0, write_int(THRESHOLD, val));
	EXPECT_EQ(val, read_int(_metadata, THRESHOLD));
	ASSERT_EQ(6, kit_write_file(THRESHOLD, "150000", 6));
	EXPECT_EQ(MAX, read_int(_metadata, THRESHOLD));
	ASSERT_EQ(0, write_int(THRESHOLD, MIN));
	EXPECT_EQ(MIN, read_int(_metadata, THRESHOLD));
	ASSERT_EQ(0, write_int(THRESHOLD, val));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing \"%.*s\"", (int)strlen(bad[i].text) - 1,
		       bad[i].text);
		EXPECT_EQ(bad[i].err, kit_write_file(THRESHOLD, bad[i].text,
						     strlen(bad[i].text)));
		EXPECT_EQ(val, read_int(_metadata, THRESHOLD));
	}
}

/* T4: alarms counts the readings above the threshold, and only those. */
TEST_F(loaded, alarms_count_readings_above_threshold)
{
	int t = self->threshold;
	int readings[] = { t + 1, t, t - 1, t + kit_random(1, 1000),
			   t - kit_random(1, 1000), t + 1 };
	unsigned int expect = 0;

	EXPECT_EQ(0, read_int(_metadata, ALARMS));
	for (size_t i = 0; i < sizeof(readings) / sizeof(readings[0]); i++) {
		ASSERT_EQ(0, write_int(READING, readings[i]));
		expect += readings[i] > t;
		EXPECT_EQ(expect, read_int(_metadata, ALARMS));
	}
	EXPECT_EQ(-EINVAL, kit_write_file(READING, "warm\n", 5));
	EXPECT_EQ(expect, read_int(_metadata, ALARMS));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, READING, O_WRONLY));
}

KIT_TEST_MAIN
