/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pg.h: the server store's PostgreSQL backend, for a province's
 * several server processes over one database (`--db postgresql://...`).
 *
 * Each fc_pgstore_* verb taking a struct fc_sstore is the operation of the
 * same name in store/backend.h; store/pg.c's table fc_sstore_pg lists them,
 * so only the files of server/store/ include this header. The SQL, the connection and its
 * migrations are in store/pg.c, the verbs in store/pg-data.c. One struct fc_pgstore is one libpq
 * connection with every statement prepared, used by one thread at a time like a SQLite handle.
 * Nothing lives only in the process: codes, nonces, the high-water marks and the registry's
 * revisions are all rows, and a push locks its device's row, so any process may answer any request.
 */
#ifndef FC_SERVER_STORE_PG_H
#define FC_SERVER_STORE_PG_H

#include <stdint.h>

#include "core/buf.h"
#include "core/migrate.h"
#include "server/store/backend.h"
#include "server/store/pq-lib.h"

struct fc_pgstore;

/* schema/server-pg/NNNN-*.sql, embedded by tools/embed-sql.sh. */
extern const struct fc_migration fc_server_pg_migrations[];
/* The statements, indexed by enum sql_id (store/pg-sql.c). */
extern const char *const fc_pg_sql[SQL_COUNT];

/* Open and close */

/* Connect to uri, migrate (one process at a time) and prepare. Caller closes. */
int fc_pgstore_open(const char *uri, struct fc_pgstore **out, struct fc_error *err);
void fc_pgstore_close(struct fc_pgstore *pg); /* NULL does nothing */
int fc_pgstore_begin(struct fc_pgstore *pg, struct fc_error *err);
int fc_pgstore_commit(struct fc_pgstore *pg, struct fc_error *err);
/* Also reconnects a connection the database dropped, so a pooled handle heals. */
void fc_pgstore_rollback(struct fc_pgstore *pg);

/* The verbs: see store/store.h */

int fc_pgstore_put_inspector(struct fc_sstore *st, const struct fc_sinspector *in, time_t now,
			     struct fc_error *err);
int fc_pgstore_get_inspector(struct fc_sstore *st, const char *id, struct fc_sinspector *out,
			     struct fc_error *err);
int fc_pgstore_schema(struct fc_pgstore *pg, int *have, int *known, struct fc_error *err);
int fc_pgstore_revoke(struct fc_sstore *st, const char *id, time_t now, struct fc_error *err);
int fc_pgstore_revoke_device(struct fc_sstore *st, const char *device, time_t now,
			     struct fc_error *err);
int fc_pgstore_add_code(struct fc_sstore *st, const unsigned char hash[32], const char *inspector,
			time_t now, time_t expires, struct fc_error *err);
int fc_pgstore_get_code(struct fc_sstore *st, const unsigned char hash[32],
			char inspector_out[FC_ID_MAX], int64_t *expires, int64_t *used, int *found,
			struct fc_error *err);
int fc_pgstore_spend_code(struct fc_sstore *st, const unsigned char hash[32], time_t now,
			  long *changed, struct fc_error *err);
int fc_pgstore_insert_device(struct fc_sstore *st, const char *device, const char *inspector,
			     const unsigned char pk[FC_PK_BYTES], time_t now, struct fc_error *err);
int fc_pgstore_get_caller(struct fc_sstore *st, const char *device, const char *inspector,
			  const char *nonce, struct fc_scaller *out, struct fc_error *err);
int fc_pgstore_get_device(struct fc_sstore *st, const char *device, struct fc_sdevice *out,
			  struct fc_error *err);
int fc_pgstore_each_device(struct fc_sstore *st, fc_sdevice_fn fn, void *ctx, struct fc_error *err);
int fc_pgstore_touch_device(struct fc_sstore *st, int64_t rowid, time_t now, struct fc_error *err);
int fc_pgstore_use_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
			 long window, struct fc_error *err);
