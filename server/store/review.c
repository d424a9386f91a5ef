/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/review.c: the rules of store/review.h above the backends. The
 * server key is made once: whoever asks first makes a pair and offers it,
 * and everyone (that process too) then reads back the pair that was kept,
 * so two processes starting together over one PostgreSQL database agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/record-model.h"
#include "server/store/backend.h"

int
fc_sstore_server_key(struct fc_sstore *st, time_t now, unsigned char pk[FC_PK_BYTES],
		     unsigned char sk[FC_SK_BYTES], struct fc_error *err)
{
	unsigned char npk[FC_PK_BYTES], nsk[FC_SK_BYTES];
	int found = 0, ret;

	if (st->ops->get_server_key(st, pk, sk, &found, err) != 0)
		return -1;
	if (found)
		return 0;
	crypto_sign_keypair(npk, nsk);
	ret = st->ops->put_server_key(st, npk, nsk, now, err);
	sodium_memzero(nsk, sizeof nsk);
	if (ret != 0)
		return fc_error_prefix(err, "cannot make the server key");
	if (st->ops->get_server_key(st, pk, sk, &found, err) != 0)
		return -1;
	if (!found)
		return fc_error_set(err, FC_E_DB,
				    "the server key was made but cannot be read back");
	return 0;
}

/* What the signed body found: its hazards and its outcome. */
int
fc_sstore_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
		    struct fc_sverify *out, int *found, struct fc_error *err)
{
	struct fc_record_model m = {0};
	int ret = 0;

	if (st->ops->find_hash(st, hash, out, found, err) != 0) {
		free(out->body);
		out->body = NULL;
		return -1;
	}
	if (!*found)
		return 0;
	if (fc_record_model_parse(out->body, out->body_len, &m, err) == 0) {
		snprintf(out->outcome, sizeof out->outcome, "%s", m.outcome);
		out->hazards = (int64_t)fc_record_model_hazard_count(&m);
	} else {
		ret = -1;
	}
	fc_record_model_release(&m);
	free(out->body);
	out->body = NULL;
	return ret;
}
