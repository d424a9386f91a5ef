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
 * parse, it is pushed as it is.
 *
 * Opening a server store runs its migrations and prepares its statements:
 * about 300 ms under the sanitizers, so a fresh store per run made this
 * target run 3 to 5 inputs a second, its seeds and little else in
 * make check's short run. Instead one in-memory store serves PUSH_REOPEN
 * runs, and each run enrols a device of its own whose id replaces the seed
 * records' device (35f2e66a) in every body before it is signed, so every run
 * is a first push of a new chain. The runs share the store's other rows
 * (the inspector, households' ledger); a finding that needs them is replayed
 * from build/fuzz/corpus/push/ in order, or by running its input after
 * those it was found among.
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
#define PUSH_REOPEN 2000 /* runs one store serves before a fresh one */

static unsigned char push_pk[FC_PK_BYTES];
static unsigned char push_sk[FC_SK_BYTES];

/* body[len] with every PUSH_DEVICE made device (as long): a new string. */
static char *
push_rename(const char *body, size_t len, const char *device)
{
	size_t n = strlen(PUSH_DEVICE);
	char *copy = malloc(len + 1);

	if (copy == NULL)
		return NULL;
	memcpy(copy, body, len);
	copy[len] = '\0';
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(copy + i, PUSH_DEVICE, n) == 0)
			memcpy(copy + i, device, n);
	return copy;
}

/*
 * Every body of a parsed batch as the device's own, re-signed, into out; -1
 * when it does not parse.
 */
static int
push_resign(const uint8_t *data, size_t size, const char *device, struct fc_buf *out)
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
		char *body = push_rename(items[i].body, items[i].body_len, device);
		int bad = body == NULL ||
			  fc_sign_body(push_sk, body, items[i].body_len, sig, &err) != 0 ||
			  fc_wire_batch_add(out, body, items[i].body_len, sig, &err) != 0;

		free(body);
		if (bad)
			goto out;
	}
	ret = 0;
out:
	free(items);
	return ret;
}

/* The store runs share, made afresh every PUSH_REOPEN runs; aborts when it cannot be. */
static struct fc_sstore *
push_store(time_t now)
{
	static struct fc_sstore *st;
	static unsigned runs;
	struct fc_sinspector insp = {
	    .id = PUSH_INSPECTOR, .name = "fuzz", .district = "D1", .role = FC_ROLE_INSPECTOR};
	struct fc_error err = {0};

	if (st != NULL && ++runs < PUSH_REOPEN)
		return st;
	fc_sstore_close(st);
	st = NULL;
	runs = 0;
	if (fc_sstore_open(":memory:", &st, &err) != 0 ||
	    fc_sstore_put_inspector(st, &insp, now, &err) != 0) {
		fprintf(stderr, "fuzz-push: cannot set up a store: %s\n", err.msg);
		abort();
	}
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static unsigned long serial;
	struct fc_sstore *st;
	struct fc_sdevice dev;
	char device[16];
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
	st = push_store(now);
	/* Eight hex digits, as a device id is; never the seeds' own. */
	snprintf(device, sizeof device, "%08lx", 0x10000000UL + serial++ % 0xE0000000UL);
	if (fc_sstore_add_device(st, device, PUSH_INSPECTOR, push_pk, now, &err) != 0 ||
	    fc_sstore_get_device(st, device, &dev, &err) != 0) {
		fprintf(stderr, "fuzz-push: cannot enrol device %s: %s\n", device, err.msg);
		abort();
	}
	if (push_resign(data, size, device, &raw) == 0)
		(void)fc_server_store_batch(st, &dev, "D1", raw.buf, raw.len, &answer, &records,
					    &err);
	else
		(void)fc_server_store_batch(st, &dev, "D1", data, size, &answer, &records, &err);
	json_decref(answer);
	fc_buf_release(&raw);
	return 0;
}
