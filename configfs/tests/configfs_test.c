// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs chapter's tests: items made with mkdir(2) and removed
 * with rmdir(2), their attributes through read(2) and write(2), bad
 * input, another user, concurrency, and the module's life while items
 * exist.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "kit_test.h"

#define MODULE		KIT_DIR "configfs/kit_configfs.ko"
#define SUBSYS		"/sys/kernel/config/kit_configfs/"
#define ITEMS		SUBSYS "items"
#define ALIVE		SUBSYS "alive"
#define ITEM		SUBSYS "room/"
#define LABEL		ITEM "label"
#define CELSIUS		ITEM "celsius"
#define FAHRENHEIT	ITEM "fahrenheit"
#define BIG		8192

FIXTURE(configfs) {
	char buf[BIG];
};

FIXTURE_SETUP(configfs)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

/* The items a test left would keep the module: they go first. */
FIXTURE_TEARDOWN(configfs)
{
	kit_rmdir_children(SUBSYS);
	EXPECT_EQ(0, kit_unload("kit_configfs"));
}

/* For tests that load the module themselves: unload it if it is there. */
FIXTURE(load) {
};

FIXTURE_SETUP(load)
{
}

FIXTURE_TEARDOWN(load)
{
	int ret;

	kit_rmdir_children(SUBSYS);
	ret = kit_unload("kit_configfs");
	EXPECT_TRUE(ret == 0 || ret == -ENOENT);
}

static int make(const char *path)
{
	return mkdir(path, 0755) ? -errno : 0;
}

static int unmake(const char *path)
{
	return rmdir(path) ? -errno : 0;
}

/* Run op(path) as the user nobody, in a child: 0 or -errno. */
static int as_nobody(int (*op)(const char *), const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
			_exit(255);
		_exit(-op(path));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -ECHILD;
	return -WEXITSTATUS(status);
}

TEST_F(configfs, subsystem_appears_empty)
{
	struct stat st;

	ASSERT_EQ(0, stat(SUBSYS, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	EXPECT_EQ(0444, kit_mode(ITEMS));
	EXPECT_TEXT(ITEMS, "0\n");
	EXPECT_TEXT(ALIVE, "0\n");
	/* Read-only files stay read-only for root. */
	EXPECT_EQ(-EACCES, kit_put(ITEMS, "1\n"));
}

TEST_F(configfs, mkdir_makes_an_item_and_rmdir_removes_it)
{
	ASSERT_EQ(0, make(ITEM));
	EXPECT_EQ(0644, kit_mode(LABEL));
	EXPECT_EQ(0644, kit_mode(CELSIUS));
	EXPECT_EQ(0444, kit_mode(FAHRENHEIT));
	EXPECT_TEXT(LABEL, "\n");
	EXPECT_TEXT(CELSIUS, "20\n");
	EXPECT_TEXT(FAHRENHEIT, "68\n");
	EXPECT_TEXT(ITEMS, "1\n");
	EXPECT_TEXT(ALIVE, "1\n");

	/* The files are the item's: rmdir takes them along. */
	ASSERT_EQ(0, unmake(ITEM));
	EXPECT_FALSE(kit_exists(ITEM));
	EXPECT_TEXT(ITEMS, "0\n");
	EXPECT_TEXT(ALIVE, "0\n");
}

TEST_F(configfs, configure_and_read_back)
{
	const struct { const char *c; const char *f; } temps[] = {
		{ "-40\n", "-40\n" }, { "0\n", "32\n" }, { "37\n", "99\n" },
		{ "-1\n", "30\n" }, { "4\n", "39\n" }, { "125\n", "257\n" },
	};

	ASSERT_EQ(0, make(ITEM));
	ASSERT_EQ(0, make(SUBSYS "freezer"));
	EXPECT_EQ(10, kit_put(LABEL, "cold room\n"));
	EXPECT_TEXT(LABEL, "cold room\n");
	EXPECT_EQ(31, kit_put(LABEL, "0123456789012345678901234567890"));
	EXPECT_TEXT(LABEL, "0123456789012345678901234567890\n");
	for (size_t i = 0; i < sizeof(temps) / sizeof(temps[0]); i++) {
		EXPECT_EQ((ssize_t)strlen(temps[i].c),
			  kit_put(CELSIUS, temps[i].c));
		EXPECT_TEXT(CELSIUS, temps[i].c);
		EXPECT_TEXT(FAHRENHEIT, temps[i].f);
	}
	/* Each item has values of its own. */
	EXPECT_TEXT(SUBSYS "freezer/label", "\n");
	EXPECT_TEXT(SUBSYS "freezer/celsius", "20\n");
	EXPECT_EQ(-EACCES, kit_put(FAHRENHEIT, "50\n"));
}

TEST_F(configfs, bad_labels_change_nothing)
{
	const struct { const char *what; const char *data; size_t len; } bad[] = {
		{ "only a newline", "\n", 1 },
		{ "32 bytes", "01234567890123456789012345678901", 32 },
		{ "beyond a page", self->buf, 5000 },
		{ "embedded NUL", "ab\0cd", 5 },
		{ "only a NUL", "\0", 1 },
		{ "two lines", "one\ntwo\n", 8 },
		{ "two newlines", "one\n\n", 5 },
	};

	memset(self->buf, 'x', sizeof(self->buf));
	ASSERT_EQ(0, make(ITEM));
	ASSERT_EQ(5, kit_put(LABEL, "good\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, kit_write_file(LABEL, bad[i].data,
						  bad[i].len))
			TH_LOG("writing %s", bad[i].what);
		EXPECT_TEXT(LABEL, "good\n");
	}
	/*
	 * configfs answers an empty write itself: it copied no byte, which
	 * it reports as EFAULT, and store() is never called.
	 */
	EXPECT_EQ(-EFAULT, kit_put(LABEL, ""));
	EXPECT_TEXT(LABEL, "good\n");
}

TEST_F(configfs, bad_numbers_change_nothing)
{
	const struct { const char *what; const char *data; size_t len; } bad[] = {
		{ "below the range", "-41\n", 4 },
		{ "above the range", "126\n", 4 },
		{ "only a newline", "\n", 1 },
		{ "non-numeric", "cold\n", 5 },
		{ "a unit", "4C\n", 3 },
		{ "two values", "1 2\n", 4 },
		{ "hexadecimal", "0x10\n", 5 },
		{ "embedded NUL", "12\0" "5", 4 },
		{ "overflow", "4294967300\n", 11 },
		{ "beyond a page", self->buf, 5000 },
	};

	memset(self->buf, '1', sizeof(self->buf));
	ASSERT_EQ(0, make(ITEM));
	ASSERT_EQ(2, kit_put(CELSIUS, "4\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, kit_write_file(CELSIUS, bad[i].data,
						  bad[i].len))
			TH_LOG("writing %s", bad[i].what);
		EXPECT_TEXT(CELSIUS, "4\n");
		EXPECT_TEXT(FAHRENHEIT, "39\n");
	}
}

