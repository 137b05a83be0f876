// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 01: /proc/kit_ex01/message through write(2).
 * The texts written are drawn from the run's seed (kit_random()).
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"

#define MODULE		"kit_ex01_procfs.ko"
#define NAME		"kit_ex01_procfs"
#define DIR		"/proc/kit_ex01"
#define MESSAGE		DIR "/message"
#define DEFAULT		"hello from kit_ex01\n"

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
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_EQ(0644, kit_mode(MESSAGE));
	EXPECT_TEXT(MESSAGE, DEFAULT);
	EXPECT_EQ(0, kit_unload(NAME));
	EXPECT_FALSE(kit_exists(DIR));
}

FIXTURE(loaded) {
	char text[300];
};

FIXTURE_SETUP(loaded)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

/* T1: a write as echo(1) makes it replaces the message. */
TEST_F(loaded, echo_replaces_message)
{
	size_t lens[] = { kit_random(1, 40), kit_random(41, 200), 254 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t len = lens[i];

		random_text(self->text, len);
		TH_LOG("writing \"%s\\n\" (%zu bytes)", self->text, len + 1);
		strcat(self->text, "\n");
		ASSERT_EQ(len + 1, kit_put(MESSAGE, self->text));
		EXPECT_TEXT(MESSAGE, self->text);
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
	ASSERT_EQ(len, kit_put(MESSAGE, self->text));
	strcat(self->text, "\n");	/* as the module shows it */
	ASSERT_TEXT(MESSAGE, self->text);

	memset(big, 'x', sizeof(big));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing %s", bad[i].what);
		EXPECT_EQ(-EINVAL, kit_write_file(MESSAGE, bad[i].data,
						  bad[i].len));
		EXPECT_TEXT(MESSAGE, self->text);
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
	EXPECT_TEXT(MESSAGE, DEFAULT);
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
	EXPECT_TEXT(MESSAGE, "one\n");
}

KIT_TEST_MAIN
