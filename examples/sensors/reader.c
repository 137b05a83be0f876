// SPDX-License-Identifier: GPL-2.0
/*
 * reader - the factory terminal of the sensors capstone.
 *
 *   reader                   the tour: info, a short watch, a snapshot
 *   reader info              the layout and the producer's state
 *   reader get ID            one sensor, through the per-sensor ioctl
 *   reader watch             the hottest spots, redrawn at every tick
 *                            (mmap for the data, poll for the wake-up)
 *   reader snapshot ID FILE  one thermal image as a picture (.pgm grey,
 *                            anything else a false-colour .ppm)
 *   reader bench             every path against a floor, see --help
 *
 * Everything but the bench is an ordinary user of /dev/kit_sensors and
 * runs as any user; the bench loads the module and freezes the producer,
 * which takes root.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kit_sensors.h"
/* The method the kit's benches share: shuffle(), cmp_double(). */
#include "../interfaces/measure.h"

#define RATE_ATTR	"/sys/class/misc/kit_sensors/rate"
#define SUMMARY		"/proc/kit_sensors"
#define TOP_MAX		32

_Static_assert(sizeof(struct kit_sensor_frame) == 1600, "frame layout");

struct opts {
	long count;		/* watch: updates to show, -1: no limit */
	double seconds;		/* watch: time limit, 0: none */
	int top;		/* watch: rows */
	int scale;		/* snapshot: picture pixels per sensor pixel */
	bool image;		/* get: draw the image too */
	const char *csv;	/* bench */
	const char *module;	/* bench */
	const char *sizes;	/* bench */
	int reps;		/* bench */
	unsigned int batch;	/* bench */
};

struct dev {
	int fd;
	struct kit_sensors_info info;
	void *map;		/* NULL until dev_map() */
	const struct kit_sensors_header *hdr;
	const struct kit_sensor_frame *frames;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [OPTIONS] [COMMAND [ARGS]]\n"
		"Read the sensors of /dev/kit_sensors (load kit_sensors.ko first).\n"
		"With no command: info, a short watch, a snapshot of the hottest sensor.\n"
		"  info                 layout, rate, generation, /proc/kit_sensors\n"
		"  get ID               one sensor through KIT_SENSORS_IOC_GET\n"
		"  watch                the hottest spots, redrawn at every tick\n"
		"  snapshot ID FILE     one image: FILE.pgm grey, other names PPM colour\n"
		"  bench                consume the array through every path; without\n"
		"                       the module loaded, load it once per --sizes N\n"
		"options:\n"
		"  -c, --count N        watch: stop after N updates\n"
		"  -s, --seconds S      watch: stop after S seconds\n"
		"  -t, --top K          watch: show K sensors (default 8, at most %d)\n"
		"  -x, --scale N        snapshot: N x N picture pixels per pixel (default 8)\n"
		"  -i, --image          get: draw the image\n"
		"      --sizes LIST     bench: sensor counts (default 256,1024,4096,16384)\n"
		"      --module KO      bench: module file (default: beside the reader)\n"
		"      --csv FILE       bench: also write the results as CSV\n"
		"      --reps N         bench: timed rounds (default 15)\n"
		"      --batch N        bench: sensors per batch ioctl (default 64)\n"
		"  -h, --help           this text\n", TOP_MAX);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pixels are centikelvin, temperatures milli-degrees Celsius. */
static double pixel_c(unsigned int ck)
{
	return ((int)ck - 27315) / 100.0;
}

static int dev_open(struct dev *d)
{
	memset(d, 0, sizeof(*d));
	d->fd = open(KIT_SENSORS_DEVICE, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0) {
		fprintf(stderr, "reader: %s: %s (is kit_sensors loaded?)\n",
			KIT_SENSORS_DEVICE, strerror(errno));
		return -1;
	}
	if (ioctl(d->fd, KIT_SENSORS_IOC_INFO, &d->info)) {
		fprintf(stderr, "reader: KIT_SENSORS_IOC_INFO: %s\n",
			strerror(errno));
		close(d->fd);
		return -1;
	}
	return 0;
}

