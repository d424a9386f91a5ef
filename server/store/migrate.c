/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/migrate.c: moving a city's SQLite store into PostgreSQL
 * (`fieldcheck-server migrate-store --from FILE.db --to postgresql://...`).
 *
 * Every table is copied row for row, in the order its foreign keys need, in
 * one PostgreSQL transaction: a move that fails leaves the new database as
 * empty as it was. Values keep their SQLite types (a blob goes as bytea in
 * binary, an integer as a number, NULL as NULL), so a body is moved byte for
 * byte and never re-serialised; the ids SQLite gave devices, forks, refusals and
 * templates are kept, and PostgreSQL's identity sequences and the
 * registry's revision sequence are moved past them, so devices' pull cursors
 * stay valid. After the commit every record is read back from both stores
 * and compared. This file does not verify signatures or chains: the
 * command's `verify` pass over the new store does.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/store/pg.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* One table: what to read from SQLite and how to write it to PostgreSQL. */
struct mig_table {
	const char *name;
	const char *select; /* SQLite */
	const char *insert; /* PostgreSQL, one $n per selected column */
	const char *count;  /* PostgreSQL, after the move */
};

/* In foreign-key order: inspectors before codes and devices, records before hazards. */
static const struct mig_table mig_tables[] = {
    {"inspectors", "SELECT id, name, district, role, created_at, revoked_at FROM inspectors",
     "INSERT INTO inspectors (id, name, district, role, created_at, revoked_at) "
     "VALUES ($1, $2, $3, $4, $5, $6)",
     "SELECT count(*) FROM inspectors"},
    {"enrol_codes",
     "SELECT code_hash, inspector, created_at, expires_at, used_at, cancelled_at "
     "FROM enrol_codes",
     "INSERT INTO enrol_codes (code_hash, inspector, created_at, expires_at, used_at, "
     "cancelled_at) VALUES ($1, $2, $3, $4, $5, $6)",
     "SELECT count(*) FROM enrol_codes"},
    {"devices",
     "SELECT id, device, inspector, pk, enrolled_at, last_sync, held_seq, held_hash, "
     "revoked_at FROM devices ORDER BY id",
     "INSERT INTO devices (id, device, inspector, pk, enrolled_at, last_sync, held_seq, "
     "held_hash, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
     "SELECT count(*) FROM devices"},
    {"records",
     "SELECT device_id, seq, hash, record_id, inspector, district, type, household, "
     "template_id, day, outcome, follows, grade, body, sig, received_at, entry FROM records "
     "ORDER BY device_id, seq",
     "INSERT INTO records (device_id, seq, hash, record_id, inspector, district, type, "
     "household, template_id, day, outcome, follows, grade, body, sig, received_at, entry) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
     "SELECT count(*) FROM records"},
    /* The ledger's rows, as computed (a household still pending is computed there). */
    {"hazards",
     "SELECT household, programme, item, district, record, root, inspector, severity, note, "
     "rule, found, status, closed_by, closed_inspector, closed, followups, deadline FROM hazards",
     "INSERT INTO hazards (household, programme, item, district, record, root, inspector, "
     "severity, note, rule, found, status, closed_by, closed_inspector, closed, followups, "
     "deadline) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
     "$17)",
     "SELECT count(*) FROM hazards"},
    {"programmes",
     "SELECT household, programme, district, last, last_date, due, months, outcome, grade, "
     "finding, visits, revisit, visit, visit_date, visit_outcome, escalated, inspections, "
     "visits_total FROM programmes",
     "INSERT INTO programmes (household, programme, district, last, last_date, due, months, "
     "outcome, grade, finding, visits, revisit, visit, visit_date, visit_outcome, escalated, "
     "inspections, visits_total) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
     "$13, $14, $15, $16, $17, $18)",
     "SELECT count(*) FROM programmes"},
    {"versions",
     "SELECT id, household, district, root, current, kind, conflict, inspector, day, "
     "programme, outcome, grade FROM versions",
     "INSERT INTO versions (id, household, district, root, current, kind, conflict, "
     "inspector, day, programme, outcome, grade) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
     "$10, $11, $12)",
     "SELECT count(*) FROM versions"},
    {"ledger_pending", "SELECT household FROM ledger_pending",
     "INSERT INTO ledger_pending (household) VALUES ($1)", "SELECT count(*) FROM ledger_pending"},
    {"forks", "SELECT id, device_id, seq, hash, held_hash, body, sig, received_at FROM forks",
     "INSERT INTO forks (id, device_id, seq, hash, held_hash, body, sig, received_at) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT count(*) FROM forks"},
    {"refusals", "SELECT id, device_id, record_id, seq, reason, received_at FROM refusals",
     "INSERT INTO refusals (id, device_id, record_id, seq, reason, received_at) "
     "VALUES ($1, $2, $3, $4, $5, $6)",
     "SELECT count(*) FROM refusals"},
    {"nonces", "SELECT device_id, nonce, seen_at FROM nonces",
     "INSERT INTO nonces (device_id, nonce, seen_at) VALUES ($1, $2, $3)",
     "SELECT count(*) FROM nonces"},
    {"households",
     "SELECT id, district, address, resident, phone, kind, last_check, rev FROM households",
     "INSERT INTO households (id, district, address, resident, phone, kind, last_check, rev) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
     "SELECT count(*) FROM households"},
    {"templates", "SELECT rev, id, version, json, added_at FROM templates",
     "INSERT INTO templates (rev, id, version, json, added_at) VALUES ($1, $2, $3, $4, $5)",
     "SELECT count(*) FROM templates"},
    {"photos", "SELECT hash, size, device_id, complete, received_at FROM photos",
     "INSERT INTO photos (hash, size, device_id, complete, received_at) "
     "VALUES ($1, $2, $3, $4, $5)",
     "SELECT count(*) FROM photos"},
    {"audit", "SELECT id, at, actor, action, detail, origin FROM audit ORDER BY id",
     "INSERT INTO audit (id, at, actor, action, detail, origin) VALUES ($1, $2, $3, $4, $5, $6)",
     "SELECT count(*) FROM audit"},
    /* The key moves with the store: reviews stay checkable on every device. */
    {"server_key", "SELECT id, pk, sk, created_at FROM server_key",
     "INSERT INTO server_key (id, pk, sk, created_at) VALUES ($1, $2, $3, $4)",
     "SELECT count(*) FROM server_key"},
    {"reviews",
     "SELECT id, record_id, inspector, district, state, reviewer, body, sig, created_at "
     "FROM reviews ORDER BY id",
     "INSERT INTO reviews (id, record_id, inspector, district, state, reviewer, body, sig, "
     "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
     "SELECT count(*) FROM reviews"},
    {"warnings", "SELECT id, dedup, rule, district, body, created_at FROM warnings ORDER BY id",
     "INSERT INTO warnings (id, dedup, rule, district, body, created_at) "
     "VALUES ($1, $2, $3, $4, $5, $6)",
     "SELECT count(*) FROM warnings"},
    {"deliveries",
     "SELECT warning_id, receiver, state, attempts, next_at, last_error, delivered_at "
     "FROM deliveries",
     "INSERT INTO deliveries (warning_id, receiver, state, attempts, next_at, last_error, "
     "delivered_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
     "SELECT count(*) FROM deliveries"},
};
#define MIG_NTABLES (sizeof mig_tables / sizeof mig_tables[0])
#define MIG_COLS_MAX 24

