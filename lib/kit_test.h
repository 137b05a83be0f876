/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kit_test.h - what every in-VM test of the kit shares.
 *
 * Tests use the kernel's own kselftest harness (kselftest_harness.h,
 * taken from Debian's linux-source at build time) and these helpers,
 * which return 0 (or a length) or a negative errno so that a test can
 * check the exact error an interface gives.  Those that take _metadata,
 * and EXPECT_TEXT(), check as they go, as the harness's EXPECT_* do.
 *
 * KIT_TEST_MAIN adds --list, one test name per line in the form that the
 * harness's -r option takes, so that the VM's runner can run each test
 * on its own and check the kernel log after it.
 */
#ifndef KIT_TEST_H
#define KIT_TEST_H

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

/* The VM keeps each chapter's modules and programs in /kit/<chapter>/. */
#define KIT_DIR		"/kit/"
#define KIT_NOBODY	65534

/* Load a module from a file, with parameters ("" for none). */
static inline int kit_load(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * Unload a module by name, without waiting: -EAGAIN while something
 * holds it (an open file, a mapping), -ENOENT if it is not loaded.
 */
static inline int kit_unload(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

/* An address that was mapped a moment ago: a realistic bad pointer. */
static inline void *kit_unmapped(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, 4096);
	return p;
}

static inline int kit_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/*
 * Whether the running kernel has a function (by name, in /proc/kallsyms):
 * how a test asks for a sanitizer the kernel may lack, e.g.
 * "kasan_report" (KASAN) or "__might_resched" (DEBUG_ATOMIC_SLEEP).
 */
static inline int kit_kernel_has(const char *symbol)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256], name[200];
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %199s", name) == 1 && !strcmp(name, symbol);
	fclose(f);
	return found;
}

/* The number that /proc/devices or /proc/misc lists for name, or -1. */
static inline int kit_registered_number(const char *registry, const char *name)
{
	char line[256], n[200];
	int nr, found = -1, chars = 1;
	FILE *f = fopen(registry, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Block", 5))
			chars = 0;	/* /proc/devices: block majors follow */
		if (chars && sscanf(line, "%d %199s", &nr, n) == 2 &&
		    !strcmp(n, name))
			found = nr;
	}
	fclose(f);
	return found;
}

/* Read a whole file into buf (NUL-terminated): its length, or -errno. */
static inline ssize_t kit_read_file(const char *path, char *buf, size_t size)
{
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)len < size - 1 &&
	       (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	if (n < 0)
		len = -errno;
	close(fd);
	if (len >= 0)
		buf[len] = '\0';
	return len;
}

/* One write(2) of len bytes to a freshly opened file: bytes or -errno. */
static inline ssize_t kit_write_file(const char *path, const void *data,
				     size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

/* One write(2) of a C string, as echo -n does: bytes written or -errno. */
static inline ssize_t kit_put(const char *path, const char *text)
{
	return kit_write_file(path, text, strlen(text));
}

/*
 * A number and a newline in one write(2), as echo does: 0 once all of
 * it is taken, -errno if it is refused, -EIO for a short write.
 */
static inline int kit_write_long(const char *path, long val)
{
	char buf[32];
	ssize_t n;

	snprintf(buf, sizeof(buf), "%ld\n", val);
	n = kit_put(path, buf);
	if (n < 0)
		return n;
	return (size_t)n == strlen(buf) ? 0 : -EIO;
}

/*
 * A short file's whole text, as cat shows it, or "(unreadable)".  The
 * buffer is static: the next call overwrites it, so one call to an
 * expression.
 */
static inline const char *kit_text(const char *path)
{
	static char buf[4096];

	return kit_read_file(path, buf, sizeof(buf)) < 0 ? "(unreadable)" : buf;
}

/*
 * In a test: the whole text of the file at path is want ("42\n"), and a
 * failure names the file; ASSERT_TEXT also ends the test.  Macros, so
 * that the harness reports the test's own line.  Like the harness's
 * EXPECT_* with a TH_LOG, each is two statements: brace the body of an
 * if or a for that holds one.
 */
#define EXPECT_TEXT(path, want) \
	EXPECT_STREQ(want, kit_text(path)) TH_LOG("%s", path)
#define ASSERT_TEXT(path, want) \
	ASSERT_STREQ(want, kit_text(path)) TH_LOG("%s", path)

/*
 * In a test: the number in a file that holds one and a newline (a sysfs
 * attribute, a sysctl); anything else there fails the test.
 */
static inline long kit_read_long(struct __test_metadata *_metadata,
				 const char *path)
{
	char buf[64] = "", *end;
	long val;

	EXPECT_LT(0, kit_read_file(path, buf, sizeof(buf))) TH_LOG("%s", path);
	val = strtol(buf, &end, 10);
	EXPECT_STREQ("\n", end) TH_LOG("%s", path);
	return val;
}

/* A file's permission bits (st_mode & 07777), or -errno. */
static inline int kit_mode(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -errno : (int)(st.st_mode & 07777);
}

/* ioctl(2): 0 if it succeeded, else -errno. */
static inline int kit_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

/*
 * rmdir(2) every directory in dir, errors ignored: the configfs items a
 * test made, which would keep its module loaded.
 */
static inline void kit_rmdir_children(const char *dir)
{
	char path[512];
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		rmdir(path);
	}
	if (d)
		closedir(d);
}

