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
};

/* The stored record whose hash is hash; *found 0 when there is none (not an error). */
int fc_sstore_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
			struct fc_sverify *out, int *found, struct fc_error *err);

#endif
