// SPDX-License-Identifier: GPL-2.0
/*
 * kit_sensors_producer.c - the simulated sensors and the kernel thread
 * that updates them: the writer's half of the frames' sequence protocol.
 *
 * Why a kthread: a tick rewrites every frame (6 MiB for 4096 sensors),
 * milliseconds of work.  An hrtimer callback runs in hard-interrupt
 * context and must not run that long; a delayed work item would occupy
 * a shared workqueue worker for as long and is tied to jiffies (4 ms at
 * HZ=250).  A thread of its own sleeps on an hrtimer until the next tick
 * is due, may be rescheduled between frames, is woken at once when the
 * rate changes, and kthread_stop() ends it cleanly at unload.
 */
#include <linux/hrtimer.h>
#include <linux/jhash.h>
#include <linux/kthread.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/poll.h>
#include <linux/prandom.h>
#include <linux/preempt.h>
#include <linux/timekeeping.h>

#include "kit_sensors_priv.h"

/* A triangle wave: -amp at phase 0, +amp half a period later. */
static s32 kit_triangle(u64 t, u32 period, s32 amp)
{
	u32 phase, v;

	div_u64_rem(t, period, &phase);
	v = 2 * phase < period ? 2 * phase : 2 * (period - phase);
	return div_s64((s64)amp * (2 * (s32)v - (s32)period), period);
}

/*
 * What sensor id sees at a tick: a pure function of (seed, id, tick), so
 * that a run can be reproduced and any frame recomputed.  Each sensor
 * watches a machine: a warm body on a background at the sensor's own
 * temperature (warmer near the ceiling, drifting slowly), and on it a
 * hot spot that wanders, heats up and cools down; a little noise on
 * every pixel.  Integers only: no FPU in the kernel.  Pixels are in
 * centikelvin: 29315 is 20 degC.
 */
static void kit_simulate(struct kit_sensor_frame *f, u32 seed, u32 id,
			 u64 tick)
{
	/* What does not change: where the sensor is, what it watches. */
	u32 h1 = jhash_3words(id, 1, 0, seed);
	u32 h2 = jhash_3words(id, 2, 0, seed);
	u32 period = 64 + (h1 >> 8) % 192;		/* ticks */
	s32 ambient_mc = 18000 + h1 % 14000;		/* 18 to 32 degC */
	s32 body_ck = 400 + (h2 >> 4) % 1200;		/* 4 to 16 K more */
	s32 spot_ck = 1000 + h2 % 6000;			/* 10 to 70 K more */
	s32 r16 = (4 + (h1 >> 20) % 6) * 16;		/* 4 to 9 pixels */
	s32 mx = 9 + (h2 >> 8) % 14, my = 7 + (h2 >> 16) % 10;
	s32 mw = 5 + (h1 >> 26) % 5, mh = 3 + (h2 >> 28) % 4;
	s32 cx16 = mx * 16 + 8, cy16 = my * 16 + 8;	/* 1/16 pixels */
	struct rnd_state rnd;
	s32 base_ck, r2, v;
	u64 scale;
	u32 bits = 0;
	int x, y;

	/* What does. */
	ambient_mc += kit_triangle(tick + h2, period, 1500);
	spot_ck += kit_triangle(tick + h1, period / 2 + 7, spot_ck / 3);
	cx16 += kit_triangle(tick, period / 3 + 5, mw * 12);
	cy16 += kit_triangle(tick + period / 4, period / 3 + 5, mh * 12);

	/*
	 * The spot is a paraboloid: spot_ck at its centre, 0 at radius r.
	 * scale turns (r^2 - d^2) into centikelvin with one multiply.
	 */
	r2 = r16 * r16;
	scale = div_u64((u64)spot_ck << 16, r2);
	base_ck = (ambient_mc + 273150) / 10;

	/* The kernel's seedable PRNG, seeded from (seed, id, tick). */
	prandom_seed_state(&rnd,
			   (u64)jhash_3words(id, (u32)tick, tick >> 32, seed) << 32 | h1);
	for (y = 0; y < KIT_SENSORS_H; y++) {
		s32 dy = y * 16 + 8 - cy16;
		s32 row_ck = base_ck + (KIT_SENSORS_H - 1 - y) * 8;

		for (x = 0; x < KIT_SENSORS_W; x++) {
			s32 dx = x * 16 + 8 - cx16;
			s32 d2 = dx * dx + dy * dy;

			if (!(x & 3))	/* 8 bits of noise per pixel */
				bits = prandom_u32_state(&rnd);
			v = row_ck + (s32)(bits & 63) - 32;	/* +-0.32 K */
			bits >>= 8;
			if (abs(x - mx) <= mw && abs(y - my) <= mh)
				v += body_ck;
			if (d2 < r2)
				v += (scale * (r2 - d2)) >> 16;
			f->pixels[y][x] = clamp_val(v, 0, U16_MAX);
		}
	}
	f->temp_mc = ambient_mc + (s32)(prandom_u32_state(&rnd) % 101) - 50;
	f->id = id;
	f->tick = tick;
}

