/* SPDX-License-Identifier: GPL-2.0 */
/*
 * files.h - the interfaces that are files holding a small value: procfs,
 * sysfs, configfs, debugfs, sysctl and the cdev.  The same operations
 * serve them all: read it kept open (pread) and opened each time (what
 * cat does), write it kept open and opened each time (what echo does).
 * Also what every interface's operations share: the buffer, add_op()
 * and add_note().
 */
#ifndef FILES_H
#define FILES_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "measure.h"
#include "../../sysctl/kit_sysctl.h"

#define BLOCK		(64 * 1024)
#define SMALL		64		/* what a small read asks for */
#define CONFIGFS_ITEM	"/sys/kernel/config/kit_configfs/bench"

/* The reader's table: an operation to measure, or a note instead. */
void add_op(const char *iface, const char *job, const char *way,
	    size_t bytes, int (*run)(struct op *), void *ctx);
void add_note(const char *iface, const char *job, const char *note);

static char iobuf[BLOCK];

/* --- files: procfs, sysfs, configfs, debugfs, sysctl, cdev ----------- */

/* A file of an interface, and the text a write puts in it. */
struct file {
	const char *path;
	const char *text;	/* what a write writes */
	const char *alt;	/* another value, to see a read follow it */
	size_t size;		/* what a read asks for */
	int rfd, wfd;		/* opened once, for pread and pwrite */
};

/* Read up to size bytes: with pread() from 0, or read() on a new file. */
static int read_full(int fd, size_t size, bool at)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = at ? pread(fd, iobuf + done, size - done, done)
			       : read(fd, iobuf + done, size - done);

		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += n;
	}
	/* A short file is an error for a block: it did not carry it. */
	if (size == BLOCK && done < size) {
		errno = EMSGSIZE;
		return -1;
	}
	return done ? 0 : (errno = ENODATA, -1);
}

static int file_pread(struct op *op)
{
	struct file *f = op->ctx;

	return read_full(f->rfd, f->size, true);
}

/* What cat does: open, read, close. */
static int file_open_read(struct op *op)
{
	struct file *f = op->ctx;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = read_full(fd, f->size, false);
	close(fd);
	return ret;
}

static int file_pwrite(struct op *op)
{
	struct file *f = op->ctx;
	size_t len = strlen(f->text);

	return pwrite(f->wfd, f->text, len, 0) == (ssize_t)len ? 0 : -1;
}

/*
 * seq_file refuses pwrite() (seq_open() clears FMODE_PWRITE): a program
 * that keeps such a file open goes back to its start, then writes.
 */
static int file_lseek_write(struct op *op)
{
	struct file *f = op->ctx;
	size_t len = strlen(f->text);

	if (lseek(f->wfd, 0, SEEK_SET))
		return -1;
	return write(f->wfd, f->text, len) == (ssize_t)len ? 0 : -1;
}

