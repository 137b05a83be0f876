// SPDX-License-Identifier: GPL-2.0
/*
 * The upcall chapter's tests: /dev/kit_upcall runs the programs of its
 * allowlist, here the chapter's helper and a path that does not exist.
 */
#include <signal.h>
#include <stdio.h>

#include "kit_test.h"
#include "../kit_upcall.h"

#define MODULE	KIT_DIR "upcall/kit_upcall.ko"
#define NAME	"kit_upcall"
#define HELPER	KIT_DIR "upcall/helper"
#define MISSING	KIT_DIR "upcall/no-such-program"
#define PARAMS	"programs=" HELPER "," MISSING
#define RECORD	"/tmp/kit_upcall.record"

enum { P_HELPER, P_MISSING };

/* KIT_UPCALL_RUN of program prog with arg: 0 or -errno, the result in r. */
static int run(int fd, struct kit_upcall_run *r, unsigned int prog,
	       const char *arg, unsigned int timeout_ms)
{
	memset(r, 0, sizeof(*r));
	r->program = prog;
	r->timeout_ms = timeout_ms;
	snprintf(r->arg, sizeof(r->arg), "%s", arg);
	return kit_ioctl(fd, KIT_UPCALL_RUN, r);
}

/* The "running: N" line of the device's text, or -1. */
static int running(void)
{
	char buf[1024], *p;

	if (kit_read_file(KIT_UPCALL_DEVICE, buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "running: ");
	return p ? atoi(p + 9) : -1;
}

/* Wait up to 5 s for no run to be left. */
static int settled(void)
{
	for (int i = 0; i < 500 && running() != 0; i++)
		usleep(10000);
	return running();
}

FIXTURE(upcall) {
	int fd;
};

FIXTURE_SETUP(upcall)
{
	ASSERT_EQ(0, kit_load(MODULE, PARAMS));
	self->fd = open(KIT_UPCALL_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

/* In the parent, files closed: an open file holds the module. */
FIXTURE_TEARDOWN_PARENT(upcall)
{
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	if (kit_oopsed())
		return;
	EXPECT_EQ(0, settled());
	EXPECT_EQ(0, kit_unload(NAME));
}

TEST_F(upcall, device_shows_the_allowlist)
{
	EXPECT_EQ(0666, kit_mode(KIT_UPCALL_DEVICE));
	EXPECT_TEXT(KIT_UPCALL_DEVICE, "program 0: " HELPER "\n"
		    "program 1: " MISSING "\n"
		    "running: 0\n"
		    "runs: 0\n");
	EXPECT_TEXT("/sys/module/kit_upcall/parameters/programs",
		    HELPER "," MISSING "\n");
	EXPECT_EQ(0444, kit_mode("/sys/module/kit_upcall/parameters/programs"));
	EXPECT_EQ(-EACCES, kit_put("/sys/module/kit_upcall/parameters/programs",
				   "/bin/sh"));
}

TEST_F(upcall, success_is_exit_status_zero)
{
	struct kit_upcall_run r;

	ASSERT_EQ(0, run(self->fd, &r, P_HELPER, "", 0));
	EXPECT_EQ(KIT_UPCALL_EXITED, r.how);
	EXPECT_EQ(0, r.code);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0, r.reserved);
}

TEST_F(upcall, failing_status_is_decoded)
{
	unsigned int code = kit_random(1, 255);
	struct kit_upcall_run r;
	char arg[32];

	snprintf(arg, sizeof(arg), "exit %u", code);
	ASSERT_EQ(0, run(self->fd, &r, P_HELPER, arg, 0));
	EXPECT_EQ(KIT_UPCALL_EXITED, r.how);
	EXPECT_EQ(code, r.code);
	/* The wait status, not the code: the code is in bits 8 to 15. */
	EXPECT_EQ((int)code << 8, r.status);
	EXPECT_TRUE(WIFEXITED(r.status) && WEXITSTATUS(r.status) == code);
}

TEST_F(upcall, death_by_signal_is_decoded)
{
	struct kit_upcall_run r;

	ASSERT_EQ(0, run(self->fd, &r, P_HELPER, "kill 15", 0));
	EXPECT_EQ(KIT_UPCALL_SIGNALED, r.how);
	EXPECT_EQ(SIGTERM, r.code);
	EXPECT_TRUE(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGTERM);
}

TEST_F(upcall, arguments_and_environment_arrive)
{
	char want[512], arg[KIT_UPCALL_ARG_LEN];
	unsigned int word = kit_random(0, 1u << 30);
	struct kit_upcall_run r;

	unlink(RECORD);
	snprintf(arg, sizeof(arg), "record " RECORD " %u  two", word);
	ASSERT_EQ(0, run(self->fd, &r, P_HELPER, arg, 0));
	EXPECT_EQ(KIT_UPCALL_EXITED, r.how);
	EXPECT_EQ(0, r.code);
	/* Root, the words split at spaces, the module's environment only. */
	snprintf(want, sizeof(want),
		 "uid 0\narg " HELPER "\narg record\narg " RECORD "\n"
		 "arg %u\narg two\nenv HOME=/\n"
		 "env PATH=/sbin:/bin:/usr/sbin:/usr/bin\nenv KIT_UPCALL_RUN=1\n",
		 word);
	EXPECT_TEXT(RECORD, want);
	unlink(RECORD);
}

TEST_F(upcall, missing_program_is_enoent)
{
	struct kit_upcall_run r;

	EXPECT_EQ(-ENOENT, run(self->fd, &r, P_MISSING, "", 0));
	/* And the module goes on working. */
	ASSERT_EQ(0, run(self->fd, &r, P_HELPER, "exit 3", 0));
	EXPECT_EQ(3, r.code);
}

TEST_F(upcall, hanging_program_is_killed_at_the_timeout)
{
	unsigned int ms = kit_random(200, 600);
	struct kit_upcall_run r;
	double t0 = kit_now(), took;

	ASSERT_EQ(0, run(self->fd, &r, P_HELPER, "hang", ms));
	took = kit_now() - t0;
	EXPECT_EQ(KIT_UPCALL_TIMEDOUT, r.how);
	EXPECT_EQ(SIGKILL, r.code);
	EXPECT_TRUE(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL);
	EXPECT_LE(ms / 1000.0, took);
	EXPECT_GT(ms / 1000.0 + 3, took);
	EXPECT_EQ(0, running());
}

/* UMH_KILLABLE: a caller killed in its wait goes, and so does the program. */
TEST_F(upcall, killed_caller_returns_and_its_program_is_killed)
{
	struct kit_upcall_run r;
	double t0;
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(run(self->fd, &r, P_HELPER, "hang", 60000));
	for (int i = 0; i < 500 && running() != 1; i++)
		usleep(10000);
	ASSERT_EQ(1, running());
	usleep(100000);
	t0 = kit_now();
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	EXPECT_GT(1.0, kit_now() - t0);
	/* The module killed the program it would no longer report on. */
	EXPECT_EQ(0, settled());
}

TEST_F(upcall, unload_waits_for_a_running_program)
{
	struct kit_upcall_run r;
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int ok = run(self->fd, &r, P_HELPER, "hang", 1500) == 0 &&
			 r.how == KIT_UPCALL_TIMEDOUT;

		_exit(ok ? 0 : 1);
	}
	for (int i = 0; i < 500 && running() != 1; i++)
		usleep(10000);
	ASSERT_EQ(1, running());
	close(self->fd);
	/* The run holds the device, so the module: rmmod is refused... */
	EXPECT_EQ(-EAGAIN, kit_unload(NAME));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* ...until it has ended (the teardown unloads it then). */
	EXPECT_EQ(0, settled());
}

TEST_F(upcall, at_most_four_at_once)
{
	struct kit_upcall_run r;
	pid_t pids[KIT_UPCALL_MAX_RUNNING];

	for (int i = 0; i < KIT_UPCALL_MAX_RUNNING; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0)
			_exit(run(self->fd, &r, P_HELPER, "hang", 2000) ? 1 : 0);
	}
	for (int i = 0; i < 500 && running() != KIT_UPCALL_MAX_RUNNING; i++)
		usleep(10000);
	EXPECT_EQ(KIT_UPCALL_MAX_RUNNING, running());
	EXPECT_EQ(-EBUSY, run(self->fd, &r, P_HELPER, "", 0));
	EXPECT_EQ(0, kit_children_failed(pids, KIT_UPCALL_MAX_RUNNING));
	EXPECT_EQ(0, run(self->fd, &r, P_HELPER, "", 0));
}

