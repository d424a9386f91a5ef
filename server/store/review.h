/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/review.h: what the server store keeps for closing the loop between
 * the field and the office (docs/review.md): the server's own Ed25519 key,
 * the lookup of a record by its hash that /verify/ answers from, supervisors'
 * reviews signed with the server key, and warnings with their outbox.
 * Verbs here have the contract of store.h's: a status and an error.
 */
#ifndef FC_SERVER_STORE_REVIEW_H
#define FC_SERVER_STORE_REVIEW_H

#include "server/store/store.h"

/*
 * The server's key pair, made and kept at the first call (the first start
 * of `serve`, or `status`), the same ever after and in every process that
 * shares the store. sk may be NULL when only the public half is wanted.
 */
int fc_sstore_server_key(struct fc_sstore *st, time_t now, unsigned char pk[FC_PK_BYTES],
			 unsigned char sk[FC_SK_BYTES], struct fc_error *err);

/* What the store tells about a record found by its hash: nothing private. */
struct fc_sverify {
	char record_id[FC_RECORD_ID_MAX];
	char type[16];
	char day[11];
	char inspector[FC_ID_MAX];
	char district[FC_ID_MAX];
	char outcome[32];
	int64_t hazards; /* hazards the record found */
	/* Between a backend and store/review.c only: the body, read there, then freed. */
	char *body;
	size_t body_len;
};

/* The stored record whose hash is hash; *found 0 when there is none (not an error). */
int fc_sstore_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
			struct fc_sverify *out, int *found, struct fc_error *err);

/* Reviews (docs/review.md) */

#include "core/review.h"

/*
 * A supervisor's review of a stored record: state accepted or returned (a
 * return needs a comment), by reviewer, whose districts ("*" or a comma
 * list) must read the record (the district it was stored under or its
 * household's now: fc_sstore_reads_record). The body is signed with the server key
 * and kept; *out (may be NULL) gets the review with its id. The same review
 * again (the state, comment and reviewer of the record's newest) keeps
 * nothing new and *out gets the one kept. FC_E_NOTFOUND for an unknown
 * record, FC_E_REFUSED outside the districts, FC_E_EXISTS for a version
 * already corrected (only the current version is reviewed), FC_E_USAGE for a
 * bad state or comment. Run it in a transaction: the record's row is locked
 * so two of the same review at once keep one.
 */
int fc_sstore_review_add(struct fc_sstore *st, const char *record_id, const char *state,
			 const char *comment, const char *reviewer, const char *districts,
			 time_t now, struct fc_review *out, struct fc_error *err);

/* One stored review as the lists show it. */
struct fc_sreview {
	struct fc_review rv; /* read from the signed body */
	char inspector[FC_ID_MAX];
	char district[FC_ID_MAX];
	char answered_by[FC_RECORD_ID_MAX]; /* the correction that answered a return, or "" */
	int64_t created_at;
};
typedef void (*fc_sreview_fn)(const struct fc_sreview *r, void *ctx);

/* Reviews in id order, of record_id and in state ("" for any). */
int fc_sstore_reviews(struct fc_sstore *st, const char *record_id, const char *state,
		      fc_sreview_fn fn, void *ctx, struct fc_error *err);

/*
 * For a device's pull: the reviews of inspector's records after id since,
 * at most limit, as a new array of {"id", "body", "sig"}; *last gets the
 * last id given (since when none).
 */
int fc_sstore_reviews_since(struct fc_sstore *st, const char *inspector, int64_t since,
			    int64_t limit, json_t **out, int64_t *last, struct fc_error *err);

/* A correction (by) of record_id arrived: it answers the record's open return. */
int fc_sstore_review_answered(struct fc_sstore *st, const char *record_id, const char *by,
			      struct fc_error *err);

#endif