/* configfs ignores the file offset: each write(2) is a whole value. */
TEST_F(configfs, each_write_is_a_whole_value_at_any_offset)
{
	int fd;

	ASSERT_EQ(0, make(ITEM));
	fd = open(LABEL, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(4, pwrite(fd, "abc\n", 4, 100));
	EXPECT_EQ(3, write(fd, "def", 3));	/* not "abc\ndef" */
	close(fd);
	EXPECT_TEXT(LABEL, "def\n");
}

TEST_F(configfs, bad_user_pointer_gives_efault)
{
	int fd;

	ASSERT_EQ(0, make(ITEM));
	ASSERT_EQ(3, kit_put(LABEL, "ok\n"));
	fd = open(LABEL, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, kit_unmapped(), 4));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_write, fd, NULL, 4));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
	EXPECT_TEXT(LABEL, "ok\n");
}

TEST_F(configfs, hundred_items_made_and_removed)
{
	char path[128];
	struct dirent *e;
	int dirs = 0;
	DIR *d;

	for (int i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), SUBSYS "item%d", i);
		ASSERT_EQ(0, make(path)) TH_LOG("%s", path);
		snprintf(path, sizeof(path), SUBSYS "item%d/celsius", i);
		ASSERT_LT(0, kit_write_file(path, self->buf,
			  snprintf(self->buf, 16, "%d\n", i)));
	}
	EXPECT_TEXT(ITEMS, "100\n");
	EXPECT_TEXT(ALIVE, "100\n");
	d = opendir(SUBSYS);
	ASSERT_NE(NULL, d);
	while ((e = readdir(d)))
		dirs += e->d_type == DT_DIR && e->d_name[0] != '.';
	closedir(d);
	EXPECT_EQ(100, dirs);
	for (int i = 0; i < 100; i++) {
		char want[16];

		snprintf(path, sizeof(path), SUBSYS "item%d/celsius", i);
		snprintf(want, sizeof(want), "%d\n", i);
		EXPECT_TEXT(path, want);
		snprintf(path, sizeof(path), SUBSYS "item%d", i);
		ASSERT_EQ(0, unmake(path)) TH_LOG("%s", path);
	}
	EXPECT_TEXT(ITEMS, "0\n");
	EXPECT_TEXT(ALIVE, "0\n");
}

