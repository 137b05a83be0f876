// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 03: sensors made with mkdir(2) in
 * /sys/kernel/config/kit_ex03.  Names and values come from the run's
 * seed.
 */
#include <dirent.h>
#include <stdio.h>

#include "kit_test.h"

#define MODULE		"kit_ex03_configfs.ko"
#define NAME		"kit_ex03_configfs"
#define TOP		"/sys/kernel/config/kit_ex03"
#define ITEMS		TOP "/items"

static int read_int(struct __test_metadata *_metadata, const char *path)
{
	char buf[64] = "", *end;
	long val;

	EXPECT_LT(0, kit_read_file(path, buf, sizeof(buf)));
	val = strtol(buf, &end, 10);
	EXPECT_STREQ("\n", end);
	return val;
}

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
		EXPECT_EQ(0, read_int(_metadata, ITEMS));
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

/*
 * In the parent: it runs even when an assertion ended the test.  After an
 * oops the module stays: the VM is booted again anyway.
 */
FIXTURE_TEARDOWN_PARENT(loaded)
{
	struct dirent *e;
	DIR *d;

	if (kit_oopsed())
		return;
	d = opendir(TOP);
	while (d && (e = readdir(d)))
		if (e->d_type == DT_DIR && e->d_name[0] != '.')
			drop(e->d_name);
	if (d)
		closedir(d);
	EXPECT_EQ(0, kit_unload(NAME));
}

/* T2: mkdir makes sensors, rmdir removes them, items counts them. */
TEST_F(loaded, mkdir_and_rmdir_sensors)
{
	for (int i = 0; i < self->n; i++) {
		TH_LOG("mkdir %s", self->names[i]);
		ASSERT_EQ(0, make(self->names[i]));
		EXPECT_EQ(i + 1, read_int(_metadata, ITEMS));
		EXPECT_TRUE(kit_exists(threshold_of(self->names[i])));
	}
	EXPECT_EQ(-EEXIST, make(self->names[0]));
	EXPECT_EQ(-EINVAL, make("probe1"));
	EXPECT_EQ(-EINVAL, make("senso"));
	EXPECT_EQ(self->n, read_int(_metadata, ITEMS));
	/* A sensor holds the module: the unload would have to wait. */
	EXPECT_EQ(-EWOULDBLOCK, kit_unload(NAME));
	for (int i = self->n - 1; i >= 0; i--) {
		ASSERT_EQ(0, drop(self->names[i]));
		EXPECT_EQ(i, read_int(_metadata, ITEMS));
		EXPECT_FALSE(kit_exists(threshold_of(self->names[i])));
	}
}

/* T3: each sensor has its own threshold, checked on every write. */
TEST_F(loaded, threshold_store_validates)
{
	const char *bad[] = { "\n", "cold\n", "12x\n", "150001\n", "-50001\n" };
	int val = kit_random(0, 200000) - 50000;
	char text[32];

	ASSERT_EQ(0, make(self->names[0]));
	ASSERT_EQ(0, make(self->names[1]));
	EXPECT_EQ(30000, read_int(_metadata, threshold_of(self->names[0])));
	snprintf(text, sizeof(text), "%d\n", val);
	TH_LOG("writing %d to %s", val, self->names[0]);
	ASSERT_EQ(strlen(text), kit_write_file(threshold_of(self->names[0]),
					       text, strlen(text)));
	EXPECT_EQ(val, read_int(_metadata, threshold_of(self->names[0])));
	EXPECT_EQ(30000, read_int(_metadata, threshold_of(self->names[1])));
	ASSERT_EQ(6, kit_write_file(threshold_of(self->names[1]), "-50000", 6));
	EXPECT_EQ(-50000, read_int(_metadata, threshold_of(self->names[1])));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing \"%.*s\"", (int)strlen(bad[i]) - 1, bad[i]);
		EXPECT_EQ(-EINVAL, kit_write_file(threshold_of(self->names[0]),
						  bad[i], strlen(bad[i])));
		EXPECT_EQ(val, read_int(_metadata,
					threshold_of(self->names[0])));
	}
}

KIT_TEST_MAIN
