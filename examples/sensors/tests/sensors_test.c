// SPDX-License-Identifier: GPL-2.0
/*
 * The sensors capstone's tests: every path gives the same frames, no
 * torn frame under the fastest producer, a mapping that stays read-only
 * and in bounds, poll, bad input of every kind, other users, and the
 * module's life cycle.
 */
#include <dirent.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "kit_test.h"
#include "../kit_sensors.h"

#define MODULE		KIT_DIR "sensors/kit_sensors.ko"
#define NAME		"kit_sensors"
#define DEV		KIT_SENSORS_DEVICE
#define RATE		"/sys/class/misc/kit_sensors/rate"
#define SUMMARY		"/proc/kit_sensors"
#define FRAME		sizeof(struct kit_sensor_frame)
#define NR		64	/* sensors in most tests: small and quick */
#define PAGE		4096

/* A frame as the module must hand it out: whole, stable, its own. */
static int frame_ok(const struct kit_sensor_frame *f, unsigned int id)
{
	return f->id == id && !(f->seq & 1) &&
	       f->sum == kit_sensors_frame_sum(f);
}

/* A number from /proc/kit_sensors ("key: value"), or -1. */
static long summary(const char *key)
{
	char buf[1024] = "", *p;
	size_t len = strlen(key);

	if (kit_read_file(SUMMARY, buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, len) && p[len] == ':')
			return strtol(p + len + 1, NULL, 10);
	return -1;
}

static int info(int fd, struct kit_sensors_info *i)
{
	return ioctl(fd, KIT_SENSORS_IOC_INFO, i) ? -errno : 0;
}

static int get(int fd, unsigned int id, struct kit_sensors_get *g)
{
	g->id = id;
	g->reserved = 0;
	return ioctl(fd, KIT_SENSORS_IOC_GET, g) ? -errno : 0;
}

static int batch(int fd, uint32_t first, uint32_t count, void *frames)
{
	struct kit_sensors_batch b = {
		.first = first, .count = count, .frames = (uintptr_t)frames,
	};

	return ioctl(fd, KIT_SENSORS_IOC_BATCH, &b) ? -errno : 0;
}

/* Is a task named like the producer thread around? */
static int producer_alive(void)
{
	char path[300], comm[32];
	struct dirent *e;
	int alive = 0;
	DIR *proc = opendir("/proc");

	while (proc && !alive && (e = readdir(proc))) {
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		if (kit_read_file(path, comm, sizeof(comm)) > 0)
			alive = !strcmp(comm, "kit_sensors\n");
	}
	if (proc)
		closedir(proc);
	return alive;
}

/*
 * Load the module with params, open the device and map it read-only:
 * what the frozen and busy fixtures share.  fd and map are set to -1
 * and MAP_FAILED first, so unmap_and_unload() knows what was done.
 */
static void load_and_map(struct __test_metadata *_metadata,
			 const char *params, int *fd,
			 struct kit_sensors_info *in, void **map,
			 const struct kit_sensor_frame **frames)
{
	*fd = -1;
	*map = MAP_FAILED;
	ASSERT_EQ(0, kit_load(MODULE, params));
	*fd = open(DEV, O_RDONLY);
	ASSERT_LE(0, *fd);
	ASSERT_EQ(0, info(*fd, in));
	*map = mmap(NULL, in->map_size, PROT_READ, MAP_SHARED, *fd, 0);
	ASSERT_NE(MAP_FAILED, *map);
	*frames = (const void *)((char *)*map + in->frames_offset);
}

static void unmap_and_unload(struct __test_metadata *_metadata, int fd,
			     const struct kit_sensors_info *in, void *map)
{
	if (map != MAP_FAILED)
		munmap(map, in->map_size);
	if (fd >= 0)
		close(fd);
	EXPECT_EQ(0, kit_unload(NAME));
}

