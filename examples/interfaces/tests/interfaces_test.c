// SPDX-License-Identifier: GPL-2.0
/*
 * The interfaces guide's tests: the reader's help and its refusals, a
 * short bench over every chapter in the kit (its CSV well formed, one
 * measured row per job, the modules it loaded unloaded again, those it
 * found loaded left loaded), and a kit without a chapter.  No figure
 * is checked against a limit: a benchmark prints figures, a test does
 * not time anything.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit_test.h"

#define READER		KIT_DIR "interfaces/reader"
#define CSV		"/tmp/interfaces_test.csv"
#define HEADER		"interface,job,way,bytes,ns_per_op,ns_median,ops_per_s,x_floor,note\n"
/* The chapters of every kit, in the table's order. */
static const char *const always[] = {
	"procfs", "sysfs", "configfs", "debugfs", "sysctl", "cdev", "ioctl", "mmap",
};

#define NR_ALWAYS (sizeof(always) / sizeof(always[0]))

static char out[16384];

static int reader(char *const argv[])
{
	return kit_run(KIT_ASIS, out, sizeof(out), argv);
}

/* A kit module left loaded: its name, or NULL. */
static const char *kit_module_loaded(void)
{
	static char buf[16384];
	char *p;

	if (kit_read_file("/proc/modules", buf, sizeof(buf)) < 0)
		return "(no /proc/modules)";
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, "kit_", 4)) {
			p[strcspn(p, " ")] = '\0';
			return p;
		}
	return NULL;
}

/* The fields of a CSV line, a quoted field counting as one. */
static int csv_fields(const char *line)
{
	int n = 1, quoted = 0;

	for (; *line && *line != '\n'; line++) {
		if (*line == '"')
			quoted = !quoted;
		else if (*line == ',' && !quoted)
			n++;
	}
	return n;
}

/* The line of interface iface and job job with a figure, or NULL. */
static const char *measured(const char *csv, const char *iface, const char *job)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "%s,%s,", iface, job);
	for (p = csv; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, strlen(key)) && p[strlen(key)] != ',')
			return p;
	return NULL;
}

TEST(help_says_usage)
{
	char *argv[] = { READER, "--help", NULL };

	ASSERT_EQ(0, reader(argv));
	EXPECT_NE(NULL, strstr(out, "usage: reader"));
	EXPECT_NE(NULL, strstr(out, "bench"));
}

TEST(bad_arguments_are_refused)
{
	char *bad[][4] = {
		{ READER, "frobnicate", NULL },
		{ READER, "bench", "extra", NULL },
		{ READER, "--reps", "0", NULL },
		{ READER, "--reps", "ten", NULL },
		{ READER, "--sample", "-1", NULL },
		{ READER, "--only", "procfs,nosuch", NULL },
		{ READER, "--bogus", NULL },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(2, reader(bad[i])) TH_LOG("%s %s", bad[i][1], bad[i][2]);
		EXPECT_NE(NULL, strstr(out, "usage") ?: strstr(out, "reader: "))
			TH_LOG("%s", out);
	}
	/* None of them loaded anything. */
	EXPECT_EQ(NULL, kit_module_loaded());
}

TEST(list_names_every_interface)
{
	char *argv[] = { READER, NULL };

	ASSERT_EQ(0, reader(argv));
	for (size_t i = 0; i < NR_ALWAYS; i++) {
		char want[64];

		snprintf(want, sizeof(want), "%s%s/kit_", KIT_DIR, always[i]);
		EXPECT_NE(NULL, strstr(out, want)) TH_LOG("%s", always[i]);
	}
}

