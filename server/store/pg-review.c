/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/pg-review.c: the PostgreSQL twins of store/sqlite-review.c's verbs
 * (store/review.h): the server key and records found by hash, over the
 * statements of store/pg.c's table.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/store/pg.h"
#include "server/store/review-ops.h"

#define _(s) gettext(s)
#define N_(s) (s)

int
fc_pgstore_get_server_key(struct fc_sstore *st, unsigned char pk[FC_PK_BYTES],
			  unsigned char sk[FC_SK_BYTES], int *found, struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;
	int ret = 0;

	*found = 0;
	if ((res = fc_pgstore_run(st->pg, SQL_GET_SERVER_KEY, &a, err,
				  N_("cannot read the server key"))) == NULL)
		return -1;
	if (pq->ntuples(res) == 1) {
		unsigned char skbuf[FC_SK_BYTES];

		/* A binary result: the key bytes as stored. */
		if (pq->getlength(res, 0, 0) != FC_PK_BYTES ||
		    pq->getlength(res, 0, 1) != FC_SK_BYTES) {
			ret = fc_error_set(err, FC_E_DB, _("the stored server key is damaged"));
		} else {
			fc_pgstore_blob(res, 0, 0, pk, FC_PK_BYTES);
			fc_pgstore_blob(res, 0, 1, skbuf, FC_SK_BYTES);
			*found = 1;
		}
		if (sk != NULL && *found)
			memcpy(sk, skbuf, FC_SK_BYTES);
		sodium_memzero(skbuf, sizeof skbuf);
	}
	pq->clear(res);
	return ret;
}

int
fc_pgstore_put_server_key(struct fc_sstore *st, const unsigned char pk[FC_PK_BYTES],
			  const unsigned char sk[FC_SK_BYTES], time_t now, struct fc_error *err)
{
	struct fc_pgargs a = {0};

	fc_pgargs_bytes(&a, pk, FC_PK_BYTES);
	fc_pgargs_bytes(&a, sk, FC_SK_BYTES);
	fc_pgargs_int(&a, (int64_t)now);
	return fc_pgstore_exec(st->pg, SQL_PUT_SERVER_KEY, &a, NULL, err,
			       N_("cannot keep the server key"));
}

int
fc_pgstore_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
		     struct fc_sverify *out, int *found, struct fc_error *err)
{
	const struct fc_pq *pq = st->pg->pq;
	struct fc_pgargs a = {0};
	PGresult *res;

	*found = 0;
	memset(out, 0, sizeof *out);
	fc_pgargs_bytes(&a, hash, FC_HASH_BYTES);
	if ((res = fc_pgstore_run(st->pg, SQL_FIND_HASH, &a, err,
				  N_("cannot look the record up"))) == NULL)
		return -1;
	if (pq->ntuples(res) == 1) {
		*found = 1;
		fc_pgstore_copy(out->record_id, sizeof out->record_id, res, 0, 0);
		fc_pgstore_copy(out->type, sizeof out->type, res, 0, 1);
		fc_pgstore_copy(out->day, sizeof out->day, res, 0, 2);
		fc_pgstore_copy(out->inspector, sizeof out->inspector, res, 0, 3);
		fc_pgstore_copy(out->district, sizeof out->district, res, 0, 4);
		/* A binary result: the body's bytes as stored. */
		size_t n = (size_t)pq->getlength(res, 0, 5);

		out->body = malloc(n + 1);
		if (out->body == NULL) {
			pq->clear(res);
			return fc_error_set(err, FC_E_NOMEM, "out of memory reading the record");
		}
		memcpy(out->body, pq->getvalue(res, 0, 5), n);
		out->body_len = n;
		out->body[n] = '\0';
	}
	pq->clear(res);
	return 0;
}
