/* SPDX-License-Identifier: GPL-2.0 */
/*
 * measure.h - the method of the interfaces' bench, the capstone's
 * (examples/sensors): every operation is calibrated to a sample of a
 * few milliseconds, then measured in rounds; each round runs every
 * operation once in an order shuffled anew, an untimed call first; the
 * fastest round counts, the median is kept beside it.
 */
#ifndef MEASURE_H
#define MEASURE_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* An operation: one call does the job once; 0, or -1 with errno set. */
struct op {
	const char *iface;	/* procfs, sysfs, ... */
	const char *job;	/* read, write, block */
	const char *way;	/* pread, open+read, ... */
	size_t bytes;		/* moved by one call */
	int (*run)(struct op *op);
	void *ctx;		/* the interface's state */
	/* Filled in by measure(): */
	unsigned long per;	/* calls per sample */
	double best, median;	/* seconds per call */
};

static inline double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Calls per sample: as many as last `target` seconds, at least one. */
static inline int calibrate(struct op *op, double target)
{
	unsigned long n = 1;

	for (;;) {
		double t0 = mono_now(), t;

		for (unsigned long i = 0; i < n; i++)
			if (op->run(op))
				return -1;
		t = mono_now() - t0;
		if (t >= target / 4 || n >= (1UL << 30)) {
			op->per = t > 0 ? n * target / t : n;
			if (op->per < 1)
				op->per = 1;
			return 0;
		}
		n *= 4;
	}
}

/*
 * 0 to n - 1 in an order shuffled anew (Fisher-Yates, a fixed LCG): no
 * operation always follows the same other and inherits its
 * after-effects (caches, locks, a page fault).  The capstone's bench
 * shuffles its paths with it too.
 */
static inline void shuffle(size_t *order, size_t n, uint64_t *lcg)
{
	for (size_t k = 0; k < n; k++)
		order[k] = k;
	for (size_t k = n - 1; k > 0; k--) {
		size_t j, t;

		*lcg = *lcg * 6364136223846793005ULL + 1442695040888963407ULL;
		j = (*lcg >> 33) % (k + 1);
		t = order[k];
		order[k] = order[j];
		order[j] = t;
	}
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Measure n operations in `reps` rounds.  0, or the index + 1 of the
 * operation that failed (errno set).
 */
static inline size_t measure(struct op *ops, size_t n, int reps, double target)
{
	double *samples = calloc(n * reps, sizeof(double));
	size_t *order = calloc(n, sizeof(size_t));
	uint64_t lcg = n;
	size_t failed = 0;

	if (!samples || !order) {
		free(samples);
		free(order);
		return n + 1;
	}
	for (size_t i = 0; i < n && !failed; i++)
		if (calibrate(&ops[i], target))
			failed = i + 1;

	for (int r = 0; r < reps && !failed; r++) {
		shuffle(order, n, &lcg);
		for (size_t k = 0; k < n && !failed; k++) {
			struct op *op = &ops[order[k]];
			double t0;

			if (op->run(op)) {	/* untimed: the warm-up */
				failed = order[k] + 1;
				break;
			}
			t0 = mono_now();
			for (unsigned long i = 0; i < op->per; i++)
				if (op->run(op)) {
					failed = order[k] + 1;
					break;
				}
			samples[order[k] * reps + r] = (mono_now() - t0) / op->per;
		}
	}

	/*
	 * The fastest round counts, as Python's timeit advises: what slows
	 * a round down is the machine doing something else, never the
	 * interface being faster than it can be.
	 */
	for (size_t i = 0; i < n && !failed; i++) {
		double *s = &samples[i * reps];

		qsort(s, reps, sizeof(*s), cmp_double);
		ops[i].best = s[0];
		ops[i].median = s[reps / 2];
	}
	free(samples);
	free(order);
	return failed;
}

#endif /* MEASURE_H */
