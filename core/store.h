/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.h: the device's local store, one SQLite file (WAL, foreign keys on,
 * synchronous=FULL so an acknowledged record survives a flat battery).
 *
 * Every statement the device runs is in store.c, prepared once at open. This
 * header exposes verbs; no caller ever sees SQL or a sqlite3 handle. The
 * schema lives in schema/device/NNNN-*.sql, applied in order at open and
 * recorded in PRAGMA user_version.
 */
#ifndef FC_STORE_H
#define FC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "keyfile.h"
#include "record.h"
#include "review.h"

struct fc_store;

/* Open and close */

/* Open (creating and migrating) the store at path. Caller closes. */
int fc_store_open(const char *path, struct fc_store **out, struct fc_error *err);
void fc_store_close(struct fc_store *st); /* NULL does nothing */

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int fc_store_begin(struct fc_store *st, struct fc_error *err);
int fc_store_commit(struct fc_store *st, struct fc_error *err);
void fc_store_rollback(struct fc_store *st);

/* The device */

/* Remember the identity this store belongs to (once, at init). */
int fc_store_set_identity(struct fc_store *st, const struct fc_identity *id, struct fc_error *err);
/* FC_E_NOTFOUND when the home was never initialised. */
int fc_store_get_identity(struct fc_store *st, struct fc_identity *out, struct fc_error *err);

/* Records */

/* seq and hash of the newest record; seq 0 and zero hash when there is none. */
int fc_store_last(struct fc_store *st, int64_t *seq, unsigned char hash[FC_HASH_BYTES],
		  struct fc_error *err);

/* Insert a sealed record exactly as signed. The caller holds a transaction. */
int fc_store_append(struct fc_store *st, const struct fc_record *rec, struct fc_error *err);

/*
 * Seal draft as the next record (seq and prev from the store) and append it
 * in one durable transaction, together with the derived tables (see "Due
 * lists" below). When this returns 0 the record is on disk; *out (may be
 * NULL) gets a copy, released with fc_record_release(). If the caller already
 * holds a transaction (fc_store_begin), the record joins it and is durable at
 * the caller's commit.
 */
int fc_store_add_record(struct fc_store *st, const struct fc_record_draft *draft,
			const struct fc_signer *signer, const char *time_iso, struct fc_record *out,
			struct fc_error *err);

/* Load one record by id (or unique id prefix). FC_E_NOTFOUND if none. */
int fc_store_get_record(struct fc_store *st, const char *id, struct fc_record *out,
			struct fc_error *err);

struct fc_record_filter {
	int64_t from_seq; /* visit only seq >= from_seq (0 = every row), either order */
	int unsynced_only;
	const char *household; /* only this household, or NULL */
	int newest_first;
	size_t limit; /* 0 = all */
	/*
	 * 0: the copied members (household, outcome, ...) are read from the
	 * signed body, so an edited column is never shown. 1: as the columns
	 * hold them, for the chain check that compares them with the body.
	 */
	int stored_copies;
};

/*
 * Call fn for each record matching filter, in seq order (or newest first). fn
 * returns 0 to go on, 1 to stop early, -1 to fail (its err is passed back).
 * The record passed to fn is valid only during the call.
 */
typedef int (*fc_record_fn)(const struct fc_record *rec, void *ctx, struct fc_error *err);
int fc_store_each_record(struct fc_store *st, const struct fc_record_filter *filter,
			 fc_record_fn fn, void *ctx, struct fc_error *err);

int fc_store_count_records(struct fc_store *st, int64_t *total, int64_t *unsynced,
			   struct fc_error *err);
/*
 * The newest record not yet synced (its seq), 0 when none waits: whether
 * records wait, and whether a new one came, in one index lookup; counting
 * them takes time that grows with their number (the TUI's retry asks often).
 */
int fc_store_newest_unsynced(struct fc_store *st, int64_t *seq, struct fc_error *err);

