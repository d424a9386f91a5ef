/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/chain.c: a device's records form one chain, and verification names the
 * first record where it breaks and why. Each test makes a real store with
 * five signed records, changes the SQLite file directly (as someone with the
 * file and a sqlite3 shell could), and checks the report: which record and
 * which reason. A tamper that verification missed would fail here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "core/chain.h"
#include "core/store.h"
#include "support.h"

#define RECORDS 5

struct fixture {
	char dir[64];
	char path[128];
	struct fc_store *st;
	struct fc_identity id;
	unsigned char sk[FC_SK_BYTES];
	struct fc_signer signer;
	char ids[RECORDS + 1][FC_RECORD_ID_MAX]; /* ids[seq] */
	unsigned char hashes[RECORDS + 1][FC_HASH_BYTES];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};

	if (fx == NULL || fc_sign_init(&err) != 0)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-chain.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/store.db", fx->dir);
	snprintf(fx->id.inspector, sizeof fx->id.inspector, "I1");
	snprintf(fx->id.name, sizeof fx->id.name, "张三");
	snprintf(fx->id.device, sizeof fx->id.device, "7f3a9c21");
	crypto_sign_keypair(fx->id.pk, fx->sk);
	snprintf(fx->signer.inspector, sizeof fx->signer.inspector, "I1");
	snprintf(fx->signer.device, sizeof fx->signer.device, "7f3a9c21");
	fx->signer.sk = fx->sk;
	if (fc_store_open(fx->path, &fx->st, &err) != 0 ||
	    fc_store_set_identity(fx->st, &fx->id, &err) != 0) {
		print_error("%s\n", err.msg);
		return -1;
	}
	for (int seq = 1; seq <= RECORDS; seq++) {
		struct fc_record rec;
		char household[16];
		struct fc_record_draft d = {
		    .type = FC_TYPE_VISIT, .household = household, .outcome = "nobody-home"};

		snprintf(household, sizeof household, "H%03d", seq);
		if (fc_store_add_record(fx->st, &d, &fx->signer, "2024-05-06T09:30:00+08:00", &rec,
					&err) != 0) {
			print_error("%s\n", err.msg);
			return -1;
		}
		memcpy(fx->ids[seq], rec.id, sizeof rec.id);
		memcpy(fx->hashes[seq], rec.hash, FC_HASH_BYTES);
		fc_record_release(&rec);
	}
	/* Tampering happens with the store closed, as an attacker's would. */
	fc_store_close(fx->st);
	fx->st = NULL;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fc_store_close(fx->st);
	if (fc_test_rmtree(fx->dir) != 0)
		return -1;
	free(fx);
	return 0;
}

/* Run one SQL statement on the store file with blob/int parameters. */
static void
tamper_sql(struct fixture *fx, const char *sql, const void *blob, int blob_len, int64_t a,
	   int64_t b)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	int n;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	n = sqlite3_bind_parameter_count(stmt);
	if (n >= 1)
		sqlite3_bind_blob(stmt, 1, blob, blob_len, SQLITE_TRANSIENT);
	if (n >= 2)
		sqlite3_bind_int64(stmt, 2, a);
	if (n >= 3)
		sqlite3_bind_int64(stmt, 3, b);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* Read column col (a blob) of record seq into out; returns its length. */
static int
read_blob(struct fixture *fx, const char *col, int64_t seq, unsigned char *out, int size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	char sql[128];
	int len;

	snprintf(sql, sizeof sql, "SELECT %s FROM records WHERE seq = ?", col);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	len = sqlite3_column_bytes(stmt, 0);
	assert_true(len <= size);
	memcpy(out, sqlite3_column_blob(stmt, 0), (size_t)len);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return len;
}

/* Verify the store; returns what verify returned, report and err filled. */
static int
verify(struct fixture *fx, struct fc_chain_report *report, struct fc_error *err)
{
	int ret;

	if (fc_store_open(fx->path, &fx->st, err) != 0)
		fail_msg("open: %s", err->msg);
	ret = fc_chain_verify_store(fx->st, "7f3a9c21", fx->id.pk, report, err);
	fc_store_close(fx->st);
	fx->st = NULL;
	return ret;
}

