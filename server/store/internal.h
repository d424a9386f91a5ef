/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/internal.h: what the files of the server store share: the
 * statement table's index, the handle and the row access the reports use.
 * Only the files of server/store/ include it; everyone else uses store/store.h.
 * Every statement has one row in each backend's table: SQLite's in
 * store/sqlite.c, PostgreSQL's in store/pg.c, indexed alike.
 */
#ifndef FC_SERVER_STORE_INTERNAL_H
#define FC_SERVER_STORE_INTERNAL_H

#include <sqlite3.h>

#include "core/aggregate.h"
#include "core/due.h"
#include "core/template.h"
#include "server/store/store.h"

enum sql_id {
	SQL_PUT_INSPECTOR,
	SQL_GET_INSPECTOR,
	SQL_REVOKE,
	SQL_REVOKE_DEVICE,
	SQL_VOID_CODES,
	SQL_ADD_CODE,
	SQL_GET_CODE,
	SQL_USE_CODE,
	SQL_AUDIT_ADD,
	SQL_AUDIT_SINCE,
	SQL_LIST_INSPECTORS,
	SQL_LIST_DEVICES,
	SQL_LIST_CODES,
	SQL_CANCEL_CODE,
	SQL_ADD_DEVICE,
	SQL_GET_DEVICE,
	SQL_EACH_DEVICE,
	SQL_TOUCH_DEVICE,
	SQL_PRUNE_NONCES,
	SQL_NONCE_SEEN,
	SQL_GET_CALLER,
	SQL_TAKE_NONCE,
	SQL_ADD_NONCE,
	SQL_HELD,
	SQL_RECORD_HASH,
	SQL_INSERT_RECORD,
	SQL_SET_HELD,
	SQL_INSERT_PHOTO,
	SQL_ADD_FORK,
	SQL_ADD_REFUSAL,
	SQL_EACH_RECORD,
	SQL_COUNTS,
	SQL_LOCK_REGISTRY,
	SQL_LOCK_TEMPLATES,
	SQL_REV_FLOOR_HOUSEHOLDS,
	SQL_REV_FLOOR_TEMPLATES,
	SQL_PUT_HOUSEHOLD,
	SQL_HOUSEHOLDS_SINCE,
	SQL_HOUSEHOLDS_SINCE_ONE,
	SQL_ADD_TEMPLATE,
	SQL_TEMPLATES_SINCE,
	SQL_DUE_HOUSEHOLDS,
	SQL_OPEN_HAZARDS,
	SQL_SUM_DEVICES,
	SQL_SUM_FORKS,
	SQL_GET_PHOTO,
	SQL_PHOTO_DONE,
	SQL_PHOTOS_WANTED,
	SQL_HOUSEHOLD_DISTRICT,
	SQL_RECORD_OWNER,
	SQL_HOUSEHOLD_GET,
	SQL_HOUSEHOLD_BODIES,
	SQL_LEDGER_ROWS,
	SQL_LEDGER_DEL_HAZARD,
	SQL_LEDGER_DEL_PROGRAMME,
	SQL_LEDGER_DEL_VERSION,
	SQL_LEDGER_PUT_HAZARD,
	SQL_LEDGER_PUT_PROGRAMME,
	SQL_LEDGER_PUT_VERSION,
	SQL_LEDGER_PENDING,
	SQL_LEDGER_PENDING_DONE,
	SQL_LEDGER_LOCK,
	SQL_LEDGER_LOCK_ALL,
	/* The server key and records by hash (store/review.h) */
	SQL_GET_SERVER_KEY,
	SQL_PUT_SERVER_KEY,
	SQL_FIND_HASH,
	SQL_REVIEW_LOCK,
	SQL_REVIEW_ORDER,
	SQL_REVIEW_TARGET,
	SQL_REVIEW_ADD,
	SQL_REVIEWS_SINCE,
	SQL_REVIEW_ANSWERED,
	SQL_REVIEWS_LIST,
	/* Warnings and their outbox (store/warn.c) */
	SQL_WARN_HAZARDS,
	SQL_WARN_PROGRAMMES,
	SQL_WARN_DEVICES,
	SQL_WARN_FORKS,
	SQL_WARN_ADD,
	SQL_DELIVERY_ADD,
	SQL_DELIVERY_CLAIM,
	SQL_WARN_BODY,
	SQL_DELIVERY_DONE,
	SQL_WARN_LIST,
	SQL_DELIVERY_AGAIN,
	/* Console accounts, sessions and failed logins (store/accounts.c) */
	SQL_ACCOUNT_ADD,
	SQL_ACCOUNT_GET,
	SQL_ACCOUNT_EACH,
	SQL_ACCOUNT_PASSWD,
	SQL_ACCOUNT_DISABLE,
	SQL_SESSIONS_END_USER,
	SQL_SESSION_ADD,
	SQL_SESSION_GET,
	SQL_SESSION_TOUCH,
	SQL_SESSION_DEL,
	SQL_SESSION_PRUNE,
	SQL_FAIL_GET,
	SQL_FAIL_ADD,
	SQL_FAIL_CLEAR,
	SQL_FAIL_FORGIVE,
	SQL_FAIL_PRUNE,
	/* The console's reads (store/console.c) */
	SQL_CON_RECORDS,
	SQL_CON_RECORD,
	SQL_CON_FOLLOWUPS,
	SQL_CON_HOUSEHOLD_SEARCH,
	SQL_CON_HOUSEHOLD,
	SQL_CON_HOUSEHOLD_RECORDS,
	SQL_CON_INSPECTORS,
	SQL_CON_DEVICES,
	SQL_CON_PROG_DUE,
	SQL_CON_HH_DUE,
	SQL_CON_PROG_GRADES,
	SQL_CON_HAZ_STATES,
	SQL_CON_HAZ_OPEN,
	SQL_CON_WEEK_INSPECTIONS,
	SQL_CON_WEEK_HAZARDS,
	SQL_CON_SYNCED,
	SQL_CON_KINDS,
	SQL_CON_KIND_DONE,
	SQL_CON_KIND_OPEN,
	SQL_CON_HAZARDS,
	SQL_CON_VERSIONS,
	SQL_CON_REVIEWS,
	SQL_CON_WARNINGS,
	SQL_EXP_RECORDS,
	SQL_EXP_HAZARDS,
	SQL_EXP_PROGRAMMES,
	/*
	 * The same reads kept to the districts listed in their first parameter
	 * (a JSON array); those above read every district (store/console.c picks)
	 */
	SQL_CON_RECORDS_IN,
	SQL_CON_HOUSEHOLD_SEARCH_IN,
	SQL_CON_REVIEWS_IN,
	SQL_CON_WARNINGS_IN,
	SQL_CON_PROG_DUE_IN,
	SQL_CON_HH_DUE_IN,
	SQL_CON_PROG_GRADES_IN,
	SQL_CON_HAZ_STATES_IN,
	SQL_CON_HAZ_OPEN_IN,
	SQL_CON_WEEK_INSPECTIONS_IN,
	SQL_CON_WEEK_HAZARDS_IN,
	SQL_CON_SYNCED_IN,
	SQL_CON_KINDS_IN,
	SQL_CON_KIND_DONE_IN,
	SQL_CON_KIND_OPEN_IN,
	SQL_CON_HAZARDS_IN,
	SQL_EXP_RECORDS_IN,
	SQL_EXP_HAZARDS_IN,
	SQL_EXP_PROGRAMMES_IN,
	/* The summary's counters (store/aggregate.c, core/aggregate.h) */
	SQL_AGG_PART_GET,
	SQL_AGG_PART_PUT,
	SQL_AGG_PART_DEL,
	SQL_AGG_ADD_MANY,
	SQL_AGG_ADD_ONE,
	SQL_AGG_DROP,
	SQL_AGG_READ,
	SQL_AGG_ALL,
	SQL_AGG_CLEAR,
	SQL_AGG_CLEAR_PARTS,
	SQL_AGG_HOUSEHOLDS,
	SQL_AGG_RECORDS,
	SQL_AGG_RECEIVED,
	SQL_AGG_INSPECTORS,
	SQL_AGG_PENDING,
	SQL_AGG_PENDING_DONE,
	SQL_AGG_LOCK,
	/* A stored record's packed ledger entry, kept for one stored before 0015 */
	SQL_RECORD_ENTRY,
	SQL_COUNT
};

