// SPDX-License-Identifier: GPL-2.0
/*
 * The udp chapter's tests: the kernel's echo service on 127.0.0.1,
 * reached with ordinary sockets.  The port comes from the seed, so that
 * every test also shows that the module parameter is the one used.
 */
#include <stdio.h>

#include "kit_test.h"

#define MODULE		KIT_DIR "udp/kit_udp.ko"
#define NAME		"kit_udp"
#define PARAM		"/sys/module/kit_udp/parameters/port"
#define MAX_DATAGRAM	65507
#define DEFAULT_PORT	7007

/*
 * Send len bytes of data and receive the echo: 0 if the same bytes came
 * back, 1 if other bytes did, or -errno (-EAGAIN: no echo in time).
 */
static int echo(int fd, const void *data, size_t len)
{
	static char back[MAX_DATAGRAM + 1];
	ssize_t n;

	if (send(fd, data, len, 0) != (ssize_t)len)
		return -errno;
	n = recv(fd, back, sizeof(back), 0);
	if (n < 0)
		return -errno;
	return (size_t)n == len && !memcmp(back, data, len) ? 0 : 1;
}

static void fill(char *p, size_t n, unsigned int salt)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(i * 7 + salt);	/* NULs included */
}

static int loaded(void)
{
	char buf[65536];

	if (kit_read_file("/proc/modules", buf, sizeof(buf)) < 0)
		return -1;
	return !strncmp(buf, NAME " ", strlen(NAME) + 1) ||
	       strstr(buf, "\n" NAME " ") != NULL;
}

static int random_port(void)
{
	return kit_random(20000, 29999);
}

FIXTURE(udp) {
	int port;
	int fd;
};

FIXTURE_SETUP(udp)
{
	char params[32];

	self->port = random_port();
	snprintf(params, sizeof(params), "port=%d", self->port);
	TH_LOG("loading with %s", params);
	ASSERT_EQ(0, kit_load(MODULE, params));
	self->fd = kit_udp_client(self->port, 2000);
	ASSERT_LE(0, self->fd);
}

/* In the parent, so that it runs even after a failed ASSERT. */
FIXTURE_TEARDOWN_PARENT(udp)
{
	if (!kit_oopsed() && loaded() == 1)
		EXPECT_EQ(0, kit_unload(NAME));
}

TEST_F(udp, round_trip)
{
	char text[64], big[1500];

	snprintf(text, sizeof(text), "hello %u", kit_random(0, 1u << 30));
	EXPECT_EQ(0, echo(self->fd, text, strlen(text)));
	fill(big, sizeof(big), kit_random(0, 255));
	EXPECT_EQ(0, echo(self->fd, big, sizeof(big)));
	/* Datagrams keep their boundaries: two sends, two echoes. */
	ASSERT_EQ(3, send(self->fd, "one", 3, 0));
	ASSERT_EQ(3, send(self->fd, "two", 3, 0));
	EXPECT_EQ(3, recv(self->fd, text, sizeof(text), 0));
	EXPECT_EQ(0, memcmp(text, "one", 3));
	EXPECT_EQ(3, recv(self->fd, text, sizeof(text), 0));
	EXPECT_EQ(0, memcmp(text, "two", 3));
}

TEST_F(udp, empty_datagram_is_echoed)
{
	char back[16];

	ASSERT_EQ(0, send(self->fd, "", 0, 0));
	/* An empty datagram arrives as a read of 0, not as a timeout. */
	EXPECT_EQ(0, recv(self->fd, back, sizeof(back), 0));
	EXPECT_EQ(0, echo(self->fd, "after", 5));
}

TEST_F(udp, maximum_datagram_is_echoed_whole)
{
	static char big[MAX_DATAGRAM + 1];

	fill(big, sizeof(big), kit_random(0, 255));
	EXPECT_EQ(0, echo(self->fd, big, MAX_DATAGRAM));
	EXPECT_EQ(0, echo(self->fd, big, MAX_DATAGRAM - 1));
	/* One byte more is no IPv4 datagram: refused before it leaves. */
	EXPECT_EQ(-1, send(self->fd, big, MAX_DATAGRAM + 1, 0));
	EXPECT_EQ(EMSGSIZE, errno);
	EXPECT_EQ(0, echo(self->fd, "still there", 11));
}

static int many_port;

/* A client: up to 100 round trips of its own bytes, each checked. */
static int one_client(int i, void *arg)
{
	char data[512];
	int fd = kit_udp_client(many_port, 5000);

	(void)arg;
	if (fd < 0)
		return 1;
	for (int k = 0; kit_another_round(k, 100); k++) {
		size_t len = (size_t)(i * 37 + k * 5) % sizeof(data);

		fill(data, len, i * 100 + k);
		if (echo(fd, data, len))
			return 1;
	}
	close(fd);
	return 0;
}

TEST_F(udp, many_concurrent_clients)
{
	many_port = self->port;
	EXPECT_EQ(0, kit_in_parallel(16, one_client, NULL));
}

TEST_F(udp, port_parameter_is_shown_and_read_only)
{
	char want[16];

	snprintf(want, sizeof(want), "%d\n", self->port);
	EXPECT_TEXT(PARAM, want);
	EXPECT_EQ(0444, kit_mode(PARAM));
	EXPECT_EQ(-EACCES, kit_put(PARAM, "7008"));
	EXPECT_TEXT(PARAM, want);
	/* Bound once, on loopback only: one socket on the port. */
	EXPECT_EQ(1, kit_udp_bound(self->port));
}

