// SPDX-License-Identifier: GPL-2.0
/*
 * The procfs chapter's tests: every entry through read(2) and write(2),
 * bad input, another user, concurrency, and unload then reload.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit_test.h"

#define MODULE		KIT_DIR "procfs/kit_procfs.ko"
#define DIR		"/proc/kit_procfs/"
#define RECORDS		DIR "records"
#define SUMMARY		DIR "summary"
#define MESSAGE		DIR "message"
#define BIG		(64 * 1024)

FIXTURE(procfs) {
	char buf[BIG];
};

FIXTURE_SETUP(procfs)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN(procfs)
{
	EXPECT_EQ(0, kit_unload("kit_procfs"));
}

TEST_F(procfs, entries_have_their_modes)
{
	EXPECT_EQ(0444, kit_mode(RECORDS));
	EXPECT_EQ(0444, kit_mode(SUMMARY));
	EXPECT_EQ(0644, kit_mode(MESSAGE));
}

TEST_F(procfs, records_list_every_record_past_one_page)
{
	unsigned int id, value, expect = 0;
	char name[32], *line;
	ssize_t n = kit_read_file(RECORDS, self->buf, sizeof(self->buf));

	ASSERT_GT(n, 4096);	/* more than the howto's one-page limit */
	line = strtok(self->buf, "\n");
	ASSERT_NE(NULL, line);
	ASSERT_EQ(0, strncmp(line, "   id name", 10));
	while ((line = strtok(NULL, "\n"))) {
		ASSERT_EQ(3, sscanf(line, "%u %31s %u", &id, name, &value));
		EXPECT_EQ(expect, id);
		EXPECT_EQ(id * id, value);
		expect++;
	}
	EXPECT_EQ(200, expect);
}

TEST_F(procfs, records_read_in_small_chunks_equal_one_read)
{
	static char chunked[BIG];
	size_t sizes[] = { 1, 7, 100, 4095, 4097 };
	ssize_t whole = kit_read_file(RECORDS, self->buf, sizeof(self->buf));

	ASSERT_GT(whole, 0);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int fd = open(RECORDS, O_RDONLY);
		ssize_t n, len = 0;

		ASSERT_LE(0, fd);
		while ((n = read(fd, chunked + len, sizes[i])) > 0)
			len += n;
		EXPECT_EQ(0, n);
		close(fd);
		EXPECT_EQ(whole, len);
		EXPECT_EQ(0, memcmp(self->buf, chunked, whole));
	}
}

TEST_F(procfs, records_seek_back_and_read_again)
{
	char first[64], again[64];
	int fd = open(RECORDS, O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(64, read(fd, first, sizeof(first)));
	ASSERT_LT(0, read(fd, self->buf, 8000));
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	ASSERT_EQ(64, read(fd, again, sizeof(again)));
	EXPECT_EQ(0, memcmp(first, again, sizeof(first)));
	close(fd);
}

TEST(records_count_follows_the_module_parameter)
{
	char buf[BIG], *p;
	int lines = 0;

	ASSERT_EQ(0, kit_load(MODULE, "nr_records=3"));
	ASSERT_LT(0, kit_read_file(RECORDS, buf, sizeof(buf)));
	for (p = buf; (p = strchr(p, '\n')); p++)
		lines++;
	EXPECT_EQ(4, lines);	/* the header and three records */
	ASSERT_LT(0, kit_read_file(SUMMARY, buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "records: 3\n"));
	EXPECT_EQ(0, kit_unload("kit_procfs"));
}

TEST(out_of_range_parameter_is_refused)
{
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "nr_records=0"));
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "nr_records=10001"));
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "nr_records=-1"));
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "nr_records=many"));
	EXPECT_FALSE(kit_exists(DIR));
}

TEST_F(procfs, summary_counts_writes)
{
	EXPECT_TEXT(SUMMARY, "records: 200\nmessage_bytes: 21\nwrites: 0\n");
	ASSERT_EQ(4, kit_write_file(MESSAGE, "abc\n", 4));
	ASSERT_EQ(2, kit_write_file(MESSAGE, "xy", 2));
	EXPECT_TEXT(SUMMARY, "records: 200\nmessage_bytes: 2\nwrites: 2\n");
}

/* The module shows the message with a newline, which it does not keep. */
TEST_F(procfs, message_round_trip)
{
	EXPECT_TEXT(MESSAGE, "hello from kit_procfs\n");
	ASSERT_EQ(14, kit_write_file(MESSAGE, "cold room: 4C\n", 14));
	EXPECT_TEXT(MESSAGE, "cold room: 4C\n");

	/* The longest message: 255 bytes with echo's newline. */
	memset(self->buf, 'm', 254);
	self->buf[254] = '\n';
	self->buf[255] = '\0';
	ASSERT_EQ(255, kit_write_file(MESSAGE, self->buf, 255));
	EXPECT_TEXT(MESSAGE, self->buf);
}