struct fc_pgstore;
struct fc_sstore_backend;
struct fc_intervals;

/*
 * The ledger's rows as a backend writes them (schema/server/0002-ledger.sql):
 * what core/ledger.c computed for one household, flattened by
 * store/ledger.c. Strings are never NULL.
 */
struct fc_sledger_hazard {
	const char *household, *programme, *item, *district, *record, *root, *inspector;
	const char *severity, *note, *rule, *found, *status, *closed_by, *closed_inspector;
	const char *closed, *deadline;
	int followups;
};

struct fc_sledger_programme {
	const char *household, *programme, *district, *last, *last_date, *due, *outcome, *grade;
	const char *visit, *visit_date, *visit_outcome;
	int months, finding, visits, revisit, escalated, inspections, visits_total;
};

struct fc_sledger_version {
	const char *id, *household, *district, *root, *current, *kind, *inspector, *day;
	const char *programme, *outcome, *grade;
	int conflict;
};

/*
 * A stored record of a household: its id, body, the district it was filed
 * under and its packed ledger entry (core/ledger-pack.c; entry_len 0 when
 * the record was stored before there were any).
 */
struct fc_sbody {
	const char *id, *body, *district, *entry;
	size_t len, entry_len;
};
typedef int (*fc_sbody_fn)(const struct fc_sbody *b, void *ctx, struct fc_error *err);

