/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/utf8.c: text is UTF-8 bytes inside and columns on screen. These pin
 * the arithmetic: "户主" is 6 bytes and 4 columns; a cut never splits a
 * character; invalid input is named by offset and never drawn raw.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/utf8.h"

static void
test_chinese_characters_take_two_columns_and_three_bytes(void **state)
{
	(void)state;
	/* 户主: 2 characters x 3 bytes = 6 bytes; 2 x 2 columns = 4 columns. */
	assert_int_equal(strlen("户主"), 6);
	assert_int_equal(fc_utf8_cols("户主"), 4);
	assert_int_equal(fc_utf8_count("户主"), 2);
	/* "新华路12号": 3 wide (6) + 2 digits (2) + 1 wide (2) = 10 columns. */
	assert_int_equal(fc_utf8_cols("新华路12号"), 10);
}

static void
test_fit_never_splits_a_wide_character(void **state)
{
	size_t cols = 0;

	(void)state;
	/* 5 columns hold 新华 (4) but not 路 (would be 6). */
	assert_int_equal(fc_utf8_fit("新华路", 5, &cols), 6);
	assert_int_equal(cols, 4);
	assert_int_equal(fc_utf8_fit("新华路", 6, &cols), 9);
	assert_int_equal(cols, 6);
	assert_int_equal(fc_utf8_fit("ab新", 3, &cols), 2);
}

static void
test_pad_cuts_with_an_ellipsis_that_counts_toward_the_width(void **state)
{
	char out[64];

	(void)state;
	/* 7 columns for 新华路十二号 (12): room 6 = 新华路, then … = 7 columns. */
	fc_utf8_pad("新华路十二号", 7, out, sizeof out);
	assert_string_equal(out, "新华路…");
	assert_int_equal(fc_utf8_cols(out), 7);
	/* An odd width where the next wide character does not fit leaves a space. */
	fc_utf8_pad("新华路十二号", 6, out, sizeof out);
	assert_string_equal(out, "新华… ");
	assert_int_equal(fc_utf8_cols(out), 6);
	fc_utf8_pad("ab", 4, out, sizeof out);
	assert_string_equal(out, "ab  ");
}

static void
test_pad_replaces_control_characters_so_they_never_reach_the_screen(void **state)
{
	char out[64];

	(void)state;
	fc_utf8_pad("a\x1b[2Jb", 6, out, sizeof out);
	assert_null(strchr(out, '\x1b'));
	assert_non_null(strstr(out, "\xEF\xBF\xBD")); /* U+FFFD */
	assert_int_equal(fc_utf8_cols(out), 6);
}

