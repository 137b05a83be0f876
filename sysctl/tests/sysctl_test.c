// SPDX-License-Identifier: GPL-2.0
/*
 * The sysctl chapter's tests: value1 and value2 through read(2) and
 * write(2) as cat and echo use them, through busybox sysctl(8) and
 * through the reader; the range, bad input, offsets, another user,
 * concurrency, and unload then reload.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit_test.h"
#include "../kit_sysctl.h"

#define MODULE		KIT_DIR "sysctl/kit_sysctl.ko"
#define SYSDIR		"/proc/sys/" KIT_SYSCTL_PATH
#define VALUE1		SYSDIR "/value1"
#define VALUE2		SYSDIR "/value2"
#define SYSCTL		"/bin/sysctl"
#define READER		KIT_DIR "sysctl/reader"
#define HEADING		"--- " SYSDIR "/ (values 10 to 20)\n"

FIXTURE(sysctl) {
	char out[4096];
};

FIXTURE_SETUP(sysctl)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN(sysctl)
{
	EXPECT_EQ(0, kit_unload("kit_sysctl"));
}

TEST_F(sysctl, entries_have_their_modes)
{
	struct stat st;

	ASSERT_EQ(0, stat(SYSDIR, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(0555, st.st_mode & 07777);
	ASSERT_EQ(0, stat(VALUE1, &st));
	EXPECT_EQ(0644, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
	EXPECT_EQ(0644, kit_mode(VALUE2));
}

TEST_F(sysctl, values_round_trip_and_stay_apart)
{
	EXPECT_TEXT(VALUE1, "12\n");
	EXPECT_TEXT(VALUE2, "18\n");

	EXPECT_EQ(3, kit_put(VALUE1, "15\n"));
	EXPECT_TEXT(VALUE1, "15\n");
	EXPECT_TEXT(VALUE2, "18\n");	/* value2 untouched */

	/* Both ends of the range are in it. */
	EXPECT_EQ(2, kit_put(VALUE2, "10"));
	EXPECT_TEXT(VALUE2, "10\n");
	EXPECT_EQ(2, kit_put(VALUE2, "20"));
	EXPECT_TEXT(VALUE2, "20\n");
	EXPECT_TEXT(VALUE1, "15\n");

	/* Spaces around the number are skipped; base 0 takes 0x. */
	EXPECT_EQ(7, kit_put(VALUE1, "  \t11 \n"));
	EXPECT_TEXT(VALUE1, "11\n");
	EXPECT_EQ(4, kit_put(VALUE1, "0x13"));
	EXPECT_TEXT(VALUE1, "19\n");
}

TEST_F(sysctl, out_of_range_writes_are_refused)
{
	const char *bad[] = {
		"9", "21", "0", "-15", "-2147483648", "2147483647",
		"4294967306",		/* 2^32 + 10: 10 if cut to an int */
		"99999999999999999999",	/* beyond an unsigned long */
		"010",			/* octal: 8 */
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		TH_LOG("writing %s", bad[i]);
		EXPECT_EQ(-EINVAL, kit_put(VALUE1, bad[i]));
		EXPECT_TEXT(VALUE1, "12\n");
	}
	EXPECT_TEXT(VALUE2, "18\n");
}

TEST_F(sysctl, malformed_writes_are_refused)
{
	static char page[5000];
	struct { const char *what; const char *data; size_t len; int err; } bad[] = {
		{ "non-numeric", "fifteen", 7, EINVAL },
		{ "a number and junk", "15abc", 5, EINVAL },
		{ "a plus sign", "+15", 3, EINVAL },
		{ "only a newline", "\n", 1, EINVAL },
		{ "only spaces", "    ", 4, EINVAL },
		{ "an embedded NUL", "15\0", 3, EINVAL },
		{ "beyond a page of x", page, sizeof(page), EINVAL },
		{ "from an unmapped buffer", kit_unmapped(), 3, EFAULT },
		{ "from NULL", NULL, 3, EFAULT },
	};

	memset(page, 'x', sizeof(page));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		TH_LOG("writing %s", bad[i].what);
		EXPECT_EQ(-bad[i].err, kit_write_file(VALUE1, bad[i].data,
						      bad[i].len));
		EXPECT_TEXT(VALUE1, "12\n");
	}
	/* An empty write is accepted and changes nothing. */
	EXPECT_EQ(0, kit_write_file(VALUE1, "", 0));
	EXPECT_TEXT(VALUE1, "12\n");
}