/*
 * One handle is one connection to one backend: a SQLite file (db and stmt)
 * or a PostgreSQL database (pg, set when the path is a postgresql:// URI).
 * Every fc_sstore_* verb in store.c goes through ops, so callers never know
 * which one they hold.
 */
/* The checklists a handle has parsed, and the highest templates.rev read (store/templates.c). */
struct fc_stemplates {
	int64_t rev;
	struct fc_template **v;
	size_t n, cap;
	long parsed; /* templates parsed by this handle, for the tests */
};

struct fc_sstore {
	const struct fc_sstore_backend *ops;
	sqlite3 *db;
	sqlite3_stmt *stmt[SQL_COUNT];
	struct fc_pgstore *pg;
	/* The intervals of the district last asked for (store/ledger.c), loaded once per run. */
	struct fc_intervals_cache iv;
	struct fc_stemplates tpl;
	/*
	 * Counter changes of the open transaction (store/aggregate.c), added to
	 * the totals at commit in key order, after every household lock.
	 */
	struct fc_agg agg;
	/* SQLite: the file, and its writers' turn (store/sqlite-sync.c) */
	char *path;
	void *group;
	int writing;		/* this handle holds the group's writer lock */
	time_t nonces_pruned;	/* when this handle last forgot old nonces (store/nonce.c) */
	time_t failures_pruned; /* ... and old failed logins (store/accounts.c) */
	/*
	 * Derive every ledger entry from its record's body, not from the entry
	 * kept with it, and keep it again where it differs (rebuild-aggregates).
	 */
	int ledger_reparse;
	/* The queue of work that shares one commit (store/group.c), per store in this process. */
	void *commits;
};

/* Report rows, whichever backend produced them (store/report.c). */

/* A query parameter: text, or the integer num when text is NULL. */
struct fc_sstore_param {
	const char *text;
	int64_t num;
};

/* One result row; text() gives a column as text ("" for NULL), valid during the call. */
struct fc_sstore_row {
	const char *(*text)(const struct fc_sstore_row *row, int col);
	void *impl; /* the backend's statement or result */
	int index;  /* row number within impl, for backends that need it */
};

typedef void (*fc_sstore_row_fn)(const struct fc_sstore_row *row, void *ctx);

/* The ledger (store/ledger.c) */

/* Compute the rows of households still pending after the 0002 migration. */
int fc_sstore_ledger_pending(struct fc_sstore *st, struct fc_error *err);
/* Free what the ledger keeps in the handle (its intervals). */
void fc_sstore_ledger_release(struct fc_sstore *st);
void fc_sstore_templates_release(struct fc_sstore *st);

/* The summary's counters (store/aggregate.c) */

/*
 * Keep household's counters for its new ledger state s and add the change to
 * the open transaction; kind is the registry's (NULL when it does not hold the
 * household), so a registry change of kind or district moves them too.
 */
int fc_sstore_agg_household(struct fc_sstore *st, const char *household,
			    const struct fc_ledger_state *s, const struct fc_ledger_entry *e,
			    size_t n, const char *district, const char *kind, struct fc_error *err);
/* Count a stored record's own counters (a follow-up; received at now from device_rowid). */
int fc_sstore_agg_record(struct fc_sstore *st, const char *type, const char *district,
			 const char *inspector, const char *day, int64_t device_rowid, time_t now,
			 struct fc_error *err);
/* Add the transaction's counter changes to the totals (before commit); forget them (rollback). */
int fc_sstore_agg_flush(struct fc_sstore *st, struct fc_error *err);
void fc_sstore_agg_forget(struct fc_sstore *st);
/* Recount everything when the 0007 migration asked for it (at open). */
int fc_sstore_agg_pending(struct fc_sstore *st, struct fc_error *err);

/* The group commit queue of the store at path (a file or URI); NULL when too many stores. */
void *fc_sstore_group_of(const char *path);

/* SQLite writers' turns (store/sqlite-sync.c) */

/* The group of handles on the store file path in this process; NULL when too many files. */
void *fc_sstore_lite_group(const char *path);
/* Take turns to write (NULL group: nothing). */
void fc_sstore_lite_write_lock(void *group);
void fc_sstore_lite_write_unlock(void *group);

/*
 * Turn a failed SQLite call into our words (FC_E_FULL, FC_E_BUSY, FC_E_DB);
 * returns -1. what is English marked N_() where it is written, and shown in
 * the administrator's language, as every store's "what: why" is.
 */
int fc_sstore_fail(struct fc_sstore *st, struct fc_error *err, const char *what);

/*
 * The lowest revision the next household or template change may get: the
 * clock in microseconds. Devices pull both "since" a revision they keep, so
 * a revision once handed out must never be handed out again, even by a store
 * restored from a backup that does not hold it (docs/operating.md, "Restore").
 * Changes come far slower than one a microsecond, so every revision handed
 * out before is below the clock of any later change.
 */
int64_t fc_sstore_rev_floor(void);
/* Reset a statement and clear its bindings after use. */
void fc_sstore_reset(sqlite3_stmt *stmt);

#endif