/* Only mkdir and rmdir change the tree, and only where they make sense. */
TEST_F(configfs, refused_tree_operations)
{
	EXPECT_EQ(-ENOENT, unmake(SUBSYS "missing"));
	ASSERT_EQ(0, make(ITEM));
	EXPECT_EQ(-EEXIST, make(ITEM));
	/* An item is not a group: nothing can be made inside it. */
	EXPECT_EQ(-EPERM, make(ITEM "inner"));
	/* Attribute files are not the user's to remove or to add. */
	EXPECT_EQ(-1, unlink(LABEL));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, open(SUBSYS "notes", O_WRONLY | O_CREAT, 0644));
	EXPECT_EQ(EACCES, errno);
	/* The subsystem's own directory is the module's, not the user's. */
	EXPECT_EQ(-EPERM, unmake(SUBSYS));
	EXPECT_TEXT(ITEMS, "1\n");
	ASSERT_EQ(0, unmake(ITEM));
	EXPECT_EQ(-ENOENT, unmake(ITEM));
	EXPECT_TEXT(ITEMS, "0\n");
}

TEST_F(configfs, non_root_reads_but_cannot_change)
{
	ASSERT_EQ(0, make(ITEM));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, LABEL, O_RDONLY));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, FAHRENHEIT, O_RDONLY));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, ITEMS, O_RDONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, LABEL, O_WRONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, CELSIUS, O_WRONLY));
	EXPECT_EQ(-EACCES, as_nobody(make, SUBSYS "mine"));
	EXPECT_EQ(-EACCES, as_nobody(unmake, ITEM));
	EXPECT_TRUE(kit_exists(ITEM));
	EXPECT_FALSE(kit_exists(SUBSYS "mine"));
}

/*
 * Each item takes a reference on the module (the item type's
 * ct_owner), so delete_module(2) refuses while one exists.  It says
 * EWOULDBLOCK (EAGAIN), not EBUSY: the module is live but in use.
 */
TEST_F(configfs, rmmod_is_refused_while_an_item_exists)
{
	ASSERT_EQ(0, make(ITEM));
	ASSERT_EQ(4, kit_put(LABEL, "kept"));
	EXPECT_EQ(-EAGAIN, kit_unload("kit_configfs"));
	/* Refused means untouched. */
	EXPECT_TEXT(LABEL, "kept\n");
	ASSERT_EQ(0, unmake(ITEM));
	ASSERT_EQ(0, kit_unload("kit_configfs"));
	EXPECT_FALSE(kit_exists(SUBSYS));
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

/*
 * An open attribute file does not keep its item: rmdir works, the item
 * is released at once, and the open file then reads ENOENT.  It does
 * keep the module (the attribute's ca_owner) until it is closed.
 */
TEST_F(configfs, open_file_after_rmdir)
{
	char c[8];
	int fd;

	ASSERT_EQ(0, make(ITEM));
	fd = open(LABEL, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, unmake(ITEM));
	EXPECT_TEXT(ITEMS, "0\n");
	EXPECT_TEXT(ALIVE, "0\n");
	EXPECT_EQ(-1, read(fd, c, sizeof(c)));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, write(fd, "late\n", 5));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-EAGAIN, kit_unload("kit_configfs"));
	close(fd);
	ASSERT_EQ(0, kit_unload("kit_configfs"));
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

/*
 * Two processes make and remove items of their own and race for one
 * shared name; two write the label and celsius of room; two read room
 * and check that they only ever see whole values that belong together,
 * and count the items (under the subsystem mutex) while the others make
 * and remove them.  Afterwards only room is left.
 */
