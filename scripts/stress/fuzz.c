// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz - the kit's own attacker, run inside the VM by tests/stress.
 *
 *   fuzz [--lean] --snapshot   list every entry of /proc (without the
 *                              process directories), /sys and /dev,
 *                              debugfs and configfs included, and the
 *                              rows of the kernel's tables of modules,
 *                              device numbers and misc minors, sorted:
 *                              "TYPE PATH" per line (f d c b l p s ?,
 *                              e for a table's row); --lean: what a test
 *                              can leave behind (the runner's check
 *                              after each test), see walk()
 *   fuzz --diff FILE           what changed since that snapshot: "+T PATH"
 *                              and "-T PATH" lines, exit status 1 if any
 *   fuzz [options] PATH...     attack the files, devices and configfs
 *                              directories named, the UDP services
 *                              named udp:PORT (on 127.0.0.1) and the
 *                              generic netlink families named
 *                              genl:NAME (fuzz_net.c), for a bounded time
 *   fuzz --load-cycles N KO... load the modules in order and unload them
 *                              in reverse, N times, as fast as it goes
 *                              (a module in use is retried for 30 s)
 *   fuzz --fail-nth PREFIX KO  load KO with each fault point of its init
 *                              failing in turn (fail-nth, the debug
 *                              kernel); each failed load must leave the
 *                              system as it was
 *
 * The snapshot lists the generic netlink families too ("g genl:NAME").
 * The walk reads directories only (readdir gives the type), so it lists
 * the ~20000 entries of a small VM in a tenth of the time find(1), which
 * stats each entry, needs under TCG (half a minute on the debug kernel).
 *
 * Modes of attack:
 *   fuzz  random and boundary input: numbers at every limit, text that is
 *         empty, overlong or beyond a page, embedded NULs, writes at
 *         offsets, buffers that run into an unmapped page, NULL and
 *         kernel pointers; random seeks and reads; ioctls (the numbers
 *         the chapters' headers define, mutated, and random ones) with
 *         random, short and bad arguments; mmaps of random length,
 *         offset and protection that are touched, changed, remapped and
 *         inherited by a child; mkdir/rmdir in configfs groups
 *   rw    well-formed readers and writers at once: each writer writes
 *         back what a reader read; afterwards every file must open and
 *         read as it did before
 *   read  readers that hold files open and mapped across the module's
 *         unload (tests/stress loads and unloads the module meanwhile)
 *
 * With --fail-rate P (the debug kernel), P% of the workers' slab
 * allocations fail (fault injection, make-it-fail), and 5P% of the
 * reads, writes and ioctls run with their n-th fault point failing
 * (fail-nth, n from 1 to 3, as most operations meet only a few; user
 * copies too): every operation must then fail cleanly and leave the
 * state as it was.
 *
 * The kernel log is the oracle (the runner checks it after the run);
 * fuzz itself fails only on what no kernel may do: a read or write that
 * returns more than was asked, a misaligned mapping, a worker killed by
 * a signal, or a broken rw invariant.  The seed is printed; --seed gives
 * it back.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/ioctl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

/* kit_ioctls[]: generated from the chapters' headers by ioctls.sh. */
#include "kit_ioctls.h"
#include "fuzz.h"

#define MAX_JOBS	16
#define MAX_TARGETS	1024
#define MAX_POOL	4	/* open files a worker keeps between ops */
#define AREA_PAGES	17	/* 16 pages of I/O buffer, one unmapped */
#define NOBODY		65534

static struct target targets[MAX_TARGETS];
static unsigned int nr_targets;
enum mode mode = MODE_FUZZ;
static unsigned long long seed;
static unsigned int seconds = 10, jobs = 2;
static const char *until;
static bool nobody;

static struct stats *all_stats, parent_stats;
struct stats *st;
static uint64_t rng;
static long page;
char *area;		/* the buffer, then the PROT_NONE guard page */
size_t area_size;
static struct timespec deadline;

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_armed;

/* --- a small, reproducible random number generator (xorshift64*) --- */

uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

bool chance(unsigned int percent)
{
	return below(100) < percent;
}

/* --- the snapshot: every entry of /proc, /sys and /dev --- */

struct list {
	char **v;
	size_t n, cap;
};

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		perror("fuzz");
		exit(2);
	}
	return d;
}

static void list_add(struct list *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v) {
			perror("fuzz");
			exit(2);
		}
	}
	l->v[l->n++] = s;
}

static char type_char(unsigned char d_type)
{
	switch (d_type) {
	case DT_REG: return 'f';
	case DT_DIR: return 'd';
	case DT_CHR: return 'c';
	case DT_BLK: return 'b';
	case DT_LNK: return 'l';
	case DT_FIFO: return 'p';
	case DT_SOCK: return 's';
	default: return '?';
	}
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool lean;	/* what a test can leave behind: see below */

static void walk(struct list *out, const char *dir, int depth)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat sb;
	char *line;
	DIR *d = opendir(dir);
	char t;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		/* Processes come and go; the tracing trees are huge. */
		if (!strcmp(dir, "/proc") && all_digits(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!strcmp(path, "/sys/kernel/tracing") ||
		    !strcmp(path, "/sys/kernel/debug/tracing"))
			continue;
		/* binfmt_misc is a mount point of its own, empty here. */
		if (!strcmp(path, "/proc/sys/fs/binfmt_misc"))
			continue;
		/*
		 * What the runner walks after every test and the fail-nth
		 * sweep hundreds of times: not the device tree and firmware
		 * (a module's devices show in /sys/class and /sys/bus), nor
		 * each slab cache's files (its name is enough).
		 */
		if (lean && (!strcmp(path, "/sys/devices") || !strcmp(path, "/sys/firmware")))
			continue;
		t = type_char(e->d_type);
		if (t == '?' && !lstat(path, &sb))
			t = S_ISDIR(sb.st_mode) ? 'd' : S_ISREG(sb.st_mode) ?
			    'f' : S_ISCHR(sb.st_mode) ? 'c' : '?';
		if (asprintf(&line, "%c %s", t, path) < 0) {
			perror("fuzz");
			exit(2);
		}
		list_add(out, line);
		if (lean && (!strcmp(dir, "/sys/kernel/slab") ||
			     !strcmp(dir, "/sys/kernel/debug/slab")))
			continue;
		/* /proc/net is a link to this process's network namespace. */
		if ((t == 'd' || !strcmp(path, "/proc/net")) && depth < 32)
			walk(out, path, depth + 1);
	}
	closedir(d);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 2, *(char *const *)b + 2);
}

