// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 01: /proc/kit_ex01/message through write(2).
 * The texts written are drawn from the run's seed (kit_random()).
 */
#include <stdio.h>

#include "kit_test.h"

#define MODULE		"kit_ex01_procfs.ko"
#define NAME		"kit_ex01_procfs"
#define DIR		"/proc/kit_ex01"
#define MESSAGE		DIR "/message"
#define DEFAULT		"hello from kit_ex01"

/* The message as the module shows it, without its newline. */
static void read_message(struct __test_metadata *_metadata, char *out,
			 size_t size)
{
	ssize_t n = kit_read_file(MESSAGE, out, size);

	EXPECT_GT(n, 0);
	if (n <= 0) {
		out[0] = '\0';
		return;
	}
	EXPECT_EQ('\n', out[n - 1]);
	out[n - 1] = '\0';
}

/* A text of len printable bytes from the seed. */
static void random_text(char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = kit_random(' ', '~');
	buf[len] = '\0';
}

/* Given code: the module loads, shows its default, unloads cleanly. */
TEST(loads_and_unloads)
{
	char msg[300];
	struct stat st;

	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_EQ(0, stat(MESSAGE, &st));
	EXPECT_EQ(0644, st.st_mode & 07777);
	read_message(_metadata, msg, sizeof(msg));
	EXPECT_STREQ(DEFAULT, msg);
	EXPECT_EQ(0, kit_unload(NAME));
	EXPECT_FALSE(kit_exists(DIR));
}

FIXTURE(loaded) {
	char text[300];
	char msg[300];
};

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

/* T1: a write as echo(1) makes it replaces the message. */
TEST_F(loaded, echo_replaces_message)
{
	size_t lens[] = { kit_random(1, 40), kit_random(41, 200), 254 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i];

		random_text(self->text, len);
		TH_LOG("writing \"%s\\n\" (%zu bytes)", self->text, len + 1);
		self->text[len] = '\n';
		ASSERT_EQ(len + 1, kit_write_file(MESSAGE, self->text,
						  len + 1));
		self->text[len] = '\0';
		read_message(_metadata, self->msg, sizeof(self->msg));
		EXPECT_STREQ(self->text, self->msg);
	}
}

/* T2: a text without newline is taken whole; bad texts change nothing. */
TEST_F(loaded, edge_cases_and_bad_writes)
{
	static char big[8192];
	size_t len = kit_random(1, 255);
	struct { const char *what; const char *data; size_t len; } bad[] = {
		{ "an empty write", "", 0 },
		{ "only a newline", "\n", 1 },
		{ "an embedded NUL", "ab\0cd\n", 6 },
		{ "256 bytes", big, 256 },
		{ "more than a page", big, 4097 },
	};

	random_text(self->text, len);
	TH_LOG("writing \"%s\" without a newline", self->text);
	ASSERT_EQ(len, kit_write_file(MESSAGE, self->text, len));
	read_message(_metadata, self->msg, sizeof(self->msg));
	ASSERT_STREQ(self->text, self->msg);

	memset(big, 'x', sizeof(big));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing %s", bad[i].what);
		EXPECT_EQ(-EINVAL, kit_write_file(MESSAGE, bad[i].data,
						  bad[i].len));
		read_message(_metadata, self->msg, sizeof(self->msg));
		EXPECT_STREQ(self->text, self->msg);
	}
}

/* T3: a bad user pointer gives -EFAULT and changes nothing. */
TEST_F(loaded, bad_pointer_gives_efault)
{
	int fd = open(MESSAGE, O_WRONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, kit_unmapped(), kit_random(2, 200)));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_write, fd, NULL, 10));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
	read_message(_metadata, self->msg, sizeof(self->msg));
	EXPECT_STREQ(DEFAULT, self->msg);
}

/* T4: only a write at offset 0 replaces the message. */
TEST_F(loaded, write_at_offset_is_refused)
{
	off_t off = kit_random(1, 100);
	int fd = open(MESSAGE, O_WRONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(off, lseek(fd, off, SEEK_SET));
	EXPECT_EQ(-1, write(fd, "late\n", 5));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	/* The first write moves the offset: a second one is refused. */
	EXPECT_EQ(4, write(fd, "one\n", 4));
	EXPECT_EQ(-1, write(fd, "two\n", 4));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	read_message(_metadata, self->msg, sizeof(self->msg));
	EXPECT_STREQ("one", self->msg);
}

KIT_TEST_MAIN
