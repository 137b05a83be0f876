// SPDX-License-Identifier: GPL-2.0
/*
 * The cdev chapter's tests.  Every test runs twice, once against
 * kit_cdev (cdev_add and a class) and once against kit_misc
 * (misc_register): the two devices must behave the same.
 */
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>

#include "kit_test.h"

#define SIZE		1024	/* the device's buffer, KIT_MSG_SIZE */
#define NODE_COPY	"/tmp/kit_node"

FIXTURE(cdev) {
	char buf[4 * SIZE];
};

FIXTURE_VARIANT(cdev) {
	const char *module;	/* the .ko file */
	const char *name;	/* module, node and device name */
	const char *node;
	const char *sysfs;	/* the device in /sys/class */
	const char *greeting;	/* the message after loading */
	const char *registry;	/* where its number is listed */
	int by_minor;		/* listed by minor (misc), else by major */
};

FIXTURE_VARIANT_ADD(cdev, cdev) {
	.module = KIT_DIR "cdev/kit_cdev.ko",
	.name = "kit_cdev",
	.node = "/dev/kit_cdev",
	.sysfs = "/sys/class/kit_cdev/kit_cdev",
	.greeting = "hello from kit_cdev\n",
	.registry = "/proc/devices",
	.by_minor = 0,
};

FIXTURE_VARIANT_ADD(cdev, misc) {
	.module = KIT_DIR "cdev/kit_misc.ko",
	.name = "kit_misc",
	.node = "/dev/kit_misc",
	.sysfs = "/sys/class/misc/kit_misc",
	.greeting = "hello from kit_misc\n",
	.registry = "/proc/misc",
	.by_minor = 1,
};

FIXTURE_SETUP(cdev)
{
	ASSERT_EQ(0, kit_load(variant->module, ""));
}

/*
 * An open file holds the module, so the teardown must run once the
 * test's files are closed: in the parent, after the test's process has
 * exited.  But when an ASSERT fails, the harness (whose fork()ed pid
 * does not survive its longjmp) runs this in the test's own process,
 * files still open: close them, so one failure does not fail the tests
 * after it with a module left loaded.
 */
FIXTURE_TEARDOWN_PARENT(cdev)
{
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	EXPECT_EQ(0, kit_unload(variant->name));
}

/* Replace the message as the shell's '>' does. */
static void set_message(struct __test_metadata *_metadata, const char *node,
			const void *data, size_t len)
{
	int fd = open(node, O_WRONLY | O_TRUNC);

	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, data, len));
	close(fd);
}

