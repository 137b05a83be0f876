// SPDX-License-Identifier: GPL-2.0
/*
 * reader - share a buffer with the kernel through mmap(2).
 *
 * For each device: map its buffer, print the message the kernel left at
 * the start, write a reply into the mapping with a plain store, then ask
 * the kernel with read(2) what it now finds there; and the other way
 * round, write(2) through the kernel and look at the mapping.  mincore(2) shows
 * which pages are in the page table, which is where the two techniques
 * differ: remap_vmalloc_range() maps every page at mmap() time, the
 * .fault handler only the pages the program touches.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kit_mmap.h"

#define TEXT_MAX	80	/* how much of a page we print */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-d remap|fault] [-w REPLY]\n"
		"Map /dev/" KIT_MMAP_REMAP_NAME " and /dev/" KIT_MMAP_FAULT_NAME
		", print the kernel's message,\n"
		"store a reply in the mapping and read it back with read(2), then\n"
		"write(2) and look at the mapping (load kit_mmap.ko first).\n"
		"  -d, --device NAME  only this device: remap or fault\n"
		"  -w, --write TEXT   the reply (default: \"hello kernel, this is the reader\")\n"
		"  -h, --help         this text\n");
}

/* "#" for a page in the page table, "." for one not mapped yet. */
static const char *present(void *map, size_t len, long page)
{
	static char out[KIT_MMAP_PAGES + 1];
	unsigned char vec[KIT_MMAP_PAGES];

	if (mincore(map, len, vec))
		return strerror(errno);
	for (size_t i = 0; i < len / page; i++)
		out[i] = vec[i] & 1 ? '#' : '.';
	out[len / page] = '\0';
	return out;
}

/* Text from the buffer, as much as fits on a line. */
static void quote(const char *what, const char *text)
{
	printf("  %-30s \"%.*s\"\n", what, TEXT_MAX, text);
}

static int show(const char *name, const char *how, const char *reply)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = KIT_MMAP_PAGES * page;
	char path[64], back[TEXT_MAX + 1];
	const char *kernel = "kernel here: got your reply";
	char *map;
	int fd, ret = -1;

	snprintf(path, sizeof(path), "/dev/%s", name);
	printf("--- %s: %s\n", path, how);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* MAP_SHARED: the device refuses a private copy-on-write mapping. */
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		fprintf(stderr, "reader: mmap %s: %s\n", path, strerror(errno));
		goto out;
	}
	printf("  %-30s %s  (# mapped, . not yet)\n", "page table after mmap():",
	       present(map, len, page));

	/* The first load from the mapping: the text the kernel wrote. */
	quote("the kernel's message:", map);
	printf("  %-30s %s\n", "page table after reading it:",
	       present(map, len, page));

	/* User to kernel: a plain store, then the kernel copies it out. */
	snprintf(map, TEXT_MAX, "%s", reply);
	quote("we store into the mapping:", map);
	memset(back, 0, sizeof(back));
	if (pread(fd, back, TEXT_MAX, 0) < 0) {
		fprintf(stderr, "reader: read %s: %s\n", path, strerror(errno));
		goto unmap;
	}
	quote("read(2) finds in the kernel:", back);

	/* Kernel to user: the kernel copies in, the mapping shows it. */
	if (pwrite(fd, kernel, strlen(kernel) + 1, 0) < 0) {
		fprintf(stderr, "reader: write %s: %s\n", path, strerror(errno));
		goto unmap;
	}
	quote("after write(2), the mapping:", map);
	ret = 0;
unmap:
	munmap(map, len);
out:
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "write", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reply = "hello kernel, this is the reader";
	const char *only = NULL;
	int c, ret = 0;

	while ((c = getopt_long(argc, argv, "d:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (strcmp(optarg, "remap") && strcmp(optarg, "fault")) {
				fprintf(stderr, "reader: no device '%s'\n",
					optarg);
				return 2;
			}
			only = optarg;
			break;
		case 'w':
			reply = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	if (!only || !strcmp(only, "remap"))
		ret |= show(KIT_MMAP_REMAP_NAME,
			    "vmalloc_user() + remap_vmalloc_range()", reply);
	if (!only || !strcmp(only, "fault"))
		ret |= show(KIT_MMAP_FAULT_NAME,
			    "a .fault handler, page by page", reply);
	return ret ? 1 : 0;
}
