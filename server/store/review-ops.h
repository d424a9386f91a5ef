/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/review-ops.h: the backends' verbs behind store/review.h, in
 * store/sqlite-review.c (fc_lite_*) and store/pg-review.c (fc_pgstore_*);
 * each backend's table in store/sqlite.c and store/pg.c names them. Only
 * server/store/ includes this.
 */
#ifndef FC_SERVER_STORE_REVIEW_OPS_H
#define FC_SERVER_STORE_REVIEW_OPS_H

#include "server/store/internal.h"
#include "server/store/review.h"

int fc_lite_get_server_key(struct fc_sstore *st, unsigned char pk[FC_PK_BYTES],
			   unsigned char sk[FC_SK_BYTES], int *found, struct fc_error *err);
int fc_lite_put_server_key(struct fc_sstore *st, const unsigned char pk[FC_PK_BYTES],
			   const unsigned char sk[FC_SK_BYTES], time_t now, struct fc_error *err);
int fc_lite_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
		      struct fc_sverify *out, int *found, struct fc_error *err);

int fc_pgstore_get_server_key(struct fc_sstore *st, unsigned char pk[FC_PK_BYTES],
			      unsigned char sk[FC_SK_BYTES], int *found, struct fc_error *err);
int fc_pgstore_put_server_key(struct fc_sstore *st, const unsigned char pk[FC_PK_BYTES],
			      const unsigned char sk[FC_SK_BYTES], time_t now,
			      struct fc_error *err);
int fc_pgstore_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
			 struct fc_sverify *out, int *found, struct fc_error *err);

#endif
