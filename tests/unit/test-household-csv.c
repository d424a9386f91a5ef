/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-household-csv.c: the registry CSV is read as RFC 4180 (quoted commas,
 * quotes and line breaks, CRLF, a byte-order mark), and a bad file is refused
 * whole with the physical line of the bad row named, leaving the store as it
 * was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/household-csv.h"
#include "core/store.h"
#include "support.h"

#define HEADER "id,district,address,resident,phone,kind,last_check\n"

struct fixture {
	char dir[64];
	char csv[128];
	struct fc_store *st;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};
	char path[128];

	assert_non_null(fx);
	strcpy(fx->dir, "/tmp/fc-test-csv-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(path, sizeof path, "%s/store.db", fx->dir);
	snprintf(fx->csv, sizeof fx->csv, "%s/households.csv", fx->dir);
	assert_int_equal(fc_store_open(path, &fx->st, &err), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fc_store_close(fx->st);
	assert_int_equal(fc_test_rmtree(fx->dir), 0);
	free(fx);
	return 0;
}

/* Parse text as "households.csv"; returns 0/-1 and leaves the message in err. */
static int
parse(const char *text, struct fc_household **rows, size_t *count, struct fc_error *err)
{
	return fc_household_csv_parse("households.csv", text, strlen(text), rows, count, err);
}

/* text must be refused with exactly msg. */
static void
assert_refused(const char *text, const char *msg)
{
	struct fc_household *rows = NULL;
	struct fc_error err = {0};
	size_t count = 99;

	assert_int_equal(parse(text, &rows, &count, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_string_equal(err.msg, msg);
	assert_null(rows);
	assert_int_equal(count, 0);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static void
test_a_plain_file_gives_every_row_in_order(void **state)
{
	struct fc_household *rows = NULL;
	struct fc_error err = {0};
	size_t count = 0;

	(void)state;
	assert_int_equal(parse(HEADER "HH-000001,新华区,新华路12号,张伟,13812345678,residential,"
				      "2024-05-01\n"
				      "HH-000002,城关镇,石门村三组,李娜,,rural,\n",
			       &rows, &count, &err),
			 0);
	assert_int_equal(count, 2);
	assert_string_equal(rows[0].id, "HH-000001");
	assert_string_equal(rows[0].district, "新华区");
	assert_string_equal(rows[0].address, "新华路12号");
	assert_string_equal(rows[0].resident, "张伟");
	assert_string_equal(rows[0].phone, "13812345678");
	assert_string_equal(rows[0].kind, "residential");
	assert_string_equal(rows[0].last_check, "2024-05-01");
	assert_string_equal(rows[1].phone, "");
	assert_string_equal(rows[1].last_check, ""); /* never checked */
	free(rows);
}

static void
test_quotes_crlf_and_a_byte_order_mark_are_read_as_rfc_4180(void **state)
{
	struct fc_household *rows = NULL;
	struct fc_error err = {0};
	size_t count = 0;

	(void)state;
	assert_int_equal(
	    parse("\xEF\xBB\xBF"
		  "id,district,address,resident,phone,kind,last_check\r\n"
		  "HH-1,新华区,\"新华路12号, 3栋\",\"张 \"\"老三\"\"\",138,catering,2024-02-29\r\n"
		  "HH-2,新华区,\"建设路8号\r\n后院平房\",王芳,139,selfbuilt,\r\n"
		  "HH-3,新华区,解放街,刘强,137,business,2023-12-31", /* no final line end */
		  &rows, &count, &err),
	    0);
	assert_int_equal(count, 3);
	assert_string_equal(rows[0].address, "新华路12号, 3栋");
	assert_string_equal(rows[0].resident, "张 \"老三\"");
	assert_string_equal(rows[0].last_check, "2024-02-29"); /* a leap day */
	assert_string_equal(rows[1].address, "建设路8号\r\n后院平房");
	assert_string_equal(rows[1].kind, "selfbuilt");
	assert_string_equal(rows[2].id, "HH-3");
	assert_string_equal(rows[2].last_check, "2023-12-31");
	free(rows);
}

static void
test_an_unknown_kind_is_refused_naming_the_line(void **state)
{
	(void)state;
	assert_refused(
	    HEADER "HH-1,新华区,a,b,1,residential,\n"
		   "HH-2,新华区,a,b,1,residential,\n"
		   "HH-3,新华区,a,b,1,residential,\n"
		   "HH-4,新华区,a,b,1,residential,\n"
		   "HH-5,新华区,a,b,1,residential,\n"
		   "HH-6,新华区,a,b,1,shop,\n",
	    "households.csv:7: kind 'shop' is not one of residential, catering, business, "
	    "selfbuilt, rural");
}

static void
test_line_numbers_count_line_breaks_inside_quotes_and_blank_lines(void **state)
{
	(void)state;
	/* Record 1 spans lines 2-4; a blank line 5; the bad record starts on line 6. */
	assert_refused(
	    HEADER "HH-1,新华区,\"一\n二\n三\",b,1,rural,\n"
		   "\n"
		   "HH-2,新华区,a,b,1,farm,\n",
	    "households.csv:6: kind 'farm' is not one of residential, catering, business, "
	    "selfbuilt, rural");
	/* A bad record that itself spans lines is named by its first line. */
	assert_refused(
	    HEADER "HH-1,新华区,a,b,1,rural,\r\n"
		   "HH-2,新华区,\"a\r\nb\",b,1,rural,2024-02-30\r\n",
	    "households.csv:3: last_check '2024-02-30' is not a date (YYYY-MM-DD, or empty)");
}

static void
test_dates_must_be_real_calendar_days(void **state)
{
	(void)state;
	assert_refused(
	    HEADER "HH-1,d,a,r,p,rural,2023-02-29\n",
	    "households.csv:2: last_check '2023-02-29' is not a date (YYYY-MM-DD, or empty)");
	assert_refused(
	    HEADER "HH-1,d,a,r,p,rural,2024-13-01\n",
	    "households.csv:2: last_check '2024-13-01' is not a date (YYYY-MM-DD, or empty)");
	assert_refused(
	    HEADER "HH-1,d,a,r,p,rural,2024/01/01\n",
	    "households.csv:2: last_check '2024/01/01' is not a date (YYYY-MM-DD, or empty)");
	assert_refused(
	    HEADER "HH-1,d,a,r,p,rural,2024-4-1\n",
	    "households.csv:2: last_check '2024-4-1' is not a date (YYYY-MM-DD, or empty)");
	assert_refused(
	    HEADER "HH-1,d,a,r,p,rural,1900-02-29\n",
	    "households.csv:2: last_check '1900-02-29' is not a date (YYYY-MM-DD, or empty)");
}

static void
test_a_duplicate_id_names_both_lines(void **state)
{
	(void)state;
	assert_refused(HEADER "HH-1,d,a,r,p,rural,\n"
			      "HH-2,d,a,r,p,rural,\n"
			      "HH-1,d,a,r,p,rural,\n",
		       "households.csv:4: id 'HH-1' is already on line 2");
}

static void
test_a_duplicate_is_found_among_many_rows(void **state)
{
	char *text = malloc(64 * 5000 + 256);
	size_t len;

	(void)state;
	assert_non_null(text);
	len = (size_t)sprintf(text, HEADER);
	for (int i = 0; i < 5000; i++)
		len += (size_t)sprintf(text + len, "HH-%06d,d,a,r,p,rural,\n", i);
	sprintf(text + len, "HH-%06d,d,a,r,p,rural,\n", 1234);
	assert_refused(text, "households.csv:5002: id 'HH-001234' is already on line 1236");
	free(text);
}

static void
test_a_wrong_column_count_is_refused(void **state)
{
	(void)state;
	assert_refused(HEADER "HH-1,d,a,r,p,rural,\n"
			      "HH-2,d,a,r,rural,\n",
		       "households.csv:3: 6 columns, expected 7");
	assert_refused(HEADER "HH-1,d,\"a,b\",r,p,rural,,extra\n",
		       "households.csv:2: 8 columns, expected 7");
}

static void
test_invalid_utf8_is_refused_naming_the_column(void **state)
{
	(void)state;
	/* GBK bytes for 新华, as an old spreadsheet might save them. */
	assert_refused(HEADER "HH-1,d,\xD0\xC2\xBB\xAA,r,p,rural,\n",
		       "households.csv:2: address is not valid UTF-8");
	/* Half of a three-byte character. */
	assert_refused(HEADER "HH-1,d,a,\xE5\xBC,p,rural,\n",
		       "households.csv:2: resident is not valid UTF-8");
}

static void
test_an_empty_id_is_refused(void **state)
{
	(void)state;
	assert_refused(HEADER "HH-1,d,a,r,p,rural,\n"
			      ",d,a,r,p,rural,\n",
		       "households.csv:3: id is empty");
}

static void
test_an_id_with_blanks_around_or_control_characters_is_refused(void **state)
{
	(void)state;
	/* libcsv drops blanks around a field unless it is quoted. */
	assert_refused(HEADER "HH-1,d,a,r,p,rural,\n"
			      "\"HH-1 \",d,a,r,p,rural,\n",
		       "households.csv:3: id 'HH-1 ' begins or ends with a space; write it "
		       "without, or it names another household");
	assert_refused(HEADER "\"\xE3\x80\x80HH-2\",d,a,r,p,rural,\n",
		       "households.csv:2: id '\xE3\x80\x80HH-2' begins or ends with a space; "
		       "write it without, or it names another household");
	assert_refused(HEADER "\"HH\t3\",d,a,r,p,rural,\n",
		       "households.csv:2: the id holds a control character (a tab, line break "
		       "or escape); write it without");
	assert_refused(HEADER "\"HH\n4\",d,a,r,p,rural,\n",
		       "households.csv:2: the id holds a control character (a tab, line break "
		       "or escape); write it without");
	/* Inside an id a space is kept: some registries' ids have one. */
	struct fc_household *rows = NULL;
	struct fc_error err = {0};
	size_t count = 0;
	assert_int_equal(parse(HEADER "HH 5,d,a,r,p,rural,\n", &rows, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_string_equal(rows[0].id, "HH 5");
	free(rows);
}

static void
test_the_header_is_required_exactly(void **state)
{
	(void)state;
	assert_refused("HH-1,d,a,r,p,rural,\n",
		       "households.csv:1: the first line must be the header "
		       "id,district,address,resident,phone,kind,last_check");
	assert_refused("id,district,address,name,phone,kind,last_check\n",
		       "households.csv:1: the first line must be the header "
		       "id,district,address,resident,phone,kind,last_check");
	assert_refused("", "households.csv: the file is empty; the first line must be the header "
			   "id,district,address,resident,phone,kind,last_check");
}

static void
test_broken_quoting_is_refused(void **state)
{
	(void)state;
	assert_refused(
	    HEADER "HH-1,d,\"a\"b,r,p,rural,\n",
	    "households.csv:2: a quote inside a field that is not quoted, or text after a "
	    "closing quote (write a quote in a quoted field as \"\")");
	assert_refused(HEADER "HH-1,d,a,r,p,rural,\n"
			      "HH-2,d,\"never closed,r,p,rural,\n"
			      "HH-3,d,a,r,p,rural,\n",
		       "households.csv:3: a quoted field is never closed");
}

static void
test_a_field_too_long_for_the_registry_is_refused(void **state)
{
	char text[512];

	(void)state;
	snprintf(text, sizeof text, HEADER "HH-1,d,a,r,%040d,rural,\n", 1);
	assert_refused(text, "households.csv:2: phone is longer than 31 bytes");
}

static void
test_importing_a_good_file_saves_every_row_and_updates_existing_ones(void **state)
{
	struct fixture *fx = *state;
	struct fc_household h;
	struct fc_error err = {0};
	size_t count = 0;
	int64_t n;

	write_file(fx->csv, HEADER "HH-1,新华区,新华路1号,张伟,138,residential,2024-01-01\n"
				   "HH-2,新华区,新华路2号,李娜,139,catering,\n");
	assert_int_equal(fc_household_csv_import(fx->st, fx->csv, &count, &err), 0);
	assert_int_equal(count, 2);
	write_file(fx->csv, HEADER "HH-2,新华区,胜利街2号,李娜,139,catering,2025-01-01\n"
				   "HH-3,新华区,新华路3号,王芳,137,rural,\n");
	assert_int_equal(fc_household_csv_import(fx->st, fx->csv, &count, &err), 0);
	assert_int_equal(fc_store_count_households(fx->st, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(fc_store_get_household(fx->st, "HH-2", &h, &err), 0);
	assert_string_equal(h.address, "胜利街2号");
	assert_string_equal(h.last_check, "2025-01-01");
}

static void
test_importing_a_bad_file_saves_nothing_at_all(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char msg[256];
	int64_t n;

	/* Ninety-nine good rows, then a bad one. */
	FILE *f = fopen(fx->csv, "w");
	assert_non_null(f);
	fputs(HEADER, f);
	for (int i = 1; i < 100; i++)
		fprintf(f, "HH-%03d,新华区,新华路%d号,张伟,138,residential,\n", i, i);
	fputs("HH-100,新华区,新华路100号,张伟,138,shop,\n", f);
	fclose(f);
	assert_int_equal(fc_household_csv_import(fx->st, fx->csv, NULL, &err), -1);
	snprintf(
	    msg, sizeof msg,
	    "%s:101: kind 'shop' is not one of residential, catering, business, selfbuilt, rural",
	    fx->csv);
	assert_string_equal(err.msg, msg);
	assert_int_equal(fc_store_count_households(fx->st, &n, &err), 0);
	assert_int_equal(n, 0);
}

static void
test_a_missing_file_is_not_found(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	char msg[256];

	assert_int_equal(fc_household_csv_import(fx->st, fx->csv, NULL, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	snprintf(msg, sizeof msg, "%s: No such file or directory", fx->csv);
	assert_string_equal(err.msg, msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_plain_file_gives_every_row_in_order),
	    cmocka_unit_test(test_quotes_crlf_and_a_byte_order_mark_are_read_as_rfc_4180),
	    cmocka_unit_test(test_an_unknown_kind_is_refused_naming_the_line),
	    cmocka_unit_test(test_line_numbers_count_line_breaks_inside_quotes_and_blank_lines),
	    cmocka_unit_test(test_dates_must_be_real_calendar_days),
	    cmocka_unit_test(test_a_duplicate_id_names_both_lines),
	    cmocka_unit_test(test_a_duplicate_is_found_among_many_rows),
	    cmocka_unit_test(test_a_wrong_column_count_is_refused),
	    cmocka_unit_test(test_invalid_utf8_is_refused_naming_the_column),
	    cmocka_unit_test(test_an_empty_id_is_refused),
	    cmocka_unit_test(test_the_header_is_required_exactly),
	    cmocka_unit_test(test_broken_quoting_is_refused),
	    cmocka_unit_test(test_a_field_too_long_for_the_registry_is_refused),
	    cmocka_unit_test_setup_teardown(
		test_importing_a_good_file_saves_every_row_and_updates_existing_ones, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_importing_a_bad_file_saves_nothing_at_all, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_a_missing_file_is_not_found, setup, teardown),
	    cmocka_unit_test(test_an_id_with_blanks_around_or_control_characters_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
