// SPDX-License-Identifier: GPL-2.0
/*
 * reader - ask kit_upcall.ko to run a program of its allowlist.
 *
 * With no arguments it shows the device's status and, as root, runs the
 * first program three times: exiting with 0, exiting with 3, and
 * hanging until the module kills it at a 300 ms timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kit_upcall.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-p N] [-t MS] [WORD...]\n"
		"Show /dev/kit_upcall; with WORDs, run program N of the module's\n"
		"allowlist with them as its arguments (root only), and print how\n"
		"it ended (load kit_upcall.ko first).\n"
		"  -p, --program N    the program's index (default 0)\n"
		"  -t, --timeout MS   kill it after MS ms (default %d, at most %d)\n"
		"  -h, --help         this text\n",
		KIT_UPCALL_TIMEOUT_DEFAULT, KIT_UPCALL_TIMEOUT_MAX);
}

static int show_status(void)
{
	char buf[1024];
	ssize_t n;
	int fd = open(KIT_UPCALL_DEVICE, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", KIT_UPCALL_DEVICE,
			strerror(errno));
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		fprintf(stderr, "reader: read: %s\n", strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	printf("--- %s\n%s", KIT_UPCALL_DEVICE, buf);
	return 0;
}

static int run(int fd, unsigned int prog, unsigned int ms, const char *arg)
{
	struct kit_upcall_run r = { .program = prog, .timeout_ms = ms };

	if (strlen(arg) >= sizeof(r.arg)) {
		fprintf(stderr, "reader: arguments longer than %zu bytes\n",
			sizeof(r.arg) - 1);
		return -1;
	}
	strcpy(r.arg, arg);
	printf("run program %u \"%s\": ", prog, arg);
	fflush(stdout);
	if (ioctl(fd, KIT_UPCALL_RUN, &r) < 0) {
		printf("%s\n", strerror(errno));
		return -1;
	}
	switch (r.how) {
	case KIT_UPCALL_EXITED:
		printf("exited with %u (wait status %#x)\n", r.code, r.status);
		break;
	case KIT_UPCALL_SIGNALED:
		printf("killed by signal %u (wait status %#x)\n", r.code,
		       r.status);
		break;
	case KIT_UPCALL_TIMEDOUT:
		printf("timed out, killed by signal %u (wait status %#x)\n",
		       r.code, r.status);
		break;
	default:
		printf("how %u?\n", r.how);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "program", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long prog = 0, ms = 0;
	char *end;
	int c, fd, ret = 0;

	while ((c = getopt_long(argc, argv, "p:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			prog = strtoul(optarg, &end, 10);
			if (*end || !*optarg || prog > 255) {
				fprintf(stderr, "reader: bad program: %s\n", optarg);
				return 2;
			}
			break;
		case 't':
			ms = strtoul(optarg, &end, 10);
			if (*end || !*optarg || ms > KIT_UPCALL_TIMEOUT_MAX) {
				fprintf(stderr, "reader: bad timeout: %s\n", optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (show_status())
		return 1;
	if (optind == argc && geteuid() != 0) {
		printf("(not root: the module runs nothing for you)\n");
		return 0;
	}
	fd = open(KIT_UPCALL_DEVICE, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", KIT_UPCALL_DEVICE,
			strerror(errno));
		return 1;
	}
	if (optind < argc) {
		char arg[256] = "";

		for (int i = optind; i < argc; i++) {
			if (strlen(arg) + strlen(argv[i]) + 2 > sizeof(arg)) {
				fprintf(stderr, "reader: too many arguments\n");
				return 2;
			}
			if (i > optind)
				strcat(arg, " ");
			strcat(arg, argv[i]);
		}
		ret = run(fd, prog, ms, arg);
	} else {
		ret |= run(fd, prog, ms, "");
		ret |= run(fd, prog, ms, "exit 3");
		ret |= run(fd, prog, 300, "hang");
	}
	close(fd);
	return ret ? 1 : 0;
}