/* Move the identity and revision sequences past the ids the copy brought. */
static const char mig_sequences[] =
    "SELECT setval(pg_get_serial_sequence('devices', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM devices), false); "
    "SELECT setval(pg_get_serial_sequence('forks', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM forks), false); "
    "SELECT setval(pg_get_serial_sequence('refusals', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM refusals), false); "
    "SELECT setval(pg_get_serial_sequence('templates', 'rev'), "
    "(SELECT coalesce(max(rev), 0) + 1 FROM templates), false); "
    "SELECT setval(pg_get_serial_sequence('audit', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM audit), false); "
    "SELECT setval('households_rev_seq', (SELECT coalesce(max(rev), 0) + 1 FROM households), "
    "false); "
    "SELECT setval(pg_get_serial_sequence('reviews', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM reviews), false); "
    "SELECT setval(pg_get_serial_sequence('warnings', 'id'), "
    "(SELECT coalesce(max(id), 0) + 1 FROM warnings), false)";

static int
mig_pg_fail(const struct fc_pq *pq, PGconn *conn, const PGresult *res, struct fc_error *err,
	    const char *what)
{
	const char *msg = res != NULL ? pq->resultErrorMessage(res) : pq->errorMessage(conn);

	return fc_error_set(err, FC_E_DB, "%s: %.*s", _(what), (int)strcspn(msg, "\n"), msg);
}

static int
mig_pg_simple(const struct fc_pq *pq, PGconn *conn, const char *sql, struct fc_error *err,
	      const char *what)
{
	PGresult *res = pq->exec(conn, sql);
	ExecStatusType rc = pq->resultStatus(res);
	int ret = 0;

	if (rc != PGRES_COMMAND_OK && rc != PGRES_TUPLES_OK)
		ret = mig_pg_fail(pq, conn, res, err, what);
	pq->clear(res);
	return ret;
}

