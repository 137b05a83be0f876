// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl chapter's tests: every command, the ABI of kit_ioctl.h,
 * bad numbers, bad pointers, bad contents, no stale bytes copied out,
 * permissions, a 32-bit caller, and unload then reload.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>

#include "kit_test.h"
#include "../kit_ioctl.h"

#define MODULE		KIT_DIR "ioctl/kit_ioctl.ko"
#define READER		KIT_DIR "ioctl/reader"
#define READER_M32	KIT_DIR "ioctl/reader_m32"
#define GREETING	"hello from kit_ioctl"
#define PATTERN		0xa5	/* what user buffers hold before a call */

FIXTURE(ioctl) {
	int fd;
};

FIXTURE_SETUP(ioctl)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
	self->fd = open(KIT_IOCTL_DEVICE, O_RDWR);
	ASSERT_LE(0, self->fd);
}

/*
 * In the parent, once the test's process and its files are gone; but
 * after a failed ASSERT the harness runs it in the test's process (see
 * cdev_test.c), so close the files an open device would pin us with.
 */
FIXTURE_TEARDOWN_PARENT(ioctl)
{
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	EXPECT_EQ(0, kit_unload("kit_ioctl"));
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Whether all n bytes at p are c. */
static int all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != c)
			return 0;
	return 1;
}

/* The buffer as KIT_READ_BUF returns it, checked for stale bytes. */
static void read_buf(struct __test_metadata *_metadata, int fd,
		     struct kit_buf *b)
{
	memset(b, PATTERN, sizeof(*b));
	ASSERT_EQ(0, ioctl(fd, KIT_READ_BUF, b));
	ASSERT_LE(b->len, KIT_BUF_SIZE);
	EXPECT_EQ(0, b->flags);
	EXPECT_TRUE(all_bytes(b->data + b->len, 0, KIT_BUF_SIZE - b->len));
}

static void expect_buf(struct __test_metadata *_metadata, int fd,
		       const void *data, size_t len)
{
	struct kit_buf b;

	read_buf(_metadata, fd, &b);
	ASSERT_EQ(len, b.len);
	EXPECT_EQ(0, memcmp(b.data, data, len));
}

static int write_buf(int fd, const void *data, size_t len)
{
	struct kit_buf b = { .len = len };

	memcpy(b.data, data, len);
	return ioctl(fd, KIT_WRITE_BUF, &b) ? -errno : 0;
}

/* A reading whose every output byte is checked. */
static void expect_reading(struct __test_metadata *_metadata,
			   const struct kit_temp *t, __u32 sensor, __u32 seq,
			   __u64 before, __u64 after)
{
	__s32 base = sensor == 1 ? 4000 : -18000;

	EXPECT_EQ(sensor, t->sensor);
	EXPECT_EQ(seq, t->seq);
	EXPECT_LE(base - 500, t->millicelsius);
	EXPECT_GE(base + 500, t->millicelsius);
	EXPECT_LE(before, t->timestamp_ns);
	EXPECT_GE(after, t->timestamp_ns);
	EXPECT_EQ(0, t->reserved);
}

/* The next reading's number for a sensor, taken through the module. */
static __u32 next_seq(struct __test_metadata *_metadata, int fd, __u32 sensor)
{
	struct kit_temp t = { .sensor = sensor };

	EXPECT_EQ(0, ioctl(fd, KIT_READ_TEMP, &t));
	return t.seq;
}

TEST(the_abi_is_pinned)
{
	/* Sizes and offsets: the same with -m32 (reader.c checks that). */
	EXPECT_EQ(24, sizeof(struct kit_temp));
	EXPECT_EQ(8, offsetof(struct kit_temp, timestamp_ns));
	EXPECT_EQ(16, offsetof(struct kit_temp, seq));
	EXPECT_EQ(264, sizeof(struct kit_buf));
	EXPECT_EQ(8, offsetof(struct kit_buf, data));
	/* A change to a structure changes these numbers: an ABI break. */
	EXPECT_EQ(0x80186b21, KIT_READ_TEMP_SENSOR_1);
	EXPECT_EQ(0x80186b22, KIT_READ_TEMP_SENSOR_2);
	EXPECT_EQ(0xc0186b23, KIT_READ_TEMP);
	EXPECT_EQ(0x41086b24, KIT_WRITE_BUF);
	EXPECT_EQ(0x81086b25, KIT_READ_BUF);
}