static void add_line(void *l, const char *line)
{
	list_add(l, xstrdup(line));
}

/*
 * The rows of a kernel table: "e FILE: ROW" for the modules (their names),
 * the device numbers ("char 240 kit_cdev") and the misc minors, which a
 * module can leave registered with no file to show for it.
 */
static void table(struct list *l, const char *file)
{
	char row[256], *p, *line;
	const char *kind = "";
	FILE *f = fopen(file, "r");

	if (!f)
		return;
	while (fgets(row, sizeof(row), f)) {
		row[strcspn(row, "\n")] = '\0';
		if (!strcmp(row, "Character devices:") || !strcmp(row, "Block devices:")) {
			kind = row[0] == 'C' ? "char " : "block ";
			continue;
		}
		if (!strcmp(file, "/proc/modules"))
			row[strcspn(row, " ")] = '\0';	/* the name, not its state */
		for (p = row; *p == ' '; p++)
			;
		if (!*p)
			continue;
		if (asprintf(&line, "e %s: %s%s", file, kind, p) < 0) {
			perror("fuzz");
			exit(2);
		}
		list_add(l, line);
	}
	fclose(f);
}

static void snapshot(struct list *l)
{
	table(l, "/proc/modules");
	table(l, "/proc/devices");
	table(l, "/proc/misc");
	walk(l, "/proc", 0);
	walk(l, "/sys", 0);
	walk(l, "/dev", 0);
	genl_families(add_line, l);
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), by_path);
}

static void print_snapshot(FILE *out)
{
	struct list l = { 0 };

	snapshot(&l);
	for (size_t i = 0; i < l.n; i++)
		fprintf(out, "%s\n", l.v[i]);
}

/*
 * Print what differs between an old snapshot (a file) and now.  With
 * debugfs_optional, what is missing under debugfs does not count: its
 * functions fail quietly and a module must work without it (the kernel's
 * debugfs documentation tells callers not to check them), so a load that
 * got over a fault in debugfs may lack its files.
 */
static int diff(const char *file, bool debugfs_optional)
{
	struct list old = { 0 }, now = { 0 };
	char *line = NULL;
	size_t cap = 0, i = 0, j = 0;
	ssize_t len;
	int changes = 0;
	FILE *f = fopen(file, "r");

	if (!f) {
		fprintf(stderr, "fuzz: %s: %s\n", file, strerror(errno));
		return 2;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		list_add(&old, xstrdup(line));
	}
	free(line);
	fclose(f);
	if (old.n)
		qsort(old.v, old.n, sizeof(*old.v), by_path);
	snapshot(&now);
	while (i < old.n || j < now.n) {
		int c = i == old.n ? 1 : j == now.n ? -1 : by_path(&old.v[i], &now.v[j]);
		if (c == 0 && strcmp(old.v[i], now.v[j]))
			c = -1;	/* same path, another type: both lines */
		if (c < 0 && debugfs_optional &&
		    !strncmp(old.v[i] + 2, "/sys/kernel/debug/", 18))
			i++;
		else if (c < 0)
			printf("-%s\n", old.v[i++]), changes++;
		else if (c > 0)
			printf("+%s\n", now.v[j++]), changes++;
		else
			i++, j++;
	}
	return changes ? 1 : 0;
}

/* --- bounded time and the guard against faults in our own mappings --- */

static bool time_up(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > deadline.tv_sec ||
	    (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec))
		return true;
	return until && (st->ops & 31) == 0 && access(until, F_OK) == 0;
}

