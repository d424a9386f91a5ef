/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c: the device's SQLite store: opening it and every statement it runs
 * (plus the small things: identity, settings, drafts).
 *
 * Design: all device SQL is the store_sql[] table below, prepared once at
 * open (SQLITE_PREPARE_PERSISTENT) and reset after each use, so a migration
 * that breaks a query fails at open, in the tests, not in the field. Values go
 * in only through sqlite3_bind_*(). The connection runs in WAL mode with
 * synchronous=FULL: when a commit returns, the record survives a flat battery.
 * store-record.c (records), store-household.c (registry and search) and
 * store-ledger.c (derived tables, due lists) use the same statements by number.
 *
 * Not here: the record's bytes (record.c builds and signs them; the store keeps
 * them verbatim) and the chain check (chain.c walks the records through
 * fc_store_each_record()).
 */
#include <errno.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate.h"
#include "store-internal.h"
#include "utf8.h"

#define _(s) gettext(s)

/* Set on every connection before the schema is touched. */
static const char *const store_pragmas = "PRAGMA journal_mode = WAL;"
					 "PRAGMA synchronous = FULL;"
					 "PRAGMA foreign_keys = ON;"
					 /* store-ledger.c: households with records, as they were
					  * before a registry load (store_ledger_mark()). */
					 "CREATE TEMP TABLE IF NOT EXISTS ledger_hh_before ("
					 "id TEXT PRIMARY KEY, kind TEXT, district TEXT, "
					 "registry_check TEXT);";

/* How long a write waits for another fieldcheck holding the store. */
#define STORE_BUSY_MS 3000

/* The columns every record query returns, in this order (store_read_record). */
#define RECORD_COLS                                                                                \
	"seq, id, device, inspector, type, household, template, template_version, time, "          \
	"outcome, body, sig, hash, prev, synced"

#define HOUSEHOLD_COLS "h.id, h.district, h.address, h.resident, h.phone, h.kind, h.last_check"

#define HAZARD_COLS                                                                                \
	"record, idx, household, item, severity, note, rule, found, status, followups, "           \
	"last_followup, programme, deadline, closed_by"

#define REVIEW_COLS "id, record, record_hash, state, comment, reviewer, time, body, sig"