TEST_F(ioctl, node_is_a_misc_device_with_its_mode)
{
	struct stat st;

	ASSERT_EQ(0, stat(KIT_IOCTL_DEVICE, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0644, st.st_mode & 07777);
	EXPECT_EQ(10, major(st.st_rdev));
	EXPECT_TRUE(kit_exists("/sys/class/misc/kit_ioctl/dev"));
	/* Nothing to seek in a device that only takes commands. */
	EXPECT_EQ(-1, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
}

TEST_F(ioctl, the_blogs_sensor_commands_read_each_sensor)
{
	struct kit_temp t;
	__u64 before;

	for (__u32 seq = 1; seq <= 3; seq++) {
		before = now_ns();
		memset(&t, PATTERN, sizeof(t));
		ASSERT_EQ(0, ioctl(self->fd, KIT_READ_TEMP_SENSOR_1, &t));
		expect_reading(_metadata, &t, 1, seq, before, now_ns());

		before = now_ns();
		memset(&t, PATTERN, sizeof(t));
		ASSERT_EQ(0, ioctl(self->fd, KIT_READ_TEMP_SENSOR_2, &t));
		expect_reading(_metadata, &t, 2, seq, before, now_ns());
		EXPECT_GT(0, t.millicelsius);	/* the freezer */
	}
}

TEST_F(ioctl, read_temp_takes_the_sensor_number)
{
	struct kit_temp t;
	__u64 before;

	ASSERT_EQ(0, ioctl(self->fd, KIT_READ_TEMP_SENSOR_2, &t));
	for (__u32 sensor = 1; sensor <= KIT_NR_SENSORS; sensor++) {
		/* Output fields hold garbage on input: they are ignored. */
		memset(&t, PATTERN, sizeof(t));
		t.sensor = sensor;
		t.reserved = 0;
		before = now_ns();
		ASSERT_EQ(0, ioctl(self->fd, KIT_READ_TEMP, &t));
		/* One counter per sensor, whichever command reads it. */
		expect_reading(_metadata, &t, sensor, sensor == 1 ? 1 : 2,
			       before, now_ns());
	}
}

TEST_F(ioctl, read_temp_refuses_bad_sensor_numbers)
{
	static const __u32 bad[] = { 0, 3, 0x80000001, 0xffffffff };
	struct kit_temp t, copy;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("sensor %u", bad[i]);
		memset(&t, PATTERN, sizeof(t));
		t.sensor = bad[i];
		t.reserved = 0;
		copy = t;
		EXPECT_EQ(-1, ioctl(self->fd, KIT_READ_TEMP, &t));
		EXPECT_EQ(EINVAL, errno);
		EXPECT_EQ(0, memcmp(&t, &copy, sizeof(t)));	/* untouched */
	}
	/* No reading was taken. */
	EXPECT_EQ(1, next_seq(_metadata, self->fd, 1));
	EXPECT_EQ(1, next_seq(_metadata, self->fd, 2));
}

TEST_F(ioctl, reserved_fields_and_flags_must_be_zero)
{
	static const __u32 nonzero[] = { 1, 0x80000000, 0xffffffff };
	struct kit_temp t;
	struct kit_buf b = { .len = 3, .data = "new" };

	for (size_t i = 0; i < sizeof(nonzero) / sizeof(nonzero[0]); i++) {
		TH_LOG("reserved/flags 0x%x", nonzero[i]);
		t = (struct kit_temp){ .sensor = 1, .reserved = nonzero[i] };
		EXPECT_EQ(-1, ioctl(self->fd, KIT_READ_TEMP, &t));
		EXPECT_EQ(EINVAL, errno);
		b.flags = nonzero[i];
		EXPECT_EQ(-1, ioctl(self->fd, KIT_WRITE_BUF, &b));
		EXPECT_EQ(EINVAL, errno);
	}
	expect_buf(_metadata, self->fd, GREETING, strlen(GREETING));
	EXPECT_EQ(1, next_seq(_metadata, self->fd, 1));
}

TEST_F(ioctl, the_howtos_buffer_commands_round_trip)
{
	unsigned char all[KIT_BUF_SIZE];

	expect_buf(_metadata, self->fd, GREETING, strlen(GREETING));
	ASSERT_EQ(0, write_buf(self->fd, "cold room", 9));
	expect_buf(_metadata, self->fd, "cold room", 9);

	/* Binary and full: every byte value, NUL included. */
	for (int i = 0; i < KIT_BUF_SIZE; i++)
		all[i] = i;
	ASSERT_EQ(0, write_buf(self->fd, all, KIT_BUF_SIZE));
	expect_buf(_metadata, self->fd, all, KIT_BUF_SIZE);

	/* Empty is a valid message. */
	ASSERT_EQ(0, write_buf(self->fd, "", 0));
	expect_buf(_metadata, self->fd, "", 0);
}

TEST_F(ioctl, the_buffer_length_is_checked)
{
	static const __u32 bad[] = { KIT_BUF_SIZE + 1, 4096, 0x80000000,
				     0xffffffff };
	struct kit_buf b;

	ASSERT_EQ(0, write_buf(self->fd, "keep", 4));
	memset(&b, 'x', sizeof(b));
	b.flags = 0;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("len %u", bad[i]);
		b.len = bad[i];
		EXPECT_EQ(-1, ioctl(self->fd, KIT_WRITE_BUF, &b));
		EXPECT_EQ(EINVAL, errno);
	}
	expect_buf(_metadata, self->fd, "keep", 4);
}

