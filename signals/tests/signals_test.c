// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of kit_signals: registrations through /dev/kit_signals, events
 * written to it, and the signals that arrive (sigtimedwait, SA_SIGINFO).
 */

#include "kit_test.h"
#include "../kit_signals.h"

#define KO	KIT_DIR "signals/kit_signals.ko"
#define MOD	"kit_signals"
#define DEV	KIT_SIG_DEVICE
#define SIG	44	/* the howto's */

FIXTURE(loaded) {
	int fd;
};

FIXTURE_SETUP(loaded)
{
	sigset_t set;

	/* Blocked: the tests take it with sigtimedwait(); unblocked, its
	 * default action would kill them.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIG);
	sigaddset(&set, SIG + 1);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	ASSERT_EQ(0, kit_load(KO, ""));
	self->fd = open(DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(loaded)
{
	if (self->fd >= 0)
		close(self->fd);
	if (!kit_oopsed())
		EXPECT_EQ(0, kit_unload(MOD));
}

static int reg(int fd, pid_t pid, unsigned int signo)
{
	struct kit_sig_reg r = { .pid = pid, .signo = signo };

	return kit_ioctl(fd, KIT_SIG_REGISTER, &r);
}

/* An event: what write(2) returned, or -errno. */
static ssize_t fire(const char *text)
{
	return kit_put(DEV, text);
}

/* The device's status text, as cat shows it. */
static const char *regs_text(void)
{
	return kit_text(DEV);
}

TEST_F(loaded, value_arrives_by_sigwaitinfo)
{
	char want[128];
	siginfo_t si;

	ASSERT_EQ(0, reg(self->fd, 0, SIG));
	ASSERT_EQ(6, fire("12345\n"));
	ASSERT_EQ(0, kit_take_signal(SIG, 2000, &si));
	EXPECT_EQ(SIG, si.si_signo);
	EXPECT_EQ(SI_QUEUE, si.si_code);
	EXPECT_EQ(12345, si.si_value.sival_int);
	EXPECT_EQ(0, si.si_pid);	/* from the kernel, no process */
	EXPECT_EQ(0, si.si_uid);
	/* Real-time signals queue: three events, three signals, in order. */
	ASSERT_EQ(2, fire("-7"));
	ASSERT_EQ(4, fire("0x10"));
	ASSERT_EQ(10, fire("2147483647"));
	ASSERT_EQ(0, kit_take_signal(SIG, 2000, &si));
	EXPECT_EQ(-7, si.si_value.sival_int);
	ASSERT_EQ(0, kit_take_signal(SIG, 2000, &si));
	EXPECT_EQ(16, si.si_value.sival_int);
	ASSERT_EQ(0, kit_take_signal(SIG, 2000, &si));
	EXPECT_EQ(2147483647, si.si_value.sival_int);
	EXPECT_EQ(-EAGAIN, kit_take_signal(SIG, 0, &si));
	snprintf(want, sizeof(want), "pid %d signal %d sent 4 lost 0\n", getpid(), SIG);
	EXPECT_STREQ(want, regs_text());
}

static volatile sig_atomic_t got_value, got_code, got_signo;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	got_signo = sig;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
}

TEST_F(loaded, value_arrives_at_a_sa_siginfo_handler)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
	sigset_t unblocked;

	ASSERT_EQ(0, sigaction(SIG + 1, &sa, NULL));
	ASSERT_EQ(0, reg(self->fd, 0, SIG + 1));
	ASSERT_EQ(3, fire("99\n"));
	/* Pending while blocked; sigsuspend() lets it in and runs the handler. */
	sigprocmask(SIG_SETMASK, NULL, &unblocked);
	sigdelset(&unblocked, SIG + 1);
	EXPECT_EQ(-1, sigsuspend(&unblocked));
	EXPECT_EQ(SIG + 1, got_signo);
	EXPECT_EQ(SI_QUEUE, got_code);
	EXPECT_EQ(99, got_value);
}

/*
 * A child that registered itself (or was registered) and waits: exits 0
 * if sig came with value within 2 s, 1 if nothing came.
 */
static int wait_for(int sig, int value, int ms)
{
	siginfo_t si;

	if (kit_take_signal(sig, ms, &si))
		return 1;
	return si.si_code == SI_QUEUE && si.si_value.sival_int == value ? 0 : 2;
}