static const char *const store_sql[SQL_COUNT] = {
    [SQL_BEGIN] = "BEGIN IMMEDIATE",
    [SQL_COMMIT] = "COMMIT",
    [SQL_ROLLBACK] = "ROLLBACK",
    /* A record added inside the caller's transaction. */
    [SQL_SAVEPOINT] = "SAVEPOINT fc_add",
    [SQL_RELEASE] = "RELEASE fc_add",
    [SQL_ROLLBACK_TO] = "ROLLBACK TO fc_add",

    /* ?1 inspector ?2 name ?3 device ?4 pk; a second init is refused by the PK. */
    [SQL_IDENTITY_SET] = "INSERT INTO device (one, inspector, name, device, pk) "
			 "VALUES (1, ?1, ?2, ?3, ?4)",
    [SQL_IDENTITY_GET] = "SELECT inspector, name, device, pk FROM device WHERE one = 1",

    [SQL_LAST] = "SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1",
    /* Body, signature, hash and prev exactly as sealed; the rest are copies. */
    [SQL_APPEND] = "INSERT INTO records (seq, id, body, sig, hash, prev, device, inspector, "
		   "type, household, template, template_version, time, outcome) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [SQL_RECORD_GET] = "SELECT " RECORD_COLS " FROM records WHERE id = ?1",
    /* ?1 prefix, ?2 the prefix followed by 0xFF: an index range, two rows to see ambiguity. */
    [SQL_RECORD_PREFIX] = "SELECT " RECORD_COLS " FROM records "
			  "WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2",
    /* ?1 from_seq ?2 unsynced only ?3 limit (-1 = all) */
    [SQL_EACH_ASC] = "SELECT " RECORD_COLS " FROM records "
		     "WHERE seq >= ?1 AND (?2 = 0 OR synced = 0) ORDER BY seq LIMIT ?3",
    [SQL_EACH_DESC] = "SELECT " RECORD_COLS " FROM records "
		      "WHERE seq >= ?1 AND (?2 = 0 OR synced = 0) ORDER BY seq DESC LIMIT ?3",
    /* Sync's path: the partial index keeps it short however many are synced. */
    [SQL_EACH_UNSYNCED] = "SELECT " RECORD_COLS " FROM records "
			  "WHERE synced = 0 AND seq >= ?1 ORDER BY seq LIMIT ?3",
    /* ?4 household */
    [SQL_EACH_HH_ASC] = "SELECT " RECORD_COLS " FROM records WHERE household = ?4 "
			"AND seq >= ?1 AND (?2 = 0 OR synced = 0) ORDER BY seq LIMIT ?3",
    [SQL_EACH_HH_DESC] = "SELECT " RECORD_COLS " FROM records WHERE household = ?4 "
			 "AND seq >= ?1 AND (?2 = 0 OR synced = 0) ORDER BY seq DESC LIMIT ?3",
    [SQL_COUNT_RECORDS] = "SELECT count(*), (SELECT count(*) FROM records WHERE synced = 0) "
			  "FROM records",
    /* max() on the partial index: one index lookup, however many wait. */
    [SQL_NEWEST_UNSYNCED] = "SELECT coalesce(max(seq), 0) FROM records WHERE synced = 0",
    /* Only after the server acknowledged up to ?1. */
    [SQL_MARK_SYNCED] = "UPDATE records SET synced = 1 WHERE synced = 0 AND seq <= ?1",

    [SQL_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
    [SQL_SETTING_SET] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
			"ON CONFLICT (key) DO UPDATE SET value = excluded.value",

    [SQL_DRAFT_SAVE] = "INSERT INTO drafts (key, json, updated) "
		       "VALUES (?1, ?2, datetime('now')) ON CONFLICT (key) DO UPDATE "
		       "SET json = excluded.json, updated = excluded.updated",
    [SQL_DRAFT_LOAD] = "SELECT json FROM drafts WHERE key = ?1",
    [SQL_DRAFT_DELETE] = "DELETE FROM drafts WHERE key = ?1",
    [SQL_DRAFT_EACH] = "SELECT key FROM drafts ORDER BY updated DESC, key",

    /*
     * Households are written by single-row statements without triggers or
     * UPSERT: those would need a statement journal, and FTS5 flushes its
     * pending terms at every statement savepoint (one index segment per row).
     * The row as it was, to remove its text from both search indexes:
     */
    [SQL_HH_OLD] = "SELECT rid, address, resident, phone FROM households WHERE id = ?1",
    [SQL_HH_INSERT] = "INSERT INTO households (id, district, address, resident, phone, kind, "
		      "last_check, registry_check) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    /*
     * ?1 rid; last_check only moves forward: the registry may lag our own work.
     * registry_check keeps the registry's own date, the floor under the ledger's.
     */
    [SQL_HH_UPDATE] = "UPDATE households SET district = ?2, address = ?3, resident = ?4, "
		      "phone = ?5, kind = ?6, last_check = max(last_check, ?7), "
		      "registry_check = max(registry_check, ?7) WHERE rid = ?1",
    /* ?1 rid ?2 address ?3 resident ?4 phone, exactly as indexed before */
    [SQL_HH_TRI_DELETE] = "INSERT INTO households_tri (households_tri, rowid, address, "
			  "resident, phone) VALUES ('delete', ?1, ?2, ?3, ?4)",
    [SQL_HH_TRI_INSERT] = "INSERT INTO households_tri (rowid, address, resident, phone) "
			  "VALUES (?1, ?2, ?3, ?4)",
    /* ?1 rid ?2 the exact words it was added with */
    [SQL_HH_GRAM_DELETE] = "INSERT INTO households_gram (households_gram, rowid, grams) "
			   "VALUES ('delete', ?1, ?2)",
    [SQL_HH_GRAM_INSERT] = "INSERT INTO households_gram (rowid, grams) VALUES (?1, ?2)",
    /*
     * A whole registry loaded at once: with the indexes waiting for the end,
     * nothing needs the row as it was, so one statement saves it, and both
     * indexes are made again from the rows.
     */
    [SQL_HH_UPSERT] = "INSERT INTO households (id, district, address, resident, phone, kind, "
		      "last_check, registry_check) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
		      "ON CONFLICT (id) DO UPDATE SET district = excluded.district, "
		      "address = excluded.address, resident = excluded.resident, "
		      "phone = excluded.phone, kind = excluded.kind, "
		      "last_check = max(last_check, excluded.last_check), "
		      "registry_check = max(registry_check, excluded.registry_check)",
    /*
     * The trigram index keeps up to 8 MB of new terms in memory before it
     * writes them out as a segment (SQLite's default is 1 MB). Its rebuild
     * after a registry load of 50 000 households then writes a few large
     * segments instead of many small ones it must merge again: a third less
     * work. Stored in the index's own configuration, so set once is enough;
     * setting it at each load keeps stores made before it right too.
     */
    [SQL_HH_TRI_HASHSIZE] = "INSERT INTO households_tri (households_tri, rank) "
			    "VALUES ('hashsize', 8388608)",
    [SQL_HH_TRI_REBUILD] = "INSERT INTO households_tri (households_tri) VALUES ('rebuild')",
    /* What store-gram.c makes households_gram again with, in a database of its own. */
    [SQL_HH_GRAM_CREATE] = "SELECT sql FROM sqlite_schema WHERE type = 'table' "
			   "AND name = 'households_gram'",
    [SQL_HH_TEXT_ALL] = "SELECT rid, address, resident, phone FROM households",
    [SQL_HH_GET] = "SELECT " HOUSEHOLD_COLS " FROM households h WHERE h.id = ?1",
    [SQL_HH_COUNT] = "SELECT count(*) FROM households",
    [SQL_HH_EACH] = "SELECT " HOUSEHOLD_COLS " FROM households h ORDER BY h.id",
    /* ?1 prefix ?2 prefix followed by 0xFF ?3 limit */
    [SQL_HH_PREFIX] = "SELECT " HOUSEHOLD_COLS " FROM households h "
		      "WHERE h.id >= ?1 AND h.id < ?2 ORDER BY h.id LIMIT ?3",
    /* Rows come out in rowid order as FTS5 finds them; never ranked, never counted. */
    [SQL_HH_SEARCH_TRI] = "SELECT " HOUSEHOLD_COLS " FROM households_tri t "
			  "JOIN households h ON h.rid = t.rowid WHERE households_tri MATCH ?1",
    [SQL_HH_SEARCH_GRAM] = "SELECT " HOUSEHOLD_COLS " FROM households_gram g "
			   "JOIN households h ON h.rid = g.rowid WHERE households_gram MATCH ?1",
    /* Every row in the order both indexes give them, for words neither holds. */
    [SQL_HH_SEARCH_ALL] = "SELECT " HOUSEHOLD_COLS " FROM households h ORDER BY h.rid",

    /* The ledger's rows of one household (store-ledger.c), replaced as a whole. */
    [SQL_LEDGER_HH_RECORDS] = "SELECT id, body FROM records WHERE household = ?1 ORDER BY seq",
    [SQL_LEDGER_HH_GET] = "SELECT kind, district, registry_check FROM households WHERE id = ?1",
    [SQL_LEDGER_HOUSEHOLDS] = "SELECT DISTINCT household FROM records WHERE household <> ''",
    /* Before a registry load: what the ledger reads of each household with records. */
    [SQL_LEDGER_HH_MARK] = "INSERT OR REPLACE INTO temp.ledger_hh_before "
			   "SELECT r.household, h.kind, h.district, h.registry_check "
			   "FROM (SELECT DISTINCT household FROM records WHERE household <> '') r "
			   "LEFT JOIN households h ON h.id = r.household",
    /* After it: those whose kind, district or registry date is no longer the same. */
    [SQL_LEDGER_HH_CHANGED] = "SELECT b.id FROM temp.ledger_hh_before b "
			      "LEFT JOIN households h ON h.id = b.id "
			      "WHERE h.kind IS NOT b.kind OR h.district IS NOT b.district "
			      "OR h.registry_check IS NOT b.registry_check",
    [SQL_LEDGER_HH_UNMARK] = "DELETE FROM temp.ledger_hh_before",
    /* ?1 household ?2 the ledger's last inspection of the kind's own programme */
    [SQL_LEDGER_LAST_CHECK] = "UPDATE households SET last_check = max(registry_check, ?2) "
			      "WHERE id = ?1 AND last_check <> max(registry_check, ?2)",
    [SQL_LEDGER_DEL_HAZARDS] = "DELETE FROM hazards WHERE household = ?1",
    [SQL_LEDGER_PUT_HAZARD] =
	"INSERT INTO hazards (household, programme, item, record, root, severity, note, found, "
	"status, closed_by, closed_inspector, closed, followups, last_followup, deadline, rule) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    [SQL_LEDGER_DEL_PROGRAMMES] = "DELETE FROM programmes WHERE household = ?1",
    [SQL_LEDGER_PUT_PROGRAMME] =
	"INSERT INTO programmes (household, programme, last, last_date, due, months, outcome, "
	"grade, finding, visits, revisit, visit, visit_date, visit_outcome, escalated, "
	"inspections, visits_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	"?13, ?14, ?15, ?16, ?17)",
    [SQL_LEDGER_DEL_VERSIONS] = "DELETE FROM versions WHERE household = ?1",
    [SQL_LEDGER_PUT_VERSION] = "INSERT OR REPLACE INTO versions (id, household, root, current, "
			       "kind) VALUES (?1, ?2, ?3, ?4, ?5)",
    /* ?1 household ?2 record ?3 date ?4 outcome */
    [SQL_LEDGER_REVISIT_SET] = "INSERT INTO revisits (household, record, visited, outcome) "
			       "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (household) DO UPDATE "
			       "SET record = excluded.record, visited = excluded.visited, "
			       "outcome = excluded.outcome",
    [SQL_LEDGER_REVISIT_CLEAR] = "DELETE FROM revisits WHERE household = ?1",
    /* Before rebuilding all from the record bodies. */
    [SQL_LEDGER_CLEAR_HAZARDS] = "DELETE FROM hazards",
    [SQL_LEDGER_CLEAR_REVISITS] = "DELETE FROM revisits",
    [SQL_LEDGER_CLEAR_PROGRAMMES] = "DELETE FROM programmes",
    [SQL_LEDGER_CLEAR_VERSIONS] = "DELETE FROM versions",
    [SQL_LEDGER_CLEAR_LAST_CHECK] = "UPDATE households SET last_check = registry_check "
				    "WHERE last_check <> registry_check",
    [SQL_VERSION_GET] = "SELECT root, current, kind FROM versions WHERE id = ?1",
    [SQL_ESCALATED_COUNT] = "SELECT count(*) FROM programmes WHERE escalated = 1",

    /* ?1 kind ?2 cutoff: '' (never checked) sorts before every date. */
    [SQL_DUE_COUNT] = "SELECT count(*) FROM households WHERE kind = ?1 AND last_check < ?2",
    [SQL_DUE_EACH] = "SELECT " HOUSEHOLD_COLS " FROM households h "
		     "WHERE h.kind = ?1 AND h.last_check < ?2 ORDER BY h.last_check LIMIT ?3",
    [SQL_PROGRAMME_LAST] = "SELECT last_date FROM programmes WHERE household = ?1 AND "
			   "programme = ?2",
    [SQL_HAZARDS_OPEN_ALL] = "SELECT " HAZARD_COLS " FROM hazards WHERE status = 'open' "
			     "ORDER BY found, record, item",
    [SQL_HAZARDS_OPEN_HH] = "SELECT " HAZARD_COLS " FROM hazards WHERE status = 'open' "
			    "AND household = ?1 ORDER BY found, record, item",
    [SQL_HAZARDS_OPEN_COUNT] = "SELECT count(*) FROM hazards WHERE status = 'open'",
    [SQL_REVISITS_EACH] = "SELECT household, record, visited, outcome FROM revisits "
			  "ORDER BY visited, household",
    /* fieldcheck verify: every column, so that none can be edited unseen. */
    [SQL_LEDGER_ALL_HOUSEHOLDS] =
	"SELECT household FROM records UNION SELECT household "
	"FROM hazards UNION SELECT household FROM programmes "
	"UNION SELECT household FROM versions UNION SELECT household FROM revisits",
    [SQL_LEDGER_ROWS_HAZARDS] = "SELECT * FROM hazards WHERE household = ?1",
    [SQL_LEDGER_ROWS_PROGRAMMES] = "SELECT * FROM programmes WHERE household = ?1",
    [SQL_LEDGER_ROWS_VERSIONS] = "SELECT * FROM versions WHERE household = ?1",
    [SQL_LEDGER_ROWS_REVISITS] = "SELECT * FROM revisits WHERE household = ?1",

    /* Reviews (store-review.c); a review pulled twice is kept once. */
    [SQL_REVIEW_PUT] = "INSERT OR IGNORE INTO reviews (id, record, record_hash, state, comment, "
		       "reviewer, time, body, sig) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [SQL_REVIEWS_ALL] = "SELECT " REVIEW_COLS " FROM reviews ORDER BY id",
    [SQL_REVIEWS_OF] = "SELECT " REVIEW_COLS " FROM reviews WHERE record = ?1 ORDER BY id",
    /* Each record's newest review; store-review.c decides which still wait. */
    [SQL_REVIEWS_NEWEST] = "SELECT " REVIEW_COLS " FROM reviews r WHERE id = "
			   "(SELECT max(id) FROM reviews WHERE record = r.record) ORDER BY id",
};