/* NR sensors, the producer frozen from the start, opened and mapped. */
FIXTURE(frozen) {
	int fd;
	struct kit_sensors_info info;
	void *map;
	const struct kit_sensor_frame *frames;
	struct kit_sensor_frame all[NR];
};

FIXTURE_SETUP(frozen)
{
	load_and_map(_metadata, "nr_sensors=64 rate=0", &self->fd,
		     &self->info, &self->map, &self->frames);
}

FIXTURE_TEARDOWN(frozen)
{
	unmap_and_unload(_metadata, self->fd, &self->info, self->map);
}

TEST_F(frozen, info_and_header_describe_the_array)
{
	const struct kit_sensors_header *h = self->map;

	EXPECT_EQ(NR, self->info.nr_sensors);
	EXPECT_EQ(FRAME, self->info.frame_size);
	EXPECT_EQ(KIT_SENSORS_FRAMES_OFFSET, self->info.frames_offset);
	EXPECT_EQ((KIT_SENSORS_FRAMES_OFFSET + NR * FRAME + PAGE - 1) &
		  ~(uint64_t)(PAGE - 1), self->info.map_size);
	EXPECT_EQ(0, self->info.rate);
	EXPECT_EQ(1, self->info.seed);		/* the default seed */
	EXPECT_EQ(0, self->info.generation);	/* frozen: tick 0 only */
	EXPECT_EQ(0, self->info.reserved);

	EXPECT_EQ(KIT_SENSORS_MAGIC, h->magic);
	EXPECT_EQ(KIT_SENSORS_VERSION, h->version);
	EXPECT_EQ(NR, h->nr_sensors);
	EXPECT_EQ(FRAME, h->frame_size);
	EXPECT_EQ(KIT_SENSORS_FRAMES_OFFSET, h->frames_offset);
	EXPECT_EQ(1, h->seed);
	EXPECT_EQ(0, kit_sensors_generation(h));
}

/* The producer is frozen: all four paths must give the very same bytes. */
TEST_F(frozen, every_path_returns_the_same_frames)
{
	static struct kit_sensor_frame by_read[NR], by_batch[NR], chunk[7];
	struct kit_sensors_get g;

	ASSERT_EQ(NR * FRAME, pread(self->fd, by_read, sizeof(by_read), 0));
	ASSERT_EQ(0, batch(self->fd, 0, NR, by_batch));
	EXPECT_EQ(0, memcmp(by_read, by_batch, sizeof(by_read)));
	for (unsigned int i = 0; i < NR; i++) {
		ASSERT_TRUE(frame_ok(&by_read[i], i));
		EXPECT_EQ(0, by_read[i].tick);
		ASSERT_EQ(0, get(self->fd, i, &g));
		EXPECT_EQ(0, memcmp(&by_read[i], &g.frame, FRAME));
		kit_sensors_copy_frame(&self->all[i], &self->frames[i]);
		EXPECT_EQ(0, memcmp(&by_read[i], &self->all[i], FRAME));
		EXPECT_EQ(0, memcmp(&by_read[i], &self->frames[i], FRAME));
	}
	/* Batches of an odd size, the last one short. */
	for (unsigned int first = 0; first < NR; first += 7) {
		unsigned int n = NR - first < 7 ? NR - first : 7;

		ASSERT_EQ(0, batch(self->fd, first, n, chunk));
		EXPECT_EQ(0, memcmp(&by_read[first], chunk, n * FRAME));
	}
}

