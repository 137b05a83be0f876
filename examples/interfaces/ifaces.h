/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ifaces.h - the interfaces the bench measures, each with the same small
 * jobs: read one small value, write one, move a block of 64 KiB where it
 * can.  The reader loads each one's module (found under the kit's
 * directory, /kit in the VM); its setup opens what its operations use
 * and adds them with add_op(); what it cannot do it says with
 * add_note().  The file interfaces are in files.h, the others here,
 * with the table of them all.
 *
 * The chapters that are not in every kit (netlink, signals, udp, upcall
 * came later) are compiled in when their header is there, and skipped
 * with "not in this kit" when their module is not.
 */
#ifndef IFACES_H
#define IFACES_H

#include <netinet/in.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "files.h"
#include "../../ioctl/kit_ioctl.h"
#include "../../mmap/kit_mmap.h"
#if __has_include("../../netlink/kit_netlink.h")
#include "../../netlink/kit_netlink.h"
#include "../../netlink/nl_wire.h"
#define HAVE_NETLINK 1
#endif
#if __has_include("../../signals/kit_signals.h")
#include "../../signals/kit_signals.h"
#define HAVE_SIGNALS 1
#endif
#if __has_include("../../upcall/kit_upcall.h")
#include "../../upcall/kit_upcall.h"
#define HAVE_UPCALL 1
#endif

#define MAX_OPS		64

/* --- ioctl ------------------------------------------------------------- */

static int ioctl_fd = -1;

static int ioctl_read(struct op *op)
{
	struct kit_temp t = { .sensor = 1 };

	(void)op;
	return ioctl(ioctl_fd, KIT_READ_TEMP, &t);
}

static int ioctl_write(struct op *op)
{
	struct kit_buf b = { .len = 2, .data = "42" };

	(void)op;
	return ioctl(ioctl_fd, KIT_WRITE_BUF, &b);
}

static int ioctl_setup(void)
{
	ioctl_fd = open(KIT_IOCTL_DEVICE, O_RDWR | O_CLOEXEC);
	if (ioctl_fd < 0)
		return -1;
	add_op("ioctl", "read", "ioctl", sizeof(struct kit_temp), ioctl_read, NULL);
	add_op("ioctl", "write", "ioctl", sizeof(struct kit_buf), ioctl_write, NULL);
	add_note("ioctl", "block",
		 "not here: the chapter's buffer is 256 B; a command's size field is 14 bits (16 KiB), more goes through a pointer (examples/sensors)");
	return 0;
}

/* --- mmap ------------------------------------------------------------- */

#define MMAP_DEV	"/dev/" KIT_MMAP_REMAP_NAME
#define MMAP_SIZE	(KIT_MMAP_PAGES * 4096)

static volatile uint32_t *mmap_map;

static int mmap_read(struct op *op)
{
	*(volatile uint32_t *)op->ctx = mmap_map[1];
	return 0;
}

static int mmap_write(struct op *op)
{
	(void)op;
	mmap_map[1] = 42;
	return 0;
}

static int mmap_block(struct op *op)
{
	(void)op;
	memcpy(iobuf, (const void *)mmap_map, MMAP_SIZE);
	return 0;
}

