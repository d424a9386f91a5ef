/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pg-store: push throughput and summary query time of the server store with
 * a large store behind it, for one backend and one or more server
 * processes. bench/pg-bench.sh runs it for SQLite and PostgreSQL with one
 * and two `fieldcheck-server serve` processes; it is not a bench-* program
 * because it needs those servers and a database handed to it.
 *
 *   pg-store DB PRELOAD [URL...]
 *
 * DB is the store the servers use (a SQLite file or a postgresql:// URI).
 * First PRELOAD records (from PRELOAD_DEVICES devices) are verified and
 * stored straight through fc_server_store_batch(), batches of 500, as a
 * push would without HTTP: this fills the store and gives the server's own
 * verify-and-insert rate. Then the supervisors' summary is timed, by
 * district and by inspector, over the whole store. Last, PUSH_DEVICES
 * devices, each on its own thread with its own device store, push
 * PUSH_RECORDS records each at once, spread over the URLs round robin:
 * records per second end to end through HTTP, verified and stored (no
 * URL: no push). Push devices are new each run, so runs can share a store.
 * It prints figures; it never passes or fails.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/date.h"
#include "core/aggregate.h"
#include "core/record.h"
#include "core/store.h"
#include "sync/client.h"
#include "server/store/pq-lib.h"
#include "server/store/store.h"
#include "server/server.h"
#include "sync/wire.h"

#include "bench/ceiling.h"
#include "bench/seal.h"

#define PRELOAD_DEVICES 20
#define PUSH_DEVICES 8
#define PUSH_RECORDS 2500
#define ONE_RECORDS 250 /* per device, one record a request */
#define BATCH 500

struct pdev {
	char device[FC_DEVICE_ID_LEN + 1];
	char inspector[FC_ID_MAX];
	char district[FC_ID_MAX];
	unsigned char pk[FC_PK_BYTES];
	unsigned char *sk;
	struct fc_signer signer;
	unsigned char prev[FC_HASH_BYTES];
	int64_t seq;
	/* push phase: the client borrows key and opt, so they live here */
	struct fc_key key;
	struct fc_sync_options opt;
	struct fc_store *dst;
	struct fc_client *client;
	struct fc_sync_result res;
	struct fc_error err;
	int failed;
	int spread; /* records dated over the last two years (the preload), else now */
};

/*
 * Households per device (FC_PG_STORE_HOUSEHOLDS, default 5 000: 100 000 for
 * the preload's 20 devices). Fewer give each household more records, as a
 * store many times larger would: the cost of recomputing a household grows
 * with the records it holds.
 */
static long pg_households = 5000;

static double
pg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
pg_die(const char *what, const struct fc_error *err)
{
	fprintf(stderr, "pg-store: %s: %s\n", what, err->msg);
	exit(1);
}

/* The next record of d's chain: a gas inspection as bench-sync makes them (bench/seal.h). */
static void
pg_seal(struct pdev *d, struct fc_record *out)
{
	struct fc_error err = {0};
	int64_t i = ++d->seq;
	char household[48], when[40] = "", day[11];

	snprintf(household, sizeof household, "HH-%s-%06lld", d->device,
		 (long long)(i % pg_households));
	/* A province's store spans years: summaries of a period must not read them all. */
	if (d->spread) {
		fc_date_local_day(time(NULL), (long)((i * 7919) % 730), day);
		snprintf(when, sizeof when, "%sT10:00:00+08:00", day);
	}
	if (bench_seal_gas(&d->signer, i, d->prev, household, when[0] ? when : NULL, out, &err) !=
	    0)
		pg_die("seal", &err);
	memcpy(d->prev, out->hash, FC_HASH_BYTES);
}

static void
pg_new_device(struct pdev *d, int n, const char *kind, struct fc_sstore *st)
{
	struct fc_sinspector in = {.role = FC_ROLE_INSPECTOR};
	struct fc_error err = {0};

	d->sk = sodium_malloc(FC_SK_BYTES);
	crypto_sign_keypair(d->pk, d->sk);
	/* Device ids are 8 hex digits: preload devices start with a, push devices with b. */
	snprintf(d->device, sizeof d->device, "%c%07x", kind[0] == 'p' ? 'a' : 'b', (unsigned)n);
	snprintf(d->inspector, sizeof d->inspector, "%s%07x", kind, (unsigned)n);
	snprintf(d->district, sizeof d->district, "区%02d", n % 7);
	snprintf(d->signer.inspector, sizeof d->signer.inspector, "%s", d->inspector);
	snprintf(d->signer.device, sizeof d->signer.device, "%s", d->device);
	d->signer.sk = d->sk;
	snprintf(in.id, sizeof in.id, "%s", d->inspector);
	snprintf(in.name, sizeof in.name, "检查员 %d", n);
	snprintf(in.district, sizeof in.district, "%s", d->district);
	if (fc_sstore_put_inspector(st, &in, time(NULL), &err) != 0 ||
	    fc_sstore_add_device(st, d->device, d->inspector, d->pk, time(NULL), &err) != 0)
		pg_die("enrol", &err);
}

/*
 * The registry's rows for the households the preload's records name
 * (FC_PG_STORE_REGISTRY=1, bench/console-bench.sh): each in its device's
 * district, one in ten a catering unit and one in ten a rural house, so the
 * console's figures by kind join real rows. Put before the records, as a
 * registry import comes before the inspections.
 */
static void
pg_registry(struct fc_sstore *st)
{
	static const char *const kinds[10] = {
	    "catering",	   "rural",	  "business",	 "residential", "residential",
	    "residential", "residential", "residential", "residential", "residential"};
	struct fc_household *rows = calloc((size_t)pg_households, sizeof *rows);
	struct fc_error err = {0};

	if (rows == NULL)
		pg_die("registry", &err);
	for (int n = 0; n < PRELOAD_DEVICES; n++) {
		for (long i = 0; i < pg_households; i++) {
			struct fc_household *h = &rows[i];

			snprintf(h->id, sizeof h->id, "HH-a%07x-%06ld", (unsigned)n, i);
			snprintf(h->district, sizeof h->district, "区%02d", n % 7);
			snprintf(h->address, sizeof h->address, "幸福路 %ld 号 %d 栋", i, n);
			snprintf(h->resident, sizeof h->resident, "住户 %ld", i);
			snprintf(h->phone, sizeof h->phone, "138%08ld", i);
			snprintf(h->kind, sizeof h->kind, "%s", kinds[i % 10]);
		}
		/* In a transaction, as an import is: outside one each row commits on its
		 * own (three syncs a household) and the counters' changes wait for the
		 * next commit. */
		if (fc_sstore_begin(st, &err) != 0 ||
		    fc_sstore_put_households(st, rows, (size_t)pg_households, &err) != 0 ||
		    fc_sstore_commit(st, &err) != 0)
			pg_die("registry", &err);
	}
	free(rows);
}

/* Fill the store; returns the verify-and-insert rate. */
static double
pg_preload(struct fc_sstore *st, long total, double *cpu)
{
	struct pdev *devs = calloc(PRELOAD_DEVICES, sizeof *devs);
	struct fc_record rec[BATCH];
	struct fc_error err = {0};
	double t = 0;
	long done = 0;

	for (int i = 0; i < PRELOAD_DEVICES; i++) {
		pg_new_device(&devs[i], i, "p", st);
		devs[i].spread = 1;
	}
	while (done < total) {
		struct pdev *d = &devs[(done / BATCH) % PRELOAD_DEVICES];
		struct fc_buf raw = FC_BUF_INIT;
		struct fc_sdevice dev;
		json_t *answer = NULL;
		long n = 0, k = total - done < BATCH ? total - done : BATCH;
		double t0;

		fc_wire_batch_start(&raw, &err);
		for (long i = 0; i < k; i++) {
			pg_seal(d, &rec[i]);
			fc_wire_batch_add(&raw, rec[i].body, rec[i].body_len, rec[i].sig, &err);
		}
		if (fc_sstore_get_device(st, d->device, &dev, &err) != 0)
			pg_die("device", &err);
		t0 = pg_now();
		double c0 = ceiling_cpu();
		if (fc_server_store_batch(st, &dev, d->district, raw.buf, raw.len, &answer, &n,
					  &err) != 0)
			pg_die("store batch", &err);
		*cpu += ceiling_cpu() - c0;
		t += pg_now() - t0;
		json_decref(answer);
		fc_buf_release(&raw);
		for (long i = 0; i < k; i++)
			fc_record_release(&rec[i]);
		done += k;
		if (done % 100000 == 0)
			fprintf(stderr, "pg-store: %ld records stored\n", done);
	}
	for (int i = 0; i < PRELOAD_DEVICES; i++)
		sodium_free(devs[i].sk);
	free(devs);
	return total / t;
}

static void *
pg_push_one(void *arg)
{
	struct pdev *d = arg;

	d->failed = fc_client_push(d->client, d->dst, &d->res, &d->err) != 0;
	return NULL;
}

/*
 * Every push device pushes `records` records at once, `batch` a request (0:
 * the client's default); returns records per second.
 */
static double
pg_push(struct fc_sstore *st, char **urls, int nurls, const char *dir, int records, size_t batch)
{
	struct pdev *devs = calloc(PUSH_DEVICES, sizeof *devs);
	pthread_t tid[PUSH_DEVICES];
	struct fc_error err = {0};
	long pushed = 0;
	int base = (int)randombytes_uniform(0x0fff0000);
	double t0, t;

	for (int i = 0; i < PUSH_DEVICES; i++) {
		struct pdev *d = &devs[i];
		struct fc_identity id = {0};
		char path[256];

		/* New ids each run, so several runs can share one store. */
		pg_new_device(d, base + i, "h", st);
		snprintf(path, sizeof path, "%s/device-%d-%zu.db", dir, i, batch);
		snprintf(id.inspector, sizeof id.inspector, "%s", d->inspector);
		snprintf(id.name, sizeof id.name, "检查员 %d", i);
		snprintf(id.device, sizeof id.device, "%s", d->device);
		memcpy(id.pk, d->pk, FC_PK_BYTES);
		if (fc_store_open(path, &d->dst, &err) != 0 ||
		    fc_store_set_identity(d->dst, &id, &err) != 0 ||
		    fc_store_begin(d->dst, &err) != 0)
			pg_die(path, &err);
		for (int r = 0; r < records; r++) {
			struct fc_record rec;

			pg_seal(d, &rec);
			if (fc_store_append(d->dst, &rec, &err) != 0)
				pg_die("device append", &err);
			fc_record_release(&rec);
		}
		if (fc_store_commit(d->dst, &err) != 0)
			pg_die("device commit", &err);
		d->key.id = id;
		d->key.sk = d->sk;
		d->opt.url = urls[i % nurls];
		d->opt.batch_records = batch;
		/* Opened here, on one thread: libcurl's global set-up is not thread-safe. */
		if (fc_client_open(&d->opt, &d->key, &d->client, &err) != 0)
			pg_die("client", &err);
	}
	t0 = pg_now();
	for (int i = 0; i < PUSH_DEVICES; i++)
		pthread_create(&tid[i], NULL, pg_push_one, &devs[i]);
	for (int i = 0; i < PUSH_DEVICES; i++)
		pthread_join(tid[i], NULL);
	t = pg_now() - t0;
	for (int i = 0; i < PUSH_DEVICES; i++) {
		if (devs[i].failed)
			fprintf(stderr, "pg-store: push %d: %s\n", i, devs[i].err.msg);
		pushed += (long)devs[i].res.pushed;
		fc_client_close(devs[i].client);
		fc_store_close(devs[i].dst);
		sodium_free(devs[i].sk);
	}
	free(devs);
	if (pushed != (long)PUSH_DEVICES * records)
		fprintf(stderr, "pg-store: pushed %ld of %d\n", pushed, PUSH_DEVICES * records);
	return pushed / t;
}

/* The summary by `by` for records of the last days_back days (-1: all), in seconds: best of 3. */
static double
pg_summary(struct fc_sstore *st, const char *by, long days_back)
{
	struct fc_error err = {0};
	char today[11], since[11] = "";
	double best = 0;

	fc_date_local_day(time(NULL), 0, today);
	if (days_back >= 0)
		fc_date_local_day(time(NULL), days_back, since);
	for (int i = 0; i < 3; i++) {
		json_t *out = NULL;
		double t0 = pg_now(), t;

		if (fc_sstore_summary(st, by, since, today, &out, &err) != 0)
			pg_die("summary", &err);
		json_decref(out);
		t = pg_now() - t0;
		if (i == 0 || t < best)
			best = t;
	}
	return best;
}

/*
 * The summary's ceiling (issue 20: "an indexed read"): the counters it sums,
 * every day's row of its metrics for dim, read by a bare query on the same
 * store through the primary key, fastest of 3 in seconds; below 0 when they
 * could not be read. A summary slower than reading what it adds up spends
 * its time elsewhere; one faster reads fewer rows (monthly totals).
 */
static double
pg_indexed_read(const char *db, const char *dim)
{
	/* The metrics fc_sstore_summary() adds up (server/store/report.c), each day's row. */
	static const char sql[] =
	    "SELECT grp, metric, sub, day, n FROM aggregates WHERE metric IN ('" FC_AGG_INSPECTIONS
	    "', '" FC_AGG_NOBODY_HOME "', '" FC_AGG_REFUSALS "', '" FC_AGG_FOLLOWUPS
	    "', '" FC_AGG_SEVERITY "', '" FC_AGG_ITEMS "', '" FC_AGG_STATES "', '" FC_AGG_OPEN_UNTIL
	    "', '" FC_AGG_GRADES "', '" FC_AGG_DUE "') AND dim = ";
	int pg = strncmp(db, "postgres", 8) == 0;
	/* The server's table (pq-lib.h): NULL when libpq cannot be loaded. */
	const struct fc_pq *pq = pg ? fc_pq(NULL) : NULL;
	PGconn *c = pq != NULL ? pq->connectdb(db) : NULL;
	sqlite3 *d = NULL;
	sqlite3_stmt *s = NULL;
	char q[512];
	double best = -1;

	snprintf(q, sizeof q, "%s'%s'", sql, dim); /* dim is ours: district or inspector */
	if (pg && pq == NULL)
		best = -2;
	if (!pg && (sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(d, q, -1, &s, NULL) != SQLITE_OK))
		best = -2;
	/* Connected and prepared once, as the server is: only the reads are timed. */
	for (int i = 0; i < 3 && best > -2; i++) {
		double t0 = pg_now(), t = -1;
		long rows = 0;

		if (pg) {
			PGresult *r = pq->exec(c, q);
			if (pq->resultStatus(r) == PGRES_TUPLES_OK) {
				for (rows = 0; rows < pq->ntuples(r); rows++)
					(void)pq->getvalue(r, (int)rows, 4);
				t = pg_now() - t0;
			}
			pq->clear(r);
		} else {
			while (sqlite3_step(s) == SQLITE_ROW)
				rows += sqlite3_column_int64(s, 4) >= 0;
			sqlite3_reset(s);
			t = pg_now() - t0;
		}
		if (t >= 0 && (best < 0 || t < best))
			best = t;
	}
	sqlite3_finalize(s);
	sqlite3_close(d);
	if (pq != NULL)
		pq->finish(c);
	return best;
}

static void
pg_summary_ceiling(const char *db, double by_district, double by_inspector)
{
	double rd = pg_indexed_read(db, "district"), ri = pg_indexed_read(db, "inspector");

	if (rd <= 0 || ri <= 0) {
		printf("      ceiling: the counters could not be read directly\n");
		return;
	}
	printf("      ceiling, an indexed read of the counters it sums, in this run: %.1f ms by "
	       "district, %.1f ms by inspector; the summary takes %.1f x and %.1f x that\n",
	       rd * 1e3, ri * 1e3, by_district / rd, by_inspector / ri);
}

/* The ingest ceiling of this machine now, on a record pg_seal() makes. */
static void
pg_ceiling(const char *dir, struct ceiling *c)
{
	struct pdev d = {0};
	struct fc_record rec;

	d.sk = sodium_malloc(FC_SK_BYTES);
	crypto_sign_keypair(d.pk, d.sk);
	snprintf(d.device, sizeof d.device, "c0000001");
	snprintf(d.signer.inspector, sizeof d.signer.inspector, "c1");
	snprintf(d.signer.device, sizeof d.signer.device, "%s", d.device);
	d.signer.sk = d.sk;
	pg_seal(&d, &rec);
	if (ceiling_measure(c, dir, &rec, d.pk) != 0) {
		fprintf(stderr, "pg-store: the ceiling could not be measured\n");
		exit(1);
	}
	fc_record_release(&rec);
	sodium_free(d.sk);
}

int
main(int argc, char **argv)
{
	struct fc_error err = {0};
	struct fc_sstore *st = NULL;
	struct fc_scounts c = {0}, before = {0};
	char dir[64] = "/tmp/fc-pg-store.XXXXXX", cmd[128];
	double direct = 0, push = 0, sd, si, cpu = 0;
	struct ceiling ceil;
	long preload;

	if (argc < 3) {
		fprintf(stderr, "usage: pg-store DB PRELOAD [URL...]\n");
		return 2;
	}
	preload = strtol(argv[2], NULL, 10);
	if (getenv("FC_PG_STORE_HOUSEHOLDS") != NULL &&
	    strtol(getenv("FC_PG_STORE_HOUSEHOLDS"), NULL, 10) > 0)
		pg_households = strtol(getenv("FC_PG_STORE_HOUSEHOLDS"), NULL, 10);
	if (fc_sign_init(&err) != 0)
		pg_die("sodium", &err);
	json_object_seed(0);
	if (mkdtemp(dir) == NULL || fc_sstore_open(argv[1], &st, &err) != 0)
		pg_die(argv[1], &err);
	pg_ceiling(dir, &ceil);
	printf("  ");
	ceiling_print(&ceil);
	if (preload > 0 && getenv("FC_PG_STORE_REGISTRY") != NULL &&
	    strcmp(getenv("FC_PG_STORE_REGISTRY"), "1") == 0)
		pg_registry(st);
	if (preload > 0) {
		direct = pg_preload(st, preload, &cpu);
		printf("  verify + insert, no HTTP (filling the store): %8.0f records/s\n", direct);
		/* The database server's own CPU is not this process's: PostgreSQL's is left out. */
		ceiling_ratio(&ceil, direct, cpu, preload, 80);
	}
	if (fc_sstore_counts(st, &before, &err) != 0)
		pg_die("counts", &err);
	sd = pg_summary(st, "district", -1);
	si = pg_summary(st, "inspector", -1);
	printf("  summary over %lld records: by district %.1f ms, by inspector %.1f ms "
	       "(target < 50 ms at 1 000 000, < 200 ms at 10 000 000)\n",
	       (long long)before.records, sd * 1e3, si * 1e3);
	pg_summary_ceiling(argv[1], sd, si);
	sd = pg_summary(st, "district", 30);
	si = pg_summary(st, "inspector", 30);
	printf("  summary of the last 30 days: by district %.1f ms, by inspector %.1f ms\n",
	       sd * 1e3, si * 1e3);
	/* FC_PG_STORE_PUSH=one or batch runs that push phase alone (to profile the server). */
	const char *only = getenv("FC_PG_STORE_PUSH");

	if (argc > 3 && (only == NULL || strcmp(only, "one") != 0)) {
		push = pg_push(st, argv + 3, argc - 3, dir, PUSH_RECORDS, 0);
		printf("  push through HTTP, %d devices at once over %d server process%s: %8.0f "
		       "records/s\n",
		       PUSH_DEVICES, argc - 3, argc - 3 > 1 ? "es" : "", push);
		ceiling_ratio(&ceil, push, 0, 0, 80);
	}
	if (argc > 3 && (only == NULL || strcmp(only, "batch") != 0)) {
		push = pg_push(st, argv + 3, argc - 3, dir, ONE_RECORDS, 1);
		printf(
		    "  push, %d devices at once, one record per request: %8.0f records/s (target "
		    ">= 5000)\n",
		    PUSH_DEVICES, push);
		ceiling_ratio(&ceil, push, 0, 0, 0);
	}
	if (fc_sstore_counts(st, &c, &err) != 0)
		pg_die("counts", &err);
	printf("  the store now holds %lld records\n", (long long)c.records);
	fc_sstore_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
