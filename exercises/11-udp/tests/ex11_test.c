// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 11: a UDP service on 127.0.0.1 that answers
 * each datagram with its bytes reversed.  Ports and data come from the
 * run's seed; each test has a port of its own.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"

#define MODULE	"kit_ex11_udp.ko"
#define NAME	"kit_ex11_udp"
#define MAX	65507

/*
 * A port for this test: from the seed, apart from the other tests', and
 * from the other variants' in the same VM (each runs in a directory of
 * its own), so that a socket one of them leaks disturbs no other.
 */
static int test_port(const char *test)
{
	char dir[256] = "";
	unsigned int h = 0;
	const char *p;

	if (!getcwd(dir, sizeof(dir)))
		dir[0] = '\0';
	for (p = dir; *p; p++)
		h = h * 31 + (unsigned char)*p;
	for (p = test; *p; p++)
		h = h * 31 + (unsigned char)*p;
	return kit_random(20000, 27999) + h % 2000;
}

/*
 * rmmod in a child: 0 once it returned 0, else -errno.  With kick, a
 * datagram goes to the port every 50 ms meanwhile: a thread that wakes
 * only for a datagram (T3 undone) still ends, so T1 and T2 are graded
 * apart from T3.  Without, the unload has max_s seconds.
 */
static int unload(int port, int kick, double max_s)
{
	int status, late = 0, fd = kit_udp_client(port, 100);
	double t0 = kit_now();
	pid_t pid = fork(), w;

	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(-kit_unload(NAME));
	while ((w = waitpid(pid, &status, WNOHANG)) == 0) {
		if (!kick && kit_now() - t0 > max_s)
			kick = late = 1;	/* too late: end it, and fail */
		if (kick && fd >= 0)
			send(fd, "", 0, 0);
		usleep(50000);
	}
	if (fd >= 0)
		close(fd);
	if (w != pid || !WIFEXITED(status))
		return -ECHILD;
	return late ? -ETIMEDOUT : -WEXITSTATUS(status);
}

/* The echo of len bytes of data, reversed, in back: its length or -errno. */
static ssize_t ask(int fd, const char *data, size_t len, char *back)
{
	ssize_t n;

	if (send(fd, data, len, 0) != (ssize_t)len)
		return -errno;
	n = recv(fd, back, MAX + 1, 0);
	return n < 0 ? -errno : n;
}

static int reversed(const char *a, const char *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i] != b[len - 1 - i])
			return 0;
	return 1;
}

/* The given code: the module loads, and unloads at once when idle. */
TEST(loads_and_unloads)
{
	int port = test_port("loads");
	char params[32];

	snprintf(params, sizeof(params), "port=%d", port);
	ASSERT_EQ(0, kit_load(MODULE, params));
	usleep(300000);
	ASSERT_EQ(0, unload(port, 0, 2.0));
}

/* T1: bound while loaded, released at unload, twice; a port taken refused. */
TEST(socket_is_bound_and_released)
{
	int port = test_port("bound"), fd;
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	char params[32];

	snprintf(params, sizeof(params), "port=%d", port);
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, params));
		EXPECT_EQ(1, kit_udp_bound(port));
		ASSERT_EQ(0, unload(port, 1, 0));
		EXPECT_EQ(0, kit_udp_bound(port));
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&a, sizeof(a)));
	EXPECT_EQ(-EADDRINUSE, kit_load(MODULE, params));
	EXPECT_EQ(1, kit_udp_bound(port));
	close(fd);
	if (kit_unload(NAME) == 0)	/* loaded after all: fail, clean up */
		EXPECT_TRUE(0);
}

FIXTURE(loaded) {
	int port;
	int fd;
	char data[MAX + 1];
	char back[MAX + 1];
};

FIXTURE_SETUP(loaded)
{
	char params[32];

	self->port = test_port(_metadata->name);
	snprintf(params, sizeof(params), "port=%d", self->port);
	TH_LOG("loading with %s", params);
	ASSERT_EQ(0, kit_load(MODULE, params));
	self->fd = kit_udp_client(self->port, 2000);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	char buf[4096];

	if (kit_oopsed())
		return;
	if (kit_read_file("/proc/modules", buf, sizeof(buf)) > 0 &&
	    strstr(buf, NAME " "))
		EXPECT_EQ(0, unload(self->port, 1, 0));
}

/* Send each size of random bytes: it must come back reversed. */
static void check_sizes(struct __test_metadata *_metadata,
			FIXTURE_DATA(loaded) *self, const size_t *sizes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = sizes[i];

		for (size_t k = 0; k < len; k++)
			self->data[k] = (char)kit_random(0, 255);
		ASSERT_EQ((ssize_t)len, ask(self->fd, self->data, len,
					    self->back)) TH_LOG("%zu bytes", len);
		EXPECT_TRUE(reversed(self->data, self->back, len)) {
			TH_LOG("%zu bytes", len);
		}
	}
}

/* T2: short datagrams of random bytes, and an empty one, come back reversed. */
TEST_F(loaded, datagrams_come_back_reversed)
{
	size_t sizes[] = { kit_random(1, 64), kit_random(100, 1000), 0,
			   kit_random(1, 9), 1, 2 };

	check_sizes(_metadata, self, sizes, sizeof(sizes) / sizeof(sizes[0]));
}

/* T3: datagrams beyond a network frame, up to the largest, come back whole. */
TEST_F(loaded, largest_datagrams_come_back_whole)
{
	size_t sizes[] = { MAX, kit_random(1473, MAX - 1), 4097, 1473, MAX };

	check_sizes(_metadata, self, sizes, sizeof(sizes) / sizeof(sizes[0]));
}

KIT_TEST_MAIN
