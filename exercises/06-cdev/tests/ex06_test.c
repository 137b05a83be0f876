// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 06: /dev/kit_ex06 through read(2), write(2)
 * and lseek(2).  The greeting, the offsets and the data are drawn from
 * the run's seed.
 */
#include <stdio.h>
#include <sys/sysmacros.h>

#include "kit_test.h"
#include "../../ex_test.h"

#define MODULE		"kit_ex06_cdev.ko"
#define NAME		"kit_ex06_cdev"
#define DEV		"/dev/kit_ex06"
#define CLASS		"/sys/class/kit_ex06"
#define SIZE		4096

/* A greeting of len letters and digits: module parameters stop at spaces. */
static void random_word(char *buf, size_t len)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	for (size_t i = 0; i < len; i++)
		buf[i] = set[kit_random(0, sizeof(set) - 2)];
	buf[len] = '\0';
}

/*
 * T1: the device appears, in devtmpfs and sysfs, and goes with its
 * device number; an open file holds the module (the cdev's owner).
 */
TEST(device_appears_and_goes)
{
	struct stat st;

	for (int round = 0; round < 2; round++) {
		int fd;

		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_EQ(0, stat(DEV, &st));
		EXPECT_TRUE(S_ISCHR(st.st_mode));
		EXPECT_TRUE(kit_exists(CLASS "/kit_ex06/dev"));
		EXPECT_EQ((int)major(st.st_rdev),
			  kit_registered_number("/proc/devices", "kit_ex06"));
		fd = open(DEV, O_RDONLY);
		EXPECT_LE(0, fd);
		EXPECT_EQ(-EWOULDBLOCK, kit_unload(NAME));
		if (fd >= 0)
			close(fd);
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(DEV));
		EXPECT_FALSE(kit_exists(CLASS));
		EXPECT_EQ(-1, kit_registered_number("/proc/devices", "kit_ex06"));
		ex_old_number_reaches_nothing(_metadata, st.st_rdev, ENXIO);
	}
}

FIXTURE(loaded) {
	char greeting[200];
	size_t len;
	char buf[2 * SIZE];
	char back[2 * SIZE];
	int fd;
};

FIXTURE_SETUP(loaded)
{
	char params[256];

	self->len = kit_random(20, 180);
	random_word(self->greeting, self->len);
	snprintf(params, sizeof(params), "greeting=%s", self->greeting);
	self->fd = ex_load_and_open(_metadata, MODULE, params, DEV);
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	/* The test's process, which held the file, has ended. */
	ex_unload(_metadata, NAME);
}

/* T2: read gives the data from the offset on, in any chunks. */
TEST_F(loaded, read_gives_the_data)
{
	size_t chunk = kit_random(1, 17), got = 0;
	off_t off = kit_random(1, self->len - 1);
	ssize_t n;

	while ((n = read(self->fd, self->buf + got, chunk)) > 0)
		got += n;
	EXPECT_EQ(0, n);
	ASSERT_EQ(self->len, got);
	EXPECT_EQ(0, memcmp(self->greeting, self->buf, self->len));
	EXPECT_EQ(0, read(self->fd, self->buf, 10));	/* at the end */
	ASSERT_EQ(self->len - off, pread(self->fd, self->buf, SIZE, off));
	EXPECT_EQ(0, memcmp(self->greeting + off, self->buf, self->len - off));
	EXPECT_EQ(0, pread(self->fd, self->buf, 10, self->len + 5));
	EXPECT_EQ(-1, pread(self->fd, kit_unmapped(), 10, 0));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_pread64, self->fd, NULL, 10, 0));
	EXPECT_EQ(EFAULT, errno);
}

/* T3: write puts bytes at the offset, grows the data, stops at SIZE. */
TEST_F(loaded, write_puts_bytes_at_the_offset)
{
	off_t off = kit_random(self->len + 1, SIZE - 300);
	size_t len = kit_random(1, 200);

	for (size_t i = 0; i < len; i++)
		self->buf[i] = kit_random(0, 255);
	/* An empty write changes nothing, wherever the offset is. */
	EXPECT_EQ(off, lseek(self->fd, off, SEEK_SET));
	EXPECT_EQ(0, write(self->fd, self->buf, 0));
	EXPECT_EQ(self->len, lseek(self->fd, 0, SEEK_END));

	TH_LOG("writing %zu bytes at %lld", len, (long long)off);
	ASSERT_EQ(len, pwrite(self->fd, self->buf, len, off));
	/* The data now ends there, with zeroes in the hole. */
	ASSERT_EQ(off + len, pread(self->fd, self->back, 2 * SIZE, 0));
	EXPECT_EQ(0, memcmp(self->greeting, self->back, self->len));
	for (off_t i = self->len; i < off; i++)
		ASSERT_EQ(0, self->back[i]);
	EXPECT_EQ(0, memcmp(self->buf, self->back + off, len));

	/* A write across the end is cut short; at the end it fails. */
	EXPECT_EQ(10, pwrite(self->fd, self->buf, 50, SIZE - 10));
	EXPECT_EQ(-1, pwrite(self->fd, self->buf, 1, SIZE));
	EXPECT_EQ(ENOSPC, errno);
	EXPECT_EQ(SIZE, pread(self->fd, self->back, 2 * SIZE, 0));

	/* A bad pointer fails and changes nothing. */
	EXPECT_EQ(-1, pwrite(self->fd, kit_unmapped(), 10, 0));
	EXPECT_EQ(EFAULT, errno);
	ASSERT_EQ(self->len, pread(self->fd, self->back, self->len, 0));
	EXPECT_EQ(0, memcmp(self->greeting, self->back, self->len));
}

/* T4: lseek moves the offset; SEEK_END counts from the end of the data. */
TEST_F(loaded, lseek_moves_the_offset)
{
	off_t off = kit_random(0, self->len - 1);
	char c;

	EXPECT_EQ(off, lseek(self->fd, off, SEEK_SET));
	ASSERT_EQ(1, read(self->fd, &c, 1));
	EXPECT_EQ(self->greeting[off], c);
	EXPECT_EQ(off + 1, lseek(self->fd, 0, SEEK_CUR));
	EXPECT_EQ(self->len, lseek(self->fd, 0, SEEK_END));
	EXPECT_EQ(self->len - 3, lseek(self->fd, -3, SEEK_END));
	ASSERT_EQ(1, read(self->fd, &c, 1));
	EXPECT_EQ(self->greeting[self->len - 3], c);
	EXPECT_EQ(SIZE, lseek(self->fd, SIZE, SEEK_SET));
	EXPECT_EQ(-1, lseek(self->fd, SIZE + 1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(self->fd, -1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(self->fd, -(off_t)self->len - 1, SEEK_END));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(SIZE, lseek(self->fd, 0, SEEK_CUR));
}

KIT_TEST_MAIN
