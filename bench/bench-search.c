/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench-search.c: how fast the device finds a household, with 100 000 and
 * then 1 000 000 households in the store.
 *
 * Fills a store in a temporary directory through fc_store_put_households()
 * (50 000 rows per transaction, as a registry import would), printing the
 * import rate; then runs a few hundred searches of the kinds inspectors type
 * (one to four Chinese characters cut from real addresses, resident names,
 * id prefixes, phone fragments, and queries that find little or nothing),
 * each asking for the first page of 20, and prints the median and p99 time
 * per kind and overall. Target: p99 under 20 ms at 1 000 000 households.
 * Prints figures; passes or fails nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/store.h"
#include "core/utf8.h"
#include "households-gen.h"

#define BENCH_BATCH 50000
#define BENCH_PAGE 20
#define BENCH_PER_KIND 40
#define BENCH_SEED 42

enum query_kind {
	Q_CHAR1,
	Q_CHAR2,
	Q_CHAR3,
	Q_CHAR4,
	Q_NAME,
	Q_ID_PREFIX,
	Q_PHONE,
	Q_MIXED,
	Q_RARE,
	Q_KINDS
};

static const char *const kind_names[Q_KINDS] = {
    "1 character", "2 characters", "3 characters",  "4 characters",  "resident name",
    "id prefix",   "phone digits", "street + name", "rare / no hit",
};