/* The same seed gives the same frames, another seed other frames. */
TEST(frames_are_reproducible_from_the_seed)
{
	static struct kit_sensor_frame a[16], b[16];
	int fd;

	ASSERT_EQ(0, kit_load(MODULE, "nr_sensors=16 seed=7 rate=0"));
	fd = open(DEV, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(sizeof(a), read(fd, a, sizeof(a)));
	close(fd);
	ASSERT_EQ(0, kit_unload(NAME));

	ASSERT_EQ(0, kit_load(MODULE, "nr_sensors=16 seed=7 rate=0"));
	fd = open(DEV, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(sizeof(b), read(fd, b, sizeof(b)));
	close(fd);
	ASSERT_EQ(0, kit_unload(NAME));
	EXPECT_EQ(0, memcmp(a, b, sizeof(a)));

	ASSERT_EQ(0, kit_load(MODULE, "nr_sensors=16 seed=8 rate=0"));
	fd = open(DEV, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(sizeof(b), read(fd, b, sizeof(b)));
	close(fd);
	ASSERT_EQ(0, kit_unload(NAME));
	for (int i = 0; i < 16; i++) {
		EXPECT_TRUE(frame_ok(&b[i], i));
		EXPECT_NE(0, memcmp(a[i].pixels, b[i].pixels, sizeof(a[i].pixels)));
	}
}

/*
 * 100,000 snapshots of frames in the mapping while the producer rewrites
 * them as fast as it can: with the sequence protocol not one is torn.
 * Counted in snapshots, not time; it also goes on until the producer has
 * published several ticks meanwhile, so the race did happen.
 */
TEST_F(frozen, no_torn_frame_in_100000_mmap_snapshots)
{
	const struct kit_sensors_header *h = self->map;
	struct kit_sensor_frame f;
	unsigned long n, torn = 0, retries = 0;
	uint64_t gen0;

	ASSERT_EQ(5, kit_put(RATE, "1000\n"));
	gen0 = kit_sensors_generation(h);
	for (n = 0; n < 100000 || kit_sensors_generation(h) < gen0 + 5; n++) {
		unsigned int id = n % NR;

		retries += kit_sensors_copy_frame(&f, &self->frames[id]);
		torn += !frame_ok(&f, id);
	}
	ASSERT_EQ(2, kit_put(RATE, "0\n"));
	TH_LOG("%lu snapshots, %lu retries, %llu ticks", n, retries,
	       (unsigned long long)(kit_sensors_generation(h) - gen0));
	EXPECT_EQ(0, torn);
}

/* The kernel's own copies (ioctl, read) follow the protocol too. */
TEST_F(frozen, kernel_copies_are_never_torn)
{
	const struct kit_sensors_header *h = self->map;
	struct kit_sensors_get g;
	unsigned long torn = 0;
	uint64_t gen0;
	int round;

	ASSERT_EQ(5, kit_put(RATE, "1000\n"));
	gen0 = kit_sensors_generation(h);
	/* 100 rounds, more if the producer has not ticked 5 times by then. */
	for (round = 0; round < 100 ||
	     (kit_sensors_generation(h) < gen0 + 5 && round < 1000);
	     round++) {
		ASSERT_EQ(0, get(self->fd, round % NR, &g));
		torn += !frame_ok(&g.frame, round % NR);
		ASSERT_EQ(0, batch(self->fd, 0, NR, self->all));
		for (int i = 0; i < NR; i++)
			torn += !frame_ok(&self->all[i], i);
		ASSERT_EQ(NR * FRAME, pread(self->fd, self->all,
					    sizeof(self->all), 0));
		for (int i = 0; i < NR; i++)
			torn += !frame_ok(&self->all[i], i);
	}
	ASSERT_EQ(2, kit_put(RATE, "0\n"));
	TH_LOG("%d rounds, %llu ticks", round,
	       (unsigned long long)(kit_sensors_generation(h) - gen0));
	EXPECT_LE(gen0 + 5, kit_sensors_generation(h));	/* the race happened */
	EXPECT_EQ(0, torn);
}

/*
 * A thousand sensors, frozen, opened and mapped: a tick is long enough
 * (some 25 ms in the emulated VM) to be caught in progress.
 */
#define MANY		1024

FIXTURE(busy) {
	int fd;
	struct kit_sensors_info info;
	void *map;
	const struct kit_sensor_frame *frames;
};

FIXTURE_SETUP(busy)
{
	load_and_map(_metadata, "nr_sensors=1024 rate=0", &self->fd,
		     &self->info, &self->map, &self->frames);
	ASSERT_EQ(MANY, self->info.nr_sensors);
}

FIXTURE_TEARDOWN(busy)
{
	unmap_and_unload(_metadata, self->fd, &self->info, self->map);
}

/*
 * A write of 0 to rate returns only once the tick in progress is over:
 * kit_set_rate() takes tick_lock, which the producer holds for a whole
 * tick.  So right after the write, every frame is of the tick that the
 * header announces, and none changes any more.  Were the write to
 * return in the middle of the tick, the frames that the tick goes on
 * rewriting would be ahead of the header.  Each round starts the
 * producer, waits until a tick is under way (frame 0 is already ahead
 * of the header) and only then writes 0; the frames are looked at right
 * after, before the rest of a tick of a thousand frames could be done.
 */
TEST_F(busy, rate_0_returns_between_two_ticks)
{
	const struct kit_sensors_header *h = self->map;
	const struct kit_sensor_frame *first = &self->frames[0];
	struct kit_sensor_frame f;
	unsigned int ahead = 0, caught = 0;

	for (int round = 0; round < 10; round++) {
		unsigned int before = ahead;
		uint64_t gen;

		ASSERT_EQ(5, kit_put(RATE, "1000\n"));
		while (__atomic_load_n(&first->tick, __ATOMIC_ACQUIRE) <=
		       kit_sensors_generation(h))
			sched_yield();
		ASSERT_EQ(2, kit_put(RATE, "0\n"));
		gen = kit_sensors_generation(h);
		for (unsigned int id = 0; id < MANY; id++) {
			kit_sensors_copy_frame(&f, &self->frames[id]);
			ahead += f.tick != gen;
		}
		caught += ahead != before;
	}
	TH_LOG("%u of 10 writes of 0 returned in the middle of a tick", caught);
	EXPECT_EQ(0, ahead);
}

TEST_F(frozen, the_mapping_cannot_be_made_writable)
{
	size_t size = self->info.map_size;
	int rw = open(DEV, O_RDWR);	/* root may, despite mode 0444 */
	void *p;

	ASSERT_LE(0, rw);
	/* Not open for writing: the VFS refuses a shared writable map. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size, PROT_READ | PROT_WRITE,
				   MAP_SHARED, self->fd, 0));
	EXPECT_EQ(EACCES, errno);
	/* Open for writing: the module refuses it, shared or private. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size, PROT_READ | PROT_WRITE,
				   MAP_SHARED, rw, 0));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size, PROT_WRITE, MAP_PRIVATE, rw, 0));
	EXPECT_EQ(EACCES, errno);

	/* A read-only mapping cannot be made writable afterwards. */
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, rw, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mprotect(p, size, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, mprotect(p, PAGE, PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	munmap(p, size);
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, rw, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(-1, mprotect(p, size, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	munmap(p, size);
	close(rw);

	p = self->map;
	EXPECT_EQ(KIT_SENSORS_MAGIC, ((struct kit_sensors_header *)p)->magic);
	EXPECT_TRUE(frame_ok(&self->frames[0], 0));
	EXPECT_EQ(1, summary("mappings"));	/* the fixture's only */
}

TEST_F(frozen, oversized_or_misplaced_mappings_are_refused)
{
	size_t size = self->info.map_size;
	void *p;

	EXPECT_EQ(MAP_FAILED, mmap(NULL, size + PAGE, PROT_READ, MAP_SHARED,
				   self->fd, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size, PROT_READ, MAP_SHARED,
				   self->fd, PAGE));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED,
				   self->fd, size));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED,
				   self->fd, 0x7ffffffffffff000));
	EXPECT_EQ(EINVAL, errno);
	/* Not page-aligned, or empty: the VFS refuses those itself. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED,
				   self->fd, 100));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 0, PROT_READ, MAP_SHARED, self->fd, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(1, summary("mappings"));

	/* Any part of the array is fine: here, the frames without the header. */
	p = mmap(NULL, size - PAGE, PROT_READ, MAP_SHARED, self->fd, PAGE);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, memcmp(p, &self->frames[0], FRAME));
	EXPECT_EQ(2, summary("mappings"));
	munmap(p, size - PAGE);
	EXPECT_EQ(1, summary("mappings"));
}

TEST(rmmod_is_refused_while_mapped)
{
	const struct kit_sensors_header *h;
	struct kit_sensors_info i;
	int fd;

	ASSERT_EQ(0, kit_load(MODULE, "nr_sensors=64 rate=0"));
	fd = open(DEV, O_RDONLY);
	ASSERT_LE(0, fd);
	/* In use: delete_module() says EWOULDBLOCK (EAGAIN). */
	EXPECT_EQ(-EAGAIN, kit_unload(NAME));
	ASSERT_EQ(0, info(fd, &i));
	h = mmap(NULL, i.map_size, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, h);
	close(fd);
	/*
	 * The mapping holds the file (not released yet, though closed),
	 * and the file holds the module.
	 */
	EXPECT_EQ(-EAGAIN, kit_unload(NAME));
	EXPECT_EQ(KIT_SENSORS_MAGIC, h->magic);
	EXPECT_EQ(1, summary("mappings"));
	EXPECT_EQ(1, summary("open_files"));
	munmap((void *)h, i.map_size);
	EXPECT_EQ(0, summary("open_files"));
	EXPECT_EQ(0, kit_unload(NAME));
}

TEST_F(frozen, poll_wakes_when_a_tick_is_published)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN };
	struct kit_sensors_info i;
	int status;
	pid_t pid;

	/* Nothing new since open: not readable. */
	EXPECT_EQ(0, poll(&p, 1, 0));

	/* A child sleeps in poll(); the first tick must wake it. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int n = poll(&p, 1, 20000);

		_exit(n == 1 && p.revents == POLLIN ? 0 : 1);
	}
	ASSERT_EQ(5, kit_put(RATE, "1000\n"));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* Frozen again: once INFO has told us the tick, nothing is new. */
	ASSERT_EQ(2, kit_put(RATE, "0\n"));
	EXPECT_EQ(1, poll(&p, 1, 0));
	ASSERT_EQ(0, info(self->fd, &i));
	EXPECT_LT(0, i.generation);
	EXPECT_EQ(0, poll(&p, 1, 0));
	EXPECT_EQ(i.generation, summary("generation"));
}