/* The device is 0666: what refuses nobody is the capability check. */
TEST_F(upcall, ordinary_user_is_refused)
{
	struct kit_upcall_run r = { .program = P_HELPER };

	EXPECT_EQ(-EPERM, kit_ioctl_as(KIT_NOBODY, KIT_UPCALL_DEVICE, O_RDWR,
				       KIT_UPCALL_RUN, &r));
	/* Nothing ran. */
	EXPECT_NE(NULL, strstr(kit_text(KIT_UPCALL_DEVICE), "runs: 0\n"));
	/* But reading the status is allowed. */
	EXPECT_EQ(0, kit_open_as(KIT_NOBODY, KIT_UPCALL_DEVICE, O_RDONLY));
}

TEST_F(upcall, bad_input_is_refused_and_runs_nothing)
{
	struct kit_upcall_run r;

	EXPECT_EQ(-EINVAL, run(self->fd, &r, 2, "", 0));	/* no program 2 */
	EXPECT_EQ(-EINVAL, run(self->fd, &r, 0xffffffffu, "", 0));
	EXPECT_EQ(-EINVAL, run(self->fd, &r, P_HELPER, "",
			       KIT_UPCALL_TIMEOUT_MAX + 1));
	/* An argument without its NUL. */
	memset(&r, 0, sizeof(r));
	memset(r.arg, 'x', sizeof(r.arg));
	EXPECT_EQ(-EINVAL, kit_ioctl(self->fd, KIT_UPCALL_RUN, &r));
	/* A reserved field that is not 0. */
	memset(&r, 0, sizeof(r));
	r.reserved = 1;
	EXPECT_EQ(-EINVAL, kit_ioctl(self->fd, KIT_UPCALL_RUN, &r));
	/* Too many words. */
	EXPECT_EQ(-E2BIG, run(self->fd, &r, P_HELPER, "1 2 3 4 5 6 7 8 9", 0));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_UPCALL_RUN, kit_unmapped()));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_UPCALL_RUN, NULL));
	EXPECT_EQ(-ENOTTY, kit_ioctl(self->fd, _IO('K', 0x41), NULL));
	EXPECT_EQ(-ENOTTY, kit_ioctl(self->fd, KIT_UPCALL_RUN + 1, &r));
	/* Writing is no command. */
	EXPECT_GT(0, write(self->fd, "run", 3));
	EXPECT_NE(NULL, strstr(kit_text(KIT_UPCALL_DEVICE), "runs: 0\n"));
	/* Eight words are allowed. */
	EXPECT_EQ(0, run(self->fd, &r, P_HELPER, "exit 7 3 4 5 6 7 8", 0));
	EXPECT_EQ(2, r.code);	/* the helper's usage error */
}

TEST(bad_allowlist_refuses_to_load)
{
	static const char *const bad[] = {
		"programs=helper", "programs=/bin/true,sh",
		"programs=", "programs=/a,/b,/c,/d,/e,/f,/g,/h,/i",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_NE(0, kit_load(MODULE, bad[i])) TH_LOG("%s", bad[i]);
		EXPECT_FALSE(kit_exists(KIT_UPCALL_DEVICE)) TH_LOG("%s", bad[i]);
	}
	EXPECT_EQ(-EINVAL, kit_load(MODULE, "programs=helper"));
	/* The default: the helper alone, loaded and unloaded twice. */
	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(MODULE, ""));
		EXPECT_TEXT("/sys/module/kit_upcall/parameters/programs",
			    HELPER "\n");
		EXPECT_EQ(0, kit_unload(NAME));
		EXPECT_FALSE(kit_exists(KIT_UPCALL_DEVICE));
	}
}

KIT_TEST_MAIN
