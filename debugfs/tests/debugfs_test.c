// SPDX-License-Identifier: GPL-2.0
/*
 * The debugfs chapter's tests: the one-line helpers, the message file's
 * offsets and limits, the validated threshold, who may look, concurrent
 * readers and writers, and unloading with files open.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "kit_test.h"

#define MODULE		KIT_DIR "debugfs/kit_debugfs.ko"
#define DEBUGFS		"/sys/kernel/debug"
#define KITDIR		DEBUGFS "/kit_debugfs/"
#define U8		KITDIR "u8"
#define U32		KITDIR "u32"
#define X32		KITDIR "x32"
#define BOOL		KITDIR "bool"
#define BLOB		KITDIR "blob"
#define ARRAY		KITDIR "u32_array"
#define MESSAGE		KITDIR "message"
#define THRESHOLD	KITDIR "threshold"
#define HELLO		"hello from kit_debugfs\n"
#define MSG_SIZE	200

FIXTURE(debugfs) {
	char buf[8192];
};

FIXTURE_SETUP(debugfs)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN(debugfs)
{
	EXPECT_EQ(0, kit_unload("kit_debugfs"));
}

TEST_F(debugfs, files_have_their_modes)
{
	struct stat st;

	ASSERT_EQ(0, stat(KITDIR, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(0644, kit_mode(U8));
	EXPECT_EQ(0644, kit_mode(U32));
	EXPECT_EQ(0444, kit_mode(X32));
	EXPECT_EQ(0644, kit_mode(BOOL));
	EXPECT_EQ(0444, kit_mode(BLOB));
	EXPECT_EQ(0444, kit_mode(ARRAY));
	EXPECT_EQ(0644, kit_mode(MESSAGE));
	EXPECT_EQ(0644, kit_mode(THRESHOLD));
	/* What keeps everyone but root out (see the non-root tests). */
	EXPECT_EQ(0700, kit_mode(DEBUGFS));
}

TEST_F(debugfs, helpers_read_and_write_their_variables)
{
	EXPECT_TEXT(U8, "7\n");
	EXPECT_TEXT(U32, "100000\n");
	EXPECT_TEXT(X32, "0xdeadbeef\n");
	EXPECT_TEXT(BOOL, "Y\n");

	EXPECT_EQ(4, kit_put(U8, "200\n"));
	EXPECT_TEXT(U8, "200\n");
	/* Numbers are parsed in base 0: 0x for hex, a leading 0 for octal. */
	EXPECT_EQ(4, kit_put(U32, "0x10"));
	EXPECT_TEXT(U32, "16\n");
	EXPECT_EQ(3, kit_put(U32, "010"));
	EXPECT_TEXT(U32, "8\n");
	EXPECT_EQ(2, kit_put(BOOL, "n\n"));
	EXPECT_TEXT(BOOL, "N\n");
	EXPECT_EQ(2, kit_put(BOOL, "on"));
	EXPECT_TEXT(BOOL, "Y\n");
}

/*
 * The helpers check the syntax, never the range: a u8 keeps the low
 * eight bits of whatever number it is given.  threshold, with a set()
 * of its own, is how a value gets checked.
 */
TEST_F(debugfs, helpers_check_syntax_but_not_range)
{
	const char *bad[] = { "abc", "-1", "", "\n", "12x", "1 2" };

	EXPECT_EQ(3, kit_put(U8, "300"));
	EXPECT_TEXT(U8, "44\n");		/* 300 & 0xff */
	EXPECT_EQ(10, kit_put(U32, "4294967297"));
	EXPECT_TEXT(U32, "1\n");		/* 2^32 + 1, cut to 32 bits */

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		TH_LOG("writing '%s'", bad[i]);
		EXPECT_EQ(-EINVAL, kit_put(U8, bad[i]));
		EXPECT_TEXT(U8, "44\n");
	}

	/*
	 * The bool helper looks at the first character only, and claims
	 * to have taken what it could not parse: only the value shows it.
	 */
	EXPECT_EQ(5, kit_put(BOOL, "yeah!"));
	EXPECT_TEXT(BOOL, "Y\n");
	EXPECT_EQ(4, kit_put(BOOL, "nope"));
	EXPECT_TEXT(BOOL, "N\n");
	EXPECT_EQ(5, kit_put(BOOL, "maybe"));
	EXPECT_TEXT(BOOL, "N\n");
	EXPECT_EQ(0, kit_put(BOOL, ""));
	EXPECT_TEXT(BOOL, "N\n");
}