TEST_F(frozen, bad_ids_and_ranges_are_refused)
{
	static struct kit_sensor_frame buf[NR + 1], before[NR + 1];
	struct kit_sensors_get g;
	struct {
		uint32_t first, count;
	} bad[] = {
		{ NR, 1 },		/* past the end */
		{ 0, 0 },		/* empty */
		{ 0, NR + 1 },		/* too many */
		{ NR - 1, 2 },		/* runs off the end */
		{ 1, UINT32_MAX },	/* first + count wraps to 0 */
		{ UINT32_MAX, 2 },	/* wraps to 1 */
		{ UINT32_MAX, 0 },
	};

	memset(buf, 0xa5, sizeof(buf));
	memcpy(before, buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("batch first %u count %u", bad[i].first, bad[i].count);
		EXPECT_EQ(-EINVAL, batch(self->fd, bad[i].first, bad[i].count, buf));
	}
	EXPECT_EQ(0, memcmp(buf, before, sizeof(buf)));

	memset(&g, 0xa5, sizeof(g));
	EXPECT_EQ(-EINVAL, get(self->fd, NR, &g));
	EXPECT_EQ(-EINVAL, get(self->fd, UINT32_MAX, &g));
	g.id = 0;
	g.reserved = 1;		/* must be 0 */
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_GET, &g));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0xa5a5a5a5, g.frame.id);	/* untouched */

	/* The edges themselves are fine. */
	EXPECT_EQ(0, get(self->fd, NR - 1, &g));
	EXPECT_TRUE(frame_ok(&g.frame, NR - 1));
	EXPECT_EQ(0, batch(self->fd, NR - 1, 1, buf));
	EXPECT_TRUE(frame_ok(&buf[0], NR - 1));
	EXPECT_EQ(0, batch(self->fd, 0, NR, buf));
}

