/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ex_test.h - what the exercises' checkers share beside lib/kit_test.h.
 *
 * A checker, NN-topic/tests/exNN_test.c, includes it as "../../ex_test.h".
 * Like kit_test.h it is needed only where make builds the checker, on
 * the host: the VM gets the static program, and the student's
 * submission is the module alone.
 */
#ifndef EX_TEST_H
#define EX_TEST_H

#include "kit_test.h"

/*
 * The teardown of a checker's "loaded" fixture, which every checker
 * declares with FIXTURE_TEARDOWN_PARENT: in the parent, it runs even
 * when an assertion ended the test.  After an oops the module stays:
 * its unload could wait for ever on what the killed task held, and the
 * VM is booted again anyway.
 */
static inline void ex_unload(struct __test_metadata *_metadata,
			     const char *name)
{
	if (kit_oopsed())
		return;
	EXPECT_EQ(0, kit_unload(name));
}

/*
 * Load a device's module with params, which come from the seed and are
 * logged, and open its node for reading and writing: the descriptor.
 */
static inline int ex_load_and_open(struct __test_metadata *_metadata,
				   const char *module, const char *params,
				   const char *dev)
{
	int fd;

	TH_LOG("loading with %s", params);
	ASSERT_EQ(0, kit_load(module, params));
	fd = open(dev, O_RDWR);
	ASSERT_LE(0, fd);
	return fd;
}

/*
 * After the unload, the device number the module had must reach
 * nothing: a node made for it with mknod(2) fails to open with err.
 * The kernel gives ENXIO for a number of a region (no cdev is mapped
 * there any more) and ENODEV for a misc minor (no misc device has it).
 * A cdev left in the kernel's map would be found and opened, with the
 * module gone.
 */
static inline void ex_old_number_reaches_nothing(struct __test_metadata *_metadata,
						 dev_t rdev, int err)
{
	static const char node[] = "/tmp/ex-old-number";
	int fd;

	unlink(node);
	ASSERT_EQ(0, mknod(node, S_IFCHR | 0600, rdev));
	fd = open(node, O_RDWR);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(err, errno);
	if (fd >= 0)
		close(fd);
	unlink(node);
}

/*
 * The given code of a device exercise: the module loads, its character
 * device appears in devtmpfs, and both go with the unload, its misc
 * minor too; twice, so that the first unload is seen to leave nothing
 * behind.
 */
static inline void ex_device_appears_and_goes(struct __test_metadata *_metadata,
					       const char *module,
					       const char *name,
					       const char *dev)
{
	struct stat st;

	for (int round = 0; round < 2; round++) {
		ASSERT_EQ(0, kit_load(module, ""));
		EXPECT_EQ(0, stat(dev, &st));
		EXPECT_TRUE(S_ISCHR(st.st_mode));
		ASSERT_EQ(0, kit_unload(name));
		EXPECT_FALSE(kit_exists(dev));
		ex_old_number_reaches_nothing(_metadata, st.st_rdev, ENODEV);
	}
}

#endif /* EX_TEST_H */
