// SPDX-License-Identifier: GPL-2.0
/*
 * reader - register with /dev/kit_signals and print the signals the
 * kernel sends, with their si_code and value.
 *
 * With no option: register this process for signal 44 (the howto's),
 * send three events (as root: writing one needs CAP_KILL), take the
 * three signals with sigwaitinfo(), show the registrations, and end
 * the registration by closing the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "kit_signals.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [-s SIGNAL] [-p PID] [-w N] [-e VALUE]\n"
		"Register with %s and print the signals it sends (load kit_signals.ko first).\n"
		"With no option: register, send the events 1, 2, 3 (needs CAP_KILL), take them.\n"
		"  -s, --signal N   the signal, %d to %d (default 44)\n"
		"  -p, --pid PID    register PID instead of this process\n"
		"  -w, --wait N     register, then print the next N signals\n"
		"  -e, --event V    only send the event V to every registrant\n"
		"  -h, --help       this text\n",
		KIT_SIG_DEVICE, KIT_SIG_FIRST, KIT_SIG_LAST);
}

static const char *code_name(int code)
{
	switch (code) {
	case SI_QUEUE:
		return "SI_QUEUE";
	case SI_USER:
		return "SI_USER";
	case SI_KERNEL:
		return "SI_KERNEL";
	default:
		return "another";
	}
}

/* One event: a number written to the device. */
static int send_event(const char *value)
{
	int fd = open(KIT_SIG_DEVICE, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", KIT_SIG_DEVICE, strerror(errno));
		return 1;
	}
	n = write(fd, value, strlen(value));
	if (n < 0)
		fprintf(stderr, "reader: event %s: %s\n", value, strerror(errno));
	close(fd);
	return n < 0;
}

/* Take one signal of set (30 s at most) and print it. */
static int take(const sigset_t *set)
{
	struct timespec ts = { 30, 0 };
	siginfo_t si;

	if (sigtimedwait(set, &si, &ts) < 0) {
		fprintf(stderr, "reader: no signal: %s\n", strerror(errno));
		return 1;
	}
	printf("signal %d, si_code %s, value %d, si_pid %d\n", si.si_signo,
	       code_name(si.si_code), si.si_value.sival_int, si.si_pid);
	return 0;
}

static void show_registrations(void)
{
	char buf[4096];
	int fd = open(KIT_SIG_DEVICE, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (n >= 0) {
		buf[n] = '\0';
		printf("registrations (%s):\n%s", KIT_SIG_DEVICE, buf);
	}
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "signal", required_argument, NULL, 's' },
		{ "pid", required_argument, NULL, 'p' },
		{ "wait", required_argument, NULL, 'w' },
		{ "event", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kit_sig_reg reg = { .pid = 0, .signo = 44 };
	const char *event = NULL;
	int c, fd, wait = -1, failed = 0;
	sigset_t set;

	while ((c = getopt_long(argc, argv, "s:p:w:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			reg.signo = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			reg.pid = atoi(optarg);
			break;
		case 'w':
			wait = atoi(optarg);
			break;
		case 'e':
			event = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	if (event)
		return send_event(event);

	/*
	 * Blocked before registering: an unblocked real-time signal with
	 * no handler would kill us.  sigtimedwait() takes it from the queue.
	 */
	sigemptyset(&set);
	sigaddset(&set, reg.signo);
	if (reg.signo >= KIT_SIG_FIRST && reg.signo <= KIT_SIG_LAST)
		sigprocmask(SIG_BLOCK, &set, NULL);
	fd = open(KIT_SIG_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s (is kit_signals loaded?)\n",
			KIT_SIG_DEVICE, strerror(errno));
		return 1;
	}
	if (ioctl(fd, KIT_SIG_REGISTER, &reg)) {
		fprintf(stderr, "reader: KIT_SIG_REGISTER pid %d signal %u: %s\n",
			reg.pid, reg.signo, strerror(errno));
		return 1;
	}
	printf("registered %s %d for signal %u\n", reg.pid ? "pid" : "this process",
	       reg.pid ? reg.pid : getpid(), reg.signo);
	show_registrations();
	if (wait >= 0) {
		for (int i = 0; i < wait && !failed; i++)
			failed = take(&set);
	} else if (!reg.pid) {
		for (int i = 1; i <= 3 && !failed; i++) {
			char value[16];

			snprintf(value, sizeof(value), "%d", i);
			printf("event %s\n", value);
			failed = send_event(value) || take(&set);
		}
		show_registrations();
	}
	close(fd);	/* the registration ends with the file */
	return failed;
}