int
store_fail(struct fc_store *st, struct fc_error *err, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	int rc = sqlite3_errcode(st->db);

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	/*
	 * A full disk is not always SQLITE_FULL: when the WAL index (-shm) cannot
	 * grow, SQLite says "disk I/O error" with ENOSPC underneath.
	 */
	if (rc == SQLITE_IOERR && sqlite3_system_errno(st->db) == ENOSPC)
		rc = SQLITE_FULL;
	/*
	 * Nor is a read-only store always SQLITE_READONLY: opened read-only
	 * because the system refused to write, SQLite cannot make the WAL files
	 * and says "unable to open database file".
	 */
	if (rc == SQLITE_CANTOPEN && sqlite3_db_readonly(st->db, "main") == 1)
		rc = SQLITE_READONLY;
	switch (rc) {
	case SQLITE_FULL:
		return fc_error_set(err, FC_E_FULL, _("device storage is full; nothing was saved"));
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return fc_error_set(
		    err, FC_E_BUSY,
		    _("the record store is in use by another fieldcheck; close it and try again"));
	case SQLITE_NOMEM:
		return fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), what);
	/* What SQLite says in English names no file and no way out: these do. */
	case SQLITE_READONLY:
		return fc_error_set(
		    err, FC_E_IO,
		    _("%s: store.db cannot be written by this user, or is on a "
		      "read-only medium; check the owner and permissions of store.db "
		      "and its folder; nothing was saved"),
		    what);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return fc_error_set(err, FC_E_DB,
				    _("%s: store.db is damaged (%s); put back store.db from a "
				      "backup of this home (records already synced are kept on the "
				      "server)"),
				    what, sqlite3_errmsg(st->db));
	default:
		return fc_error_set(err, FC_E_DB, "%s: %s", what, sqlite3_errmsg(st->db));
	}
}

