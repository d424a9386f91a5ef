/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-store.c: the device store keeps signed records byte for byte, in
 * order, with settings, drafts and the household registry beside them, and
 * finds households by id, id prefix and fragments of Chinese text of any
 * length.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"
#include "support.h"

struct fixture {
	struct fc_test_store s; /* dir, path, st, pk, sk, signer */
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};

	assert_non_null(fx);
	assert_int_equal(fc_test_store_open(&fx->s, "store", &err), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fc_test_store_close(&fx->s), 0);
	free(fx);
	return 0;
}

/* Add a record of type for household at time; returns its seq. */
static int64_t
fx_add(struct fixture *fx, const char *type, const char *household, const char *time,
       const char *outcome, struct fc_record *out)
{
	struct fc_record_draft d = {0};
	struct fc_record rec = {0};
	struct fc_error err = {0};
	int64_t seq;

	d.type = type;
	d.household = household;
	d.template_id = "gas-household";
	d.template_version = 1;
	d.outcome = outcome;
	d.answers = json_pack("{s:s, s:s}", "G01", "yes", "G02", "燃气灶 正常");
	assert_int_equal(fc_store_add_record(fx->s.st, &d, &fx->s.signer, time, &rec, &err), 0);
	json_decref(d.answers);
	seq = rec.seq;
	if (out != NULL)
		*out = rec;
	else
		fc_record_release(&rec);
	return seq;
}