/* The whole message, read in one read(2) from position 0. */
static ssize_t get_message(const char *node, char *out, size_t size)
{
	int fd = open(node, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, out, size);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

static void fill(char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(i * 7 + 3);	/* NULs and newlines included */
}

TEST_F(cdev, node_has_its_mode_and_numbers)
{
	char path[128], want[32];
	struct stat st;
	int nr;

	ASSERT_EQ(0, stat(variant->node, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0644, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);

	/* sysfs's dev file is what devtmpfs made the node from. */
	snprintf(path, sizeof(path), "%s/dev", variant->sysfs);
	snprintf(want, sizeof(want), "%u:%u\n", major(st.st_rdev),
		 minor(st.st_rdev));
	EXPECT_TEXT(path, want);

	nr = kit_registered_number(variant->registry, variant->name);
	ASSERT_LE(0, nr);
	if (variant->by_minor) {
		EXPECT_EQ(10, major(st.st_rdev));	/* MISC_MAJOR */
		EXPECT_EQ(nr, minor(st.st_rdev));
	} else {
		EXPECT_EQ(nr, major(st.st_rdev));
		EXPECT_EQ(0, minor(st.st_rdev));
	}
}

/* The howto's way: the number from /proc, then mknod(2). */
TEST_F(cdev, a_node_made_with_mknod_reaches_the_same_device)
{
	int nr = kit_registered_number(variant->registry, variant->name);
	dev_t devt;
	char msg[64];

	ASSERT_LE(0, nr);
	devt = variant->by_minor ? makedev(10, nr) : makedev(nr, 0);
	unlink(NODE_COPY);
	ASSERT_EQ(0, mknod(NODE_COPY, S_IFCHR | 0600, devt));
	set_message(_metadata, NODE_COPY, "via mknod\n", 10);
	EXPECT_EQ(10, get_message(variant->node, msg, sizeof(msg)));
	EXPECT_EQ(0, memcmp(msg, "via mknod\n", 10));
	EXPECT_EQ(0, unlink(NODE_COPY));
}

TEST_F(cdev, message_round_trips)
{
	char data[SIZE];
	size_t len = strlen(variant->greeting);

	ASSERT_EQ((ssize_t)len, get_message(variant->node, self->buf,
					    sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(variant->greeting, self->buf, len));

	set_message(_metadata, variant->node, "cold room: 4C\n", 14);
	EXPECT_EQ(14, get_message(variant->node, self->buf, sizeof(self->buf)));
	EXPECT_EQ(0, memcmp("cold room: 4C\n", self->buf, 14));

	/* Binary data, the whole buffer: any byte is fine, NUL too. */
	fill(data, SIZE);
	set_message(_metadata, variant->node, data, SIZE);
	EXPECT_EQ(SIZE, get_message(variant->node, self->buf,
				    sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(data, self->buf, SIZE));
}

TEST_F(cdev, reads_in_small_chunks_equal_one_read)
{
	static const size_t sizes[] = { 1, 7, 100, SIZE - 1, SIZE, 5000 };
	char data[SIZE], chunked[SIZE + 8];

	fill(data, SIZE);
	set_message(_metadata, variant->node, data, SIZE);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int fd = open(variant->node, O_RDONLY);
		ssize_t n, len = 0;

		ASSERT_LE(0, fd);
		while ((n = read(fd, self->buf, sizes[i])) > 0) {
			ASSERT_LE(len + n, SIZE);
			memcpy(chunked + len, self->buf, n);
			len += n;
		}
		EXPECT_EQ(0, n);		/* EOF, not an error */
		EXPECT_EQ(0, read(fd, self->buf, 1));	/* and it stays */
		EXPECT_EQ(SIZE, lseek(fd, 0, SEEK_CUR));
		close(fd);
		EXPECT_EQ(SIZE, len);
		EXPECT_EQ(0, memcmp(data, chunked, SIZE));
	}
}

TEST_F(cdev, partial_reads_and_pread_keep_the_position_right)
{
	int fd = open(variant->node, O_RDONLY);

	set_message(_metadata, variant->node, "0123456789\n", 11);
	ASSERT_LE(0, fd);
	/* A read asking for more than there is gets what there is. */
	ASSERT_EQ(4, read(fd, self->buf, 4));
	EXPECT_EQ(0, memcmp(self->buf, "0123", 4));
	EXPECT_EQ(4, lseek(fd, 0, SEEK_CUR));
	ASSERT_EQ(7, read(fd, self->buf, 100));
	EXPECT_EQ(0, memcmp(self->buf, "456789\n", 7));
	EXPECT_EQ(0, read(fd, self->buf, 100));

	/* pread(2) reads at its own offset and leaves the position. */
	ASSERT_EQ(2, lseek(fd, 2, SEEK_SET));
	EXPECT_EQ(3, pread(fd, self->buf, 3, 8));
	EXPECT_EQ(0, memcmp(self->buf, "89\n", 3));
	EXPECT_EQ(0, pread(fd, self->buf, 3, 11));
	EXPECT_EQ(0, pread(fd, self->buf, 3, 1 << 20));
	EXPECT_EQ(2, lseek(fd, 0, SEEK_CUR));
	close(fd);
}

TEST_F(cdev, seeks_stay_within_the_buffer)
{
	int fd = open(variant->node, O_RDONLY);

	ASSERT_LE(0, fd);
	set_message(_metadata, variant->node, "abcdef", 6);
	EXPECT_EQ(6, lseek(fd, 0, SEEK_END));	/* the message's end */
	EXPECT_EQ(4, lseek(fd, -2, SEEK_END));
	ASSERT_EQ(2, read(fd, self->buf, 10));
	EXPECT_EQ(0, memcmp(self->buf, "ef", 2));
	EXPECT_EQ(3, lseek(fd, -3, SEEK_CUR));
	EXPECT_EQ(SIZE, lseek(fd, SIZE, SEEK_SET));	/* the buffer's end */

	/* Outside the buffer: refused, and the position stays. */
	EXPECT_EQ(-1, lseek(fd, SIZE + 1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(fd, -1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(fd, 1, SEEK_CUR));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(fd, -7, SEEK_END));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(SIZE, lseek(fd, 0, SEEK_CUR));
	close(fd);
}

/* A write past the end of a shorter message: the gap reads as zeros. */
TEST_F(cdev, a_gap_reads_as_zeros_not_as_an_older_message)
{
	char zeros[100] = { 0 };
	int fd;

	memset(self->buf, 'z', SIZE);
	set_message(_metadata, variant->node, self->buf, SIZE);
	fd = open(variant->node, O_WRONLY | O_TRUNC);	/* now empty */
	ASSERT_LE(0, fd);
	ASSERT_EQ(100, lseek(fd, 100, SEEK_SET));
	ASSERT_EQ(1, write(fd, "x", 1));
	close(fd);
	ASSERT_EQ(101, get_message(variant->node, self->buf,
				   sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(self->buf, zeros, 100));
	EXPECT_EQ('x', self->buf[100]);
}

TEST_F(cdev, o_trunc_and_o_append_work_as_on_a_file)
{
	int fd;

	set_message(_metadata, variant->node, "abc", 3);	/* O_TRUNC */
	fd = open(variant->node, O_WRONLY | O_APPEND);
	ASSERT_LE(0, fd);
	ASSERT_EQ(3, write(fd, "def", 3));
	EXPECT_EQ(6, lseek(fd, 0, SEEK_CUR));
	close(fd);
	ASSERT_EQ(6, get_message(variant->node, self->buf, sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(self->buf, "abcdef", 6));

	/* Without O_TRUNC a write overwrites in place. */
	fd = open(variant->node, O_WRONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(1, write(fd, "X", 1));
	close(fd);
	ASSERT_EQ(6, get_message(variant->node, self->buf, sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(self->buf, "Xbcdef", 6));

	/* O_TRUNC without write access truncates nothing. */
	fd = open(variant->node, O_RDONLY | O_TRUNC);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(6, get_message(variant->node, self->buf, sizeof(self->buf)));
}

TEST_F(cdev, writes_beyond_the_buffer_are_refused)
{
	static const off_t beyond[] = { SIZE, SIZE + 1, 4096, 1LL << 40 };
	char big[8192];
	int fd = open(variant->node, O_WRONLY);

	ASSERT_LE(0, fd);
	set_message(_metadata, variant->node, "keep\n", 5);
	for (size_t i = 0; i < sizeof(beyond) / sizeof(beyond[0]); i++) {
		TH_LOG("pwrite at %lld", (long long)beyond[i]);
		EXPECT_EQ(-1, pwrite(fd, "x", 1, beyond[i]));
		EXPECT_EQ(ENOSPC, errno);
	}
	EXPECT_EQ(-1, pwrite(fd, "x", 1, -1));	/* the VFS refuses this */
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(5, get_message(variant->node, self->buf, sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(self->buf, "keep\n", 5));

	/* Too long, beyond a page: what fits is stored, then ENOSPC. */
	memset(big, 'b', sizeof(big));
	EXPECT_EQ(SIZE, write(fd, big, sizeof(big)));
	EXPECT_EQ(-1, write(fd, big, 1));
	EXPECT_EQ(ENOSPC, errno);
	EXPECT_EQ(SIZE, lseek(fd, 0, SEEK_CUR));
	/* Straddling the end: the part that fits. */
	EXPECT_EQ(4, pwrite(fd, "tail", 4, SIZE - 4));
	close(fd);
	ASSERT_EQ(SIZE, get_message(variant->node, self->buf,
				    sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(self->buf, big, SIZE - 4));
	EXPECT_EQ(0, memcmp(self->buf + SIZE - 4, "tail", 4));
}

TEST_F(cdev, empty_reads_and_writes_change_nothing)
{
	int fd = open(variant->node, O_RDWR);

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, write(fd, "", 0));
	EXPECT_EQ(0, write(fd, NULL, 0));
	EXPECT_EQ(0, read(fd, self->buf, 0));
	EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR));
	close(fd);
	EXPECT_EQ((ssize_t)strlen(variant->greeting),
		  get_message(variant->node, self->buf, sizeof(self->buf)));
}

TEST_F(cdev, bad_user_pointers_give_efault)
{
	/* Mapped first: a later mmap() could reuse kit_unmapped()'s page. */
	char *half = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *bad[] = { NULL, kit_unmapped(), (void *)0xffff888000000000UL };
	int fd = open(variant->node, O_RDWR);
	size_t len = strlen(variant->greeting);

	ASSERT_LE(0, fd);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("pointer %p", bad[i]);
		EXPECT_EQ(-1, read(fd, bad[i], 10));
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(-1, write(fd, bad[i], 10));
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR));	/* did not move */
	}
	/* Half of it mapped: refused whole, not a byte stored. */
	ASSERT_NE(MAP_FAILED, half);
	ASSERT_EQ(0, munmap(half + 4096, 4096));
	memset(half + 4096 - 10, 'Z', 10);
	EXPECT_EQ(-1, write(fd, half + 4096 - 10, 20));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, lseek(fd, 0, SEEK_CUR));
	munmap(half, 4096);
	close(fd);
	ASSERT_EQ((ssize_t)len, get_message(variant->node, self->buf,
					    sizeof(self->buf)));
	EXPECT_EQ(0, memcmp(self->buf, variant->greeting, len));
}

TEST_F(cdev, other_users_read_but_cannot_write)
{
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, variant->node, O_RDONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, variant->node, O_WRONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, variant->node, O_RDWR));
}

/*
 * Two processes share the message, but each open(2) has a position of
 * its own; a forked child shares its parent's open file, position and
 * all.
 */
TEST_F(cdev, two_processes_share_the_message_not_the_position)
{
	int fd = open(variant->node, O_RDWR), status;
	pid_t pid;

	ASSERT_LE(0, fd);
	set_message(_metadata, variant->node, "0123456789", 10);
	ASSERT_EQ(3, read(fd, self->buf, 3));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char b[4];
		int own = open(variant->node, O_RDWR);

		/* Its own open starts at 0; the inherited fd at 3. */
		if (own < 0 || read(own, b, 3) != 3 || memcmp(b, "012", 3) ||
		    read(fd, b, 3) != 3 || memcmp(b, "345", 3) ||
		    pwrite(own, "AB", 2, 8) != 2)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_EQ(6, lseek(fd, 0, SEEK_CUR));	/* the child moved it */
	ASSERT_EQ(4, read(fd, self->buf, 10));
	EXPECT_EQ(0, memcmp(self->buf, "67AB", 4));	/* and wrote */
	close(fd);
}

/*
 * Writers store a whole buffer of one letter, A and B in turn, while
 * readers check that a read never sees two letters: the lock keeps a
 * read from landing in the middle of a write.  A reader's buffer
 * straddles two pages that are dropped before each read, so that the
 * copy to user space stops at a page fault halfway: a long window for
 * a writer to slip in, were the bytes not taken whole under the lock
 * before it.
 */
static int hammer(const char *node, int writer, int id)
{
	char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *b = map + 4096 - SIZE / 2;
	int fd = open(node, O_RDWR);

	if (fd < 0 || map == MAP_FAILED)
		return 3;
	for (int n = 0; kit_another_round(n, 2000); n++) {
		if (writer) {
			memset(b, (n + id) % 2 ? 'B' : 'A', SIZE);
			if (pwrite(fd, b, SIZE, 0) != SIZE)
				return 1;
			continue;
		}
		madvise(map, 8192, MADV_DONTNEED);
		ssize_t got = pread(fd, b, SIZE, 0);

		/* 'A' ^ ('A' ^ 'B') is 'B', and the reverse. */
		if (got < 0 || (got == SIZE &&
				memchr(b, b[0] ^ ('A' ^ 'B'), SIZE)))
			return 2;
	}
	return 0;
}

TEST_F(cdev, concurrent_writers_and_readers_see_whole_messages)
{
	pid_t pids[4];

	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0)
			_exit(hammer(variant->node, i < 2, i));
	}
	EXPECT_EQ(0, kit_children_failed(pids, 4));
}