void
store_done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

void
store_copy_text(sqlite3_stmt *stmt, int col, char *out, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(stmt, col);
	size_t len = s != NULL ? (size_t)sqlite3_column_bytes(stmt, col) : 0;

	/* Never end in half a character. */
	len = fc_utf8_cut(s, len, size - 1);
	if (len > 0)
		memcpy(out, s, len);
	out[len] = '\0';
}

int
store_exec(struct fc_store *st, enum store_sql which, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[which];
	int rc = sqlite3_step(stmt);

	store_done(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(st, err, "%s", store_sql[which]);
	return 0;
}

/*
 * During a registry load every row is checked in C first (id, kind and
 * last_check: store-household.c), so the households table's CHECKs are left
 * out of the statements meanwhile: SQLite builds the kind IN (...) list as a
 * temporary b-tree for every row it inserts, a quarter of the load's work. A
 * flag PRAGMA acts when it is compiled, not when it runs, so it cannot be
 * one of the prepared statements; it expires them, and each is compiled
 * again, with or without the CHECKs, when next used.
 */
int
store_checks(struct fc_store *st, int on, struct fc_error *err)
{
	const char *sql =
	    on ? "PRAGMA ignore_check_constraints = OFF" : "PRAGMA ignore_check_constraints = ON";

	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, err, "%s", sql);
	return 0;
}

