// SPDX-License-Identifier: GPL-2.0
/*
 * reader - drive the configfs chapter's items the way a program would.
 *
 * In configfs the program, not the kernel, decides which objects exist:
 * mkdir(2) makes one, write(2) configures it, read(2) reads it back and
 * rmdir(2) removes it.  Nothing else is needed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUBSYS "/sys/kernel/config/kit_configfs/"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-m NAME] [-s NAME/ATTR=VALUE] [-r NAME] [-l]\n"
		"Make, configure, show and remove items of kit_configfs.ko\n"
		"(load it first).  Options run in the order given.\n"
		"  -m, --mkdir NAME             make the item NAME\n"
		"  -s, --set NAME/ATTR=VALUE    write VALUE to an attribute (label, celsius)\n"
		"  -r, --rmdir NAME             remove the item NAME\n"
		"  -l, --list                   show every item and its attributes\n"
		"  -h, --help                   this text\n"
		"With no option: a tour that makes two items, sets, shows and removes them.\n");
}

/* A value as the kernel shows it, without its newline. */
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

static void show_file(const char *path, const char *name)
{
	char value[4096];
	int ret = read_value(path, value, sizeof(value));

	if (ret)
		printf("  %-11s (%s)\n", name, strerror(-ret));
	else
		printf("  %-11s %s\n", name, value);
}

static void show_item(const char *name)
{
	static const char *const attrs[] = { "label", "celsius", "fahrenheit" };
	char path[512];
	size_t i;

	printf("%s/\n", name);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(path, sizeof(path), SUBSYS "%s/%s", name, attrs[i]);
		show_file(path, attrs[i]);
	}
}

static int list(void)
{
	struct dirent *e;
	DIR *d = opendir(SUBSYS);

	if (!d) {
		fprintf(stderr, "reader: " SUBSYS ": %s\n", strerror(errno));
		return -1;
	}
	printf("--- " SUBSYS "\n");
	show_file(SUBSYS "items", "items");
	show_file(SUBSYS "alive", "alive");
	while ((e = readdir(d)))
		if (e->d_type == DT_DIR && e->d_name[0] != '.')
			show_item(e->d_name);
	closedir(d);
	return 0;
}

static int make(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), SUBSYS "%s", name);
	printf("mkdir %s\n", path);
	fflush(stdout);
	if (mkdir(path, 0755)) {
		fprintf(stderr, "reader: mkdir %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int unmake(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), SUBSYS "%s", name);
	printf("rmdir %s\n", path);
	fflush(stdout);
	if (rmdir(path)) {
		fprintf(stderr, "reader: rmdir %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* NAME/ATTR=VALUE: one write(2) of VALUE, which is taken or refused whole. */
static int set(const char *arg)
{
	const char *eq = strchr(arg, '=');
	char path[512];
	ssize_t n;
	int fd;

	if (!eq || !memchr(arg, '/', eq - arg)) {
		fprintf(stderr, "reader: '%s' is not NAME/ATTR=VALUE\n", arg);
		return -1;
	}
	snprintf(path, sizeof(path), SUBSYS "%.*s", (int)(eq - arg), arg);
	printf("echo '%s' > %s\n", eq + 1, path);
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

static int tour(void)
{
	if (make("cold-room") || make("freezer") ||
	    set("cold-room/label=Cold room, aisle 4") ||
	    set("cold-room/celsius=4") ||
	    set("freezer/label=Freezer") || set("freezer/celsius=-18"))
		return -1;
	set("freezer/celsius=-60");	/* refused: below the range */
	if (list() || unmake("cold-room") || unmake("freezer"))
		return -1;
	return list();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mkdir", required_argument, NULL, 'm' },
		{ "set", required_argument, NULL, 's' },
		{ "rmdir", required_argument, NULL, 'r' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ops = 0, failed = 0;

	while ((c = getopt_long(argc, argv, "m:s:r:lh", opts, NULL)) != -1) {
		ops++;
		switch (c) {
		case 'm':
			failed |= make(optarg) != 0;
			break;
		case 's':
			failed |= set(optarg) != 0;
			break;
		case 'r':
			failed |= unmake(optarg) != 0;
			break;
		case 'l':
			failed |= list() != 0;
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
	if (!ops)
		return tour() ? 1 : 0;
	return failed;
}