/* Mark every record with seq <= upto as acknowledged by the server. */
int fc_store_mark_synced(struct fc_store *st, int64_t upto, struct fc_error *err);

/* Households */

#define FC_ADDRESS_MAX 256

struct fc_household {
	char id[FC_ID_MAX];
	char district[FC_ID_MAX];
	char address[FC_ADDRESS_MAX];
	char resident[FC_NAME_MAX];
	char phone[32];
	char kind[16];	     /* residential catering business selfbuilt rural */
	char last_check[11]; /* YYYY-MM-DD or "" */
};

/*
 * Insert or update rows[0..count) in one transaction: all or nothing (when the
 * caller already holds a transaction, inside it). An existing id gets the new
 * details; its last_check only ever moves forward.
 */
int fc_store_put_households(struct fc_store *st, const struct fc_household *rows, size_t count,
			    struct fc_error *err);

/*
 * Loading a whole registry at once (a device's first pull): load_begin opens
 * one transaction in which fc_store_put_households() leaves the two search
 * indexes alone; load_end rebuilds both from the rows once and commits (ok
 * 1), or rolls everything back (ok 0). One rebuild costs far less than
 * keeping the indexes in step row by row. Without load_end nothing is kept.
 */
int fc_store_households_load_begin(struct fc_store *st, struct fc_error *err);
int fc_store_households_load_end(struct fc_store *st, int ok, struct fc_error *err);

int fc_store_get_household(struct fc_store *st, const char *id, struct fc_household *out,
			   struct fc_error *err);

int fc_store_count_households(struct fc_store *st, int64_t *count, struct fc_error *err);

/*
 * Households matching text, first page only, never counted: the household
 * whose id is text (as typed or in upper case), then ids starting with text,
 * then households whose address, resident or phone contain every
 * space-separated word of text (Chinese included; one- and two-character
 * words too). At most limit results (0 means 50); fn as for records. Fails
 * with FC_E_INVALID when text is not valid UTF-8.
 */
typedef int (*fc_household_fn)(const struct fc_household *h, void *ctx, struct fc_error *err);
int fc_store_search_households(struct fc_store *st, const char *text, size_t limit,
			       fc_household_fn fn, void *ctx, struct fc_error *err);

/* Every household, in id order. */
int fc_store_each_household(struct fc_store *st, fc_household_fn fn, void *ctx,
			    struct fc_error *err);

/*
 * Due lists, the hazard ledger and revisits. These tables are derived from
 * the records inside the transaction that adds each record (the body stays
 * the truth): an inspection moves its household's last_check forward, each
 * hazard of a record opens a ledger row, a "followup" naming a record closes
 * that record's open hazards when its outcome is "rectified" (otherwise it is
 * counted on them), and a "correction" marks the corrected record's open
 * hazards "corrected". The policy (intervals per kind, due vs overdue) lives
 * in due.c; these verbs take the cutoff dates as parameters.
 */

/*
 * Recompute the hazard ledger, the revisits and last checks from the record
 * bodies, in seq order, in one transaction (after a migration changes the
 * rules, or to repair the derived tables). Signatures are not checked here:
 * that is fc_chain_verify_store()'s job.
 */
int fc_store_rebuild_ledger(struct fc_store *st, struct fc_error *err);

/*
 * For fieldcheck verify (core/ledger-verify.c). Every household that has
 * records or ledger rows, once each; the ledger state its stored record
 * bodies give now (as appending a record computes it; empty for ""); and
 * its stored rows of hazards, programmes and versions, each column as text.
 */
struct fc_ledger_state;
struct fc_ledger_row;
typedef int (*fc_ledger_hh_fn)(const char *household, void *ctx, struct fc_error *err);
typedef int (*fc_ledger_row_fn)(const struct fc_ledger_row *row, void *ctx, struct fc_error *err);
int fc_store_ledger_households(struct fc_store *st, fc_ledger_hh_fn fn, void *ctx,
			       struct fc_error *err);
