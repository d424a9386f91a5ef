/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sync/snapshot.c against jansson, on the answers a real server gives: a
 * fieldcheck server in this process on 127.0.0.1 answers GET
 * /v1/households?snapshot=1 for a registry, and the reader without a JSON
 * tree must give exactly the rows, cursor and "more" the parse gives, or
 * hand the answer to the parse (1) when a field needs an escape or does not
 * fit a row. A broken answer is never half-read as if it were whole.
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

#include "server/server.h"
#include "server/store/store.h"
#include "sync/client.h"
#include "sync/routes.h"
#include "sync/snapshot.h"
#include "support.h"

#define ROWS_MAX 8

struct fixture {
	char dir[64];
	unsigned char pk[FC_PK_BYTES], sk[FC_SK_BYTES];
	struct fc_key key;
	struct fc_server *srv;
	struct fc_client *c;
	FILE *log;
};

struct rows {
	struct fc_household h[ROWS_MAX];
	size_t n;
	int fail_at; /* the callback fails on this row (1-based); 0 never */
};

static int
collect(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	struct rows *r = ctx;

	if (r->n >= ROWS_MAX || (r->fail_at > 0 && (int)r->n + 1 == r->fail_at))
		return fc_error_set(err, FC_E_INVALID, "stop at %s", h->id);
	r->h[r->n++] = *h;
	return 0;
}

static struct fc_household
hh(const char *id, const char *address, const char *resident)
{
	struct fc_household h = {0};

	snprintf(h.id, sizeof h.id, "%s", id);
	snprintf(h.district, sizeof h.district, "D1");
	snprintf(h.address, sizeof h.address, "%s", address);
	snprintf(h.resident, sizeof h.resident, "%s", resident);
	snprintf(h.phone, sizeof h.phone, "13800000001");
	snprintf(h.kind, sizeof h.kind, "residential");
	return h;
}

