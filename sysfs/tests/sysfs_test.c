// SPDX-License-Identifier: GPL-2.0
/*
 * kit_sysfs's tests: the three module parameters and /sys/fs/kit_sysfs,
 * through read(2) and write(2), with bad input, another user,
 * concurrency, and unload then reload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/klog.h>

#include "kit_test.h"

#define MODULE		KIT_DIR "sysfs/kit_sysfs.ko"
#define PARAMS		"/sys/module/kit_sysfs/parameters/"
#define INITIAL		PARAMS "initial"
#define VERBOSE		PARAMS "verbose"
#define LIMIT		PARAMS "limit"
#define DIR		"/sys/fs/kit_sysfs/"
#define FIRST		DIR "first"
#define SECOND		DIR "second"
#define BIG		8192

FIXTURE(sysfs) {
	char buf[BIG];
};

FIXTURE_SETUP(sysfs)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN(sysfs)
{
	EXPECT_EQ(0, kit_unload("kit_sysfs"));
}

/* For tests that load the module themselves: unload it if it is there. */
FIXTURE(load) {
};

FIXTURE_SETUP(load)
{
}

FIXTURE_TEARDOWN(load)
{
	int ret = kit_unload("kit_sysfs");

	EXPECT_TRUE(ret == 0 || ret == -ENOENT);
}

TEST_F(sysfs, files_have_their_modes_and_defaults)
{
	const struct { const char *path; mode_t mode; const char *text; } f[] = {
		{ INITIAL, 0444, "0\n" },
		{ VERBOSE, 0644, "N\n" },
		{ LIMIT, 0644, "100\n" },
		{ FIRST, 0644, "0\n" },
		{ SECOND, 0644, "0\n" },
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		EXPECT_EQ(f[i].mode, kit_mode(f[i].path)) TH_LOG("%s", f[i].path);
		EXPECT_TEXT(f[i].path, f[i].text);
	}
}

TEST_F(load, parameters_given_at_load_time)
{
	ASSERT_EQ(0, kit_load(MODULE, "initial=-7 limit=0x10 verbose=1"));
	EXPECT_TEXT(INITIAL, "-7\n");
	EXPECT_TEXT(LIMIT, "16\n");	/* base 0: 0x10 is 16 */
	EXPECT_TEXT(VERBOSE, "Y\n");
	EXPECT_TEXT(FIRST, "-7\n");
	EXPECT_TEXT(SECOND, "-7\n");
}

/* limit_set() runs for insmod's arguments too, and init checks initial. */
TEST_F(load, bad_parameters_refuse_the_load)
{
	const char *bad[] = {
		"limit=0", "limit=-5", "limit=1000001", "limit=many",
		"limit=", "initial=101", "initial=-101", "initial=5 limit=4",
		"initial=x", "verbose=maybe",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ASSERT_EQ(-EINVAL, kit_load(MODULE, bad[i])) TH_LOG("%s", bad[i]);
		EXPECT_FALSE(kit_exists(DIR));
		EXPECT_FALSE(kit_exists(PARAMS));
	}
}

/* Without a write bit in its mode, kernfs refuses even root. */
TEST_F(sysfs, read_only_parameter_cannot_be_written)
{
	EXPECT_EQ(-EACCES, kit_put(INITIAL, "5\n"));
	EXPECT_TEXT(INITIAL, "0\n");
	EXPECT_TEXT(FIRST, "0\n");
}

static int log_contains(const char *text)
{
	static char log[1 << 16];
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);

	if (n < 0)
		return 0;
	log[n] = '\0';
	return strstr(log, text) != NULL;
}

/* verbose is read on every store: no notification is needed. */
TEST_F(sysfs, writable_parameter_takes_effect_at_once)
{
	ASSERT_EQ(2, kit_put(FIRST, "5\n"));
	EXPECT_FALSE(log_contains("kit_sysfs: first = 5\n"));
	ASSERT_EQ(2, kit_put(VERBOSE, "Y\n"));
	EXPECT_TEXT(VERBOSE, "Y\n");
	ASSERT_EQ(2, kit_put(SECOND, "6\n"));
	EXPECT_TRUE(log_contains("kit_sysfs: second = 6\n"));
	ASSERT_EQ(1, kit_put(VERBOSE, "0"));
	EXPECT_TEXT(VERBOSE, "N\n");

	/* param_set_bool() knows Y/N, 1/0 and on/off, nothing else. */
	EXPECT_EQ(-EINVAL, kit_put(VERBOSE, "maybe\n"));
	EXPECT_EQ(-EINVAL, kit_put(VERBOSE, "2\n"));
	EXPECT_TEXT(VERBOSE, "N\n");
}

