// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 08: mmap(2) of /dev/kit_ex08.  The buffer's
 * size and content, the offsets and the words written are drawn from the
 * run's seed.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"
#include "../solution/kit_ex08.h"

#define MODULE		"kit_ex08_mmap.ko"
#define NAME		"kit_ex08_mmap"
#define DEV		"/dev/kit_ex08"
#define PAGE		4096
#define WORDS		(PAGE / 4)

/* Given code: the device appears and goes with the module. */
TEST(device_appears_and_goes)
{
	ex_device_appears_and_goes(_metadata, MODULE, NAME, DEV);
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "pages=0"));
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "pages=65"));
}

FIXTURE(loaded) {
	unsigned int pages, seed;
	int fd;
};

FIXTURE_SETUP(loaded)
{
	char params[64];

	self->pages = kit_random(2, KIT_EX08_PAGES_MAX);
	self->seed = kit_random(0, 0x7fffffff);
	snprintf(params, sizeof(params), "pages=%u seed=%u", self->pages,
		 self->seed);
	self->fd = ex_load_and_open(_metadata, MODULE, params, DEV);
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

/* The first word that differs from the model in n pages from page first. */
static long first_wrong(const __u32 *w, unsigned int seed, unsigned int first,
			unsigned int n)
{
	for (unsigned int i = 0; i < n * WORDS; i++)
		if (w[i] != kit_ex08_word(seed, first * WORDS + i))
			return i;
	return -1;
}

/* T1: a mapping of the whole buffer shows what the module wrote. */
TEST_F(loaded, map_shows_the_buffer)
{
	size_t len = (size_t)self->pages * PAGE;
	__u32 *map = mmap(NULL, len, PROT_READ, MAP_SHARED, self->fd, 0);

	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(-1, first_wrong(map, self->seed, 0, self->pages));
	munmap(map, len);
}

/* T2: a mapping from page k shows page k on; past the end it fails. */
TEST_F(loaded, map_from_an_offset)
{
	unsigned int k = kit_random(1, self->pages - 1);
	unsigned int n = kit_random(1, self->pages - k);
	__u32 *map;

	TH_LOG("mapping %u pages from page %u of %u", n, k, self->pages);
	map = mmap(NULL, (size_t)n * PAGE, PROT_READ, MAP_SHARED, self->fd,
		   (off_t)k * PAGE);
	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(-1, first_wrong(map, self->seed, k, n));
	munmap(map, (size_t)n * PAGE);

	EXPECT_EQ(MAP_FAILED, mmap(NULL, (size_t)(n + 1) * PAGE, PROT_READ,
				   MAP_SHARED, self->fd,
				   (off_t)(self->pages - n) * PAGE));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_SHARED,
				   self->fd, (off_t)self->pages * PAGE));
	EXPECT_EQ(EINVAL, errno);
}

/* T3: what a program writes in the mapping, the module has. */
TEST_F(loaded, writes_reach_the_module)
{
	size_t len = (size_t)self->pages * PAGE;
	__u32 *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			  self->fd, 0);
	static __u32 back[KIT_EX08_PAGES_MAX * WORDS];
	unsigned int at[8];

	ASSERT_NE(MAP_FAILED, map);
	for (int i = 0; i < 8; i++) {
		at[i] = kit_random(0, self->pages * WORDS - 1);
		map[at[i]] = kit_random(0, 0xffffffffu);
	}
	ASSERT_EQ(len, pread(self->fd, back, sizeof(back), 0));
	for (int i = 0; i < 8; i++) {
		TH_LOG("word %u", at[i]);
		EXPECT_EQ(map[at[i]], back[at[i]]);
	}
	munmap(map, len);
}

/*
 * T4: a private mapping is refused; a shared one of a file opened
 * read-only is not (mmap() clears its VM_SHARED, keeps VM_MAYSHARE).
 */
TEST_F(loaded, private_mapping_is_refused)
{
	int ro = open(DEV, O_RDONLY);
	__u32 *map;

	ASSERT_LE(0, ro);
	map = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, ro, 0);
	close(ro);
	ASSERT_NE(MAP_FAILED, map) TH_LOG("a read-only open's shared map: %s",
					  strerror(errno));
	EXPECT_EQ(-1, first_wrong(map, self->seed, 0, 1));
	munmap(map, PAGE);

	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE,
				   self->fd, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, self->fd, 0));
	EXPECT_EQ(EINVAL, errno);
}

KIT_TEST_MAIN
