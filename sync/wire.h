/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wire.h: the sync protocol's bytes, shared by the client and the server:
 * request signatures, the record batch format and its compression.
 * docs/protocol.md describes the whole protocol; this is its encoder and
 * decoder, with no HTTP in it.
 *
 * Signed request: Ed25519 by the device key over
 *   FC_REQUEST_DOMAIN || METHOD "\n" PATH "\n" TIME "\n" NONCE "\n" hex(BLAKE2b-256(body))
 * The domain differs from the record domain, so a request signature can never
 * pass as a record signature or the other way round.
 *
 * Batch (before zlib): "FCB1", u32 count, then per record u32 body length,
 * the body bytes exactly as signed and the 64-byte signature. Integers are
 * big-endian. Bodies are never re-serialised on the way.
 */
#ifndef FC_WIRE_H
#define FC_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/sign.h"

/* Signed bytes of a request start with this (its NUL excluded). Changing it
 * breaks every device in the field. */
#define FC_REQUEST_DOMAIN "fieldcheck/request/v1\n"

/* A request's time may differ from the server's by this many seconds. */
#define FC_CLOCK_WINDOW 300

/* Header names. */
#define FC_HDR_INSPECTOR "X-FC-Inspector"
#define FC_HDR_DEVICE "X-FC-Device"
#define FC_HDR_TIME "X-FC-Time"
#define FC_HDR_NONCE "X-FC-Nonce"
#define FC_HDR_SIGNATURE "X-FC-Signature"
/*
 * BLAKE2b-256 of the body, hex: the signed message holds this hash, so with
 * this header the server checks the signature before reading the body.
 */
#define FC_HDR_BODY_HASH "X-FC-Body-Hash"

#define FC_NONCE_HEX 33 /* 16 random bytes in hex, with NUL */
#define FC_SIG_HEX (2 * FC_SIG_BYTES + 1)

/* Limits both ends agree on; the server enforces them before allocating. */
#define FC_BATCH_MAX_RECORDS 1000
#define FC_BATCH_MAX_BODY (64 * 1024)	       /* one record body */
#define FC_BATCH_MAX_RAW (16 * 1024 * 1024)    /* a batch, inflated */
#define FC_REQUEST_MAX_BYTES (8 * 1024 * 1024) /* any request body on the wire */
#define FC_PHOTO_CHUNK (256 * 1024)	       /* photo bytes per request */

#define FC_BATCH_MAGIC "FCB1"

/* Request signatures */

/* 16 random bytes as 32 hex digits. */
void fc_wire_nonce(char out[FC_NONCE_HEX]);

/* Sign a request with the device's 64-byte secret key into sig_hex. */
int fc_wire_sign_request(const unsigned char *sk, const char *method, const char *path,
			 int64_t time, const char *nonce, const void *body, size_t body_len,
			 char sig_hex[FC_SIG_HEX], struct fc_error *err);

/* BLAKE2b-256 of body as hex, as X-FC-Body-Hash carries it. */
void fc_wire_body_hash(const void *body, size_t body_len, char hex[FC_HASH_HEX]);

/* The same check with the body's hash (hex) in place of the body. */
int fc_wire_check_request_hash(const unsigned char pk[FC_PK_BYTES], const char *method,
			       const char *path, int64_t time, const char *nonce,
			       const char *body_hash, const char *sig_hex);

/* 0 when sig_hex is the device's signature of the request, else -1 (no err). */
int fc_wire_check_request(const unsigned char pk[FC_PK_BYTES], const char *method, const char *path,
			  int64_t time, const char *nonce, const void *body, size_t body_len,
			  const char *sig_hex);

/* Batches */

struct fc_wire_item {
	const char *body; /* points into the raw batch */
	size_t body_len;
	const unsigned char *sig; /* FC_SIG_BYTES, into the raw batch */
};

/* Start a raw batch in out (writes the header with count 0). */
int fc_wire_batch_start(struct fc_buf *out, struct fc_error *err);
/* Append one record and bump the count. */
int fc_wire_batch_add(struct fc_buf *out, const char *body, size_t body_len,
		      const unsigned char sig[FC_SIG_BYTES], struct fc_error *err);
/* Records in a raw batch being built. */
uint32_t fc_wire_batch_count(const struct fc_buf *raw);

/*
 * Parse raw into *items (caller frees the array; the items point into raw).
 * FC_E_INVALID with the reason for a malformed batch or one over the limits;
 * the count is checked before anything is allocated.
 */
int fc_wire_batch_parse(const void *raw, size_t len, struct fc_wire_item **items, size_t *count,
			struct fc_error *err);

/* Compression */

/* Compress in into out (appended): zlib format, or gzip when gzip is set. */
int fc_wire_deflate(const void *in, size_t len, int gzip, struct fc_buf *out, struct fc_error *err);
/* The same at zlib level 1 to 9 (fc_wire_deflate() uses 6): 1 for big answers made on demand. */
int fc_wire_deflate_level(const void *in, size_t len, int gzip, int level, struct fc_buf *out,
			  struct fc_error *err);
/*
 * Inflate zlib or gzip data into out (appended), refusing (FC_E_INVALID) to
 * produce more than max_out bytes, so a small hostile body cannot fill memory.
 */
int fc_wire_inflate(const void *in, size_t len, size_t max_out, struct fc_buf *out,
		    struct fc_error *err);

#endif