TEST_F(frozen, bad_pointers_and_commands_give_clean_errors)
{
	void *gone = kit_unmapped();
	char *two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct kit_sensors_batch b = { .first = 0, .count = 1 };
	struct kit_sensors_info i;

	ASSERT_NE(MAP_FAILED, two);
	ASSERT_EQ(0, munmap(two + PAGE, PAGE));	/* one page, then a hole */

	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_INFO, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_INFO, gone));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_GET, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_GET, gone));
	EXPECT_EQ(EFAULT, errno);
	/* id and reserved readable, the frame that follows is not. */
	memset(two + PAGE - 8, 0, 8);
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_GET, two + PAGE - 8));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_BATCH, NULL));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_BATCH, gone));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-EFAULT, batch(self->fd, 0, 1, NULL));
	EXPECT_EQ(-EFAULT, batch(self->fd, 0, 1, gone));
	EXPECT_EQ(-EFAULT, batch(self->fd, 0, 1, (void *)0xffff888000000000));
	EXPECT_EQ(-EFAULT, batch(self->fd, 0, 3, two));	/* 2 fit, not 3 */
	b.frames = (uintptr_t)gone;
	EXPECT_EQ(-1, ioctl(self->fd, KIT_SENSORS_IOC_BATCH, &b));
	EXPECT_EQ(EFAULT, errno);

	EXPECT_EQ(-1, read(self->fd, gone, FRAME));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_read, self->fd, NULL, FRAME));
	EXPECT_EQ(EFAULT, errno);
	/* Whole frames that fit are delivered; the read stops at the hole. */
	ASSERT_EQ(0, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(2 * FRAME, read(self->fd, two, 3 * FRAME));
	EXPECT_TRUE(frame_ok((void *)two, 0));
	EXPECT_TRUE(frame_ok((void *)(two + FRAME), 1));
	EXPECT_EQ(2 * FRAME, lseek(self->fd, 0, SEEK_CUR));

	/* Unknown commands, and known ones with the wrong size. */
	EXPECT_EQ(-1, ioctl(self->fd, _IO('k', 0x4f)));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR('k', 0x41, uint32_t), &i));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IOR('k', 0x40, uint64_t), &i));
	EXPECT_EQ(ENOTTY, errno);

	/* Nothing changed: the frames are as they were. */
	EXPECT_EQ(0, info(self->fd, &i));
	EXPECT_EQ(0, i.generation);
	munmap(two, PAGE);
}