/* Copy one table's rows; *rows grows by the number copied. */
static int
mig_copy_table(sqlite3 *db, const struct fc_pq *pq, PGconn *conn, const struct mig_table *t,
	       int64_t *rows, struct fc_error *err)
{
	sqlite3_stmt *s = NULL;
	char name[32], num[MIG_COLS_MAX][24];
	const char *val[MIG_COLS_MAX];
	int len[MIG_COLS_MAX], fmt[MIG_COLS_MAX];
	int64_t copied = 0;
	PGresult *res;
	int rc, ncols, ret = -1;

	snprintf(name, sizeof name, "mig_%s", t->name);
	res = pq->prepare(conn, name, t->insert, 0, NULL);
	if (pq->resultStatus(res) != PGRES_COMMAND_OK) {
		mig_pg_fail(pq, conn, res, err, t->name);
		pq->clear(res);
		return -1;
	}
	pq->clear(res);
	if (sqlite3_prepare_v2(db, t->select, -1, &s, NULL) != SQLITE_OK) {
		fc_error_set(err, FC_E_DB, "%s: %s", t->name, sqlite3_errmsg(db));
		goto out;
	}
	ncols = sqlite3_column_count(s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int c = 0; c < ncols && c < MIG_COLS_MAX; c++) {
			len[c] = 0;
			fmt[c] = 0;
			switch (sqlite3_column_type(s, c)) {
			case SQLITE_NULL:
				val[c] = NULL;
				break;
			case SQLITE_INTEGER:
				snprintf(num[c], sizeof num[c], "%lld",
					 (long long)sqlite3_column_int64(s, c));
				val[c] = num[c];
				break;
			case SQLITE_BLOB:
				/* Binary: the exact bytes, even an empty blob. */
				val[c] = sqlite3_column_blob(s, c);
				len[c] = sqlite3_column_bytes(s, c);
				fmt[c] = 1;
				if (val[c] == NULL)
					val[c] = "";
				break;
			default:
				val[c] = (const char *)sqlite3_column_text(s, c);
				break;
			}
		}
		res = pq->execPrepared(conn, name, ncols, val, len, fmt, 0);
		if (pq->resultStatus(res) != PGRES_COMMAND_OK) {
			mig_pg_fail(pq, conn, res, err, N_("cannot copy a row"));
			pq->clear(res);
			fc_error_prefix(err, "%s, row %lld", t->name, (long long)copied + 1);
			goto out;
		}
		pq->clear(res);
		copied++;
	}
	if (rc != SQLITE_DONE) {
		fc_error_set(err, FC_E_DB, "%s: %s", t->name, sqlite3_errmsg(db));
		goto out;
	}
	*rows += copied;
	ret = 0;
out:
	sqlite3_finalize(s);
	return ret;
}

/* Every table holds as many rows in PostgreSQL as in SQLite. */
static int
mig_check_counts(sqlite3 *db, const struct fc_pq *pq, PGconn *conn, struct fc_error *err)
{
	for (size_t i = 0; i < MIG_NTABLES; i++) {
		const struct mig_table *t = &mig_tables[i];
		sqlite3_stmt *s = NULL;
		int64_t lite = -1, pg = -1;
		PGresult *res;

		/* The PostgreSQL count query reads as SQLite too. */
		if (sqlite3_prepare_v2(db, t->count, -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW)
			lite = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		res = pq->exec(conn, t->count);
		if (pq->resultStatus(res) == PGRES_TUPLES_OK)
			pg = strtoll(pq->getvalue(res, 0, 0), NULL, 10);
		pq->clear(res);
		if (lite < 0 || pg != lite)
			return fc_error_set(err, FC_E_CHAIN,
					    _("%s: %lld rows in the SQLite store but %lld in "
					      "PostgreSQL after the move"),
					    t->name, (long long)lite, (long long)pg);
	}
	return 0;
}

/* What SQLite holds for one device: per record, seq and a digest of its bytes. */
struct mig_digest {
	int64_t seq;
	unsigned char d[32];
};

struct mig_walk {
	struct mig_digest *list;
	size_t count, cap, next;
	const char *device;
	int64_t compared;
};

static void
mig_digest_of(int64_t seq, const char *body, size_t body_len, const unsigned char *sig,
	      const unsigned char *hash, unsigned char out[32])
{
	crypto_generichash_state h;
	unsigned char seqb[8];

	for (int i = 0; i < 8; i++)
		seqb[i] = (unsigned char)((uint64_t)seq >> (8 * i));
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, seqb, sizeof seqb);
	crypto_generichash_update(&h, (const unsigned char *)body, body_len);
	crypto_generichash_update(&h, sig, FC_SIG_BYTES);
	crypto_generichash_update(&h, hash, FC_HASH_BYTES);
	crypto_generichash_final(&h, out, 32);
}

