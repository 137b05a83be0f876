// SPDX-License-Identifier: GPL-2.0
/*
 * The checker of exercise 12: registrations on /dev/kit_ex12 and the
 * signals its events send.  Signals and values are drawn from the seed.
 */
#include <stdio.h>

#include "kit_test.h"
#include "../../ex_test.h"
#include "../solution/kit_ex12.h"

#define MODULE		"kit_ex12_signals.ko"
#define NAME		"kit_ex12_signals"
#define DEV		KIT_EX12_DEVICE

/* Given code: the device appears and goes with the module. */
TEST(device_appears_and_goes)
{
	ex_device_appears_and_goes(_metadata, MODULE, NAME, DEV);
}

FIXTURE(loaded) {
	int fd;
	int sig;
};

FIXTURE_SETUP(loaded)
{
	sigset_t all;

	/* Every real-time signal blocked: taken by sigtimedwait(), never fatal. */
	sigemptyset(&all);
	for (int s = KIT_EX12_SIG_FIRST; s <= KIT_EX12_SIG_LAST; s++)
		sigaddset(&all, s);
	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &all, NULL));
	self->sig = kit_random(34, KIT_EX12_SIG_LAST);
	self->fd = ex_load_and_open(_metadata, MODULE, "", DEV);
}

FIXTURE_TEARDOWN_PARENT(loaded)
{
	ex_unload(_metadata, NAME);
}

static int reg(int fd, pid_t pid, unsigned int signo)
{
	struct kit_ex12_reg r = { .pid = pid, .signo = signo };

	return kit_ioctl(fd, KIT_EX12_REGISTER, &r);
}

static ssize_t event(int value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d\n", value);
	return kit_put(DEV, buf);
}

/* T1: real-time signals are taken, every other refused. */
TEST_F(loaded, register_checks_the_signal)
{
	static const unsigned int bad[] = { 0, 1, 9, 15, 19, 31, 65, 1000, 0xffffffff };
	unsigned int good[] = { KIT_EX12_SIG_FIRST, KIT_EX12_SIG_LAST, self->sig };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int fd = open(DEV, O_RDWR);

		ASSERT_LE(0, fd);
		EXPECT_EQ(-EINVAL, reg(fd, 0, bad[i])) TH_LOG("signal %u", bad[i]);
		close(fd);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int fd = open(DEV, O_RDWR);

		ASSERT_LE(0, fd);
		EXPECT_EQ(0, reg(fd, 0, good[i])) TH_LOG("signal %u", good[i]);
		close(fd);
	}
}

/* T2: the value arrives; a reused number is not the registrant. */
TEST_F(loaded, value_arrives_and_pid_reuse_is_safe)
{
	int value = kit_random(1, 0x7fffffff) * (kit_random(0, 1) ? -1 : 1);
	siginfo_t si;
	pid_t child, again;
	int fd, status;

	ASSERT_EQ(0, reg(self->fd, 0, self->sig));
	ASSERT_LT(0, event(value));
	ASSERT_EQ(0, kit_take_signal(self->sig, 2000, &si));
	EXPECT_EQ(SI_QUEUE, si.si_code);
	EXPECT_EQ(value, si.si_value.sival_int);
	EXPECT_EQ(0, si.si_pid);

	/* A child registers itself on a file that stays open here, and exits. */
	fd = open(DEV, O_RDWR);
	ASSERT_LE(0, fd);
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(reg(fd, 0, self->sig) ? 1 : 0);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_EQ(0, status) TH_LOG("the child could not register");

	/* A newcomer gets the child's number. */
	again = kit_fork_as(child);
	ASSERT_LE(0, again);
	if (again == 0)
		_exit(kit_take_signal(self->sig, 1000, &si) == -EAGAIN ? 0 : 1);
	ASSERT_EQ(child, again) TH_LOG("the number was not reused");
	ASSERT_LT(0, event(value));
	ASSERT_EQ(again, waitpid(again, &status, 0));
	EXPECT_EQ(0, status) TH_LOG("the newcomer got the signal of the exited registrant");
	close(fd);
}

/*
 * T3: a registration ends with UNREGISTER or its file, and leaves nothing.
 * Its 200 forks take over the harness's default 30 s on the debug kernel
 * (the runner's own limit still applies).
 */
TEST_F_TIMEOUT(loaded, registrations_end_and_leave_nothing, 120)
{
	char want[64];
	long before, after = 0;
	int i, status;

	ASSERT_EQ(0, reg(self->fd, 0, self->sig));
	snprintf(want, sizeof(want), "pid %d signal %d\n", getpid(), self->sig);
	EXPECT_TEXT(DEV, want);
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX12_UNREGISTER, NULL));
	EXPECT_TEXT(DEV, "");
	EXPECT_EQ(-ENOENT, kit_ioctl(self->fd, KIT_EX12_UNREGISTER, NULL));
	ASSERT_EQ(0, reg(self->fd, 0, self->sig));	/* and again */
	ASSERT_EQ(0, kit_ioctl(self->fd, KIT_EX12_UNREGISTER, NULL));

	ASSERT_TRUE(kit_exists("/sys/kernel/slab/pid/objects"));
	before = kit_slab_objects("pid");
	for (i = 0; i < 200; i++) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			int fd = open(DEV, O_RDWR);

			_exit(fd < 0 || reg(fd, 0, self->sig) ? 1 : 0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, status);
	}
	EXPECT_TEXT(DEV, "");
	for (i = 0; i < 50; i++) {	/* a struct pid goes after an RCU grace period */
		after = kit_slab_objects("pid");
		if (after - before < 100)
			break;
		usleep(100000);
	}
	EXPECT_GT(100, after - before) TH_LOG("%ld struct pid more than before",
					      after - before);
}

/* As nobody: 0 if init and root's process were refused, its own taken. */
static int nobody_registers(pid_t root_pid)
{
	int fd;

	if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
		return 10;
	fd = open(DEV, O_RDWR);
	if (fd < 0)
		return 11;
	if (reg(fd, 1, 44) != -EPERM)
		return 12;
	if (reg(fd, root_pid, 44) != -EPERM)
		return 13;
	return reg(fd, getpid(), 44) ? 14 : 0;
}

/* T4: a process by its number, with kill(2)'s permission. */
TEST_F(loaded, register_another_process)
{
	pid_t pid, gone, me = getpid();
	int go[2], status;
	char want[64], c;

	EXPECT_EQ(-EINVAL, reg(self->fd, -1, self->sig));
	EXPECT_EQ(-EINVAL, reg(self->fd, -me, self->sig));
	EXPECT_EQ(-ESRCH, reg(self->fd, 0x3fffffff, self->sig));
	gone = fork();
	ASSERT_LE(0, gone);
	if (gone == 0)
		_exit(0);
	ASSERT_EQ(gone, waitpid(gone, &status, 0));
	EXPECT_EQ(-ESRCH, reg(self->fd, gone, self->sig));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(nobody_registers(me));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status) TH_LOG("nobody's registrations: step %d", WEXITSTATUS(status));

	/* Root may register nobody's process. */
	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(go[1]);
		if (setgid(KIT_NOBODY) || setuid(KIT_NOBODY))
			_exit(10);
		_exit(read(go[0], &c, 1) == 0 ? 0 : 1);
	}
	close(go[0]);
	EXPECT_EQ(0, reg(self->fd, pid, self->sig));
	snprintf(want, sizeof(want), "pid %d signal %d\n", pid, self->sig);
	EXPECT_TEXT(DEV, want);
	close(go[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
}

KIT_TEST_MAIN
