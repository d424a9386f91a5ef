/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-ledger-pack.c: a ledger entry packed as text (core/ledger-pack.c)
 * reads back field for field, notes with any byte included; text of another
 * version, cut short, with a field too long or with bytes left over is
 * refused, so the store parses the record's body instead.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ledger.h"

static void
fill(struct fc_ledger_entry *e)
{
	memset(e, 0, sizeof *e);
	strcpy(e->id, "a1b2c3d4-000007");
	strcpy(e->type, "followup");
	strcpy(e->kind, "visit");
	strcpy(e->inspector, "I-0042");
	strcpy(e->household, "HH-1");
	strcpy(e->programme, "gas");
	strcpy(e->time, "2026-03-01T08:00:00Z");
	strcpy(e->date, "2026-03-01");
	strcpy(e->outcome, "done");
	strcpy(e->grade, "B");
	strcpy(e->follows, "a1b2c3d4-000003");
	e->hazards = calloc(2, sizeof *e->hazards);
	e->n_hazards = 2;
	strcpy(e->hazards[0].item, "hose");
	strcpy(e->hazards[0].severity, "major");
	strcpy(e->hazards[0].note, "软管老化 12:3:x\x1f\n");
	strcpy(e->hazards[1].item, "valve");
	strcpy(e->hazards[1].rule, "r-7");
	e->results = calloc(1, sizeof *e->results);
	e->n_results = 1;
	strcpy(e->results[0].item, "hose");
	e->results[0].rectified = 1;
	strcpy(e->results[0].deadline, "2026-04-01");
}

static void
same(const struct fc_ledger_entry *a, const struct fc_ledger_entry *b)
{
	struct fc_ledger_entry x = *a, y = *b;

	x.hazards = y.hazards = NULL;
	x.results = y.results = NULL;
	assert_memory_equal(&x, &y, sizeof x);
	assert_int_equal(a->n_hazards, b->n_hazards);
	assert_int_equal(a->n_results, b->n_results);
	assert_memory_equal(a->hazards, b->hazards, a->n_hazards * sizeof *a->hazards);
	assert_memory_equal(a->results, b->results, a->n_results * sizeof *a->results);
}

static void
test_reads_back(void **state)
{
	struct fc_ledger_entry e, back, none = {0};
	struct fc_buf b = FC_BUF_INIT;
	struct fc_error err = {0};

	(void)state;
	fill(&e);
	assert_int_equal(fc_ledger_entry_pack(&e, &b, &err), 0);
	assert_int_equal(fc_ledger_entry_unpack(b.buf, b.len, &back, &err), 0);
	same(&e, &back);
	fc_ledger_entry_release(&back);
	fc_buf_reset(&b);
	/* An entry with no hazards or results. */
	strcpy(none.id, "x");
	assert_int_equal(fc_ledger_entry_pack(&none, &b, &err), 0);
	assert_int_equal(fc_ledger_entry_unpack(b.buf, b.len, &back, &err), 0);
	same(&none, &back);
	fc_ledger_entry_release(&back);
	fc_ledger_entry_release(&e);
	fc_buf_release(&b);
}

static void
test_refuses_what_does_not_fit(void **state)
{
	struct fc_ledger_entry e, back;
	struct fc_buf b = FC_BUF_INIT;
	struct fc_error err = {0};
	char *t;

	(void)state;
	fill(&e);
	assert_int_equal(fc_ledger_entry_pack(&e, &b, &err), 0);
	/* Cut short, one byte left over, another version. */
	for (size_t cut = 0; cut < b.len; cut += 7)
		assert_int_equal(fc_ledger_entry_unpack(b.buf, cut, &back, &err), -1);
	t = malloc(b.len + 2);
	memcpy(t, b.buf, b.len);
	t[b.len] = 'x';
	assert_int_equal(fc_ledger_entry_unpack(t, b.len + 1, &back, &err), -1);
	t[1] = '9';
	assert_int_equal(fc_ledger_entry_unpack(t, b.len, &back, &err), -1);
	free(t);
	/* A field longer than the entry holds (type is 16 bytes). */
	fc_buf_reset(&b);
	fc_buf_adds(&b, FC_LEDGER_PACK_VERSION "1:x20:aaaaaaaaaaaaaaaaaaaa", &err);
	assert_int_equal(fc_ledger_entry_unpack(b.buf, b.len, &back, &err), -1);
	assert_null(back.hazards);
	fc_ledger_entry_release(&e);
	fc_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reads_back),
	    cmocka_unit_test(test_refuses_what_does_not_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