/* The reader whose buffer is a page that userfaultfd holds back. */
static void *read_into(void *arg)
{
	struct { int fd; char *page; ssize_t got; } *r = arg;

	r->got = pread(r->fd, r->page, 10, 0);
	return NULL;
}

/*
 * A reader whose buffer faults for as long as user space likes (a page
 * of userfaultfd or FUSE) must not hold the device's lock meanwhile:
 * any user can open the node, and everybody else, root included, would
 * wait behind it without a way to be killed.  The test holds a page
 * back with userfaultfd (as root, it may handle the kernel's faults),
 * lets a thread read into it, and checks that another process reads
 * the device while the thread waits.
 */
TEST_F(cdev, a_reader_stuck_in_a_page_fault_does_not_block_the_others)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct uffdio_zeropage zero = { 0 };
	struct { int fd; char *page; ssize_t got; } r;
	struct pollfd pfd;
	struct uffd_msg msg;
	pthread_t reader;
	int uffd, status = -1;
	pid_t other;

	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0)
		SKIP(return, "no userfaultfd: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	r.page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r.page);
	reg.range.start = (unsigned long)r.page;
	reg.range.len = 4096;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));
	r.fd = open(variant->node, O_RDONLY);
	ASSERT_LE(0, r.fd);
	ASSERT_EQ(0, pthread_create(&reader, NULL, read_into, &r));

	/* The thread is in copy_to_user() once its fault is reported. */
	pfd.fd = uffd;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, 10000));
	ASSERT_EQ(sizeof(msg), read(uffd, &msg, sizeof(msg)));
	EXPECT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);

	other = fork();
	ASSERT_LE(0, other);
	if (other == 0)
		_exit(get_message(variant->node, self->buf, SIZE) ==
		      (ssize_t)strlen(variant->greeting) ? 0 : 1);
	for (int ms = 0; ms < 3000 && !waitpid(other, &status, WNOHANG);
	     ms += 10)
		usleep(10000);
	EXPECT_EQ(0, status) TH_LOG("a read waited behind the stuck reader");

	/* Let the page in: the thread's read ends, and so does the other. */
	zero.range.start = (unsigned long)r.page;
	zero.range.len = 4096;
	EXPECT_EQ(0, ioctl(uffd, UFFDIO_ZEROPAGE, &zero));
	ASSERT_EQ(0, pthread_join(reader, NULL));
	EXPECT_EQ(10, r.got);
	EXPECT_EQ(0, memcmp(r.page, variant->greeting, 10));
	if (status == -1)
		waitpid(other, &status, 0);
	close(r.fd);
	close(uffd);
}