TEST_F(configfs, concurrent_mkdir_rmdir_readers_and_writers)
{
	const char *labels[] = { "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n", "b\n" };
	pid_t pids[6];

	ASSERT_EQ(0, make(ITEM));
	for (int i = 0; i < 6; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		for (int n = 0; kit_another_round(n, 500); n++) {
			char buf[128], own[64];
			int r;

			switch (i) {
			case 0:
			case 1:
				snprintf(own, sizeof(own), SUBSYS "p%d-%d", i, n);
				if (make(own) || unmake(own))
					_exit(1);
				r = make(SUBSYS "shared");
				if (r && r != -EEXIST)
					_exit(1);
				r = unmake(SUBSYS "shared");
				if (r && r != -ENOENT)
					_exit(1);
				break;
			case 2:
			case 3:
				if (kit_put(LABEL, labels[(n + i) % 2]) !=
				    (ssize_t)strlen(labels[(n + i) % 2]) ||
				    kit_put(CELSIUS, (n + i) % 2 ? "-40\n" : "100\n") < 0)
					_exit(1);
				break;
			default:
				if (kit_read_file(LABEL, buf, sizeof(buf)) < 0 ||
				    (strcmp(buf, "\n") && strcmp(buf, labels[0]) &&
				     strcmp(buf, labels[1])))
					_exit(2);
				if (kit_read_file(FAHRENHEIT, buf, sizeof(buf)) < 0 ||
				    (strcmp(buf, "68\n") && strcmp(buf, "-40\n") &&
				     strcmp(buf, "212\n")))
					_exit(2);
				/* room, two of p0/p1's own, shared: 1 to 4 */
				if (kit_read_file(ITEMS, buf, sizeof(buf)) < 0 ||
				    atoi(buf) < 1 || atoi(buf) > 4)
					_exit(3);
			}
		}
		_exit(0);
	}
	EXPECT_EQ(0, kit_children_failed(pids, 6));
	unmake(SUBSYS "shared");	/* if the last of the race made it */
	EXPECT_TEXT(ITEMS, "1\n");
	EXPECT_TEXT(ALIVE, "1\n");
}

/*
 * Two writers keep storing one of two labels of the longest length, all
 * A's or all B's, while two readers check that each read shows one of
 * them whole.  show() formats the label a byte at a time (%s), far
 * slower than the memcpy() of a store, so without the item's lock a
 * store that lands during a read makes it show A's then B's.  The
 * writers run on one CPU and the readers on the other; a writer keeps
 * its file open (each write(2) is a store) and goes on until the
 * readers are done, so that a store can land during any read.  The
 * readers' rounds are counted, not timed: the lock alone makes the test
 * pass.
 */
#define ROUNDS		2000

static const char *const long_labels[] = {
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",	/* 31 bytes and a newline */
	"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n",
};

/* Even: a writer; odd: a reader.  0 when all went well. */
static int use_label(int i, void *arg)
{
	int *readers_left = arg;
	int mixed = 0;
	char buf[64];

	if (i % 2 == 0) {
		int fd = open(LABEL, O_WRONLY);

		if (fd < 0)
			return 1;
		for (int n = 0; __atomic_load_n(readers_left, __ATOMIC_RELAXED);
		     n++) {
			const char *l = long_labels[(n + i / 2) % 2];

			if (write(fd, l, strlen(l)) != (ssize_t)strlen(l))
				return 1;
		}
		return 0;
	}
	for (int n = 0; kit_another_round(n, ROUNDS); n++) {
		/* A fresh open: configfs calls show() once per open file. */
		if (kit_read_file(LABEL, buf, sizeof(buf)) < 0)
			buf[0] = '\0';
		mixed += strcmp(buf, "\n") && strcmp(buf, long_labels[0]) &&
			 strcmp(buf, long_labels[1]);
	}
	if (mixed)
		fprintf(stderr, "# reader %d: %d reads not one whole label\n",
			i, mixed);
	/* The last reader done stops the writers. */
	__atomic_sub_fetch(readers_left, 1, __ATOMIC_RELAXED);
	return mixed ? 2 : 0;
}

TEST_F(configfs, concurrent_label_readers_and_writers_see_whole_labels)
{
	int *readers_left = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, readers_left);
	*readers_left = 2;
	ASSERT_EQ(0, make(ITEM));
	EXPECT_EQ(0, kit_in_parallel(4, use_label, readers_left));
	munmap(readers_left, sizeof(int));
}

TEST_F(load, unload_then_reload_leaves_nothing_behind)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
	ASSERT_EQ(0, make(ITEM));
	ASSERT_EQ(4, kit_put(LABEL, "old\n"));
	ASSERT_EQ(0, unmake(ITEM));
	ASSERT_EQ(0, kit_unload("kit_configfs"));
	EXPECT_FALSE(kit_exists(SUBSYS));
	/* configfs itself stays mounted, with nothing of ours in it. */
	EXPECT_TRUE(kit_exists("/sys/kernel/config"));

	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_FALSE(kit_exists(ITEM));
	EXPECT_TEXT(ITEMS, "0\n");
	ASSERT_EQ(0, make(ITEM));
	EXPECT_TEXT(LABEL, "\n");
	ASSERT_EQ(0, unmake(ITEM));
	EXPECT_EQ(0, kit_unload("kit_configfs"));
	EXPECT_EQ(-ENOENT, kit_unload("kit_configfs"));
}

KIT_TEST_MAIN