/*
 * The writer's side of the sequence protocol (the reader's side is in
 * kit_sensors.h): seq is odd while the frame is rewritten.  A reader who
 * finds seq odd waits, so the writer must not be preempted in between;
 * it never sleeps, and never waits for readers.
 */
static void kit_write_frame(struct kit_sensor_frame *f, u32 seed, u32 id,
			    u64 tick)
{
	u32 seq = f->seq;	/* only the producer writes seq */

	preempt_disable();
	WRITE_ONCE(f->seq, seq + 1);
	smp_wmb();		/* the odd seq is visible before any data */
	kit_simulate(f, seed, id, tick);
	f->sum = kit_sensors_frame_sum(f);
	smp_store_release(&f->seq, seq + 2);	/* all data before the even seq */
	preempt_enable();
}

/* One tick: rewrite every frame, then publish the tick as a whole. */
void kit_produce(struct kit_sensors *ks, u64 tick)
{
	u64 start = ktime_get_ns();
	s32 warmest_mc = S32_MIN;
	u32 id, warmest_id = 0;

	for (id = 0; id < ks->nr; id++) {
		struct kit_sensor_frame *f = &ks->frames[id];

		kit_write_frame(f, ks->seed, id, tick);
		if (f->temp_mc > warmest_mc) {
			warmest_mc = f->temp_mc;
			warmest_id = id;
		}
		cond_resched();
	}
	WRITE_ONCE(ks->warmest_id, warmest_id);
	WRITE_ONCE(ks->warmest_mc, warmest_mc);
	WRITE_ONCE(ks->tick_ns, ktime_get_ns() - start);

	/* Every frame of this tick is out: only now say so, and wake poll(). */
	smp_store_release(&ks->hdr->generation, tick);
	wake_up_interruptible_poll(&ks->readers_wq, EPOLLIN | EPOLLRDNORM);
}

static bool kit_producer_woken(struct kit_sensors *ks, unsigned int rate)
{
	return kthread_should_stop() || READ_ONCE(ks->rate) != rate;
}

static int kit_producer(void *data)
{
	struct kit_sensors *ks = data;
	ktime_t next = ktime_get();

	while (!kthread_should_stop()) {
		unsigned int rate = READ_ONCE(ks->rate);
		ktime_t left;

		if (!rate) {	/* frozen: sleep until the rate changes */
			wait_event_interruptible(ks->producer_wq,
						 kit_producer_woken(ks, 0));
			next = ktime_get();
			continue;
		}
		next = ktime_add_ns(next, NSEC_PER_SEC / rate);
		/*
		 * The wait takes a time relative to now, and the hrtimer code
		 * reads a negative one as an overflow: the thread would sleep
		 * until the rate changes, not one tick more.  Late here
		 * (preempted, say), it must not wait at all: never below 0.
		 */
		left = ktime_sub(next, ktime_get());
		if (left < 0)
			left = 0;
		if (!wait_event_interruptible_hrtimeout(ks->producer_wq,
							kit_producer_woken(ks, rate),
							left)) {
			next = ktime_get();	/* a new rate starts now */
			continue;
		}

		mutex_lock(&ks->tick_lock);
		if (ks->rate)
			kit_produce(ks, ks->hdr->generation + 1);
		mutex_unlock(&ks->tick_lock);

		/* Behind schedule (a tick took longer than its period)? */
		if (ktime_before(next, ktime_get()))
			next = ktime_get();	/* skip, do not catch up */
	}
	return 0;
}

int kit_producer_start(struct kit_sensors *ks)
{
	ks->producer = kthread_run(kit_producer, ks, "kit_sensors");
	return PTR_ERR_OR_ZERO(ks->producer);
}

void kit_producer_stop(struct kit_sensors *ks)
{
	kthread_stop(ks->producer);	/* wakes it, waits for its return */
}

/*
 * Once this returns, the producer runs at the new rate; with 0, no frame
 * changes until the rate is set again (a tick in progress ends first).
 */
int kit_set_rate(struct kit_sensors *ks, unsigned int rate)
{
	if (mutex_lock_killable(&ks->tick_lock))
		return -EINTR;
	WRITE_ONCE(ks->rate, rate);
	mutex_unlock(&ks->tick_lock);
	wake_up(&ks->producer_wq);
	return 0;
}