static void on_fault(int sig)
{
	if (fault_armed)
		siglongjmp(fault_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* An alarm that breaks syscalls that wait: they return EINTR. */
static void on_alarm(int sig)
{
	(void)sig;
}

static void setup_signals(void)
{
	struct sigaction sa = { .sa_handler = on_fault };
	struct itimerval tick = {
		.it_interval = { .tv_usec = 200000 },
		.it_value = { .tv_usec = 200000 },
	};

	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sa.sa_handler = on_alarm;	/* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGIO, SIG_IGN);		/* FIOASYNC may ask for it */
	/* A random ioctl may register us with kit_signals for one of these. */
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		signal(sig, SIG_IGN);
	setitimer(ITIMER_REAL, &tick, NULL);
}

void violation(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz: VIOLATION: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	st->violations++;
}

/*
 * Touch a few pages of a mapping, writing too if asked.  A mapping may
 * fault legitimately (beyond the end of what the driver backs, or after
 * mprotect): the fault is caught and counted, not an error.
 */
static void touch(char *p, size_t len, bool write)
{
	size_t step = len / 16 > (size_t)page ? len / 16 : (size_t)page;
	volatile char *v = p;
	volatile size_t off;

	if (sigsetjmp(fault_jmp, 1)) {
		fault_armed = 0;
		st->faults++;
		return;
	}
	fault_armed = 1;
	for (off = 0; off < len; off += step) {
		char c = v[off];

		if (write)
			v[off] = c;
	}
	if (len)
		(void)v[len - 1];
	fault_armed = 0;
}

/* --- inputs --- */

/* Numbers at every limit, words that drivers parse, malformed text. */
static const char *const words[] = {
	"", "0", "1", "-1", "2", "42", "1\n", "0\n", "-1\n", "7\n", "100",
	"127", "128", "255", "256", "-128", "-129", "32767", "32768",
	"65535", "65536", "2147483647", "2147483648", "-2147483648",
	"-2147483649", "4294967295", "4294967296", "9223372036854775807",
	"9223372036854775808", "-9223372036854775808",
	"18446744073709551615", "18446744073709551616",
	"99999999999999999999999999999", "0x10", "0x", "0xffffffff", "010",
	"08", "0b1", " 1", "1 ", "1 2", "1,2", "+1", "--1", "1e3", "1.5",
	"nan", "-0", "on", "off", "y", "n", "Y", "N", "true", "false", "yes",
	"no", "enable", "disable", "reset", "clear", "start", "stop", "\n",
	" ", "\t", "a", "abc", "hello", "hello\n", "%s%s%s%n", "\x80\xff",
	"\xff\xfe\xfd", "-", "=", "a=1", "1\n2\n",
};

/* Put input for a write at the end of the area, right before the guard. */
static const char *make_input(const struct target *t, size_t *len)
{
	size_t n = 0, i;
	char *p;

	switch (below(12)) {
	case 0: case 1: case 2: case 3: {
		const char *w = PICK(words);

		n = strlen(w);
		p = area + area_size - n;
		memcpy(p, w, n);
		if (n && chance(10))	/* an embedded NUL */
			p[below(n)] = '\0';
		break;
	}
	case 4:	/* what the file said, perhaps a little changed */
		n = t->last_len;
		if (n && chance(30))
			n -= below(n);
		p = area + area_size - n;
		memcpy(p, t->last, n);
		if (n && chance(50))
			p[below(n)] ^= 1 << below(8);
		break;
	case 5:	/* one byte short of, at, and past a page, and more */
		n = PICK(((size_t[]){ 4095, 4096, 4097, 8192, 16 * 4096 }));
		p = area + area_size - n;
		memset(p, chance(50) ? 'A' : '9', n);
		break;
	case 6: case 7:	/* random bytes */
		n = below(chance(80) ? 64 : 8192);
		p = area + area_size - n;
		for (i = 0; i < n; i++)
			p[i] = (char)rnd();
		break;
	default:	/* a random number, maybe with a newline */
		p = area + area_size - 32;
		n = snprintf(p, 32, "%lld%s", (long long)rnd() >> below(64),
			     chance(50) ? "\n" : "");
		memmove(area + area_size - n, p, n);
		p = area + area_size - n;
		break;
	}
	*len = n;
	return p;
}

/* User pointers no kernel may trust. */
static void *bad_pointer(void)
{
	switch (below(4)) {
	case 0: return NULL;
	case 1: return area + area_size;	/* the unmapped guard page */
	case 2: return (void *)0xffffffff81000000UL;	/* the kernel */
	default: return (void *)0x8000000000000000UL;	/* non-canonical */
	}
}

static off_t boundary_offset(void)
{
	static const off_t offs[] = {
		0, 1, 2, 7, 4095, 4096, 4097, 65536, INT_MAX,
		(off_t)INT_MAX + 1, LLONG_MAX, LLONG_MAX - 1, -1, -4096,
	};

	return chance(80) ? PICK(offs) : (off_t)below(1 << 20);
}

/* --- operations on an open file --- */

static void do_read(struct target *t, int fd)
{
	static const size_t sizes[] = { 0, 1, 7, 64, 4095, 4096, 4097, 65536 };
	size_t size = PICK(sizes);
	char *buf = area + area_size - size;
	bool plain = true;	/* a whole read from the start, kept for rw */
	ssize_t n;

	if (mode == MODE_FUZZ && chance(20)) {
		lseek(fd, boundary_offset(),
		      PICK(((int[]){ SEEK_SET, SEEK_CUR, SEEK_END })));
		plain = false;
	}
	if (mode == MODE_FUZZ && chance(10)) {
		buf = bad_pointer();
		size = size ? size : 1;
		plain = false;
	} else if (mode == MODE_FUZZ && chance(10) && size > 1) {
		buf += size / 2;	/* runs into the guard page */
		plain = false;
	}
	st->reads++;
	if (mode == MODE_FUZZ && chance(20)) {
		n = pread(fd, buf, size, boundary_offset());
		plain = false;
	} else {
		n = read(fd, buf, size);
	}
	if (n > (ssize_t)size)
		violation("%s: read of %zu bytes returned %zd", t->path, size, n);
	if (n < 0)
		return;
	st->reads_ok++;
	if (plain && n > 0) {
		t->last_len = (size_t)n < LAST_MAX ? (size_t)n : LAST_MAX;
		memcpy(t->last, buf, t->last_len);
	}
}

static void do_write(struct target *t, int fd)
{
	const char *buf;
	size_t len;
	ssize_t n;

	if (mode == MODE_RW) {		/* well-formed: what was read */
		if (!t->last_len)
			return;
		len = t->last_len;
		buf = memcpy(area + area_size - len, t->last, len);
	} else {
		buf = make_input(t, &len);
	}
	st->writes++;
	switch (mode == MODE_FUZZ ? below(10) : 9) {
	case 0:
		n = pwrite(fd, buf, len, boundary_offset());
		break;
	case 1:
		n = write(fd, bad_pointer(), len ? len : 1);
		break;
	case 2:	/* a buffer that starts well but runs into the guard */
		n = write(fd, buf + (len ? below(len) : 0) + 1, len ? len : 1);
		break;
	default:
		n = write(fd, buf, len);
		break;
	}
	if (n > (ssize_t)(len ? len : 1))
		violation("%s: write of %zu bytes returned %zd", t->path, len, n);
	if (n >= 0)
		st->writes_ok++;
}

/* Generic ioctls that change the file system under the device: never. */
static bool dangerous(unsigned long cmd)
{
	unsigned int type = _IOC_TYPE(cmd);

	return type == 'X' || type == 'f' || type == 0x94;
}

/* A number the chapters define, a near miss of one, or anything. */
static unsigned long fuzz_cmd(void)
{
	const unsigned int n = sizeof(kit_ioctls) / sizeof(kit_ioctls[0]) - 1;
	const unsigned long size_bits = (unsigned long)_IOC_SIZEMASK << _IOC_SIZESHIFT;

	if (n && chance(70)) {
		unsigned long cmd = kit_ioctls[below(n)].cmd;

		switch (below(8)) {
		case 0:		/* another direction */
			return cmd ^ ((1 + below(3)) << _IOC_DIRSHIFT);
		case 1:		/* another size */
			return (cmd & ~size_bits) |
			       (below(_IOC_SIZEMASK + 1) << _IOC_SIZESHIFT);
		case 2:		/* the number next to it */
			return (cmd & ~0xffUL) | ((cmd + below(3) - 1) & 0xff);
		default:
			return cmd;
		}
	}
	if (chance(50))
		return PICK(((unsigned long[]){ FIONREAD, FIONBIO, FIOASYNC,
					       FIOQSIZE, FIOCLEX, FIONCLEX,
					       TCGETS }));
	return _IOC(below(4), below(256), below(256), below(1024));
}

static void do_ioctl(int fd)
{
	const unsigned int n = sizeof(kit_ioctls) / sizeof(kit_ioctls[0]) - 1;
	unsigned long cmd;
	size_t size, i;
	char *arg;

	if (mode != MODE_FUZZ) {
		/* The well-formed modes only ask: read-only ioctls. */
		if (!n)
			return;
		cmd = kit_ioctls[below(n)].cmd;
		if (_IOC_DIR(cmd) != _IOC_READ)
			return;
	} else {
		do
			cmd = fuzz_cmd();
		while (dangerous(cmd));
	}
	size = _IOC_SIZE(cmd);
	arg = area + area_size - size;
	switch (mode == MODE_FUZZ ? below(10) : 9) {
	case 0:
		arg = bad_pointer();
		break;
	case 1:
		arg = (char *)PICK(((uintptr_t[]){ 0, 1, -1, 4096, INT_MAX }));
		break;
	case 2:
		arg += 1 + below(size + 1);	/* runs into the guard page */
		break;
	case 3:
		memset(arg, 0xff, size);
		break;
	case 4:
		memset(arg, 0, size);
		break;
	default:
		for (i = 0; i < size; i++)
			arg[i] = chance(50) ? 0 : (char)rnd();
		break;
	}
	st->ioctls++;
	if (ioctl(fd, cmd, arg) >= 0)
		st->ioctls_ok++;
}

static void do_mmap(struct target *t, int fd)
{
	static const int prots[] = {
		PROT_READ, PROT_READ | PROT_WRITE, PROT_WRITE, PROT_NONE,
		PROT_READ | PROT_EXEC,
	};
	size_t lens[] = { 0, 1, page, 2 * page, 4 * page, 64 * page, 1 << 20,
			  1UL << 30 };
	size_t len = mode == MODE_FUZZ ? PICK(lens) : (size_t)page;
	off_t off = 0;
	int prot = mode == MODE_FUZZ ? PICK(prots) : PROT_READ;
	int flags = mode == MODE_FUZZ && chance(30) ? MAP_PRIVATE : MAP_SHARED;
	char *p;
	pid_t pid;

	if (mode == MODE_FUZZ) {
		off = PICK(((off_t[]){ 0, 0, page, 2 * page, 1, (off_t)1 << 40 }));
		if (chance(20))
			off = (off_t)below(64) * page;
		if (chance(10))
			flags |= MAP_POPULATE;
	}
	st->mmaps++;
	p = mmap(NULL, len, prot, flags, fd, off);
	if (p == MAP_FAILED)
		return;
	st->mmaps_ok++;
	if ((uintptr_t)p % page)
		violation("%s: mmap returned %p, not page aligned", t->path, p);
	if (prot != PROT_NONE)
		touch(p, len, prot & PROT_WRITE);
	if (mode == MODE_FUZZ) {
		switch (below(6)) {
		case 0:	/* another protection, then touch again */
			prot = PICK(prots);
			if (!mprotect(p, len, prot) && prot != PROT_NONE)
				touch(p, len, prot & PROT_WRITE);
			break;
		case 1: {	/* grow or shrink */
			size_t nlen = chance(50) ? len * 2 : len / 2;
			char *q = mremap(p, len, nlen, MREMAP_MAYMOVE);

			if (q != MAP_FAILED) {
				p = q;
				len = nlen;
				if (prot != PROT_NONE)
					touch(p, len, false);
			}
			break;
		}
		case 2:	/* drop the pages: the next touch faults them in again */
			madvise(p, len, MADV_DONTNEED);
			if (prot != PROT_NONE)
				touch(p, len, false);
			break;
		case 3:	/* a child inherits the mapping, touches it, exits */
			pid = fork();
			if (pid == 0) {
				if (prot != PROT_NONE)
					touch(p, len, false);
				_exit(0);
			}
			if (pid > 0)
				waitpid(pid, NULL, 0);
			break;
		case 4:
			msync(p, len, MS_SYNC);
			break;
		default:
			break;
		}
	}
	munmap(p, len);
}

static void do_poll(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN | POLLOUT | POLLPRI };

	poll(&pfd, 1, 0);
}

/* --- the workers --- */

struct pooled {
	int fd, oflags;
	struct target *t;
};

static struct pooled pool[MAX_POOL];
static unsigned int pooled;

static void pool_close(unsigned int i)
{
	close(pool[i].fd);
	pool[i] = pool[--pooled];
}

static int open_target(struct target *t, int *oflags)
{
	static const int acc[] = { O_RDONLY, O_WRONLY, O_RDWR };
	int fd;

	*oflags = mode == MODE_READ ? O_RDONLY : PICK(acc);
	if (mode != MODE_RW || t->type == 'c' || chance(50))
		*oflags |= O_NONBLOCK;
	if (mode == MODE_FUZZ && chance(5))
		*oflags |= PICK(((int[]){ O_APPEND, O_TRUNC, O_EXCL, O_SYNC }));
	st->opens++;
	fd = open(t->path, *oflags | O_CLOEXEC);
	if (fd >= 0)
		st->opens_ok++;
	else if (errno == ENOENT && mode == MODE_READ)
		usleep(500);	/* the module is out: leave the CPU to insmod */
	return fd;
}

/* The n-th fault point of this task's next calls fails; 0: none. */
static int set_fail_nth(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return pwrite(fd, buf, len, 0) == len ? 0 : -1;
}

static unsigned int fail_rate;
static int fail_nth_fd = -1;	/* /proc/thread-self/fail-nth, with --fail-rate */

/*
 * With --fail-rate, a read, write or ioctl now and then runs with its
 * n-th fault point failing (fail-nth): a slab or page allocation, or a
 * user copy (fail_usercopy is met only this way; see fault_rate()).
 * Meanwhile SIGALRM is blocked, since a signal frame is written with
 * copy_to_user() and a failed one kills the worker, and the file is
 * non-blocking, since no alarm would end a wait.
 */
static void failing_op(struct target *t, int fd, int acc)
{
	sigset_t alarm, old;
	int fl = fcntl(fd, F_GETFL);
	char left[16];

	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alarm, &old);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	st->failing_ops++;
	set_fail_nth(fail_nth_fd, 1 + below(3));
	if (acc != O_WRONLY && chance(40))
		do_read(t, fd);
	else if (acc != O_RDONLY && chance(50))
		do_write(t, fd);
	else
		do_ioctl(fd);
	/* "0": the n-th fault was met (the read's own copy comes after). */
	if (pread(fail_nth_fd, left, sizeof(left), 0) > 0 && left[0] == '0')
		st->failing_met++;
	set_fail_nth(fail_nth_fd, 0);	/* whatever was not met */
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void file_ops(struct target *t, int fd, int oflags)
{
	unsigned int i, n = mode == MODE_READ ? 1 : 1 + below(4);
	int acc = oflags & O_ACCMODE;

	for (i = 0; i < n; i++) {
		if (fail_nth_fd >= 0 && chance(fail_rate * 5)) {
			failing_op(t, fd, acc);
			continue;
		}
		switch (below(t->type == 'c' ? 10 : 8)) {
		case 0: case 1: case 2:
			if (acc != O_WRONLY)
				do_read(t, fd);
			break;
		case 3: case 4:
			if (acc != O_RDONLY && mode != MODE_READ)
				do_write(t, fd);
			break;
		case 5:
			do_poll(fd);
			break;
		case 6:
			if (mode == MODE_FUZZ || t->type == 'c')
				do_mmap(t, fd);
			break;
		default:
			do_ioctl(fd);
			break;
		}
	}
}

/* configfs: a group makes an item for each mkdir; fuzz names collide. */
static void dir_op(struct target *t)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/fz%u", t->path, (unsigned int)below(3));
	st->mkdirs++;
	if (chance(50)) {
		if (!mkdir(path, 0755))
			st->mkdirs_ok++;
	} else {
		rmdir(path);
	}
}