static void
test_validation_names_the_offset_of_the_first_bad_byte(void **state)
{
	size_t bad = 99;

	(void)state;
	assert_true(fc_utf8_valid("新华", 6, &bad));
	assert_false(fc_utf8_valid("ab\xE6\x96", 4, &bad)); /* truncated 新 */
	assert_int_equal(bad, 2);
	assert_false(fc_utf8_valid("\xC0\xAF", 2, &bad)); /* overlong '/' */
	assert_int_equal(bad, 0);
	assert_false(fc_utf8_valid("x\xED\xA0\x80", 4, &bad)); /* a surrogate */
	assert_int_equal(bad, 1);
	assert_false(fc_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* above U+10FFFF */
}

static void
test_error_messages_are_cut_on_a_character_boundary(void **state)
{
	struct fc_error err = {0};
	char longtext[2048] = "";

	(void)state;
	for (int i = 0; i < 200; i++)
		strcat(longtext, "华");
	assert_int_equal(fc_error_set(&err, FC_E_INVALID, "x%s", longtext), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_true(fc_utf8_valid(err.msg, strlen(err.msg), NULL));
	fc_error_prefix(&err, "households.csv:%d", 7);
	assert_int_equal(strncmp(err.msg, "households.csv:7: x", 19), 0);
	assert_true(fc_utf8_valid(err.msg, strlen(err.msg), NULL));
	assert_int_equal(fc_error_exit_status(&err), 1);
	err.code = FC_E_USAGE;
	assert_int_equal(fc_error_exit_status(&err), 2);
}

static void
test_buf_stays_terminated_and_detaches_its_memory(void **state)
{
	struct fc_buf b = FC_BUF_INIT;
	size_t len = 0;

	(void)state;
	assert_string_equal(b.buf, "");
	assert_int_equal(fc_buf_adds(&b, "户主", NULL), 0);
	assert_int_equal(fc_buf_addf(&b, NULL, ":%d", 42), 0);
	assert_string_equal(b.buf, "户主:42");
	assert_int_equal(b.len, 9);
	char *p = fc_buf_detach(&b, &len);
	assert_int_equal(len, 9);
	assert_string_equal(p, "户主:42");
	assert_string_equal(b.buf, "");
	free(p);
	fc_buf_release(&b);
}

/* The next line of s at cols columns, as a string. */
static const char *
line_of(const char *s, size_t cols)
{
	static char out[256];
	size_t n = fc_utf8_line(s, cols, NULL);

	snprintf(out, sizeof out, "%.*s", (int)n, s);
	return out;
}

static void
test_lines_end_where_chinese_and_latin_text_may_end(void **state)
{
	(void)state;
	/* Not before a closing mark: the comma goes down with the character before it. */
	assert_string_equal(line_of("整改完毕，注意安全", 9), "整改完");
	assert_string_equal(line_of("整改完毕，注意安全", 10), "整改完毕，");
	/* Not after an opening mark: the bracket goes down with what it opens. */
	assert_string_equal(line_of("标准》(住建部 2023)", 8), "标准》");
	/* Not inside a number or a clause: "2.0m" and "55009-2021" stay whole. */
	assert_string_equal(line_of("长度大于2.0m", 11), "长度大于");
	assert_string_equal(line_of("GB 55009-2021 §6.1.8", 12), "GB ");
	/* A closing ASCII quote stays with its word; an opening one goes down with the text. */
	assert_string_equal(line_of("x \"大于2.0m\"", 11), "x \"大于");
	assert_string_equal(line_of("x \"大于2.0m\" y", 13), "x \"大于2.0m\" ");
	assert_string_equal(line_of("依据：\"长度", 8), "依据：");
	/* What fits is whole; with no place to end, the width decides (at least a character). */
	assert_string_equal(line_of("检查", 40), "检查");
	assert_string_equal(line_of("ZG-20261207-A80540CC", 8), "ZG-20261");
	assert_string_equal(line_of("检", 1), "检");
}

/* fc_utf8_escape under how, into a buffer of size bytes. */
static const char *
escaped(const char *s, unsigned how, size_t size)
{
	static char out[128];

	assert_true(size <= sizeof out);
	fc_utf8_escape(s, how, out, size);
	return out;
}

static void
test_escape_writes_bytes_of_no_character_as_hex_and_keeps_whole_characters(void **state)
{
	(void)state;
	/* "\xe4\xb8" is a cut 中: no character, so both bytes are shown, 区 stays. */
	assert_string_equal(escaped("区\xe4\xb8 a\\b\x1b", 0, 64), "区\\xe4\\xb8 a\\b\x1b");
	/* Controls, DEL and the backslash too, so "\\x41" cannot pass for an escape. */
	assert_string_equal(escaped("a\\x41\x1b[2J\x7f b", FC_UTF8_ESC_CONTROL, 64),
			    "a\\x5cx41\\x1b[2J\\x7f b");
	/* The space: a log field is one word. */
	assert_string_equal(escaped("GET /a b\n", FC_UTF8_ESC_CONTROL | FC_UTF8_ESC_SPACE, 64),
			    "GET\\x20/a\\x20b\\x0a");
	/* Beyond ASCII byte by byte: "区" is e5 8c ba. */
	assert_string_equal(escaped("D区 1", FC_UTF8_ESC_CONTROL | FC_UTF8_ESC_NON_ASCII, 64),
			    "D\\xe5\\x8c\\xba 1");
}

static void
test_escape_cuts_before_what_does_not_fit_never_inside_it(void **state)
{
	(void)state;
	/* 7 bytes: "ab", 区 (3) and the NUL fit (6), a second 区 does not. */
	assert_string_equal(escaped("ab区区", 0, 7), "ab区");
	/* An escape (4 bytes) is never cut either. */
	assert_string_equal(escaped("abc\x01", FC_UTF8_ESC_CONTROL, 7), "abc");
	/* Marked: room is kept for "...", and only a copy cut short gets it. */
	assert_string_equal(escaped("abcd", FC_UTF8_ESC_MARK_CUT, 8), "abcd");
	assert_string_equal(escaped("abcde", FC_UTF8_ESC_MARK_CUT, 8), "abcd...");
	/* "a", 区 and "..." with the NUL take all 8: the second 区 goes. */
	assert_string_equal(escaped("a区区", FC_UTF8_ESC_MARK_CUT, 8), "a区...");
	assert_string_equal(escaped("", FC_UTF8_ESC_MARK_CUT, 8), "");
}

static void
test_a_cut_to_a_number_of_bytes_never_splits_a_character(void **state)
{
	char msg[8] = "ab\xe5\x8c\xba\xe5\x8c"; /* "ab区" and two bytes of another 区 */
	char out[8];

	(void)state;
	/* "户主" is 6 bytes: 5 keep only 户 (3), 6 both, 2 nothing. */
	assert_int_equal(fc_utf8_cut("户主", 6, 5), 3);
	assert_int_equal(fc_utf8_cut("户主", 6, 6), 6);
	assert_int_equal(fc_utf8_cut("户主", 6, 2), 0);
	assert_int_equal(fc_utf8_cut("abc", 3, 10), 3);
	/* What snprintf cut inside a character is ended before it. */
	fc_utf8_trim_partial(msg);
	assert_string_equal(msg, "ab区");
	fc_utf8_trim_partial(msg);
	assert_string_equal(msg, "ab区");
	/* Written as UTF-8 while it fits with its NUL: ␛ is e2 90 9b. */
	assert_int_equal(fc_utf8_put(out, sizeof out, 0, 0x241B), 3);
	assert_memory_equal(out, "\xe2\x90\x9b", 3);
	assert_int_equal(fc_utf8_put(out, sizeof out, 5, 0x241B), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chinese_characters_take_two_columns_and_three_bytes),
	    cmocka_unit_test(test_fit_never_splits_a_wide_character),
	    cmocka_unit_test(test_lines_end_where_chinese_and_latin_text_may_end),
	    cmocka_unit_test(test_pad_cuts_with_an_ellipsis_that_counts_toward_the_width),
	    cmocka_unit_test(test_pad_replaces_control_characters_so_they_never_reach_the_screen),
	    cmocka_unit_test(test_validation_names_the_offset_of_the_first_bad_byte),
	    cmocka_unit_test(test_error_messages_are_cut_on_a_character_boundary),
	    cmocka_unit_test(test_buf_stays_terminated_and_detaches_its_memory),
	    cmocka_unit_test(
		test_escape_writes_bytes_of_no_character_as_hex_and_keeps_whole_characters),
	    cmocka_unit_test(test_escape_cuts_before_what_does_not_fit_never_inside_it),
	    cmocka_unit_test(test_a_cut_to_a_number_of_bytes_never_splits_a_character),
	};

	fc_utf8_locale();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
