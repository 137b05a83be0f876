/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kit_ex09.h - the fast path of a sensor array: what the module and user
 * space agree on.  Handed out with the exercise and put back when a
 * submission is graded: it is the contract, do not change it.
 *
 * mmap(2) of /dev/kit_ex09 maps, read-only, one frame slot of
 * KIT_EX09_FRAME_SIZE bytes per sensor: sensor i's frame is at
 * i * KIT_EX09_FRAME_SIZE.  The module updates a frame in place:
 *
 *   seq++ (odd: being written); write barrier; the frame's fields;
 *   write barrier; seq++ (even: stable again)
 *
 * so a reader that saw the same even seq before and after its copy has
 * a whole frame (kit_ex09_read_frame() below), without a system call.
 */
#ifndef KIT_EX09_H
#define KIT_EX09_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define KIT_EX09_WIDTH		16
#define KIT_EX09_HEIGHT		12
#define KIT_EX09_FRAME_SIZE	512
#define KIT_EX09_SENSORS_MAX	64

struct kit_ex09_frame {
	__u32 seq;		/* odd while the module writes the frame */
	__u32 sensor;		/* the sensor's index */
	__u64 count;		/* the frames the sensor made since the load */
	__s32 temp;		/* millidegrees Celsius */
	__u32 reserved;		/* 0 */
	__u16 pixels[KIT_EX09_HEIGHT][KIT_EX09_WIDTH];	/* the image, centikelvin */
};

struct kit_ex09_tick {
	__u32 sensor;
	__u32 frames;		/* how many new frames the sensor makes */
};

#define KIT_EX09_MAGIC		0xB9
/* The sensor makes new frames, each written with the protocol above. */
#define KIT_EX09_TICK		_IOW(KIT_EX09_MAGIC, 1, struct kit_ex09_tick)
/* The first half of a new frame of a sensor: seq odd, fields not yet. */
#define KIT_EX09_BEGIN		_IOW(KIT_EX09_MAGIC, 2, __u32)
/* The second half: the fields, then seq even. */
#define KIT_EX09_END		_IOW(KIT_EX09_MAGIC, 3, __u32)
/* The slow path: a copy of the frame of sensor .sensor, under the lock. */
#define KIT_EX09_READ_FRAME	_IOWR(KIT_EX09_MAGIC, 4, struct kit_ex09_frame)

/* What sensor makes as its frame number count, from the module's seed. */
static inline __s32 kit_ex09_temp(__u32 seed, __u32 sensor, __u64 count)
{
	__u32 x = seed ^ (sensor * 0x9e3779b9u) ^ (__u32)(count * 0x85ebca6bu);

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return (__s32)(x % 60000) - 20000;
}

static inline __u16 kit_ex09_pixel(__s32 temp, __u64 count, int y, int x)
{
	return (__u16)(temp / 10 + 27315 + 3 * (y * KIT_EX09_WIDTH + x) + count);
}

#ifndef __KERNEL__
#include <errno.h>
#include <string.h>

/*
 * The reader's side of the protocol: copy a whole frame out of the
 * mapping.  0, or -EAGAIN when the frame was being written at each of
 * tries attempts.
 */
static inline int kit_ex09_read_frame(const struct kit_ex09_frame *shared,
				      struct kit_ex09_frame *out, int tries)
{
	while (tries-- > 0) {
		__u32 seq = __atomic_load_n(&shared->seq, __ATOMIC_ACQUIRE);

		if (seq & 1)
			continue;
		memcpy(out, shared, sizeof(*out));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&shared->seq, __ATOMIC_RELAXED) == seq) {
			out->seq = seq;
			return 0;
		}
	}
	return -EAGAIN;
}
#endif

#endif /* KIT_EX09_H */