TEST_F(sysfs, validated_parameter_refuses_bad_values)
{
	const struct { const char *what; const char *data; size_t len; } bad[] = {
		{ "zero", "0\n", 2 },
		{ "negative", "-5\n", 3 },
		{ "above the maximum", "1000001\n", 8 },
		{ "overflow", "99999999999999\n", 15 },
		{ "non-numeric", "many\n", 5 },
		{ "trailing junk", "12abc\n", 6 },
		{ "two values", "1 2\n", 4 },
		{ "only a newline", "\n", 1 },
		{ "beyond a page", self->buf, 5000 },
	};

	memset(self->buf, '7', sizeof(self->buf));
	ASSERT_EQ(3, kit_put(LIMIT, "50\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, kit_write_file(LIMIT, bad[i].data,
						  bad[i].len))
			TH_LOG("writing %s", bad[i].what);
		EXPECT_TEXT(LIMIT, "50\n");
	}
	/* An empty write never reaches the parameter: 0 bytes, no change. */
	EXPECT_EQ(0, kit_put(LIMIT, ""));
	EXPECT_TEXT(LIMIT, "50\n");
	/*
	 * A parameter's set() gets a C string without its length, so what
	 * follows a NUL is never seen (first and second, below, can check).
	 */
	EXPECT_EQ(7, kit_write_file(LIMIT, "60\0junk", 7));
	EXPECT_TEXT(LIMIT, "60\n");
}

TEST_F(sysfs, limit_bounds_first_and_second)
{
	ASSERT_EQ(3, kit_put(LIMIT, "10\n"));
	EXPECT_EQ(3, kit_put(FIRST, "10\n"));
	EXPECT_EQ(-EINVAL, kit_put(FIRST, "11\n"));
	EXPECT_TEXT(FIRST, "10\n");
	EXPECT_EQ(4, kit_put(SECOND, "-10\n"));
	EXPECT_EQ(-EINVAL, kit_put(SECOND, "-11\n"));
	EXPECT_TEXT(SECOND, "-10\n");

	/* A limit below a stored value is refused; lower the values first. */
	EXPECT_EQ(-EINVAL, kit_put(LIMIT, "5\n"));
	EXPECT_TEXT(LIMIT, "10\n");
	EXPECT_TEXT(FIRST, "10\n");
	ASSERT_EQ(2, kit_put(FIRST, "5\n"));
	EXPECT_EQ(-EINVAL, kit_put(LIMIT, "5\n"));
	ASSERT_EQ(3, kit_put(SECOND, "-5\n"));
	ASSERT_EQ(2, kit_put(LIMIT, "5\n"));
	EXPECT_EQ(-EINVAL, kit_put(FIRST, "6\n"));
	EXPECT_EQ(7, kit_put(LIMIT, "1000000"));
	EXPECT_EQ(8, kit_put(FIRST, "-1000000"));
}

/* One show and one store, two values: container_of() keeps them apart. */
TEST_F(sysfs, first_and_second_are_separate_values)
{
	ASSERT_EQ(3, kit_put(FIRST, "42\n"));
	EXPECT_TEXT(FIRST, "42\n");
	EXPECT_TEXT(SECOND, "0\n");
	ASSERT_EQ(3, kit_put(SECOND, "-3\n"));
	EXPECT_TEXT(FIRST, "42\n");
	EXPECT_TEXT(SECOND, "-3\n");
	/* No newline is fine too: echo -n. */
	ASSERT_EQ(2, kit_put(FIRST, "+7"));
	EXPECT_TEXT(FIRST, "7\n");
}

/* Each bad write is refused with -EINVAL and the value stays as it was. */
TEST_F(sysfs, bad_writes_change_nothing)
{
	const struct { const char *what; const char *data; size_t len; } bad[] = {
		{ "only a newline", "\n", 1 },
		{ "non-numeric", "seven\n", 6 },
		{ "trailing junk", "12abc\n", 6 },
		{ "hexadecimal", "0x10\n", 5 },
		{ "two values", "1 2\n", 4 },
		{ "two newlines", "1\n\n", 3 },
		{ "leading space", " 1\n", 3 },
		{ "embedded NUL", "12\0junk", 7 },
		{ "NUL after the newline", "12\n\0", 4 },
		{ "out of range", "101\n", 4 },
		{ "negative, out of range", "-101\n", 5 },
		{ "overflow", "2147483648\n", 11 },
		{ "beyond a page", self->buf, 5000 },
	};

	memset(self->buf, '1', sizeof(self->buf));
	ASSERT_EQ(3, kit_put(FIRST, "33\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, kit_write_file(FIRST, bad[i].data,
						  bad[i].len))
			TH_LOG("writing %s", bad[i].what);
		EXPECT_TEXT(FIRST, "33\n");
	}
	/* sysfs answers an empty write itself, without calling store(). */
	EXPECT_EQ(0, kit_put(FIRST, ""));
	EXPECT_TEXT(FIRST, "33\n");
	EXPECT_TEXT(SECOND, "0\n");
}