/* Remove what dir_op made, deepest first. */
static void cleanup_dirs(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || strncmp(e->d_name, "fz", 2))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		cleanup_dirs(path);
		rmdir(path);
	}
	closedir(d);
}

static void one_op(void)
{
	struct target *t;
	int fd, oflags;

	if (pooled && chance(50)) {	/* an old file, maybe of a gone module */
		unsigned int i = below(pooled);

		file_ops(pool[i].t, pool[i].fd, pool[i].oflags);
		if (chance(30))
			pool_close(i);
		return;
	}
	t = &targets[below(nr_targets)];
	if (t->type == 'u') {
		udp_op(t);
		return;
	}
	if (t->type == 'g') {
		genl_op(t);
		return;
	}
	if (t->type == 'd') {
		if (mode == MODE_FUZZ)
			dir_op(t);
		return;
	}
	fd = open_target(t, &oflags);
	if (fd < 0)
		return;
	file_ops(t, fd, oflags);
	if (pooled < MAX_POOL && chance(mode == MODE_RW ? 10 : 30)) {
		pool[pooled++] = (struct pooled){ fd, oflags, t };
		return;
	}
	close(fd);
}

/* --- fault injection (the debug kernel): the debugfs settings --- */

static int fault_set(const char *name, const char *value)
{
	char path[PATH_MAX];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/kernel/debug/%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, value, strlen(value)) < 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		ret = -1;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