int fc_store_ledger_compute(struct fc_store *st, const char *household, struct fc_ledger_state *out,
			    struct fc_error *err);
int fc_store_ledger_rows(struct fc_store *st, const char *household, fc_ledger_row_fn fn, void *ctx,
			 struct fc_error *err);

/* Households of kind whose last_check is empty or earlier than cutoff (YYYY-MM-DD). */
int fc_store_count_due(struct fc_store *st, const char *kind, const char *cutoff, int64_t *count,
		       struct fc_error *err);
/* The same households, never-checked first then oldest check first; limit 0 = all. */
int fc_store_each_due(struct fc_store *st, const char *kind, const char *cutoff, size_t limit,
		      fc_household_fn fn, void *ctx, struct fc_error *err);

/*
 * The last completed inspection of household in programme as the ledger's
 * row has it (YYYY-MM-DD), into out[11]; "" when never, or when the ledger
 * keeps no row (a household without records).
 */
int fc_store_programme_last(struct fc_store *st, const char *household, const char *programme,
			    char out[11], struct fc_error *err);

/* One row of the hazard ledger. */
struct fc_hazard_entry {
	char record[FC_RECORD_ID_MAX]; /* record that found it */
	int idx;		       /* its position in that record's hazards */
	char household[FC_ID_MAX];
	char item[FC_ID_MAX];
	char severity[32];
	char note[512];
	char rule[FC_ID_MAX];
	char found[11];		   /* YYYY-MM-DD */
	char status[16];	   /* open, rectified, superseded, reinspected (ledger.h) */
	int followups;		   /* follow-up results that left it open */
	char last_followup[11];	   /* YYYY-MM-DD or "" */
	char programme[16];	   /* gas, selfbuilt, rural */
	char deadline[11];	   /* the newest deadline a follow-up set, or "" */
	char by[FC_RECORD_ID_MAX]; /* the record of the last change, or "" */
};
typedef int (*fc_hazard_fn)(const struct fc_hazard_entry *h, void *ctx, struct fc_error *err);

/* Open hazards, oldest first; household NULL means every household. */
int fc_store_each_open_hazard(struct fc_store *st, const char *household, fc_hazard_fn fn,
			      void *ctx, struct fc_error *err);
int fc_store_count_open_hazards(struct fc_store *st, int64_t *count, struct fc_error *err);

/* Households on the escalation list (visits since the last inspection >= the setting). */
int fc_store_count_escalated(struct fc_store *st, int64_t *count, struct fc_error *err);

/* What the ledger says of an inspection, visit or correction. */
struct fc_store_version {
	char root[FC_RECORD_ID_MAX];	/* the original */
	char current[FC_RECORD_ID_MAX]; /* its current version */
	char kind[16];			/* this version's kind */
};
/* FC_E_NOTFOUND for follow-ups, household changes and unknown ids. */
int fc_store_record_version(struct fc_store *st, const char *id, struct fc_store_version *out,
			    struct fc_error *err);

/*
 * Refuse, before anything is signed, a record for a household of the
 * registry outside the device's districts (FC_SET_DISTRICT), and a
 * follow-up or correction the ledger cannot take (fc_ledger_check(): a
 * follow-up of a visit or of an item that is not open, a record naming a
 * version that is no longer current). fc_store_add_record() checks the same
 * again.
 */
/*
 * The districts part alone; district gets the household's district from the
 * registry ("" when it has none), which fc_store_add_record() writes into
 * the body as "district".
 */
int fc_store_check_district(struct fc_store *st, const struct fc_record_draft *draft,
			    char district[FC_ID_MAX], struct fc_error *err);
int fc_store_check_draft(struct fc_store *st, const struct fc_record_draft *draft,
			 struct fc_error *err);

/* A household whose newest inspection-or-visit is a visit: it needs another try. */
struct fc_revisit {
	char household[FC_ID_MAX];
	char record[FC_RECORD_ID_MAX]; /* the visit */
	char visited[11];	       /* YYYY-MM-DD */
	char outcome[32];	       /* e.g. nobody_home, refused */
};
typedef int (*fc_revisit_fn)(const struct fc_revisit *r, void *ctx, struct fc_error *err);