/* Verification fails at record seq (stored id want_id) with reason. */
static void
assert_broken_at(struct fixture *fx, const char *want_id, const char *reason)
{
	struct fc_chain_report report;
	struct fc_error err = {0};
	char msg[512];

	assert_int_equal(verify(fx, &report, &err), -1);
	if (err.code != FC_E_CHAIN)
		fail_msg("not a chain error: %s", err.msg);
	assert_string_equal(report.first_bad_id, want_id);
	assert_string_equal(report.reason, reason);
	snprintf(msg, sizeof msg, "%s: %s", want_id, reason);
	assert_string_equal(err.msg, msg);
}

static void
test_an_intact_chain_verifies_every_record(void **state)
{
	struct fixture *fx = *state;
	struct fc_chain_report report;
	struct fc_error err = {0};

	assert_int_equal(verify(fx, &report, &err), 0);
	assert_int_equal(report.checked, RECORDS);
	assert_int_equal(report.first_bad_seq, 0);
	assert_string_equal(report.first_bad_id, "");
}

static void
test_each_record_names_the_hash_of_the_one_before(void **state)
{
	struct fixture *fx = *state;
	unsigned char prev[FC_HASH_BYTES];

	for (int seq = 2; seq <= RECORDS; seq++) {
		read_blob(fx, "prev", seq, prev, sizeof prev);
		assert_memory_equal(prev, fx->hashes[seq - 1], FC_HASH_BYTES);
	}
	assert_string_equal(fx->ids[3], "7f3a9c21-000003");
}

static void
test_one_changed_byte_of_a_stored_body_is_found(void **state)
{
	struct fixture *fx = *state;
	unsigned char body[4096];
	int len = read_blob(fx, "body", 3, body, sizeof body);
	char *h = strstr((char *)body, "\"H003\"");

	assert_non_null(h);
	h[4] = '9'; /* "H003" -> "H093" */
	tamper_sql(fx, "UPDATE records SET body = ?1 WHERE seq = ?2", body, len, 3, 0);
	assert_broken_at(fx, "7f3a9c21-000003", FC_REASON_SIGNATURE);
}

static void
test_a_changed_signature_is_found(void **state)
{
	struct fixture *fx = *state;
	unsigned char sig[FC_SIG_BYTES];

	read_blob(fx, "sig", 2, sig, sizeof sig);
	sig[10] ^= 0x01;
	tamper_sql(fx, "UPDATE records SET sig = ?1 WHERE seq = ?2", sig, FC_SIG_BYTES, 2, 0);
	assert_broken_at(fx, "7f3a9c21-000002", FC_REASON_SIGNATURE);
}

static void
test_a_prev_changed_inside_the_body_breaks_the_signature(void **state)
{
	struct fixture *fx = *state;
	unsigned char body[4096];
	int len = read_blob(fx, "body", 4, body, sizeof body);
	char *p = strstr((char *)body, "\"prev\":\"");

	assert_non_null(p);
	p[8] = p[8] == '0' ? '1' : '0';
	tamper_sql(fx, "UPDATE records SET body = ?1 WHERE seq = ?2", body, len, 4, 0);
	assert_broken_at(fx, "7f3a9c21-000004", FC_REASON_SIGNATURE);
}

static void
test_a_prev_changed_in_the_stored_column_does_not_match_the_body(void **state)
{
	struct fixture *fx = *state;
	unsigned char prev[FC_HASH_BYTES];

	read_blob(fx, "prev", 4, prev, sizeof prev);
	prev[0] ^= 0xff;
	tamper_sql(fx, "UPDATE records SET prev = ?1 WHERE seq = ?2", prev, FC_HASH_BYTES, 4, 0);
	assert_broken_at(fx, "7f3a9c21-000004", "stored prev differs from the signed body");
}

static void
test_a_changed_stored_hash_is_found(void **state)
{
	struct fixture *fx = *state;
	unsigned char hash[FC_HASH_BYTES];

	read_blob(fx, "hash", 5, hash, sizeof hash);
	hash[31] ^= 0x80;
	tamper_sql(fx, "UPDATE records SET hash = ?1 WHERE seq = ?2", hash, FC_HASH_BYTES, 5, 0);
	assert_broken_at(fx, "7f3a9c21-000005", FC_REASON_HASH);
}

static void
test_a_changed_stored_device_does_not_match_the_body(void **state)
{
	struct fixture *fx = *state;

	tamper_sql(fx, "UPDATE records SET device = 'deadbeef' WHERE seq = ?2", NULL, 0, 2, 0);
	assert_broken_at(fx, "7f3a9c21-000002",
			 "stored device deadbeef differs from the signed body (device 7f3a9c21)");
}

