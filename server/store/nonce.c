/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/nonce.c: a push's request nonce, spent in the push's own
 * transaction. Other requests spend theirs in a transaction of its own
 * (the backends' use_nonce); a push would then pay two commits, the
 * nonce's and its records', where the records' one durable commit can hold
 * both (issue 20). The server checks the nonce unseen when it authenticates
 * the request (fc_sstore_get_caller, a read), so a replay is refused before
 * its body is read, and takes it here; two copies of one request arriving
 * at once both pass the read, and the unique key lets only the first take
 * it: the other is refused as a replay, storing nothing.
 */
#include "server/store/backend.h"

static void
nonce_row(const struct fc_sstore_row *row, void *ctx)
{
	(void)row;
	*(int *)ctx = 1;
}

int
fc_sstore_nonce_seen(struct fc_sstore *st, int64_t device_rowid, const char *nonce, int *seen,
		     struct fc_error *err)
{
	struct fc_sstore_param p[] = {{NULL, device_rowid}, {nonce, 0}};

	*seen = 0;
	return st->ops->rows(st, SQL_NONCE_SEEN, p, 2, nonce_row, seen, err);
}

int
fc_sstore_take_nonce(struct fc_sstore *st, int64_t device_rowid, const char *nonce, time_t now,
		     long window, int *fresh, struct fc_error *err)
{
	struct fc_sstore_param prune[] = {{NULL, (int64_t)now - 2 * window}};
	struct fc_sstore_param p[] = {{NULL, device_rowid}, {nonce, 0}, {NULL, (int64_t)now}};

	*fresh = 0;
	/*
	 * Old nonces are forgotten at most once a second per handle, not once a
	 * request: keeping one a little longer only refuses what is refused anyway
	 * (twice the window: a request is accepted up to window either side of now).
	 */
	if (st->nonces_pruned != now) {
		if (st->ops->rows(st, SQL_PRUNE_NONCES, prune, 1, NULL, NULL, err) != 0)
			return -1;
		st->nonces_pruned = now;
	}
	return st->ops->rows(st, SQL_TAKE_NONCE, p, 3, nonce_row, fresh, err);
}
