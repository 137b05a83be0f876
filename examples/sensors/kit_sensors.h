/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_sensors.h - the interface of /dev/kit_sensors, shared by the
 * module and every program that reads it.
 *
 * A factory full of thermal cameras: nr_sensors sensors, each with a
 * temperature and a 32 x 24 image (the shape of an MLX90640 array),
 * rewritten by a kernel thread "rate" times a second.  A program reads
 * them in one of four ways:
 *
 *   KIT_SENSORS_IOC_GET    one sensor per ioctl (a syscall and a copy each)
 *   KIT_SENSORS_IOC_BATCH  a range of sensors per ioctl
 *   read(2)                the array of frames, whole frames only
 *   mmap(2)                the kernel's own buffer, read-only, no copy
 *
 * and poll(2) says when the producer has published a new tick.
 *
 * The mapping is laid out as a header page followed by the frames:
 *
 *   offset 0                   struct kit_sensors_header
 *   offset frames_offset       struct kit_sensor_frame [nr_sensors]
 *
 * read(2) sees the frames only: file offset 0 is frame 0.
 *
 * Fixed-width types, no pointers (a user address travels as a __u64),
 * no implicit padding: the layout is the same for 32- and 64-bit
 * programs, and the module never copies a hole to user space.
 */
#ifndef _UAPI_KIT_SENSORS_H
#define _UAPI_KIT_SENSORS_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_SENSORS_DEVICE	"/dev/kit_sensors"
#define KIT_SENSORS_MAGIC	0x4b53454e	/* "KSEN" */
#define KIT_SENSORS_VERSION	1

#define KIT_SENSORS_W		32
#define KIT_SENSORS_H		24
#define KIT_SENSORS_PIXELS	(KIT_SENSORS_W * KIT_SENSORS_H)

#define KIT_SENSORS_MIN		1	/* nr_sensors accepted at load */
#define KIT_SENSORS_MAX		65536
#define KIT_SENSORS_RATE_MAX	1000	/* ticks per second; 0 freezes */

/* Where frame 0 starts in the mapping: after one 4 KiB header page. */
#define KIT_SENSORS_FRAMES_OFFSET	4096

/*
 * One sensor.  64 bytes of header and 1536 of pixels: 1600 bytes, a
 * multiple of the 64-byte cache line, so that the producer writing one
 * frame never shares a line with a reader of the next.
 *
 * seq is the frame's sequence count: odd while the producer rewrites the
 * frame, even when it is stable.  A reader that sees the same even value
 * before and after reading the frame has read one whole update; any
 * other outcome means "read it again" (kit_sensors_read_begin() and
 * kit_sensors_read_retry() below).  Copies made by the kernel (ioctl,
 * read) follow the same rule and always hold an even seq.
 *
 * sum lets anyone who holds a copy check it: a frame pieced together
 * from two updates fails kit_sensors_frame_sum().
 */
struct kit_sensor_frame {
	__u32 seq;		/* even: stable; odd: being rewritten */
	__u32 id;		/* 0 .. nr_sensors - 1 */
	__u64 tick;		/* the producer tick that wrote this frame */
	__s32 temp_mc;		/* the sensor's own temperature, milli-degC */
	__u32 sum;		/* kit_sensors_frame_sum() of this frame */
	__u32 reserved[10];	/* 0 */
	__u16 pixels[KIT_SENSORS_H][KIT_SENSORS_W];	/* centikelvin */
};

/* The first bytes of the mapping. */
struct kit_sensors_header {
	__u32 magic;		/* KIT_SENSORS_MAGIC */
	__u32 version;		/* KIT_SENSORS_VERSION */
	__u32 nr_sensors;
	__u32 frame_size;	/* sizeof(struct kit_sensor_frame) */
	__u32 frames_offset;	/* KIT_SENSORS_FRAMES_OFFSET */
	__u32 seed;
	__u64 generation;	/* the last tick published (whole) */
};

/* KIT_SENSORS_IOC_INFO: what a reader needs to know. */
struct kit_sensors_info {
	__u32 nr_sensors;
	__u32 frame_size;
	__u32 frames_offset;
	__u32 rate;		/* ticks per second, 0 while frozen */
	__u64 map_size;		/* bytes mmap() accepts, from offset 0 */
	__u64 generation;	/* the last tick published */
	__u32 seed;
	__u32 reserved;		/* 0 */
};

/* KIT_SENSORS_IOC_GET: one sensor, the blog's one ioctl per reading. */
struct kit_sensors_get {
	__u32 id;		/* in: which sensor */
	__u32 reserved;		/* in: must be 0 */
	struct kit_sensor_frame frame;	/* out */
};

