// SPDX-License-Identifier: GPL-2.0
/*
 * The mmap chapter's tests.  Every test runs twice, once per technique
 * (the fixture's variants "remap" and "fault"): the two devices must
 * behave the same except for when their pages enter the page table.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sysmacros.h>

#include "kit_test.h"
#include "../kit_mmap.h"

#define MODULE		KIT_DIR "mmap/kit_mmap.ko"
#define REFCNT		"/sys/module/kit_mmap/refcnt"
#define GREETING	"%s page %d: hello from the kernel"

FIXTURE(mmap) {
	char path[64];		/* /dev/<name> */
	long page;		/* the page size */
	size_t size;		/* the buffer: KIT_MMAP_PAGES pages */
	int fd;			/* the device, opened read-write */
};

FIXTURE_VARIANT(mmap) {
	const char *name;
	bool maps_at_mmap;	/* every page is mapped by mmap() itself */
};

FIXTURE_VARIANT_ADD(mmap, remap) {
	.name = KIT_MMAP_REMAP_NAME,
	.maps_at_mmap = true,
};

FIXTURE_VARIANT_ADD(mmap, fault) {
	.name = KIT_MMAP_FAULT_NAME,
	.maps_at_mmap = false,
};

FIXTURE_SETUP(mmap)
{
	snprintf(self->path, sizeof(self->path), "/dev/%s", variant->name);
	self->page = sysconf(_SC_PAGESIZE);
	self->size = KIT_MMAP_PAGES * self->page;
	ASSERT_EQ(0, kit_load(MODULE, ""));
	self->fd = open(self->path, O_RDWR);
	ASSERT_LE(0, self->fd);
}

/*
 * In the parent, after the test's process has exited: its mappings and
 * files are gone then, even when an assertion cut the test short, so the
 * module can always be unloaded.
 */
FIXTURE_TEARDOWN_PARENT(mmap)
{
	EXPECT_EQ(0, kit_unload("kit_mmap"));
}

static char *map_at(FIXTURE_DATA(mmap) *self, size_t len, int prot,
		    int flags, long page_off)
{
	return mmap(NULL, len, prot, flags, self->fd, page_off * self->page);
}

static char *map_all(FIXTURE_DATA(mmap) *self)
{
	return map_at(self, self->size, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
}

/* The module's reference count: open files and mappings, each one. */
static int refcnt(void)
{
	char buf[32];

	return kit_read_file(REFCNT, buf, sizeof(buf)) > 0 ? atoi(buf) : -1;
}

/*
 * Run fn(addr) in a child: the signal that killed it, or 0.  load() and
 * store() go through a volatile pointer so that the compiler keeps the
 * access that is meant to fault.
 */
static int signal_of(void (*fn)(volatile char *), char *addr)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fn(addr);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void load(volatile char *p)
{
	(void)*p;
}

static void store(volatile char *p)
{
	*p = 'x';
}

/* The VmFlags line of /proc/self/smaps for the mapping at addr. */
static int vm_flags(void *addr, char *out, size_t size)
{
	char line[256], start[32];
	bool found = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -errno;
	snprintf(start, sizeof(start), "%lx-", (unsigned long)addr);
	out[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, start, strlen(start))) {
			found = true;
		} else if (found && !strncmp(line, "VmFlags:", 8)) {
			snprintf(out, size, "%s", line + 8);
			break;
		}
	}
	fclose(f);
	return out[0] ? 0 : -ENOENT;
}