TEST_F(frozen, read_hands_out_whole_frames)
{
	struct kit_sensor_frame f[3];
	off_t end = NR * FRAME;

	EXPECT_EQ(0, read(self->fd, f, 0));
	EXPECT_EQ(-1, read(self->fd, f, FRAME - 1));	/* too small */
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(self->fd, f, FRAME, 1));	/* mid-frame */
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, pread(self->fd, f, FRAME, FRAME + 800));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, lseek(self->fd, 0, SEEK_CUR));	/* nothing moved */

	/* As many whole frames as fit, and the offset moves by them. */
	EXPECT_EQ(2 * FRAME, read(self->fd, f, 2 * FRAME + 100));
	EXPECT_TRUE(frame_ok(&f[0], 0));
	EXPECT_TRUE(frame_ok(&f[1], 1));
	EXPECT_EQ(FRAME, read(self->fd, f, FRAME));
	EXPECT_TRUE(frame_ok(&f[0], 2));
	EXPECT_EQ(FRAME, pread(self->fd, f, FRAME, 10 * FRAME));
	EXPECT_TRUE(frame_ok(&f[0], 10));

	/* The end: SEEK_END, the last frame, then EOF. */
	EXPECT_EQ(end, lseek(self->fd, 0, SEEK_END));
	EXPECT_EQ(0, read(self->fd, f, FRAME));
	EXPECT_EQ(end - FRAME, lseek(self->fd, -(off_t)FRAME, SEEK_END));
	EXPECT_EQ(FRAME, read(self->fd, f, 3 * FRAME));
	EXPECT_TRUE(frame_ok(&f[0], NR - 1));
	EXPECT_EQ(0, pread(self->fd, f, FRAME, end + FRAME));
	EXPECT_EQ(-1, lseek(self->fd, end + 1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(self->fd, -1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);

	/* Nobody writes to it. */
	EXPECT_EQ(-1, write(self->fd, f, FRAME));
	EXPECT_EQ(EBADF, errno);
}

TEST_F(frozen, rate_takes_only_valid_numbers)
{
	static char big[PAGE + 2];
	struct {
		const char *what;
		const char *data;
		size_t len;
		int err;
	} bad[] = {
		{ "too fast", "1001\n", 5, EINVAL },
		{ "negative", "-1\n", 3, EINVAL },
		{ "not a number", "fast\n", 5, EINVAL },
		{ "a number and more", "5 Hz\n", 5, EINVAL },
		{ "only a newline", "\n", 1, EINVAL },
		{ "embedded NUL", "5\0" "0\n", 4, EINVAL },
		{ "beyond unsigned int", "4294967296\n", 11, ERANGE },
		/* sysfs hands over one page: 4096 digits, too many. */
		{ "beyond a page", big, PAGE + 1, ERANGE },
	};

	memset(big, '1', sizeof(big));
	ASSERT_EQ(2, kit_put(RATE, "7\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("writing %s", bad[i].what);
		EXPECT_EQ(-bad[i].err, kit_write_file(RATE, bad[i].data,
						      bad[i].len));
		EXPECT_TEXT(RATE, "7\n");
	}
	/* An empty write stores nothing (sysfs does not call the module). */
	EXPECT_EQ(0, kit_write_file(RATE, "", 0));
	EXPECT_TEXT(RATE, "7\n");

	/* The edges, with or without echo's newline. */
	ASSERT_EQ(4, kit_put(RATE, "1000"));
	EXPECT_TEXT(RATE, "1000\n");
	ASSERT_EQ(2, kit_put(RATE, "0\n"));
	EXPECT_EQ(0, summary("rate_hz"));
}

TEST_F(frozen, other_users_read_per_the_node_mode)
{
	struct stat st;
	int status;
	pid_t pid;

	ASSERT_EQ(0, stat(DEV, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0444, st.st_mode & 07777);
	ASSERT_EQ(0, stat(RATE, &st));
	EXPECT_EQ(0644, st.st_mode & 07777);
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, DEV, O_RDONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, DEV, O_RDWR));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, DEV, O_WRONLY));
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, RATE, O_RDONLY));
	EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, RATE, O_WRONLY));

	/* Everything a reader does works for nobody. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct kit_sensors_get g;
		struct kit_sensors_info i;
		int fd, ok;
		void *p;

		if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
			_exit(10);
		fd = open(DEV, O_RDONLY);
		if (fd < 0 || info(fd, &i) || get(fd, 5, &g) ||
		    !frame_ok(&g.frame, 5))
			_exit(11);
		p = mmap(NULL, i.map_size, PROT_READ, MAP_SHARED, fd, 0);
		ok = p != MAP_FAILED &&
		     ((struct kit_sensors_header *)p)->magic == KIT_SENSORS_MAGIC;
		_exit(ok ? 0 : 12);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, summary("rate_hz"));
}

TEST_F(frozen, proc_summary_follows_the_state)
{
	int fd2, status;
	pid_t pid;

	EXPECT_EQ(NR, summary("sensors"));
	EXPECT_EQ(FRAME, summary("frame_bytes"));
	EXPECT_EQ((long)self->info.map_size, summary("map_bytes"));
	EXPECT_EQ(1, summary("seed"));
	EXPECT_EQ(0, summary("rate_hz"));
	EXPECT_EQ(0, summary("generation"));
	EXPECT_EQ(1, summary("open_files"));
	EXPECT_EQ(1, summary("mappings"));

	fd2 = open(DEV, O_RDONLY);
	ASSERT_LE(0, fd2);
	EXPECT_EQ(2, summary("open_files"));
	close(fd2);
	EXPECT_EQ(1, summary("open_files"));
	ASSERT_EQ(3, kit_put(RATE, "50\n"));
	EXPECT_EQ(50, summary("rate_hz"));
	ASSERT_EQ(2, kit_put(RATE, "0\n"));

	/* A fork copies the mapping: two VMAs map the array. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(summary("mappings") == 2 ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(1, summary("mappings"));
	munmap(self->map, self->info.map_size);
	self->map = MAP_FAILED;
	EXPECT_EQ(0, summary("mappings"));
}

TEST(bad_nr_sensors_and_rates_are_refused)
{
	const char *bad[] = {
		"nr_sensors=0", "nr_sensors=65537", "nr_sensors=-1",
		"nr_sensors=many", "nr_sensors=", "nr_sensors=4294967297",
		"rate=1001", "rate=-5",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* Too big for the type: the parser's own -ERANGE. */
		int err = strstr(bad[i], "4294967297") ? ERANGE : EINVAL;

		TH_LOG("loading with %s", bad[i]);
		EXPECT_EQ(-err, kit_load(MODULE, bad[i]));
		EXPECT_FALSE(kit_exists(DEV));
		EXPECT_FALSE(kit_exists(SUMMARY));
	}
}

