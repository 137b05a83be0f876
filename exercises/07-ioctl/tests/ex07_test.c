// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 07: the commands of /dev/kit_ex07.  The
 * number of sensors, the module's seed and the offsets are drawn from
 * the run's seed.
 */
#include <stdio.h>
#include <sys/ioctl.h>

#include "kit_test.h"
#include "../../ex_test.h"
#include "../solution/kit_ex07.h"

#define MODULE		"kit_ex07_ioctl.ko"
#define NAME		"kit_ex07_ioctl"
#define DEV		"/dev/kit_ex07"

/* Given code: the device appears and goes with the module. */
TEST(device_appears_and_goes)
{
	ex_device_appears_and_goes(_metadata, MODULE, NAME, DEV);
}

FIXTURE(loaded) {
	unsigned int nr, seed;
	int fd;
};

FIXTURE_SETUP(loaded)
{
	char params[64];

	self->nr = kit_random(1, 64);
	self->seed = kit_random(0, 0x7fffffff);
	snprintf(params, sizeof(params), "nr_sensors=%u seed=%u", self->nr,
		 self->seed);
	self->fd = ex_load_and_open(_metadata, MODULE, params, DEV);
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

/* T1: GET_INFO gives the version and the number of sensors. */
TEST_F(loaded, get_info)
{
	struct kit_ex07_info info;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX07_GET_INFO, &info));
	EXPECT_EQ(KIT_EX07_VERSION, info.version);
	EXPECT_EQ(self->nr, info.nr_sensors);
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_EX07_GET_INFO, NULL));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_EX07_GET_INFO,
				    kit_unmapped()));
}

/* T2: READ gives every sensor's temperature. */
TEST_F(loaded, read_gives_every_sensor)
{
	for (unsigned int i = 0; i < self->nr; i++) {
		struct kit_ex07_reading r = { .index = i, .value = -1 };

		ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX07_READ, &r));
		EXPECT_EQ(i, r.index);
		EXPECT_EQ(kit_ex07_model(self->seed, i), r.value);
	}
}

/* T3: READ refuses an index out of range and bad pointers. */
TEST_F(loaded, read_refuses_bad_requests)
{
	unsigned int bad[] = { self->nr, self->nr + kit_random(1, 1000),
			       0x80000000u, 0xffffffffu };
	struct kit_ex07_reading r;
	void *ro;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r.index = bad[i];
		TH_LOG("index %u of %u sensors", bad[i], self->nr);
		EXPECT_EQ(-EINVAL, kit_ioctl(self->fd, KIT_EX07_READ, &r));
	}
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_EX07_READ, NULL));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_EX07_READ, kit_unmapped()));
	/* A request that can be read but not written back. */
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_EX07_READ, ro));
	munmap(ro, 4096);
}

/* T4: SET_OFFSET shifts every reading; out of range it is refused. */
TEST_F(loaded, offset_shifts_readings)
{
	__s32 off = (__s32)kit_random(0, 2 * KIT_EX07_OFFSET_MAX) -
		    KIT_EX07_OFFSET_MAX;
	__s32 bad[] = { KIT_EX07_OFFSET_MAX + 1, -KIT_EX07_OFFSET_MAX - 1,
			0x7fffffff };
	struct kit_ex07_reading r = { .index = kit_random(0, self->nr - 1) };
	__s32 edge = KIT_EX07_OFFSET_MAX;
	int ro;

	TH_LOG("offset %d, sensor %u", off, r.index);
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX07_SET_OFFSET, &off));
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX07_READ, &r));
	EXPECT_EQ(kit_ex07_model(self->seed, r.index) + off, r.value);
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX07_SET_OFFSET, &edge));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(-EINVAL, kit_ioctl(self->fd, KIT_EX07_SET_OFFSET,
					    &bad[i]));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_EX07_SET_OFFSET, NULL));
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX07_READ, &r));
	EXPECT_EQ(kit_ex07_model(self->seed, r.index) + edge, r.value);

	/* The offset is shared: a file opened read-only may not set it. */
	ro = open(DEV, O_RDONLY);
	ASSERT_LE(0, ro);
	EXPECT_EQ(-EBADF, kit_ioctl(ro, KIT_EX07_SET_OFFSET, &off));
	EXPECT_EQ(0, kit_ioctl(ro, KIT_EX07_READ, &r));
	close(ro);
	EXPECT_EQ(kit_ex07_model(self->seed, r.index) + edge, r.value);
}

/* T5: any other command, or ours with another size, gives -ENOTTY. */
TEST_F(loaded, unknown_commands_give_enotty)
{
	unsigned long bad[] = {
		_IOR(KIT_EX07_MAGIC, 4, struct kit_ex07_info),
		_IOR(KIT_EX07_MAGIC + 1, 1, struct kit_ex07_info),
		_IOR(KIT_EX07_MAGIC, 1, __u32),
		_IOW(KIT_EX07_MAGIC, 1, struct kit_ex07_info),
		_IO(KIT_EX07_MAGIC, 3),
		0,
	};
	char buf[64] = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("command %#lx", bad[i]);
		EXPECT_EQ(-ENOTTY, kit_ioctl(self->fd, bad[i], buf));
	}
}

KIT_TEST_MAIN