static int
mig_collect(int64_t seq, const char *body, size_t body_len, const unsigned char *sig,
	    const unsigned char *hash, void *ctx, struct fc_error *err)
{
	struct mig_walk *w = ctx;

	if (w->count == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 256;
		struct mig_digest *nl = realloc(w->list, cap * sizeof *nl);

		if (nl == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory comparing records"));
		w->list = nl;
		w->cap = cap;
	}
	w->list[w->count].seq = seq;
	mig_digest_of(seq, body, body_len, sig, hash, w->list[w->count].d);
	w->count++;
	return 0;
}

static int
mig_compare(int64_t seq, const char *body, size_t body_len, const unsigned char *sig,
	    const unsigned char *hash, void *ctx, struct fc_error *err)
{
	struct mig_walk *w = ctx;
	unsigned char d[32];

	mig_digest_of(seq, body, body_len, sig, hash, d);
	if (w->next >= w->count || w->list[w->next].seq != seq ||
	    memcmp(w->list[w->next].d, d, sizeof d) != 0)
		return fc_error_set(err, FC_E_CHAIN,
				    _("device %s: record %lld differs between the SQLite store and "
				      "PostgreSQL after the move"),
				    w->device, (long long)seq);
	w->next++;
	w->compared++;
	return 0;
}

struct mig_verify {
	struct fc_sstore *lite, *pg;
	struct fc_smigrate_report *rep;
};

static int
mig_verify_device(const struct fc_sdevice *dev, void *ctx, struct fc_error *err)
{
	struct mig_verify *v = ctx;
	struct mig_walk w = {.device = dev->device};
	struct fc_sdevice moved;
	int ret = -1;

	if (fc_sstore_get_device(v->pg, dev->device, &moved, err) != 0)
		return fc_error_prefix(err, "%s", _("after the move"));
	if (moved.rowid != dev->rowid || moved.held_seq != dev->held_seq ||
	    memcmp(moved.pk, dev->pk, FC_PK_BYTES) != 0 ||
	    memcmp(moved.held_hash, dev->held_hash, FC_HASH_BYTES) != 0)
		return fc_error_set(
		    err, FC_E_CHAIN,
		    _("device %s: its key or high-water mark differs after the move"), dev->device);
	if (fc_sstore_each_record(v->lite, dev->rowid, mig_collect, &w, err) != 0 ||
	    fc_sstore_each_record(v->pg, dev->rowid, mig_compare, &w, err) != 0)
		goto out;
	if (w.next != w.count) {
		fc_error_set(err, FC_E_CHAIN,
			     _("device %s: record %lld is missing from PostgreSQL after the move"),
			     dev->device, (long long)w.list[w.next].seq);
		goto out;
	}
	v->rep->records += w.compared;
	v->rep->devices++;
	ret = 0;
out:
	free(w.list);
	return ret;
}

int
fc_sstore_migrate(const char *from, const char *to, struct fc_smigrate_report *rep,
		  struct fc_error *err)
{
	struct fc_sstore *lite = NULL, *pg = NULL;
	struct fc_scounts c = {0};
	struct mig_verify v;
	const struct fc_pq *pq;
	PGconn *conn;
	int ret = -1;

	memset(rep, 0, sizeof *rep);
	if (fc_sstore_is_pg(from) || !fc_sstore_is_pg(to))
		return fc_error_set(err, FC_E_USAGE,
				    _("migrate-store moves a SQLite file (--from) into PostgreSQL "
				      "(--to postgresql://...)"));
	if (fc_sstore_open(from, &lite, err) != 0 || fc_sstore_open(to, &pg, err) != 0)
		goto out;
	if (fc_sstore_counts(pg, &c, err) != 0)
		goto out;
	if (c.inspectors || c.devices || c.records || c.households || c.templates) {
		fc_error_set(err, FC_E_EXISTS,
			     _("the PostgreSQL store already holds data (%lld records, %lld "
			       "inspectors); migrate-store only fills an empty one"),
			     (long long)c.records, (long long)c.inspectors);
		goto out;
	}
	pq = pg->pg->pq;
	conn = fc_pgstore_conn(pg->pg);
	if (mig_pg_simple(pq, conn, "BEGIN", err, N_("cannot start the move")) != 0)
		goto out;
	for (size_t i = 0; i < MIG_NTABLES; i++) {
		if (mig_copy_table(lite->db, pq, conn, &mig_tables[i], &rep->rows, err) != 0)
			goto rollback;
	}
	if (mig_pg_simple(pq, conn, mig_sequences, err, N_("cannot move the sequences")) != 0 ||
	    fc_sstore_commit(pg, err) != 0)
		goto rollback;
	v = (struct mig_verify){lite, pg, rep};
	if (mig_check_counts(lite->db, pq, conn, err) != 0 ||
	    fc_sstore_each_device(lite, mig_verify_device, &v, err) != 0)
		goto out;
	ret = 0;
	goto out;
rollback:
	fc_sstore_rollback(pg);
out:
	fc_sstore_close(pg);
	fc_sstore_close(lite);
	return ret;
}
