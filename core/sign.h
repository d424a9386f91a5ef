/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.h: the cryptography of a record, and nothing else: Ed25519 signatures
 * over a fixed domain prefix followed by the body bytes, and the BLAKE2b-256
 * record hash that links the chain. All from libsodium.
 *
 * The domain prefix is part of every signed message: changing it invalidates
 * every record in the field.
 */
#ifndef FC_SIGN_H
#define FC_SIGN_H

#include <stddef.h>

#include "error.h"

#define FC_SIG_BYTES 64
#define FC_HASH_BYTES 32
#define FC_PK_BYTES 32
#define FC_SK_BYTES 64
#define FC_HASH_HEX (2 * FC_HASH_BYTES + 1)

/* Signed bytes = this prefix (without its NUL) followed by the body. */
#define FC_RECORD_DOMAIN "fieldcheck/record/v1\n"

/* sodium_init(); safe to call more than once. */
int fc_sign_init(struct fc_error *err);

/* Sign domain||body with the 64-byte secret key sk. */
int fc_sign_body(const unsigned char *sk, const char *body, size_t body_len,
		 unsigned char sig[FC_SIG_BYTES], struct fc_error *err);

/* 0 when sig is a valid signature of domain||body by pk, else -1 (no err). */
int fc_sign_check(const unsigned char pk[FC_PK_BYTES], const char *body, size_t body_len,
		  const unsigned char sig[FC_SIG_BYTES]);

/* BLAKE2b-256 of body followed by the signature: the record's hash. */
void fc_sign_record_hash(const char *body, size_t body_len, const unsigned char sig[FC_SIG_BYTES],
			 unsigned char out[FC_HASH_BYTES]);

/* Lower-case hex; out must hold 2*len+1 bytes. */
void fc_hex_encode(const unsigned char *in, size_t len, char *out);
/* Exactly 2*len hex digits into out[len]; 0 or -1. */
int fc_hex_decode(const char *hex, unsigned char *out, size_t len);

#endif