/*
 * The user's buffer is filled with a pattern before each call; after
 * it, every byte the kernel wrote must be defined: reserved fields and
 * the buffer past its length all zero.  A longer message before the
 * short one puts old bytes right behind the new ones in the module.
 */
TEST_F(ioctl, copied_out_structures_carry_no_stale_bytes)
{
	unsigned char old[KIT_BUF_SIZE];
	struct kit_temp t;
	struct kit_buf b;

	memset(old, 'S', sizeof(old));
	ASSERT_EQ(0, write_buf(self->fd, old, sizeof(old)));
	ASSERT_EQ(0, write_buf(self->fd, "abc", 3));
	read_buf(_metadata, self->fd, &b);	/* checks data[3..] == 0 */
	EXPECT_EQ(3, b.len);
	EXPECT_EQ(NULL, memchr(b.data, 'S', sizeof(b.data)));

	memset(&t, PATTERN, sizeof(t));
	ASSERT_EQ(0, ioctl(self->fd, KIT_READ_TEMP_SENSOR_1, &t));
	EXPECT_EQ(0, t.reserved);
	memset(&t, PATTERN, sizeof(t));
	ASSERT_EQ(0, ioctl(self->fd, KIT_READ_TEMP_SENSOR_2, &t));
	EXPECT_EQ(0, t.reserved);
	memset(&t, PATTERN, sizeof(t));
	t.sensor = 2;
	t.reserved = 0;
	ASSERT_EQ(0, ioctl(self->fd, KIT_READ_TEMP, &t));
	EXPECT_EQ(0, t.reserved);
	EXPECT_EQ(2, t.sensor);
}

TEST_F(ioctl, unknown_commands_give_enotty)
{
	const struct {
		const char *what;
		unsigned long cmd;
	} bad[] = {
		{ "number 0", 0 },
		{ "all bits set", 0xffffffff },
		{ "a terminal's TCGETS", TCGETS },
		{ "a free command number", _IOR(KIT_IOC_MAGIC, 0x26, struct kit_temp) },
		{ "the number below", _IOR(KIT_IOC_MAGIC, 0x20, struct kit_temp) },
		{ "another type letter", _IOR('K', 0x21, struct kit_temp) },
		{ "a smaller size", _IOR(KIT_IOC_MAGIC, 0x21, __u32) },
		{ "a larger size", _IOR(KIT_IOC_MAGIC, 0x25, char[300]) },
		{ "_IOW instead of _IOR", _IOW(KIT_IOC_MAGIC, 0x21, struct kit_temp) },
		{ "_IOR instead of _IOWR", _IOR(KIT_IOC_MAGIC, 0x23, struct kit_temp) },
		{ "_IOR instead of _IOW", _IOR(KIT_IOC_MAGIC, 0x24, struct kit_buf) },
		{ "_IO, no data", _IO(KIT_IOC_MAGIC, 0x21) },
	};
	unsigned char arg[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("%s: 0x%lx", bad[i].what, bad[i].cmd);
		memset(arg, PATTERN, sizeof(arg));
		EXPECT_EQ(-1, ioctl(self->fd, bad[i].cmd, arg));
		EXPECT_EQ(ENOTTY, errno);
		EXPECT_TRUE(all_bytes(arg, PATTERN, sizeof(arg)));
	}
	EXPECT_EQ(1, next_seq(_metadata, self->fd, 1));
	expect_buf(_metadata, self->fd, GREETING, strlen(GREETING));
}