int
store_count(struct fc_store *st, enum store_sql which, const char *what, int64_t *count,
	    struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[which];
	int ret = 0;

	if (sqlite3_step(stmt) == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	else
		ret = store_fail(st, err, "%s", what);
	store_done(stmt);
	return ret;
}

/* Open and close */

int
fc_store_open(const char *path, struct fc_store **out, struct fc_error *err)
{
	struct fc_store *st = NULL;
	char *msg = NULL;
	int rc;

	*out = NULL;
	st = calloc(1, sizeof *st);
	if (st == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), path);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		if (st->db == NULL)
			fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), path);
		else
			/* "unable to open database file" says not why: the system's reason does. */
			fc_error_set(err, rc == SQLITE_CANTOPEN ? FC_E_IO : FC_E_DB,
				     _("%s: cannot open the record store: %s"), path,
				     rc == SQLITE_CANTOPEN && sqlite3_system_errno(st->db) != 0
					 ? strerror(sqlite3_system_errno(st->db))
					 : sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 0);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	if (sqlite3_exec(st->db, store_pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		store_fail(st, err, _("%s: cannot set up the record store"), path);
		goto fail;
	}
	if (fc_migrate(st->db, fc_device_migrations, err) != 0) {
		fc_error_prefix(err, "%s", path);
		goto fail;
	}
	for (int i = 0; i < SQL_COUNT; i++) {
		if (store_sql[i] == NULL ||
		    sqlite3_prepare_v3(st->db, store_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &st->stmt[i], NULL) != SQLITE_OK) {
			fc_error_set(err, FC_E_DB,
				     _("%s: statement %d does not fit the schema: %s"), path, i,
				     sqlite3_errmsg(st->db));
			goto fail;
		}
	}
	if (store_ledger_pending(st, err) != 0) {
		fc_error_prefix(err, "%s", path);
		goto fail;
	}
	*out = st;
	return 0;
fail:
	sqlite3_free(msg);
	fc_store_close(st);
	return -1;
}

