/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/sign.c: a record signature is Ed25519 over "fieldcheck/record/v1\n"
 * followed by the exact body bytes, and a record's hash is BLAKE2b-256 of the
 * body followed by the signature. These pin both definitions to libsodium's
 * primitives, so a change to either shows up here before it reaches the field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/sign.h"

static const char body[] = "{\"v\":1,\"type\":\"inspection\",\"household\":\"新华路12号\"}";

struct keys {
	unsigned char pk[FC_PK_BYTES];
	unsigned char sk[FC_SK_BYTES];
	unsigned char pk2[FC_PK_BYTES];
	unsigned char sk2[FC_SK_BYTES];
};

static int
setup(void **state)
{
	struct keys *k = calloc(1, sizeof *k);
	struct fc_error err = {0};

	if (k == NULL || fc_sign_init(&err) != 0)
		return -1;
	crypto_sign_keypair(k->pk, k->sk);
	crypto_sign_keypair(k->pk2, k->sk2);
	*state = k;
	return 0;
}

static int
teardown(void **state)
{
	free(*state);
	return 0;
}

static void
test_a_signed_body_verifies_with_its_public_key(void **state)
{
	struct keys *k = *state;
	unsigned char sig[FC_SIG_BYTES];
	struct fc_error err = {0};

	assert_int_equal(fc_sign_body(k->sk, body, strlen(body), sig, &err), 0);
	assert_int_equal(fc_sign_check(k->pk, body, strlen(body), sig), 0);
}

static void
test_one_changed_byte_of_the_body_does_not_verify(void **state)
{
	struct keys *k = *state;
	unsigned char sig[FC_SIG_BYTES];
	struct fc_error err = {0};
	char copy[sizeof body];

	assert_int_equal(fc_sign_body(k->sk, body, strlen(body), sig, &err), 0);
	memcpy(copy, body, sizeof body);
	copy[5] ^= 1;
	assert_int_equal(fc_sign_check(k->pk, copy, strlen(copy), sig), -1);
	/* A body cut short is a changed body too. */
	assert_int_equal(fc_sign_check(k->pk, body, strlen(body) - 1, sig), -1);
}

static void
test_a_changed_signature_does_not_verify(void **state)
{
	struct keys *k = *state;
	unsigned char sig[FC_SIG_BYTES];
	struct fc_error err = {0};

	assert_int_equal(fc_sign_body(k->sk, body, strlen(body), sig, &err), 0);
	sig[FC_SIG_BYTES - 1] ^= 0x40;
	assert_int_equal(fc_sign_check(k->pk, body, strlen(body), sig), -1);
}

static void
test_a_signature_by_another_key_does_not_verify(void **state)
{
	struct keys *k = *state;
	unsigned char sig[FC_SIG_BYTES];
	struct fc_error err = {0};

	assert_int_equal(fc_sign_body(k->sk2, body, strlen(body), sig, &err), 0);
	assert_int_equal(fc_sign_check(k->pk, body, strlen(body), sig), -1);
	assert_int_equal(fc_sign_check(k->pk2, body, strlen(body), sig), 0);
}

static void
test_the_signed_message_is_the_domain_prefix_then_the_body(void **state)
{
	struct keys *k = *state;
	unsigned char sig[FC_SIG_BYTES];
	unsigned char raw[FC_SIG_BYTES];
	struct fc_error err = {0};
	char msg[256];

	assert_string_equal(FC_RECORD_DOMAIN, "fieldcheck/record/v1\n");
	snprintf(msg, sizeof msg, "%s%s", FC_RECORD_DOMAIN, body);
	crypto_sign_detached(raw, NULL, (const unsigned char *)msg, strlen(msg), k->sk);
	assert_int_equal(fc_sign_body(k->sk, body, strlen(body), sig, &err), 0);
	/* Ed25519 is deterministic: the same message gives the same signature. */
	assert_memory_equal(sig, raw, FC_SIG_BYTES);

	/* A signature over the bare body (no domain) is refused. */
	crypto_sign_detached(raw, NULL, (const unsigned char *)body, strlen(body), k->sk);
	assert_int_equal(fc_sign_check(k->pk, body, strlen(body), raw), -1);
}

static void
test_bodies_larger_than_the_stack_buffer_sign_and_verify(void **state)
{
	struct keys *k = *state;
	unsigned char sig[FC_SIG_BYTES];
	struct fc_error err = {0};
	size_t len = 100000;
	char *big = malloc(len);

	assert_non_null(big);
	memset(big, 'x', len);
	assert_int_equal(fc_sign_body(k->sk, big, len, sig, &err), 0);
	assert_int_equal(fc_sign_check(k->pk, big, len, sig), 0);
	big[len - 1] = 'y';
	assert_int_equal(fc_sign_check(k->pk, big, len, sig), -1);
	free(big);
}

static void
test_the_record_hash_is_blake2b_256_of_body_then_signature(void **state)
{
	struct keys *k = *state;
	unsigned char sig[FC_SIG_BYTES];
	unsigned char hash[FC_HASH_BYTES], want[FC_HASH_BYTES];
	unsigned char joined[sizeof body + FC_SIG_BYTES];
	struct fc_error err = {0};

	assert_int_equal(fc_sign_body(k->sk, body, strlen(body), sig, &err), 0);
	fc_sign_record_hash(body, strlen(body), sig, hash);
	memcpy(joined, body, strlen(body));
	memcpy(joined + strlen(body), sig, FC_SIG_BYTES);
	crypto_generichash(want, sizeof want, joined, strlen(body) + FC_SIG_BYTES, NULL, 0);
	assert_memory_equal(hash, want, FC_HASH_BYTES);

	/* The signature is part of the hash: another signature, another hash. */
	sig[0] ^= 1;
	fc_sign_record_hash(body, strlen(body), sig, want);
	assert_memory_not_equal(hash, want, FC_HASH_BYTES);
}

static void
test_hex_round_trips_and_refuses_anything_but_exact_hex(void **state)
{
	unsigned char in[4] = {0x00, 0x7f, 0xa0, 0xff};
	unsigned char out[4];
	char hex[9];

	(void)state;
	fc_hex_encode(in, sizeof in, hex);
	assert_string_equal(hex, "007fa0ff");
	assert_int_equal(fc_hex_decode(hex, out, sizeof out), 0);
	assert_memory_equal(in, out, sizeof in);
	assert_int_equal(fc_hex_decode("007FA0FF", out, sizeof out), 0);
	assert_memory_equal(in, out, sizeof in);
	assert_int_equal(fc_hex_decode("007fa0f", out, sizeof out), -1);    /* short */
	assert_int_equal(fc_hex_decode("007fa0ff00", out, sizeof out), -1); /* long */
	assert_int_equal(fc_hex_decode("007fa0fg", out, sizeof out), -1);   /* not hex */
	assert_int_equal(fc_hex_decode("", out, sizeof out), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_signed_body_verifies_with_its_public_key),
	    cmocka_unit_test(test_one_changed_byte_of_the_body_does_not_verify),
	    cmocka_unit_test(test_a_changed_signature_does_not_verify),
	    cmocka_unit_test(test_a_signature_by_another_key_does_not_verify),
	    cmocka_unit_test(test_the_signed_message_is_the_domain_prefix_then_the_body),
	    cmocka_unit_test(test_bodies_larger_than_the_stack_buffer_sign_and_verify),
	    cmocka_unit_test(test_the_record_hash_is_blake2b_256_of_body_then_signature),
	    cmocka_unit_test(test_hex_round_trips_and_refuses_anything_but_exact_hex),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