/*
 * Root may open a 0444 file for writing (it overrides modes), so the
 * mode alone does not make a file read-only: x32 is refused because,
 * seeing no write bit, debugfs_create_x32() chose operations without a
 * set(); u32_array has no write operation at all.
 */
TEST_F(debugfs, read_only_files_refuse_even_root)
{
	int fd = open(X32, O_WRONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, "1", 1));
	EXPECT_EQ(EACCES, errno);
	close(fd);
	EXPECT_TEXT(X32, "0xdeadbeef\n");

	fd = open(ARRAY, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, "1", 1));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	EXPECT_TEXT(ARRAY, "1 2 3 5 8 13 21 34\n");
}

/* The running kernel's version as 100 * major + minor (601, 612), or -1. */
static int kernel_version(void)
{
	int major, minor;

	if (sscanf(kit_text("/proc/sys/kernel/osrelease"), "%d.%d",
		   &major, &minor) != 2)
		return -1;
	return 100 * major + minor;
}

/*
 * A blob has a write operation in 6.12 but not in 6.1, and root may
 * open a 0444 file for writing: on 6.12 root's write goes through.
 * The mode is a promise only for the operations behind the file.
 */
TEST_F(debugfs, root_writes_a_0444_blob_where_blobs_have_a_write)
{
	unsigned char bytes[16];
	int version = kernel_version();
	int fd = open(BLOB, O_WRONLY);
	ssize_t n;

	ASSERT_LT(0, version);
	ASSERT_LE(0, fd);
	n = write(fd, "AB", 2);
	if (n < 0)
		n = -errno;
	close(fd);
	fd = open(BLOB, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(16, read(fd, bytes, sizeof(bytes)));
	close(fd);
	if (version <= 601) {
		EXPECT_EQ(-EINVAL, n);	/* no write operation */
		EXPECT_EQ(0x00, bytes[0]);
	} else if (version >= 612) {
		EXPECT_EQ(2, n);
		EXPECT_EQ('A', bytes[0]);
		EXPECT_EQ('B', bytes[1]);
	} else {
		SKIP(return, "blobs became writable between 6.1 and 6.12");
	}
	EXPECT_EQ(0x22, bytes[2]);
}

TEST_F(debugfs, blob_and_array_show_what_the_module_gave)
{
	unsigned char bytes[64];
	int fd;

	EXPECT_TEXT(ARRAY, "1 2 3 5 8 13 21 34\n");

	fd = open(BLOB, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(16, read(fd, bytes, sizeof(bytes)));
	for (int i = 0; i < 16; i++)
		EXPECT_EQ(0x11 * i, bytes[i]);
	EXPECT_EQ(0, read(fd, bytes, sizeof(bytes)));	/* end of file */
	/* A blob is a plain buffer: any offset can be read. */
	ASSERT_EQ(4, pread(fd, bytes, 4, 12));
	EXPECT_EQ(0xcc, bytes[0]);
	EXPECT_EQ(0xff, bytes[3]);
	EXPECT_EQ(0, pread(fd, bytes, 4, 16));
	close(fd);
}

TEST_F(debugfs, message_round_trip)
{
	char full[MSG_SIZE + 1];
	ssize_t n;

	EXPECT_TEXT(MESSAGE, HELLO);
	ASSERT_EQ(14, kit_put(MESSAGE, "cold room: 4C\n"));
	EXPECT_TEXT(MESSAGE, "cold room: 4C\n");

	/* Exactly 200 bytes fit, and come back as written. */
	memset(full, 'm', MSG_SIZE);
	full[MSG_SIZE - 1] = '\n';
	full[MSG_SIZE] = '\0';
	ASSERT_EQ(MSG_SIZE, kit_write_file(MESSAGE, full, MSG_SIZE));
	n = kit_read_file(MESSAGE, self->buf, sizeof(self->buf));
	EXPECT_EQ(MSG_SIZE, n);
	EXPECT_STREQ(full, self->buf);
}

TEST_F(debugfs, message_reads_in_any_chunk_and_at_any_offset)
{
	size_t sizes[] = { 1, 2, 7, 22, 23, 200 };
	char part[64];
	int fd;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		ssize_t n, len = 0;

		fd = open(MESSAGE, O_RDONLY);
		ASSERT_LE(0, fd);
		while ((n = read(fd, self->buf + len, sizes[i])) > 0)
			len += n;
		EXPECT_EQ(0, n);
		close(fd);
		self->buf[len] = '\0';
		EXPECT_STREQ(HELLO, self->buf);
	}

	fd = open(MESSAGE, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(17, pread(fd, part, sizeof(part), 6));
	EXPECT_EQ(0, memcmp("from kit_debugfs\n", part, 17));
	EXPECT_EQ(0, pread(fd, part, sizeof(part), 23));	/* the end */
	EXPECT_EQ(0, pread(fd, part, sizeof(part), 5000));	/* beyond */
	ASSERT_EQ(100, lseek(fd, 100, SEEK_SET));
	EXPECT_EQ(0, read(fd, part, sizeof(part)));
	close(fd);
}

/*
 * A write puts its bytes at the file offset and the message ends where
 * the write ends: write() after write() builds a message, pwrite() inside
 * it rewrites its tail, O_APPEND adds to it, and a write that would
 * leave a hole is refused.
 */
TEST_F(debugfs, message_writes_follow_the_offset)
{
	int fd = open(MESSAGE, O_WRONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(6, write(fd, "hello ", 6));
	EXPECT_EQ(6, write(fd, "world\n", 6));
	EXPECT_TEXT(MESSAGE, "hello world\n");

	EXPECT_EQ(6, pwrite(fd, "there\n", 6, 6));
	EXPECT_TEXT(MESSAGE, "hello there\n");
	EXPECT_EQ(3, pwrite(fd, "p!\n", 3, 3));
	EXPECT_TEXT(MESSAGE, "help!\n");

	/* Past the end (6 bytes now) there is nothing to continue. */
	EXPECT_EQ(-1, pwrite(fd, "x", 1, 7));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(1, pwrite(fd, "x", 1, 6));	/* right at the end: fine */
	EXPECT_TEXT(MESSAGE, "help!\nx");
	close(fd);

	fd = open(MESSAGE, O_WRONLY | O_APPEND);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, write(fd, "tra\n!", 5));
	close(fd);
	EXPECT_TEXT(MESSAGE, "help!\nxtra\n!");
}

/* Each bad write gets its own errno and the message stays as it was. */
TEST_F(debugfs, message_bad_writes_change_nothing)
{
	struct {
		const char *what;
		const void *data;
		size_t len;
		off_t pos;
		int err;
	} bad[] = {
		{ "overlong", self->buf, MSG_SIZE + 1, 0, EFBIG },
		{ "beyond a page", self->buf, 4097, 0, EFBIG },
		{ "ending past 200 bytes", self->buf, MSG_SIZE - 20, 23, EFBIG },
		{ "leaving a hole", "x", 1, 24, EINVAL },
		{ "at a huge offset", "x", 1, 1 << 30, EINVAL },
		{ "with a NUL", "ab\0cd", 5, 0, EINVAL },
		{ "from an unmapped buffer", kit_unmapped(), 10, 0, EFAULT },
		{ "from NULL", NULL, 10, 0, EFAULT },
	};
	int fd = open(MESSAGE, O_WRONLY);

	ASSERT_LE(0, fd);
	memset(self->buf, 'x', sizeof(self->buf));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		TH_LOG("writing %s", bad[i].what);
		EXPECT_EQ(-1, syscall(SYS_pwrite64, fd, bad[i].data, bad[i].len,
				      bad[i].pos));
		EXPECT_EQ(bad[i].err, errno);
		EXPECT_TEXT(MESSAGE, HELLO);
	}
	/* An empty write is no write: the message stays, even at 0. */
	EXPECT_EQ(0, write(fd, "", 0));
	EXPECT_TEXT(MESSAGE, HELLO);
	close(fd);
}

TEST_F(debugfs, threshold_takes_0_to_100)
{
	EXPECT_TEXT(THRESHOLD, "50\n");
	EXPECT_EQ(1, kit_put(THRESHOLD, "0"));
	EXPECT_TEXT(THRESHOLD, "0\n");
	EXPECT_EQ(4, kit_put(THRESHOLD, "100\n"));
	EXPECT_TEXT(THRESHOLD, "100\n");
	EXPECT_EQ(4, kit_put(THRESHOLD, "0x20"));
	EXPECT_TEXT(THRESHOLD, "32\n");
}

/*
 * threshold_set() refuses what is out of range; the attribute library
 * refuses what is not a number before set() is called.  Either way the
 * value stays.
 */
TEST_F(debugfs, threshold_refuses_bad_values)
{
	struct { const char *what; const char *data; size_t len; int err; } bad[] = {
		{ "101", "101", 3, EINVAL },
		{ "a huge number", "18446744073709551616", 20, ERANGE },
		{ "negative", "-1", 2, EINVAL },
		{ "non-numeric", "half", 4, EINVAL },
		{ "a number and more", "20 30", 5, EINVAL },
		{ "empty", "", 0, EINVAL },
		{ "only a newline", "\n", 1, EINVAL },
		/* Only the first 23 bytes are parsed: here, 23 digits. */
		{ "beyond a page of digits", self->buf, 4097, ERANGE },
	};
	int fd;

	memset(self->buf, '7', sizeof(self->buf));
	ASSERT_EQ(2, kit_put(THRESHOLD, "42"));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		TH_LOG("writing %s", bad[i].what);
		EXPECT_EQ(-bad[i].err, kit_write_file(THRESHOLD, bad[i].data,
						      bad[i].len));
		EXPECT_TEXT(THRESHOLD, "42\n");
	}

	fd = open(THRESHOLD, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, kit_unmapped(), 3));
	EXPECT_EQ(EFAULT, errno);
	/* An attribute file is not seekable: no pwrite. */
	EXPECT_EQ(-1, pwrite(fd, "10", 2, 1));
	EXPECT_EQ(ESPIPE, errno);
	close(fd);
	EXPECT_TEXT(THRESHOLD, "42\n");
}