/* The whole array, read-only: the mapping is the kernel's buffer. */
static int dev_map(struct dev *d)
{
	d->map = mmap(NULL, d->info.map_size, PROT_READ, MAP_SHARED, d->fd, 0);
	if (d->map == MAP_FAILED) {
		fprintf(stderr, "reader: mmap: %s\n", strerror(errno));
		d->map = NULL;
		return -1;
	}
	d->hdr = d->map;
	if (d->info.map_size < sizeof(*d->hdr) ||
	    d->hdr->magic != KIT_SENSORS_MAGIC ||
	    d->hdr->version != KIT_SENSORS_VERSION ||
	    d->hdr->frame_size != sizeof(struct kit_sensor_frame)) {
		fprintf(stderr, "reader: the mapping is not a version %d array\n",
			KIT_SENSORS_VERSION);
		return -1;
	}
	/*
	 * The frames are indexed up to nr_sensors: trust the header's
	 * numbers only once they fit in what was mapped.
	 */
	if (d->hdr->nr_sensors != d->info.nr_sensors ||
	    d->hdr->frames_offset < sizeof(*d->hdr) ||
	    d->hdr->frames_offset > d->info.map_size ||
	    (d->info.map_size - d->hdr->frames_offset) /
	    sizeof(struct kit_sensor_frame) < d->info.nr_sensors) {
		fprintf(stderr, "reader: the mapping's header does not fit its %llu bytes\n",
			(unsigned long long)d->info.map_size);
		return -1;
	}
	d->frames = (const void *)((const char *)d->map + d->hdr->frames_offset);
	return 0;
}

static void dev_close(struct dev *d)
{
	if (d->map)
		munmap(d->map, d->info.map_size);
	close(d->fd);
}

static int get_frame(struct dev *d, unsigned int id,
		     struct kit_sensor_frame *f)
{
	struct kit_sensors_get get = { .id = id };

	if (ioctl(d->fd, KIT_SENSORS_IOC_GET, &get)) {
		fprintf(stderr, "reader: sensor %u: %s\n", id, strerror(errno));
		return -1;
	}
	*f = get.frame;
	return 0;
}

struct spot {
	unsigned int value;	/* centikelvin */
	unsigned int x, y;
};

static struct spot hottest_pixel(const struct kit_sensor_frame *f)
{
	struct spot s = { 0, 0, 0 };

	for (unsigned int y = 0; y < KIT_SENSORS_H; y++)
		for (unsigned int x = 0; x < KIT_SENSORS_W; x++)
			if (f->pixels[y][x] > s.value)
				s = (struct spot){ f->pixels[y][x], x, y };
	return s;
}

static void pixel_range(const struct kit_sensor_frame *f, unsigned int *lo,
			unsigned int *hi)
{
	const uint16_t *p = &f->pixels[0][0];

	*lo = UINT16_MAX;
	*hi = 0;
	for (unsigned int i = 0; i < KIT_SENSORS_PIXELS; i++) {
		if (p[i] < *lo)
			*lo = p[i];
		if (p[i] > *hi)
			*hi = p[i];
	}
}

/* The image in the terminal: two characters per pixel, ten shades. */
static void draw_image(const struct kit_sensor_frame *f)
{
	static const char ramp[] = " .:-=+*#%@";
	unsigned int lo, hi;

	pixel_range(f, &lo, &hi);
	for (unsigned int y = 0; y < KIT_SENSORS_H; y++) {
		char line[2 * KIT_SENSORS_W + 1];

		for (unsigned int x = 0; x < KIT_SENSORS_W; x++) {
			unsigned int v = f->pixels[y][x];
			unsigned int i = hi > lo ? (v - lo) * 9 / (hi - lo) : 0;

			line[2 * x] = line[2 * x + 1] = ramp[i];
		}
		line[2 * KIT_SENSORS_W] = '\0';
		printf("  |%s|\n", line);
	}
	printf("  ' ' %.2f C ... '@' %.2f C\n", pixel_c(lo), pixel_c(hi));
}

static void show_frame(const struct kit_sensor_frame *f)
{
	struct spot s = hottest_pixel(f);
	unsigned int lo, hi;
	uint32_t sum = kit_sensors_frame_sum(f);

	pixel_range(f, &lo, &hi);
	printf("sensor %u, tick %llu, seq %u\n", f->id,
	       (unsigned long long)f->tick, f->seq);
	printf("temperature %.3f C\n", f->temp_mc / 1000.0);
	printf("image %dx%d: %.2f to %.2f C, hottest at (%u,%u)\n",
	       KIT_SENSORS_W, KIT_SENSORS_H, pixel_c(lo), pixel_c(hi), s.x, s.y);
	printf("checksum 0x%08x %s\n", f->sum,
	       sum == f->sum ? "ok" : "MISMATCH");
}