/*
 * Wait for the n children in pids: how many failed, that is exited with
 * a status other than 0 (a worker's own code for what it saw) or were
 * killed.
 */
static inline int kit_children_failed(const pid_t *pids, int n)
{
	int status, failed = 0;

	for (int i = 0; i < n; i++)
		failed += waitpid(pids[i], &status, 0) != pids[i] ||
			  !WIFEXITED(status) || WEXITSTATUS(status);
	return failed;
}

/* open(2) as another user, in a child: 0 if it opened, else -errno. */
static inline int kit_open_as(uid_t uid, const char *path, int flags)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (setgid(uid) || setuid(uid))
			_exit(255);
		_exit(open(path, flags) < 0 ? errno : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -ECHILD;
	return -WEXITSTATUS(status);
}

/*
 * ioctl(2) on a file opened as another user, in a child: 0 if both
 * worked, else -errno (of the open, or of the ioctl).  What the ioctl
 * writes to arg stays in the child.
 */
static inline int kit_ioctl_as(uid_t uid, const char *path, int flags,
			       unsigned long cmd, void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd;

		if (setgid(uid) || setuid(uid))
			_exit(255);
		fd = open(path, flags);
		_exit(fd < 0 || ioctl(fd, cmd, arg) < 0 ? errno : 0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -ECHILD;
	return -WEXITSTATUS(status);
}

/* CLOCK_MONOTONIC in seconds: for "it took less than..." checks. */
static inline double kit_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A UDP socket connected to 127.0.0.1:port, whose receives give up
 * after timeout_ms: the descriptor, or -errno.
 */
static inline int kit_udp_client(int port, int timeout_ms)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = timeout_ms % 1000 * 1000,
	};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/*
 * How many sockets /proc/net/udp lists as bound to 127.0.0.1:port (a
 * kernel socket is listed like the others), or -errno.
 */
static inline int kit_udp_bound(int port)
{
	unsigned int addr, lport;
	char line[512];
	int count = 0;
	FILE *f = fopen("/proc/net/udp", "r");

	if (!f)
		return -errno;
	/* "sl: local_address rem_address ...", the address as in memory. */
	while (fgets(line, sizeof(line), f))
		count += sscanf(line, "%*d: %8X:%4X", &addr, &lport) == 2 &&
			 addr == htonl(INADDR_LOOPBACK) &&
			 lport == (unsigned int)port;
	fclose(f);
	return count;
}

/*
 * Run a program (argv[0] is its path, argv ends with NULL) as user uid,
 * or as the caller for KIT_ASIS, with its stdout and stderr collected in
 * out (NUL-terminated, cut at size - 1): its exit status, or -errno if
 * it did not run or did not exit normally (-ECHILD).
 */
#define KIT_ASIS	((uid_t)-1)

