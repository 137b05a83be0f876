// SPDX-License-Identifier: GPL-2.0
/*
 * reader - issue the ioctl chapter's commands and print what they return.
 *
 * The commands and structures come from kit_ioctl.h, the header the
 * module is built with.  Each call is ioctl(fd, COMMAND, &structure):
 * the number says which command, and the structure goes in, comes out,
 * or both.  With no option, every command is issued once.
 *
 * The Makefile builds this file a second time as a 32-bit program
 * (reader_m32.c), which the tests run to check the module's
 * compat_ioctl path.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kit_ioctl.h"

/*
 * The layout the module expects; built with -m32 these check the 32-bit
 * layout as well, where a __u64 needs only 4-byte alignment.
 */
_Static_assert(sizeof(struct kit_temp) == 24, "struct kit_temp changed");
_Static_assert(offsetof(struct kit_temp, timestamp_ns) == 8,
	       "kit_temp.timestamp_ns moved");
_Static_assert(sizeof(struct kit_buf) == 8 + KIT_BUF_SIZE,
	       "struct kit_buf changed");

#define CMD(c)	{ c, #c }
static const struct {
	unsigned long nr;
	const char *name;
} commands[] = {
	CMD(KIT_READ_TEMP_SENSOR_1),
	CMD(KIT_READ_TEMP_SENSOR_2),
	CMD(KIT_READ_TEMP),
	CMD(KIT_WRITE_BUF),
	CMD(KIT_READ_BUF),
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-d DEVICE] [-l] [-w TEXT] [-s SENSOR] [-r]\n"
		"Issue the commands of %s (load kit_ioctl.ko first).\n"
		"With no option: list the commands, then issue each one.\n"
		"  -l, --list          the command numbers and what they encode\n"
		"  -w, --write TEXT    KIT_WRITE_BUF: replace the buffer\n"
		"  -s, --sensor N      KIT_READ_TEMP: read sensor N (1 or 2)\n"
		"  -r, --read          KIT_READ_BUF: print the buffer\n"
		"  -d, --device PATH   another device node (default %s)\n"
		"  -h, --help          this text\n",
		KIT_IOCTL_DEVICE, KIT_IOCTL_DEVICE);
}

static void list_commands(void)
{
	static const char *const dirs[] = { "_IO", "_IOW", "_IOR", "_IOWR" };

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		unsigned long nr = commands[i].nr;

		printf("%-26s 0x%08lx  %s('%c', 0x%02lx, %lu bytes)\n",
		       commands[i].name, nr, dirs[_IOC_DIR(nr)],
		       (int)_IOC_TYPE(nr), (unsigned long)_IOC_NR(nr),
		       (unsigned long)_IOC_SIZE(nr));
	}
}

/* ioctl(2) with the error printed under the command's name. */
static int call(int fd, unsigned long cmd, const char *name, void *arg)
{
	if (ioctl(fd, cmd, arg) == 0)
		return 0;
	fprintf(stderr, "reader: %s: %s\n", name, strerror(errno));
	return -1;
}

static void print_temp(const char *what, const struct kit_temp *t)
{
	int mc = t->millicelsius;
	char deg[16];

	snprintf(deg, sizeof(deg), "%s%d.%03d", mc < 0 ? "-" : "+",
		 abs(mc) / 1000, abs(mc) % 1000);
	printf("%-26s sensor %u: %8s C  reading %u at %llu.%09llu s\n",
	       what, t->sensor, deg, t->seq,
	       (unsigned long long)t->timestamp_ns / 1000000000,
	       (unsigned long long)t->timestamp_ns % 1000000000);
}

static int read_fixed(int fd, unsigned long cmd, const char *name)
{
	struct kit_temp t;

	if (call(fd, cmd, name, &t))
		return -1;
	print_temp(name, &t);
	return 0;
}

static int read_temp(int fd, unsigned int sensor)
{
	/* Input fields set, the reserved one 0: as the module demands. */
	struct kit_temp t = { .sensor = sensor };
	char what[32];

	if (call(fd, KIT_READ_TEMP, "KIT_READ_TEMP", &t))
		return -1;
	snprintf(what, sizeof(what), "KIT_READ_TEMP {.sensor=%u}", sensor);
	print_temp(what, &t);
	return 0;
}

static int write_buf(int fd, const char *text)
{
	struct kit_buf b = { .len = strlen(text) };

	if (b.len > KIT_BUF_SIZE) {
		fprintf(stderr, "reader: the text is longer than %d bytes\n",
			KIT_BUF_SIZE);
		return -1;
	}
	memcpy(b.data, text, b.len);
	if (call(fd, KIT_WRITE_BUF, "KIT_WRITE_BUF", &b))
		return -1;
	printf("%-26s %u bytes written\n", "KIT_WRITE_BUF", b.len);
	return 0;
}

static int read_buf(int fd)
{
	struct kit_buf b;

	if (call(fd, KIT_READ_BUF, "KIT_READ_BUF", &b))
		return -1;
	printf("%-26s %u bytes: \"%.*s\"\n", "KIT_READ_BUF", b.len,
	       (int)b.len, (const char *)b.data);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "write", required_argument, NULL, 'w' },
		{ "sensor", required_argument, NULL, 's' },
		{ "read", no_argument, NULL, 'r' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dev = KIT_IOCTL_DEVICE, *text = NULL;
	int list = 0, do_read = 0, do_sensor = 0, fd, c, ret = 0;
	long long sensor = 0;
	char *end;

	while ((c = getopt_long(argc, argv, "lw:s:rd:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			list = 1;
			break;
		case 'w':
			text = optarg;
			break;
		case 's':
			/* Not checked against 1..2: the module does that. */
			errno = 0;
			sensor = strtoll(optarg, &end, 0);
			if (errno || *end || sensor < 0 || sensor > 0xffffffffLL) {
				fprintf(stderr, "reader: bad sensor '%s'\n",
					optarg);
				return 2;
			}
			do_sensor = 1;
			break;
		case 'r':
			do_read = 1;
			break;
		case 'd':
			dev = optarg;
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
	if (list && !text && !do_sensor && !do_read) {
		list_commands();	/* needs no device */
		return 0;
	}

	/* O_RDWR: KIT_WRITE_BUF needs a file open for writing. */
	fd = open(dev, text || argc == 1 ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	if (argc == 1) {
		list_commands();
		putchar('\n');
		if (read_fixed(fd, KIT_READ_TEMP_SENSOR_1,
			       "KIT_READ_TEMP_SENSOR_1") ||
		    read_fixed(fd, KIT_READ_TEMP_SENSOR_2,
			       "KIT_READ_TEMP_SENSOR_2") ||
		    read_temp(fd, 1) || read_temp(fd, 2) || read_buf(fd) ||
		    write_buf(fd, "hello from the reader") || read_buf(fd))
			ret = 1;
	} else {
		if (list)
			list_commands();
		if ((text && write_buf(fd, text)) ||
		    (do_sensor && read_temp(fd, sensor)) ||
		    (do_read && read_buf(fd)))
			ret = 1;
	}
	close(fd);
	return ret;
}