TEST_F(loaded, each_registrant_gets_its_signal)
{
	int ready[2], status, i;
	pid_t pids[2];
	char c;

	ASSERT_EQ(0, pipe(ready));
	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			/* its own open file; signals stay blocked after fork */
			int fd = open(DEV, O_RDWR);

			if (fd < 0 || reg(fd, 0, SIG + i))
				_exit(3);
			if (write(ready[1], "r", 1) != 1)
				_exit(4);
			_exit(wait_for(SIG + i, 500, 5000));
		}
	}
	for (i = 0; i < 2; i++)
		ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_EQ(3, fire("500"));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("child %d", i);
	}
	/* Their files are closed: their registrations are gone. */
	EXPECT_STREQ("", regs_text());
	close(ready[0]);
	close(ready[1]);
}

/*
 * The registration holds the child's struct pid.  The child exits and
 * a new process gets its very number (kit_fork_as()): the event must not
 * reach the newcomer, and the registration shows the registrant gone.
 */
TEST_F(loaded, exited_registrant_not_confused_with_pid_reuse)
{
	char want[128];
	int status;
	pid_t child, again;

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(0);
	ASSERT_EQ(0, reg(self->fd, child, SIG));	/* a zombie is alive */
	ASSERT_EQ(child, waitpid(child, &status, 0));
	snprintf(want, sizeof(want), "pid %d signal %d sent 0 lost 0 gone\n", child, SIG);
	EXPECT_STREQ(want, regs_text());

	/* A new process gets the number child had. */
	again = kit_fork_as(child);
	ASSERT_LE(0, again);
	if (again == 0)
		_exit(wait_for(SIG, 77, 1000));
	ASSERT_EQ(child, again) TH_LOG("the number was not reused");
	ASSERT_EQ(2, fire("77"));
	ASSERT_EQ(again, waitpid(again, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(1, WEXITSTATUS(status)) TH_LOG("the newcomer was signalled");
	snprintf(want, sizeof(want), "pid %d signal %d sent 0 lost 1 gone\n", child, SIG);
	EXPECT_STREQ(want, regs_text());
}

/*
 * Registrants that exit, 200 times: each registration's reference to a
 * struct pid must go with its file, or the "pid" slab keeps them all.
 */
TEST_F(loaded, exited_registrants_leave_no_reference)
{
	long before, after = 0;
	int i, status;

	ASSERT_TRUE(kit_exists("/sys/kernel/slab/pid/objects"));
	before = kit_slab_objects("pid");
	for (i = 0; i < 200; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			int fd = open(DEV, O_RDWR);

			_exit(fd < 0 || reg(fd, 0, SIG) ? 1 : 0);	/* no close */
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, status);
	}
	EXPECT_STREQ("", regs_text());
	/* struct pid is freed after an RCU grace period: give it time. */
	for (i = 0; i < 50; i++) {
		after = kit_slab_objects("pid");
		if (after - before < 100)
			break;
		usleep(100000);
	}
	EXPECT_GT(100, after - before) TH_LOG("pid objects: %ld before, %ld after",
					      before, after);
}

TEST_F(loaded, bad_registrations_refused)
{
	static const unsigned int bad_signals[] = { 0, 1, 9, 10, 19, 31, 65, 100, 0xffffffff };
	pid_t gone;
	int status;

	for (size_t i = 0; i < sizeof(bad_signals) / sizeof(bad_signals[0]); i++) {
		EXPECT_EQ(-EINVAL, reg(self->fd, 0, bad_signals[i]))
			TH_LOG("signal %u", bad_signals[i]);
	}
	EXPECT_EQ(-EINVAL, reg(self->fd, -1, SIG));
	EXPECT_EQ(-EINVAL, reg(self->fd, -getpid(), SIG));
	EXPECT_EQ(-ESRCH, reg(self->fd, 0x3fffffff, SIG));
	gone = fork();
	ASSERT_LE(0, gone);
	if (gone == 0)
		_exit(0);
	ASSERT_EQ(gone, waitpid(gone, &status, 0));
	EXPECT_EQ(-ESRCH, reg(self->fd, gone, SIG));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_SIG_REGISTER, NULL));
	EXPECT_EQ(-EFAULT, kit_ioctl(self->fd, KIT_SIG_REGISTER, kit_unmapped()));
	EXPECT_EQ(-ENOTTY, kit_ioctl(self->fd, _IO('k', 0x62), NULL));
	EXPECT_EQ(-ENOENT, kit_ioctl(self->fd, KIT_SIG_UNREGISTER, NULL));
	EXPECT_STREQ("", regs_text());

	/* One registration per open file. */
	ASSERT_EQ(0, reg(self->fd, 0, SIG));
	EXPECT_EQ(-EBUSY, reg(self->fd, 0, SIG + 1));
	EXPECT_EQ(0, kit_ioctl(self->fd, KIT_SIG_UNREGISTER, NULL));
	EXPECT_EQ(-ENOENT, kit_ioctl(self->fd, KIT_SIG_UNREGISTER, NULL));
	EXPECT_STREQ("", regs_text());
}