void
fc_store_close(struct fc_store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < SQL_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	fc_intervals_cache_free(&st->iv);
	free(st);
}

/* Transactions */

int
fc_store_begin(struct fc_store *st, struct fc_error *err)
{
	return store_exec(st, SQL_BEGIN, err);
}

int
fc_store_commit(struct fc_store *st, struct fc_error *err)
{
	if (store_exec(st, SQL_COMMIT, err) != 0) {
		fc_store_rollback(st);
		return -1;
	}
	return 0;
}

void
fc_store_rollback(struct fc_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		store_exec(st, SQL_ROLLBACK, NULL);
}

/* The device */

int
fc_store_set_identity(struct fc_store *st, const struct fc_identity *id, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_IDENTITY_SET];
	int rc;

	sqlite3_bind_text(stmt, 1, id->inspector, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, id->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, id->device, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, id->pk, FC_PK_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	store_done(stmt);
	if (rc == SQLITE_CONSTRAINT)
		return fc_error_set(err, FC_E_EXISTS,
				    _("this record store already belongs to an inspector"));
	if (rc != SQLITE_DONE)
		return store_fail(st, err, _("cannot save the device identity"));
	return 0;
}

int
fc_store_get_identity(struct fc_store *st, struct fc_identity *out, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_IDENTITY_GET];
	int ret = 0;
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 3) == FC_PK_BYTES) {
		memset(out, 0, sizeof *out);
		store_copy_text(stmt, 0, out->inspector, sizeof out->inspector);
		store_copy_text(stmt, 1, out->name, sizeof out->name);
		store_copy_text(stmt, 2, out->device, sizeof out->device);
		memcpy(out->pk, sqlite3_column_blob(stmt, 3), FC_PK_BYTES);
	} else if (rc == SQLITE_DONE) {
		ret = fc_error_set(err, FC_E_NOTFOUND,
				   _("this device has no inspector yet; run fieldcheck init"));
	} else {
		ret = store_fail(st, err, _("cannot read the device identity"));
	}
	store_done(stmt);
	return ret;
}

