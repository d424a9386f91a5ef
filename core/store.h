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

struct fc_store;

/* Open and close */

/* Open (creating and migrating) the store at path. Caller closes. */
int	fc_store_open(const char *path, struct fc_store **out, struct fc_error *err);
void	fc_store_close(struct fc_store *st);	/* NULL does nothing */

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int	fc_store_begin(struct fc_store *st, struct fc_error *err);
int	fc_store_commit(struct fc_store *st, struct fc_error *err);
void	fc_store_rollback(struct fc_store *st);

/* The device */

/* Remember the identity this store belongs to (once, at init). */
int	fc_store_set_identity(struct fc_store *st, const struct fc_identity *id,
	    struct fc_error *err);
/* FC_E_NOTFOUND when the home was never initialised. */
int	fc_store_get_identity(struct fc_store *st, struct fc_identity *out, struct fc_error *err);

/* Records */

/* seq and hash of the newest record; seq 0 and zero hash when there is none. */
int	fc_store_last(struct fc_store *st, int64_t *seq, unsigned char hash[FC_HASH_BYTES],
	    struct fc_error *err);

/* Insert a sealed record exactly as signed. The caller holds a transaction. */
int	fc_store_append(struct fc_store *st, const struct fc_record *rec, struct fc_error *err);

/*
 * Seal draft as the next record (seq and prev from the store) and append it
 * in one durable transaction. When this returns 0 the record is on disk; *out
 * (may be NULL) gets a copy, released with fc_record_release().
 */
int	fc_store_add_record(struct fc_store *st, const struct fc_record_draft *draft,
	    const struct fc_signer *signer, const char *time_iso, struct fc_record *out,
	    struct fc_error *err);

/* Load one record by id (or unique id prefix). FC_E_NOTFOUND if none. */
int	fc_store_get_record(struct fc_store *st, const char *id, struct fc_record *out,
	    struct fc_error *err);

struct fc_record_filter {
	int64_t		 from_seq;	/* first seq to visit (0 = from the start) */
	int		 unsynced_only;
	const char	*household;	/* only this household, or NULL */
	int		 newest_first;
	size_t		 limit;		/* 0 = all */
};

/*
 * Call fn for each record matching filter, in seq order (or newest first). fn
 * returns 0 to go on, 1 to stop early, -1 to fail (its err is passed back).
 * The record passed to fn is valid only during the call.
 */
typedef int (*fc_record_fn)(const struct fc_record *rec, void *ctx, struct fc_error *err);
int	fc_store_each_record(struct fc_store *st, const struct fc_record_filter *filter,
	    fc_record_fn fn, void *ctx, struct fc_error *err);

int	fc_store_count_records(struct fc_store *st, int64_t *total, int64_t *unsynced,
	    struct fc_error *err);

/* Mark every record with seq <= upto as acknowledged by the server. */
int	fc_store_mark_synced(struct fc_store *st, int64_t upto, struct fc_error *err);

/* Households */

#define FC_ADDRESS_MAX	256

struct fc_household {
	char	 id[FC_ID_MAX];
	char	 district[FC_ID_MAX];
	char	 address[FC_ADDRESS_MAX];
	char	 resident[FC_NAME_MAX];
	char	 phone[32];
	char	 kind[16];		/* residential catering business selfbuilt rural */
	char	 last_check[11];	/* YYYY-MM-DD or "" */
};

/* Insert or replace rows[0..count) in one transaction: all or nothing. */
int	fc_store_put_households(struct fc_store *st, const struct fc_household *rows,
	    size_t count, struct fc_error *err);

int	fc_store_get_household(struct fc_store *st, const char *id, struct fc_household *out,
	    struct fc_error *err);

int	fc_store_count_households(struct fc_store *st, int64_t *count, struct fc_error *err);

/*
 * Households matching text: an exact or prefix id, or a fragment of the
 * address, resident name or phone (Chinese included; one- and two-character
 * queries too). At most limit results, best first; fn as for records.
 */
typedef int (*fc_household_fn)(const struct fc_household *h, void *ctx, struct fc_error *err);
int	fc_store_search_households(struct fc_store *st, const char *text, size_t limit,
	    fc_household_fn fn, void *ctx, struct fc_error *err);

/* Every household, in id order. */
int	fc_store_each_household(struct fc_store *st, fc_household_fn fn, void *ctx,
	    struct fc_error *err);

/* Key-value settings of the device (last sync time, cursors, language). */
int	fc_store_get_setting(struct fc_store *st, const char *key, char *out, size_t out_size,
	    struct fc_error *err);	/* FC_E_NOTFOUND when unset */
int	fc_store_set_setting(struct fc_store *st, const char *key, const char *value,
	    struct fc_error *err);

/* Drafts: a form in progress, saved on every answer (JSON text). */
int	fc_store_save_draft(struct fc_store *st, const char *key, const char *json,
	    struct fc_error *err);
/* *json is malloc'd, caller frees; FC_E_NOTFOUND when there is none. */
int	fc_store_load_draft(struct fc_store *st, const char *key, char **json,
	    struct fc_error *err);
int	fc_store_delete_draft(struct fc_store *st, const char *key, struct fc_error *err);
/* Keys of all saved drafts, for "resume?" at start-up; fn gets each key. */
int	fc_store_each_draft(struct fc_store *st, int (*fn)(const char *key, void *ctx),
	    void *ctx, struct fc_error *err);

#endif
