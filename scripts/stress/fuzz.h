/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz.h - what fuzz.c (files, devices, configfs) and fuzz_net.c (UDP
 * services, generic netlink families) share: the targets, the counters,
 * the random numbers and the reporting of violations.
 */
#ifndef KIT_FUZZ_H
#define KIT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LAST_MAX	4096	/* bytes of a file's content kept for rw */

enum mode { MODE_FUZZ, MODE_RW, MODE_READ };

struct target {
	char *path;		/* a path, udp:PORT or genl:NAME */
	char type;		/* 'f' file, 'c' device, 'd' configfs dir,
				 * 'u' UDP, 'g' generic netlink */
	int open_err;		/* what open() and read() gave before an rw run */
	int read_err;
	size_t last_len;	/* the last content read, for rw writers */
	char last[LAST_MAX];
};

/* One slot per worker in memory shared with the parent. */
struct stats {
	unsigned long ops, opens, opens_ok, reads, reads_ok, writes, writes_ok;
	unsigned long ioctls, ioctls_ok, mmaps, mmaps_ok, faults;
	unsigned long mkdirs, mkdirs_ok, datagrams, datagrams_ok;
	unsigned long genl, genl_replies, violations;
	unsigned long failing_ops;	/* run with their n-th fault failing */
	unsigned long failing_met;	/* of those, that met their n-th fault */
};

extern enum mode mode;
extern struct stats *st;	/* this worker's */
extern char *area;		/* an I/O buffer of area_size bytes */
extern size_t area_size;

uint64_t rnd(void);
uint64_t below(uint64_t n);
bool chance(unsigned int percent);
#define PICK(a)	((a)[below(sizeof(a) / sizeof((a)[0]))])
void __attribute__((format(printf, 1, 2))) violation(const char *fmt, ...);

/* fuzz_net.c */
void udp_op(const struct target *t);
void genl_op(const struct target *t);
void net_check(const struct target *t, unsigned long long seed);
void genl_families(void (*add)(void *ctx, const char *line), void *ctx);

#endif /* KIT_FUZZ_H */
