// SPDX-License-Identifier: GPL-2.0
/*
 * reader - show and set the sysfs chapter's files the way a program would.
 *
 * A sysfs file holds one value as text: a program reads it whole and
 * parses it, and writes a new value with one write(2).  The file's path
 * is the interface; there is no library and no ioctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every file of the chapter, by a short name. */
static const struct {
	const char *name;
	const char *path;
} files[] = {
	{ "initial", "/sys/module/kit_sysfs/parameters/initial" },
	{ "verbose", "/sys/module/kit_sysfs/parameters/verbose" },
	{ "limit", "/sys/module/kit_sysfs/parameters/limit" },
	{ "first", "/sys/fs/kit_sysfs/first" },
	{ "second", "/sys/fs/kit_sysfs/second" },
	{ "value", "/sys/bus/kit_pseudo/value" },
	{ "threshold", "/sys/class/kit_sysfs/sensor0/threshold" },
	{ "enabled", "/sys/class/kit_sysfs/sensor0/enabled" },
};

#define NR_FILES (sizeof(files) / sizeof(files[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: reader [-s NAME=VALUE]...\n"
		"Show the files of kit_sysfs.ko and kit_sysfs_bus.ko (load them first).\n"
		"  -s, --set NAME=VALUE  write VALUE to the file NAME, then show all\n"
		"  -h, --help            this text\n"
		"NAME is one of:");
	for (i = 0; i < NR_FILES; i++)
		fprintf(out, " %s", files[i].name);
	fprintf(out, "\n");
}

static const char *path_of(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NR_FILES; i++)
		if (strlen(files[i].name) == len &&
		    !strncmp(files[i].name, name, len))
			return files[i].path;
	return NULL;
}

/* One read(2) of a whole value; the trailing newline is dropped. */
static int read_value(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/* One write(2) of the whole value: sysfs takes it or refuses it. */
static int set(const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *path = eq ? path_of(arg, eq - arg) : NULL;
	ssize_t n;
	int fd;

	if (!path) {
		fprintf(stderr, "reader: '%s' is not NAME=VALUE with a known NAME\n",
			arg);
		return -1;
	}
	printf("echo %s > %s\n", eq + 1, path);
	fflush(stdout);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = write(fd, eq + 1, strlen(eq + 1));
	if (n < 0)
		fprintf(stderr, "reader: writing '%s' to %s: %s\n", eq + 1,
			path, strerror(errno));
	close(fd);
	return n < 0 ? -1 : 0;
}

static int show_all(void)
{
	char value[4096];
	int missing = 0;
	size_t i;

	printf("--- the chapter's files\n");
	for (i = 0; i < NR_FILES; i++) {
		int ret = read_value(files[i].path, value, sizeof(value));

		if (ret) {
			printf("%-40s (%s)\n", files[i].path, strerror(-ret));
			missing++;
		} else {
			printf("%-40s %s\n", files[i].path, value);
		}
	}
	return missing == NR_FILES ? -1 : 0;
}

/* What the tour shows: the files, good writes and refused ones. */
static int tour(void)
{
	if (show_all())
		return -1;
	if (set("verbose=Y") || set("first=42") || set("threshold=-5"))
		return -1;
	/* Refused, each with the reason in the message. */
	set("first=500");
	set("second=forty");
	set("limit=0");
	return show_all();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, sets = 0, failed = 0;

	while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sets++;
			failed |= set(optarg) != 0;
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
	if (!sets)
		return tour() ? 1 : 0;
	return show_all() || failed ? 1 : 0;
}