static int show_file(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	printf("--- %s\n", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return 0;
}

static int cmd_info(struct dev *d)
{
	const struct kit_sensors_info *i = &d->info;

	printf("%s: %u sensors of %dx%d pixels, %u-byte frames\n",
	       KIT_SENSORS_DEVICE, i->nr_sensors, KIT_SENSORS_W, KIT_SENSORS_H,
	       i->frame_size);
	printf("mmap: %llu bytes, frame 0 at offset %u; read(): %llu bytes\n",
	       (unsigned long long)i->map_size, i->frames_offset,
	       (unsigned long long)i->nr_sensors * i->frame_size);
	printf("seed %u, %u ticks/s%s, generation %llu\n", i->seed, i->rate,
	       i->rate ? "" : " (frozen)", (unsigned long long)i->generation);
	return show_file(SUMMARY);
}

static int cmd_get(struct dev *d, unsigned int id, const struct opts *o)
{
	struct kit_sensor_frame f;

	if (get_frame(d, id, &f))
		return -1;
	show_frame(&f);
	if (o->image)
		draw_image(&f);
	return 0;
}

struct hot {
	unsigned int id;
	struct spot spot;
	int32_t temp_mc;
	uint64_t tick;
};

/*
 * Every frame, read in place in the mapping with the sequence protocol,
 * and the k hottest spots kept in order.  No copy, no syscall.
 */
static void scan_hottest(struct dev *d, struct hot *top, int k)
{
	int used = 0;

	for (unsigned int id = 0; id < d->info.nr_sensors; id++) {
		const struct kit_sensor_frame *f = &d->frames[id];
		struct hot h = { .id = id };
		uint32_t seq;
		int i;

		do {
			seq = kit_sensors_read_begin(f);
			h.spot = hottest_pixel(f);
			h.temp_mc = f->temp_mc;
			h.tick = f->tick;
		} while (kit_sensors_read_retry(f, seq));

		if (used == k && h.spot.value <= top[k - 1].spot.value)
			continue;
		if (used < k)
			used++;
		for (i = used - 1; i > 0 && top[i - 1].spot.value < h.spot.value; i--)
			top[i] = top[i - 1];
		top[i] = h;
	}
}

/* One screen of the watch; returns the lines it took. */
static int draw_watch(const struct dev *d, const struct hot *top, int k,
		      bool tty)
{
	const char *eol = tty ? "\033[K\n" : "\n";	/* erase what was there */
	int lines = 0;

	printf("tick %llu, %u sensors, %u ticks/s: the %d hottest spots%s",
	       (unsigned long long)d->info.generation, d->info.nr_sensors,
	       d->info.rate, k, eol);
	printf("  sensor    spot C  at        sensor C    tick%s", eol);
	lines += 2;
	for (int i = 0; i < k && i < (int)d->info.nr_sensors; i++) {
		printf("  %6u  %8.2f  (%2u,%2u)  %8.3f  %6llu%s", top[i].id,
		       pixel_c(top[i].spot.value), top[i].spot.x, top[i].spot.y,
		       top[i].temp_mc / 1000.0, (unsigned long long)top[i].tick,
		       eol);
		lines++;
	}
	fflush(stdout);
	return lines;
}

/*
 * The factory terminal: poll() sleeps until the producer publishes a
 * tick, KIT_SENSORS_IOC_INFO says which (and re-arms poll), and the
 * frames are read in place.  On a terminal the table is redrawn where
 * it stands; otherwise each update follows the last.
 */
static int cmd_watch(struct dev *d, const struct opts *o)
{
	struct hot top[TOP_MAX];
	bool tty = isatty(STDOUT_FILENO);
	double end = o->seconds > 0 ? now() + o->seconds : 0;
	int drawn = 0;

	if (!d->map && dev_map(d))
		return -1;
	for (long n = 0; o->count < 0 || n < o->count; n++) {
		if (n > 0) {
			struct pollfd p = { .fd = d->fd, .events = POLLIN };
			int ms = -1, r;

			if (end) {
				ms = (int)((end - now()) * 1000);
				if (ms <= 0)
					break;
			}
			r = poll(&p, 1, ms);
			if (r < 0) {
				fprintf(stderr, "reader: poll: %s\n",
					strerror(errno));
				return -1;
			}
			if (r == 0)	/* out of time */
				break;
		}
		if (ioctl(d->fd, KIT_SENSORS_IOC_INFO, &d->info)) {
			fprintf(stderr, "reader: KIT_SENSORS_IOC_INFO: %s\n",
				strerror(errno));
			return -1;
		}
		scan_hottest(d, top, o->top);
		if (tty && drawn)
			printf("\033[%dA", drawn);	/* back to the top */
		drawn = draw_watch(d, top, o->top, tty);
		if (!d->info.rate) {
			printf("(the producer is frozen: rate 0)\n");
			break;
		}
	}
	return 0;
}

/* An "iron" palette: black, violet, red, orange, yellow, white. */
static void iron(unsigned int v, unsigned char rgb[3])
{
	static const unsigned char stop[][3] = {
		{ 0, 0, 0 }, { 80, 0, 150 }, { 200, 0, 90 },
		{ 250, 110, 0 }, { 255, 220, 0 }, { 255, 255, 255 },
	};
	unsigned int seg = v * 5 / 256, t = v * 5 % 256;

	for (int c = 0; c < 3; c++)
		rgb[c] = stop[seg][c] +
			 (int)(stop[seg + 1][c] - stop[seg][c]) * (int)t / 256;
}

/* PGM (P5) or PPM (P6), 8 bits, stretched from the coldest pixel to the hottest. */
static int write_picture(const char *path, const struct kit_sensor_frame *f,
			 int scale)
{
	size_t len = strlen(path);
	bool grey = len > 4 && !strcmp(path + len - 4, ".pgm");
	unsigned int lo, hi;
	FILE *out = fopen(path, "wb");

	if (!out) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	pixel_range(f, &lo, &hi);
	fprintf(out, "P%c\n# kit_sensors sensor %u tick %llu: 0 is %.2f C, 255 is %.2f C\n%d %d\n255\n",
		grey ? '5' : '6', f->id, (unsigned long long)f->tick,
		pixel_c(lo), pixel_c(hi), KIT_SENSORS_W * scale,
		KIT_SENSORS_H * scale);
	for (int y = 0; y < KIT_SENSORS_H * scale; y++) {
		for (int x = 0; x < KIT_SENSORS_W * scale; x++) {
			unsigned int v = f->pixels[y / scale][x / scale];

			v = hi > lo ? (v - lo) * 255 / (hi - lo) : 0;
			if (grey) {
				fputc(v, out);
			} else {
				unsigned char rgb[3];

				iron(v, rgb);
				fwrite(rgb, 1, 3, out);
			}
		}
	}
	if (fclose(out)) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int cmd_snapshot(struct dev *d, unsigned int id, const char *path,
			const struct opts *o)
{
	struct kit_sensor_frame f;

	if (get_frame(d, id, &f))
		return -1;
	show_frame(&f);
	draw_image(&f);
	if (write_picture(path, &f, o->scale))
		return -1;
	printf("wrote %s (%dx%d)\n", path, KIT_SENSORS_W * o->scale,
	       KIT_SENSORS_H * o->scale);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The benchmark                                                       */

/*
 * The work every path does per frame: its checksum (compared with the
 * one the producer stored) and its hottest pixel.  The same code runs on
 * a copy (ioctl, read, the floor) and in place (mmap).
 */
struct work {
	uint64_t sum;		/* of the frames' checksums */
	unsigned int hottest;	/* the hottest pixel of all */
	unsigned int hottest_id;
	unsigned int bad;	/* frames whose checksum does not match */
};

static inline uint16_t max_pixel(const struct kit_sensor_frame *f)
{
	const uint16_t *p = &f->pixels[0][0];
	uint16_t m = 0;

	for (unsigned int i = 0; i < KIT_SENSORS_PIXELS; i++)
		m = p[i] > m ? p[i] : m;
	return m;
}

struct frame_work {
	uint32_t sum;		/* computed */
	uint32_t stored;	/* as the producer stored it */
	uint16_t hot;
};

/*
 * The functions of the bench's loops are aligned so that none straddles
 * a 4 KiB page: QEMU's TCG links translated blocks only within a page of
 * code, and there a loop that crosses a page boundary runs several times
 * slower, which would make the bench measure where the linker put each
 * loop instead of the paths.
 */
#define BENCH_LOOP __attribute__((noinline, aligned(256)))

/* The work on one frame: one function that every path calls. */
BENCH_LOOP
static void frame_work(const struct kit_sensor_frame *f, struct frame_work *r)
{
	r->sum = kit_sensors_frame_sum(f);
	r->stored = f->sum;
	r->hot = max_pixel(f);
}

static void account(struct work *w, unsigned int id,
		    const struct frame_work *r)
{
	w->sum += r->sum;
	w->bad += r->sum != r->stored;
	if (r->hot > w->hottest) {
		w->hottest = r->hot;
		w->hottest_id = id;
	}
}

BENCH_LOOP
static void work_copies(const struct kit_sensor_frame *f, unsigned int n,
			struct work *w)
{
	struct frame_work r;

	for (unsigned int i = 0; i < n; i++) {
		frame_work(&f[i], &r);
		account(w, f[i].id, &r);
	}
}

struct bench {
	struct dev *d;
	struct kit_sensor_frame *floor;	/* a copy made once */
	struct kit_sensor_frame *buf;	/* what read() fills */
	struct kit_sensor_frame *batch;	/* what one batch ioctl fills */
	unsigned int batch_size;
};

BENCH_LOOP
static int path_floor(struct bench *b, struct work *w)
{
	work_copies(b->floor, b->d->info.nr_sensors, w);
	return 0;
}

BENCH_LOOP
static int path_get(struct bench *b, struct work *w)
{
	struct kit_sensors_get get = { 0 };

	for (unsigned int id = 0; id < b->d->info.nr_sensors; id++) {
		get.id = id;
		if (ioctl(b->d->fd, KIT_SENSORS_IOC_GET, &get))
			return -1;
		work_copies(&get.frame, 1, w);
	}
	return 0;
}

BENCH_LOOP
static int path_batch(struct bench *b, struct work *w)
{
	unsigned int nr = b->d->info.nr_sensors;

	for (unsigned int first = 0; first < nr; first += b->batch_size) {
		struct kit_sensors_batch req = {
			.first = first,
			.count = nr - first < b->batch_size ? nr - first
							    : b->batch_size,
			.frames = (uintptr_t)b->batch,
		};

		if (ioctl(b->d->fd, KIT_SENSORS_IOC_BATCH, &req))
			return -1;
		work_copies(b->batch, req.count, w);
	}
	return 0;
}

static ssize_t read_all(int fd, void *buf, size_t size)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = pread(fd, (char *)buf + done, size - done, done);

		if (n <= 0)
			return n < 0 ? -1 : (ssize_t)done;
		done += n;
	}
	return done;
}

BENCH_LOOP
static int path_read(struct bench *b, struct work *w)
{
	size_t size = (size_t)b->d->info.nr_sensors * sizeof(*b->buf);

	if (read_all(b->d->fd, b->buf, size) != (ssize_t)size)
		return -1;
	work_copies(b->buf, b->d->info.nr_sensors, w);
	return 0;
}

BENCH_LOOP
static int path_mmap(struct bench *b, struct work *w)
{
	for (unsigned int id = 0; id < b->d->info.nr_sensors; id++) {
		const struct kit_sensor_frame *f = &b->d->frames[id];
		struct frame_work r;
		uint32_t seq;

		/* In place: the work is redone if the frame changed meanwhile. */
		do {
			seq = kit_sensors_read_begin(f);
			frame_work(f, &r);
		} while (kit_sensors_read_retry(f, seq));
		account(w, id, &r);
	}
	return 0;
}

enum { FLOOR, MMAP };	/* the first two; the copying paths follow */

static const struct {
	const char *name;
	int (*run)(struct bench *b, struct work *w);
} paths[] = {
	[FLOOR] = { "floor", path_floor },
	[MMAP] = { "mmap", path_mmap },
	{ "read", path_read },
	{ "ioctl-batch", path_batch },
	{ "ioctl-get", path_get },
};
#define NR_PATHS (sizeof(paths) / sizeof(paths[0]))

static void bench_header(void)
{
	printf("%8s  %-11s %12s %12s %10s %10s %8s\n", "sensors", "path",
	       "us/snapshot", "(median)", "MB/s", "ns/sensor", "x floor");
}

/*
 * Measure the loaded module at its size.  Samples of the five paths
 * alternate, so that a slow moment of the machine hits them all; each
 * path's figure is the median of its samples.
 */
static int bench_one(struct dev *d, const struct opts *o, FILE *csv)
{
	unsigned int nr = d->info.nr_sensors;
	size_t size = (size_t)nr * sizeof(struct kit_sensor_frame);
	/* Enough snapshots per sample to move about 8 MiB. */
	unsigned int per = size >= (8 << 20) ? 1 : (8 << 20) / size;
	double *samples = calloc(NR_PATHS * o->reps, sizeof(double));
	struct bench b = { .d = d, .batch_size = o->batch };
	struct work first[NR_PATHS];
	double best[NR_PATHS], median[NR_PATHS];
	size_t best_copy = MMAP + 1;
	uint64_t lcg = nr;
	int ret = -1;

	b.floor = malloc(size);
	b.buf = malloc(size);
	b.batch = malloc((size_t)o->batch * sizeof(struct kit_sensor_frame));
	if (!samples || !b.floor || !b.buf || !b.batch) {
		fprintf(stderr, "reader: out of memory\n");
		goto out;
	}
	if (read_all(d->fd, b.floor, size) != (ssize_t)size) {
		fprintf(stderr, "reader: read: %s\n", strerror(errno));
		goto out;
	}

	/* Once each, untimed: every path must see the same frames. */
	for (size_t p = 0; p < NR_PATHS; p++) {
		memset(&first[p], 0, sizeof(first[p]));
		if (paths[p].run(&b, &first[p])) {
			fprintf(stderr, "reader: %s: %s\n", paths[p].name,
				strerror(errno));
			goto out;
		}
		if (first[p].bad || first[p].sum != first[0].sum ||
		    first[p].hottest_id != first[0].hottest_id) {
			fprintf(stderr, "reader: %s disagrees with the floor (%u bad frames)\n",
				paths[p].name, first[p].bad);
			goto out;
		}
	}

	/*
	 * Each round runs every path once, in an order shuffled anew
	 * (Fisher-Yates, a fixed LCG): no path always follows the same
	 * other, whose after-effects (syscalls, caches) it would inherit.
	 */
	for (int r = 0; r < o->reps; r++) {
		size_t order[NR_PATHS];

		shuffle(order, NR_PATHS, &lcg);
		for (size_t k = 0; k < NR_PATHS; k++) {
			size_t p = order[k];
			struct work w = { 0 };
			double t0;

			/* Untimed first: what the last path left behind is gone. */
			if (paths[p].run(&b, &w))
				goto out;
			t0 = now();
			for (unsigned int i = 0; i < per; i++)
				if (paths[p].run(&b, &w))
					goto out;
			samples[p * o->reps + r] = (now() - t0) / per;
		}
	}

	/*
	 * The fastest round counts, as Python's timeit advises: what slows
	 * a round down here is the machine doing something else (other
	 * VMs, the host), never the path being faster than it can be.  The
	 * median is shown too, for the spread.
	 */
	for (size_t p = 0; p < NR_PATHS; p++) {
		double *s = &samples[p * o->reps];

		qsort(s, o->reps, sizeof(*s), cmp_double);
		best[p] = s[0];
		median[p] = s[o->reps / 2];
	}
	for (size_t p = 0; p < NR_PATHS; p++) {
		double ratio = best[FLOOR] / best[p];	/* throughput ratio */

		printf("%8u  %-11s %12.1f %12.1f %10.1f %10.1f %8.3f\n", nr,
		       paths[p].name, best[p] * 1e6, median[p] * 1e6,
		       size / best[p] / 1e6, best[p] * 1e9 / nr, ratio);
		if (csv)
			fprintf(csv, "%u,%s,%.1f,%.1f,%.1f,%.3f,%.1f\n", nr,
				paths[p].name, best[p] * 1e6,
				size / best[p] / 1e6, best[p] * 1e9 / nr,
				ratio, median[p] * 1e6);
		if (p != MMAP && p != FLOOR && best[p] < best[best_copy])
			best_copy = p;
	}
	printf("%8s  all paths agree: checksum 0x%016llx, hottest spot on sensor %u\n"
	       "%8s  mmap %.3fx the floor, the best copying path (%s) %.3fx\n",
	       "", (unsigned long long)first[0].sum, first[0].hottest_id,
	       "", best[FLOOR] / best[MMAP], paths[best_copy].name,
	       best[FLOOR] / best[best_copy]);
	fflush(stdout);
	ret = 0;
out:
	free(samples);
	free(b.floor);
	free(b.buf);
	free(b.batch);
	return ret;
}

static int write_rate(unsigned int rate)
{
	char text[16];
	int fd = open(RATE_ATTR, O_WRONLY | O_CLOEXEC);
	int n = snprintf(text, sizeof(text), "%u\n", rate);

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Bench the module as it is loaded, its producer frozen meanwhile. */
static int bench_loaded(const struct opts *o, FILE *csv)
{
	struct dev d;
	unsigned int rate;
	int ret;

	if (dev_open(&d))
		return -1;
	rate = d.info.rate;
	if (rate && write_rate(0)) {
		fprintf(stderr, "reader: freezing the producer (%s): %s\n",
			RATE_ATTR, strerror(errno));
		dev_close(&d);
		return -1;
	}
	ret = dev_map(&d);
	if (!ret)
		ret = bench_one(&d, o, csv);
	dev_close(&d);
	if (rate && write_rate(rate))
		fprintf(stderr, "reader: restoring the rate: %s\n",
			strerror(errno));
	return ret;
}

static int load_module(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0) {
		fprintf(stderr, "reader: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = syscall(SYS_finit_module, fd, params, 0);
	if (ret)
		fprintf(stderr, "reader: loading %s %s: %s\n", path, params,
			strerror(errno));
	close(fd);
	return ret;
}

/* kit_sensors.ko beside this program, as in the VM's /kit/sensors/. */
static const char *default_module(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	char *slash;

	if (n <= 0)
		return "kit_sensors.ko";
	path[n] = '\0';
	slash = strrchr(path, '/');
	strcpy(slash ? slash + 1 : path, "kit_sensors.ko");
	return path;
}

static int cmd_bench(const struct opts *o)
{
	const char *module = o->module ? o->module : default_module();
	bool loaded = access(KIT_SENSORS_DEVICE, F_OK) == 0;
	FILE *csv = NULL;
	char *sizes = NULL, *save;
	int ret = 0;

	if (o->csv) {
		csv = fopen(o->csv, "w");
		if (!csv) {
			fprintf(stderr, "reader: %s: %s\n", o->csv,
				strerror(errno));
			return -1;
		}
		fprintf(csv, "sensors,path,us_per_snapshot,mb_per_s,ns_per_sensor,ratio_to_floor,us_median\n");
	}
	printf("each path consumes every frame: checksum + hottest pixel; the floor does it\n"
	       "on a copy already in user space; producer frozen; the fastest of %d rounds\n"
	       "(and the median); x floor: the floor's time over the path's\n",
	       o->reps);
	bench_header();

	if (loaded) {
		ret = bench_loaded(o, csv);
	} else {
		char *tok;

		sizes = strdup(o->sizes);
		for (tok = strtok_r(sizes, ",", &save); tok && !ret;
		     tok = strtok_r(NULL, ",", &save)) {
			char params[64];

			/* Frozen from the start: every path sees the same frames. */
			snprintf(params, sizeof(params), "nr_sensors=%s rate=0", tok);
			ret = load_module(module, params);
			if (ret)
				break;
			ret = bench_loaded(o, csv);
			if (syscall(SYS_delete_module, "kit_sensors", O_NONBLOCK)) {
				fprintf(stderr, "reader: unloading kit_sensors: %s\n",
					strerror(errno));
				ret = -1;
			}
		}
		free(sizes);
	}
	if (csv && fclose(csv)) {
		fprintf(stderr, "reader: %s: %s\n", o->csv, strerror(errno));
		ret = -1;
	}
	return ret;
}

/* ------------------------------------------------------------------ */

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || *out > max) {
		fprintf(stderr, "reader: bad number '%s'\n", s);
		return -1;
	}
	return 0;
}

static int check_sizes(const char *list)
{
	char *copy = strdup(list), *tok, *save;
	unsigned long n;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save))
		if (parse_uint(tok, KIT_SENSORS_MAX, &n) || n < KIT_SENSORS_MIN)
			ret = -1;
	free(copy);
	return ret;
}

