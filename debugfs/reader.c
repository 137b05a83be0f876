// SPDX-License-Identifier: GPL-2.0
/*
 * reader - show the debugfs chapter's files, and set two of them.
 *
 * debugfs files are read and written with plain open/read/write, like
 * any file.  There is no header to share with the module on purpose:
 * debugfs is not an ABI, so a tool that reads it knows the names and
 * formats of one kernel and must expect them to change.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEBUGFS	"/sys/kernel/debug"
#define DIR	DEBUGFS "/kit_debugfs/"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-m TEXT] [-t PERCENT]\n"
		"Show the files of " DIR " (as root; load kit_debugfs.ko first).\n"
		"  -m, --message TEXT     replace the message (a newline is added)\n"
		"  -t, --threshold N      set the threshold, 0 to 100\n"
		"  -h, --help             this text\n");
}

static void complain(const char *path)
{
	int err = errno;

	fprintf(stderr, "reader: %s: %s\n", path, strerror(err));
	if (err == EACCES)
		fprintf(stderr, "reader: debugfs is for root only: "
			DEBUGFS " has mode 0700\n");
}

/* A whole file into buf: its length, or -1 with errno set. */
static ssize_t slurp(const char *name, char *buf, size_t size)
{
	char path[128];
	ssize_t n, len = 0;
	int fd;

	snprintf(path, sizeof(path), DIR "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		complain(path);
		return -1;
	}
	while ((size_t)len < size && (n = read(fd, buf + len, size - len)) > 0)
		len += n;
	if (n < 0) {
		complain(path);
		len = -1;
	}
	close(fd);
	return len;
}

/* One write(2): a debugfs file takes what one call gives it. */
static int put(const char *name, const char *text)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), DIR "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		complain(path);
		return -1;
	}
	n = write(fd, text, strlen(text));
	if (n < 0)
		complain(path);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* A text file, shown on one line without its final newline. */
static int show_text(const char *name)
{
	char buf[512];
	ssize_t len = slurp(name, buf, sizeof(buf) - 1);

	if (len < 0)
		return -1;
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	printf("%-10s %s\n", name, buf);
	return 0;
}

/* The blob is bytes, not text: show them in hex. */
static int show_blob(void)
{
	unsigned char buf[256];
	ssize_t len = slurp("blob", (char *)buf, sizeof(buf));

	if (len < 0)
		return -1;
	printf("%-10s", "blob");
	for (ssize_t i = 0; i < len; i++)
		printf(" %02x", buf[i]);
	printf("   (%zd bytes)\n", len);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "threshold", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const texts[] = {
		"u8", "u32", "x32", "bool", "threshold", "u32_array", "message",
	};
	const char *message = NULL, *threshold = NULL;
	char *line;
	int c;

	while ((c = getopt_long(argc, argv, "m:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			message = optarg;
			break;
		case 't':
			threshold = optarg;
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

	/* The module checks the value: no need to repeat the check here. */
	if (threshold && put("threshold", threshold))
		return 1;
	if (message) {
		if (asprintf(&line, "%s\n", message) < 0) {
			fprintf(stderr, "reader: %s\n", strerror(errno));
			return 1;
		}
		c = put("message", line);
		free(line);
		if (c)
			return 1;
	}

	printf("--- %s\n", DIR);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (show_text(texts[i]))
			return 1;
	return show_blob() ? 1 : 0;
}