static inline int kit_run(uid_t uid, char *out, size_t size,
			  char *const argv[])
{
	size_t len = 0;
	int fds[2], status;
	char sink[256] = "";	/* where output beyond size goes */
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		if (uid != KIT_ASIS && (setgid(uid) || setuid(uid)))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	/* Read to the end even past size, so the child never blocks. */
	while ((n = read(fds[0], len < size - 1 ? out + len : sink,
			 len < size - 1 ? size - 1 - len : sizeof(sink))) > 0)
		if (len < size - 1)
			len += n;
	out[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	return WEXITSTATUS(status);
}

/*
 * True once the kernel has oopsed (taint D).  A fixture's teardown then
 * leaves its module alone: the unload could wait for ever on what the
 * killed task held, and the runner boots a fresh VM after such a test.
 */
static inline int kit_oopsed(void)
{
	char buf[32];
	int fd = open("/proc/sys/kernel/tainted", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return !!(strtoul(buf, NULL, 10) & (1UL << 7));
}

/*
 * The loop of a concurrency test: for (n = 0; kit_another_round(n, max);
 * n++) runs at most max rounds and stops after KIT_ROUNDS_SECONDS, so
 * that a slow kernel (the debug kernel under TCG) runs fewer rounds
 * rather than into the test's time limit.  Each process times its own.
 */
#define KIT_ROUNDS_SECONDS 5

static inline int kit_another_round(int n, int max)
{
	static struct timespec first;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (n == 0)
		first = now;
	return n < max && now.tv_sec - first.tv_sec < KIT_ROUNDS_SECONDS;
}

/*
 * The objects in use in a slab cache (/sys/kernel/slab/NAME/objects), or
 * -1.  The cache is shrunk first: KASAN (the debug kernel) keeps freed
 * objects in a quarantine, counted in use until a shrink drains it.
 */
static inline long kit_slab_objects(const char *name)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", name);
	kit_write_file(path, "1", 1);
	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/objects", name);
	if (kit_read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	return atol(buf);
}

/*
 * fork(), but the child gets the number pid (clone3()'s set_tid, root's
 * in the initial namespace): how a test makes a number be reused.  Unlike
 * ns_last_pid it needs no CONFIG_CHECKPOINT_RESTORE.  -1 with errno
 * (EEXIST: pid is in use).
 */
static inline pid_t kit_fork_as(pid_t pid)
{
	struct clone_args args = {
		.exit_signal = SIGCHLD,
		.set_tid = (uintptr_t)&pid,
		.set_tid_size = 1,
	};

	return syscall(SYS_clone3, &args, sizeof(args));
}

/*
 * Run fn(i, arg) in n child processes at once, i from 0 to n - 1, each
 * pinned to CPU i modulo the CPUs it may use: with two CPUs the even
 * ones run on one, the odd ones on the other, so a test that makes its
 * writers even and its readers odd has a writer and a reader running
 * side by side whenever both CPUs run.  A child exits with what fn
 * returns; the result is how many children failed (or were not made).
 */
static inline int kit_in_parallel(int n, int (*fn)(int i, void *arg),
				  void *arg)
{
	int failures = 0;
	pid_t pids[n];
	cpu_set_t can, one;

	if (sched_getaffinity(0, sizeof(can), &can))
		CPU_ZERO(&can);
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			int cpus = CPU_COUNT(&can), k = cpus ? i % cpus : 0;

			for (int cpu = 0; cpus && cpu < CPU_SETSIZE; cpu++) {
				if (!CPU_ISSET(cpu, &can) || k--)
					continue;
				CPU_ZERO(&one);
				CPU_SET(cpu, &one);
				sched_setaffinity(0, sizeof(one), &one);
				break;
			}
			_exit(fn(i, arg));
		}
		if (pids[i] < 0) {	/* count the rest as failed */
			failures = n - i;
			n = i;
			break;
		}
	}
	return failures + kit_children_failed(pids, n);
}

/*
 * The run's seed: kit.seed=N on the VM's command line (the graders take
 * it from SEED=N and print it), 1 when none was given.  Inputs that a
 * hard-coded answer could match are drawn with kit_random(), so the same
 * seed gives the same inputs and a score can be reproduced.
 */
static inline unsigned long long kit_seed(void)
{
	const char *s = getenv("kit_seed");

	return s && *s ? strtoull(s, NULL, 0) : 1;
}

/* A number in [lo, hi] from the seed's sequence (xorshift64*). */
static inline unsigned int kit_random(unsigned int lo, unsigned int hi)
{
	static unsigned long long x;

	if (!x)
		x = kit_seed() * 0x9e3779b97f4a7c15ULL | 1;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return lo + (x * 0x2545f4914f6cdd1dULL >> 32) %
		    ((unsigned long long)hi - lo + 1);
}

/*
 * Take the signal sig, which the caller blocks, within ms milliseconds:
 * 0 and its siginfo in si, or -errno (-EAGAIN when none came).
 */
static inline int kit_take_signal(int sig, int ms, siginfo_t *si)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	sigset_t wanted;

	sigemptyset(&wanted);
	sigaddset(&wanted, sig);
	memset(si, 0, sizeof(*si));
	return sigtimedwait(&wanted, si, &ts) == sig ? 0 : -errno;
}

static inline void kit_list_tests(void)
{
	static struct __fixture_variant_metadata no_variant = { .name = "" };
	struct __fixture_metadata *f;
	struct __fixture_variant_metadata *v;
	struct __test_metadata *t;

	for (f = __fixture_list; f; f = f->next)
		for (v = f->variant ?: &no_variant; v; v = v->next)
			for (t = f->tests; t; t = t->next)
				printf("%s.%s%s%s\n", f->name, v->name,
				       v->name[0] ? "." : "", t->name);
}

#define KIT_TEST_MAIN							\
	int main(int argc, char **argv)					\
	{								\
		if (argc == 2 && !strcmp(argv[1], "--list")) {		\
			kit_list_tests();				\
			return 0;					\
		}							\
		return test_harness_run(argc, argv);			\
	}

#endif /* KIT_TEST_H */