TEST(one_short_round_writes_a_well_formed_csv)
{
	char *argv[] = { READER, "bench", "--reps", "1", "--sample", "1",
			 "--csv", CSV, NULL };
	static char csv[16384];
	int rows = 0;

	unlink(CSV);
	ASSERT_EQ(0, reader(argv)) TH_LOG("%s", out);
	ASSERT_LT(0, kit_read_file(CSV, csv, sizeof(csv)));
	ASSERT_EQ(0, strncmp(csv, HEADER, strlen(HEADER)));

	for (const char *p = strchr(csv, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
		char iface[16], job[16], way[32];
		double ns, median, ops, ratio;
		size_t bytes;

		rows++;
		ASSERT_EQ(9, csv_fields(p)) TH_LOG("%.*s", (int)strcspn(p, "\n"), p);
		if (sscanf(p, "%15[^,],%15[^,],%31[^,],%zu,%lf,%lf,%lf,%lf,", iface,
			   job, way, &bytes, &ns, &median, &ops, &ratio) == 8) {
			/* Sane, not fast: the best is no worse than the median. */
			EXPECT_LT(0, ns) TH_LOG("%s %s %s", iface, job, way);
			EXPECT_LE(ns, median) TH_LOG("%s %s %s", iface, job, way);
			EXPECT_LT(0, ops);
		} else {
			/* A note: a quoted text after eight empty fields' commas. */
			EXPECT_NE(NULL, strstr(p, ",,,,,,,\"")) TH_LOG("%.*s",
				(int)strcspn(p, "\n"), p);
		}
	}
	EXPECT_LT(NR_ALWAYS * 2, rows);
	EXPECT_NE(NULL, measured(csv, "floor", "null"));
	for (size_t i = 0; i < NR_ALWAYS; i++) {
		EXPECT_NE(NULL, measured(csv, always[i], "read")) TH_LOG("%s", always[i]);
		EXPECT_NE(NULL, measured(csv, always[i], "write")) TH_LOG("%s", always[i]);
	}
	/* The block: procfs carries it, sysfs says why it cannot. */
	EXPECT_NE(NULL, measured(csv, "procfs", "block"));
	EXPECT_NE(NULL, strstr(csv, "sysfs,block,,,,,,,\"cannot: one value per file"));
	/* The table went to the terminal too. */
	EXPECT_NE(NULL, strstr(out, "x floor"));
	/* What it loaded it unloaded; its configfs item is gone. */
	EXPECT_EQ(NULL, kit_module_loaded());
	EXPECT_FALSE(kit_exists("/sys/kernel/config/kit_configfs"));
	unlink(CSV);
}

TEST(a_module_loaded_before_stays_loaded)
{
	char *argv[] = { READER, "bench", "--only", "sysctl", "--reps", "1",
			 "--sample", "1", NULL };

	ASSERT_EQ(0, kit_load(KIT_DIR "sysctl/kit_sysctl.ko", ""));
	EXPECT_EQ(0, reader(argv)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "sysctl    write  "));
	/* --only: no other interface was measured. */
	EXPECT_EQ(NULL, strstr(out, "procfs"));
	EXPECT_EQ(0, kit_unload("kit_sysctl"));
}

/* A kit of two chapters, one of them asked for but missing. */
TEST(a_chapter_not_in_the_kit_is_a_row_that_says_so)
{
	char *argv[] = { READER, "bench", "--kit", "/tmp/kit2", "--only",
			 "sysfs,cdev", "--reps", "1", "--sample", "1",
			 "--csv", CSV, NULL };
	static char csv[8192];

	ASSERT_EQ(0, system("rm -rf /tmp/kit2 && mkdir /tmp/kit2 && "
			    "ln -s " KIT_DIR "sysfs /tmp/kit2/sysfs"));
	ASSERT_EQ(0, reader(argv)) TH_LOG("%s", out);
	ASSERT_LT(0, kit_read_file(CSV, csv, sizeof(csv)));
	EXPECT_NE(NULL, measured(csv, "sysfs", "read"));
	EXPECT_NE(NULL, strstr(csv, "cdev,-,,,,,,,\"not in this kit\""));
	EXPECT_EQ(NULL, measured(csv, "cdev", "read"));
	EXPECT_EQ(NULL, kit_module_loaded());
	unlink(CSV);
	EXPECT_EQ(0, system("rm -rf /tmp/kit2"));
}

KIT_TEST_MAIN