/* The edges of nr_sensors load; 65536 sensors are 100 MiB. */
TEST(nr_sensors_from_1_to_65536_are_accepted)
{
	static const char *ok[] = { "nr_sensors=1", "nr_sensors=65536 rate=0" };
	static const unsigned int nr[] = { 1, 65536 };
	struct kit_sensors_get g;
	struct kit_sensors_info i;

	for (int k = 0; k < 2; k++) {
		int fd;

		ASSERT_EQ(0, kit_load(MODULE, ok[k]));
		fd = open(DEV, O_RDONLY);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, info(fd, &i));
		EXPECT_EQ(nr[k], i.nr_sensors);
		EXPECT_EQ(0, get(fd, nr[k] - 1, &g));
		EXPECT_TRUE(frame_ok(&g.frame, nr[k] - 1));
		EXPECT_EQ(-EINVAL, get(fd, nr[k], &g));
		close(fd);
		ASSERT_EQ(0, kit_unload(NAME));
	}
}

TEST(reload_leaves_nothing_behind)
{
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, "nr_sensors=256"));
		EXPECT_TRUE(kit_exists(DEV));
		EXPECT_TRUE(kit_exists(SUMMARY));
		EXPECT_TRUE(kit_exists(RATE));
		EXPECT_TRUE(producer_alive());
		EXPECT_EQ(0, summary("open_files"));
		EXPECT_EQ(0, summary("mappings"));
		ASSERT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(DEV));
		EXPECT_FALSE(kit_exists(SUMMARY));
		EXPECT_FALSE(kit_exists("/sys/class/misc/kit_sensors"));
		EXPECT_FALSE(kit_exists("/sys/module/kit_sensors"));
		EXPECT_FALSE(producer_alive());
	}
}

KIT_TEST_MAIN
