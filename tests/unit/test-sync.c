/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sync/wire.c and server/push.c: the bytes of the sync protocol and the
 * server's rule for a batch. A batch keeps every body byte for byte; limits
 * are enforced before anything is allocated; a request signature covers the
 * method, the path and the body and is never valid as a record signature. A
 * batch stores each new record exactly once: sent again it stores nothing, a
 * tampered record is refused by id with the records before it kept, and a
 * second record with a held sequence number is a fork, kept apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/record.h"
#include "server/store/store.h"
#include "server/server.h"
#include "sync/wire.h"
#include "support.h"

#define DEVICE "7f3a9c21"

struct fixture {
	char dir[64];
	char db[128];
	unsigned char pk[FC_PK_BYTES];
	unsigned char sk[FC_SK_BYTES];
	struct fc_signer signer;
	struct fc_sstore *st;
	struct fc_sdevice dev;
	struct fc_record rec[4];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};
	struct fc_sinspector in = {
	    .id = "I1", .name = "王芳", .district = "D1", .role = FC_ROLE_INSPECTOR};

	if (fx == NULL || fc_sign_init(&err) != 0)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-test-sync.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->db, sizeof fx->db, "%s/server.db", fx->dir);
	crypto_sign_keypair(fx->pk, fx->sk);
	snprintf(fx->signer.inspector, sizeof fx->signer.inspector, "I1");
	snprintf(fx->signer.device, sizeof fx->signer.device, DEVICE);
	fx->signer.sk = fx->sk;
	if (fc_sstore_open(fx->db, &fx->st, &err) != 0 ||
	    fc_sstore_put_inspector(fx->st, &in, 1, &err) != 0 ||
	    fc_sstore_add_device(fx->st, DEVICE, "I1", fx->pk, 1, &err) != 0 ||
	    fc_sstore_get_device(fx->st, DEVICE, &fx->dev, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char path[160];

	for (int i = 0; i < 4; i++)
		fc_record_release(&fx->rec[i]);
	fc_sstore_close(fx->st);
	snprintf(path, sizeof path, "%s/server.db-wal", fx->dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/server.db-shm", fx->dir);
	unlink(path);
	unlink(fx->db);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

/* Seal record number seq after prev, at time t, into out. */
static void
fx_seal(struct fixture *fx, int64_t seq, const unsigned char *prev, const char *t,
	struct fc_record *out)
{
	struct fc_error err = {0};
	json_t *answers = json_pack("{s:s}", "G00", "inspected");
	struct fc_record_draft d = {.type = FC_TYPE_INSPECTION,
				    .household = "H1",
				    .template_id = "gas",
				    .template_version = 1,
				    .answers = answers,
				    .outcome = "pass"};

	assert_int_equal(fc_record_seal(&d, &fx->signer, seq, prev, t, out, &err), 0);
	json_decref(answers);
}

static void
fx_chain(struct fixture *fx, int n)
{
	char t[48];

	for (int i = 0; i < n; i++) {
		snprintf(t, sizeof t, "2024-05-06T09:3%d:00+08:00", i % 10);
		fx_seal(fx, i + 1, i > 0 ? fx->rec[i - 1].hash : NULL, t, &fx->rec[i]);
	}
}

/* A raw batch of rec[from..to). */
static void
fx_batch(struct fixture *fx, int from, int to, struct fc_buf *raw)
{
	struct fc_error err = {0};

	assert_int_equal(fc_wire_batch_start(raw, &err), 0);
	for (int i = from; i < to; i++)
		assert_int_equal(fc_wire_batch_add(raw, fx->rec[i].body, fx->rec[i].body_len,
						   fx->rec[i].sig, &err),
				 0);
}

static json_t *
fx_push(struct fixture *fx, const struct fc_buf *raw)
{
	struct fc_error err = {0};
	json_t *answer = NULL;
	long n = 0;

	assert_int_equal(
	    fc_server_store_batch(fx->st, &fx->dev, "D1", raw->buf, raw->len, &answer, &n, &err),
	    0);
	return answer;
}

/* First occurrence of needle in hay[0..len), or NULL. */
static char *
fx_find(char *hay, size_t len, const char *needle, size_t nlen)
{
	for (size_t i = 0; i + nlen <= len; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

static json_int_t
fx_int(json_t *a, const char *key)
{
	return json_integer_value(json_object_get(a, key));
}

static void
test_every_server_statement_prepares_on_a_fresh_store(void **state)
{
	struct fixture *fx = *state;
	struct fc_scounts c = {0};
	struct fc_error err = {0};

	/* setup opened a new file: fc_sstore_open migrates it and prepares every statement. */
	assert_int_equal(fc_sstore_counts(fx->st, &c, &err), 0);
	assert_int_equal(c.devices, 1);
	assert_int_equal(c.records, 0);
}

static void
test_a_batch_keeps_every_body_byte_for_byte(void **state)
{
	struct fixture *fx = *state;
	struct fc_buf raw = FC_BUF_INIT, z = FC_BUF_INIT, back = FC_BUF_INIT;
	struct fc_wire_item *items = NULL;
	struct fc_error err = {0};
	size_t n = 0;

	fx_chain(fx, 3);
	fx_batch(fx, 0, 3, &raw);
	assert_int_equal(fc_wire_deflate(raw.buf, raw.len, 0, &z, &err), 0);
	assert_true(z.len < raw.len);
	assert_int_equal(fc_wire_inflate(z.buf, z.len, FC_BATCH_MAX_RAW, &back, &err), 0);
	assert_int_equal(fc_wire_batch_parse(back.buf, back.len, &items, &n, &err), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(items[i].body_len, fx->rec[i].body_len);
		assert_memory_equal(items[i].body, fx->rec[i].body, fx->rec[i].body_len);
		assert_memory_equal(items[i].sig, fx->rec[i].sig, FC_SIG_BYTES);
	}
	free(items);
	fc_buf_release(&raw);
	fc_buf_release(&z);
	fc_buf_release(&back);
}

static void
test_a_batch_claiming_too_many_records_is_refused_before_allocating(void **state)
{
	unsigned char raw[8] = {'F', 'C', 'B', '1', 0xff, 0xff, 0xff, 0xff};
	struct fc_wire_item *items = NULL;
	struct fc_error err = {0};
	size_t n = 0;

	(void)state;
	assert_int_equal(fc_wire_batch_parse(raw, sizeof raw, &items, &n, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_non_null(strstr(err.msg, "over the limit of 1000"));
	raw[4] = raw[5] = raw[6] = 0;
	raw[7] = 2;
	assert_int_equal(fc_wire_batch_parse(raw, sizeof raw, &items, &n, &err), -1);
	assert_non_null(strstr(err.msg, "claims 2 records in 8 bytes"));
}

static void
test_inflating_stops_at_the_limit(void **state)
{
	struct fc_buf big = FC_BUF_INIT, z = FC_BUF_INIT, out = FC_BUF_INIT;
	struct fc_error err = {0};
	char zeros[4096] = {0};

	(void)state;
	for (int i = 0; i < 64; i++)
		assert_int_equal(fc_buf_add(&big, zeros, sizeof zeros, &err), 0);
	assert_int_equal(fc_wire_deflate(big.buf, big.len, 0, &z, &err), 0);
	assert_int_equal(fc_wire_inflate(z.buf, z.len, 100000, &out, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_string_equal(err.msg, "compressed body inflates beyond the limit of 100000 bytes");
	assert_true(out.len <= 100000);
	fc_buf_release(&big);
	fc_buf_release(&z);
	fc_buf_release(&out);
}

static void
test_a_request_signature_covers_method_path_and_body(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char sig[FC_SIG_HEX];
	const char *nonce = "00112233445566778899aabbccddeeff";

	assert_int_equal(fc_wire_sign_request(fx->sk, "POST", "/v1/records", 1700000000, nonce,
					      "abc", 3, sig, &err),
			 0);
	assert_int_equal(
	    fc_wire_check_request(fx->pk, "POST", "/v1/records", 1700000000, nonce, "abc", 3, sig),
	    0);
	assert_int_equal(
	    fc_wire_check_request(fx->pk, "GET", "/v1/records", 1700000000, nonce, "abc", 3, sig),
	    -1);
	assert_int_equal(
	    fc_wire_check_request(fx->pk, "POST", "/v1/summary", 1700000000, nonce, "abc", 3, sig),
	    -1);
	assert_int_equal(
	    fc_wire_check_request(fx->pk, "POST", "/v1/records", 1700000001, nonce, "abc", 3, sig),
	    -1);
	assert_int_equal(
	    fc_wire_check_request(fx->pk, "POST", "/v1/records", 1700000000, nonce, "abd", 3, sig),
	    -1);
}

static void
test_a_request_signature_is_never_a_record_signature(void **state)
{
	struct fixture *fx = *state;
	unsigned char sig[FC_SIG_BYTES];
	char hex[FC_SIG_HEX];
	struct fc_error err = {0};
	const char *body = "x";

	/* A record signature over the same bytes does not pass as a request one. */
	assert_int_equal(fc_sign_body(fx->sk, body, 1, sig, &err), 0);
	fc_hex_encode(sig, sizeof sig, hex);
	assert_int_equal(fc_wire_check_request(fx->pk, "GET", "/v1/status", 1, "n", body, 1, hex),
			 -1);
}

static void
test_a_batch_sent_twice_stores_nothing_the_second_time(void **state)
{
	struct fixture *fx = *state;
	struct fc_buf raw = FC_BUF_INIT;
	struct fc_scounts c = {0};
	struct fc_error err = {0};
	json_t *a;

	fx_chain(fx, 3);
	fx_batch(fx, 0, 3, &raw);
	a = fx_push(fx, &raw);
	assert_int_equal(fx_int(a, "held"), 3);
	assert_int_equal(fx_int(a, "stored"), 3);
	assert_null(json_object_get(a, "refused"));
	json_decref(a);
	a = fx_push(fx, &raw);
	assert_int_equal(fx_int(a, "held"), 3);
	assert_int_equal(fx_int(a, "stored"), 0);
	assert_int_equal(fx_int(a, "skipped"), 3);
	json_decref(a);
	assert_int_equal(fc_sstore_counts(fx->st, &c, &err), 0);
	assert_int_equal(c.records, 3);
	fc_buf_release(&raw);
}

/* Push rec[from..to) with a request nonce spent in its transaction; the call's result. */
static int
fx_push_nonce(struct fixture *fx, int from, int to, const char *nonce, json_t **answer,
	      struct fc_error *err)
{
	struct fc_buf raw = FC_BUF_INIT;
	struct fc_push_request n = {nonce, time(NULL), 300, NULL, 0};
	long count = 0;
	int ret;

	fx_batch(fx, from, to, &raw);
	ret = fc_server_store_batch_lang(fx->st, &fx->dev, "D1", NULL, &n, raw.buf, raw.len, answer,
					 &count, err);
	fc_buf_release(&raw);
	assert_int_equal(n.replayed, ret != 0 && err->code == FC_E_EXISTS);
	return ret;
}

/*
 * A push's nonce is spent by the transaction that stores its records, so
 * one commit holds both: kept across a reopen, and a second request with it
 * stores nothing, even one whose records are new.
 */
static void
test_a_push_spends_its_nonce_with_its_records(void **state)
{
	struct fixture *fx = *state;
	struct fc_scounts c = {0};
	struct fc_error err = {0};
	json_t *a = NULL;
	int seen = 0;

	fx_chain(fx, 2);
	assert_int_equal(
	    fc_sstore_nonce_seen(fx->st, fx->dev.rowid, "nonce-0001-abcdef", &seen, &err), 0);
	assert_int_equal(seen, 0);
	assert_int_equal(fx_push_nonce(fx, 0, 1, "nonce-0001-abcdef", &a, &err), 0);
	assert_int_equal(fx_int(a, "stored"), 1);
	json_decref(a);
	fc_sstore_close(fx->st);
	assert_int_equal(fc_sstore_open(fx->db, &fx->st, &err), 0);
	assert_int_equal(
	    fc_sstore_nonce_seen(fx->st, fx->dev.rowid, "nonce-0001-abcdef", &seen, &err), 0);
	assert_int_equal(seen, 1);
	a = NULL;
	assert_int_equal(fx_push_nonce(fx, 1, 2, "nonce-0001-abcdef", &a, &err), -1);
	assert_int_equal(err.code, FC_E_EXISTS);
	assert_null(a);
	assert_int_equal(fc_sstore_counts(fx->st, &c, &err), 0);
	assert_int_equal(c.records, 1);
	assert_int_equal(fx_push_nonce(fx, 1, 2, "nonce-0002-abcdef", &a, &err), 0);
	assert_int_equal(fx_int(a, "stored"), 1);
	json_decref(a);
}

/*
 * Authenticating a request reads the device, the inspector it names and its
 * nonce in one statement (serve.c): each part as the reads one by one gave it.
 */
static void
test_the_caller_is_read_at_once(void **state)
{
	struct fixture *fx = *state;
	struct fc_scaller c;
	struct fc_error err = {0};
	json_t *a = NULL;

	fx_chain(fx, 1);
	assert_int_equal(fc_sstore_get_caller(fx->st, DEVICE, "I1", "nonce-0003-abcdef", &c, &err),
			 0);
	assert_int_equal(c.dev.rowid, fx->dev.rowid);
	assert_memory_equal(c.dev.pk, fx->pk, FC_PK_BYTES);
	assert_string_equal(c.dev.inspector, "I1");
	assert_int_equal(c.insp_found, 1);
	assert_string_equal(c.insp.id, "I1");
	assert_string_equal(c.insp.name, "王芳");
	assert_string_equal(c.insp.district, "D1");
	assert_string_equal(c.insp.role, FC_ROLE_INSPECTOR);
	assert_int_equal(c.insp.revoked_at, 0);
	assert_int_equal(c.nonce_seen, 0);
	assert_int_equal(fx_push_nonce(fx, 0, 1, "nonce-0003-abcdef", &a, &err), 0);
	json_decref(a);
	assert_int_equal(fc_sstore_get_caller(fx->st, DEVICE, "I1", "nonce-0003-abcdef", &c, &err),
			 0);
	assert_int_equal(c.nonce_seen, 1);
	assert_int_equal(c.dev.held_seq, 1);
	/* An inspector it does not hold: the device all the same, no inspector. */
	assert_int_equal(fc_sstore_get_caller(fx->st, DEVICE, "I9", "nonce-0004-abcdef", &c, &err),
			 0);
	assert_int_equal(c.insp_found, 0);
	assert_string_equal(c.insp.id, "");
	assert_int_equal(c.nonce_seen, 0);
	assert_int_not_equal(
	    fc_sstore_get_caller(fx->st, "ffffffff", "I1", "nonce-0004-abcdef", &c, &err), 0);
	assert_int_equal(err.code, FC_E_NOTFOUND);
}

static void
test_a_tampered_record_is_refused_by_id_and_the_ones_before_it_kept(void **state)
{
	struct fixture *fx = *state;
	struct fc_buf raw = FC_BUF_INIT;
	json_t *a, *refused;
	char *p;

	fx_chain(fx, 3);
	fx_batch(fx, 0, 3, &raw);
	/* The second body's "pass" becomes "fail" inside the batch. */
	p = fx_find(raw.buf + 8 + 4 + fx->rec[0].body_len + FC_SIG_BYTES, fx->rec[1].body_len + 4,
		    "\"pass\"", 6);
	assert_non_null(p);
	memcpy(p, "\"fail\"", 6);
	a = fx_push(fx, &raw);
	assert_int_equal(fx_int(a, "held"), 1);
	assert_int_equal(fx_int(a, "stored"), 1);
	refused = json_object_get(a, "refused");
	assert_non_null(refused);
	assert_string_equal(json_string_value(json_object_get(refused, "id")), fx->rec[1].id);
	assert_non_null(strstr(json_string_value(json_object_get(refused, "reason")), "signature"));
	json_decref(a);
	fc_buf_release(&raw);
}

static void
test_a_second_record_with_a_held_number_is_a_fork_kept_apart(void **state)
{
	struct fixture *fx = *state;
	struct fc_buf raw = FC_BUF_INIT;
	struct fc_scounts c = {0};
	struct fc_error err = {0};
	json_t *a, *refused;

	fx_chain(fx, 2);
	fx_batch(fx, 0, 2, &raw);
	json_decref(fx_push(fx, &raw));
	/* The same key signs another record 2 (a copied home, say). */
	fx_seal(fx, 2, fx->rec[0].hash, "2024-05-07T10:00:00+08:00", &fx->rec[3]);
	fc_buf_reset(&raw);
	fx_batch(fx, 3, 4, &raw);
	a = fx_push(fx, &raw);
	assert_int_equal(fx_int(a, "held"), 2);
	assert_int_equal(fx_int(a, "stored"), 0);
	refused = json_object_get(a, "refused");
	assert_non_null(refused);
	assert_non_null(strstr(json_string_value(json_object_get(refused, "reason")), "fork"));
	json_decref(a);
	assert_int_equal(fc_sstore_counts(fx->st, &c, &err), 0);
	assert_int_equal(c.records, 2);
	assert_int_equal(c.forks, 1);
	fc_buf_release(&raw);
}

static void
test_a_gap_in_the_chain_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct fc_buf raw = FC_BUF_INIT;
	json_t *a;

	fx_chain(fx, 3);
	fx_batch(fx, 2, 3, &raw);
	a = fx_push(fx, &raw);
	assert_int_equal(fx_int(a, "held"), 0);
	assert_non_null(
	    strstr(json_string_value(json_object_get(json_object_get(a, "refused"), "reason")),
		   "gap: the server holds up to record 0"));
	json_decref(a);
	fc_buf_release(&raw);
}

/* A checklist's JSON text from tests/data, as version, with M10's maximum max (caller frees). */
static char *
fx_manhole(int version, int max)
{
	char path[4096];
	json_t *t, *sec, *it;
	size_t i, j;
	char *text;

	assert_int_equal(fc_test_src_path(path, sizeof path, "tests/data/checklists/manhole.json"),
			 0);
	t = json_load_file(path, 0, NULL);
	assert_non_null(t);
	json_object_set_new(t, "version", json_integer(version));
	json_array_foreach(json_object_get(t, "sections"), i, sec)
		json_array_foreach(json_object_get(sec, "items"), j, it)
			if (strcmp(json_string_value(json_object_get(it, "id")), "M10") == 0)
				json_object_set_new(it, "max", json_integer(max));
	text = json_dumps(t, JSON_COMPACT);
	json_decref(t);
	return text;
}

/* Seal rec[seq - 1], a manhole record of version with M10 = depth, and push it alone. */
static json_t *
fx_push_manhole(struct fixture *fx, int64_t seq, int version, int depth)
{
	struct fc_error err = {0};
	struct fc_buf raw = FC_BUF_INIT;
	json_t *answers = json_pack("{s:s,s:i,s:s,s:i}", "M01", "ok", "M02", 3, "M03", "yes", "M10",
				    depth),
	       *answer;
	struct fc_record_draft d = {.type = FC_TYPE_INSPECTION,
				    .household = "H1",
				    .template_id = "manhole",
				    .template_version = version,
				    .answers = answers,
				    .outcome = "ok"};

	fc_record_release(&fx->rec[seq - 1]); /* a refused one sealed again */
	assert_int_equal(fc_record_seal(&d, &fx->signer, seq,
					seq > 1 ? fx->rec[seq - 2].hash : NULL,
					"2024-05-06T09:30:00+08:00", &fx->rec[seq - 1], &err),
			 0);
	json_decref(answers);
	fx_batch(fx, (int)seq - 1, (int)seq, &raw);
	answer = fx_push(fx, &raw);
	fc_buf_release(&raw);
	return answer;
}

static void
test_a_checklist_is_parsed_once_and_a_version_added_later_is_used(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char *v1 = fx_manhole(1, 300), *v2 = fx_manhole(2, 30);
	json_t *a;

	assert_int_equal(fc_sstore_add_template(fx->st, "manhole", 1, v1, 1, &err), 0);
	a = fx_push_manhole(fx, 1, 1, 50);
	assert_int_equal(fx_int(a, "stored"), 1);
	json_decref(a);
	a = fx_push_manhole(fx, 2, 1, 50);
	assert_int_equal(fx_int(a, "stored"), 1);
	json_decref(a);
	/* Two pushes validated against version 1; it was parsed for the first only. */
	assert_int_equal(fc_sstore_templates_parsed(fx->st), 1);
	assert_int_equal(fc_sstore_add_template(fx->st, "manhole", 2, v2, 2, &err), 0);
	a = fx_push_manhole(fx, 3, 2, 50);
	assert_int_equal(fx_int(a, "stored"), 0);
	assert_non_null(
	    strstr(json_string_value(json_object_get(json_object_get(a, "refused"), "reason")),
		   "does not fit checklist manhole version 2"));
	json_decref(a);
	/* Version 2 parsed once when it came; version 1 is not parsed again. */
	assert_int_equal(fc_sstore_templates_parsed(fx->st), 2);
	a = fx_push_manhole(fx, 3, 2, 20);
	assert_int_equal(fx_int(a, "stored"), 1);
	json_decref(a);
	assert_int_equal(fc_sstore_templates_parsed(fx->st), 2);
	free(v1);
	free(v2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_server_statement_prepares_on_a_fresh_store,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_batch_keeps_every_body_byte_for_byte, setup,
					    teardown),
	    cmocka_unit_test(test_a_batch_claiming_too_many_records_is_refused_before_allocating),
	    cmocka_unit_test(test_inflating_stops_at_the_limit),
	    cmocka_unit_test_setup_teardown(test_a_request_signature_covers_method_path_and_body,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_request_signature_is_never_a_record_signature,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_batch_sent_twice_stores_nothing_the_second_time,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_push_spends_its_nonce_with_its_records, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_the_caller_is_read_at_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_tampered_record_is_refused_by_id_and_the_ones_before_it_kept, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_second_record_with_a_held_number_is_a_fork_kept_apart, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_gap_in_the_chain_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_checklist_is_parsed_once_and_a_version_added_later_is_used, setup, teardown),
	};

	json_object_seed(0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