TEST_F(debugfs, non_root_is_kept_out_by_the_mount)
{
	const char *files[] = { KITDIR, U8, X32, BLOB, MESSAGE, THRESHOLD };

	/* Every file is readable by its mode, but the way to it is not. */
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		TH_LOG("%s", files[i]);
		EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, files[i], O_RDONLY));
		EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, files[i], O_WRONLY));
	}
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, DEBUGFS "/", O_RDONLY));
}

/* A fixture that opens /sys/kernel/debug to everyone, and closes it. */
FIXTURE(open_mount) {
	mode_t mode;
};

FIXTURE_SETUP(open_mount)
{
	self->mode = kit_mode(DEBUGFS);
	ASSERT_EQ(0, kit_load(MODULE, ""));
	ASSERT_EQ(0, chmod(DEBUGFS, 0755));
}

FIXTURE_TEARDOWN(open_mount)
{
	EXPECT_EQ(0, chmod(DEBUGFS, self->mode));
	EXPECT_EQ(0, kit_unload("kit_debugfs"));
}

/*
 * With mount -o mode=0755 (or a chmod of the mount point), the files'
 * own modes decide: everyone reads, only root writes.
 */
TEST_F(open_mount, file_modes_apply_once_the_mount_lets_users_in)
{
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, U8, O_RDONLY));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, MESSAGE, O_RDONLY));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, BLOB, O_RDONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, U8, O_WRONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, MESSAGE, O_WRONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, THRESHOLD, O_RDWR));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, X32, O_WRONLY));
}