TEST_F(ioctl, bad_pointers_give_efault)
{
	static const unsigned long cmds[] = {
		KIT_READ_TEMP_SENSOR_1, KIT_READ_TEMP_SENSOR_2, KIT_READ_TEMP,
		KIT_WRITE_BUF, KIT_READ_BUF,
	};
	void *bad[] = { NULL, kit_unmapped(), (void *)0xffff888000000000UL };

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		for (size_t j = 0; j < sizeof(bad) / sizeof(bad[0]); j++) {
			TH_LOG("command 0x%lx, pointer %p", cmds[i], bad[j]);
			EXPECT_EQ(-1, ioctl(self->fd, cmds[i], bad[j]));
			EXPECT_EQ(EFAULT, errno);
		}
	}
	/* A command whose input could not be read did nothing. */
	expect_buf(_metadata, self->fd, GREETING, strlen(GREETING));
}

/* ioctl(2) does not check the open mode: the module does, for writes. */
TEST_F(ioctl, writing_needs_a_file_open_for_writing)
{
	int fd = open(KIT_IOCTL_DEVICE, O_RDONLY);
	struct kit_temp t;
	struct kit_buf b = { .len = 2, .data = "no" };
	pid_t pid;
	int status;

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, ioctl(fd, KIT_WRITE_BUF, &b));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, ioctl(fd, KIT_READ_TEMP_SENSOR_1, &t));
	expect_buf(_metadata, fd, GREETING, strlen(GREETING));
	close(fd);

	/* Another user may open it read-only and read the sensors. */
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, KIT_IOCTL_DEVICE, O_RDWR));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
			_exit(1);
		fd = open(KIT_IOCTL_DEVICE, O_RDONLY);
		_exit(fd < 0 || ioctl(fd, KIT_READ_TEMP_SENSOR_2, &t) ||
		      t.sensor != 2 ? 2 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/*
 * Run a program; its standard output goes to out.  Returns its exit
 * status, -ENOEXEC if the kernel cannot run it, or another -errno.
 */
static int run(const char *const argv[], char *out, size_t size)
{
	int pipefd[2], status;
	ssize_t n, len = 0;
	pid_t pid;

	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execv(argv[0], (char *const *)argv);
		_exit(errno == ENOEXEC ? 126 : 127);
	}
	close(pipefd[1]);
	while ((size_t)len < size - 1 &&
	       (n = read(pipefd[0], out + len, size - 1 - len)) > 0)
		len += n;
	out[len] = '\0';
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	if (WEXITSTATUS(status) == 126)
		return -ENOEXEC;
	return WEXITSTATUS(status) == 127 ? -ENOENT : WEXITSTATUS(status);
}

/* Whether a line of out starts with start and then has part. */
static int has_line(const char *out, const char *start, const char *part)
{
	size_t n = strlen(start);

	for (const char *l = out; *l;) {
		const char *end = strchrnul(l, '\n');
		const char *p = strstr(l, part);

		if (!strncmp(l, start, n) && p && p < end)
			return 1;
		l = *end ? end + 1 : end;
	}
	return 0;
}

TEST_F(ioctl, the_reader_issues_every_command)
{
	static const char *const lines[][2] = {
		{ "KIT_READ_TEMP_SENSOR_1", "0x80186b21  _IOR('k', 0x21, 24 bytes)" },
		{ "KIT_READ_BUF", "0x81086b25  _IOR('k', 0x25, 264 bytes)" },
		{ "KIT_READ_TEMP_SENSOR_1", "sensor 1:   +" },
		{ "KIT_READ_TEMP_SENSOR_2", "sensor 2:  -1" },
		{ "KIT_READ_TEMP {.sensor=1}", "sensor 1:   +" },
		{ "KIT_READ_TEMP {.sensor=2}", "sensor 2:  -1" },
		{ "KIT_READ_BUF", "20 bytes: \"" GREETING "\"" },
		{ "KIT_WRITE_BUF", "21 bytes written" },
		{ "KIT_READ_BUF", "21 bytes: \"hello from the reader\"" },
	};
	const char *const argv[] = { READER, NULL };
	char out[4096];

	ASSERT_EQ(0, run(argv, out, sizeof(out)));
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		TH_LOG("%s ... %s", lines[i][0], lines[i][1]);
		EXPECT_TRUE(has_line(out, lines[i][0], lines[i][1]));
	}
}