TEST_F(cdev, unload_waits_for_open_files_and_reload_works)
{
	char path[128];
	int fd = open(variant->node, O_RDONLY);

	ASSERT_LE(0, fd);
	set_message(_metadata, variant->node, "changed\n", 8);
	/* An open file holds the module (fops.owner): rmmod must wait. */
	EXPECT_EQ(-EWOULDBLOCK, kit_unload(variant->name));
	EXPECT_TRUE(kit_exists(variant->node));
	ASSERT_EQ(8, read(fd, self->buf, sizeof(self->buf)));
	close(fd);

	ASSERT_EQ(0, kit_unload(variant->name));
	EXPECT_FALSE(kit_exists(variant->node));
	EXPECT_FALSE(kit_exists(variant->sysfs));
	EXPECT_EQ(-1, kit_registered_number(variant->registry, variant->name));
	if (!variant->by_minor)
		EXPECT_FALSE(kit_exists("/sys/class/kit_cdev"));

	/* A fresh load: the node is back, with the first message. */
	ASSERT_EQ(0, kit_load(variant->module, ""));
	EXPECT_TRUE(kit_exists(variant->node));
	snprintf(path, sizeof(path), "%s/dev", variant->sysfs);
	EXPECT_TRUE(kit_exists(path));
	EXPECT_EQ((ssize_t)strlen(variant->greeting),
		  get_message(variant->node, self->buf, sizeof(self->buf)));
}

/* Both ways side by side: two devices, two messages. */
TEST(cdev_and_misc_devices_live_side_by_side)
{
	char buf[64];

	ASSERT_EQ(0, kit_load(KIT_DIR "cdev/kit_cdev.ko", ""));
	ASSERT_EQ(0, kit_load(KIT_DIR "cdev/kit_misc.ko", ""));
	set_message(_metadata, "/dev/kit_cdev", "one\n", 4);
	EXPECT_EQ(4, get_message("/dev/kit_cdev", buf, sizeof(buf)));
	EXPECT_EQ(20, get_message("/dev/kit_misc", buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "hello from kit_misc\n", 20));
	EXPECT_EQ(0, kit_unload("kit_misc"));
	EXPECT_EQ(0, kit_unload("kit_cdev"));
}

KIT_TEST_MAIN