/*
 * Two writers keep replacing the message, each with a long text and a
 * short one in turn, while two readers check that every read() sees
 * one of the texts whole.  message_read() takes its snapshot of the
 * length and the bytes in one go under message_lock, and message_write()
 * changes both under it; without the lock a reader can take the old
 * length with the new bytes (the first two letters of a long text) or
 * the new bytes with the old length (a short text, then the tail of a
 * long one).  Those copies are short, so the test gives them every
 * chance to overlap: the writers run on one CPU and the readers on the
 * other, each keeps its file open and reads or writes at offset 0 with
 * pread() and pwrite(), to spend its time in the module.  A fixed number
 * of rounds, no clock: the lock alone makes the test pass.  (Each read()
 * takes its own snapshot, so a reader that needs several read() calls
 * for one message could still mix two: the readers here read it in one.)
 */
#define ROUNDS		100000

/* A message of 200 bytes: 199 times the letter, then a newline. */
static void fill(char *msg, char letter)
{
	memset(msg, letter, MSG_SIZE - 1);
	msg[MSG_SIZE - 1] = '\n';
	msg[MSG_SIZE] = '\0';
}

/* Even: a writer; odd: a reader.  0 when all went well. */
static int hammer_message(int i, void *unused)
{
	char a[MSG_SIZE + 1], b[MSG_SIZE + 1], buf[MSG_SIZE + 1];
	const char *texts[] = { HELLO, a, "b\n", b, "a\n" };
	/* Writer 0 writes A's and "b" in turn, writer 2 B's and "a". */
	const char *const *mine = &texts[1 + i];
	int fd = open(MESSAGE, i % 2 ? O_RDONLY : O_WRONLY);
	int mixed = 0;

	fill(a, 'A');
	fill(b, 'B');
	if (fd < 0)
		return 3;
	for (int n = 0; n < ROUNDS; n++) {
		const char *t = mine[n % 2];
		ssize_t got;
		size_t k;

		if (i % 2 == 0) {
			if (pwrite(fd, t, strlen(t), 0) != (ssize_t)strlen(t))
				return 1;
			continue;
		}
		got = pread(fd, buf, MSG_SIZE, 0);
		if (got < 0)
			return 2;
		buf[got] = '\0';
		for (k = 0; k < 5 && strcmp(buf, texts[k]); k++)
			;
		mixed += k == 5;	/* none of the texts */
	}
	if (mixed)
		fprintf(stderr, "# reader %d: %d of %d reads mixed two messages\n",
			i, mixed, ROUNDS);
	return mixed ? 2 : 0;
}