/*
 * The reader built with -m32 calls through the module's compat_ioctl:
 * without it, every command fails with ENOTTY for a 32-bit program.
 */
TEST_F(ioctl, a_32_bit_program_gets_the_same_answers)
{
	const char *const list64[] = { READER, "--list", NULL };
	const char *const list32[] = { READER_M32, "--list", NULL };
	const char *const read32[] = { READER_M32, "--read", NULL };
	const char *const write32[] = { READER_M32, "--write", "from 32-bit",
					NULL };
	const char *const sensor32[] = { READER_M32, "--sensor", "2", NULL };
	const char *const bad32[] = { READER_M32, "--sensor", "3", NULL };
	char out64[1024], out32[1024];
	unsigned char elf[5];
	int fd, ret;

	fd = open(READER_M32, O_RDONLY);
	if (fd < 0)
		SKIP(return, "no %s: the host could not build 32-bit programs",
		     READER_M32);
	ASSERT_EQ(5, read(fd, elf, 5));
	close(fd);
	ASSERT_EQ(0, memcmp(elf, "\177ELF\001", 5));	/* ELFCLASS32 */

	ret = run(list32, out32, sizeof(out32));
	if (ret == -ENOEXEC)
		SKIP(return, "this kernel runs no 32-bit programs (CONFIG_IA32_EMULATION off, or ia32_emulation=0)");
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, run(list64, out64, sizeof(out64)));
	EXPECT_STREQ(out64, out32);	/* the same numbers in both ABIs */

	ASSERT_EQ(0, write_buf(self->fd, "from 64-bit", 11));
	ASSERT_EQ(0, run(read32, out32, sizeof(out32)));
	EXPECT_NE(NULL, strstr(out32, "11 bytes: \"from 64-bit\""));

	ASSERT_EQ(0, run(write32, out32, sizeof(out32)));
	expect_buf(_metadata, self->fd, "from 32-bit", 11);

	/* The 32-bit reading is the second of sensor 2. */
	EXPECT_EQ(1, next_seq(_metadata, self->fd, 2));
	ASSERT_EQ(0, run(sensor32, out32, sizeof(out32)));
	EXPECT_NE(NULL, strstr(out32, "sensor 2:  -1"));	/* -17.5 to -18.5 */
	EXPECT_NE(NULL, strstr(out32, "reading 2 "));
	EXPECT_EQ(3, next_seq(_metadata, self->fd, 2));

	EXPECT_EQ(1, run(bad32, out32, sizeof(out32)));	/* EINVAL */
}

/*
 * Concurrency: four processes, two on each of the VM's CPUs, each a
 * fixed number of rounds, no clock.  What they see goes to memory
 * shared with the test, which checks it once they are done.
 */
#define PROCS		4
#define ROUNDS		50000

static void *shared(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

struct race {
	int fd;
	struct kit_temp *readings;	/* PROCS * ROUNDS */
	unsigned int mixed;
};

static int take_readings(int i, void *arg)
{
	struct race *r = arg;

	for (int n = 0; n < ROUNDS; n++)
		if (ioctl(r->fd, KIT_READ_TEMP_SENSOR_1,
			  &r->readings[i * ROUNDS + n]))
			return 1;
	return 0;
}

/*
 * A reading's number is ++kit_seq[] and its time ktime_get_ns(), both
 * under kit_lock: the readings get the numbers 1 to N, each once, and
 * a later number never has an earlier time.  Without the lock two
 * readings can both count from the same old number, or take their
 * numbers and their times in opposite orders.
 */
TEST_F(ioctl, concurrent_readings_get_each_number_once_in_time_order)
{
	enum { N = PROCS * ROUNDS };
	static const struct kit_temp *by_seq[N + 1];
	unsigned int bad = 0, twice = 0, backwards = 0;
	struct race *r = shared(sizeof(*r));

	ASSERT_NE(NULL, r);
	r->fd = self->fd;
	r->readings = shared(N * sizeof(*r->readings));
	ASSERT_NE(NULL, r->readings);
	ASSERT_EQ(0, kit_in_parallel(PROCS, take_readings, r));
	for (int i = 0; i < N; i++) {
		const struct kit_temp *t = &r->readings[i];

		if (t->sensor != 1 || t->seq < 1 || t->seq > N)
			bad++;
		else if (by_seq[t->seq])
			twice++;
		else
			by_seq[t->seq] = t;
	}
	for (int seq = 2; seq <= N && !bad && !twice; seq++)
		backwards += by_seq[seq]->timestamp_ns <
			     by_seq[seq - 1]->timestamp_ns;
	TH_LOG("%d readings: %u bad, %u numbers given twice, %u times backwards",
	       N, bad, twice, backwards);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, twice);
	EXPECT_EQ(0, backwards);
	/* All N numbers were taken (none twice): the next is N + 1. */
	EXPECT_EQ(N + 1, next_seq(_metadata, self->fd, 1));
	munmap(r->readings, N * sizeof(*r->readings));
	munmap(r, sizeof(*r));
}