/* Every household needing a revisit, oldest visit first. */
int fc_store_each_revisit(struct fc_store *st, fc_revisit_fn fn, void *ctx, struct fc_error *err);

/*
 * Reviews (docs/review.md): supervisors' reviews of this inspector's records,
 * kept only after fc_review_open() checked them against the server's key.
 */
struct fc_store_review {
	struct fc_review rv; /* rv.id is the server's number */
	const char *body;    /* the exact signed bytes; valid during the call only */
	const char *sig;     /* hex */
};
typedef int (*fc_review_fn)(const struct fc_store_review *r, void *ctx, struct fc_error *err);

/* Keep a checked review; the same id again changes nothing. */
int fc_store_put_review(struct fc_store *st, const struct fc_review *rv, const char *body,
			const char *sig, struct fc_error *err);
/* Reviews of record (NULL: of every record), oldest first; fn as for records. */
int fc_store_each_review(struct fc_store *st, const char *record, fc_review_fn fn, void *ctx,
			 struct fc_error *err);
/*
 * Returns still waiting for a correction (fc_review_awaits_answer() of each
 * record's newest review, corrected when the ledger has a newer version of
 * the record), oldest first.
 */
int fc_store_each_open_return(struct fc_store *st, fc_review_fn fn, void *ctx,
			      struct fc_error *err);
/* *awaits 1 when record's return waits for a correction, by the same rule. */
int fc_store_review_awaits(struct fc_store *st, const char *record, int *awaits,
			   struct fc_error *err);

/* What fc_store_verify_reviews() found: how many held, and the first that did not. */
struct fc_review_verify_report {
	long long checked;
	long long bad_id; /* 0 when every review held */
	char record[FC_RECORD_ID_MAX];
	char reason[512];
};
/*
 * Every kept review checked again (fc_review_check_kept()) under the server
 * key pk (NULL when the device keeps none: a kept review then cannot be
 * checked, and fails). 0 when all hold; -1 with FC_E_CHAIN and the report
 * naming the first that does not, or another error when the store fails.
 */
int fc_store_verify_reviews(struct fc_store *st, const unsigned char *pk,
			    struct fc_review_verify_report *rep, struct fc_error *err);

/*
 * The districts the device's inspector was enrolled for, as the server said
 * ("D1" or "D1,D2"; core/ids.h): the device refuses a record for a household
 * of its registry outside them before it is signed.
 */
#define FC_SET_DISTRICT "sync.district"

/* The folder the handheld's camera writes to (`fieldcheck config camera-dir`). */
#define FC_SET_CAMERA_DIR "device.camera_dir"

/* The Argon2id cost a new key gets, "OPS:MIB" (`fieldcheck config kdf`). */
#define FC_SET_KDF "device.kdf"

/* Key-value settings of the device (last sync time, cursors, language). */
int fc_store_get_setting(struct fc_store *st, const char *key, char *out, size_t out_size,
			 struct fc_error *err); /* FC_E_NOTFOUND when unset */
int fc_store_set_setting(struct fc_store *st, const char *key, const char *value,
			 struct fc_error *err);

/* Drafts: a form in progress, saved on every answer (JSON text). */
int fc_store_save_draft(struct fc_store *st, const char *key, const char *json,
			struct fc_error *err);
/* *json is malloc'd, caller frees; FC_E_NOTFOUND when there is none. */
int fc_store_load_draft(struct fc_store *st, const char *key, char **json, struct fc_error *err);
int fc_store_delete_draft(struct fc_store *st, const char *key, struct fc_error *err);
/* Keys of all saved drafts, for "resume?" at start-up; fn gets each key. */
int fc_store_each_draft(struct fc_store *st, int (*fn)(const char *key, void *ctx), void *ctx,
			struct fc_error *err);

#endif