TEST_F(debugfs, concurrent_readers_and_writers_see_whole_messages)
{
	EXPECT_EQ(0, kit_in_parallel(4, hammer_message, NULL));
}

/*
 * Writers store good and bad thresholds while readers watch: a refused
 * value is never seen, not even for a moment.  Worker 0 stores 90 and
 * 10 in turn, worker 1 tries 150, workers 2 and 3 read.
 */
static int hammer_threshold(int i, void *arg)
{
	for (int n = 0; kit_another_round(n, 2000); n++) {
		const char *t;

		if (i == 0) {
			if (kit_put(THRESHOLD, n % 2 ? "10" : "90") != 2)
				return 1;
		} else if (i == 1) {
			if (kit_put(THRESHOLD, "150") != -EINVAL)
				return 2;
		} else {
			t = kit_text(THRESHOLD);
			if (strcmp(t, "10\n") && strcmp(t, "90\n") &&
			    strcmp(t, "50\n"))
				return 3;
		}
	}
	/* The writer ends on 10, however many rounds it ran. */
	if (i == 0 && kit_put(THRESHOLD, "10") != 2)
		return 1;
	return 0;
}

TEST_F(debugfs, concurrent_threshold_writers_never_store_a_bad_value)
{
	EXPECT_EQ(0, kit_in_parallel(4, hammer_threshold, NULL));
	EXPECT_TEXT(THRESHOLD, "10\n");	/* the writer's last */
}