static void
test_a_record_deleted_in_the_middle_is_named_by_the_next_one(void **state)
{
	struct fixture *fx = *state;

	tamper_sql(fx, "DELETE FROM records WHERE seq = ?2", NULL, 0, 3, 0);
	assert_broken_at(fx, "7f3a9c21-000004", "seq 4 where 3 was expected (record 3 is missing)");
}

static void
test_a_deleted_record_renumbered_to_close_the_gap_breaks_prev(void **state)
{
	struct fixture *fx = *state;

	/* Hiding the gap in the stored seq does not help: the body still says 4. */
	tamper_sql(fx, "DELETE FROM records WHERE seq = ?2", NULL, 0, 3, 0);
	tamper_sql(fx, "UPDATE records SET seq = seq - 1 WHERE seq > ?2", NULL, 0, 3, 0);
	assert_broken_at(fx, "7f3a9c21-000004",
			 "signed as seq 4 but stored as seq 3, where 3 was expected "
			 "(records swapped or out of order)");
}

static void
test_two_swapped_records_are_found_at_the_first_of_them(void **state)
{
	struct fixture *fx = *state;

	tamper_sql(fx, "UPDATE records SET seq = -seq WHERE seq IN (?2, ?3)", NULL, 0, 2, 3);
	tamper_sql(fx, "UPDATE records SET seq = ?3 WHERE seq = -?2", NULL, 0, 2, 3);
	tamper_sql(fx, "UPDATE records SET seq = ?2 WHERE seq = -?3", NULL, 0, 2, 3);
	assert_broken_at(fx, "7f3a9c21-000003",
			 "signed as seq 3 but stored as seq 2, where 2 was expected "
			 "(records swapped or out of order)");
}

static void
test_a_record_replaced_by_one_signed_with_another_key_is_found(void **state)
{
	struct fixture *fx = *state;
	unsigned char other_pk[FC_PK_BYTES], other_sk[FC_SK_BYTES];
	struct fc_signer forger = fx->signer;
	struct fc_record rec;
	struct fc_error err = {0};
	struct fc_record_draft d = {
	    .type = FC_TYPE_INSPECTION, .household = "H003", .outcome = "pass"};

	/* Same device, seq and prev as the real record 3: only the key differs. */
	crypto_sign_keypair(other_pk, other_sk);
	forger.sk = other_sk;
	assert_int_equal(
	    fc_record_seal(&d, &forger, 3, fx->hashes[2], "2024-05-06T09:30:00+08:00", &rec, &err),
	    0);
	tamper_sql(fx, "UPDATE records SET body = ?1 WHERE seq = ?2", rec.body, (int)rec.body_len,
		   3, 0);
	tamper_sql(fx, "UPDATE records SET sig = ?1 WHERE seq = ?2", rec.sig, FC_SIG_BYTES, 3, 0);
	tamper_sql(fx, "UPDATE records SET hash = ?1 WHERE seq = ?2", rec.hash, FC_HASH_BYTES, 3,
		   0);
	fc_record_release(&rec);
	assert_broken_at(fx, "7f3a9c21-000003", FC_REASON_SIGNATURE);
}

static void
test_only_the_first_of_several_broken_records_is_named(void **state)
{
	struct fixture *fx = *state;
	struct fc_chain_report report;
	struct fc_error err = {0};

	tamper_sql(fx, "DELETE FROM records WHERE seq = ?2", NULL, 0, 4, 0);
	tamper_sql(fx, "DELETE FROM records WHERE seq = ?2", NULL, 0, 2, 0);
	assert_int_equal(verify(fx, &report, &err), -1);
	assert_string_equal(report.first_bad_id, "7f3a9c21-000003");
	assert_int_equal(report.first_bad_seq, 3);
	assert_int_equal(report.checked, 1);
}

static void
test_records_of_another_device_are_not_this_chain(void **state)
{
	struct fixture *fx = *state;
	struct fc_chain_report report;
	struct fc_error err = {0};

	assert_int_equal(fc_store_open(fx->path, &fx->st, &err), 0);
	assert_int_equal(fc_chain_verify_store(fx->st, "0badc0de", fx->id.pk, &report, &err), -1);
	assert_string_equal(report.reason, "signed for device 7f3a9c21, not this device 0badc0de");
}