/* Nobody needs privilege to use a UDP service, but only root loads it. */
TEST_F(udp, ordinary_user_is_served_but_cannot_load)
{
	char port[16], out[256];
	char *argv[] = { KIT_DIR "udp/reader", "-p", port, "from nobody", NULL };

	snprintf(port, sizeof(port), "%d", self->port);
	EXPECT_EQ(0, kit_run(KIT_NOBODY, out, sizeof(out), argv)) {
		TH_LOG("%s", out);
	}
	EXPECT_NE(NULL, strstr(out, "\"from nobody\"")) TH_LOG("%s", out);
	/* insmod as nobody: finit_module(2) says EPERM. */
	EXPECT_NE(0, kit_run(KIT_NOBODY, out, sizeof(out),
			     (char *[]){ "/bin/insmod", MODULE, "port=1",
					 NULL }));
	EXPECT_NE(NULL, strstr(out, "not permitted")) TH_LOG("%s", out);
	EXPECT_EQ(0, kit_udp_bound(1));
	EXPECT_EQ(1, loaded());
}

TEST(port_taken_refuses_to_load)
{
	int port = random_port(), fd;
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	char params[32];

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&a, sizeof(a)));
	snprintf(params, sizeof(params), "port=%d", port);
	EXPECT_EQ(-EADDRINUSE, kit_load(MODULE, params));
	EXPECT_EQ(0, loaded());
	EXPECT_EQ(1, kit_udp_bound(port));	/* the test's own socket only */
	close(fd);
	EXPECT_EQ(0, kit_udp_bound(port));
	/* Once the port is free, the same load works. */
	ASSERT_EQ(0, kit_load(MODULE, params));
	EXPECT_EQ(1, kit_udp_bound(port));
	EXPECT_EQ(0, kit_unload(NAME));
	EXPECT_EQ(0, kit_udp_bound(port));
}

TEST(bad_port_parameter_refused)
{
	static const char *const bad[] = {
		"port=0", "port=65536", "port=-1", "port=abc", "port=",
		"port=7007x", "port=99999999999999999999",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, kit_load(MODULE, bad[i])) TH_LOG("%s", bad[i]);
		EXPECT_EQ(0, loaded()) TH_LOG("%s", bad[i]);
	}
	EXPECT_EQ(0, kit_udp_bound(DEFAULT_PORT));
	/* No parameter: the default port. */
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TEXT(PARAM, "7007\n");
	EXPECT_EQ(1, kit_udp_bound(DEFAULT_PORT));
	EXPECT_EQ(0, kit_unload(NAME));
}

/* A client blocked in recv() does not hold the module, nor slow rmmod. */
TEST_F(udp, unload_while_a_client_waits)
{
	double t0;
	pid_t pid;
	int status;

	EXPECT_EQ(0, echo(self->fd, "ping", 4));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd = kit_udp_client(self->port, 3000);
		char buf[16];

		/* Nothing sent, so nothing comes: it waits its 3 s. */
		_exit(fd >= 0 && recv(fd, buf, sizeof(buf), 0) < 0 &&
		      errno == EAGAIN ? 0 : 1);
	}
	usleep(200000);
	t0 = kit_now();
	EXPECT_EQ(0, kit_unload(NAME));
	/* The service's thread does not wait for a datagram to end. */
	EXPECT_GT(1.0, kit_now() - t0);
	EXPECT_EQ(0, kit_udp_bound(self->port));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The echo is gone; the datagram now goes nowhere. */
	EXPECT_EQ(-ECONNREFUSED, echo(self->fd, "ping", 4));
}

struct flood {
	int port;
	volatile int stop;	/* in shared memory: set by the test */
};

/* Send without waiting for echoes until told to stop; drain echoes. */
static int flood(int i, void *arg)
{
	struct flood *fl = arg;
	int fd = kit_udp_client(fl->port, 10);
	char data[1024], back[1024];

	if (fd < 0)
		return 1;
	fill(data, sizeof(data), i);
	while (!fl->stop) {
		/* ECONNREFUSED after the unload is expected. */
		send(fd, data, (size_t)(i * 97) % sizeof(data), MSG_DONTWAIT);
		while (recv(fd, back, sizeof(back), MSG_DONTWAIT) > 0)
			;
	}
	return 0;
}

TEST_F(udp, unload_during_traffic)
{
	struct flood *fl = mmap(NULL, sizeof(*fl), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status, port = self->port;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, fl);
	fl->port = port;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(kit_in_parallel(4, flood, fl));
	usleep(500000);
	EXPECT_EQ(0, kit_unload(NAME));
	EXPECT_EQ(0, kit_udp_bound(port));
	/* And again, with the flood still running: load, unload. */
	for (int round = 0; round < 3; round++) {
		char params[32];

		snprintf(params, sizeof(params), "port=%d", port);
		EXPECT_EQ(0, kit_load(MODULE, params));
		usleep(100000);
		EXPECT_EQ(0, kit_unload(NAME));
		EXPECT_EQ(0, kit_udp_bound(port));
	}
	fl->stop = 1;
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

KIT_TEST_MAIN
