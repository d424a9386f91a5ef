/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ceiling.h: the most this machine could ingest, measured in the same run as
 * the figure it is compared with.
 *
 * A pushed record costs the server at least a signature check, one JSON
 * parse, one BLAKE2b hash and one SQLite insert (issue 20's pipeline). Each is
 * timed here on a real sealed body in CPU time, so other work on the machine
 * slows the loop without changing the figure; the sum divided over the
 * cores is the ingest ceiling. A benchmark prints its ingest figure beside
 * this ceiling and the ratio, never a bare number. Header-only: each bench
 * program is one .c file (Makefile: bench/X.c -> BUILD/bench/X).
 */
#ifndef FC_BENCH_CEILING_H
#define FC_BENCH_CEILING_H

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "core/record.h"
#include "core/sign.h"

/*
 * The console's targets (issue 17), printed beside its figures by
 * bench/console-bench.sh, which reads them from here: an overview or hazard
 * ledger call over 1 000 000 records within this many ms of server time, and
 * an export of them within this much resident memory.
 */
#define FC_BENCH_CONSOLE_API_MS 100
#define FC_BENCH_EXPORT_MIB 64

struct ceiling {
	double verify_us, parse_us, hash_us, insert_us; /* CPU µs per record */
	long cores;
	double per_s; /* cores / the sum: records per second at best */
};

static double
ceiling_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* µs of CPU per call of one step over rec, run for about 0.3 s. */
static double
ceiling_step(int step, const struct fc_record *rec, const unsigned char *pk)
{
	unsigned char hash[FC_HASH_BYTES];
	long n = 0;
	double t0 = ceiling_cpu(), t;

	do {
		for (int i = 0; i < 200; i++) {
			if (step == 0 && fc_sign_check(pk, rec->body, rec->body_len, rec->sig) != 0)
				return -1;
			if (step == 1) {
				json_t *o = json_loadb(rec->body, rec->body_len,
						       JSON_REJECT_DUPLICATES, NULL);
				if (o == NULL)
					return -1;
				json_decref(o);
			}
			if (step == 2)
				fc_sign_record_hash(rec->body, rec->body_len, rec->sig, hash);
		}
		n += 200;
	} while ((t = ceiling_cpu()) - t0 < 0.3);
	return 1e6 * (t - t0) / (double)n;
}

/*
 * µs of CPU per row inserted into a bare table shaped like the server's
 * records (id key, device and seq unique, body, signature, hash), 500 rows a
 * transaction with a durable commit, in a file under dir.
 */
static double
ceiling_insert(const char *dir, const struct fc_record *rec)
{
	char path[256];
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	long n = 0;
	double t0, t = 0;

	snprintf(path, sizeof path, "%s/ceiling.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE r (id TEXT PRIMARY KEY, device TEXT NOT NULL, seq "
			 "INTEGER NOT NULL, body BLOB NOT NULL, sig BLOB NOT NULL, hash BLOB "
			 "NOT NULL, UNIQUE (device, seq))",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO r VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &ins,
			       NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	t0 = ceiling_cpu();
	do {
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		for (int i = 0; i < 500; i++, n++) {
			char id[32];
			snprintf(id, sizeof id, "%s-%06ld", rec->device, n + 1);
			sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 2, rec->device, -1, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 3, n + 1);
			sqlite3_bind_blob(ins, 4, rec->body, (int)rec->body_len, SQLITE_STATIC);
			sqlite3_bind_blob(ins, 5, rec->sig, FC_SIG_BYTES, SQLITE_STATIC);
			sqlite3_bind_blob(ins, 6, rec->hash, FC_HASH_BYTES, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE)
				n = -1000000;
			sqlite3_reset(ins);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	} while (n > 0 && (t = ceiling_cpu()) - t0 < 0.3);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	unlink(path);
	snprintf(path, sizeof path, "%s/ceiling.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/ceiling.db-shm", dir);
	unlink(path);
	return n > 0 ? 1e6 * (t - t0) / (double)n : -1;
}

/* Measure every step on rec (signed by pk); 0, or -1 when a step failed. */
static int
ceiling_measure(struct ceiling *c, const char *dir, const struct fc_record *rec,
		const unsigned char *pk)
{
	memset(c, 0, sizeof *c);
	c->verify_us = ceiling_step(0, rec, pk);
	c->parse_us = ceiling_step(1, rec, pk);
	c->hash_us = ceiling_step(2, rec, pk);
	c->insert_us = ceiling_insert(dir, rec);
	c->cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (c->verify_us < 0 || c->parse_us < 0 || c->insert_us < 0 || c->cores < 1)
		return -1;
	c->per_s =
	    (double)c->cores * 1e6 / (c->verify_us + c->parse_us + c->hash_us + c->insert_us);
	return 0;
}

static void
ceiling_print(const struct ceiling *c)
{
	printf("ceiling, measured in this run (CPU time per record): verify %.1f us + parse %.1f "
	       "us + hash %.1f us + insert %.1f us = %.1f us -> %.0f records/s on %ld cores\n",
	       c->verify_us, c->parse_us, c->hash_us, c->insert_us,
	       c->verify_us + c->parse_us + c->hash_us + c->insert_us, c->per_s, c->cores);
}

/*
 * The line under an ingest figure: the ceiling of this run and the ratio, and
 * the CPU the figure cost per record against the ceiling's sum. With other
 * work on the machine the wall-clock ratio drops while the CPU one holds, so
 * the two together say whether the code or the machine was short. cpu_s is
 * the process CPU time the figure's records took, or 0 when unknown (the
 * work ran in another process).
 */
static void
ceiling_ratio(const struct ceiling *c, double figure, double cpu_s, long records, int target_pct)
{
	double sum = c->verify_us + c->parse_us + c->hash_us + c->insert_us;

	printf("      ceiling %.0f records/s measured in this run; this is %.0f%% of it", c->per_s,
	       100.0 * figure / c->per_s);
	if (target_pct > 0)
		printf(" (target >= %d%%)", target_pct);
	printf("\n");
	if (cpu_s > 0 && records > 0)
		printf("      CPU per record %.1f us against the ceiling's %.1f us (%.0f%%)\n",
		       1e6 * cpu_s / (double)records, sum,
		       100.0 * sum * (double)records / (1e6 * cpu_s));
}

#endif