/* KIT_SENSORS_IOC_BATCH: sensors first .. first + count - 1. */
struct kit_sensors_batch {
	__u32 first;
	__u32 count;		/* at least 1 */
	__u64 frames;		/* user address of count frames */
};

/*
 * The type letter 'k' is the kit's (not registered in
 * Documentation/userspace-api/ioctl/ioctl-number.rst); the ioctl chapter
 * uses numbers 0x2x, this one 0x4x.  _IOR: the kernel writes the
 * structure; _IOW: it reads it; _IOWR: both.
 */
#define KIT_SENSORS_IOC_MAGIC	'k'
/* Also marks the current generation seen for poll() on this file. */
#define KIT_SENSORS_IOC_INFO	_IOR(KIT_SENSORS_IOC_MAGIC, 0x40, struct kit_sensors_info)
#define KIT_SENSORS_IOC_GET	_IOWR(KIT_SENSORS_IOC_MAGIC, 0x41, struct kit_sensors_get)
#define KIT_SENSORS_IOC_BATCH	_IOW(KIT_SENSORS_IOC_MAGIC, 0x42, struct kit_sensors_batch)

/*
 * A position-dependent checksum of everything in a frame but seq and sum
 * (two running sums, in the manner of Fletcher's): cheap, and two halves
 * of different updates do not add up to either.  Not a cryptographic
 * hash.  The module stores it, readers recompute it.
 */
static inline __u32 kit_sensors_frame_sum(const struct kit_sensor_frame *f)
{
	const __u16 *p = &f->pixels[0][0];
	__u32 a = f->id + (__u32)f->tick + (__u32)(f->tick >> 32);
	__u32 b = (__u32)f->temp_mc;
	unsigned int i;

	for (i = 0; i < KIT_SENSORS_PIXELS; i++) {
		a += p[i];
		b += a;
	}
	return a ^ (b << 16 | b >> 16);
}

#ifndef __KERNEL__
/*
 * The reader's half of the sequence protocol, for frames in the mapping.
 * The producer (kit_sensors_producer.c) does, for each frame:
 *
 *	WRITE_ONCE(f->seq, seq + 1);		odd: "I am writing"
 *	smp_wmb();				...before any data store
 *	write id, tick, temp_mc, pixels, sum;
 *	smp_store_release(&f->seq, seq + 2);	every data store before it
 *
 * The reader mirrors it:
 *
 *	seq = kit_sensors_read_begin(f);	acquire load, waits for even
 *	read what you need from *f;
 *	if (kit_sensors_read_retry(f, seq))	acquire fence, load again
 *		discard it and start over;
 *
 * The acquire load pairs with the producer's release store: having seen
 * an even seq, the reader sees all data written before it.  The acquire
 * fence keeps the data loads before the second load of seq, which pairs
 * with the producer's smp_wmb(): if any data load saw a store of a later
 * update, the second load sees that update's odd (or later) seq, and the
 * reader retries.  Nothing is written by the reader, so any number of
 * readers run in parallel, and the producer never waits for them.
 *
 * The data loads themselves race with the producer by design (plain
 * loads, as the kernel's own seqcount readers use); whatever they see of
 * a concurrent update is thrown away.  Strict ISO C would have them be
 * relaxed atomic loads (Boehm, "Can seqlocks get along with programming
 * language memory models?", 2012); compilers and CPUs give plain loads
 * followed by this fence the same meaning.
 */
static inline __u32 kit_sensors_read_begin(const struct kit_sensor_frame *f)
{
	__u32 seq;

	/* Odd: the producer is inside this frame, for microseconds. */
	while ((seq = __atomic_load_n(&f->seq, __ATOMIC_ACQUIRE)) & 1)
		;
	return seq;
}

static inline int kit_sensors_read_retry(const struct kit_sensor_frame *f,
					 __u32 seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&f->seq, __ATOMIC_RELAXED) != seq;
}

/* Copy one frame out of the mapping, never torn; returns the retries. */
static inline unsigned int
kit_sensors_copy_frame(struct kit_sensor_frame *dst,
		       const struct kit_sensor_frame *src)
{
	unsigned int retries = 0;
	__u32 seq;

	for (;;) {
		seq = kit_sensors_read_begin(src);
		__builtin_memcpy(dst, src, sizeof(*dst));
		if (!kit_sensors_read_retry(src, seq))
			return retries;
		retries++;
	}
}

/* The generation in the mapped header, with the same acquire ordering. */
static inline __u64
kit_sensors_generation(const struct kit_sensors_header *h)
{
	return __atomic_load_n(&h->generation, __ATOMIC_ACQUIRE);
}
#endif /* !__KERNEL__ */

#endif /* _UAPI_KIT_SENSORS_H */
