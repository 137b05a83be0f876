// SPDX-License-Identifier: GPL-2.0
/*
 * reader - look at the cdev chapter's devices the way a program would.
 *
 * A character device is used with plain open/read/write/lseek.  The
 * reader shows where the node's numbers come from (/proc/devices, and
 * /proc/misc for a misc device) and reads the message in small chunks,
 * printing each read(2), so that the file position can be seen moving
 * to the end of the message, where read(2) returns 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const char *const devices[] = { "/dev/kit_cdev", "/dev/kit_misc" };

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-d DEVICE] [-c BYTES] [-w TEXT | -a TEXT]\n"
		"Show the cdev chapter's devices and read their message\n"
		"(load kit_cdev.ko and/or kit_misc.ko first).\n"
		"  -d, --device PATH   only this device (default: /dev/kit_cdev\n"
		"                      and /dev/kit_misc, those that exist)\n"
		"  -c, --chunk N       read N bytes at a time (default 8)\n"
		"  -w, --write TEXT    replace the message first, as '>' does\n"
		"                      (O_TRUNC)\n"
		"  -a, --append TEXT   append to the message first, as '>>' does\n"
		"                      (O_APPEND)\n"
		"  -h, --help          this text\n");
}

/* Print bytes as a C string literal, so that newlines show. */
static void print_bytes(const char *p, size_t n)
{
	putchar('"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* The line "NUMBER name" of a /proc file whose number is nr, if any. */
static void show_registration(const char *file, const char *section,
			      unsigned int nr)
{
	char line[256], name[200];
	int in_section = section == NULL;
	unsigned int n;
	FILE *f = fopen(file, "r");

	if (!f) {
		fprintf(stderr, "reader: %s: %s\n", file, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (section && line[0] != ' ' && !(line[0] >= '0' && line[0] <= '9'))
			in_section = !strncmp(line, section, strlen(section));
		if (in_section && sscanf(line, "%u %199s", &n, name) == 2 &&
		    n == nr) {
			printf("  %-14s %u %s\n", file, n, name);
			break;
		}
	}
	fclose(f);
}

static int change_message(const char *dev, const char *text, int flags)
{
	int fd = open(dev, O_WRONLY | flags);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", dev, strerror(errno));
		return -1;
	}
	n = write(fd, text, strlen(text));
	if (n < 0)
		fprintf(stderr, "reader: writing %s: %s\n", dev,
			strerror(errno));
	else if ((size_t)n < strlen(text))
		fprintf(stderr, "reader: %s took %zd of %zu bytes\n", dev, n,
			strlen(text));
	close(fd);
	return n < 0 ? -1 : 0;
}

static int show(const char *dev, size_t chunk)
{
	char path[64], link[256], *buf;
	struct stat st;
	ssize_t n;
	off_t pos = 0;
	int fd;

	if (stat(dev, &st)) {
		fprintf(stderr, "reader: %s: %s\n", dev, strerror(errno));
		return -1;
	}
	printf("%s: %s device %u:%u, mode %04o\n", dev,
	       S_ISCHR(st.st_mode) ? "character" : "not a character",
	       major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777);
	/* sysfs knows the device by its numbers too. */
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0)
		printf("  %s -> %.*s\n", path, (int)n, link);
	show_registration("/proc/devices", "Character", major(st.st_rdev));
	if (major(st.st_rdev) == 10)	/* MISC_MAJOR */
		show_registration("/proc/misc", NULL, minor(st.st_rdev));

	fd = open(dev, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", dev, strerror(errno));
		return -1;
	}
	buf = malloc(chunk);
	if (!buf) {
		close(fd);
		return -1;
	}
	/* Each read(2) continues where the previous one stopped. */
	while ((n = read(fd, buf, chunk)) > 0) {
		printf("  read(%zu) at %-4jd -> %-3zd ", chunk, (intmax_t)pos, n);
		print_bytes(buf, n);
		putchar('\n');
		pos += n;
	}
	if (n < 0)
		fprintf(stderr, "reader: reading %s: %s\n", dev,
			strerror(errno));
	else
		printf("  read(%zu) at %-4jd -> 0   the end of the message\n",
		       chunk, (intmax_t)pos);
	printf("  lseek(fd, 0, SEEK_END) = %jd\n",
	       (intmax_t)lseek(fd, 0, SEEK_END));
	free(buf);
	close(fd);
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "chunk", required_argument, NULL, 'c' },
		{ "write", required_argument, NULL, 'w' },
		{ "append", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dev = NULL, *text = NULL;
	int flags = 0, c, shown = 0, ret = 0;
	long chunk = 8;
	char *end;

	while ((c = getopt_long(argc, argv, "d:c:w:a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev = optarg;
			break;
		case 'c':
			errno = 0;
			chunk = strtol(optarg, &end, 10);
			if (errno || *end || chunk < 1 || chunk > 1 << 20) {
				fprintf(stderr, "reader: bad chunk size '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'w':
		case 'a':
			text = optarg;
			flags = c == 'w' ? O_TRUNC : O_APPEND;
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

	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		const char *d = dev ? dev : devices[i];

		/* Without -d, show the devices whose module is loaded. */
		if (!dev && access(d, F_OK))
			continue;
		if (text && change_message(d, text, flags))
			ret = 1;
		else if (show(d, chunk))
			ret = 1;
		shown++;
		if (dev)
			break;
	}
	if (!shown) {
		fprintf(stderr, "reader: no device: load kit_cdev.ko or kit_misc.ko\n");
		return 1;
	}
	return ret;
}
