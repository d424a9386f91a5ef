/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pg-bulk.c: a transaction's new rows of records, versions,
 * programmes, hazards and aggregate_parts, gathered and sent as one statement a table
 * (INSERT ... SELECT FROM unnest of one array a column) instead of one
 * statement a row.
 *
 * PostgreSQL spent about 10 µs of its own CPU handling each statement
 * (protocol, portal, snapshot, executor start) beside the row's own work, and
 * a stored record cost four such inserts (docs/limits.md). The rows are
 * gathered as fc_pgstore_defer is handed them, each value copied at once,
 * and a table's statement is sent into the transaction's pipeline before any
 * statement that could see those rows or must come after them: a read of the
 * records (a record resent in the same batch, a follow-up naming one stored
 * earlier, a household's records for its ledger), a read or delete of the
 * same household's ledger rows or counters, and any statement not listed
 * below, whatever it does. So every statement still sees what it saw when
 * each row was its own statement; the commit sends what is left. A failure of
 * a gathered statement fails the transaction as the row's own would have.
 *
 * The values travel in binary (array_recv's form: a header, then each
 * element's length and bytes), so bodies, hashes and signatures go as their
 * bytes and text needs no quoting.
 */
#include <arpa/inet.h>
#include <libintl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/store/pg.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* PostgreSQL's type oids of the array elements (pg_type.h). */
#define PG_OID_BYTEA 17
#define PG_OID_TEXT 25
/* An array's header: dimensions, null flag, element type, then the one dimension's length and lower
 * bound. */
#define PG_ARRAY_HEAD 20

/* A column's memory kept between transactions, at most. */
#define PG_BULK_KEEP (256 * 1024)

#define UNNEST_TAIL(n) ") AS u(" n ")"

/*
 * Each gathered table: the single-row insert whose rows it takes, the
 * statement that inserts them all, the columns' kinds ('t' text, 'b' bytes,
 * as that insert's parameters are bound), which parameters are the row's
 * household and (versions) id, for the reads that could see them, and what
 * its failure says.
 */
struct pg_bulk_table {
	enum sql_id id;
	const char *sql;
	const char *kinds;
	int household, key; /* parameter indexes, -1 none */
	const char *what;
};

static const struct pg_bulk_table pg_bulk[FC_PGBULK_TABLES] = {
    [FC_PGBULK_RECORDS] =
	{SQL_INSERT_RECORD,
	 "INSERT INTO records (device_id, seq, hash, record_id, inspector, district, type, "
	 "household, template_id, day, outcome, follows, grade, body, sig, received_at, entry) "
	 "SELECT a1::bigint, a2::bigint, a3, a4, a5, a6, a7, nullif(a8, ''), nullif(a9, ''), a10, "
	 "nullif(a11, ''), nullif(a12, ''), nullif(a13, ''), a14, a15, a16::bigint, "
	 "nullif(a17, '') FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], "
	 "$5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], "
	 "$12::text[], $13::text[], $14::bytea[], $15::bytea[], $16::text[], "
	 "$17::text[]" UNNEST_TAIL(
	     "a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17"),
	 "ttbttttttttttbbtt", -1, -1, N_("cannot store the pushed records")},
    [FC_PGBULK_VERSIONS] =
	{SQL_LEDGER_PUT_VERSION,
	 "INSERT INTO versions (id, household, district, root, current, kind, inspector, day, "
	 "programme, outcome, grade, conflict) SELECT a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, "
	 "a11, "
	 "a12::integer FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
	 "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], "
	 "$12::text[]" UNNEST_TAIL("a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12"),
	 "tttttttttttt", 1, 0, N_("cannot save a version row")},
    [FC_PGBULK_PROGRAMMES] =
	{SQL_LEDGER_PUT_PROGRAMME,
	 "INSERT INTO programmes (household, programme, district, last, last_date, due, outcome, "
	 "grade, visit, visit_date, visit_outcome, months, finding, visits, revisit, escalated, "
	 "inspections, visits_total) SELECT a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, "
	 "a12::integer, a13::integer, a14::integer, a15::integer, a16::integer, a17::integer, "
	 "a18::integer FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
	 "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], "
	 "$13::text[], $14::text[], $15::text[], $16::text[], $17::text[], "
	 "$18::text[]" UNNEST_TAIL("a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, "
				   "a15, a16, a17, a18"),
	 "tttttttttttttttttt", 0, -1, N_("cannot save a programme row")},
    [FC_PGBULK_HAZARDS] =
	{SQL_LEDGER_PUT_HAZARD,
	 "INSERT INTO hazards (household, programme, item, district, record, root, inspector, "
	 "severity, note, rule, found, status, closed_by, closed_inspector, closed, deadline, "
	 "followups) SELECT a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, "
	 "a17::integer FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
	 "$6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], "
	 "$13::text[], $14::text[], $15::text[], $16::text[], $17::text[]" UNNEST_TAIL(
	     "a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17"),
	 "ttttttttttttttttt", 0, -1, N_("cannot save a hazard")},
    /* An upsert: one household twice in one statement would be refused, so it never is. */
    [FC_PGBULK_PARTS] = {SQL_AGG_PART_PUT,
			 "INSERT INTO aggregate_parts (household, counts) SELECT a1, a2 FROM "
			 "unnest($1::text[], $2::text[]) AS u(a1, a2) ON CONFLICT (household) "
			 "DO UPDATE SET counts = EXCLUDED.counts",
			 "tt", 0, -1, N_("cannot write to the store")},
};

/*
 * What a statement could see of the gathered rows, or must follow, per
 * table: PG_SEES_ALL (the default for a statement not listed: its rows are
 * sent first), none, those of the household its $1 names, or the version row
 * its $1 names.
 */
enum { PG_SEES_ALL, PG_SEES_NONE, PG_SEES_HOUSEHOLD, PG_SEES_ID };

struct pg_sees {
	int listed;
	unsigned char t[FC_PGBULK_TABLES];
};

/* Per table as FC_PGBULK_ orders them: records, versions, programmes, hazards, parts. */
#define SEES(r, v, p, h, a)                                                                        \
	{                                                                                          \
		1,                                                                                 \
		{                                                                                  \
			PG_SEES_##r, PG_SEES_##v, PG_SEES_##p, PG_SEES_##h, PG_SEES_##a            \
		}                                                                                  \
	}
#define SEES_NOTHING SEES(NONE, NONE, NONE, NONE, NONE)

/* Only what a push and a household's recompute run; every other statement sees everything. */
static const struct pg_sees pg_sees[SQL_COUNT] = {
    /* The device, its inspector, its nonces, its mark: none of the gathered tables. */
    [SQL_GET_CALLER] = SEES_NOTHING,
    [SQL_GET_INSPECTOR] = SEES_NOTHING,
    [SQL_GET_DEVICE] = SEES_NOTHING,
    [SQL_NONCE_SEEN] = SEES_NOTHING,
    [SQL_TAKE_NONCE] = SEES_NOTHING,
    [SQL_ADD_NONCE] = SEES_NOTHING,
    [SQL_PRUNE_NONCES] = SEES_NOTHING,
    [SQL_HELD] = SEES_NOTHING,
    [SQL_SET_HELD] = SEES_NOTHING,
    [SQL_TOUCH_DEVICE] = SEES_NOTHING,
    [SQL_ADD_REFUSAL] = SEES_NOTHING,
    [SQL_ADD_FORK] = SEES_NOTHING,
    [SQL_INSERT_PHOTO] = SEES_NOTHING,
    [SQL_TEMPLATES_SINCE] = SEES_NOTHING,
    /* The registry row (the district check, the recompute). */
    [SQL_HOUSEHOLD_DISTRICT] = SEES_NOTHING,
    [SQL_HOUSEHOLD_GET] = SEES_NOTHING,
    /* Advisory locks: every row of a household is written under its lock either way. */
    [SQL_LEDGER_LOCK] = SEES_NOTHING,
    [SQL_LEDGER_LOCK_ALL] = SEES_NOTHING,
    /* The records: what the walk and the recompute read back. */
    [SQL_RECORD_HASH] = SEES(ALL, NONE, NONE, NONE, NONE),
    [SQL_RECORD_OWNER] = SEES(ALL, NONE, NONE, NONE, NONE),
    [SQL_HOUSEHOLD_BODIES] = SEES(ALL, NONE, NONE, NONE, NONE),
    [SQL_RECORD_ENTRY] = SEES(ALL, NONE, NONE, NONE, NONE),
    /* A household's ledger rows and counters: only its own. */
    [SQL_LEDGER_ROWS] = SEES(NONE, HOUSEHOLD, HOUSEHOLD, HOUSEHOLD, NONE),
    [SQL_LEDGER_DEL_VERSION] = SEES(NONE, ID, NONE, NONE, NONE),
    [SQL_LEDGER_DEL_PROGRAMME] = SEES(NONE, NONE, HOUSEHOLD, NONE, NONE),
    [SQL_LEDGER_DEL_HAZARD] = SEES(NONE, NONE, NONE, HOUSEHOLD, NONE),
    [SQL_AGG_PART_GET] = SEES(NONE, NONE, NONE, NONE, HOUSEHOLD),
    [SQL_AGG_PART_DEL] = SEES(NONE, NONE, NONE, NONE, HOUSEHOLD),
    [SQL_AGG_ADD_MANY] = SEES_NOTHING,
    [SQL_AGG_ADD_ONE] = SEES_NOTHING,
    [SQL_AGG_DROP] = SEES_NOTHING,
    /* A gathered insert not gathered (its table's rows go first, in order). */
    [SQL_INSERT_RECORD] = SEES(ALL, NONE, NONE, NONE, NONE),
    [SQL_LEDGER_PUT_VERSION] = SEES(NONE, ALL, NONE, NONE, NONE),
    [SQL_LEDGER_PUT_PROGRAMME] = SEES(NONE, NONE, ALL, NONE, NONE),
    [SQL_LEDGER_PUT_HAZARD] = SEES(NONE, NONE, NONE, ALL, NONE),
    [SQL_AGG_PART_PUT] = SEES(NONE, NONE, NONE, NONE, ALL),
};

int
fc_pgstore_bulk_prepare(struct fc_pgstore *pg, struct fc_error *err)
{
	for (int t = 0; t < FC_PGBULK_TABLES; t++) {
		char name[16];
		PGresult *res;
		int ok;

		snprintf(name, sizeof name, "fcb%d", t);
		res = pg->pq->prepare(pg->conn, name, pg_bulk[t].sql, 0, NULL);
		ok = pg->pq->resultStatus(res) == PGRES_COMMAND_OK;
		if (!ok)
			fc_error_set(err, FC_E_DB, "%s: %.300s", _("cannot prepare a statement"),
				     pg->pq->resultErrorMessage(res));
		pg->pq->clear(res);
		if (!ok)
			return fc_error_prefix(err, "bulk statement %d", t);
	}
	return 0;
}

/* FNV-1a of a key's tag and text, for the table of keys. */
static uint32_t
pg_bulk_hash(char tag, const char *s)
{
	uint32_t h = 2166136261u ^ (unsigned char)tag;

	h *= 16777619u;
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* 1 when a gathered row of b has the key tag:s. */
static int
pg_bulk_has(const struct fc_pgbulk *b, char tag, const char *s)
{
	for (uint32_t i = pg_bulk_hash(tag, s) % FC_PGBULK_SLOTS;; i = (i + 1) % FC_PGBULK_SLOTS) {
		const char *k;

		if (b->slot[i] == 0)
			return 0;
		k = b->keys.buf + b->slot[i] - 1;
		if (k[0] == tag && strcmp(k + 1, s) == 0)
			return 1;
	}
}

static int
pg_bulk_note(struct fc_pgbulk *b, char tag, const char *s, struct fc_error *err)
{
	uint32_t i = pg_bulk_hash(tag, s) % FC_PGBULK_SLOTS;
	size_t at = b->keys.len;

	if (pg_bulk_has(b, tag, s))
		return 0;
	if (fc_buf_add(&b->keys, &tag, 1, err) != 0 ||
	    fc_buf_add(&b->keys, s, strlen(s) + 1, err) != 0)
		return -1;
	while (b->slot[i] != 0)
		i = (i + 1) % FC_PGBULK_SLOTS;
	b->slot[i] = (uint32_t)at + 1;
	return 0;
}

/* Append one element to a column: its length (-1: NULL) and bytes, as array_recv reads them. */
static int
pg_bulk_element(struct fc_pgbulk *b, int c, const char *val, int len, struct fc_error *err)
{
	uint32_t n;

	if (b->col[c].len == 0 && fc_buf_grow(&b->col[c], PG_ARRAY_HEAD, err) == 0)
		b->col[c].len = PG_ARRAY_HEAD; /* filled in when sent */
	if (val == NULL) {
		b->nulls[c] = 1;
		n = htonl(UINT32_MAX);
		return fc_buf_add(&b->col[c], &n, 4, err);
	}
	n = htonl((uint32_t)len);
	if (fc_buf_add(&b->col[c], &n, 4, err) != 0)
		return -1;
	return fc_buf_add(&b->col[c], val, (size_t)len, err);
}

/* The array header in front of column c's elements. */
static void
pg_bulk_head(struct fc_pgbulk *b, int c, char kind)
{
	uint32_t head[5] = {htonl(1), htonl((uint32_t)b->nulls[c]),
			    htonl(kind == 'b' ? PG_OID_BYTEA : PG_OID_TEXT),
			    htonl((uint32_t)b->rows), htonl(1)};

	memcpy(b->col[c].buf, head, sizeof head);
}

/* Forget table t's gathered rows (sent, or the transaction ended); its memory is kept. */
static void
pg_bulk_clear(struct fc_pgbulk *b)
{
	for (int c = 0; c < FC_PGBULK_COLS; c++) {
		fc_buf_reset(&b->col[c]);
		b->nulls[c] = 0;
	}
	fc_buf_reset(&b->keys);
	if (b->rows > 0)
		memset(b->slot, 0, sizeof b->slot);
	b->rows = 0;
}

/* Send table t's gathered rows as its one statement, into the transaction's pipeline. */
static int
pg_bulk_send(struct fc_pgstore *pg, int t, struct fc_error *err)
{
	struct fc_pgbulk *b = &pg->bulk[t];
	int ncols = (int)strlen(pg_bulk[t].kinds), ret;
	const char *val[FC_PGBULK_COLS];
	int len[FC_PGBULK_COLS], fmt[FC_PGBULK_COLS];
	char name[16];

	if (b->rows == 0)
		return 0;
	for (int c = 0; c < ncols; c++) {
		pg_bulk_head(b, c, pg_bulk[t].kinds[c]);
		val[c] = b->col[c].buf;
		len[c] = (int)b->col[c].len;
		fmt[c] = 1;
	}
	snprintf(name, sizeof name, "fcb%d", t);
	ret = fc_pgstore_send(pg, name, ncols, val, len, fmt, err, pg_bulk[t].what);
	pg_bulk_clear(b);
	return ret;
}

int
fc_pgstore_bulk_send_all(struct fc_pgstore *pg, struct fc_error *err)
{
	for (int t = 0; t < FC_PGBULK_TABLES; t++)
		if (pg_bulk_send(pg, t, err) != 0)
			return -1;
	return 0;
}

void
fc_pgstore_bulk_forget(struct fc_pgstore *pg)
{
	for (int t = 0; t < FC_PGBULK_TABLES; t++) {
		pg_bulk_clear(&pg->bulk[t]);
		/* A batch's bodies (megabytes) are not kept by a handle waiting in the pool. */
		for (int c = 0; c < FC_PGBULK_COLS; c++)
			if (pg->bulk[t].col[c].cap > PG_BULK_KEEP)
				fc_buf_release(&pg->bulk[t].col[c]);
	}
}

void
fc_pgstore_bulk_init(struct fc_pgstore *pg)
{
	for (int t = 0; t < FC_PGBULK_TABLES; t++) {
		for (int c = 0; c < FC_PGBULK_COLS; c++)
			fc_buf_init(&pg->bulk[t].col[c]);
		fc_buf_init(&pg->bulk[t].keys);
	}
}

void
fc_pgstore_bulk_free(struct fc_pgstore *pg)
{
	for (int t = 0; t < FC_PGBULK_TABLES; t++) {
		for (int c = 0; c < FC_PGBULK_COLS; c++)
			fc_buf_release(&pg->bulk[t].col[c]);
		fc_buf_release(&pg->bulk[t].keys);
	}
}

int
fc_pgstore_bulk_before(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
		       struct fc_error *err)
{
	const struct pg_sees *s = &pg_sees[id];
	const char *key = a != NULL && a->n > 0 && a->fmt[0] == 0 ? a->val[0] : NULL;

	for (int t = 0; t < FC_PGBULK_TABLES; t++) {
		const struct fc_pgbulk *b = &pg->bulk[t];
		int sees = s->listed ? s->t[t] : PG_SEES_ALL;

		if (b->rows == 0 || sees == PG_SEES_NONE)
			continue;
		/* A key we cannot read (NULL) is taken as one the rows may hold. */
		if (sees == PG_SEES_HOUSEHOLD && key != NULL && !pg_bulk_has(b, 'h', key))
			continue;
		if (sees == PG_SEES_ID && key != NULL && !pg_bulk_has(b, 'i', key))
			continue;
		if (pg_bulk_send(pg, t, err) != 0)
			return -1;
	}
	return 0;
}

/* Table t takes a's row: its parameters are bound as the table's columns are. */
static int
pg_bulk_fits(int t, const struct fc_pgargs *a)
{
	const char *kinds = pg_bulk[t].kinds;

	if (a->n != (int)strlen(kinds))
		return 0;
	for (int c = 0; c < a->n; c++)
		if (a->fmt[c] != (kinds[c] == 'b'))
			return 0;
	return 1;
}

static int
pg_bulk_row(struct fc_pgbulk *b, int t, const struct fc_pgargs *a, struct fc_error *err)
{
	const struct pg_bulk_table *bt = &pg_bulk[t];

	for (int c = 0; c < a->n; c++) {
		const char *v = a->val[c];
		int len = a->fmt[c] == 1 ? a->len[c] : v != NULL ? (int)strlen(v) : 0;

		if (pg_bulk_element(b, c, v, len, err) != 0)
			return -1;
	}
	if ((bt->household >= 0 && a->val[bt->household] != NULL &&
	     pg_bulk_note(b, 'h', a->val[bt->household], err) != 0) ||
	    (bt->key >= 0 && a->val[bt->key] != NULL &&
	     pg_bulk_note(b, 'i', a->val[bt->key], err) != 0))
		return -1;
	b->rows++;
	return 0;
}

int
fc_pgstore_bulk_add(struct fc_pgstore *pg, enum sql_id id, const struct fc_pgargs *a,
		    struct fc_error *err)
{
	int t = 0;
	struct fc_pgbulk *b;

	while (t < FC_PGBULK_TABLES && pg_bulk[t].id != id)
		t++;
	if (t == FC_PGBULK_TABLES || !pg->in_txn || !pg_bulk_fits(t, a))
		return 0;
	b = &pg->bulk[t];
	/* A household's counters twice: the first is sent, an upsert takes each row once. */
	if (t == FC_PGBULK_PARTS && a->val[0] != NULL && pg_bulk_has(b, 'h', a->val[0]) &&
	    pg_bulk_send(pg, t, err) != 0)
		return -1;
	/* A row half appended is not taken back: the failure fails the transaction. */
	if (pg_bulk_row(b, t, a, err) != 0)
		return -1;
	if (b->rows >= FC_PGBULK_ROWS && pg_bulk_send(pg, t, err) != 0)
		return -1;
	return 1;
}