/* What a program run once does: open, map, read, unmap, close. */
static int mmap_open_read(struct op *op)
{
	int fd = open(MMAP_DEV, O_RDONLY | O_CLOEXEC);
	volatile uint32_t *map;

	if (fd < 0)
		return -1;
	map = mmap(NULL, MMAP_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	*(volatile uint32_t *)op->ctx = map[1];
	return munmap((void *)map, MMAP_SIZE);
}

static uint32_t mmap_sink;

static int mmap_setup(void)
{
	int fd = open(MMAP_DEV, O_RDWR | O_CLOEXEC);
	void *map;

	if (fd < 0)
		return -1;
	map = mmap(NULL, MMAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	mmap_map = map;
	add_op("mmap", "read", "mapped", 4, mmap_read, &mmap_sink);
	add_op("mmap", "read", "open+mmap", 4, mmap_open_read, &mmap_sink);
	add_op("mmap", "write", "mapped", 4, mmap_write, NULL);
	add_op("mmap", "block", "mapped", MMAP_SIZE, mmap_block, NULL);
	add_note("mmap", "block", "the chapter's buffer is 4 pages: the block row copies all 16 KiB");
	return 0;
}

/* --- netlink ---------------------------------------------------------- */

#ifdef HAVE_NETLINK
static int nl_fd = -1;
static uint16_t nl_family;

/* A request without an ack, and its one reply. */
static int nl_ask(int fd, uint16_t family, uint8_t cmd)
{
	struct nlw_msg m;
	int ret;

	nlw_start(&m, family, 0, cmd, KIT_NL_FAMILY_VERSION);
	if (cmd == KIT_NL_CMD_ECHO)
		nlw_put_str(&m, KIT_NL_ATTR_MSG, "42");
	ret = nlw_send(fd, &m);
	if (!ret)
		ret = nlw_recv(fd, iobuf, sizeof(iobuf));
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	if (((struct nlmsghdr *)iobuf)->nlmsg_type == NLMSG_ERROR) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static int nl_get(struct op *op)
{
	(void)op;
	return nl_ask(nl_fd, nl_family, KIT_NL_CMD_GET);
}

static int nl_echo(struct op *op)
{
	(void)op;
	return nl_ask(nl_fd, nl_family, KIT_NL_CMD_ECHO);
}

static int nl_set(struct op *op)
{
	struct nlw_msg m;
	struct nlw_ack ack;
	int ret;

	(void)op;
	nlw_start(&m, nl_family, 0, KIT_NL_CMD_SET, KIT_NL_FAMILY_VERSION);
	nlw_put_u32(&m, KIT_NL_ATTR_VALUE, 42);
	ret = nlw_call(nl_fd, &m, NULL, &ack);
	if (ret) {
		errno = -ret;
		return -1;
	}
	return 0;
}

/* What a program run once does: a socket, the family's id, the request. */
static int nl_open_get(struct op *op)
{
	int fd = nlw_open();
	uint16_t family;
	int ret;

	(void)op;
	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	ret = nlw_resolve(fd, KIT_NL_FAMILY_NAME, NULL, &family, NULL);
	if (ret) {
		close(fd);
		errno = -ret;
		return -1;
	}
	ret = nl_ask(fd, family, KIT_NL_CMD_GET);
	close(fd);
	return ret;
}

static int netlink_setup(void)
{
	int ret;

	nl_fd = nlw_open();
	if (nl_fd < 0) {
		errno = -nl_fd;
		return -1;
	}
	ret = nlw_resolve(nl_fd, KIT_NL_FAMILY_NAME, NULL, &nl_family, NULL);
	if (ret) {
		errno = -ret;
		return -1;
	}
	add_op("netlink", "read", "socket", 4, nl_get, NULL);
	add_op("netlink", "read", "open+resolve", 4, nl_open_get, NULL);
	add_op("netlink", "write", "socket+ack", 4, nl_set, NULL);
	add_op("netlink", "echo", "socket", 3, nl_echo, NULL);
	add_note("netlink", "block",
		 "not here: ECHO takes 63 B; a message is bounded by the socket buffer, a dump splits a large reply");
	return 0;
}
#define NETLINK_SETUP netlink_setup
#else
#define NETLINK_SETUP NULL
#endif

/* --- udp -------------------------------------------------------------- */

#define UDP_PORT	7007	/* kit_udp's default */
#define UDP_MAX		65507	/* the largest payload over IPv4 */

static int udp_fd = -1;

static int udp_echo(struct op *op)
{
	ssize_t n;

	if (send(udp_fd, iobuf, op->bytes, 0) != (ssize_t)op->bytes)
		return -1;
	n = recv(udp_fd, iobuf, sizeof(iobuf), 0);
	if (n != (ssize_t)op->bytes)
		return n < 0 ? -1 : (errno = EMSGSIZE, -1);
	return 0;
}

static int udp_setup(void)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(UDP_PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct timeval tv = { .tv_sec = 2 };

	udp_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (udp_fd < 0 ||
	    setsockopt(udp_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    connect(udp_fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	add_op("udp", "echo", "socket", 2, udp_echo, NULL);
	add_op("udp", "block", "socket", UDP_MAX, udp_echo, NULL);
	add_note("udp", "block", "a datagram carries 65507 B at most: the block row echoes that much");
	return 0;
}

/* --- signals ---------------------------------------------------------- */

#ifdef HAVE_SIGNALS
#define SIG_BENCH	40	/* a real-time signal that glibc leaves alone */

static int sig_fd = -1;

/* An event written to the device, and its signal taken. */
static int sig_event(struct op *op)
{
	siginfo_t si;
	sigset_t set;

	(void)op;
	sigemptyset(&set);
	sigaddset(&set, SIG_BENCH);
	if (write(sig_fd, "7", 1) != 1)
		return -1;
	if (sigwaitinfo(&set, &si) != SIG_BENCH)
		return -1;
	if (si.si_value.sival_int != 7) {
		errno = EBADMSG;
		return -1;
	}
	return 0;
}

static int signals_setup(void)
{
	struct kit_sig_reg reg = { .pid = 0, .signo = SIG_BENCH };
	sigset_t set;

	/* Blocked: the signal waits in the queue for sigwaitinfo(). */
	sigemptyset(&set);
	sigaddset(&set, SIG_BENCH);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	sig_fd = open(KIT_SIG_DEVICE, O_RDWR | O_CLOEXEC);
	if (sig_fd < 0 || ioctl(sig_fd, KIT_SIG_REGISTER, &reg))
		return -1;
	add_op("signals", "event", "write+sigwait", 4, sig_event, NULL);
	add_note("signals", "block", "cannot: a signal carries one int (si_value)");
	return 0;
}
#define SIGNALS_SETUP signals_setup
#else
#define SIGNALS_SETUP NULL
#endif

/* --- upcall ----------------------------------------------------------- */

#ifdef HAVE_UPCALL
static int upcall_fd = -1;

static int upcall_run(struct op *op)
{
	struct kit_upcall_run r = { .program = 0 };

	(void)op;
	if (ioctl(upcall_fd, KIT_UPCALL_RUN, &r))
		return -1;
	if (r.how != KIT_UPCALL_EXITED || r.code != 0) {
		errno = ECHILD;
		return -1;
	}
	return 0;
}

static int upcall_setup(void)
{
	upcall_fd = open(KIT_UPCALL_DEVICE, O_RDWR | O_CLOEXEC);
	if (upcall_fd < 0)
		return -1;
	add_op("upcall", "run", "ioctl", 0, upcall_run, NULL);
	add_note("upcall", "block", "cannot: the program gets 64 B of arguments and answers with its exit code");
	return 0;
}
#define UPCALL_SETUP upcall_setup
#else
#define UPCALL_SETUP NULL
#endif

/* --- the floor -------------------------------------------------------- */

static int floor_getppid(struct op *op)
{
	(void)op;
	return getppid() > 0 ? 0 : -1;
}

static int floor_setup(void)
{
	add_op("floor", "null", "getppid", 0, floor_getppid, NULL);
	return 0;
}

/*
 * The interfaces, in the table's order: the module (below the kit's
 * directory) and its parameters, and what sets the operations up.  A
 * NULL setup is a chapter this program was built without.
 */
static const struct iface {
	const char *name;
	const char *module;
	const char *params;
	int (*setup)(void);
} ifaces[] = {
	{ "floor", NULL, NULL, floor_setup },
	/* 4000 records of 29 bytes: more than the block. */
	{ "procfs", "procfs/kit_procfs.ko", "nr_records=4000", procfs_setup },
	{ "sysfs", "sysfs/kit_sysfs.ko", "", sysfs_setup },
	{ "configfs", "configfs/kit_configfs.ko", "", configfs_setup },
	{ "debugfs", "debugfs/kit_debugfs.ko", "", debugfs_setup },
	{ "sysctl", "sysctl/kit_sysctl.ko", "", sysctl_setup },
	{ "cdev", "cdev/kit_cdev.ko", "", cdev_setup },
	{ "ioctl", "ioctl/kit_ioctl.ko", "", ioctl_setup },
	{ "mmap", "mmap/kit_mmap.ko", "", mmap_setup },
	{ "netlink", "netlink/kit_netlink.ko", "", NETLINK_SETUP },
	{ "udp", "udp/kit_udp.ko", "", udp_setup },
	{ "signals", "signals/kit_signals.ko", "", SIGNALS_SETUP },
	/* programs= is set by the reader: the helper under the kit's dir. */
	{ "upcall", "upcall/kit_upcall.ko", NULL, UPCALL_SETUP },
};
#define NR_IFACES (sizeof(ifaces) / sizeof(ifaces[0]))

/* Close what the setups opened: the modules can be unloaded then. */
static void ifaces_close(void)
{
	struct file *files[] = { &procfs_msg, &procfs_rec, &sysfs_first, &configfs_celsius,
				 &debugfs_u32, &sysctl_value, &cdev_msg };
	int *descs[] = { &ioctl_fd, &udp_fd,
#ifdef HAVE_NETLINK
		       &nl_fd,
#endif
#ifdef HAVE_SIGNALS
		       &sig_fd,
#endif
#ifdef HAVE_UPCALL
		       &upcall_fd,
#endif
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (files[i]->rfd >= 0)
			close(files[i]->rfd);
		if (files[i]->wfd >= 0)
			close(files[i]->wfd);
		files[i]->rfd = files[i]->wfd = -1;
	}
	for (size_t i = 0; i < sizeof(descs) / sizeof(descs[0]); i++) {
		int fd = *descs[i];

		if (fd >= 0)
			close(fd);
		*descs[i] = -1;
	}
	if (mmap_map) {
		munmap((void *)mmap_map, MMAP_SIZE);
		mmap_map = NULL;
	}
	rmdir(CONFIGFS_ITEM);	/* fails harmlessly where there is none */
}

#endif /* IFACES_H */
