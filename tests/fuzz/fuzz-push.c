/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-push: the server's handling of a pushed batch, without HTTP:
 * fc_server_store_batch(), which parses the batch, verifies every record's
 * signature and chain and stores what extends the device's chain, extracting
 * the columns the summaries read (day, outcome, hazards, grade, ...) from
 * each body.
 *
 * A device holding its own enrolled key can sign any body it likes, so the
 * harness signs every body of the input batch with the device's key before
 * the push: the fuzzer reaches the chain checks and the extraction, not only
 * the signature check. The input is a raw batch (FCB1...); if it does not
 * parse, it is pushed as it is. Each run starts from a fresh in-memory store
 * with one enrolled device (id 35f2e66a, as in the seed records).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "core/buf.h"
#include "server/store/store.h"
#include "server/server.h"
#include "sync/wire.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PUSH_DEVICE "35f2e66a"
#define PUSH_INSPECTOR "I1"

static unsigned char push_pk[FC_PK_BYTES];
static unsigned char push_sk[FC_SK_BYTES];

/* Re-sign every body of a parsed batch into out; -1 when it does not parse. */
static int
push_resign(const uint8_t *data, size_t size, struct fc_buf *out)
{
	struct fc_wire_item *items = NULL;
	struct fc_error err = {0};
	size_t count = 0;
	int ret = -1;

	if (fc_wire_batch_parse(data, size, &items, &count, &err) != 0)
		return -1;
	if (fc_wire_batch_start(out, &err) != 0)
		goto out;
	for (size_t i = 0; i < count; i++) {
		unsigned char sig[FC_SIG_BYTES];

		if (fc_sign_body(push_sk, items[i].body, items[i].body_len, sig, &err) != 0 ||
		    fc_wire_batch_add(out, items[i].body, items[i].body_len, sig, &err) != 0)
			goto out;
	}
	ret = 0;
out:
	free(items);
	return ret;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct fc_sinspector insp = {
	    .id = PUSH_INSPECTOR, .name = "fuzz", .district = "D1", .role = FC_ROLE_INSPECTOR};
	struct fc_sstore *st = NULL;
	struct fc_sdevice dev;
	struct fc_error err = {0};
	struct fc_buf raw = FC_BUF_INIT;
	json_t *answer = NULL;
	long records = 0;
	time_t now = 1790000000;

	if (!ready) {
		unsigned char seed[crypto_sign_SEEDBYTES];

		if (sodium_init() < 0)
			abort();
		memset(seed, 5, sizeof seed);
		crypto_sign_seed_keypair(push_pk, push_sk, seed);
		ready = 1;
	}
	if (fc_sstore_open(":memory:", &st, &err) != 0 ||
	    fc_sstore_put_inspector(st, &insp, now, &err) != 0 ||
	    fc_sstore_add_device(st, PUSH_DEVICE, PUSH_INSPECTOR, push_pk, now, &err) != 0 ||
	    fc_sstore_get_device(st, PUSH_DEVICE, &dev, &err) != 0) {
		fprintf(stderr, "fuzz-push: cannot set up a store: %s\n", err.msg);
		abort();
	}
	if (push_resign(data, size, &raw) == 0)
		(void)fc_server_store_batch(st, &dev, "D1", raw.buf, raw.len, &answer, &records,
					    &err);
	else
		(void)fc_server_store_batch(st, &dev, "D1", data, size, &answer, &records, &err);
	json_decref(answer);
	fc_buf_release(&raw);
	fc_sstore_close(st);
	return 0;
}
