// SPDX-License-Identifier: GPL-2.0
/*
 * reader - which interface when: every chapter's interface measured
 * with the same small jobs, side by side, against a null system call.
 *
 *   reader          the interfaces, and which of them this kit has
 *   reader bench    load each chapter's module, measure, print the
 *                   table (and write it as CSV), unload
 *
 * The method is measure.h's, the interfaces are ifaces.h's.  The bench
 * loads modules, which takes root.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ifaces.h"

struct opts {
	const char *kit;	/* where the chapters are: DIR/CHAPTER/ has its modules */
	const char *csv;
	const char *only;	/* interfaces to measure, comma-separated */
	int reps;
	double sample;		/* seconds per sample */
};

/* A line of the table: an operation measured, or a note. */
struct row {
	const char *iface, *job;
	struct op *op;		/* NULL for a note */
	char note[160];
};

static struct op ops[MAX_OPS];
static size_t nr_ops;
static struct row rows[MAX_OPS * 2];
static size_t nr_rows;

void add_op(const char *iface, const char *job, const char *way,
	    size_t bytes, int (*run)(struct op *), void *ctx)
{
	struct op *op = &ops[nr_ops++];

	*op = (struct op){ iface, job, way, bytes, run, ctx, 0, 0, 0 };
	rows[nr_rows++] = (struct row){ .iface = iface, .job = job, .op = op };
}

void add_note(const char *iface, const char *job, const char *note)
{
	struct row *r = &rows[nr_rows++];

	*r = (struct row){ .iface = iface, .job = job };
	snprintf(r->note, sizeof(r->note), "%s", note);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: reader [OPTIONS] [list | bench]\n"
		"Which interface when: each chapter's interface doing the same small jobs\n"
		"(read a small value, write one, move a 64 KiB block), against getppid().\n"
		"  list                 the interfaces and which of them this kit has (default)\n"
		"  bench                load each chapter's module, measure, print the table,\n"
		"                       unload what it loaded (root)\n"
		"options:\n"
		"  -k, --kit DIR        the chapters' folders are in DIR (default /kit)\n"
		"  -o, --only LIST      bench: these interfaces only (comma-separated)\n"
		"      --csv FILE       bench: also write the table as CSV\n"
		"      --reps N         bench: timed rounds (default 15)\n"
		"      --sample MS      bench: milliseconds per sample (default 10)\n"
		"  -h, --help           this text\n");
}

static bool wanted(const struct opts *o, const char *name)
{
	size_t len = strlen(name);
	const char *p = o->only;

	if (!p || !strcmp(name, "floor"))
		return true;
	for (; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
	return false;
}

/* Every name of --only must be an interface. */
static int check_only(const char *only)
{
	for (const char *p = only; p; p = strchr(p, ','), p = p ? p + 1 : NULL) {
		size_t len = strcspn(p, ",");
		bool found = false;

		for (size_t i = 0; i < NR_IFACES; i++)
			found |= strlen(ifaces[i].name) == len &&
				 !strncmp(p, ifaces[i].name, len);
		if (!found) {
			fprintf(stderr, "reader: --only: no interface \"%.*s\"\n",
				(int)len, p);
			return -1;
		}
	}
	return 0;
}

static bool in_kit(const struct opts *o, const struct iface *in, char *path,
		   size_t size)
{
	if (!in->module)
		return true;
	snprintf(path, size, "%s/%s", o->kit, in->module);
	return in->setup && access(path, R_OK) == 0;
}

static int cmd_list(const struct opts *o)
{
	char path[PATH_MAX];

	printf("the interfaces, and their modules in %s:\n", o->kit);
	for (size_t i = 0; i < NR_IFACES; i++) {
		const char *where = "(a null system call: the floor)";

		if (ifaces[i].module)
			where = in_kit(o, &ifaces[i], path, sizeof(path)) ? path : "not in this kit";
		printf("  %-9s %s\n", ifaces[i].name, where);
	}
	return 0;
}

static const char *module_name(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');

	snprintf(name, size, "%s", base ? base + 1 : path);
	name[strcspn(name, ".")] = '\0';
	return name;
}

/* Load a module: 1 if this call loaded it, 0 if it was loaded, or -1. */
static int load(const char *path, const char *params)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	if (ret && errno == EEXIST)
		return 0;
	return ret ? -1 : 1;
}