static void
test_walking_record_by_record_moves_the_state_along(void **state)
{
	struct fixture *fx = *state;
	struct fc_chain_state cs = {0};
	struct fc_error err = {0};
	struct fc_record rec;

	assert_int_equal(fc_store_open(fx->path, &fx->st, &err), 0);
	for (int seq = 1; seq <= RECORDS; seq++) {
		assert_int_equal(fc_store_get_record(fx->st, fx->ids[seq], &rec, &err), 0);
		assert_int_equal(fc_chain_next(&cs, "7f3a9c21", fx->id.pk, &rec, &err), 0);
		assert_int_equal(cs.seq, seq);
		assert_memory_equal(cs.hash, fx->hashes[seq], FC_HASH_BYTES);
		/* The same record again is not the next link. */
		if (seq == 3) {
			assert_int_equal(fc_chain_next(&cs, "7f3a9c21", fx->id.pk, &rec, &err), -1);
			assert_string_equal(err.msg, "7f3a9c21-000003: seq 3 where 4 was expected "
						     "(records out of order or repeated)");
		}
		fc_record_release(&rec);
	}
}

static void
test_a_signed_body_in_another_json_layout_is_read_by_the_parser(void **state)
{
	struct fixture *fx = *state;
	struct fc_chain_state cs = {0};
	struct fc_error err = {0};
	struct fc_record rec = {0};
	char body[] = "{ \"seq\": 1, \"v\": 1, \"type\": \"visit\", \"id\": \"7f3a9c21-000001\", "
		      "\"device\": \"7f3a9c21\", \"inspector\": \"I1\", \"time\": "
		      "\"2024-05-06T09:30:00+08:00\", \"prev\": "
		      "\"0000000000000000000000000000000000000000000000000000000000000000\" }";

	/* Not what fieldcheck writes, but signed by the key: still one valid link. */
	rec.body = body;
	rec.body_len = strlen(body);
	rec.seq = 1;
	snprintf(rec.id, sizeof rec.id, "7f3a9c21-000001");
	snprintf(rec.device, sizeof rec.device, "7f3a9c21");
	snprintf(rec.type, sizeof rec.type, "visit");
	snprintf(rec.inspector, sizeof rec.inspector, "I1");
	snprintf(rec.time, sizeof rec.time, "2024-05-06T09:30:00+08:00");
	assert_int_equal(fc_sign_body(fx->sk, body, rec.body_len, rec.sig, &err), 0);
	fc_sign_record_hash(body, rec.body_len, rec.sig, rec.hash);
	assert_int_equal(fc_chain_next(&cs, "7f3a9c21", fx->id.pk, &rec, &err), 0);
	assert_int_equal(cs.seq, 1);

	/* A copy that says other than the body breaks the link, naming it. */
	struct fc_chain_state again = {0};
	snprintf(rec.outcome, sizeof rec.outcome, "pass");
	assert_int_equal(fc_chain_next(&again, "7f3a9c21", fx->id.pk, &rec, &err), -1);
	assert_string_equal(err.msg, "7f3a9c21-000001: stored outcome \"pass\" differs from the "
				     "signed body (outcome \"\")");
	rec.outcome[0] = '\0';

	/* And a signed body that is no record is named as such. */
	char junk[] = "{\"v\":1,\"type\":\"visit\"}";
	struct fc_chain_state fresh = {0};
	rec.body = junk;
	rec.body_len = strlen(junk);
	assert_int_equal(fc_sign_body(fx->sk, junk, rec.body_len, rec.sig, &err), 0);
	fc_sign_record_hash(junk, rec.body_len, rec.sig, rec.hash);
	assert_int_equal(fc_chain_next(&fresh, "7f3a9c21", fx->id.pk, &rec, &err), -1);
	assert_string_equal(err.msg, "7f3a9c21-000001: record body: \"id\" is missing");
}

