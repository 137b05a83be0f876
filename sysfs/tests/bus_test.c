// SPDX-License-Identifier: GPL-2.0
/*
 * kit_sysfs_bus's tests: the bus attribute and the class device's
 * attributes, the uevents, bad input, another user, concurrency, and
 * unload then reload.
 */
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "kit_test.h"

#define MODULE		KIT_DIR "sysfs/kit_sysfs_bus.ko"
#define BUS		"/sys/bus/kit_pseudo/"
#define VALUE		BUS "value"
#define CLASS		"/sys/class/kit_sysfs/"
#define DEVPATH		"/devices/virtual/kit_sysfs/sensor0"
#define DEV		"/sys" DEVPATH "/"
#define THRESHOLD	DEV "threshold"
#define ENABLED		DEV "enabled"
#define BIG		8192

FIXTURE(bus) {
	char buf[BIG];
};

FIXTURE_SETUP(bus)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
}

FIXTURE_TEARDOWN(bus)
{
	EXPECT_EQ(0, kit_unload("kit_sysfs_bus"));
}

/* For tests that load the module themselves: unload it if it is there. */
FIXTURE(bus_load) {
};

FIXTURE_SETUP(bus_load)
{
}

FIXTURE_TEARDOWN(bus_load)
{
	int ret = kit_unload("kit_sysfs_bus");

	EXPECT_TRUE(ret == 0 || ret == -ENOENT);
}

TEST_F(bus, bus_class_and_device_appear_in_their_places)
{
	char link[256];
	ssize_t n;

	/* The bus with the driver core's own files beside ours. */
	EXPECT_TRUE(kit_exists(BUS "devices"));
	EXPECT_TRUE(kit_exists(BUS "drivers"));
	EXPECT_TRUE(kit_exists(BUS "drivers_autoprobe"));
	EXPECT_EQ(0644, kit_mode(VALUE));
	EXPECT_TEXT(VALUE, "0\n");

	/* /sys/class/kit_sysfs/sensor0 is a link to the device itself. */
	n = readlink(CLASS "sensor0", link, sizeof(link) - 1);
	ASSERT_LT(0, n);
	link[n] = '\0';
	EXPECT_NE(NULL, strstr(link, DEVPATH)) TH_LOG("%s", link);
	EXPECT_EQ(0644, kit_mode(THRESHOLD));
	EXPECT_EQ(0644, kit_mode(ENABLED));
	EXPECT_TEXT(THRESHOLD, "25\n");
	EXPECT_TEXT(ENABLED, "1\n");
	/* No dev_t, so no "dev" file and no /dev node. */
	EXPECT_FALSE(kit_exists(DEV "dev"));
	EXPECT_TRUE(kit_exists(DEV "uevent"));
}

TEST_F(bus, bus_value_round_trip_and_bad_writes)
{
	const char *bad[] = {
		"", "\n", "seven\n", "1 2\n", "2147483648\n", "-2147483649\n",
		"0x10\n",
	};

	ASSERT_EQ(12, kit_put(VALUE, "-2147483648\n"));
	EXPECT_TEXT(VALUE, "-2147483648\n");
	ASSERT_EQ(3, kit_put(VALUE, "17\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* An empty write is 0 bytes written, not an error. */
		EXPECT_EQ(bad[i][0] ? -EINVAL : 0, kit_put(VALUE, bad[i]))
			TH_LOG("writing '%s'", bad[i]);
		EXPECT_TEXT(VALUE, "17\n");
	}
	EXPECT_EQ(-EINVAL, kit_write_file(VALUE, "5\0junk", 6));
	memset(self->buf, '9', sizeof(self->buf));
	EXPECT_EQ(-EINVAL, kit_write_file(VALUE, self->buf, 5000));
	EXPECT_TEXT(VALUE, "17\n");
}

TEST_F(bus, threshold_is_bounded)
{
	const struct { const char *what; const char *data; size_t len; } bad[] = {
		{ "below the range", "-41\n", 4 },
		{ "above the range", "126\n", 4 },
		{ "only a newline", "\n", 1 },
		{ "non-numeric", "warm\n", 5 },
		{ "a unit", "30C\n", 4 },
		{ "a fraction", "30.5\n", 5 },
		{ "embedded NUL", "30\0" "9", 4 },
		{ "overflow", "4294967326\n", 11 },
		{ "beyond a page", self->buf, 5000 },
	};

	memset(self->buf, '3', sizeof(self->buf));
	EXPECT_EQ(4, kit_put(THRESHOLD, "-40\n"));
	EXPECT_TEXT(THRESHOLD, "-40\n");
	EXPECT_EQ(3, kit_put(THRESHOLD, "125"));
	EXPECT_TEXT(THRESHOLD, "125\n");
	ASSERT_EQ(3, kit_put(THRESHOLD, "30\n"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, kit_write_file(THRESHOLD, bad[i].data,
						  bad[i].len))
			TH_LOG("writing %s", bad[i].what);
		EXPECT_TEXT(THRESHOLD, "30\n");
	}
	EXPECT_TEXT(ENABLED, "1\n");
}

/* kstrtobool(): 1/y/on are true, 0/n/off false, and nothing else. */
TEST_F(bus, enabled_takes_the_kernels_booleans)
{
	const struct { const char *text; const char *shows; } good[] = {
		{ "0\n", "0\n" }, { "1\n", "1\n" }, { "n\n", "0\n" },
		{ "Y\n", "1\n" }, { "off\n", "0\n" }, { "on\n", "1\n" },
	};
	const char *bad[] = { "\n", "2\n", "maybe\n", "o\n", "-1\n" };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		EXPECT_EQ((ssize_t)strlen(good[i].text),
			  kit_put(ENABLED, good[i].text))
			TH_LOG("%s", good[i].text);
		EXPECT_TEXT(ENABLED, good[i].shows);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, kit_put(ENABLED, bad[i]))
			TH_LOG("%s", bad[i]);
		EXPECT_TEXT(ENABLED, "1\n");
	}
	EXPECT_EQ(-EINVAL, kit_write_file(ENABLED, "0\0", 2));
	EXPECT_TEXT(ENABLED, "1\n");
}