/*
 * The helpers' operations live in the kernel, not in the module, so an
 * open u8 file does not keep the module loaded; after the unload the
 * file answers EIO instead of touching freed memory.  The message and
 * threshold operations are the module's own (.owner = THIS_MODULE):
 * while one is open, the module stays.
 */
TEST_F(debugfs, open_files_and_unloading)
{
	int helper = open(U8, O_RDONLY);
	int own = open(MESSAGE, O_RDONLY);
	int attr = open(THRESHOLD, O_RDONLY);
	char c;

	ASSERT_LE(0, helper);
	ASSERT_LE(0, own);
	ASSERT_LE(0, attr);

	EXPECT_EQ(-EAGAIN, kit_unload("kit_debugfs"));
	close(own);
	EXPECT_EQ(-EAGAIN, kit_unload("kit_debugfs"));
	close(attr);
	ASSERT_EQ(0, kit_unload("kit_debugfs"));
	EXPECT_FALSE(kit_exists(KITDIR));
	EXPECT_EQ(-1, read(helper, &c, 1));
	EXPECT_EQ(EIO, errno);
	close(helper);

	ASSERT_EQ(0, kit_load(MODULE, ""));	/* for the teardown */
}

/* Entries in a directory, or -1. */
static int count_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

TEST(unload_removes_everything_and_reload_starts_afresh)
{
	int before = count_entries(DEBUGFS);

	ASSERT_LE(0, before);
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_EQ(before + 1, count_entries(DEBUGFS));
	EXPECT_EQ(8, count_entries(KITDIR));
	ASSERT_EQ(3, kit_put(U8, "123"));
	ASSERT_EQ(1, kit_put(BOOL, "n"));
	ASSERT_EQ(2, kit_put(THRESHOLD, "99"));
	ASSERT_EQ(8, kit_put(MESSAGE, "changed\n"));

	ASSERT_EQ(0, kit_unload("kit_debugfs"));
	EXPECT_FALSE(kit_exists(KITDIR));
	EXPECT_EQ(before, count_entries(DEBUGFS));

	/* A new load is a new copy of the module: its initial values. */
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TEXT(U8, "7\n");
	EXPECT_TEXT(BOOL, "Y\n");
	EXPECT_TEXT(THRESHOLD, "50\n");
	EXPECT_TEXT(MESSAGE, HELLO);
	EXPECT_EQ(-EEXIST, kit_load(MODULE, ""));
	EXPECT_EQ(0, kit_unload("kit_debugfs"));
	EXPECT_EQ(before, count_entries(DEBUGFS));
}

/* The reader shows every file to root, and tells anyone else why not. */
TEST_F(debugfs, reader_shows_the_files_to_root_only)
{
	char *show[] = { KIT_DIR "debugfs/reader", NULL };
	char *set[] = { KIT_DIR "debugfs/reader", "-t", "75", "-m", "set by the reader", NULL };
	char *bad[] = { KIT_DIR "debugfs/reader", "-t", "175", NULL };

	ASSERT_EQ(0, kit_run(KIT_ASIS, self->buf, sizeof(self->buf), show));
	EXPECT_NE(NULL, strstr(self->buf, "x32        0xdeadbeef\n"));
	EXPECT_NE(NULL, strstr(self->buf, "blob       00 11 22 33"));
	EXPECT_NE(NULL, strstr(self->buf, "message    hello from kit_debugfs\n"));

	ASSERT_EQ(0, kit_run(KIT_ASIS, self->buf, sizeof(self->buf), set));
	EXPECT_TEXT(THRESHOLD, "75\n");
	EXPECT_TEXT(MESSAGE, "set by the reader\n");
	EXPECT_EQ(1, kit_run(KIT_ASIS, self->buf, sizeof(self->buf), bad));
	EXPECT_NE(NULL, strstr(self->buf, "Invalid argument"));
	EXPECT_TEXT(THRESHOLD, "75\n");

	EXPECT_EQ(1, kit_run(KIT_NOBODY, self->buf, sizeof(self->buf), show));
	EXPECT_NE(NULL, strstr(self->buf, "Permission denied"));
	EXPECT_NE(NULL, strstr(self->buf, "root only"));
}

KIT_TEST_MAIN
