/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kit_sensors_priv.h - what the two halves of the kit_sensors module
 * share: kit_sensors_main.c (the device and its interfaces) and
 * kit_sensors_producer.c (the simulated sensors and the thread that
 * updates them).  Not seen by user space: that is kit_sensors.h.
 */
#ifndef KIT_SENSORS_PRIV_H
#define KIT_SENSORS_PRIV_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "kit_sensors.h"

#define KIT_FRAME_SIZE	sizeof(struct kit_sensor_frame)

/*
 * The tick count is a u64 published with smp_store_release(), which
 * needs a native 64-bit word: the module is for 64-bit kernels.
 */
struct kit_sensors {
	/* Set in init, constant afterwards. */
	void *area;			/* vmalloc_user(): the mapping */
	size_t map_size;		/* page-aligned size of area */
	struct kit_sensors_header *hdr;	/* area */
	struct kit_sensor_frame *frames;	/* area + frames_offset */
	u32 nr;
	u32 seed;

	/*
	 * A tick and a rate change exclude each other, so that once a
	 * write of 0 to "rate" returns, no frame changes any more.
	 */
	struct mutex tick_lock;
	unsigned int rate;		/* written under tick_lock */
	struct task_struct *producer;
	wait_queue_head_t producer_wq;	/* the rate changed, or stop */
	wait_queue_head_t readers_wq;	/* poll(): a tick was published */

	/* For /proc/kit_sensors; written by the producer, read racily. */
	u64 tick_ns;			/* how long the last tick took */
	u32 warmest_id;			/* the warmest sensor of that tick */
	s32 warmest_mc;			/* its own temperature */
	atomic_t open_files;
	atomic_t mappings;
};

void kit_produce(struct kit_sensors *ks, u64 tick);
int kit_producer_start(struct kit_sensors *ks);
void kit_producer_stop(struct kit_sensors *ks);
int kit_set_rate(struct kit_sensors *ks, unsigned int rate);

#endif /* KIT_SENSORS_PRIV_H */