/*
 * A sysctl is read and written whole, at offset 0.  With the default
 * kernel.sysctl_writes_strict = 1 a write at another offset is taken
 * and ignored, so a second write() on the same descriptor changes
 * nothing; a read at another offset is the end of the file, so a
 * reader with a buffer too small gets the start of the value only.
 */
TEST_F(sysctl, only_offset_0_counts)
{
	char c[8];
	int fd;

	ASSERT_TEXT("/proc/sys/kernel/sysctl_writes_strict", "1\n");

	fd = open(VALUE1, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(2, write(fd, "14", 2));
	EXPECT_EQ(2, write(fd, "16", 2));	/* at offset 2: ignored */
	EXPECT_EQ(2, pwrite(fd, "17", 2, 1));	/* ignored */
	close(fd);
	EXPECT_TEXT(VALUE1, "14\n");

	fd = open(VALUE1, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, read(fd, c, 1));
	EXPECT_EQ('1', c[0]);
	EXPECT_EQ(0, read(fd, c, 1));		/* no '4' follows */
	EXPECT_EQ(3, pread(fd, c, sizeof(c), 0));
	EXPECT_EQ(0, pread(fd, c, sizeof(c), 1));
	close(fd);
}

TEST_F(sysctl, non_root_reads_but_cannot_write)
{
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, VALUE1, O_RDONLY));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, VALUE2, O_RDONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, VALUE1, O_WRONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, VALUE2, O_RDWR));
	EXPECT_TEXT(VALUE1, "12\n");
}

/*
 * The mode is checked again at each write, against whoever writes: a
 * descriptor that root opened does not let another user write.
 */
TEST_F(sysctl, permission_is_checked_at_every_write)
{
	int fd = open(VALUE1, O_WRONLY);
	int status;
	pid_t pid;

	ASSERT_LE(0, fd);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
			_exit(255);
		_exit(write(fd, "15", 2) < 0 ? errno : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EPERM, WEXITSTATUS(status));
	EXPECT_TEXT(VALUE1, "12\n");
	EXPECT_EQ(2, write(fd, "15", 2));	/* root still can */
	close(fd);
	EXPECT_TEXT(VALUE1, "15\n");
}

TEST_F(sysctl, busybox_sysctl_reads)
{
	char *one[] = { SYSCTL, "dev.kit_sysctl.value1", NULL };
	char *bare[] = { SYSCTL, "-n", "dev/kit_sysctl/value2", NULL };
	char *all[] = { SYSCTL, "dev.kit_sysctl", NULL };
	char *missing[] = { SYSCTL, "dev.kit_sysctl.value3", NULL };

	EXPECT_EQ(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), one));
	EXPECT_STREQ("dev.kit_sysctl.value1 = 12\n", self->out);
	EXPECT_EQ(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), bare));
	EXPECT_STREQ("18\n", self->out);
	/* A non-root user runs sysctl(8) to read as well. */
	EXPECT_EQ(0, kit_run(KIT_NOBODY, self->out, sizeof(self->out), one));
	EXPECT_STREQ("dev.kit_sysctl.value1 = 12\n", self->out);

	/* A directory's key lists everything below it. */
	EXPECT_EQ(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), all));
	EXPECT_STREQ("dev.kit_sysctl.value1 = 12\n"
		     "dev.kit_sysctl.value2 = 18\n", self->out);

	EXPECT_NE(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), missing));
}

TEST_F(sysctl, busybox_sysctl_writes_and_is_refused)
{
	char *good[] = { SYSCTL, "-w", "dev.kit_sysctl.value1=16", NULL };
	char *high[] = { SYSCTL, "-w", "dev.kit_sysctl.value1=25", NULL };
	char *word[] = { SYSCTL, "-w", "dev.kit_sysctl.value2=big", NULL };
	char *user[] = { SYSCTL, "-w", "dev.kit_sysctl.value2=11", NULL };

	EXPECT_EQ(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), good));
	EXPECT_STREQ("dev.kit_sysctl.value1 = 16\n", self->out);
	EXPECT_TEXT(VALUE1, "16\n");

	EXPECT_NE(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), high));
	EXPECT_NE(NULL, strstr(self->out, "Invalid argument"));
	EXPECT_TEXT(VALUE1, "16\n");
	EXPECT_NE(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), word));
	EXPECT_TEXT(VALUE2, "18\n");
	EXPECT_NE(0, kit_run(KIT_NOBODY, self->out, sizeof(self->out), user));
	EXPECT_NE(NULL, strstr(self->out, "Permission denied"));
	EXPECT_TEXT(VALUE2, "18\n");
}