/* Queries that find one household or nothing at all. */
static const char *const rare_queries[] = {
    "龘",
    "魑魅",
    "不存在路",
    "HH-9999999",
    "00000000",
    "鑫鑫鑫",
    "zz",
    "量子",
    "黄土村12组80",
    "欧阳子涵",
    "司马鑫",
    /* A common street with a name nobody there has: every street row is a candidate. */
    "新华路 龘",
    "人民 欧阳",
    "解放路 司马",
    "新华 魑魅 路",
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Characters [from, from+n) of s into out; 0 if s is too short. */
static int
substr_chars(const char *s, size_t from, size_t n, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, c = 0, start = 0;

	while (i < len && c < from + n) {
		uint32_t cp;

		if (c == from)
			start = i;
		i += fc_utf8_decode(s + i, len - i, &cp);
		c++;
	}
	if (c < from + n || i - start >= size)
		return 0;
	memcpy(out, s + start, i - start);
	out[i - start] = '\0';
	return 1;
}

/* A query of kind k made from household number i. */
static void
make_query(const struct gen *g, enum query_kind k, long i, char *out, size_t size)
{
	struct fc_household h;
	size_t nchars, n, from;

	gen_household(g, i, &h);
	nchars = fc_utf8_count(h.address);
	switch (k) {
	case Q_CHAR1:
	case Q_CHAR2:
	case Q_CHAR3:
	case Q_CHAR4:
		n = (size_t)(k - Q_CHAR1) + 1;
		from = (size_t)gen_pick(g, i, 100, (unsigned)(nchars - n + 1));
		/* One and two characters: Chinese ones, as a street name or surname is. */
		for (int tries = 0; tries < 20; tries++) {
			if (substr_chars(h.address, from, n, out, size) &&
			    (n > 2 || ((unsigned char)out[0] >= 0x80 &&
				       (unsigned char)out[strlen(out) - 1] >= 0x80)))
				return;
			from = (from + 1) % (nchars - n + 1);
		}
		snprintf(out, size, "新华");
		return;
	case Q_NAME:
		snprintf(out, size, "%s", h.resident);
		return;
	case Q_ID_PREFIX:
		snprintf(out, size, "%.*s", 6 + (int)gen_pick(g, i, 101, 4), h.id);
		return;
	case Q_PHONE:
		n = 3 + gen_pick(g, i, 102, 3);
		from = gen_pick(g, i, 103, (unsigned)(strlen(h.phone) - n + 1));
		snprintf(out, size, "%.*s", (int)n, h.phone + from);
		return;
	case Q_MIXED:
		/* A street from this household, a surname from another: few share both. */
		substr_chars(h.address, 0, 3, out, size);
		gen_household(g, i / 2 + 1, &h);
		substr_chars(h.resident, 0, 1, out + strlen(out) + 1, size - strlen(out) - 1);
		out[strlen(out)] = ' ';
		return;
	default:
		snprintf(out, size, "%s",
			 rare_queries[gen_pick(g, i, 104, GEN_COUNT(rare_queries))]);
		return;
	}
}

static int
count_hit(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	(void)h;
	(void)err;
	(*(int *)ctx)++;
	return 0;
}

static void
print_times(long size, const char *label, double *ms, int n, int hits)
{
	qsort(ms, (size_t)n, sizeof *ms, cmp_double);
	int p99 = (int)ceil(0.99 * n) - 1;
	printf("search %7ld households, %-14s median %7.3f ms   p99 %7.3f ms   (%d queries, "
	       "%d hits)\n",
	       size, label, ms[n / 2], ms[p99 < 0 ? 0 : p99], n, hits);
}

static int
run_searches(struct fc_store *st, const struct gen *g, long size)
{
	static double all[Q_KINDS * BENCH_PER_KIND];
	double per[BENCH_PER_KIND];
	struct fc_error err = {0};
	char q[128];
	int nall = 0, hits_all = 0;

	for (int k = 0; k < Q_KINDS; k++) {
		int hits = 0;

		for (int j = 0; j < BENCH_PER_KIND; j++) {
			long i = 1 + (long)(gen_rand(g, j * Q_KINDS + k, 200) % (uint64_t)size);
			int got = 0;
			double t0;

			make_query(g, (enum query_kind)k, i, q, sizeof q);
			t0 = now_ms();
			if (fc_store_search_households(st, q, BENCH_PAGE, count_hit, &got, &err) !=
			    0) {
				fprintf(stderr, "bench-search: search '%s': %s\n", q, err.msg);
				return -1;
			}
			per[j] = all[nall++] = now_ms() - t0;
			hits += got;
		}
		hits_all += hits;
		print_times(size, kind_names[k], per, BENCH_PER_KIND, hits);
	}
	print_times(size, "all kinds", all, nall, hits_all);
	return 0;
}

/* Add households first..last (inclusive) in transactions of BENCH_BATCH. */
static int
import(struct fc_store *st, const struct gen *g, long first, long last, struct fc_household *rows)
{
	struct fc_error err = {0};
	double t0 = now_ms(), secs;

	for (long i = first; i <= last; i += BENCH_BATCH) {
		long n = last - i + 1 < BENCH_BATCH ? last - i + 1 : BENCH_BATCH;

		for (long j = 0; j < n; j++)
			gen_household(g, i + j, &rows[j]);
		if (fc_store_put_households(st, rows, (size_t)n, &err) != 0) {
			fprintf(stderr, "bench-search: import: %s\n", err.msg);
			return -1;
		}
	}
	secs = (now_ms() - t0) / 1e3;
	printf("search import: %ld households added (to %ld) in %.1f s: %.0f households/s\n",
	       last - first + 1, last, secs, (double)(last - first + 1) / secs);
	return 0;
}

int
main(void)
{
	static const long sizes[] = {100000, 1000000};
	struct fc_household *rows = NULL;
	struct fc_store *st = NULL;
	struct fc_error err = {0};
	struct gen g;
	struct stat sb;
	char dir[] = "/tmp/fc-bench-search-XXXXXX";
	char path[64], cmd[96];
	long have = 0;
	int ret = 1;

	fc_utf8_locale();
	gen_init(&g, BENCH_SEED, "2026-01-01");
	if (mkdtemp(dir) == NULL) {
		perror("bench-search: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/store.db", dir);
	rows = calloc(BENCH_BATCH, sizeof *rows);
	if (rows == NULL || fc_store_open(path, &st, &err) != 0) {
		fprintf(stderr, "bench-search: %s\n", rows == NULL ? "out of memory" : err.msg);
		goto out;
	}
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		if (import(st, &g, have + 1, sizes[s], rows) != 0)
			goto out;
		have = sizes[s];
		if (stat(path, &sb) == 0)
			printf("search store: %ld households, %.0f MiB on disk (without the WAL)\n",
			       have, (double)sb.st_size / (1024.0 * 1024.0));
		if (run_searches(st, &g, have) != 0)
			goto out;
	}
	ret = 0;
out:
	fc_store_close(st);
	free(rows);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench-search: could not remove %s\n", dir);
	return ret;
}
