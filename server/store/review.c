/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/review.c: the rules of store/review.h above the backends. The
 * server key is made once: whoever asks first makes a pair and offers it,
 * and everyone (that process too) then reads back the pair that was kept,
 * so two processes starting together over one PostgreSQL database agree.
 */
#include <string.h>

#include <sodium.h>

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

int
fc_sstore_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
		    struct fc_sverify *out, int *found, struct fc_error *err)
{
	return st->ops->find_hash(st, hash, out, found, err);
}
