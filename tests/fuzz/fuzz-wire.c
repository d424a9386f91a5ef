/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-wire: the sync wire format (sync/wire.h) on arbitrary bytes, as the
 * server reads a push and the client reads compressed answers.
 *
 * The first byte picks what the rest is:
 *   0  a raw record batch: parse it; one that parses must encode back to the
 *      very same bytes (bodies travel verbatim)
 *   1  a compressed body (zlib or gzip): inflate it under a 1 MiB ceiling,
 *      which must hold, then parse the result as a batch
 *   2  a signed request, "METHOD\nPATH\nTIME\nNONCE\nSIGHEX\n" then the body:
 *      check the signature against a fixed key; a request signed here with
 *      that key must check, and the same request with one more body byte
 *      must not
 *   3  any bytes, compressed (zlib, then gzip) and inflated again: must come
 *      back unchanged
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sync/wire.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WIRE_INFLATE_MAX (1024 * 1024)

static unsigned char wire_pk[FC_PK_BYTES];
static unsigned char wire_sk[FC_SK_BYTES];

static void
wire_batch(const uint8_t *data, size_t size)
{
	struct fc_wire_item *items = NULL;
	struct fc_error err = {0};
	struct fc_buf again = FC_BUF_INIT;
	size_t count = 0;

	if (fc_wire_batch_parse(data, size, &items, &count, &err) != 0) {
		if (err.msg[0] == '\0')
			abort();
		return;
	}
	if (count > FC_BATCH_MAX_RECORDS)
		abort();
	if (fc_wire_batch_start(&again, &err) != 0)
		abort();
	for (size_t i = 0; i < count; i++) {
		if (items[i].body_len > FC_BATCH_MAX_BODY ||
		    fc_wire_batch_add(&again, items[i].body, items[i].body_len, items[i].sig,
				      &err) != 0)
			abort();
	}
	if (again.len != size || memcmp(again.buf, data, size) != 0)
		abort();
	fc_buf_release(&again);
	free(items);
}

static void
wire_compressed(const uint8_t *data, size_t size)
{
	struct fc_buf out = FC_BUF_INIT;
	struct fc_error err = {0};

	if (fc_wire_inflate(data, size, WIRE_INFLATE_MAX, &out, &err) == 0) {
		if (out.len > WIRE_INFLATE_MAX)
			abort();
		wire_batch((const uint8_t *)out.buf, out.len);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	fc_buf_release(&out);
}

/* Next line of data[*off..size) into out[cap]; 0, or -1 when there is none. */
static int
wire_line(const uint8_t *data, size_t size, size_t *off, char *out, size_t cap)
{
	const uint8_t *nl = memchr(data + *off, '\n', size - *off);
	size_t len;

	if (nl == NULL)
		return -1;
	len = (size_t)(nl - (data + *off));
	if (len >= cap)
		len = cap - 1;
	memcpy(out, data + *off, len);
	out[len] = '\0';
	*off = (size_t)(nl - data) + 1;
	return 0;
}

static void
wire_request(const uint8_t *data, size_t size)
{
	char method[16], path[256], timebuf[32], nonce[FC_NONCE_HEX + 8], sighex[FC_SIG_HEX + 8];
	char mine[FC_SIG_HEX];
	struct fc_error err = {0};
	size_t off = 0;
	int64_t t;

	if (wire_line(data, size, &off, method, sizeof method) != 0 ||
	    wire_line(data, size, &off, path, sizeof path) != 0 ||
	    wire_line(data, size, &off, timebuf, sizeof timebuf) != 0 ||
	    wire_line(data, size, &off, nonce, sizeof nonce) != 0 ||
	    wire_line(data, size, &off, sighex, sizeof sighex) != 0)
		return;
	t = strtoll(timebuf, NULL, 10);
	(void)fc_wire_check_request(wire_pk, method, path, t, nonce, data + off, size - off,
				    sighex);

	if (fc_wire_sign_request(wire_sk, method, path, t, nonce, data + off, size - off, mine,
				 &err) != 0)
		return;
	if (fc_wire_check_request(wire_pk, method, path, t, nonce, data + off, size - off, mine) !=
	    0)
		abort();
	if (size - off > 0 && fc_wire_check_request(wire_pk, method, path, t, nonce, data + off,
						    size - off - 1, mine) == 0)
		abort();
}

static void
wire_roundtrip(const uint8_t *data, size_t size)
{
	for (int gzip = 0; gzip <= 1; gzip++) {
		struct fc_buf z = FC_BUF_INIT, back = FC_BUF_INIT;
		struct fc_error err = {0};

		if (fc_wire_deflate(data, size, gzip, &z, &err) != 0 ||
		    fc_wire_inflate(z.buf, z.len, size + 1, &back, &err) != 0 || back.len != size ||
		    memcmp(back.buf, data, size) != 0)
			abort();
		fc_buf_release(&z);
		fc_buf_release(&back);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		unsigned char seed[crypto_sign_SEEDBYTES];

		if (sodium_init() < 0)
			abort();
		memset(seed, 9, sizeof seed);
		crypto_sign_seed_keypair(wire_pk, wire_sk, seed);
		ready = 1;
	}
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		wire_batch(data + 1, size - 1);
		break;
	case 1:
		wire_compressed(data + 1, size - 1);
		break;
	case 2:
		wire_request(data + 1, size - 1);
		break;
	default:
		wire_roundtrip(data + 1, size - 1);
		break;
	}
	return 0;
}
