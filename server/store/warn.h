/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/warn.h: warnings and their outbox in the server store
 * (docs/warnings.md). The rules are core/warn.c's; here the facts are
 * selected, each warning raised is kept once (its dedup key is unique) with
 * one delivery row per receiver in the same transaction, so a warning raised
 * is delivered even after a crash, and deliveries are claimed, done or
 * retried. Verbs have the contract of store.h's: a status and an error.
 */
#ifndef FC_SERVER_STORE_WARN_H
#define FC_SERVER_STORE_WARN_H

#include "core/warn.h"
#include "server/store/store.h"

/*
 * Run rules over the ledger, devices and forks on day today at now; new
 * warnings are kept with a pending delivery to each receiver. *raised gets
 * how many were new.
 */
int fc_sstore_warnings_run(struct fc_sstore *st, const struct fc_warn_rules *rules,
			   const char *today, time_t now, int64_t *raised, struct fc_error *err);

/* One delivery claimed for sending: the warning's body and the try it is. */
struct fc_sdelivery {
	int64_t warning_id;
	char receiver[FC_ID_MAX];
	int attempts;	       /* tries before this one */
	int64_t claimed_until; /* the next_at the claim set: the lease's end */
	char *body;	       /* malloc'd by the claim; fc_sdeliveries_free() frees */
};

/*
 * Claim up to max deliveries due at now (pending, next_at <= now): their
 * next_at moves to now + lease so no other deliverer sends them meanwhile.
 * *out is a new array of *n (caller frees with fc_sdeliveries_free()).
 */
int fc_sstore_deliveries_claim(struct fc_sstore *st, time_t now, int lease, size_t max,
			       struct fc_sdelivery **out, size_t *n, struct fc_error *err);
void fc_sdeliveries_free(struct fc_sdelivery *d, size_t n);

/*
 * The outcome of sending d at now: delivered (ok 1), or failed with why and
 * retried by fc_warn_backoff() or given up. A failure is kept only while
 * the row is still as d's claim left it: once its lease was over another
 * deliverer may have claimed it again, or delivered it, which a late
 * failure must not undo. A delivery is always kept: the receiver has it.
 */
int fc_sstore_delivery_done(struct fc_sstore *st, const struct fc_warn_rules *rules,
			    const struct fc_sdelivery *d, int ok, const char *why, time_t now,
			    struct fc_error *err);

/* A warning and one of its deliveries, as `warnings list` shows them. */
struct fc_swarning {
	int64_t id;
	char rule[32];
	char district[FC_ID_MAX];
	char dedup[FC_WARN_DEDUP_MAX];
	int64_t created_at;
	char receiver[FC_ID_MAX]; /* "" when no receiver was configured */
	char state[16];		  /* pending, delivered, failed */
	int attempts;
	int64_t next_at, delivered_at;
	char last_error[256];
};
typedef void (*fc_swarning_fn)(const struct fc_swarning *w, void *ctx);

/* Warnings with their deliveries in id order; state "" for any. */
int fc_sstore_warnings(struct fc_sstore *st, const char *state, fc_swarning_fn fn, void *ctx,
		       struct fc_error *err);

/* Send warning id again (to receiver, or "" for all) from now; *n deliveries reset. */
int fc_sstore_redeliver(struct fc_sstore *st, int64_t id, const char *receiver, time_t now,
			int64_t *n, struct fc_error *err);

#endif