/*
 * By default the slab and page allocators spare allocations that may
 * sleep (GFP_KERNEL, what most kernel code asks for) and the page
 * allocator spares order 0: the failures must reach them.  verbose 0:
 * an injected failure is no finding, and its stack trace would fail the
 * test in the runner's log check.
 */
static int fault_setup(void)
{
	static const char *const settings[][2] = {
		{ "failslab/ignore-gfp-wait", "N" },
		{ "failslab/verbose", "0" },
		{ "fail_page_alloc/ignore-gfp-wait", "N" },
		{ "fail_page_alloc/ignore-gfp-highmem", "N" },
		{ "fail_page_alloc/min-order", "0" },
		{ "fail_page_alloc/verbose", "0" },
		{ "fail_usercopy/verbose", "0" },
	};
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (fault_set(settings[i][0], settings[i][1]))
			return -1;
	return 0;
}

/*
 * --fail-rate: slab allocations of the workers (the tasks marked
 * make-it-fail) fail at random, percent of them; 0 turns it off again.
 * User copies are failed only in failing_op(), never at random: the
 * kernel writes a signal frame with copy_to_user(), and a failed one
 * kills the worker with SIGSEGV (measured on the debug kernel), as it
 * must.
 */
static int fault_rate(unsigned int percent)
{
	static const char *const attrs[] = { "failslab" };
	char value[16], name[64];
	size_t i;

	snprintf(value, sizeof(value), "%u", percent);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(name, sizeof(name), "%s/task-filter", attrs[i]);
		if (fault_set(name, "Y"))
			return -1;
		snprintf(name, sizeof(name), "%s/times", attrs[i]);
		if (fault_set(name, "-1"))
			return -1;
		snprintf(name, sizeof(name), "%s/interval", attrs[i]);
		if (fault_set(name, "1"))
			return -1;
		snprintf(name, sizeof(name), "%s/probability", attrs[i]);
		if (fault_set(name, value))
			return -1;
	}
	return 0;
}

static void worker(unsigned int job)
{
	st = &all_stats[job];
	rng = seed ^ (0x9e3779b97f4a7c15ULL * (job + 1));
	if (!rng)
		rng = 1;
	if (fail_rate) {
		int fd;

		/* Before make-it-fail, and setuid() which makes it root's. */
		fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
		if (fail_nth_fd < 0) {
			perror("fuzz: fail-nth");
			_exit(2);
		}
		fd = open("/proc/self/make-it-fail", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "1", 1) != 1) {
			perror("fuzz: make-it-fail");
			_exit(2);
		}
		close(fd);
	}
	if (nobody && (job & 1) && (setgid(NOBODY) || setuid(NOBODY))) {
		perror("fuzz: setuid");
		_exit(2);
	}
	setup_signals();
	while (!time_up()) {
		one_op();
		st->ops++;
	}
	while (pooled)
		pool_close(0);
	_exit(0);
}

/* --- load/unload cycles, for the readers of --mode read to race with --- */

static int unload(const char *ko)
{
	char name[NAME_MAX + 1];
	const char *base = strrchr(ko, '/') ? strrchr(ko, '/') + 1 : ko;
	unsigned int waited = 0;

	snprintf(name, sizeof(name), "%.*s", (int)strcspn(base, "."), base);
	/* O_NONBLOCK: -EWOULDBLOCK while a reader holds the module. */
	while (syscall(SYS_delete_module, name, O_NONBLOCK)) {
		if ((errno != EWOULDBLOCK && errno != EBUSY) || waited >= 3000) {
			fprintf(stderr, "fuzz: unloading %s: %s\n", name,
				strerror(errno));
			return -1;
		}
		usleep(10000);
		waited++;
	}
	return 0;
}