/*
 * The allocator's debugging options, as the kernel's command line last
 * sets them: they make every kmalloc() dearer, which some rows pay.
 */
static void print_debug_options(void)
{
	static const char *const keys[] = { "slub_debug=", "page_poison=", "init_on_free=" };
	char line[4096], *tok, *save;
	FILE *f = fopen("/proc/cmdline", "r");

	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		const char *last[3] = { "(unset)", "(unset)", "(unset)" };

		for (tok = strtok_r(line, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
			for (size_t k = 0; k < 3; k++)
				if (!strncmp(tok, keys[k], strlen(keys[k])))
					last[k] = tok + strlen(keys[k]);
		printf("allocator debugging: slub_debug=%s page_poison=%s init_on_free=%s",
		       last[0], last[1], last[2]);
	}
	fclose(f);
	/* What slub made of it: kmalloc-64's red zones and owner tracking. */
	f = fopen("/sys/kernel/slab/kmalloc-64/store_user", "r");
	if (f && fgets(line, sizeof(line), f))
		printf(" (in effect: store_user %s)", strtok_r(line, "\n", &save));
	if (f)
		fclose(f);
	printf("\n");
}

static void print_header(const struct opts *o)
{
	struct utsname u;

	uname(&u);
	printf("kernel %s on %ld CPUs; the fastest of %d rounds (and the median),\n"
	       "a sample lasting %.0f ms; x floor: the time over getppid()'s\n",
	       u.release, sysconf(_SC_NPROCESSORS_ONLN), o->reps, o->sample * 1e3);
	print_debug_options();
	printf("%-9s %-6s %-14s %6s %10s %10s %12s %9s\n", "interface", "job",
	       "way", "bytes", "ns/op", "(median)", "ops/s", "x floor");
}

/* The table's order: each interface's jobs, its notes after its rows. */
static int rank(const struct row *r)
{
	static const char *const jobs[] = { "null", "read", "write", "echo", "event", "run", "block" };
	size_t j = 0;

	while (j < sizeof(jobs) / sizeof(jobs[0]) && strcmp(r->job, jobs[j]))
		j++;
	return 2 * j + !r->op;
}

static void sort_rows(void)
{
	/* Insertion sort, stable: the interfaces stay in their order. */
	for (size_t i = 1; i < nr_rows; i++) {
		struct row r = rows[i];
		size_t k = i;

		while (k > 0 && !strcmp(rows[k - 1].iface, r.iface) && rank(&rows[k - 1]) > rank(&r)) {
			rows[k] = rows[k - 1];
			k--;
		}
		rows[k] = r;
	}
}

static int write_table(const struct opts *o, double floor)
{
	FILE *csv = NULL;

	sort_rows();

	if (o->csv) {
		csv = fopen(o->csv, "w");
		if (!csv) {
			fprintf(stderr, "reader: %s: %s\n", o->csv, strerror(errno));
			return -1;
		}
		fprintf(csv, "interface,job,way,bytes,ns_per_op,ns_median,ops_per_s,x_floor,note\n");
	}
	for (size_t i = 0; i < nr_rows; i++) {
		const struct row *r = &rows[i];
		const struct op *op = r->op;

		if (!op) {
			printf("%-9s %-6s %s\n", r->iface, r->job, r->note);
			if (csv)
				fprintf(csv, "%s,%s,,,,,,,\"%s\"\n", r->iface, r->job, r->note);
			continue;
		}
		printf("%-9s %-6s %-14s %6zu %10.1f %10.1f %12.0f %9.2f\n",
		       op->iface, op->job, op->way, op->bytes, op->best * 1e9,
		       op->median * 1e9, 1 / op->best, op->best / floor);
		if (csv)
			fprintf(csv, "%s,%s,%s,%zu,%.1f,%.1f,%.0f,%.3f,\n", op->iface,
				op->job, op->way, op->bytes, op->best * 1e9,
				op->median * 1e9, 1 / op->best, op->best / floor);
	}
	if (csv && fclose(csv)) {
		fprintf(stderr, "reader: %s: %s\n", o->csv, strerror(errno));
		return -1;
	}
	return 0;
}

static int cmd_bench(const struct opts *o)
{
	bool loaded[NR_IFACES] = { false };
	char path[PATH_MAX], params[PATH_MAX + 16], name[64];
	int ret = 0;

	for (size_t i = 0; i < NR_IFACES; i++) {
		const struct iface *in = &ifaces[i];

		if (!wanted(o, in->name))
			continue;
		if (!in_kit(o, in, path, sizeof(path))) {
			add_note(in->name, "-", "not in this kit");
			continue;
		}
		if (in->module) {
			/* The upcall runs the helper of the kit it came with. */
			snprintf(params, sizeof(params), "programs=%s/upcall/helper", o->kit);
			int l = load(path, in->params ? in->params : params);

			if (l < 0) {
				fprintf(stderr, "reader: loading %s: %s\n", path, strerror(errno));
				ret = -1;
				continue;
			}
			loaded[i] = l;
		}
		if (in->setup()) {
			fprintf(stderr, "reader: %s: %s\n", in->name, strerror(errno));
			ret = -1;
		}
	}

	if (!ret) {
		size_t failed = measure(ops, nr_ops, o->reps, o->sample);

		if (failed) {
			fprintf(stderr, "reader: %s %s %s: %s\n", ops[failed - 1].iface,
				ops[failed - 1].job, ops[failed - 1].way, strerror(errno));
			ret = -1;
		}
	}
	if (!ret) {
		print_header(o);
		ret = write_table(o, ops[0].best);
	}

	ifaces_close();
	for (size_t i = NR_IFACES; i-- > 0;) {
		if (!loaded[i])
			continue;
		module_name(ifaces[i].module, name, sizeof(name));
		if (syscall(SYS_delete_module, name, O_NONBLOCK)) {
			fprintf(stderr, "reader: unloading %s: %s\n", name, strerror(errno));
			ret = -1;
		}
	}
	return ret;
}

static int parse_positive(const char *s, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || end == s || *end || *out < 1 || *out > max)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kit", required_argument, NULL, 'k' },
		{ "only", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'C' },
		{ "reps", required_argument, NULL, 'R' },
		{ "sample", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .kit = "/kit", .reps = 15, .sample = 0.010 };
	const char *cmd;
	long n;
	int c;

	while ((c = getopt_long(argc, argv, "k:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o.kit = optarg;
			break;
		case 'o':
			if (check_only(optarg))
				return 2;
			o.only = optarg;
			break;
		case 'C':
			o.csv = optarg;
			break;
		case 'R':
			if (parse_positive(optarg, 1000, &n)) {
				fprintf(stderr, "reader: --reps: 1 to 1000, not %s\n", optarg);
				return 2;
			}
			o.reps = n;
			break;
		case 'S':
			if (parse_positive(optarg, 10000, &n)) {
				fprintf(stderr, "reader: --sample: 1 to 10000 ms, not %s\n", optarg);
				return 2;
			}
			o.sample = n / 1e3;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return 2;
	}
	cmd = optind < argc ? argv[optind] : "list";
	if (!strcmp(cmd, "list"))
		return cmd_list(&o);
	if (!strcmp(cmd, "bench"))
		return cmd_bench(&o) ? 1 : 0;
	fprintf(stderr, "reader: no command \"%s\"\n", cmd);
	usage(stderr);
	return 2;
}