/* Each bad write is refused with -EINVAL and the message stays as it was. */
TEST_F(procfs, bad_writes_change_nothing)
{
	struct { const char *what; const char *data; size_t len; } bad[] = {
		{ "empty", "", 0 },
		{ "only a newline", "\n", 1 },
		{ "embedded NUL", "ab\0cd", 5 },
		{ "overlong", self->buf, 256 },
		{ "beyond a page", self->buf, 4097 },
	};

	memset(self->buf, 'x', 8192);
	ASSERT_EQ(5, kit_write_file(MESSAGE, "good\n", 5));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing %s", bad[i].what);
		EXPECT_EQ(-EINVAL, kit_write_file(MESSAGE, bad[i].data,
						  bad[i].len));
		EXPECT_TEXT(MESSAGE, "good\n");
	}
}

TEST_F(procfs, writes_at_an_offset_are_refused)
{
	int fd = open(MESSAGE, O_WRONLY);

	ASSERT_LE(0, fd);
	/* seq_file files refuse pwrite() in the VFS already. */
	EXPECT_EQ(-1, pwrite(fd, "late\n", 5, 3));
	EXPECT_EQ(ESPIPE, errno);
	/* After a seek, the module's own offset check refuses the write. */
	ASSERT_EQ(3, lseek(fd, 3, SEEK_SET));
	EXPECT_EQ(-1, write(fd, "late\n", 5));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	/* A second write() continues at the offset the first one left. */
	EXPECT_EQ(4, write(fd, "one\n", 4));
	EXPECT_EQ(-1, write(fd, "two\n", 4));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	EXPECT_TEXT(MESSAGE, "one\n");
}

TEST_F(procfs, bad_user_pointer_gives_efault)
{
	int fd = open(MESSAGE, O_WRONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, kit_unmapped(), 10));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_write, fd, NULL, 10));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
	EXPECT_TEXT(MESSAGE, "hello from kit_procfs\n");
}

TEST_F(procfs, non_root_reads_but_cannot_write)
{
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, RECORDS, O_RDONLY));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, MESSAGE, O_RDONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, MESSAGE, O_WRONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, RECORDS, O_WRONLY));
}

/*
 * Two writers keep replacing the message with one of two texts of the
 * longest length, all A's or all B's, while two readers check that each
 * read shows one of them whole.  show() formats the message a byte at a
 * time (%s), far slower than the memcpy() of a write: without msg_lock,
 * a write that lands during a read makes it show A's then B's.  So the
 * texts are as long as a message can be, the writers run on one CPU and
 * the readers on the other, and every process keeps its file open and
 * goes back to offset 0 (a pread() at 0 runs show() again) to spend its
 * time in the module rather than in open() and close().  A fixed number
 * of rounds, no clock: the lock alone makes the test pass.
 */
#define ROUNDS		50000
#define LONGEST		255	/* a message's 254 bytes and echo's newline */

/* Even: a writer; odd: a reader.  0 when all went well. */
static int hammer_message(int i, void *unused)
{
	char texts[2][LONGEST + 1], buf[LONGEST + 2];
	int fd = open(MESSAGE, i % 2 ? O_RDONLY : O_WRONLY);
	int mixed = 0;

	for (int t = 0; t < 2; t++) {
		memset(texts[t], t ? 'B' : 'A', LONGEST - 1);
		texts[t][LONGEST - 1] = '\n';
		texts[t][LONGEST] = '\0';
	}
	if (fd < 0)
		return 3;
	for (int n = 0; n < ROUNDS; n++) {
		ssize_t got;

		if (i % 2 == 0) {
			if (lseek(fd, 0, SEEK_SET) != 0 ||
			    write(fd, texts[(n + i / 2) % 2], LONGEST) != LONGEST)
				return 1;
			continue;
		}
		got = pread(fd, buf, sizeof(buf) - 1, 0);
		if (got < 0)
			return 2;
		buf[got] = '\0';
		mixed += strcmp(buf, texts[0]) && strcmp(buf, texts[1]) &&
			 strcmp(buf, "hello from kit_procfs\n");
	}
	if (mixed)
		fprintf(stderr, "# reader %d: %d of %d reads mixed two messages\n",
			i, mixed, ROUNDS);
	return mixed ? 2 : 0;
}

TEST_F(procfs, concurrent_readers_and_writers_see_whole_messages)
{
	char want[64];

	EXPECT_EQ(0, kit_in_parallel(4, hammer_message, NULL));
	/* Not one write lost either: the count is taken under the lock too. */
	snprintf(want, sizeof(want), "writes: %d\n", 2 * ROUNDS);
	ASSERT_LT(0, kit_read_file(SUMMARY, self->buf, sizeof(self->buf)));
	EXPECT_NE(NULL, strstr(self->buf, want));
}

TEST_F(procfs, unload_removes_entries_and_reload_works)
{
	int fd = open(MESSAGE, O_RDONLY);
	char c;

	ASSERT_LE(0, fd);
	/* procfs does not pin the module: an open file does not block rmmod */
	ASSERT_EQ(0, kit_unload("kit_procfs"));
	EXPECT_FALSE(kit_exists(DIR));
	/* ... and a read on the stale file fails cleanly. */
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(EIO, errno);
	close(fd);
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TRUE(kit_exists(RECORDS));
	EXPECT_TRUE(kit_exists(SUMMARY));
	EXPECT_TRUE(kit_exists(MESSAGE));
}

TEST(module_loads_only_once)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_EQ(-EEXIST, kit_load(MODULE, ""));
	EXPECT_EQ(0, kit_unload("kit_procfs"));
	EXPECT_EQ(-ENOENT, kit_unload("kit_procfs"));
}

KIT_TEST_MAIN
