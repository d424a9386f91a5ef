/* SPDX-License-Identifier: Apache-2.0 */
/*
 * chain.h: checking that a device's records form one unbroken chain.
 *
 * Each record must be signed by the device's key, carry seq = previous + 1
 * (starting at 1), name the previous record's hash as prev (zeros for the
 * first), and its stored copies (id, seq, device, hash) must agree with its
 * body. The first record that fails any of these is reported with the reason;
 * everything after it is unverifiable.
 */
#ifndef FC_CHAIN_H
#define FC_CHAIN_H

#include <stdint.h>

#include "error.h"
#include "record.h"

/* Where a walk along the chain has got to. Zero-initialise to start at seq 1. */
struct fc_chain_state {
	int64_t seq;			   /* last good seq, 0 before the first */
	unsigned char hash[FC_HASH_BYTES]; /* its hash */
};

struct fc_chain_report {
	int64_t checked;       /* records that verified */
	int64_t first_bad_seq; /* 0 when intact */
	char first_bad_id[FC_RECORD_ID_MAX];
	char reason[256];
};

/*
 * Check rec as the next link after state, for device/pk. On success state
 * moves to rec; on failure FC_E_CHAIN with "<record id>: <reason>".
 */
int fc_chain_next(struct fc_chain_state *state, const char *device,
		  const unsigned char pk[FC_PK_BYTES], const struct fc_record *rec,
		  struct fc_error *err);

struct fc_store;

/*
 * Walk every record in the device store. Returns 0 when intact; -1 with
 * FC_E_CHAIN and report filled at the first broken record, or another code
 * when the store could not be read.
 */
int fc_chain_verify_store(struct fc_store *st, const char *device,
			  const unsigned char pk[FC_PK_BYTES], struct fc_chain_report *report,
			  struct fc_error *err);

#endif