/* A server whose registry holds rows[0..n), and a client enrolled for D1. */
static int
setup_with(struct fixture **out, const struct fc_household *rows, size_t n)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct fc_sinspector in = {
	    .id = "I1", .name = "王芳", .district = "D1", .role = FC_ROLE_INSPECTOR};
	struct fc_server_config cfg = {0};
	struct fc_sync_options opt = {0};
	struct fc_error err = {0};
	struct fc_sstore *st = NULL;
	char db[128], url[64];

	assert_non_null(f);
	assert_int_equal(fc_sign_init(&err), 0);
	snprintf(f->dir, sizeof f->dir, "/tmp/fc-test-snapshot.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(db, sizeof db, "%s/server.db", f->dir);
	crypto_sign_keypair(f->pk, f->sk);
	f->key.id = (struct fc_identity){.inspector = "I1", .name = "王芳", .device = "5e1f00d2"};
	memcpy(f->key.id.pk, f->pk, FC_PK_BYTES);
	f->key.sk = f->sk;
	assert_int_equal(fc_sstore_open(db, &st, &err), 0);
	assert_int_equal(fc_sstore_put_inspector(st, &in, 1700000000, &err), 0);
	assert_int_equal(fc_sstore_add_device(st, "5e1f00d2", "I1", f->pk, 1700000000, &err), 0);
	assert_int_equal(fc_sstore_begin(st, &err), 0);
	assert_int_equal(fc_sstore_put_households(st, rows, n, &err), 0);
	assert_int_equal(fc_sstore_commit(st, &err), 0);
	fc_sstore_close(st);
	f->log = fopen("/dev/null", "w");
	cfg.db_path = db;
	cfg.listen = "127.0.0.1:0";
	cfg.log = f->log;
	assert_int_equal(fc_server_start(&cfg, &f->srv, &err), 0);
	snprintf(url, sizeof url, "http://127.0.0.1:%u", fc_server_port(f->srv));
	opt.url = url;
	assert_int_equal(fc_client_open(&opt, &f->key, &f->c, &err), 0);
	*out = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	fc_client_close(f->c);
	fc_server_stop(f->srv);
	fclose(f->log);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* The server's snapshot answer for D1, as received. */
static const char *
snapshot(struct fixture *f, size_t *len)
{
	const char *q[] = {"since", "0", "snapshot", "1", NULL};
	struct fc_error err = {0};
	long status = 0;

	assert_int_equal(fc_client_request(f->c, fc_routes[FC_ROUTE_HOUSEHOLDS].method,
					   fc_routes[FC_ROUTE_HOUSEHOLDS].path, q, NULL, 0, NULL,
					   &status, NULL, &err),
			 0);
	assert_int_equal(status, 200);
	return fc_client_answer(f->c, len);
}

/* Row i of the parsed answer equals h, field by field. */
static void
assert_same_row(json_t *a, size_t i, const struct fc_household *h)
{
	const char *want[] = {h->id,	h->district, h->address,   h->resident,
			      h->phone, h->kind,     h->last_check};
	json_t *row = json_array_get(json_object_get(a, "rows"), i);

	assert_int_equal(json_array_size(row), 7);
	for (size_t k = 0; k < 7; k++)
		assert_string_equal(json_string_value(json_array_get(row, k)), want[k]);
}

static void
test_the_reader_gives_the_rows_the_parse_gives(void **state)
{
	struct fc_household in[] = {hh("H1", "新华路1号", "王芳"),
				    hh("H2", "人民路3号, 2单元", "李强"), hh("H3", "和平街", "")};
	struct fixture *f;
	struct rows got = {0};
	struct fc_error err = {0};
	int64_t cursor = -1;
	int more = -1;
	size_t len, n = 0;

	snprintf(in[1].last_check, sizeof in[1].last_check, "2020-05-01");
	setup_with(&f, in, 3);
	*state = f;
	const char *text = snapshot(f, &len);
	json_t *a = json_loadb(text, len, 0, NULL);

	assert_non_null(a);
	assert_int_equal(fc_snapshot_read(text, len, collect, &got, &cursor, &more, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(got.n, json_array_size(json_object_get(a, "rows")));
	for (size_t i = 0; i < got.n; i++)
		assert_same_row(a, i, &got.h[i]);
	assert_string_equal(got.h[1].address, "人民路3号, 2单元");
	assert_string_equal(got.h[1].last_check, "2020-05-01");
	assert_int_equal(cursor, json_integer_value(json_object_get(a, "cursor")));
	assert_true(cursor > 0);
	assert_int_equal(more, json_is_true(json_object_get(a, "more")));
	json_decref(a);
}

static void
test_a_field_with_an_escape_goes_to_the_parse(void **state)
{
	struct fc_household in[] = {hh("H1", "新华路1号", "王芳"),
				    hh("H2", "\"老\"街\\2号", "李强")};
	struct fixture *f;
	struct rows got = {0};
	struct fc_error err = {0};
	int64_t cursor;
	int more;
	size_t len, n;

	setup_with(&f, in, 2);
	*state = f;
	const char *text = snapshot(f, &len);
	json_t *a = json_loadb(text, len, 0, NULL);

	assert_non_null(a);
	assert_string_equal(
	    json_string_value(json_array_get(json_array_get(json_object_get(a, "rows"), 1), 2)),
	    "\"老\"街\\2号");
	assert_int_equal(fc_snapshot_read(text, len, collect, &got, &cursor, &more, &n, &err), 1);
	json_decref(a);
}

static void
test_an_answer_in_another_form_goes_to_the_parse(void **state)
{
	struct fc_household in[] = {hh("H1", "新华路1号", "王芳")};
	struct fixture *f;
	struct rows got = {0};
	struct fc_error err = {0};
	int64_t cursor;
	int more;
	size_t len, n;
	char *copy;

	setup_with(&f, in, 1);
	*state = f;
	const char *text = snapshot(f, &len);
	copy = malloc(len + 8);
	assert_non_null(copy);
	/* Cut short, or with anything after its end: not the whole answer. */
	assert_int_equal(fc_snapshot_read(text, len - 1, collect, &got, &cursor, &more, &n, &err),
			 1);
	memcpy(copy, text, len);
	memcpy(copy + len, " ", 1);
	assert_int_equal(fc_snapshot_read(copy, len + 1, collect, &got, &cursor, &more, &n, &err),
			 1);
	/* Fields in another order: rows would land in the wrong columns. */
	memcpy(copy, text, len);
	char *id = strstr(copy, "[\"id\",\"district\"");
	assert_non_null(id);
	memcpy(id, "[\"district\",\"id\"", strlen("[\"district\",\"id\""));
	assert_int_equal(fc_snapshot_read(copy, len, collect, &got, &cursor, &more, &n, &err), 1);
	/* Bytes that are not UTF-8, which jansson refuses too. */
	memcpy(copy, text, len);
	char *addr = strstr(copy, "新华路");
	assert_non_null(addr);
	addr[0] = (char)0xFF;
	assert_int_equal(fc_snapshot_read(copy, len, collect, &got, &cursor, &more, &n, &err), 1);
	free(copy);
}

static void
test_a_failing_store_stops_the_read_with_its_error(void **state)
{
	struct fc_household in[] = {hh("H1", "a", "b"), hh("H2", "c", "d"), hh("H3", "e", "f")};
	struct fixture *f;
	struct rows got = {.fail_at = 2};
	struct fc_error err = {0};
	int64_t cursor;
	int more;
	size_t len, n;

	setup_with(&f, in, 3);
	*state = f;
	const char *text = snapshot(f, &len);
	assert_int_equal(fc_snapshot_read(text, len, collect, &got, &cursor, &more, &n, &err), -1);
	assert_string_equal(err.msg, "stop at H2");
	assert_int_equal(got.n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_the_reader_gives_the_rows_the_parse_gives, teardown),
	    cmocka_unit_test_teardown(test_a_field_with_an_escape_goes_to_the_parse, teardown),
	    cmocka_unit_test_teardown(test_an_answer_in_another_form_goes_to_the_parse, teardown),
	    cmocka_unit_test_teardown(test_a_failing_store_stops_the_read_with_its_error, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