int fc_pgstore_held(struct fc_sstore *st, int64_t device_rowid, int64_t *seq,
		    unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
int fc_pgstore_record_hash(struct fc_sstore *st, int64_t device_rowid, int64_t seq,
			   unsigned char hash[FC_HASH_BYTES], struct fc_error *err);
int fc_pgstore_insert_record(struct fc_sstore *st, int64_t device_rowid, const char *district,
			     const struct fc_record *rec, const struct fc_sextract *ex, time_t now,
			     struct fc_error *err);
int fc_pgstore_add_fork(struct fc_sstore *st, int64_t device_rowid, const struct fc_record *rec,
			const unsigned char held_hash[FC_HASH_BYTES], time_t now,
			struct fc_error *err);
int fc_pgstore_each_record(struct fc_sstore *st, int64_t device_rowid, fc_srecord_fn fn, void *ctx,
			   struct fc_error *err);
int fc_pgstore_counts(struct fc_sstore *st, struct fc_scounts *out, struct fc_error *err);
int fc_pgstore_put_households(struct fc_sstore *st, const struct fc_household *rows, size_t count,
			      struct fc_error *err);
int fc_pgstore_households_since(struct fc_sstore *st, enum sql_id id, const char *district,
				int64_t since, size_t limit, fc_household_fn fn, void *ctx,
				int64_t *last, struct fc_error *err);
int fc_pgstore_add_template(struct fc_sstore *st, const char *id, int version, const char *json,
			    time_t now, struct fc_error *err);
int fc_pgstore_templates_since(struct fc_sstore *st, int64_t since, fc_stemplate_fn fn, void *ctx,
			       struct fc_error *err);
int fc_pgstore_get_photo(struct fc_sstore *st, const char *hash, int64_t size, int64_t device_rowid,
			 struct fc_sphoto *out, struct fc_error *err);
int fc_pgstore_photo_done(struct fc_sstore *st, const char *hash, int64_t size,
			  struct fc_error *err);

int fc_pgstore_household_district(struct fc_sstore *st, const char *id, char district[FC_ID_MAX],
				  int *found, struct fc_error *err);
int fc_pgstore_record_owner(struct fc_sstore *st, const char *record_id, struct fc_sowner *out,
			    int *found, struct fc_error *err);

int fc_pgstore_household_get(struct fc_sstore *st, const char *id, struct fc_household *out,
			     int *found, struct fc_error *err);
int fc_pgstore_household_bodies(struct fc_sstore *st, const char *household, fc_sbody_fn fn,
				void *ctx, struct fc_error *err);
int fc_pgstore_ledger_lock(struct fc_sstore *st, const char *household, struct fc_error *err);
int fc_pgstore_ledger_prefetch(struct fc_sstore *st, const char *household, struct fc_error *err);
int fc_pgstore_ledger_del(struct fc_sstore *st, enum sql_id id, const char *const *key, int n,
			  struct fc_error *err);
int fc_pgstore_ledger_hazard(struct fc_sstore *st, const struct fc_sledger_hazard *row,
			     struct fc_error *err);
int fc_pgstore_ledger_programme(struct fc_sstore *st, const struct fc_sledger_programme *row,
				struct fc_error *err);
int fc_pgstore_ledger_version(struct fc_sstore *st, const struct fc_sledger_version *row,
			      struct fc_error *err);
int fc_pgstore_ledger_pending(struct fc_sstore *st, char (*ids)[FC_ID_MAX], size_t max, size_t *n,
			      struct fc_error *err);
int fc_pgstore_ledger_pending_done(struct fc_sstore *st, const char *household,
				   struct fc_error *err);

/* The connection, for migrate-store's bulk copy (store/migrate.c). */
PGconn *fc_pgstore_conn(struct fc_pgstore *pg);

/* A report query's rows (store/report.c builds the JSON). */
int fc_pgstore_rows(struct fc_pgstore *pg, enum sql_id id, const struct fc_sstore_param *params,
		    int nparams, fc_sstore_row_fn fn, void *ctx, struct fc_error *err);

/* Shared by store/pg*.c: the connection and running a statement */

/*
 * held is the high-water mark a push moved inside the open transaction, not
 * yet written: one UPDATE at commit instead of one per record (the device's
 * row is locked meanwhile, so nobody else could read it anyway). It never
 * outlives the transaction: commit writes it first, rollback drops it.
 */
struct fc_pgheld {
	int pending;
	int64_t device_rowid, seq, now;
	unsigned char hash[FC_HASH_BYTES];
};

/*
 * Statements a transaction sends without waiting for their answers (libpq's
 * pipeline mode): the writes whose results nobody reads (fc_pgstore_defer).
 * A push of one record used to wait for about fourteen round trips; the
 * writes now travel together and are answered with the next read or at
 * commit.
 */
#define FC_PGSTORE_PIPE_MAX 64
/* Reads sent ahead at once: a household's registry row carries its rows, records and counters. */
#define FC_PGSTORE_PRE_MAX 4

/*
 * A read sent ahead of its use (fc_pgstore_prefetch), to travel in the round
 * trip of the next read: its place among the pending plus one (0: none),
 * what it was, its first parameter, and its result once answered.
 */
struct fc_pgpre {
	int slot;
	enum sql_id id;
	char key[FC_ID_MAX];
	PGresult *res;
};

/*
 * New rows of a table gathered in the open transaction, to go in one
 * statement (store/pg-bulk.c): each column's elements in PostgreSQL's binary
 * array form, after room for its header, and the rows' households (and
 * versions' ids) for the reads that could see them.
 */
enum {
	FC_PGBULK_RECORDS,
	FC_PGBULK_VERSIONS,
	FC_PGBULK_PROGRAMMES,
	FC_PGBULK_HAZARDS,
	FC_PGBULK_PARTS,
	FC_PGBULK_TABLES
};
#define FC_PGBULK_COLS 18
#define FC_PGBULK_ROWS 1000  /* a statement's rows at most */
#define FC_PGBULK_SLOTS 4096 /* > two keys a row */
struct fc_pgbulk {
	size_t rows;
	int nulls[FC_PGBULK_COLS];
	struct fc_buf col[FC_PGBULK_COLS];
	struct fc_buf keys;		/* each a tag ('h', 'i') and text, NUL-terminated */
	uint32_t slot[FC_PGBULK_SLOTS]; /* offset + 1 into keys; 0 empty */
};

struct fc_pgstore {
	const struct fc_pq *pq; /* libpq, loaded by the first store opened (pq-lib.h) */
	PGconn *conn;
	struct fc_pgheld held;
	int in_txn;	/* between fc_pgstore_begin and commit or rollback */
	int ledger_all; /* the transaction holds every household's ledger (an import) */
	int piping;	/* in pipeline mode, with npend statements sent and not yet answered */
	int npend;
	char pend_what[FC_PGSTORE_PIPE_MAX][96]; /* what each one does, for its error message */
	struct fc_pgpre pre[FC_PGSTORE_PRE_MAX]; /* reads sent ahead, one per statement */
	struct fc_pgbulk bulk[FC_PGBULK_TABLES]; /* rows gathered, not yet sent */
};

/* Write a pending high-water mark now (store/pg-data.c); 0 when none. */
int fc_pgstore_flush_held(struct fc_pgstore *pg, struct fc_error *err);

/* Parameters of one statement; numbers are formatted into num. */
#define FC_PGARGS_MAX 20
struct fc_pgargs {
	const char *val[FC_PGARGS_MAX];
	int len[FC_PGARGS_MAX];
	int fmt[FC_PGARGS_MAX];
	char num[FC_PGARGS_MAX][24];
	int n;
};

/*
 * Send read id (args a, the first of them key) now, in the open
 * transaction's pipeline, so that it is answered with the next read instead
 * of in a round trip of its own; fc_pgstore_rows (or fc_pgstore_prefetched)
 * of the same id and key then takes that answer, once. A read of the same id
 * sent ahead before is forgotten. Outside a transaction it does nothing.
 */
int fc_pgstore_prefetch(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
			const char *key, struct fc_error *err, const char *what);
/* *out: the answer of a read of id and key sent ahead (caller PQclears), or NULL if none. */
int fc_pgstore_prefetched(struct fc_pgstore *pg, enum sql_id id, const char *key, PGresult **out,
			  struct fc_error *err);

/* Append a parameter: text (NULL is SQL NULL), a number, or bytes sent in binary. */
void fc_pgargs_text(struct fc_pgargs *a, const char *s);
void fc_pgargs_int(struct fc_pgargs *a, int64_t v);
void fc_pgargs_bytes(struct fc_pgargs *a, const void *b, size_t len);

/*
 * Run statement id whose result nobody reads: inside a transaction it is sent
 * now and its answer read with the next statement that returns rows, or at
 * commit, where a failure fails (and the caller rolls back) as it would have
 * at once; outside one it runs at once. Inside one, a new row of records,
 * versions, programmes, hazards or aggregate_parts is gathered instead, to be sent
 * with the others of its table in one statement (store/pg-bulk.c).
 */
int fc_pgstore_defer(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
		     struct fc_error *err, const char *what);

/*
 * Send prepared statement name into the transaction's pipeline (or run it at
 * once where pipeline mode cannot be entered); its answer is read with the
 * next read or at commit, a failure naming what.
 */
int fc_pgstore_send(struct fc_pgstore *pg, const char *name, int n, const char *const *val,
		    const int *len, const int *fmt, struct fc_error *err, const char *what);

/* Gathered rows (store/pg-bulk.c) */

void fc_pgstore_bulk_init(struct fc_pgstore *pg);
void fc_pgstore_bulk_free(struct fc_pgstore *pg);
int fc_pgstore_bulk_prepare(struct fc_pgstore *pg, struct fc_error *err);
/*
 * Take the row of insert id (args a) into its table's gathered statement:
 * 1 taken, 0 not a gathered insert (or outside a transaction), -1 failed.
 */
int fc_pgstore_bulk_add(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
			struct fc_error *err);
/* Before statement id (args a, or NULL) is sent: send the gathered rows it could see. */
int fc_pgstore_bulk_before(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
			   struct fc_error *err);
int fc_pgstore_bulk_send_all(struct fc_pgstore *pg, struct fc_error *err);
/* Drop the gathered rows unsent (a rollback). */
void fc_pgstore_bulk_forget(struct fc_pgstore *pg);

/* Run statement id: its result (caller PQclears), or NULL with err set ("what: why", what N_()). */
PGresult *fc_pgstore_run(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
			 struct fc_error *err, const char *what);
/* Run a statement that returns no rows; *changed (if not NULL) gets the rows it touched. */
int fc_pgstore_exec(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a, long *changed,
		    struct fc_error *err, const char *what);

/* Reading results. bytea is read only from binary results (pg.c's pg_binary[]). */
/* A fixed-size bytea column into out; zeros when NULL or of another size. */
void fc_pgstore_blob(const PGresult *res, int row, int col, unsigned char *out, size_t size);
void fc_pgstore_copy(char *out, size_t size, const PGresult *res, int row, int col);
int64_t fc_pgstore_int(const PGresult *res, int row, int col);

#endif
