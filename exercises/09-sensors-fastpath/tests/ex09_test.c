// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 09: the read-only mapping of /dev/kit_ex09 and
 * its sequence protocol.  The number of sensors, the module's seed and
 * the frames made are drawn from the run's seed.
 */
#include <stdio.h>
#include <sys/ioctl.h>

#include "kit_test.h"
#include "../../ex_test.h"
#include "../solution/kit_ex09.h"

#define MODULE		"kit_ex09_fastpath.ko"
#define NAME		"kit_ex09_fastpath"
#define DEV		"/dev/kit_ex09"
#define PAGE		4096

/* Given code: the device appears and goes with the module. */
TEST(device_appears_and_goes)
{
	ex_device_appears_and_goes(_metadata, MODULE, NAME, DEV);
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "nr_sensors=0"));
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "nr_sensors=65"));
}

FIXTURE(loaded) {
	unsigned int nr, seed;
	size_t len;
	int fd;
};

FIXTURE_SETUP(loaded)
{
	char params[64];

	self->nr = kit_random(2, KIT_EX09_SENSORS_MAX);
	self->seed = kit_random(0, 0x7fffffff);
	self->len = (self->nr * KIT_EX09_FRAME_SIZE + PAGE - 1) / PAGE * PAGE;
	snprintf(params, sizeof(params), "nr_sensors=%u seed=%u", self->nr,
		 self->seed);
	/* Open for writing too: the module, not the VFS, must refuse. */
	self->fd = ex_load_and_open(_metadata, MODULE, params, DEV);
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

static const struct kit_ex09_frame *frame(const void *map, unsigned int i)
{
	return (const void *)((const char *)map + i * KIT_EX09_FRAME_SIZE);
}

/* Whether f is frame number count of sensor, as the model makes it. */
static int frame_is(const struct kit_ex09_frame *f, unsigned int seed,
		    unsigned int sensor, __u64 count)
{
	__s32 temp = kit_ex09_temp(seed, sensor, count);

	if (f->sensor != sensor || f->count != count || f->temp != temp ||
	    f->reserved)
		return 0;
	for (int y = 0; y < KIT_EX09_HEIGHT; y++)
		for (int x = 0; x < KIT_EX09_WIDTH; x++)
			if (f->pixels[y][x] != kit_ex09_pixel(temp, count, y, x))
				return 0;
	return 1;
}

static void *map_area(struct __test_metadata *_metadata, int fd, size_t len)
{
	void *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);

	ASSERT_NE(MAP_FAILED, map);
	return map;
}

static int tick(int fd, unsigned int sensor, unsigned int frames)
{
	struct kit_ex09_tick t = { .sensor = sensor, .frames = frames };

	return kit_ioctl(fd, KIT_EX09_TICK, &t);
}

/* T1: the mapping shows every sensor's first frame, in its slot. */
TEST_F(loaded, mapping_shows_every_frame)
{
	void *map = map_area(_metadata, self->fd, self->len);

	for (unsigned int i = 0; i < self->nr; i++) {
		TH_LOG("sensor %u", i);
		EXPECT_EQ(0, frame(map, i)->seq);
		ASSERT_TRUE(frame_is(frame(map, i), self->seed, i, 0));
	}
	munmap(map, self->len);
}

/* T2: the mapping is read-only, and cannot become writable. */
TEST_F(loaded, mapping_is_read_only)
{
	void *map;

	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				   MAP_SHARED, self->fd, 0));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, self->fd, 0));
	EXPECT_EQ(EPERM, errno);
	map = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, self->fd, 0);
	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(-1, mprotect(map, PAGE, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	munmap(map, PAGE);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, self->len + PAGE, PROT_READ,
				   MAP_SHARED, self->fd, 0));
	EXPECT_EQ(EINVAL, errno);
}

/* T3: a frame is odd while written, even and new once written. */
TEST_F(loaded, writer_follows_the_protocol)
{
	unsigned int s = kit_random(0, self->nr - 1), n = kit_random(2, 50);
	void *map = map_area(_metadata, self->fd, self->len);
	const struct kit_ex09_frame *f = frame(map, s);
	struct kit_ex09_frame copy;

	TH_LOG("sensor %u, then %u frames", s, n);
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX09_BEGIN, &s));
	EXPECT_EQ(1, f->seq);
	EXPECT_EQ(-EAGAIN, kit_ex09_read_frame(f, &copy, 100));
	EXPECT_EQ(-EBUSY, tick(self->fd, s, 1));
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX09_END, &s));
	EXPECT_EQ(2, f->seq);
	ASSERT_EQ(0, kit_ex09_read_frame(f, &copy, 1));
	EXPECT_TRUE(frame_is(&copy, self->seed, s, 1));

	ASSERT_EQ(0, tick(self->fd, s, n));
	EXPECT_EQ(2 + 2 * n, f->seq);
	ASSERT_EQ(0, kit_ex09_read_frame(f, &copy, 1));
	EXPECT_TRUE(frame_is(&copy, self->seed, s, 1 + n));
	/* The other sensors did not move. */
	for (unsigned int i = 0; i < self->nr; i++)
		if (i != s)
			EXPECT_EQ(0, frame(map, i)->seq);
	munmap(map, self->len);
}

/* T4: after any frames, the fast path shows what the slow path copies. */
TEST_F(loaded, fast_path_matches_slow_path)
{
	void *map = map_area(_metadata, self->fd, self->len);
	unsigned int made[KIT_EX09_SENSORS_MAX] = { 0 };
	struct kit_ex09_frame fast, slow;

	for (int k = kit_random(5, 40); k > 0; k--) {
		unsigned int s = kit_random(0, self->nr - 1);
		unsigned int n = kit_random(1, 20);

		ASSERT_EQ(0, tick(self->fd, s, n));
		made[s] += n;
	}
	for (unsigned int i = 0; i < self->nr; i++) {
		TH_LOG("sensor %u after %u frames", i, made[i]);
		ASSERT_EQ(0, kit_ex09_read_frame(frame(map, i), &fast, 1));
		memset(&slow, 0, sizeof(slow));
		slow.sensor = i;
		ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX09_READ_FRAME, &slow));
		EXPECT_EQ(0, memcmp(&fast, &slow, sizeof(fast)));
		EXPECT_EQ(2 * made[i], fast.seq);
		EXPECT_TRUE(frame_is(&fast, self->seed, i, made[i]));
	}
	munmap(map, self->len);
}

KIT_TEST_MAIN