/* With no command: what a visitor to the factory should see. */
static int tour(struct dev *d, struct opts *o)
{
	struct hot top[1] = { { 0 } };
	char path[32];

	printf("== reader info\n");
	if (cmd_info(d))
		return -1;
	printf("\n== reader watch --count 3 --top 5\n");
	o->count = 3;
	o->seconds = 15;
	o->top = 5;
	if (cmd_watch(d, o))
		return -1;
	scan_hottest(d, top, 1);
	snprintf(path, sizeof(path), "sensor-%u.ppm", top[0].id);
	printf("\n== reader snapshot %u %s (the hottest spot)\n", top[0].id, path);
	return cmd_snapshot(d, top[0].id, path, o);
}

int main(int argc, char **argv)
{
	enum { OPT_SIZES = 256, OPT_MODULE, OPT_CSV, OPT_REPS, OPT_BATCH };
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "scale", required_argument, NULL, 'x' },
		{ "image", no_argument, NULL, 'i' },
		{ "sizes", required_argument, NULL, OPT_SIZES },
		{ "module", required_argument, NULL, OPT_MODULE },
		{ "csv", required_argument, NULL, OPT_CSV },
		{ "reps", required_argument, NULL, OPT_REPS },
		{ "batch", required_argument, NULL, OPT_BATCH },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = {
		.count = -1, .top = 8, .scale = 8, .reps = 15, .batch = 64,
		.sizes = "256,1024,4096,16384",
	};
	const char *cmd;
	unsigned long v = 0;
	struct dev d;
	int c, ret;

	while ((c = getopt_long(argc, argv, "c:s:t:x:ih", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (parse_uint(optarg, LONG_MAX, &v))
				return 2;
			o.count = v;
			break;
		case 's':
			if (parse_uint(optarg, 86400, &v))
				return 2;
			o.seconds = v;
			break;
		case 't':
			if (parse_uint(optarg, TOP_MAX, &v) || !v)
				return 2;
			o.top = v;
			break;
		case 'x':
			if (parse_uint(optarg, 64, &v) || !v)
				return 2;
			o.scale = v;
			break;
		case 'i':
			o.image = true;
			break;
		case OPT_SIZES:
			if (check_sizes(optarg))
				return 2;
			o.sizes = optarg;
			break;
		case OPT_MODULE:
			o.module = optarg;
			break;
		case OPT_CSV:
			o.csv = optarg;
			break;
		case OPT_REPS:
			if (parse_uint(optarg, 1000, &v) || !v)
				return 2;
			o.reps = v;
			break;
		case OPT_BATCH:
			if (parse_uint(optarg, KIT_SENSORS_MAX, &v) || !v)
				return 2;
			o.batch = v;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	cmd = optind < argc ? argv[optind++] : NULL;

	if (cmd && !strcmp(cmd, "bench")) {
		if (optind != argc) {
			usage(stderr);
			return 2;
		}
		return cmd_bench(&o) ? 1 : 0;
	}
	if (cmd && strcmp(cmd, "info") && strcmp(cmd, "get") &&
	    strcmp(cmd, "watch") && strcmp(cmd, "snapshot")) {
		fprintf(stderr, "reader: no command '%s'\n", cmd);
		usage(stderr);
		return 2;
	}
	if ((!cmd && optind != argc) ||
	    (cmd && !strcmp(cmd, "get") && optind + 1 != argc) ||
	    (cmd && !strcmp(cmd, "snapshot") && optind + 2 != argc) ||
	    (cmd && (!strcmp(cmd, "info") || !strcmp(cmd, "watch")) &&
	     optind != argc)) {
		usage(stderr);
		return 2;
	}
	if (cmd && (!strcmp(cmd, "get") || !strcmp(cmd, "snapshot")) &&
	    parse_uint(argv[optind], UINT32_MAX, &v))
		return 2;

	if (dev_open(&d))
		return 1;
	if (!cmd)
		ret = tour(&d, &o);
	else if (!strcmp(cmd, "info"))
		ret = cmd_info(&d);
	else if (!strcmp(cmd, "get"))
		ret = cmd_get(&d, v, &o);
	else if (!strcmp(cmd, "watch"))
		ret = cmd_watch(&d, &o);
	else
		ret = cmd_snapshot(&d, v, argv[optind + 1], &o);
	dev_close(&d);
	return ret ? 1 : 0;
}
