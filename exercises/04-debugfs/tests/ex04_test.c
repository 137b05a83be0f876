// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 04: /sys/kernel/debug/kit_ex04.  The samples
 * are drawn from the run's seed.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"

#define MODULE		"kit_ex04_debugfs.ko"
#define NAME		"kit_ex04_debugfs"
#define DIR		"/sys/kernel/debug/kit_ex04"
#define INJECT		DIR "/inject"
#define COUNT		DIR "/count"
#define SAMPLES		DIR "/samples"
#define RING		16
#define MAX		1000000

/* T1: the files appear with their modes, and go with the module. */
TEST(files_appear_and_go)
{
	const char *files[] = { INJECT, COUNT, SAMPLES };
	const mode_t modes[] = { 0200, 0444, 0444 };
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		for (int i = 0; i < 3; i++) {
			EXPECT_EQ(modes[i], kit_mode(files[i]))
				TH_LOG("%s", files[i]);
		}
		EXPECT_EQ(0, kit_read_long(_metadata, COUNT));
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(DIR));
	}
}

FIXTURE(loaded) {
	char buf[4096];
};

FIXTURE_SETUP(loaded)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

/* T2: inject takes samples in range and counts them; refuses others. */
TEST_F(loaded, inject_counts_and_validates)
{
	const char *bad[] = { "1000001\n", "cold\n", "-1\n", "\n" };
	unsigned int n = kit_random(3, 30);

	for (unsigned int i = 0; i < n; i++)
		ASSERT_EQ(0, kit_write_long(INJECT, kit_random(0, MAX)));
	ASSERT_EQ(0, kit_write_long(INJECT, MAX));
	EXPECT_EQ(n + 1, kit_read_long(_metadata, COUNT));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing \"%.*s\"", (int)strlen(bad[i]) - 1, bad[i]);
		EXPECT_EQ(-EINVAL, kit_put(INJECT, bad[i]));
	}
	EXPECT_EQ(n + 1, kit_read_long(_metadata, COUNT));
}

/* The samples file must list exactly samples first..n-1 of values[]. */
static void check_samples(struct __test_metadata *_metadata, char *buf,
			  size_t size, const unsigned int *values,
			  unsigned int n)
{
	unsigned int first = n > RING ? n - RING : 0, num, val;
	char *line, *save;

	ASSERT_LE(0, kit_read_file(SAMPLES, buf, size));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), first++) {
		ASSERT_EQ(2, sscanf(line, "%u %u", &num, &val));
		ASSERT_LT(first, n);
		EXPECT_EQ(first, num);
		EXPECT_EQ(values[first], val);
	}
	EXPECT_EQ(n, first);
}

/* T3: samples lists the last RING samples, oldest first. */
TEST_F(loaded, samples_show_the_last_ones)
{
	unsigned int values[64] = { 0 }, n = kit_random(RING + 2, 64), i;

	check_samples(_metadata, self->buf, sizeof(self->buf), values, 0);
	for (i = 0; i < n; i++) {
		values[i] = kit_random(0, MAX);
		ASSERT_EQ(0, kit_write_long(INJECT, values[i]));
		if (i == 2 || i == RING - 1 || i == RING)
			check_samples(_metadata, self->buf, sizeof(self->buf),
				      values, i + 1);
	}
	check_samples(_metadata, self->buf, sizeof(self->buf), values, n);
}

KIT_TEST_MAIN
