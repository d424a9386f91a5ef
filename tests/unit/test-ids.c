/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/ids.c: each id has a stated character set and everything else is
 * refused, with a message that shows the refused bytes safely.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/ids.h"

static void
test_a_device_id_is_exactly_eight_lower_case_hex_digits(void **state)
{
	static const char *const bad[] = {"zz/../..", "0123ABCD", "0123abc",  "0123abcde",
					  "",	      "0123abc ", "0123abcg", "0123ab\n1"};

	(void)state;
	assert_true(fc_id_device_ok("0123abcd"));
	assert_true(fc_id_device_ok("ffffffff"));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(fc_id_device_ok(bad[i]));
}

static void
test_an_inspector_id_is_plain_ascii_starting_with_a_letter_or_digit(void **state)
{
	static const char *const bad[] = {".",	 "..",	      "-x",  "_x",	"I 1",
					  "I/1", "I\\1",      "I'1", "张三",	"I1\n",
					  "",	 "a\x1b[31m", "a;b", "=cmd|x!A"};
	char longest[64], too_long[65];

	(void)state;
	assert_true(fc_id_inspector_ok("I1"));
	assert_true(fc_id_inspector_ok("demo01"));
	assert_true(fc_id_inspector_ok("a.b-c_d"));
	assert_true(fc_id_inspector_ok("9"));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(fc_id_inspector_ok(bad[i]));
	memset(longest, 'a', 63);
	longest[63] = '\0';
	assert_true(fc_id_inspector_ok(longest));
	memset(too_long, 'a', 64);
	too_long[64] = '\0';
	assert_false(fc_id_inspector_ok(too_long));
}

static void
test_a_district_id_is_ascii_words_and_chinese_characters(void **state)
{
	static const char *const good[] = {"新华区", "朝阳", "D1", "城关镇", "D-1", "㐀区"};
	/* quote, space, slash, RTL override, zero-width space, fullwidth D, emoji, NEL */
	static const char *const bad[] = {
	    "D'1",	  "a b", "a/b", "\u202e区", "区\u200b", "\uff24",	"\U0001F600",
	    "区\xc2\x85", "-x",	 "",	"区\n",	    "\xe4\xb8", "\xed\xa0\x80", "\xe4\xb8\xad\xff",
	    "=1+1"};
	char longest[64], too_long[67];

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(fc_id_district_ok(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(fc_id_district_ok(bad[i]));
	/* 21 ideographs are 63 bytes: the most; 22 are too many. */
	for (int i = 0; i < 21; i++)
		memcpy(longest + 3 * i, "区", 3);
	longest[63] = '\0';
	assert_true(fc_id_district_ok(longest));
	memcpy(too_long, longest, 63);
	memcpy(too_long + 63, "区", 4);
	assert_false(fc_id_district_ok(too_long));
}

static void
test_a_refusal_names_the_rule_and_shows_the_bytes_safely(void **state)
{
	struct fc_error err = {0};

	(void)state;
	assert_int_equal(fc_id_check_device("zz/../..", &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_string_equal(err.msg,
			    "device id 'zz/../..' is refused: it must be exactly 8 lower-case hex "
			    "digits");
	assert_int_equal(fc_id_check_inspector("a\x1b[31m", &err), -1);
	assert_non_null(strstr(err.msg, "'a\\x1b[31m'"));
	assert_null(strchr(err.msg, '\x1b'));
	assert_int_equal(fc_id_check_district("D'1", &err), -1);
	assert_non_null(strstr(err.msg, "Chinese characters"));
	err.code = FC_E_OK;
	assert_int_equal(fc_id_check_district("新华区", &err), 0);
	assert_int_equal(err.code, FC_E_OK);
}

static void
test_two_district_lists_meet_when_they_share_a_district(void **state)
{
	(void)state;
	/* A supervisor's districts against an inspector's. */
	assert_true(fc_id_districts_meet("D1,D2", "D3,D2"));
	assert_true(fc_id_districts_meet("新华区", "朝阳,新华区"));
	assert_false(fc_id_districts_meet("D1,D2", "D3,D12"));
	assert_false(fc_id_districts_meet("D1", ""));
	/* A city-level supervisor has every district, a district one not every. */
	assert_true(fc_id_districts_meet("*", "D3"));
	assert_true(fc_id_districts_meet("*", "*"));
	assert_false(fc_id_districts_meet("D1,D2", "*"));
	/* One list holding one district: fc_id_districts_have. */
	assert_true(fc_id_districts_have("D1,D2", "D2"));
	assert_false(fc_id_districts_have("D1,D2", "D"));
	assert_false(fc_id_districts_have("D1,D2", ""));
	assert_true(fc_id_districts_have("*", "D9"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_device_id_is_exactly_eight_lower_case_hex_digits),
	    cmocka_unit_test(test_an_inspector_id_is_plain_ascii_starting_with_a_letter_or_digit),
	    cmocka_unit_test(test_a_district_id_is_ascii_words_and_chinese_characters),
	    cmocka_unit_test(test_a_refusal_names_the_rule_and_shows_the_bytes_safely),
	    cmocka_unit_test(test_two_district_lists_meet_when_they_share_a_district),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