/*
 * sysfs has no partial writes: store() never sees the file offset, so
 * every write(2) is a whole value wherever the offset is.  Reads do
 * honour it, within the one value.
 */
TEST_F(sysfs, each_write_is_a_whole_value_at_any_offset)
{
	char c[8];
	int fd = open(FIRST, O_RDWR);

	ASSERT_LE(0, fd);
	EXPECT_EQ(3, pwrite(fd, "12\n", 3, 100));
	EXPECT_EQ(2, write(fd, "3\n", 2));	/* not "123" */
	memset(c, 0, sizeof(c));
	EXPECT_EQ(1, pread(fd, c, sizeof(c), 1));
	EXPECT_STREQ("\n", c);
	EXPECT_EQ(2, pread(fd, c, sizeof(c), 0));
	EXPECT_EQ(0, memcmp(c, "3\n", 2));
	EXPECT_EQ(0, pread(fd, c, sizeof(c), 2));	/* end of file */
	close(fd);
}

TEST_F(sysfs, bad_user_pointer_gives_efault)
{
	int fd = open(FIRST, O_WRONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, kit_unmapped(), 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_write, fd, NULL, 10));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
	fd = open(FIRST, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, read(fd, kit_unmapped(), 10));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
	EXPECT_TEXT(FIRST, "0\n");
}

TEST_F(sysfs, non_root_reads_but_cannot_write)
{
	const char *files[] = { INITIAL, VERBOSE, LIMIT, FIRST, SECOND };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		EXPECT_EQ(0, kit_open_as(KIT_NOBODY, files[i], O_RDONLY))
			TH_LOG("%s", files[i]);
		EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, files[i], O_WRONLY))
			TH_LOG("%s", files[i]);
	}
	/* Nor add a file of its own. */
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, DIR "third",
				       O_WRONLY | O_CREAT));
}

/*
 * Two writers store -7 or 42 into first and move limit between 50 and
 * 100, while two readers check that first only ever holds one of the
 * values written, whole, and that second is never touched.
 */
TEST_F(sysfs, concurrent_readers_and_writers)
{
	pid_t pids[4];

	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		for (int n = 0; kit_another_round(n, 2000); n++) {
			char buf[64];

			if (i < 2) {
				const char *v = (n + i) % 2 ? "42\n" : "-7\n";
				const char *l = n % 2 ? "50\n" : "100\n";

				if (kit_put(FIRST, v) != 3 ||
				    kit_put(LIMIT, l) != (ssize_t)strlen(l))
					_exit(1);
			} else if (kit_read_file(FIRST, buf, sizeof(buf)) < 0 ||
				   (strcmp(buf, "0\n") && strcmp(buf, "42\n") &&
				    strcmp(buf, "-7\n")) ||
				   kit_read_file(SECOND, buf, sizeof(buf)) < 0 ||
				   strcmp(buf, "0\n")) {
				_exit(2);
			}
		}
		_exit(0);
	}
	EXPECT_EQ(0, kit_children_failed(pids, 4));
}

/*
 * sysfs does not pin the module: rmmod works with a file open, the
 * open file then fails with ENODEV, and a new load starts afresh.
 */
TEST_F(sysfs, unload_removes_everything_and_reload_starts_afresh)
{
	int fd;
	char c;

	ASSERT_EQ(3, kit_put(FIRST, "99\n"));
	ASSERT_EQ(3, kit_put(LIMIT, "99\n"));
	fd = open(FIRST, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, kit_unload("kit_sysfs"));
	EXPECT_FALSE(kit_exists(DIR));
	EXPECT_FALSE(kit_exists("/sys/module/kit_sysfs"));
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(ENODEV, errno);
	close(fd);

	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TEXT(FIRST, "0\n");
	EXPECT_TEXT(SECOND, "0\n");
	EXPECT_TEXT(LIMIT, "100\n");
}

KIT_TEST_MAIN