TEST_F(bus, bad_user_pointer_gives_efault)
{
	const char *files[] = { VALUE, THRESHOLD };

	for (size_t i = 0; i < 2; i++) {
		int fd = open(files[i], O_WRONLY);

		ASSERT_LE(0, fd);
		EXPECT_EQ(-1, write(fd, kit_unmapped(), 4));
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(-1, syscall(SYS_write, fd, NULL, 4));
		EXPECT_EQ(EFAULT, errno);
		close(fd);
	}
	EXPECT_TEXT(VALUE, "0\n");
	EXPECT_TEXT(THRESHOLD, "25\n");
}

TEST_F(bus, non_root_reads_but_cannot_write)
{
	const char *files[] = { VALUE, THRESHOLD, ENABLED };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		EXPECT_EQ(0, kit_open_as(KIT_NOBODY, files[i], O_RDONLY))
			TH_LOG("%s", files[i]);
		EXPECT_EQ(-EACCES, kit_open_as(KIT_NOBODY, files[i], O_WRONLY))
			TH_LOG("%s", files[i]);
	}
}

TEST_F(bus, concurrent_readers_and_writers)
{
	pid_t pids[4];

	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i])
			continue;
		for (int n = 0; kit_another_round(n, 2000); n++) {
			char buf[64];

			if (i < 2) {
				const char *t = (n + i) % 2 ? "-40\n" : "100\n";
				const char *e = (n + i) % 2 ? "0\n" : "1\n";

				if (kit_put(THRESHOLD, t) != (ssize_t)strlen(t) ||
				    kit_put(ENABLED, e) != 2)
					_exit(1);
			} else if (kit_read_file(THRESHOLD, buf, sizeof(buf)) < 0 ||
				   (strcmp(buf, "25\n") && strcmp(buf, "-40\n") &&
				    strcmp(buf, "100\n")) ||
				   kit_read_file(ENABLED, buf, sizeof(buf)) < 0 ||
				   (strcmp(buf, "0\n") && strcmp(buf, "1\n"))) {
				_exit(2);
			}
		}
		_exit(0);
	}
	EXPECT_EQ(0, kit_children_failed(pids, 4));
}

/* A socket that receives the kernel's uevents, as udev's does. */
static int uevent_socket(void)
{
	struct sockaddr_nl sa = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,
	};
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
			NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * Find "ACTION@DEVPATH" among the uevents already queued (the kernel
 * queues them before the syscall that caused them returns) and check
 * its SUBSYSTEM; while handling the "add", check the attributes exist.
 */
static int find_uevent(int fd, const char *action, const char *devpath,
		       const char *subsystem, int check_files)
{
	char msg[4096], head[256], sub[64];
	ssize_t n;

	snprintf(head, sizeof(head), "%s@%s", action, devpath);
	snprintf(sub, sizeof(sub), "SUBSYSTEM=%s", subsystem);
	while ((n = recv(fd, msg, sizeof(msg) - 1, MSG_DONTWAIT)) > 0) {
		int has_sub = 0;

		msg[n] = '\0';
		if (strcmp(msg, head))
			continue;
		/* NUL-separated KEY=value pairs follow the header. */
		for (char *p = msg; p < msg + n; p += strlen(p) + 1)
			has_sub |= !strcmp(p, sub);
		if (!has_sub)
			return 0;
		return !check_files ||
			(kit_exists(THRESHOLD) && kit_exists(ENABLED));
	}
	return 0;
}

TEST_F(bus_load, uevents_announce_the_bus_and_the_device)
{
	int fd = uevent_socket();

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TRUE(find_uevent(fd, "add", "/bus/kit_pseudo", "bus", 0));
	EXPECT_TRUE(find_uevent(fd, "add", DEVPATH, "kit_sysfs", 1));
	ASSERT_EQ(0, kit_unload("kit_sysfs_bus"));
	EXPECT_TRUE(find_uevent(fd, "remove", DEVPATH, "kit_sysfs", 0));
	EXPECT_TRUE(find_uevent(fd, "remove", "/bus/kit_pseudo", "bus", 0));
	close(fd);
}

TEST_F(bus, unload_removes_everything_and_reload_starts_afresh)
{
	int fd;
	char c;

	ASSERT_EQ(3, kit_put(THRESHOLD, "99\n"));
	ASSERT_EQ(2, kit_put(VALUE, "5\n"));
	fd = open(THRESHOLD, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, kit_unload("kit_sysfs_bus"));
	EXPECT_FALSE(kit_exists(BUS));
	EXPECT_FALSE(kit_exists(CLASS));
	EXPECT_FALSE(kit_exists(DEV));
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(ENODEV, errno);
	close(fd);

	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_TEXT(THRESHOLD, "25\n");
	EXPECT_TEXT(VALUE, "0\n");
}

TEST_F(bus_load, module_loads_only_once)
{
	ASSERT_EQ(0, kit_load(MODULE, ""));
	EXPECT_EQ(-EEXIST, kit_load(MODULE, ""));
	EXPECT_TRUE(kit_exists(THRESHOLD));
	EXPECT_EQ(0, kit_unload("kit_sysfs_bus"));
	EXPECT_EQ(-ENOENT, kit_unload("kit_sysfs_bus"));
}

KIT_TEST_MAIN