static void
test_opening_prepares_every_statement_against_a_fresh_schema(void **state)
{
	struct fixture *fx = *state;
	struct fc_store *again = NULL;
	struct fc_error err = {0};
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	/* setup() opened a fresh file; opening it again (already migrated) works too. */
	fc_store_close(fx->s.st);
	fx->s.st = NULL;
	assert_int_equal(fc_store_open(fx->s.path, &again, &err), 0);
	fx->s.st = again;

	assert_int_equal(sqlite3_open(fx->s.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_true(sqlite3_column_int(stmt, 0) >= 1);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static void
test_a_file_that_is_not_a_store_is_refused_with_its_name(void **state)
{
	struct fixture *fx = *state;
	struct fc_store *st = NULL;
	struct fc_error err = {0};
	char path[160];
	FILE *f;

	snprintf(path, sizeof path, "%s/junk.db", fx->s.dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a database, just some text long enough to have a header page....\n", f);
	fclose(f);
	assert_int_equal(fc_store_open(path, &st, &err), -1);
	assert_null(st);
	assert_non_null(strstr(err.msg, path));
}

static void
test_the_identity_is_set_once_and_read_back(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id = {0}, got;
	struct fc_error err = {0};

	assert_int_equal(fc_store_get_identity(fx->s.st, &got, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	strcpy(id.inspector, "I-0042");
	strcpy(id.name, "王建国");
	strcpy(id.device, "a1b2c3d4");
	memcpy(id.pk, fx->s.pk, FC_PK_BYTES);
	assert_int_equal(fc_store_set_identity(fx->s.st, &id, &err), 0);
	assert_int_equal(fc_store_get_identity(fx->s.st, &got, &err), 0);
	assert_string_equal(got.name, "王建国");
	assert_string_equal(got.device, "a1b2c3d4");
	assert_memory_equal(got.pk, fx->s.pk, FC_PK_BYTES);
	assert_int_equal(fc_store_set_identity(fx->s.st, &id, &err), -1);
	assert_int_equal(err.code, FC_E_EXISTS);
}

static void
test_records_round_trip_byte_for_byte_and_chain_by_hash(void **state)
{
	struct fixture *fx = *state;
	struct fc_record a = {0}, b = {0}, got = {0};
	struct fc_error err = {0};
	unsigned char zero[FC_HASH_BYTES] = {0}, last[FC_HASH_BYTES];
	int64_t seq;

	assert_int_equal(fc_store_last(fx->s.st, &seq, last, &err), 0);
	assert_int_equal(seq, 0);
	assert_memory_equal(last, zero, FC_HASH_BYTES);

	assert_int_equal(
	    fx_add(fx, FC_TYPE_INSPECTION, "HH-000001", "2026-03-01T09:15:00+08:00", "pass", &a),
	    1);
	assert_int_equal(
	    fx_add(fx, FC_TYPE_VISIT, "HH-000002", "2026-03-01T10:00:00+08:00", "nobody_home", &b),
	    2);
	assert_memory_equal(a.prev, zero, FC_HASH_BYTES);
	assert_memory_equal(b.prev, a.hash, FC_HASH_BYTES);

	assert_int_equal(fc_store_get_record(fx->s.st, b.id, &got, &err), 0);
	assert_int_equal(got.body_len, b.body_len);
	assert_memory_equal(got.body, b.body, b.body_len);
	assert_int_equal(got.body[got.body_len], '\0');
	assert_memory_equal(got.sig, b.sig, FC_SIG_BYTES);
	assert_memory_equal(got.hash, b.hash, FC_HASH_BYTES);
	assert_memory_equal(got.prev, a.hash, FC_HASH_BYTES);
	assert_int_equal(got.seq, 2);
	assert_string_equal(got.type, "visit");
	assert_string_equal(got.household, "HH-000002");
	assert_string_equal(got.device, "a1b2c3d4");
	assert_string_equal(got.inspector, "I-0042");
	assert_string_equal(got.template_id, "gas-household");
	assert_int_equal(got.template_version, 1);
	assert_string_equal(got.time, "2026-03-01T10:00:00+08:00");
	assert_string_equal(got.outcome, "nobody_home");
	assert_int_equal(got.synced, 0);
	/* The signature still verifies over the stored bytes. */
	assert_int_equal(fc_sign_check(fx->s.pk, got.body, got.body_len, got.sig), 0);
	fc_record_release(&got);

	assert_int_equal(fc_store_last(fx->s.st, &seq, last, &err), 0);
	assert_int_equal(seq, 2);
	assert_memory_equal(last, b.hash, FC_HASH_BYTES);
	fc_record_release(&a);
	fc_record_release(&b);
}

static void
test_a_record_is_found_by_a_unique_id_prefix_and_not_by_an_ambiguous_one(void **state)
{
	struct fixture *fx = *state;
	struct fc_record got = {0};
	struct fc_error err = {0};

	for (int i = 0; i < 12; i++)
		fx_add(fx, FC_TYPE_INSPECTION, "HH-000001", "2026-03-01T09:15:00+08:00", "pass",
		       NULL);
	assert_int_equal(fc_store_get_record(fx->s.st, "a1b2c3d4-000012", &got, &err), 0);
	assert_int_equal(got.seq, 12);
	fc_record_release(&got);
	assert_int_equal(fc_store_get_record(fx->s.st, "a1b2c3d4-00001", &got, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_non_null(strstr(err.msg, "ambiguous"));
	assert_int_equal(fc_store_get_record(fx->s.st, "ffff", &got, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_string_equal(err.msg, "no record ffff");
}

struct seen {
	int64_t seqs[32];
	int n;
	int stop_after;
};

static int
collect(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	struct seen *s = ctx;

	(void)err;
	s->seqs[s->n++] = rec->seq;
	return s->stop_after > 0 && s->n >= s->stop_after;
}

/* Five records: HH-A has seqs 1, 3 and 5, HH-B 2, HH-C 4. */
static void
fx_add_five(struct fixture *fx)
{
	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:00:00+08:00", "pass", NULL);
	fx_add(fx, FC_TYPE_INSPECTION, "HH-B", "2026-03-01T09:10:00+08:00", "pass", NULL);
	fx_add(fx, FC_TYPE_VISIT, "HH-A", "2026-03-01T09:20:00+08:00", "refused", NULL);
	fx_add(fx, FC_TYPE_INSPECTION, "HH-C", "2026-03-01T09:30:00+08:00", "pass", NULL);
	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:40:00+08:00", "hazard", NULL);
}

static void
test_each_record_follows_the_filter_and_stops_when_asked(void **state)
{
	struct fixture *fx = *state;
	struct fc_record_filter f = {0};
	struct fc_error err = {0};
	struct seen s = {0};

	fx_add_five(fx);

	assert_int_equal(fc_store_each_record(fx->s.st, NULL, collect, &s, &err), 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.seqs[0], 1);
	assert_int_equal(s.seqs[4], 5);

	memset(&s, 0, sizeof s);
	f.household = "HH-A";
	assert_int_equal(fc_store_each_record(fx->s.st, &f, collect, &s, &err), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.seqs[0], 1);
	assert_int_equal(s.seqs[1], 3);
	assert_int_equal(s.seqs[2], 5);

	memset(&s, 0, sizeof s);
	f.newest_first = 1;
	f.limit = 2;
	assert_int_equal(fc_store_each_record(fx->s.st, &f, collect, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seqs[0], 5);
	assert_int_equal(s.seqs[1], 3);

	memset(&s, 0, sizeof s);
	memset(&f, 0, sizeof f);
	f.from_seq = 3;
	assert_int_equal(fc_store_each_record(fx->s.st, &f, collect, &s, &err), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.seqs[0], 3);

	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	assert_int_equal(fc_store_each_record(fx->s.st, NULL, collect, &s, &err), 0);
	assert_int_equal(s.n, 2);
}

static void
test_synced_marks_cover_the_records_up_to_the_acknowledged_seq(void **state)
{
	struct fixture *fx = *state;
	struct fc_record_filter f = {0};
	struct fc_error err = {0};
	struct seen s = {0};
	int64_t total, unsynced, newest = -1;

	fx_add_five(fx);
	assert_int_equal(fc_store_count_records(fx->s.st, &total, &unsynced, &err), 0);
	assert_int_equal(total, 5);
	assert_int_equal(unsynced, 5);
	assert_int_equal(fc_store_newest_unsynced(fx->s.st, &newest, &err), 0);
	assert_int_equal(newest, 5);
	assert_int_equal(fc_store_mark_synced(fx->s.st, 3, &err), 0);
	assert_int_equal(fc_store_count_records(fx->s.st, &total, &unsynced, &err), 0);
	assert_int_equal(total, 5);
	assert_int_equal(unsynced, 2);
	/* The newest waiting record is still 5 with two waiting. */
	assert_int_equal(fc_store_newest_unsynced(fx->s.st, &newest, &err), 0);
	assert_int_equal(newest, 5);

	memset(&s, 0, sizeof s);
	memset(&f, 0, sizeof f);
	f.unsynced_only = 1;
	assert_int_equal(fc_store_each_record(fx->s.st, &f, collect, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seqs[0], 4);
	assert_int_equal(s.seqs[1], 5);

	memset(&s, 0, sizeof s);
	f.household = "HH-A";
	assert_int_equal(fc_store_each_record(fx->s.st, &f, collect, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.seqs[0], 5);

	memset(&s, 0, sizeof s);
	f.household = NULL;
	f.newest_first = 1;
	assert_int_equal(fc_store_each_record(fx->s.st, &f, collect, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seqs[0], 5);

	/* None waits once the server has them all. */
	assert_int_equal(fc_store_mark_synced(fx->s.st, 5, &err), 0);
	assert_int_equal(fc_store_newest_unsynced(fx->s.st, &newest, &err), 0);
	assert_int_equal(newest, 0);
}

static int
fail_on_second(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	(void)ctx;
	if (rec->seq == 2)
		return fc_error_set(err, FC_E_CHAIN, "record %s: stop here", rec->id);
	return 0;
}

static void
test_each_record_passes_back_the_callbacks_error(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:00:00+08:00", "pass", NULL);
	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:10:00+08:00", "pass", NULL);
	assert_int_equal(fc_store_each_record(fx->s.st, NULL, fail_on_second, NULL, &err), -1);
	assert_int_equal(err.code, FC_E_CHAIN);
	assert_string_equal(err.msg, "record a1b2c3d4-000002: stop here");
}

static void
test_a_record_added_inside_a_transaction_is_undone_by_its_rollback(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	int64_t total;

	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:00:00+08:00", "pass", NULL);
	assert_int_equal(fc_store_begin(fx->s.st, &err), 0);
	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:10:00+08:00", "pass", NULL);
	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:20:00+08:00", "pass", NULL);
	fc_store_rollback(fx->s.st);
	assert_int_equal(fc_store_count_records(fx->s.st, &total, NULL, &err), 0);
	assert_int_equal(total, 1);

	assert_int_equal(fc_store_begin(fx->s.st, &err), 0);
	assert_int_equal(
	    fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:10:00+08:00", "pass", NULL), 2);
	assert_int_equal(fc_store_commit(fx->s.st, &err), 0);
	assert_int_equal(fc_store_count_records(fx->s.st, &total, NULL, &err), 0);
	assert_int_equal(total, 2);
}

static void
test_a_bad_draft_stores_nothing(void **state)
{
	struct fixture *fx = *state;
	struct fc_record_draft d = {0};
	struct fc_error err = {0};
	int64_t total;

	d.type = FC_TYPE_INSPECTION;
	d.household = "HH-A";
	d.hazards = json_string("not an array");
	assert_int_equal(fc_store_add_record(fx->s.st, &d, &fx->s.signer, NULL, NULL, &err), -1);
	json_decref(d.hazards);
	assert_int_equal(fc_store_count_records(fx->s.st, &total, NULL, &err), 0);
	assert_int_equal(total, 0);
	/* And the store is not left inside a transaction. */
	fx_add(fx, FC_TYPE_INSPECTION, "HH-A", "2026-03-01T09:00:00+08:00", "pass", NULL);
}

static void
test_a_store_locked_by_another_writer_says_so_in_our_words(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	sqlite3 *other = NULL;

	assert_int_equal(sqlite3_open(fx->s.path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fc_store_set_setting(fx->s.st, "lang", "zh", &err), -1);
	assert_int_equal(err.code, FC_E_BUSY);
	assert_string_equal(
	    err.msg, "the record store is in use by another fieldcheck; close it and try again");
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	assert_int_equal(fc_store_set_setting(fx->s.st, "lang", "zh", &err), 0);
}

static void
test_settings_are_saved_replaced_and_missing_ones_are_not_found(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char v[64];

	assert_int_equal(fc_store_get_setting(fx->s.st, "last_sync", v, sizeof v, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_int_equal(fc_store_set_setting(fx->s.st, "last_sync", "2026-03-01T09:00:00Z", &err),
			 0);
	assert_int_equal(fc_store_set_setting(fx->s.st, "last_sync", "2026-03-02T09:00:00Z", &err),
			 0);
	assert_int_equal(fc_store_get_setting(fx->s.st, "last_sync", v, sizeof v, &err), 0);
	assert_string_equal(v, "2026-03-02T09:00:00Z");
	/* A value longer than the buffer is cut on a character boundary. */
	assert_int_equal(fc_store_set_setting(fx->s.st, "district", "新华区城关镇", &err), 0);
	assert_int_equal(fc_store_get_setting(fx->s.st, "district", v, 8, &err), 0);
	assert_string_equal(v, "新华");
}

static int
collect_key(const char *key, void *ctx)
{
	char *out = ctx;

	strcat(out, key);
	strcat(out, ";");
	return 0;
}

static void
test_drafts_are_saved_listed_loaded_and_deleted(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char keys[128] = "";
	char *json = NULL;

	assert_int_equal(fc_store_load_draft(fx->s.st, "HH-1", &json, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_null(json);
	assert_int_equal(fc_store_save_draft(fx->s.st, "HH-1", "{\"G01\":\"yes\"}", &err), 0);
	assert_int_equal(
	    fc_store_save_draft(fx->s.st, "HH-1", "{\"G01\":\"no\",\"G02\":\"有\"}", &err), 0);
	assert_int_equal(fc_store_save_draft(fx->s.st, "HH-2", "{}", &err), 0);
	assert_int_equal(fc_store_load_draft(fx->s.st, "HH-1", &json, &err), 0);
	assert_string_equal(json, "{\"G01\":\"no\",\"G02\":\"有\"}");
	free(json);
	assert_int_equal(fc_store_each_draft(fx->s.st, collect_key, keys, &err), 0);
	assert_non_null(strstr(keys, "HH-1;"));
	assert_non_null(strstr(keys, "HH-2;"));
	assert_int_equal(fc_store_delete_draft(fx->s.st, "HH-1", &err), 0);
	keys[0] = '\0';
	assert_int_equal(fc_store_each_draft(fx->s.st, collect_key, keys, &err), 0);
	assert_string_equal(keys, "HH-2;");
}

/* Households */

static const struct fc_household sample[] = {
    {"HH-000001", "新华区", "新华路12号3栋2单元501室", "张伟", "13812345678", "residential",
     "2024-05-01"},
    {"HH-000002", "新华区", "新华路14号", "李娜", "13987654321", "catering", ""},
    {"HH-000003", "城关镇", "解放街7号", "王芳", "15011112222", "business", "2025-01-10"},
    {"HH-000004", "城关镇", "东风巷3号", "张秀英", "17733334444", "selfbuilt", "2023-09-30"},
    {"HH-000005", "城关镇", "石门村三组18号", "刘强", "18655556666", "rural", ""},
    {"HH-000010", "新华区", "建设路88号", "陈静", "13600001111", "residential", "2022-02-02"},
    {"HX-000001", "新华区", "Harbour Road 5", "Smith", "13700002222", "business", ""},
};
#define NSAMPLE (sizeof sample / sizeof sample[0])

struct found {
	char ids[16][FC_ID_MAX];
	int n;
};

static int
collect_household(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	struct found *f = ctx;

	(void)err;
	strcpy(f->ids[f->n++], h->id);
	return 0;
}

static struct found
fx_search(struct fixture *fx, const char *text)
{
	struct found f = {0};
	struct fc_error err = {0};

	assert_int_equal(
	    fc_store_search_households(fx->s.st, text, 10, collect_household, &f, &err), 0);
	return f;
}

static int
found_has(const struct found *f, const char *id)
{
	for (int i = 0; i < f->n; i++)
		if (strcmp(f->ids[i], id) == 0)
			return 1;
	return 0;
}

static void
fx_put_sample(struct fixture *fx)
{
	struct fc_error err = {0};

	assert_int_equal(fc_store_put_households(fx->s.st, sample, NSAMPLE, &err), 0);
}

static void
test_households_are_saved_read_counted_and_updated_in_place(void **state)
{
	struct fixture *fx = *state;
	struct fc_household h, changed;
	struct fc_error err = {0};
	struct found f = {0};
	int64_t n;

	fx_put_sample(fx);
	assert_int_equal(fc_store_count_households(fx->s.st, &n, &err), 0);
	assert_int_equal(n, NSAMPLE);
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-000001", &h, &err), 0);
	assert_string_equal(h.address, "新华路12号3栋2单元501室");
	assert_string_equal(h.resident, "张伟");
	assert_string_equal(h.kind, "residential");
	assert_string_equal(h.last_check, "2024-05-01");
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-999999", &h, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);

	/* An existing id is updated, and the search indexes follow the new text. */
	changed = sample[0];
	strcpy(changed.address, "胜利街1号");
	strcpy(changed.last_check, "2020-01-01"); /* older: last_check stays */
	assert_int_equal(fc_store_put_households(fx->s.st, &changed, 1, &err), 0);
	assert_int_equal(fc_store_count_households(fx->s.st, &n, &err), 0);
	assert_int_equal(n, NSAMPLE);
	assert_int_equal(fc_store_get_household(fx->s.st, "HH-000001", &h, &err), 0);
	assert_string_equal(h.address, "胜利街1号");
	assert_string_equal(h.last_check, "2024-05-01");
	f = fx_search(fx, "胜利");
	assert_int_equal(f.n, 1);
	f = fx_search(fx, "胜利街");
	assert_int_equal(f.n, 1);
	f = fx_search(fx, "新华路");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000002");
	f = fx_search(fx, "单元");
	assert_int_equal(f.n, 0);

	/* The trigram index agrees with the rows it indexes after the update. */
	{
		sqlite3 *db = NULL;

		assert_int_equal(sqlite3_open(fx->s.path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db,
					      "INSERT INTO households_tri (households_tri) "
					      "VALUES ('integrity-check')",
					      NULL, NULL, NULL),
				 SQLITE_OK);
		sqlite3_close(db);
	}
	/* Saving the same details again changes nothing. */
	assert_int_equal(fc_store_put_households(fx->s.st, &changed, 1, &err), 0);
	assert_int_equal(fx_search(fx, "胜利").n, 1);
	assert_int_equal(fx_search(fx, "胜利街1").n, 1);

	assert_int_equal(fc_store_each_household(fx->s.st, collect_household, &f, &err), 0);
	assert_int_equal(f.n, NSAMPLE);
	assert_string_equal(f.ids[0], "HH-000001");
	assert_string_equal(f.ids[NSAMPLE - 1], "HX-000001");
}

/*
 * Both search indexes agree with the rows they index, or for the contentless
 * character index, with themselves (FTS5's own check).
 */
static void
fx_indexes_intact(struct fixture *fx)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(fx->s.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO households_tri (households_tri) "
				      "VALUES ('integrity-check')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "INSERT INTO households_gram (households_gram) "
				      "VALUES ('integrity-check')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
}

static void
test_a_registry_load_indexes_once_at_its_end_and_finds_what_row_by_row_would(void **state)
{
	struct fixture *fx = *state;
	struct fc_household changed = sample[0];
	struct fc_error err = {0};
	int64_t n;

	/* Rows already on the device, indexed one by one. */
	assert_int_equal(fc_store_put_households(fx->s.st, &sample[1], 2, &err), 0);
	strcpy(changed.address, "胜利街1号");
	assert_int_equal(fc_store_put_households(fx->s.st, &changed, 1, &err), 0);
	/*
	 * Searched before the load on this connection too: the character index
	 * the load makes elsewhere and copies in must be what the next search
	 * reads, not the index this connection read last.
	 */
	assert_int_equal(fx_search(fx, "胜").n, 1);
	assert_int_equal(fx_search(fx, "李").n, 1);

	/* A snapshot: the whole sample, HH-000001 back at its registry address. */
	assert_int_equal(fc_store_households_load_begin(fx->s.st, &err), 0);
	assert_int_equal(fc_store_put_households(fx->s.st, sample, NSAMPLE, &err), 0);
	assert_int_equal(fc_store_set_setting(fx->s.st, "hh.cursor", "42", &err), 0);
	assert_int_equal(fc_store_households_load_end(fx->s.st, 1, &err), 0);
	assert_int_equal(fc_store_count_households(fx->s.st, &n, &err), 0);
	assert_int_equal(n, NSAMPLE);
	/* One, two and more characters, old rows and new, old text gone. */
	assert_true(found_has((struct found[]){fx_search(fx, "张")}, "HH-000001"));
	assert_true(found_has((struct found[]){fx_search(fx, "新华路")}, "HH-000001"));
	assert_true(found_has((struct found[]){fx_search(fx, "新华路")}, "HH-000002"));
	assert_int_equal(fx_search(fx, "胜利").n, 0);
	assert_int_equal(fx_search(fx, "胜利街").n, 0);
	assert_true(found_has((struct found[]){fx_search(fx, "Smith")}, "HX-000001"));
	assert_int_equal(fx_search(fx, "胜").n, 0);
	assert_int_equal(fx_search(fx, "张").n, 2);
	assert_int_equal(fx_search(fx, "88").n, 1);
	assert_int_equal(fx_search(fx, "新华路 伟").n, 1);
	fx_indexes_intact(fx);

	/* After the load, row-by-row saving keeps both indexes in step again. */
	assert_int_equal(fc_store_put_households(fx->s.st, &changed, 1, &err), 0);
	assert_int_equal(fx_search(fx, "胜利").n, 1);
	assert_int_equal(fx_search(fx, "胜利街1").n, 1);
	fx_indexes_intact(fx);
}

static void
test_a_registry_load_not_finished_keeps_nothing(void **state)
{
	struct fixture *fx = *state;
	struct fc_household bad[2];
	struct fc_error err = {0};
	char cursor[16];
	int64_t n;

	assert_int_equal(fc_store_households_load_begin(fx->s.st, &err), 0);
	assert_int_equal(fc_store_put_households(fx->s.st, sample, 3, &err), 0);
	assert_int_equal(fc_store_set_setting(fx->s.st, "hh.cursor", "42", &err), 0);
	memcpy(bad, &sample[3], sizeof bad);
	strcpy(bad[1].kind, "shop");
	assert_int_equal(fc_store_put_households(fx->s.st, bad, 2, &err), -1);
	assert_int_equal(fc_store_households_load_end(fx->s.st, 0, &err), 0);
	assert_int_equal(fc_store_count_households(fx->s.st, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(fc_store_get_setting(fx->s.st, "hh.cursor", cursor, sizeof cursor, &err),
			 -1);
	assert_int_equal(fx_search(fx, "新华").n, 0);
	/* And the store takes the next save as usual, indexed row by row. */
	fx_put_sample(fx);
	assert_true(found_has((struct found[]){fx_search(fx, "张")}, "HH-000001"));
	fx_indexes_intact(fx);
}

static void
test_a_bad_household_in_a_batch_saves_none_of_it(void **state)
{
	struct fixture *fx = *state;
	struct fc_household rows[3];
	struct fc_error err = {0};
	int64_t n;

	memcpy(rows, sample, sizeof rows);
	strcpy(rows[2].kind, "shop");
	assert_int_equal(fc_store_put_households(fx->s.st, rows, 3, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_string_equal(err.msg, "household HH-000003: kind 'shop' is not one of residential, "
				     "catering, business, selfbuilt, rural");
	assert_int_equal(fc_store_count_households(fx->s.st, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(fx_search(fx, "新华").n, 0);

	/* A last check that is not a date would sort wrongly in the due lists. */
	memcpy(rows, sample, sizeof rows);
	strcpy(rows[1].last_check, "2024-5-1");
	assert_int_equal(fc_store_put_households(fx->s.st, rows, 3, &err), -1);
	assert_string_equal(
	    err.msg,
	    "household HH-000002: last_check '2024-5-1' is not a date (YYYY-MM-DD, or empty)");
	assert_int_equal(fc_store_count_households(fx->s.st, &n, &err), 0);
	assert_int_equal(n, 0);
}

static void
test_search_puts_the_exact_id_first_then_id_prefixes(void **state)
{
	struct fixture *fx = *state;
	struct found f;

	fx_put_sample(fx);
	f = fx_search(fx, "HH-000001");
	assert_true(f.n >= 1);
	assert_string_equal(f.ids[0], "HH-000001");
	f = fx_search(fx, "HH-00000");
	assert_int_equal(f.n, 5);
	f = fx_search(fx, "HH-0000");
	assert_int_equal(f.n, 6);
	assert_string_equal(f.ids[5], "HH-000010");
	/* Typed in lower case. */
	f = fx_search(fx, "hh-000010");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000010");
	f = fx_search(fx, "HZ");
	assert_int_equal(f.n, 0);
}

static void
test_search_finds_chinese_fragments_of_one_two_and_more_characters(void **state)
{
	struct fixture *fx = *state;
	struct found f;

	fx_put_sample(fx);
	/* One character: 张 is in two residents' names; 巷 in one address. */
	f = fx_search(fx, "张");
	assert_int_equal(f.n, 2);
	assert_true(found_has(&f, "HH-000001"));
	assert_true(found_has(&f, "HH-000004"));
	f = fx_search(fx, "巷");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000004");
	/* Two characters ("新华" is 6 bytes): a street name, a full name. */
	f = fx_search(fx, "新华");
	assert_int_equal(f.n, 2);
	assert_true(found_has(&f, "HH-000001"));
	assert_true(found_has(&f, "HH-000002"));
	f = fx_search(fx, "王芳");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000003");
	/* Two characters that each occur but never side by side. */
	f = fx_search(fx, "华解");
	assert_int_equal(f.n, 0);
	/* Three and more. */
	f = fx_search(fx, "解放街");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000003");
	f = fx_search(fx, "2单元501");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000001");
	f = fx_search(fx, "张秀英");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000004");
	f = fx_search(fx, "石门村三组");
	assert_int_equal(f.n, 1);
	f = fx_search(fx, "新华街");
	assert_int_equal(f.n, 0);
}

static void
test_search_finds_phone_fragments_latin_text_and_several_words(void **state)
{
	struct fixture *fx = *state;
	struct found f;

	fx_put_sample(fx);
	f = fx_search(fx, "5556");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000005");
	f = fx_search(fx, "139");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000002");
	f = fx_search(fx, "88"); /* two digits: a house number or a phone */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000010");
	f = fx_search(fx, "harbour");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HX-000001");
	/* Every word must match, in any field: a street and a surname. */
	f = fx_search(fx, "新华路 张");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000001");
	f = fx_search(fx, "新华路 王"); /* the street exists, nobody called 王 lives there */
	assert_int_equal(f.n, 0);
	f = fx_search(fx, "王 解放街");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000003");
	f = fx_search(fx, "新华路12 伟"); /* pairs 新华 华路 路1 12, then checked */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000001");
	f = fx_search(fx, "张 城");
	assert_int_equal(f.n, 0);
	f = fx_search(fx, "新华　李"); /* an ideographic space between */
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000002");
	/* Quotes and FTS5 syntax in the text are only text. */
	f = fx_search(fx, "\"新华 OR *");
	assert_int_equal(f.n, 0);
	f = fx_search(fx, "-张"); /* punctuation in a short word is dropped */
	assert_int_equal(f.n, 2);
	f = fx_search(fx, "   ");
	assert_int_equal(f.n, 0);
}

/* Digits alone or two together: each row checked, as the character index no longer holds them. */
static void
test_search_finds_short_digit_words_by_checking_each_row(void **state)
{
	struct fixture *fx = *state;
	struct found f = {0};
	struct fc_error err = {0};
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;

	fx_put_sample(fx);
	/* 7 is in four phones and one address, never in HH-000005's or HH-000010's. */
	f = fx_search(fx, "7");
	assert_int_equal(f.n, 5);
	assert_string_equal(f.ids[0], "HH-000001");
	assert_string_equal(f.ids[2], "HH-000003"); /* 解放街7号: the address */
	assert_string_equal(f.ids[4], "HX-000001");
	assert_int_equal(fx_search(fx, "-7").n, 5); /* punctuation dropped, as before */
	f = fx_search(fx, "00");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.ids[0], "HH-000010");
	assert_string_equal(f.ids[1], "HX-000001");
	/* The first page only, in the registry's order. */
	memset(&f, 0, sizeof f);
	assert_int_equal(fc_store_search_households(fx->s.st, "7", 2, collect_household, &f, &err),
			 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.ids[1], "HH-000002");
	/* Every word still counts: two digit words, one beside a name, one beside a long word. */
	f = fx_search(fx, "7 8");
	assert_int_equal(f.n, 2);
	assert_true(found_has(&f, "HH-000001") && found_has(&f, "HH-000002"));
	f = fx_search(fx, "12 伟");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000001");
	assert_int_equal(fx_search(fx, "88 伟").n, 0);
	f = fx_search(fx, "5556 66");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000005");
	assert_int_equal(fx_search(fx, "5556 77").n, 0);
	assert_int_equal(fx_search(fx, "新华路 88").n, 0);
	assert_int_equal(fx_search(fx, "建设路 88").n, 1);
	/* And the character index holds no such word. */
	assert_int_equal(sqlite3_open(fx->s.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT count(*) FROM households_gram "
					    "WHERE households_gram MATCH '88 OR 7 OR 00'",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/* Run sql on the store's file from a second connection; 0 or the SQLite code. */
static int
fx_sql(struct fixture *fx, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	assert_int_equal(sqlite3_open(fx->s.path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/*
 * A store whose character index still holds the digits it was given before
 * they were left out: found the same, and updated without harm.
 */
static void
test_a_character_index_with_digits_from_before_still_finds_and_updates(void **state)
{
	struct fixture *fx = *state;
	struct fc_household moved = sample[5]; /* HH-000010, 建设路88号 */
	struct fc_error err = {0};
	struct found f;

	fx_put_sample(fx);
	/* HH-000010's words exactly as the earlier version wrote them. */
	assert_int_equal(fx_sql(fx,
				"INSERT INTO households_gram (households_gram, rowid, grams) "
				"SELECT 'delete', rid, '建 建设 设 设路 路 路8 8号 号 陈 陈静 静 ' "
				"FROM households WHERE id = 'HH-000010';"
				"INSERT INTO households_gram (rowid, grams) "
				"SELECT rid, '建 建设 设 设路 路 路8 8 88 8 8号 号 陈 陈静 静 "
				"1 13 3 36 6 60 0 00 0 00 0 00 0 01 1 11 1 11 1 11 1 ' "
				"FROM households WHERE id = 'HH-000010'"),
			 SQLITE_OK);
	f = fx_search(fx, "88");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.ids[0], "HH-000010");
	assert_int_equal(fx_search(fx, "建设路 88").n, 1);
	/* Moved: its old words are taken back as this version makes them, digits left behind. */
	strcpy(moved.address, "建设路9号");
	strcpy(moved.phone, "13922220000");
	assert_int_equal(fc_store_put_households(fx->s.st, &moved, 1, &err), 0);
	assert_int_equal(fx_search(fx, "88").n, 0);
	assert_int_equal(fx_search(fx, "建设路 88").n, 0);
	assert_int_equal(fx_search(fx, "陈静").n, 1);
	f = fx_search(fx, "9");
	assert_true(found_has(&f, "HH-000010"));
	assert_int_equal(fx_search(fx, "设路8").n, 0);
	assert_int_equal(fx_search(fx, "设路9").n, 1);
	fx_indexes_intact(fx);
}

static int
stop_at_first(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	(void)h;
	(void)err;
	(*(int *)ctx)++;
	return 1;
}

static void
test_search_stops_at_the_limit_or_when_the_caller_has_enough(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct found f = {0};
	int calls = 0;

	fx_put_sample(fx);
	assert_int_equal(fc_store_search_households(fx->s.st, "1", 3, collect_household, &f, &err),
			 0);
	assert_int_equal(f.n, 3);
	assert_int_equal(
	    fc_store_search_households(fx->s.st, "HH", 10, stop_at_first, &calls, &err), 0);
	assert_int_equal(calls, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_opening_prepares_every_statement_against_a_fresh_schema, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_file_that_is_not_a_store_is_refused_with_its_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_identity_is_set_once_and_read_back, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_records_round_trip_byte_for_byte_and_chain_by_hash,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_record_is_found_by_a_unique_id_prefix_and_not_by_an_ambiguous_one, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_each_record_follows_the_filter_and_stops_when_asked, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_synced_marks_cover_the_records_up_to_the_acknowledged_seq, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_each_record_passes_back_the_callbacks_error, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_record_added_inside_a_transaction_is_undone_by_its_rollback, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_a_bad_draft_stores_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_store_locked_by_another_writer_says_so_in_our_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_settings_are_saved_replaced_and_missing_ones_are_not_found, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_drafts_are_saved_listed_loaded_and_deleted, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_households_are_saved_read_counted_and_updated_in_place, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_registry_load_indexes_once_at_its_end_and_finds_what_row_by_row_would, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_a_registry_load_not_finished_keeps_nothing, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_a_bad_household_in_a_batch_saves_none_of_it, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_search_puts_the_exact_id_first_then_id_prefixes,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_search_finds_chinese_fragments_of_one_two_and_more_characters, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_search_finds_phone_fragments_latin_text_and_several_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_search_finds_short_digit_words_by_checking_each_row, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_character_index_with_digits_from_before_still_finds_and_updates, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_search_stops_at_the_limit_or_when_the_caller_has_enough, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