/* What the boot scripts do with /etc/sysctl.conf: sysctl -p FILE. */
TEST_F(sysctl, busybox_sysctl_loads_a_config_file)
{
	static const char conf[] =
		"# the howto's values, set at boot\n"
		"dev.kit_sysctl.value1 = 11\n"
		"dev/kit_sysctl/value2=19\n";
	char path[] = "/tmp/kit_sysctl.confXXXXXX";
	char *load[] = { SYSCTL, "-p", path, NULL };
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	ASSERT_EQ(sizeof(conf) - 1, write(fd, conf, sizeof(conf) - 1));
	close(fd);
	EXPECT_EQ(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), load));
	unlink(path);
	EXPECT_TEXT(VALUE1, "11\n");
	EXPECT_TEXT(VALUE2, "19\n");
}

TEST_F(sysctl, reader_shows_and_sets)
{
	char *show[] = { READER, NULL };
	char *set[] = { READER, "-s", "value1=14", "-s", "value2=20", NULL };
	char *bad[] = { READER, "-s", "value1=13", "-s", "value2=21", NULL };

	EXPECT_EQ(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), show));
	EXPECT_STREQ(HEADING "dev.kit_sysctl.value1 = 12\n"
		     "dev.kit_sysctl.value2 = 18\n", self->out);
	EXPECT_EQ(0, kit_run(KIT_ASIS, self->out, sizeof(self->out), set));
	EXPECT_STREQ(HEADING "dev.kit_sysctl.value1 = 14\n"
		     "dev.kit_sysctl.value2 = 20\n", self->out);
	/* The first is set, the second refused, and the reader says so. */
	EXPECT_EQ(1, kit_run(KIT_ASIS, self->out, sizeof(self->out), bad));
	EXPECT_NE(NULL, strstr(self->out, "value2=21: Invalid argument"));
	EXPECT_TEXT(VALUE1, "13\n");
	EXPECT_TEXT(VALUE2, "20\n");
	EXPECT_EQ(0, kit_run(KIT_NOBODY, self->out, sizeof(self->out), show));
	EXPECT_EQ(1, kit_run(KIT_NOBODY, self->out, sizeof(self->out), set));
	EXPECT_NE(NULL, strstr(self->out, "Permission denied"));
}

/*
 * Writers store good and bad values while readers watch: readers only
 * ever see a whole value from the range, and a refused value is never
 * stored, not even for a moment.
 */
TEST_F(sysctl, concurrent_readers_and_writers)
{
	pid_t pids[4];

	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		for (int n = 0; kit_another_round(n, 2000); n++) {
			const char *t;

			if (i == 0) {
				if (kit_put(VALUE1, n % 2 ? "19\n" : "11\n") != 3)
					_exit(1);
			} else if (i == 1) {
				if (kit_put(VALUE1, n % 2 ? "25" : "5") != -EINVAL)
					_exit(2);
			} else {
				t = kit_text(i == 2 ? VALUE1 : VALUE2);
				if (i == 2 && strcmp(t, "11\n") &&
				    strcmp(t, "19\n") && strcmp(t, "12\n"))
					_exit(3);
				if (i == 3 && strcmp(t, "18\n"))
					_exit(4);
			}
		}
		/* The writer ends on 19, however many rounds it ran. */
		if (i == 0 && kit_put(VALUE1, "19\n") != 3)
			_exit(1);
		_exit(0);
	}
	EXPECT_EQ(0, kit_children_failed(pids, 4));
	EXPECT_TEXT(VALUE1, "19\n");	/* the writer's last */
}

/*
 * An open sysctl file does not keep the module: unregistering waits for
 * the reads and writes in progress and makes later ones fail with
 * ENOENT.  kit_sysctl/ goes; dev/, which others use, stays.
 */
TEST_F(sysctl, unload_removes_the_directory_and_reload_starts_afresh)
{
	int fd;
	char c;

	ASSERT_EQ(2, kit_put(VALUE1, "17"));
	fd = open(VALUE1, O_RDONLY);
	ASSERT_LE(0, fd);

	ASSERT_EQ(0, kit_unload("kit_sysctl"));
	EXPECT_FALSE(kit_exists(SYSDIR));
	EXPECT_TRUE(kit_exists("/proc/sys/dev"));
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(ENOENT, errno);
	close(fd);

	/* A new load is a new copy of the module: its initial values. */
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TEXT(VALUE1, "12\n");
	EXPECT_TEXT(VALUE2, "18\n");
	EXPECT_EQ(-EEXIST, kit_load(MODULE, ""));
}

KIT_TEST_MAIN