static int load_cycles(unsigned int cycles, int nr, char **ko)
{
	struct timespec t0, t1;
	unsigned int i;
	int m, fd, ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < cycles; i++) {
		for (m = 0; m < nr; m++) {
			fd = open(ko[m], O_RDONLY | O_CLOEXEC);
			ret = fd < 0 ? -1 : (int)syscall(SYS_finit_module, fd, "", 0);
			if (ret)
				fprintf(stderr, "fuzz: loading %s (cycle %u): %s\n",
					ko[m], i + 1, strerror(errno));
			if (fd >= 0)
				close(fd);
			if (ret) {
				while (m-- > 0)
					unload(ko[m]);
				return 1;
			}
		}
		usleep((i % 5) * 2000);	/* the readers get in, more or less */
		for (m = nr; m-- > 0;)
			if (unload(ko[m]))
				return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("kit-info: %u load/unload cycles of %d modules in %.1f s\n",
	       cycles, nr, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

/* --- fail-nth: every fault point of a module's init, failed in turn --- */

/* More fault points than any load meets. */
#define FAIL_NTH_NONE 1000000u
/* Loads in a row that meet fewer than n points before the sweep ends. */
#define FAIL_NTH_TRIES 5
/*
 * Points past a clean load's that a load may meet: a failure can add
 * points (a fallback allocates again), and failing those in turn would
 * go on for ever.
 */
#define FAIL_NTH_SLACK 16

/* The end of the kernel's image (kallsyms' _end): modules live above it. */
static unsigned long kernel_end(void)
{
	char line[256], sym[128], type;
	unsigned long addr, end = 0;
	FILE *f = fopen("/proc/kallsyms", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx %c %127s", &addr, &type, sym) == 3 && !strcmp(sym, "_end"))
			end = addr;
	if (f)
		fclose(f);
	return end;
}

/*
 * Count and fail only the fault points with an address from start up in
 * their stack trace (the kernel's stack-trace filter), in all three
 * kinds of fault; start 0 counts them all again.
 */
static int fault_require(unsigned long start)
{
	static const char *const attrs[] = { "failslab", "fail_page_alloc", "fail_usercopy" };
	char name[64], value[32];
	size_t i;

	snprintf(value, sizeof(value), "%#lx", start);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(name, sizeof(name), "%s/require-start", attrs[i]);
		if (fault_set(name, value))
			return -1;
	}
	return 0;
}

/*
 * Load ko with its n-th fault point failing.  Returns finit_module()'s
 * 0 or errno (-1: ko cannot be opened); *left is how many fault points
 * were still to come (0: the n-th was met and failed).
 */
static int load_failing(int nth, const char *ko, unsigned int n, unsigned int *left)
{
	char rec[32];
	int fd, ret;
	ssize_t len;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	set_fail_nth(nth, n);
	ret = syscall(SYS_finit_module, fd, "", 0) ? errno : 0;
	len = pread(nth, rec, sizeof(rec) - 1, 0);
	set_fail_nth(nth, 0);
	close(fd);
	rec[len > 0 ? len : 0] = '\0';
	*left = strtoul(rec, NULL, 10);
	return ret;
}

/* Write a lean snapshot (see walk()) to path. */
static int save_snapshot(const char *path)
{
	FILE *out = fopen(path, "w");

	if (!out) {
		fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
		return -1;
	}
	print_snapshot(out);
	return fclose(out);
}

/*
 * Load KO with each fault point of its init failing in turn (fail-nth,
 * nth: this thread's file); see fail_nth().  A load that fails must fail
 * with an error and leave /proc, /sys and /dev as they were (the kernel
 * log and kmemleak are the runner's); a load that gets over its fault
 * (0) must have made all that a clean load makes (debugfs aside: see
 * diff()), never half of it.  PREFIX names the snapshot files.
 */
static int sweep_init(const char *ko, const char *prefix, int nth)
{
	const char *name = strrchr(ko, '/') ? strrchr(ko, '/') + 1 : ko;
	char before[PATH_MAX], loaded[PATH_MAX];
	unsigned int n, total, left, tries, absorbed = 0, bad = 0, short_loads = 0;
	int ret;

	lean = true;
	snprintf(before, sizeof(before), "%s.lean", prefix);
	snprintf(loaded, sizeof(loaded), "%s.loaded", prefix);
	if (save_snapshot(before))
		return 2;

	/* A clean load: how many fault points its init meets, and what it makes. */
	ret = load_failing(nth, ko, FAIL_NTH_NONE, &left);
	if (ret) {
		fprintf(stderr, "fuzz: %s: %s\n", ko, strerror(ret < 0 ? errno : ret));
		return 2;
	}
	total = FAIL_NTH_NONE - left;
	if (save_snapshot(loaded) || unload(ko))
		return 1;

	for (n = 1; n <= total + FAIL_NTH_SLACK && !bad; n++) {
		/*
		 * A load that meets fewer than n fault points fails none (a
		 * slab refilled meanwhile shifts the count by a few): it is
		 * tried again, and the sweep ends only when FAIL_NTH_TRIES
		 * loads in a row fall short.
		 */
		for (tries = 0; tries < FAIL_NTH_TRIES; tries++) {
			ret = load_failing(nth, ko, n, &left);
			if (ret < 0)
				return 2;
			if (!left)
				break;
			if (ret) {
				fprintf(stderr, "fuzz: %s: the load failed with no fault "
					"injected: %s\n", ko, strerror(ret));
				return 1;
			}
			if (unload(ko))
				return 1;
			short_loads++;
		}
		if (left)
			break;
		if (!ret) {
			/* The load got over the failure: all of it (debugfs
			 * aside), or a bug. */
			absorbed++;
			if (diff(loaded, true)) {
				fprintf(stderr, "fuzz: %s: with fault %u failed, the load "
					"returned 0 but made only part of the module "
					"(the entries above differ from a clean load)\n", ko, n);
				bad++;
			}
			if (unload(ko))
				return 1;
		} else if (diff(before, false)) {
			fprintf(stderr, "fuzz: %s: with fault %u failed, the load failed (%s) "
				"and left the entries above behind\n", ko, n, strerror(ret));
			bad++;	/* what is left would spoil the next loads */
		}
	}
	printf("kit-info: %s: %u fault points in its init, %u swept; loads that "
	       "failed clean: %u, got over their fault: %u, met fewer points and "
	       "were tried again: %u\n", name, total, n - 1, n - 1 - absorbed - bad,
	       absorbed, short_loads);
	return bad ? 1 : 0;
}

/*
 * The fail-nth sweep of KO's init.  Only the fault points with the
 * module's code in their stack trace count (the kernel's stack-trace
 * filter, from the end of its image up): the init's own allocations and
 * user copies and those of the kernel functions it calls.  The module
 * loader's points (copying the module, its sections, sysfs) are the
 * kernel's, and their number varies from load to load (page lists,
 * execmem's cache).  Exit status 4 where the kernel has no fail-nth or
 * no stack-trace filter.
 */
static int fail_nth(const char *ko, const char *prefix)
{
	char line[PATH_MAX + 64];
	unsigned long end = kernel_end();
	int nth, kmsg, ret, len;

	nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (nth < 0 || kmsg < 0) {
		printf("ok 1 # SKIP the kernel has no fail-nth (CONFIG_FAULT_INJECTION)\n");
		return 4;
	}
	if (access("/sys/kernel/debug/failslab/require-start", W_OK)) {
		printf("ok 1 # SKIP the kernel has no stack-trace filter for its faults "
		       "(CONFIG_FAULT_INJECTION_STACKTRACE_FILTER)\n");
		return 4;
	}
	if (!end) {
		fprintf(stderr, "fuzz: /proc/kallsyms: no address for _end\n");
		return 2;
	}
	if (fault_setup() || fault_require(end))
		return 2;
	/* The runner's log check knows an injected allocation failure by it. */
	len = snprintf(line, sizeof(line), "kit: fail-nth %s\n", ko);
	if (write(kmsg, line, len) < 0)
		perror("fuzz: /dev/kmsg");
	ret = sweep_init(ko, prefix, nth);
	if (fault_require(0))
		ret = 2;
	return ret;
}

/* --- rw invariants: open and read behave as before --- */

static void probe(struct target *t, int *open_err, int *read_err)
{
	char buf[256];
	int fd = open(t->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	*open_err = fd < 0 ? errno : 0;
	*read_err = 0;
	if (fd < 0)
		return;
	if (read(fd, buf, sizeof(buf)) < 0)
		*read_err = errno;
	close(fd);
	if (*read_err == EAGAIN || *read_err == EINTR)
		*read_err = 0;	/* empty for now: still readable */
}

static void check_invariants(void)
{
	struct target *t;
	int o, r;

	for (t = targets; t < targets + nr_targets; t++) {
		if (t->type == 'd' || t->type == 'u' || t->type == 'g')
			continue;
		probe(t, &o, &r);
		if (o != t->open_err)
			violation("%s: open gave \"%s\" before the run, \"%s\" after",
				  t->path, strerror(t->open_err), strerror(o));
		else if (!o && r != t->read_err)
			violation("%s: read gave \"%s\" before the run, \"%s\" after",
				  t->path, strerror(t->read_err), strerror(r));
	}
}

/* --- setup --- */

/*
 * A path, or a snapshot line ("f /path", "+f /path") whose type is used
 * when the path is not there now (a module that readers race with).
 */
static void add_target(const char *arg)
{
	struct stat sb;
	struct target *t;
	char type = 0;

	if (arg[0] == '+')
		arg++;
	if (arg[0] && arg[1] == ' ') {
		type = arg[0];
		arg += 2;
	}
	if (!strncmp(arg, "udp:", 4))
		type = 'u';
	else if (!strncmp(arg, "genl:", 5))
		type = 'g';
	else if (!lstat(arg, &sb))
		type = S_ISREG(sb.st_mode) ? 'f' : S_ISCHR(sb.st_mode) ? 'c' :
		       S_ISDIR(sb.st_mode) ? 'd' : '?';
	/* Directories count in configfs only: mkdir makes items there. */
	if (type == 'd' && strncmp(arg, "/sys/kernel/config/", 19))
		return;
	if (nr_targets == MAX_TARGETS || !type || !strchr("fcdug", type))
		return;
	t = &targets[nr_targets++];
	t->path = xstrdup(arg);
	t->type = type;
}

static void add_targets_from(const char *file)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;

	if (!f) {
		fprintf(stderr, "fuzz: %s: %s\n", file, strerror(errno));
		exit(2);
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		add_target(line);
	}
	free(line);
	if (f != stdin)
		fclose(f);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fuzz [--lean] --snapshot | [--lean] --diff SNAPSHOT | --load-cycles N KO... |\n"
		"       --fail-nth PREFIX KO | [options] PATH...\n"
		"The kit's in-VM fuzzer (see the top of scripts/stress/fuzz.c).\n"
		"  --snapshot          list /proc (no pids), /sys and /dev, sorted\n"
		"  --diff FILE         print what changed since a snapshot; exit 1 if any\n"
		"  --lean              (before those two) not /sys/devices, /sys/firmware\n"
		"                      nor the slab caches' files: what a test can leave\n"
		"  --load-cycles N     load the modules named, unload them, N times\n"
		"  --fail-nth PREFIX KO  load KO with each fault of its init failing in turn\n"
		"  -m, --mode M        fuzz (default), rw or read\n"
		"  -s, --seed N        the random seed (default: from /dev/urandom)\n"
		"  -t, --seconds S     how long to run (default 10)\n"
		"  -j, --jobs N        worker processes (default 2, at most %d)\n"
		"  -u, --until FILE    stop early when FILE exists\n"
		"  -n, --nobody        odd-numbered workers run as user nobody\n"
		"  --fail-rate P       P%% of the workers' slab allocations fail, and\n"
		"                      5P%% of their file operations meet a failing\n"
		"                      allocation or user copy (the debug kernel)\n"
		"  -p, --paths FILE    read the paths from FILE (- for stdin), one a line\n"
		"                      (udp:PORT: the UDP service on 127.0.0.1:PORT;\n"
		"                      genl:NAME: the generic netlink family NAME)\n"
		"  -h, --help          this text\n", MAX_JOBS);
}

static struct timespec started;

static void report(void)
{
	struct timespec now;
	struct stats sum = { 0 };
	unsigned long *s = (unsigned long *)&sum, *w;
	unsigned int j, i, n = sizeof(sum) / sizeof(unsigned long);
	static const char *const names[] = { "fuzz", "rw", "read" };

	for (j = 0; j < jobs; j++)
		for (i = 0, w = (unsigned long *)&all_stats[j]; i < n; i++)
			s[i] += w[i];
	clock_gettime(CLOCK_MONOTONIC, &now);
	printf("kit-info: fuzz --mode %s --seed %llu%s: %u jobs, %ld s, %u targets: "
	       "%lu ops; open %lu (%lu ok), read %lu (%lu), write %lu (%lu), "
	       "ioctl %lu (%lu), mmap %lu (%lu), %lu faults caught, "
	       "mkdir/rmdir %lu (%lu), datagrams %lu (%lu answered), "
	       "genl messages %lu (%lu replies), %lu with a fault injected (%lu met it)\n",
	       names[mode], seed, fail_rate ? " (with failures injected)" : "", jobs,
	       (long)(now.tv_sec - started.tv_sec),
	       nr_targets, sum.ops, sum.opens,
	       sum.opens_ok, sum.reads, sum.reads_ok, sum.writes, sum.writes_ok,
	       sum.ioctls, sum.ioctls_ok, sum.mmaps, sum.mmaps_ok, sum.faults,
	       sum.mkdirs, sum.mkdirs_ok, sum.datagrams, sum.datagrams_ok,
	       sum.genl, sum.genl_replies, sum.failing_ops, sum.failing_met);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "snapshot", no_argument, NULL, 'S' },
		{ "lean", no_argument, NULL, 'l' },
		{ "diff", required_argument, NULL, 'D' },
		{ "mode", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 't' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "until", required_argument, NULL, 'u' },
		{ "nobody", no_argument, NULL, 'n' },
		{ "paths", required_argument, NULL, 'p' },
		{ "load-cycles", required_argument, NULL, 'L' },
		{ "fail-nth", required_argument, NULL, 'F' },
		{ "fail-rate", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool seeded = false;
	unsigned int j, bad = 0;
	unsigned long ops = 0;
	int c, status;
	pid_t pid;

	while ((c = getopt_long(argc, argv, "m:s:t:j:u:np:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			print_snapshot(stdout);
			return 0;
		case 'D':
			return diff(optarg, false);
		case 'l':
			lean = true;
			break;
		case 'F':
			if (optind != argc - 1)
				goto bad_usage;
			return fail_nth(argv[optind], optarg);
		case 'L':
			return load_cycles(strtoul(optarg, NULL, 0),
					   argc - optind, argv + optind);
		case 'm':
			if (!strcmp(optarg, "fuzz"))
				mode = MODE_FUZZ;
			else if (!strcmp(optarg, "rw"))
				mode = MODE_RW;
			else if (!strcmp(optarg, "read"))
				mode = MODE_READ;
			else
				goto bad_usage;
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			seeded = true;
			break;
		case 't':
			seconds = strtoul(optarg, NULL, 0);
			break;
		case 'j':
			jobs = strtoul(optarg, NULL, 0);
			if (jobs < 1 || jobs > MAX_JOBS)
				goto bad_usage;
			break;
		case 'u':
			until = optarg;
			break;
		case 'n':
			nobody = true;
			break;
		case 'f':
			fail_rate = strtoul(optarg, NULL, 0);
			if (!fail_rate || fail_rate > 100)
				goto bad_usage;
			break;
		case 'p':
			add_targets_from(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad_usage;
		}
	}
	for (; optind < argc; optind++)
		add_target(argv[optind]);
	if (!nr_targets) {
		fprintf(stderr, "fuzz: no file, device or configfs directory to attack\n");
		return 2;
	}

	if (!seeded) {
		/*
		 * Not /dev/urandom: early in a VM's life it may wait seconds
		 * for entropy, and a seed for a fuzzer need not be secret.
		 */
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		seed = ((unsigned long long)now.tv_nsec * 2654435761U ^
			now.tv_sec ^ getpid()) % 1000000000;
	}
	printf("kit-info: fuzz seed %llu (--seed %llu repeats the run)\n", seed, seed);
	fflush(stdout);

	page = sysconf(_SC_PAGESIZE);
	area_size = (AREA_PAGES - 1) * page;
	area = mmap(NULL, AREA_PAGES * page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	all_stats = mmap(NULL, MAX_JOBS * sizeof(*all_stats),
			 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED || all_stats == MAP_FAILED ||
	    mprotect(area + area_size, page, PROT_NONE)) {
		perror("fuzz: mmap");
		return 2;
	}
	st = &parent_stats;
	if (fail_rate && (fault_setup() || fault_rate(fail_rate)))
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &started);
	deadline = started;
	deadline.tv_sec += seconds;

	if (mode == MODE_RW)
		for (j = 0; j < nr_targets; j++)
			probe(&targets[j], &targets[j].open_err,
			      &targets[j].read_err);

	for (j = 0; j < jobs; j++) {
		pid = fork();
		if (pid < 0) {
			perror("fuzz: fork");
			return 2;
		}
		if (pid == 0)
			worker(j);
	}
	while ((pid = wait(&status)) > 0) {
		if (WIFSIGNALED(status)) {
			violation("a worker (pid %d) was killed by signal %d (%s)",
				  pid, WTERMSIG(status), strsignal(WTERMSIG(status)));
		} else if (WEXITSTATUS(status)) {
			violation("a worker (pid %d) failed (exit %d)", pid,
				  WEXITSTATUS(status));
		}
	}

	for (j = 0; j < nr_targets; j++)
		if (targets[j].type == 'd')
			cleanup_dirs(targets[j].path);
	if (fail_rate)
		fault_rate(0);
	if (mode == MODE_RW)
		check_invariants();
	/* The services still answer as they should, after all that. */
	if (mode != MODE_READ)
		for (j = 0; j < nr_targets; j++)
			net_check(&targets[j], seed);
	report();
	for (j = 0; j < jobs; j++) {
		bad += all_stats[j].violations;
		ops += all_stats[j].ops;
	}
	if (!ops) {
		fprintf(stderr, "fuzz: the workers did nothing\n");
		bad++;
	}
	bad += parent_stats.violations;
	if (bad)
		fprintf(stderr, "fuzz: %u violations (seed %llu)\n", bad, seed);
	return bad ? 1 : 0;

bad_usage:
	usage(stderr);
	return 2;
}