/* What echo does: open, write, close. */
static int file_open_write(struct op *op)
{
	struct file *f = op->ctx;
	size_t len = strlen(f->text);
	int fd = open(f->path, O_WRONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = write(fd, f->text, len) == (ssize_t)len ? 0 : -1;
	if (close(fd))
		ret = -1;
	return ret;
}

/* Not seekable (nonseekable_open()): each write() is taken whole. */
static int file_write(struct op *op)
{
	struct file *f = op->ctx;
	size_t len = strlen(f->text);

	return write(f->wfd, f->text, len) == (ssize_t)len ? 0 : -1;
}

/*
 * The operations on a file that reads and writes a small value: opened
 * once, and opened for each call (what cat and echo do).  What a file
 * kept open allows depends on the file: each is tried once here.
 */
static int add_file(const char *iface, struct file *f)
{
	size_t len = strlen(f->text);

	f->rfd = open(f->path, O_RDONLY | O_CLOEXEC);
	f->wfd = open(f->path, O_WRONLY | O_CLOEXEC);
	if (f->rfd < 0 || f->wfd < 0)
		return -1;
	if (pread(f->rfd, iobuf, f->size, 0) >= 0) {
		/* A pread() that does not see a new value is no way to read. */
		struct op write_text = { .ctx = f };
		struct op write_alt = { .ctx = &(struct file){ .path = f->path, .text = f->alt } };

		if (file_open_write(&write_text) || pread(f->rfd, iobuf, f->size, 0) < 0 ||
		    file_open_write(&write_alt) || pread(f->rfd, iobuf, f->size, 0) < 0)
			return -1;
		if (!strncmp(iobuf, f->alt, strlen(f->alt)))
			add_op(iface, "read", "pread", f->size, file_pread, f);
		else
			add_note(iface, "read", "no pread: the text is made once per open file (a pread shows the old value): a read is an open");
	} else if (errno == ESPIPE) {
		add_note(iface, "read", "no pread: the file is not seekable, and a second read() is its end: a read is an open");
	} else {
		return -1;
	}
	add_op(iface, "read", "open+read", f->size, file_open_read, f);
	if (pwrite(f->wfd, f->text, len, 0) >= 0)
		add_op(iface, "write", "pwrite", len, file_pwrite, f);
	else if (errno != ESPIPE)
		return -1;
	else if (lseek(f->wfd, 0, SEEK_SET) == 0)
		add_op(iface, "write", "lseek+write", len, file_lseek_write, f);
	else if (errno == ESPIPE)
		add_op(iface, "write", "write", len, file_write, f);
	else
		return -1;
	add_op(iface, "write", "open+write", len, file_open_write, f);
	return 0;
}

static struct file procfs_msg = { "/proc/kit_procfs/message", "42\n", "41\n", SMALL, -1, -1 };
static struct file procfs_rec = { "/proc/kit_procfs/records", NULL, NULL, BLOCK, -1, -1 };

static int procfs_setup(void)
{
	if (add_file("procfs", &procfs_msg))
		return -1;
	procfs_rec.rfd = open(procfs_rec.path, O_RDONLY | O_CLOEXEC);
	if (procfs_rec.rfd < 0)
		return -1;
	add_op("procfs", "block", "pread", BLOCK, file_pread, &procfs_rec);
	add_op("procfs", "block", "open+read", BLOCK, file_open_read, &procfs_rec);
	return 0;
}

static struct file sysfs_first = { "/sys/fs/kit_sysfs/first", "42\n", "41\n", SMALL, -1, -1 };

static int sysfs_setup(void)
{
	add_note("sysfs", "block",
		 "cannot: one value per file, a page (4 KiB) at most; a bin_attribute carries more, the chapter has none");
	return add_file("sysfs", &sysfs_first);
}

static struct file configfs_celsius = { CONFIGFS_ITEM "/celsius", "42\n", "41\n", SMALL, -1, -1 };

static int configfs_setup(void)
{
	if (mkdir(CONFIGFS_ITEM, 0755) && errno != EEXIST)
		return -1;
	add_note("configfs", "block",
		 "cannot: one value per attribute, a page (4 KiB) at most; a binary attribute carries more, the chapter has none");
	return add_file("configfs", &configfs_celsius);
}

static struct file debugfs_u32 = { "/sys/kernel/debug/kit_debugfs/u32", "42\n", "41\n", SMALL, -1, -1 };

static int debugfs_setup(void)
{
	add_note("debugfs", "block",
		 "not here: the chapter's files hold a u32, 200 B of text, a 16 B blob; debugfs_create_blob() takes any size");
	return add_file("debugfs", &debugfs_u32);
}

static struct file sysctl_value = { "/proc/sys/" KIT_SYSCTL_PATH "/value1", "15\n", "16\n", SMALL, -1, -1 };

static int sysctl_setup(void)
{
	add_note("sysctl", "block", "cannot: one value a file, as long as the table's maxlen (an int here)");
	return add_file("sysctl", &sysctl_value);
}

static struct file cdev_msg = { "/dev/kit_cdev", "42\n", "41\n", SMALL, -1, -1 };

static int cdev_setup(void)
{
	add_note("cdev", "block",
		 "not here: the chapter's device holds 1 KiB; a device's read() moves any size (examples/sensors)");
	return add_file("cdev", &cdev_msg);
}

#endif /* FILES_H */
