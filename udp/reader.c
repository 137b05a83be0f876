// SPDX-License-Identifier: GPL-2.0
/*
 * reader - a client of the kernel's UDP echo service (kit_udp.ko).
 *
 * An ordinary UDP socket: the service in the kernel is reached exactly
 * as one in a process would be.  With no arguments it sends a greeting,
 * an empty datagram and a maximum-size one, and checks each echo.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_DATAGRAM	65507	/* 65535 - IPv4 header - UDP header */

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-p PORT] [-t MS] [MESSAGE...]\n"
		"Send each MESSAGE to the kernel's UDP echo service on\n"
		"127.0.0.1 and print the echo (load kit_udp.ko first).  With no\n"
		"MESSAGE: a greeting, an empty and a %d-byte datagram.\n"
		"  -p, --port PORT    the module's port (default 7007)\n"
		"  -t, --timeout MS   how long to wait for an echo (default 1000)\n"
		"  -h, --help         this text\n", MAX_DATAGRAM);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Send len bytes and check that the same bytes come back. */
static int round_trip(int fd, const char *data, size_t len, int show)
{
	static char back[MAX_DATAGRAM + 1];
	double t0 = now_us();
	ssize_t n;

	if (send(fd, data, len, 0) != (ssize_t)len) {
		fprintf(stderr, "reader: send: %s\n", strerror(errno));
		return -1;
	}
	n = recv(fd, back, sizeof(back), 0);
	if (n < 0) {
		fprintf(stderr, "reader: no echo: %s\n", strerror(errno));
		return -1;
	}
	if ((size_t)n != len || memcmp(back, data, len)) {
		fprintf(stderr, "reader: the echo differs (%zd bytes for %zu)\n",
			n, len);
		return -1;
	}
	if (show)
		printf("echo of %zu bytes: \"%.*s\" (%.0f us)\n", len, (int)n,
		       back, now_us() - t0);
	else
		printf("echo of %zu bytes, all equal (%.0f us)\n", len,
		       now_us() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sockaddr_in addr = { .sin_family = AF_INET };
	long port = 7007, ms = 1000;
	struct timeval tv;
	char *end, *big;
	int c, fd, ret = 0;

	while ((c = getopt_long(argc, argv, "p:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end || port < 1 || port > 65535) {
				fprintf(stderr, "reader: bad port: %s\n", optarg);
				return 2;
			}
			break;
		case 't':
			ms = strtol(optarg, &end, 10);
			if (*end || ms < 1 || ms > 60000) {
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

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		fprintf(stderr, "reader: socket: %s\n", strerror(errno));
		return 1;
	}
	tv.tv_sec = ms / 1000;
	tv.tv_usec = ms % 1000 * 1000;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* connect() fixes the peer: send() and recv() need no address. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		fprintf(stderr, "reader: %s\n", strerror(errno));
		return 1;
	}
	printf("server: 127.0.0.1:%ld\n", port);

	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			ret |= round_trip(fd, argv[i], strlen(argv[i]), 1);
		close(fd);
		return ret ? 1 : 0;
	}
	big = malloc(MAX_DATAGRAM);
	if (!big) {
		fprintf(stderr, "reader: %s\n", strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < MAX_DATAGRAM; i++)
		big[i] = (char)(i * 7 + 3);
	ret |= round_trip(fd, "hello from user space", 21, 1);
	ret |= round_trip(fd, "", 0, 1);
	ret |= round_trip(fd, big, MAX_DATAGRAM, 0);
	/* One byte more does not fit in an IPv4 datagram. */
	if (send(fd, big, MAX_DATAGRAM + 1, 0) < 0)
		printf("%d bytes: %s, as expected\n", MAX_DATAGRAM + 1,
		       strerror(errno));
	free(big);
	close(fd);
	return ret ? 1 : 0;
}