static void
test_a_signed_body_repeating_a_member_deep_inside_is_refused(void **state)
{
	struct fixture *fx = *state;
	struct fc_chain_state cs = {0};
	struct fc_error err = {0};
	struct fc_record rec = {0};
	/* Two readers could see two answers for G01: no link, even signed. */
	char body[] = "{\"v\":1,\"type\":\"inspection\",\"id\":\"7f3a9c21-000001\",\"device\":"
		      "\"7f3a9c21\",\"inspector\":\"I1\",\"seq\":1,\"prev\":"
		      "\"0000000000000000000000000000000000000000000000000000000000000000\","
		      "\"time\":\"2024-05-06T09:30:00+08:00\",\"answers\":{\"G01\":{\"v\":\"yes\","
		      "\"v\":\"no\"}}}";

	rec.body = body;
	rec.body_len = strlen(body);
	rec.seq = 1;
	snprintf(rec.id, sizeof rec.id, "7f3a9c21-000001");
	snprintf(rec.device, sizeof rec.device, "7f3a9c21");
	snprintf(rec.type, sizeof rec.type, "inspection");
	snprintf(rec.inspector, sizeof rec.inspector, "I1");
	snprintf(rec.time, sizeof rec.time, "2024-05-06T09:30:00+08:00");
	assert_int_equal(fc_sign_body(fx->sk, body, rec.body_len, rec.sig, &err), 0);
	fc_sign_record_hash(body, rec.body_len, rec.sig, rec.hash);
	assert_int_equal(fc_chain_next(&cs, "7f3a9c21", fx->id.pk, &rec, &err), -1);
	assert_non_null(strstr(err.msg, "7f3a9c21-000001: record body: not valid JSON"));
	assert_non_null(strstr(err.msg, "duplicate"));

	/* The same body without the repeat is one good link. */
	char once[] =
	    "{\"v\":1,\"type\":\"inspection\",\"id\":\"7f3a9c21-000001\",\"device\":"
	    "\"7f3a9c21\",\"inspector\":\"I1\",\"seq\":1,\"prev\":"
	    "\"0000000000000000000000000000000000000000000000000000000000000000\","
	    "\"time\":\"2024-05-06T09:30:00+08:00\",\"answers\":{\"G01\":{\"v\":\"yes\"}}}";
	struct fc_chain_state fresh = {0};
	rec.body = once;
	rec.body_len = strlen(once);
	assert_int_equal(fc_sign_body(fx->sk, once, rec.body_len, rec.sig, &err), 0);
	fc_sign_record_hash(once, rec.body_len, rec.sig, rec.hash);
	assert_int_equal(fc_chain_next(&fresh, "7f3a9c21", fx->id.pk, &rec, &err), 0);
}

static void
test_a_record_signed_by_the_right_key_after_the_wrong_record_breaks_prev(void **state)
{
	struct fixture *fx = *state;
	struct fc_record rec;
	struct fc_error err = {0};
	struct fc_record_draft d = {.type = FC_TYPE_VISIT, .household = "H003"};

	/* A fork: record 3 made on a copy of the store that ended at record 1. */
	assert_int_equal(fc_record_seal(&d, &fx->signer, 3, fx->hashes[1],
					"2024-05-06T09:30:00+08:00", &rec, &err),
			 0);
	tamper_sql(fx, "UPDATE records SET body = ?1 WHERE seq = ?2", rec.body, (int)rec.body_len,
		   3, 0);
	tamper_sql(fx, "UPDATE records SET sig = ?1 WHERE seq = ?2", rec.sig, FC_SIG_BYTES, 3, 0);
	tamper_sql(fx, "UPDATE records SET hash = ?1 WHERE seq = ?2", rec.hash, FC_HASH_BYTES, 3,
		   0);
	fc_record_release(&rec);
	assert_broken_at(fx, "7f3a9c21-000003",
			 "prev does not match the hash of record 2 (a record is missing, "
			 "replaced or out of order)");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_an_intact_chain_verifies_every_record),
	    T(test_each_record_names_the_hash_of_the_one_before),
	    T(test_one_changed_byte_of_a_stored_body_is_found),
	    T(test_a_changed_signature_is_found),
	    T(test_a_prev_changed_inside_the_body_breaks_the_signature),
	    T(test_a_prev_changed_in_the_stored_column_does_not_match_the_body),
	    T(test_a_changed_stored_hash_is_found),
	    T(test_a_changed_stored_device_does_not_match_the_body),
	    T(test_a_record_deleted_in_the_middle_is_named_by_the_next_one),
	    T(test_a_deleted_record_renumbered_to_close_the_gap_breaks_prev),
	    T(test_two_swapped_records_are_found_at_the_first_of_them),
	    T(test_a_record_replaced_by_one_signed_with_another_key_is_found),
	    T(test_only_the_first_of_several_broken_records_is_named),
	    T(test_records_of_another_device_are_not_this_chain),
	    T(test_walking_record_by_record_moves_the_state_along),
	    T(test_a_signed_body_in_another_json_layout_is_read_by_the_parser),
	    T(test_a_record_signed_by_the_right_key_after_the_wrong_record_breaks_prev),
	    T(test_a_signed_body_repeating_a_member_deep_inside_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
