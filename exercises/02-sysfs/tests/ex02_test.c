// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 02: /sys/kernel/kit_ex02/ through read(2) and
 * write(2).  Thresholds and readings are drawn from the run's seed.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"

#define MODULE		"kit_ex02_sysfs.ko"
#define NAME		"kit_ex02_sysfs"
#define DIR		"/sys/kernel/kit_ex02"
#define THRESHOLD	DIR "/threshold"
#define READING		DIR "/reading"
#define ALARMS		DIR "/alarms"
#define MIN		-50000
#define MAX		150000

static int load_with(int threshold)
{
	char params[64];

	snprintf(params, sizeof(params), "threshold=%d", threshold);
	return kit_load(MODULE, params);
}

/* T1: the attributes appear with their modes, and go with the module. */
TEST(attributes_appear_and_go)
{
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_EQ(0644, kit_mode(THRESHOLD));
		EXPECT_EQ(0200, kit_mode(READING));
		EXPECT_EQ(0444, kit_mode(ALARMS));
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

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

/* T2: threshold shows the value the parameter set. */
TEST_F(loaded, threshold_shows_the_parameter)
{
	EXPECT_EQ(self->threshold, kit_read_long(_metadata, THRESHOLD));
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

	ASSERT_EQ(0, kit_write_long(THRESHOLD, val));
	EXPECT_EQ(val, kit_read_long(_metadata, THRESHOLD));
	ASSERT_EQ(6, kit_write_file(THRESHOLD, "150000", 6));
	EXPECT_EQ(MAX, kit_read_long(_metadata, THRESHOLD));
	ASSERT_EQ(0, kit_write_long(THRESHOLD, MIN));
	EXPECT_EQ(MIN, kit_read_long(_metadata, THRESHOLD));
	ASSERT_EQ(0, kit_write_long(THRESHOLD, val));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing \"%.*s\"", (int)strlen(bad[i].text) - 1,
		       bad[i].text);
		EXPECT_EQ(bad[i].err, kit_put(THRESHOLD, bad[i].text));
		EXPECT_EQ(val, kit_read_long(_metadata, THRESHOLD));
	}
	/* kstrtoint() would stop at the NUL and take 12. */
	EXPECT_EQ(-EINVAL, kit_write_file(THRESHOLD, "12\0junk\n", 8));
	EXPECT_EQ(val, kit_read_long(_metadata, THRESHOLD));
}

/* T4: alarms counts the readings above the threshold, and only those. */
TEST_F(loaded, alarms_count_readings_above_threshold)
{
	int t = self->threshold;
	int readings[] = { t + 1, t, t - 1, t + kit_random(1, 1000),
			   t - kit_random(1, 1000), t + 1 };
	unsigned int expect = 0;

	EXPECT_EQ(0, kit_read_long(_metadata, ALARMS));
	for (size_t i = 0; i < sizeof(readings) / sizeof(readings[0]); i++) {
		ASSERT_EQ(0, kit_write_long(READING, readings[i]));
		expect += readings[i] > t;
		EXPECT_EQ(expect, kit_read_long(_metadata, ALARMS));
	}
	EXPECT_EQ(-EINVAL, kit_write_file(READING, "warm\n", 5));
	EXPECT_EQ(-EINVAL, kit_write_file(READING, "0\0junk\n", 7));
	EXPECT_EQ(expect, kit_read_long(_metadata, ALARMS));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, READING, O_WRONLY));
}

KIT_TEST_MAIN
