/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.h: what the two server backends of the conformance table share
 * (server.c). Records reach the server as a device's would: checked with
 * fc_sstore_check_draft() before they are signed (as the device checks
 * before it signs), sealed into the device's chain, and pushed through
 * fc_server_store_batch(), the push handler without HTTP, so the server's
 * own authorization and ledger rows are what the table sees. The state is
 * read back from the rows the store kept, with SQL in this test only; each
 * backend file supplies the connection that runs it.
 */
#ifndef FC_TESTS_LEDGER_SERVER_H
#define FC_TESTS_LEDGER_SERVER_H

#include <jansson.h>
#include <sodium.h>

#include "server/server.h"

/* fn(out, columns as text, at most 4): one row of a state query. */
typedef void (*conform_row_fn)(json_t *out, const char **col);
/* Run sql ($1 = today when it has a parameter) on the backend, calling fn per row. */
typedef int (*conform_rows_fn)(void *conn, const char *sql, const char *today, conform_row_fn fn,
			       json_t *out);

struct conform_server {
	struct fc_sstore *st;
	struct fc_sdevice dev;
	char districts[FC_ID_MAX]; /* the inspector's: every district of the case's households */
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	struct fc_signer signer;
	int64_t seq;
	unsigned char prev[FC_HASH_BYTES];
};

/* Open the store at path (a file or a postgresql:// URI) with households and I1's device. */
int conform_server_open(struct conform_server *s, const char *path, const json_t *households,
			struct fc_error *err);
int conform_server_add(struct conform_server *s, const struct fc_record_draft *draft,
		       const char *time, char id[FC_RECORD_ID_MAX], struct fc_error *err);
/* The conform.h state from the stored rows, through rows on conn. */
int conform_server_state(conform_rows_fn rows, void *conn, const char *today, json_t **out,
			 struct fc_error *err);
/*
 * The summary's counters kept as the records arrived equal a recount from
 * the records (fc_sstore_rebuild_aggregates with check): FC_E_INVALID naming
 * the first difference when not. Each backend's state runs it first.
 */
int conform_server_check_aggregates(struct conform_server *s, struct fc_error *err);
void conform_server_close(struct conform_server *s);

#endif
