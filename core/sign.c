/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.c: Ed25519 signatures over FC_RECORD_DOMAIN||body and the BLAKE2b-256
 * record hash, from libsodium.
 *
 * The signed message is the domain prefix followed by the exact body bytes.
 * The prefix keeps a record signature from ever being mistaken for another
 * kind of signature made with the same key (a sync request, say). Small
 * bodies are assembled on the stack so signing and checking do not allocate;
 * larger ones use the heap. Nothing here parses or re-serialises a body.
 */
#include <libintl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sign.h"

#define _(s) gettext(s)
#define SIGN_DOMAIN_LEN (sizeof FC_RECORD_DOMAIN - 1)
/* Typical bodies are under 2 KiB; 8 KiB on the stack covers nearly all. */
#define SIGN_STACK_MSG 8192

int
fc_sign_init(struct fc_error *err)
{
	if (sodium_init() < 0)
		return fc_error_set(err, FC_E_CRYPTO, _("cannot initialise libsodium"));
	return 0;
}

/*
 * Point *msg at domain||body, in stack (SIGN_STACK_MSG bytes) when it fits,
 * else in a heap block returned through *heap (caller frees). NULL on OOM.
 */
static unsigned char *
sign_message(const char *body, size_t body_len, unsigned char *stack, unsigned char **heap,
	     size_t *msg_len)
{
	unsigned char *msg = stack;

	*heap = NULL;
	if (body_len > SIGN_STACK_MSG - SIGN_DOMAIN_LEN) {
		if (body_len > SIZE_MAX - SIGN_DOMAIN_LEN)
			return NULL;
		*heap = malloc(SIGN_DOMAIN_LEN + body_len);
		if (*heap == NULL)
			return NULL;
		msg = *heap;
	}
	memcpy(msg, FC_RECORD_DOMAIN, SIGN_DOMAIN_LEN);
	if (body_len > 0)
		memcpy(msg + SIGN_DOMAIN_LEN, body, body_len);
	*msg_len = SIGN_DOMAIN_LEN + body_len;
	return msg;
}

int
fc_sign_body(const unsigned char *sk, const char *body, size_t body_len,
	     unsigned char sig[FC_SIG_BYTES], struct fc_error *err)
{
	unsigned char stack[SIGN_STACK_MSG];
	unsigned char *heap = NULL;
	size_t msg_len = 0;
	int ret = 0;

	unsigned char *msg = sign_message(body, body_len, stack, &heap, &msg_len);
	if (msg == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory signing a record"));
	if (crypto_sign_detached(sig, NULL, msg, msg_len, sk) != 0)
		ret = fc_error_set(err, FC_E_CRYPTO, _("cannot sign the record"));
	free(heap);
	return ret;
}

int
fc_sign_check(const unsigned char pk[FC_PK_BYTES], const char *body, size_t body_len,
	      const unsigned char sig[FC_SIG_BYTES])
{
	unsigned char stack[SIGN_STACK_MSG];
	unsigned char *heap = NULL;
	size_t msg_len = 0;
	int ret = -1;

	unsigned char *msg = sign_message(body, body_len, stack, &heap, &msg_len);
	if (msg == NULL)
		return -1;
	if (crypto_sign_verify_detached(sig, msg, msg_len, pk) == 0)
		ret = 0;
	free(heap);
	return ret;
}

void
fc_sign_record_hash(const char *body, size_t body_len, const unsigned char sig[FC_SIG_BYTES],
		    unsigned char out[FC_HASH_BYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, FC_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)body, body_len);
	crypto_generichash_update(&st, sig, FC_SIG_BYTES);
	crypto_generichash_final(&st, out, FC_HASH_BYTES);
}

/* libsodium's hex runs in constant time: the same code serves keys and hashes. */
void
fc_hex_encode(const unsigned char *in, size_t len, char *out)
{
	sodium_bin2hex(out, 2 * len + 1, in, len);
}

int
fc_hex_decode(const char *hex, unsigned char *out, size_t len)
{
	size_t got = 0;

	if (strnlen(hex, 2 * len + 1) != 2 * len ||
	    sodium_hex2bin(out, len, hex, 2 * len, NULL, &got, NULL) != 0 || got != len)
		return -1;
	return 0;
}