/* What a reader may see: one of the messages written, whole. */
static int whole(const struct kit_buf *b)
{
	if (!all_bytes(b->data + b->len, 0, KIT_BUF_SIZE - b->len))
		return 0;
	if (b->len == KIT_BUF_SIZE)
		return all_bytes(b->data, 'A', KIT_BUF_SIZE) ||
		       all_bytes(b->data, 'B', KIT_BUF_SIZE);
	if (b->len == 1)
		return b->data[0] == 'a' || b->data[0] == 'b';
	return b->len == strlen(GREETING) &&
	       !memcmp(b->data, GREETING, b->len);
}

/*
 * Process 0 writes a full buffer of A's and then "b", over and over;
 * process 2 B's and "a"; the odd ones read.
 */
static int use_buffer(int i, void *arg)
{
	unsigned char full[KIT_BUF_SIZE];
	struct race *r = arg;
	struct kit_buf b;

	memset(full, i ? 'B' : 'A', sizeof(full));
	for (int n = 0; n < ROUNDS; n++) {
		if (i % 2 == 0) {
			if (write_buf(r->fd, n % 2 ? (i ? "a" : "b") : (char *)full,
				      n % 2 ? 1 : KIT_BUF_SIZE))
				return 1;
			continue;
		}
		if (ioctl(r->fd, KIT_READ_BUF, &b))
			return 1;
		if (!whole(&b))
			__atomic_add_fetch(&r->mixed, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

/*
 * KIT_READ_BUF copies the length and the bytes in one go under kit_lock,
 * and KIT_WRITE_BUF changes both under it.  Without the lock a reader
 * can take the old length with the new bytes ("A" or "B" alone), or the
 * new bytes with the old length (an "a" or "b" followed by A's or B's).
 */
TEST_F(ioctl, concurrent_buffer_readers_see_whole_messages)
{
	struct race *r = shared(sizeof(*r));

	ASSERT_NE(NULL, r);
	r->fd = self->fd;
	ASSERT_EQ(0, kit_in_parallel(PROCS, use_buffer, r));
	TH_LOG("%u of %d reads mixed two messages", r->mixed,
	       PROCS / 2 * ROUNDS);
	EXPECT_EQ(0, r->mixed);
	munmap(r, sizeof(*r));
}

TEST_F(ioctl, unload_waits_for_open_files_and_reload_works)
{
	ASSERT_EQ(0, write_buf(self->fd, "changed", 7));
	EXPECT_EQ(1, next_seq(_metadata, self->fd, 1));
	EXPECT_EQ(-EWOULDBLOCK, kit_unload("kit_ioctl"));
	close(self->fd);

	ASSERT_EQ(0, kit_unload("kit_ioctl"));
	EXPECT_FALSE(kit_exists(KIT_IOCTL_DEVICE));
	EXPECT_FALSE(kit_exists("/sys/class/misc/kit_ioctl"));

	/* A fresh load starts over: the first message, the first reading. */
	ASSERT_EQ(0, kit_load(MODULE, ""));
	self->fd = open(KIT_IOCTL_DEVICE, O_RDWR);
	ASSERT_LE(0, self->fd);
	expect_buf(_metadata, self->fd, GREETING, strlen(GREETING));
	EXPECT_EQ(1, next_seq(_metadata, self->fd, 1));
}

KIT_TEST_MAIN
