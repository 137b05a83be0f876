// SPDX-License-Identifier: GPL-2.0
/*
 * reader - read the procfs chapter's files the way a program would.
 *
 * Everything in /proc is read with plain open/read (here through stdio):
 * no special library, no ioctl.  Writing the message is one write(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIR "/proc/kit_procfs/"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-n RECORDS] [-w MESSAGE]\n"
		"Show the files of /proc/kit_procfs (load kit_procfs.ko first).\n"
		"  -n, --records N    how many records to show (default 5)\n"
		"  -w, --write TEXT   replace the message before reading\n"
		"  -h, --help         this text\n");
}

/* Print a file, or its first max_lines lines. */
static int show(const char *name, long max_lines)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	long lines = 0;
	FILE *f;

	snprintf(path, sizeof(path), DIR "%s", name);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	printf("--- %s\n", path);
	while (getline(&line, &cap, f) > 0) {
		if (max_lines < 0 || lines < max_lines)
			fputs(line, stdout);
		lines++;
	}
	if (max_lines >= 0 && lines > max_lines)
		printf("... %ld more lines\n", lines - max_lines);
	free(line);
	fclose(f);
	return 0;
}

static int write_message(const char *text)
{
	int fd = open(DIR "message", O_WRONLY);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "reader: " DIR "message: %s\n", strerror(errno));
		return -1;
	}
	/* One write: the module takes a message whole or not at all. */
	n = write(fd, text, strlen(text));
	if (n < 0)
		fprintf(stderr, "reader: writing the message: %s\n",
			strerror(errno));
	close(fd);
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "records", required_argument, NULL, 'n' },
		{ "write", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *text = NULL;
	long records = 5;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "n:w:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			records = strtol(optarg, &end, 10);
			if (errno || *end || records < 0) {
				fprintf(stderr, "reader: bad record count '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'w':
			text = optarg;
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

	if (text && write_message(text))
		return 1;
	/* +1: the records file starts with a header line. */
	if (show("summary", -1) || show("records", records + 1) ||
	    show("message", -1))
		return 1;
	return 0;
}
