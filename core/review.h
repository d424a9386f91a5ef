/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review.h: a supervisor's review of a record (docs/review.md), signed by
 * the server's own Ed25519 key so a device can tell it came from the server
 * and was not changed on the way.
 *
 * The body is compact JSON made once, at signing, and never re-serialised;
 * the signature is over FC_REVIEW_DOMAIN||body, a prefix no record or
 * request signature uses. The body names the record by id and by hash, so a
 * review is of exactly the version the supervisor saw.
 */
#ifndef FC_REVIEW_H
#define FC_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "record.h"
#include "sign.h"

#define FC_REVIEW_DOMAIN "fieldcheck/review/v1\n"
#define FC_REVIEW_ACCEPTED "accepted"
#define FC_REVIEW_RETURNED "returned"
#define FC_REVIEW_COMMENT_MAX 2000 /* bytes of UTF-8 */

struct fc_review {
	int64_t id; /* the server's number, the order devices pull them in */
	char record[FC_RECORD_ID_MAX];
	char record_hash[FC_HASH_HEX];
	char state[16]; /* FC_REVIEW_ACCEPTED or FC_REVIEW_RETURNED */
	char comment[FC_REVIEW_COMMENT_MAX + 1];
	char reviewer[FC_ID_MAX];
	char time[32]; /* UTC, YYYY-MM-DDTHH:MM:SSZ */
};

/* 1 when state is accepted or returned. */
int fc_review_state_ok(const char *state);

/* The body of rv (its id is not in it): a new string, caller frees. */
int fc_review_body(const struct fc_review *rv, char **body, struct fc_error *err);

/* Sign domain||body with the server's secret key. */
int fc_review_sign(const unsigned char sk[FC_SK_BYTES], const char *body, size_t len,
		   unsigned char sig[FC_SIG_BYTES], struct fc_error *err);

/*
 * Check sig over body against the server's public key, then read the body
 * into out (id untouched). FC_E_CHAIN when the signature fails, FC_E_INVALID
 * when the body is not a review.
 */
int fc_review_open(const unsigned char pk[FC_PK_BYTES], const char *body, size_t len,
		   const unsigned char sig[FC_SIG_BYTES], struct fc_review *out,
		   struct fc_error *err);

/*
 * A review kept on the device checked again: its signature (sig_hex) over
 * body under the server key pk, then each column copied from the body
 * (record, record_hash, state, comment, reviewer, time in copy) against the
 * body. 0 when all hold; FC_E_CHAIN with err naming the first that does not
 * ("it is not signed by the server's key", "its comment is not what the
 * server signed"), for `show` and `verify`.
 */
int fc_review_check_kept(const unsigned char pk[FC_PK_BYTES], const struct fc_review *copy,
			 const char *body, const char *sig_hex, struct fc_error *err);

/* Read a review's body into out (id untouched), its signature unchecked: FC_E_INVALID. */
int fc_review_read(const char *body, size_t len, struct fc_review *out, struct fc_error *err);

/*
 * 1 when newest, the newest review of a record, still waits for the
 * inspector: it returned the record and no correction of the record is known
 * (corrected 0). A later "accepted" or a correction ends the wait.
 */
int fc_review_awaits_answer(const struct fc_review *newest, int corrected);

#endif
