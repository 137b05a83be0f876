// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 13: /dev/kit_ex13 runs fixed commands with a
 * number, as root only, and reports the wait status decoded.  Exit
 * codes, signals and timeouts are drawn from the run's seed.
 */
#include <signal.h>
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"
#include "../solution/kit_ex13.h"

#define MODULE	"kit_ex13_upcall.ko"
#define NAME	"kit_ex13_upcall"
#define DEV	KIT_EX13_DEVICE

static int run(int fd, struct kit_ex13_run *r, unsigned int command,
	       unsigned int value, unsigned int timeout_ms)
{
	memset(r, 0, sizeof(*r));
	r->command = command;
	r->value = value;
	r->timeout_ms = timeout_ms;
	return kit_ioctl(fd, KIT_EX13_RUN, r);
}

/* "running: N" of the device, or -1. */
static int running(void)
{
	char buf[64];

	if (kit_read_file(DEV, buf, sizeof(buf)) < 0 ||
	    strncmp(buf, "running: ", 9))
		return -1;
	return atoi(buf + 9);
}

/* The given code: the device comes and goes with the module. */
TEST(device_appears_and_goes)
{
	ex_device_appears_and_goes(_metadata, MODULE, NAME, DEV);
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_EQ(0666, kit_mode(DEV));
	EXPECT_TEXT(DEV, "running: 0\n");
	EXPECT_EQ(0, kit_unload(NAME));
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "program=true"));
}

FIXTURE(loaded) {
	int fd;
};

FIXTURE_SETUP(loaded)
{
	self->fd = ex_load_and_open(_metadata, MODULE,
				    "program=/kit/no-such-program", DEV);
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	/* A command still running holds the module: wait for it. */
	for (int i = 0; i < 500 && running() > 0; i++)
		usleep(10000);
	ex_unload(_metadata, NAME);
}

/* T1: an exit code, a signal and a missing program, each as it is. */
TEST_F(loaded, status_is_decoded)
{
	unsigned int code = kit_random(1, 255), sig = kit_random(0, 1) ?
			    SIGTERM : SIGUSR1;
	struct kit_ex13_run r;

	ASSERT_EQ(0, run(self->fd, &r, KIT_EX13_EXIT, 0, 5000));
	EXPECT_EQ(KIT_EX13_EXITED, r.how);
	EXPECT_EQ(0, r.code);
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, run(self->fd, &r, KIT_EX13_EXIT, code, 5000));
	EXPECT_EQ(KIT_EX13_EXITED, r.how);
	EXPECT_EQ(code, r.code);
	EXPECT_EQ((int)code << 8, r.status);

	ASSERT_EQ(0, run(self->fd, &r, KIT_EX13_SIGNAL, sig, 5000));
	EXPECT_EQ(KIT_EX13_SIGNALED, r.how);
	EXPECT_EQ(sig, r.code);
	EXPECT_TRUE(WIFSIGNALED(r.status) && WTERMSIG(r.status) == (int)sig);

	EXPECT_EQ(-ENOENT, run(self->fd, &r, KIT_EX13_PROGRAM, 0, 5000));
	EXPECT_EQ(0, running());
}

/* T2: nobody is refused though the device is 0666; bad input refused. */
TEST_F(loaded, refuses_what_it_must)
{
	struct kit_ex13_run r = { .command = KIT_EX13_EXIT, .timeout_ms = 5000 };

	EXPECT_EQ(-EPERM, kit_ioctl_as(KIT_NOBODY, DEV, O_RDWR, KIT_EX13_RUN,
				       &r));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_NR_COMMANDS, 0, 5000));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, kit_random(5, 1000), 0, 5000));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_EXIT, 256, 5000));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_SIGNAL, 0, 5000));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_SIGNAL, 32, 5000));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_SLEEP, 3601, 5000));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_PROGRAM, 1, 5000));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_EXIT, 0, 0));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, KIT_EX13_EXIT, 0,
			       KIT_EX13_TIMEOUT_MAX + 1));
	memset(&r, 0, sizeof(r));
	r.timeout_ms = 1000;
	r.reserved = 1;
	EXPECT_EQ(-EINVAL, kit_ioctl(self->fd, KIT_EX13_RUN, &r));
	r.reserved = 0;
	r.reserved2 = kit_random(1, 1000);
	EXPECT_EQ(-EINVAL, kit_ioctl(self->fd, KIT_EX13_RUN, &r));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_EX13_RUN, kit_unmapped()));
	EXPECT_EQ(-ENOTTY, kit_ioctl(self->fd, KIT_EX13_RUN + 1, &r));
	/* And a good one still runs. */
	ASSERT_EQ(0, run(self->fd, &r, KIT_EX13_EXIT, 0, 5000));
	EXPECT_EQ(KIT_EX13_EXITED, r.how);
}

/* T3: a command that sleeps is killed at the deadline, not before. */
TEST_F(loaded, hanging_command_is_killed)
{
	unsigned int ms = kit_random(300, 900);
	struct kit_ex13_run r;
	int status;
	double t0 = kit_now();
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int ok = run(self->fd, &r, KIT_EX13_SLEEP, 3600, ms) == 0 &&
			 r.how == KIT_EX13_TIMEDOUT && r.code == SIGKILL &&
			 WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL;

		_exit(ok ? 0 : 1);
	}
	/* At most 4 s: then the caller is killed (UMH_KILLABLE ends its wait). */
	while (waitpid(pid, &status, WNOHANG) == 0 && kit_now() - t0 < 4)
		usleep(20000);
	if (kit_now() - t0 >= 4) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_LE(ms / 1000.0, kit_now() - t0);
}

KIT_TEST_MAIN
