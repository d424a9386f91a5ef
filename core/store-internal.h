/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-internal.h: what the store's own files share and nobody else sees:
 * the statement numbers, the store struct, and the error mapping.
 *
 * store.c holds every statement in one table indexed by enum store_sql and
 * prepares them all at open; store-household.c and store-ledger.c use them by
 * number. Nothing outside core/store*.c includes this file.
 */
#ifndef FC_STORE_INTERNAL_H
#define FC_STORE_INTERNAL_H

#include <sqlite3.h>

#include "buf.h"
#include "due.h"
#include "store.h"

enum store_sql {
	SQL_BEGIN,
	SQL_COMMIT,
	SQL_ROLLBACK,
	SQL_SAVEPOINT,
	SQL_RELEASE,
	SQL_ROLLBACK_TO,
	SQL_IDENTITY_SET,
	SQL_IDENTITY_GET,
	SQL_LAST,
	SQL_APPEND,
	SQL_RECORD_GET,
	SQL_RECORD_PREFIX,
	SQL_EACH_ASC,
	SQL_EACH_DESC,
	SQL_EACH_UNSYNCED,
	SQL_EACH_HH_ASC,
	SQL_EACH_HH_DESC,
	SQL_COUNT_RECORDS,
	SQL_NEWEST_UNSYNCED,
	SQL_MARK_SYNCED,
	SQL_SETTING_GET,
	SQL_SETTING_SET,
	SQL_DRAFT_SAVE,
	SQL_DRAFT_LOAD,
	SQL_DRAFT_DELETE,
	SQL_DRAFT_EACH,
	SQL_HH_OLD,
	SQL_HH_INSERT,
	SQL_HH_UPDATE,
	SQL_HH_TRI_DELETE,
	SQL_HH_TRI_INSERT,
	SQL_HH_GRAM_DELETE,
	SQL_HH_GRAM_INSERT,
	SQL_HH_UPSERT,
	SQL_HH_TRI_HASHSIZE,
	SQL_HH_TRI_REBUILD,
	SQL_HH_GRAM_CREATE,
	SQL_HH_TEXT_ALL,
	SQL_HH_GET,
	SQL_HH_COUNT,
	SQL_HH_EACH,
	SQL_HH_PREFIX,
	SQL_HH_SEARCH_TRI,
	SQL_HH_SEARCH_GRAM,
	SQL_HH_SEARCH_ALL,
	SQL_LEDGER_HH_RECORDS,
	SQL_LEDGER_HH_GET,
	SQL_LEDGER_HOUSEHOLDS,
	SQL_LEDGER_HH_MARK,
	SQL_LEDGER_HH_CHANGED,
	SQL_LEDGER_HH_UNMARK,
	SQL_LEDGER_LAST_CHECK,
	SQL_LEDGER_DEL_HAZARDS,
	SQL_LEDGER_PUT_HAZARD,
	SQL_LEDGER_DEL_PROGRAMMES,
	SQL_LEDGER_PUT_PROGRAMME,
	SQL_LEDGER_DEL_VERSIONS,
	SQL_LEDGER_PUT_VERSION,
	SQL_LEDGER_REVISIT_SET,
	SQL_LEDGER_REVISIT_CLEAR,
	SQL_LEDGER_CLEAR_HAZARDS,
	SQL_LEDGER_CLEAR_REVISITS,
	SQL_LEDGER_CLEAR_PROGRAMMES,
	SQL_LEDGER_CLEAR_VERSIONS,
	SQL_LEDGER_CLEAR_LAST_CHECK,
	SQL_VERSION_GET,
	SQL_ESCALATED_COUNT,
	SQL_DUE_COUNT,
	SQL_DUE_EACH,
	SQL_PROGRAMME_LAST,
	SQL_HAZARDS_OPEN_ALL,
	SQL_HAZARDS_OPEN_HH,
	SQL_HAZARDS_OPEN_COUNT,
	SQL_REVISITS_EACH,
	SQL_LEDGER_ALL_HOUSEHOLDS,
	SQL_LEDGER_ROWS_HAZARDS,
	SQL_LEDGER_ROWS_PROGRAMMES,
	SQL_LEDGER_ROWS_VERSIONS,
	SQL_LEDGER_ROWS_REVISITS,
	SQL_REVIEW_PUT,
	SQL_REVIEWS_ALL,
	SQL_REVIEWS_OF,
	SQL_REVIEWS_NEWEST,
	SQL_COUNT
};

struct fc_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[SQL_COUNT];
	/* The ledger's intervals, loaded once for the district last asked (store-ledger.c). */
	struct fc_intervals_cache iv;
	/* Inside fc_store_households_load_begin(): the search indexes wait for its end. */
	int hh_deferred;
};

/*
 * Turn the last SQLite failure on st into our words in err and return -1:
 * SQLITE_FULL and SQLITE_BUSY get fixed messages the user can act on, a
 * read-only or damaged store.db says which and what to do; others get
 * "<context>: <sqlite message>".
 */
int store_fail(struct fc_store *st, struct fc_error *err, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

/* Reset and unbind a statement after use. */
void store_done(sqlite3_stmt *stmt);

/* Copy column col of stmt (text, possibly NULL) into out[size], cut on a character boundary. */
void store_copy_text(sqlite3_stmt *stmt, int col, char *out, size_t size);

/* Run a one-step statement that returns no rows; 0 or -1 via store_fail(). */
int store_exec(struct fc_store *st, enum store_sql which, struct fc_error *err);
/* The households table's CHECKs in the statements from now on (on) or left out. */
int store_checks(struct fc_store *st, int on, struct fc_error *err);

/*
 * Step a statement (parameters already bound) whose one row is a count into
 * *count; on failure the message is what (a whole sentence, translated).
 */
int store_count(struct fc_store *st, enum store_sql which, const char *what, int64_t *count,
		struct fc_error *err);

/*
 * store-ledger.c: recompute the ledger rows of household (after a record for
 * it was appended, inside that transaction). "" does nothing.
 */
int store_ledger_household(struct fc_store *st, const char *household, struct fc_error *err);

/*
 * A registry load can change a household's kind, district or registry date,
 * which its due dates are computed from: store_ledger_mark() before the load
 * notes them for every household with records, store_ledger_refresh() after
 * it recomputes those that changed. Both inside the load's transaction.
 */
int store_ledger_mark(struct fc_store *st, struct fc_error *err);
int store_ledger_refresh(struct fc_store *st, struct fc_error *err);

/*
 * store-household.c: the words households_gram holds for one household
 * ("新华路" -> "新 华 路 新华 华路"), into out.
 */
int store_grams(struct fc_buf *out, const char *address, const char *resident, const char *phone,
		struct fc_error *err);

/*
 * store-gram.c: households_gram of a registry load, made by a second thread.
 * store_gram_start() reads the rows (inside the load's transaction, after
 * its last row) and starts the thread; store_gram_finish() waits for it and
 * puts the index in the store, in place of the old one; store_gram_free()
 * gives it up instead.
 */
struct store_gram_job;
int store_gram_start(struct fc_store *st, struct store_gram_job **job, struct fc_error *err);
int store_gram_finish(struct fc_store *st, struct store_gram_job *job, struct fc_error *err);
void store_gram_free(struct store_gram_job *job);

/* Rebuild the ledger when a migration asked for it (setting ledger.rebuild). */
int store_ledger_pending(struct fc_store *st, struct fc_error *err);

/* Refuse draft when the ledger of its household cannot take it (fc_ledger_check()). */
int store_ledger_check(struct fc_store *st, const struct fc_record_draft *draft,
		       struct fc_error *err);

#endif