/* Settings */

int
fc_store_get_setting(struct fc_store *st, const char *key, char *out, size_t out_size,
		     struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_SETTING_GET];
	int ret = 0;
	int rc;

	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		store_copy_text(stmt, 0, out, out_size);
	else if (rc == SQLITE_DONE)
		ret = fc_error_set(err, FC_E_NOTFOUND, _("setting %s is not set"), key);
	else
		ret = store_fail(st, err, _("cannot read setting %s"), key);
	store_done(stmt);
	return ret;
}

int
fc_store_set_setting(struct fc_store *st, const char *key, const char *value, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_SETTING_SET];
	int ret = 0;

	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot save setting %s"), key);
	store_done(stmt);
	return ret;
}

/* Drafts */

int
fc_store_save_draft(struct fc_store *st, const char *key, const char *json, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_DRAFT_SAVE];
	int ret = 0;

	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, json, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot save draft %s"), key);
	store_done(stmt);
	return ret;
}

int
fc_store_load_draft(struct fc_store *st, const char *key, char **json, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_DRAFT_LOAD];
	int ret = 0;
	int rc;

	*json = NULL;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(stmt, 0);

		*json = strdup(s != NULL ? s : "");
		if (*json == NULL)
			ret = fc_error_set(err, FC_E_NOMEM, _("draft %s: out of memory"), key);
	} else if (rc == SQLITE_DONE) {
		ret = fc_error_set(err, FC_E_NOTFOUND, _("no draft %s"), key);
	} else {
		ret = store_fail(st, err, _("cannot read draft %s"), key);
	}
	store_done(stmt);
	return ret;
}

int
fc_store_delete_draft(struct fc_store *st, const char *key, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_DRAFT_DELETE];
	int ret = 0;

	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot delete draft %s"), key);
	store_done(stmt);
	return ret;
}

int
fc_store_each_draft(struct fc_store *st, int (*fn)(const char *key, void *ctx), void *ctx,
		    struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_DRAFT_EACH];
	int ret = 0, rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(stmt, 0);
		int stop = fn(key != NULL ? key : "", ctx);

		if (stop < 0) {
			ret = fc_error_set(err, FC_E_INTERNAL, _("listing drafts was stopped"));
			break;
		}
		if (stop > 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot list the drafts"));
	store_done(stmt);
	return ret;
}