TEST_F(mmap, node_is_a_misc_device_with_its_mode)
{
	char sys[96];
	struct stat st;

	ASSERT_EQ(0, stat(self->path, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(10, major(st.st_rdev));	/* MISC_MAJOR */
	EXPECT_EQ(0644, st.st_mode & 07777);
	snprintf(sys, sizeof(sys), "/sys/class/misc/%s", variant->name);
	EXPECT_TRUE(kit_exists(sys));
}

/* Kernel to user: the text the module wrote at load, zeroes after it. */
TEST_F(mmap, the_kernel_message_is_in_every_page)
{
	char *map = map_all(self), want[64];

	ASSERT_NE(MAP_FAILED, map);
	for (int i = 0; i < KIT_MMAP_PAGES; i++) {
		char *p = map + i * self->page;
		size_t len = snprintf(want, sizeof(want), GREETING,
				      variant->name, i);

		EXPECT_STREQ(want, p);
		/* vmalloc_user() zeroed the rest: no stale kernel data. */
		for (long j = len; j < self->page; j++)
			if (p[j]) {
				TH_LOG("page %d byte %ld is %#x", i, j, p[j]);
				EXPECT_EQ(0, p[j]);
				break;
			}
	}
	munmap(map, self->size);
}

/* User to kernel: plain stores, then read(2) copies from the kernel side. */
TEST_F(mmap, stores_in_the_mapping_reach_the_kernel)
{
	char *map = map_all(self), buf[64] = "";
	off_t last = self->size - 1;

	ASSERT_NE(MAP_FAILED, map);
	snprintf(map, self->page, "hello kernel");
	map[last] = '!';
	ASSERT_EQ(13, pread(self->fd, buf, 13, 0));
	EXPECT_STREQ("hello kernel", buf);
	ASSERT_EQ(1, pread(self->fd, buf, sizeof(buf), last));
	EXPECT_EQ('!', buf[0]);
	munmap(map, self->size);
}

/* Kernel to user again, while mapped: write(2) shows up in the mapping. */
TEST_F(mmap, writes_by_the_kernel_appear_in_the_mapping)
{
	char *map = map_all(self);
	off_t off = 2 * self->page + 5;
	int fd2 = open(self->path, O_RDWR);

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(8, pwrite(self->fd, "at 2p+5", 8, off));
	EXPECT_STREQ("at 2p+5", map + off);
	/* Any open file of the device reaches the same buffer. */
	ASSERT_EQ(6, pwrite(fd2, "fd2!!", 6, 0));
	EXPECT_STREQ("fd2!!", map);
	close(fd2);
	munmap(map, self->size);
}

/*
 * The one difference between the techniques: remap_vmalloc_range() has
 * mapped every page when mmap() returns, the .fault handler maps a page
 * at its first access.
 */
TEST_F(mmap, pages_enter_the_page_table_as_the_technique_says)
{
	unsigned char vec[KIT_MMAP_PAGES];
	char *map = map_all(self);

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mincore(map, self->size, vec));
	for (int i = 0; i < KIT_MMAP_PAGES; i++)
		EXPECT_EQ(variant->maps_at_mmap, vec[i] & 1);

	load(map + 2 * self->page);
	ASSERT_EQ(0, mincore(map, self->size, vec));
	for (int i = 0; i < KIT_MMAP_PAGES; i++)
		EXPECT_EQ(variant->maps_at_mmap || i == 2, vec[i] & 1);
	munmap(map, self->size);
}

/* A refused mmap() takes no reference and changes nothing. */
TEST_F(mmap, a_mapping_larger_than_the_buffer_is_refused)
{
	int rw = PROT_READ | PROT_WRITE, before = refcnt();
	char *map;

	ASSERT_LT(0, before);
	EXPECT_EQ(MAP_FAILED, map_at(self, self->size + self->page, rw,
				     MAP_SHARED, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, map_at(self, 2 * self->page, rw, MAP_SHARED,
				     KIT_MMAP_PAGES - 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, map_at(self, 1UL << 30, rw, MAP_SHARED, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(before, refcnt());

	/* The largest mapping there is still works. */
	map = map_all(self);
	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(0, strncmp(map, variant->name, strlen(variant->name)));
	munmap(map, self->size);
	EXPECT_EQ(before, refcnt());
}

TEST_F(mmap, an_offset_beyond_the_buffer_is_refused)
{
	int before = refcnt();
	char *map, want[64];

	EXPECT_EQ(MAP_FAILED, map_at(self, self->page, PROT_READ, MAP_SHARED,
				     KIT_MMAP_PAGES));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, map_at(self, self->page, PROT_READ, MAP_SHARED,
				     1L << 30));
	EXPECT_EQ(EINVAL, errno);
	/* Not a whole page: the VFS refuses it before the driver sees it. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, self->page, PROT_READ, MAP_SHARED,
				   self->fd, 100));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(before, refcnt());

	/* The last page, on its own, is the buffer's last page. */
	map = map_at(self, self->page, PROT_READ, MAP_SHARED,
		     KIT_MMAP_PAGES - 1);
	ASSERT_NE(MAP_FAILED, map);
	snprintf(want, sizeof(want), GREETING, variant->name,
		 KIT_MMAP_PAGES - 1);
	EXPECT_STREQ(want, map);
	munmap(map, self->page);
}

/*
 * MAP_PRIVATE would copy a page at the program's first write, and the
 * kernel would never see that write: the devices refuse private
 * mappings, read-only ones too (mprotect() could make them writable).
 */
TEST_F(mmap, a_private_mapping_is_refused)
{
	int before = refcnt();

	EXPECT_EQ(MAP_FAILED, map_at(self, self->page, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, map_at(self, self->page, PROT_READ,
				     MAP_PRIVATE, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(before, refcnt());
}

TEST_F(mmap, a_read_only_file_gives_a_read_only_mapping)
{
	int fd = open(self->path, O_RDONLY);
	char *map;

	ASSERT_LE(0, fd);
	map = mmap(NULL, self->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT_EQ(MAP_FAILED, map);
	EXPECT_EQ(EACCES, errno);

	map = mmap(NULL, self->size, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(0, strncmp(map, variant->name, strlen(variant->name)));
	EXPECT_EQ(-1, mprotect(map, self->size, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(SIGSEGV, signal_of(store, map));
	munmap(map, self->size);
	close(fd);
}

/* The mapping holds the file: close() does not end the sharing. */
TEST_F(mmap, the_mapping_stays_valid_after_close)
{
	char *map = map_all(self), buf[16] = "";
	int fd;

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, close(self->fd));
	snprintf(map + self->page, self->page, "after close");

	fd = open(self->path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(12, pread(fd, buf, 12, self->page));
	EXPECT_STREQ("after close", buf);
	ASSERT_EQ(4, pwrite(fd, "new", 4, 0));
	EXPECT_STREQ("new", map);
	close(fd);
	munmap(map, self->size);
}

/*
 * The vma holds the file and the file's f_op->owner holds the module:
 * rmmod must wait for the last munmap, or the program would keep pages
 * the module has freed.
 */
TEST_F(mmap, rmmod_is_refused_while_mapped_and_works_after_munmap)
{
	char *map = map_all(self);

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, close(self->fd));
	EXPECT_EQ(1, refcnt());
	EXPECT_EQ(-EAGAIN, kit_unload("kit_mmap"));
	EXPECT_TRUE(kit_exists(self->path));
	EXPECT_EQ(0, strncmp(map, variant->name, strlen(variant->name)));

	ASSERT_EQ(0, munmap(map, self->size));
	EXPECT_EQ(0, refcnt());
	ASSERT_EQ(0, kit_unload("kit_mmap"));
	EXPECT_FALSE(kit_exists(self->path));
	ASSERT_EQ(0, kit_load(MODULE, ""));	/* for the teardown */
}

/*
 * Past the end of a mapping there is no vma: SIGSEGV.  (SIGBUS is the
 * answer for an address inside a vma that the driver cannot back; the
 * mmap() checks and VM_DONTEXPAND keep that from happening here.)
 */
TEST_F(mmap, access_beyond_the_mapping_is_sigsegv)
{
	char *area, *map;

	/* Two pages of address space, the second left unmapped. */
	area = mmap(NULL, 2 * self->page, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, munmap(area + self->page, self->page));
	/* The buffer's last page in the first. */
	map = mmap(area, self->page, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_FIXED, self->fd,
		   (KIT_MMAP_PAGES - 1) * self->page);
	ASSERT_EQ(area, map);

	EXPECT_EQ(0, signal_of(store, map + self->page - 1));
	EXPECT_EQ(SIGSEGV, signal_of(load, map + self->page));
	EXPECT_EQ(SIGSEGV, signal_of(store, map + self->page));
	ASSERT_EQ(0, munmap(map, self->page));
	EXPECT_EQ(SIGSEGV, signal_of(load, map));
}

/* mremap() cannot grow the mapping past the buffer; core dumps skip it. */
TEST_F(mmap, the_mapping_cannot_grow_and_is_not_dumped)
{
	char *map = map_at(self, self->page, PROT_READ | PROT_WRITE,
			   MAP_SHARED, 0);
	char flags[256];

	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(MAP_FAILED, mremap(map, self->page, 2 * self->page,
				     MREMAP_MAYMOVE));
	EXPECT_EQ(EFAULT, errno);
	ASSERT_EQ(0, vm_flags(map, flags, sizeof(flags)));
	TH_LOG("VmFlags:%s", flags);
	EXPECT_NE(NULL, strstr(flags, " de"));	/* VM_DONTEXPAND */
	EXPECT_NE(NULL, strstr(flags, " dd"));	/* VM_DONTDUMP */
	EXPECT_NE(NULL, strstr(flags, " sh"));	/* VM_SHARED */
	munmap(map, self->page);
}

/* The node is 0644: others may map it to read, never to write. */
TEST_F(mmap, another_user_maps_read_only)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		char want[64], *map;
		int fd;

		if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
			_exit(10);
		if (open(self->path, O_RDWR) != -1 || errno != EACCES)
			_exit(11);
		fd = open(self->path, O_RDONLY);
		if (fd < 0)
			_exit(12);
		map = mmap(NULL, self->size, PROT_READ, MAP_SHARED, fd, 0);
		if (map == MAP_FAILED)
			_exit(13);
		snprintf(want, sizeof(want), GREETING, variant->name, 0);
		if (strcmp(want, map))
			_exit(14);
		if (mmap(NULL, self->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, 0) != MAP_FAILED || errno != EACCES)
			_exit(15);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* read(2), write(2) and lseek(2) see a file of exactly the buffer's size. */
TEST_F(mmap, read_and_write_stay_inside_the_buffer)
{
	char buf[64], *map = map_all(self);
	off_t size = self->size;

	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(10, pread(self->fd, buf, sizeof(buf), size - 10));
	EXPECT_EQ(0, pread(self->fd, buf, sizeof(buf), size));
	EXPECT_EQ(0, pread(self->fd, buf, sizeof(buf), size + 4096));
	EXPECT_EQ(-1, pwrite(self->fd, "x", 1, size));
	EXPECT_EQ(ENOSPC, errno);
	EXPECT_EQ(3, pwrite(self->fd, "tail+more", 9, size - 3));
	EXPECT_EQ(0, memcmp(map + size - 3, "tai", 3));
	EXPECT_EQ(0, pwrite(self->fd, "", 0, size));
	EXPECT_EQ(-1, pwrite(self->fd, "x", 1, -1));
	EXPECT_EQ(EINVAL, errno);

	EXPECT_EQ(size, lseek(self->fd, 0, SEEK_END));
	EXPECT_EQ(-1, lseek(self->fd, size + 1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, lseek(self->fd, -1, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(5, lseek(self->fd, 5, SEEK_SET));
	EXPECT_EQ(3, write(self->fd, "abc", 3));
	EXPECT_EQ(0, memcmp(map + 5, "abc", 3));
	munmap(map, self->size);
}

TEST_F(mmap, bad_user_pointers_give_efault_and_change_nothing)
{
	char *map = map_all(self), *area, before[64];

	ASSERT_NE(MAP_FAILED, map);
	memcpy(before, map, sizeof(before));
	EXPECT_EQ(-1, pwrite(self->fd, kit_unmapped(), 10, 0));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_pwrite64, self->fd, NULL, 10, 0));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, memcmp(before, map, sizeof(before)));

	/* Half good, half unmapped: the write is refused whole. */
	area = mmap(NULL, 2 * self->page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	ASSERT_EQ(0, munmap(area + self->page, self->page));
	memset(area, 'h', self->page);
	EXPECT_EQ(-1, pwrite(self->fd, area + self->page - 5, 10, 0));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, memcmp(before, map, sizeof(before)));
	munmap(area, self->page);

	EXPECT_EQ(-1, pread(self->fd, kit_unmapped(), 10, 0));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, syscall(SYS_pread64, self->fd, NULL, 10, 0));
	EXPECT_EQ(EFAULT, errno);
	munmap(map, self->size);
}

/* A fresh load starts from the kernel's message again; nothing lingers. */
TEST_F(mmap, unload_removes_the_node_and_reload_starts_fresh)
{
	char *map = map_all(self), sys[96], want[64];

	ASSERT_NE(MAP_FAILED, map);
	snprintf(map, self->page, "a reply that must not survive");
	munmap(map, self->size);
	close(self->fd);

	ASSERT_EQ(0, kit_unload("kit_mmap"));
	snprintf(sys, sizeof(sys), "/sys/class/misc/%s", variant->name);
	EXPECT_FALSE(kit_exists(self->path));
	EXPECT_FALSE(kit_exists(sys));
	EXPECT_FALSE(kit_exists("/sys/module/kit_mmap"));

	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TRUE(kit_exists(sys));
	self->fd = open(self->path, O_RDWR);
	ASSERT_LE(0, self->fd);
	map = map_all(self);
	ASSERT_NE(MAP_FAILED, map);
	snprintf(want, sizeof(want), GREETING, variant->name, 0);
	EXPECT_STREQ(want, map);
	munmap(map, self->size);
}

/* A shared mapping is shared with forked children too. */
TEST_F(mmap, a_forked_child_shares_the_mapping)
{
	char *map = map_all(self), buf[16] = "";
	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, map);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		snprintf(map + 3 * self->page, self->page, "from the child");
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_STREQ("from the child", map + 3 * self->page);
	ASSERT_EQ(15, pread(self->fd, buf, 15, 3 * self->page));
	EXPECT_STREQ("from the child", buf);
	munmap(map, self->size);
}

TEST(the_module_loads_only_once)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_EQ(-EEXIST, kit_load(MODULE, ""));
	EXPECT_EQ(0, kit_unload("kit_mmap"));
	EXPECT_EQ(-ENOENT, kit_unload("kit_mmap"));
}

KIT_TEST_MAIN
