// SPDX-License-Identifier: GPL-2.0
/*
 * reader - show the sysctl chapter's values the way sysctl(8) does, and
 * set them.
 *
 * A sysctl is a file of text: read it with one read(2) from offset 0
 * (a second read, or one at an offset, returns end of file), write it
 * with one write(2) at offset 0.  The directory is listed, not known in
 * advance, so a value added to the module shows up here too.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kit_sysctl.h"

#define DIR_PATH	"/proc/sys/" KIT_SYSCTL_PATH

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-s NAME=VALUE]...\n"
		"Show the values in " DIR_PATH " (load kit_sysctl.ko first).\n"
		"  -s, --set NAME=VALUE   write VALUE to NAME first (as root;\n"
		"                         values are %d to %d); may be repeated\n"
		"  -h, --help             this text\n",
		KIT_SYSCTL_MIN, KIT_SYSCTL_MAX);
}

/* "dev/kit_sysctl" + "value1" as sysctl(8) names it: dev.kit_sysctl.value1 */
static void print_name(const char *name)
{
	for (const char *p = KIT_SYSCTL_PATH; *p; p++)
		putchar(*p == '/' ? '.' : *p);
	printf(".%s", name);
}

static int show(const char *name)
{
	char path[256], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), DIR_PATH "/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	print_name(name);
	printf(" = %s", buf);	/* the value ends with its newline */
	return 0;
}

static int set(const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char path[256];
	ssize_t n;
	int fd;

	if (!eq || eq == assignment || strchr(assignment, '/')) {
		fprintf(stderr, "reader: '%s' is not NAME=VALUE\n", assignment);
		return -1;
	}
	snprintf(path, sizeof(path), DIR_PATH "/%.*s",
		 (int)(eq - assignment), assignment);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = write(fd, eq + 1, strlen(eq + 1));
	if (n < 0)
		fprintf(stderr, "reader: %s: %s (values are %d to %d)\n",
			assignment, strerror(errno), KIT_SYSCTL_MIN,
			KIT_SYSCTL_MAX);
	close(fd);
	return n < 0 ? -1 : 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int no_dots(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct dirent **names;
	const char **sets;
	int c, n, nsets = 0, ret = 0;

	sets = calloc(argc, sizeof(*sets));
	if (!sets) {
		fprintf(stderr, "reader: %s\n", strerror(errno));
		return 1;
	}

	while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sets[nsets++] = optarg;
			break;
		case 'h':
			usage(stdout);
			free(sets);
			return 0;
		default:
			usage(stderr);
			free(sets);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		free(sets);
		return 2;
	}

	/* In the order given; the first refusal stops the program. */
	for (int i = 0; i < nsets; i++) {
		if (set(sets[i])) {
			free(sets);
			return 1;
		}
	}
	free(sets);

	n = scandir(DIR_PATH, &names, no_dots, by_name);
	if (n < 0) {
		fprintf(stderr, "reader: %s: %s\n", DIR_PATH, strerror(errno));
		return 1;
	}
	printf("--- %s/ (values %d to %d)\n", DIR_PATH, KIT_SYSCTL_MIN,
	       KIT_SYSCTL_MAX);
	for (int i = 0; i < n; i++) {
		if (show(names[i]->d_name))
			ret = 1;
		free(names[i]);
	}
	free(names);
	return ret;
}
