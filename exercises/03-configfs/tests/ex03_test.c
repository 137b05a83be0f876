// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 03: sensors made with mkdir(2) in
 * /sys/kernel/config/kit_ex03.  Names and values come from the run's
 * seed.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"

#define MODULE		"kit_ex03_configfs.ko"
#define NAME		"kit_ex03_configfs"
#define TOP		"/sys/kernel/config/kit_ex03"
#define ITEMS		TOP "/items"

static int make(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), TOP "/%s", name);
	return mkdir(path, 0755) ? -errno : 0;
}

static int drop(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), TOP "/%s", name);
	return rmdir(path) ? -errno : 0;
}

static const char *threshold_of(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), TOP "/%s/threshold", name);
	return path;
}

/* T1: the subsystem appears with the module and goes with it. */
TEST(subsystem_appears_and_goes)
{
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_TRUE(kit_exists(TOP));
		EXPECT_EQ(0, kit_read_long(_metadata, ITEMS));
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(TOP));
	}
}

FIXTURE(loaded) {
	char names[8][32];
	int n;
};

FIXTURE_SETUP(loaded)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
	self->n = kit_random(2, 8);
	for (int i = 0; i < self->n; i++)
		snprintf(self->names[i], sizeof(self->names[i]), "sensor%u-%d",
			 kit_random(0, 99999), i);
}

/* The sensors a test left would keep the module: they go first. */
FIXTURE_TEARDOWN_PARENT(loaded)
{
	if (!kit_oopsed())
		kit_rmdir_children(TOP);
	ex_unload(_metadata, NAME);
}

/* T2: mkdir makes sensors, rmdir removes them, items counts them. */
TEST_F(loaded, mkdir_and_rmdir_sensors)
{
	for (int i = 0; i < self->n; i++) {
		TH_LOG("mkdir %s", self->names[i]);
		ASSERT_EQ(0, make(self->names[i]));
		EXPECT_EQ(i + 1, kit_read_long(_metadata, ITEMS));
		EXPECT_TRUE(kit_exists(threshold_of(self->names[i])));
	}
	EXPECT_EQ(-EEXIST, make(self->names[0]));
	EXPECT_EQ(-EINVAL, make("probe1"));
	EXPECT_EQ(-EINVAL, make("senso"));
	EXPECT_EQ(self->n, kit_read_long(_metadata, ITEMS));
	/* A sensor holds the module: the unload would have to wait. */
	EXPECT_EQ(-EWOULDBLOCK, kit_unload(NAME));
	for (int i = self->n - 1; i >= 0; i--) {
		ASSERT_EQ(0, drop(self->names[i]));
		EXPECT_EQ(i, kit_read_long(_metadata, ITEMS));
		EXPECT_FALSE(kit_exists(threshold_of(self->names[i])));
	}
}

/* T3: each sensor has its own threshold, checked on every write. */
TEST_F(loaded, threshold_store_validates)
{
	const char *bad[] = { "\n", "cold\n", "12x\n", "150001\n", "-50001\n" };
	int val = kit_random(0, 200000) - 50000;

	ASSERT_EQ(0, make(self->names[0]));
	ASSERT_EQ(0, make(self->names[1]));
	EXPECT_EQ(30000, kit_read_long(_metadata,
				       threshold_of(self->names[0])));
	TH_LOG("writing %d to %s", val, self->names[0]);
	ASSERT_EQ(0, kit_write_long(threshold_of(self->names[0]), val));
	EXPECT_EQ(val, kit_read_long(_metadata,
				     threshold_of(self->names[0])));
	EXPECT_EQ(30000, kit_read_long(_metadata,
				       threshold_of(self->names[1])));
	ASSERT_EQ(6, kit_write_file(threshold_of(self->names[1]), "-50000", 6));
	EXPECT_EQ(-50000, kit_read_long(_metadata,
					threshold_of(self->names[1])));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing \"%.*s\"", (int)strlen(bad[i]) - 1, bad[i]);
		EXPECT_EQ(-EINVAL, kit_put(threshold_of(self->names[0]),
					   bad[i]));
		EXPECT_EQ(val, kit_read_long(_metadata,
					     threshold_of(self->names[0])));
	}
	/* kstrtoint() would stop at the NUL and take 12. */
	EXPECT_EQ(-EINVAL, kit_write_file(threshold_of(self->names[0]),
					  "12\0junk\n", 8));
	EXPECT_EQ(val, kit_read_long(_metadata, threshold_of(self->names[0])));
}

KIT_TEST_MAIN