TEST_F(loaded, bad_events_refused)
{
	static char page[4097];
	char want[128], line[8];
	siginfo_t si;
	int fd;

	ASSERT_EQ(0, reg(self->fd, 0, SIG));
	EXPECT_EQ(-EINVAL, fire(""));
	EXPECT_EQ(-EINVAL, fire("abc"));
	EXPECT_EQ(-EINVAL, fire("12abc"));
	EXPECT_EQ(-EINVAL, fire(" 12"));
	EXPECT_EQ(-ERANGE, fire("2147483648"));
	EXPECT_EQ(-ERANGE, fire("-99999999999"));
	EXPECT_EQ(-EINVAL, kit_write_file(DEV, "1\0002", 3));
	memset(page, '1', sizeof(page) - 1);
	EXPECT_EQ(-EINVAL, fire(page));
	EXPECT_EQ(-EFAULT, kit_write_file(DEV, kit_unmapped(), 4));
	/* seq_open() makes the file refuse pwrite(2)... */
	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, pwrite(fd, "5", 1, 3));
	EXPECT_EQ(ESPIPE, errno);
	/* ...and the module a write(2) after a read moved the position. */
	ASSERT_EQ(sizeof(line), read(fd, line, sizeof(line)));
	EXPECT_EQ(-1, write(fd, "5", 1));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	/* Nothing was sent. */
	EXPECT_EQ(-EAGAIN, kit_take_signal(SIG, 0, &si));
	snprintf(want, sizeof(want), "pid %d signal %d sent 0 lost 0\n", getpid(), SIG);
	EXPECT_STREQ(want, regs_text());
}

/* As nobody: exit 0 if each refusal and the one success came as they should. */
static int nobody_tries(pid_t root_pid)
{
	int fd;

	if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
		return 10;
	fd = open(DEV, O_RDWR);
	if (fd < 0)
		return 11;
	if (reg(fd, 1, SIG) != -EPERM)			/* init */
		return 12;
	if (reg(fd, root_pid, SIG) != -EPERM)		/* the test */
		return 13;
	if (kit_put(DEV, "5") != -EPERM)		/* an event */
		return 14;
	if (reg(fd, 0, SIG))				/* itself: fine */
		return 15;
	return 0;
}

TEST_F(loaded, another_users_process_refused)
{
	pid_t pid, me = getpid();
	int status;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(nobody_tries(me));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_STREQ("", regs_text());
}

TEST_F(loaded, unregistered_gets_nothing)
{
	siginfo_t si;

	ASSERT_EQ(0, reg(self->fd, 0, SIG));
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_SIG_UNREGISTER, NULL));
	ASSERT_EQ(1, fire("1"));
	EXPECT_EQ(-EAGAIN, kit_take_signal(SIG, 200, &si));
	/* and may register again */
	ASSERT_EQ(0, reg(self->fd, 0, SIG));
	ASSERT_EQ(1, fire("2"));
	ASSERT_EQ(0, kit_take_signal(SIG, 2000, &si));
	EXPECT_EQ(2, si.si_value.sival_int);
}

TEST(unload_with_registrants)
{
	sigset_t set;
	siginfo_t si;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIG);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &set, NULL));
	ASSERT_EQ(0, kit_load(KO, ""));
	fd = open(DEV, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, reg(fd, 0, SIG));
	/* The registrant's open file holds the module. */
	EXPECT_EQ(-EAGAIN, kit_unload(MOD));
	ASSERT_EQ(1, fire("3"));
	ASSERT_EQ(0, kit_take_signal(SIG, 2000, &si));
	EXPECT_EQ(3, si.si_value.sival_int);
	close(fd);
	ASSERT_EQ(0, kit_unload(MOD));
	EXPECT_FALSE(kit_exists(DEV));
	/* Loaded again: no registration left from before. */
	ASSERT_EQ(0, kit_load(KO, ""));
	EXPECT_STREQ("", regs_text());
	EXPECT_EQ(0, kit_unload(MOD));
}

TEST_F(loaded, reader_runs)
{
	char out[4096];
	char *argv[] = { KIT_DIR "signals/reader", NULL };

	ASSERT_EQ(0, kit_run(KIT_ASIS, out, sizeof(out), argv)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "si_code SI_QUEUE, value 3")) TH_LOG("%s", out);
	/* As nobody it registers, and cannot send the events. */
	EXPECT_EQ(1, kit_run(KIT_NOBODY, out, sizeof(out), argv)) TH_LOG("%s", out);
	EXPECT_NE(NULL, strstr(out, "Operation not permitted")) TH_LOG("%s", out);
}

KIT_TEST_MAIN
