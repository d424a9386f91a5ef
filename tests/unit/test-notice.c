/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/notice.c: which notice a record gives and its number, the same on the
 * device that prints it and on the server that answers /verify/ for it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/notice.h"

static void
test_hazards_give_a_rectification_notice_whatever_the_outcome(void **state)
{
	(void)state;
	assert_int_equal(fc_notice_kind_of("major", 1), FC_NOTICE_RECTIFY);
	assert_int_equal(fc_notice_kind_of("", 3), FC_NOTICE_RECTIFY);
	assert_int_equal(fc_notice_kind_of(NULL, 2), FC_NOTICE_RECTIFY);
}

static void
test_nobody_home_gives_a_not_met_notice_and_other_records_none(void **state)
{
	(void)state;
	assert_int_equal(fc_notice_kind_of("nobody_home", 0), FC_NOTICE_NOBODY_HOME);
	assert_int_equal(fc_notice_kind_of("nobody-home", 0), FC_NOTICE_NOBODY_HOME);
	assert_int_equal(fc_notice_kind_of("refused", 0), FC_NOTICE_NONE);
	assert_int_equal(fc_notice_kind_of("ok", 0), FC_NOTICE_NONE);
	assert_int_equal(fc_notice_kind_of(NULL, 0), FC_NOTICE_NONE);
	assert_string_equal(fc_notice_kind_name(FC_NOTICE_RECTIFY), "rectification");
	assert_string_equal(fc_notice_kind_name(FC_NOTICE_NOBODY_HOME), "not_met");
	assert_string_equal(fc_notice_kind_name(FC_NOTICE_NONE), "");
}

static void
test_the_number_is_prefix_day_and_the_hash_s_first_eight_digits(void **state)
{
	unsigned char hash[FC_HASH_BYTES] = {0x93, 0xae, 0xb3, 0x10, 0xff};
	char out[FC_NOTICE_NUMBER_MAX];

	(void)state;
	fc_notice_number(FC_NOTICE_RECTIFY, "2026-03-12", hash, out);
	assert_string_equal(out, "ZG-20260312-93AEB310");
	/* A record's time starts with its day. */
	fc_notice_number(FC_NOTICE_NOBODY_HOME, "2026-03-12T09:30:00+08:00", hash, out);
	assert_string_equal(out, "BY-20260312-93AEB310");
	fc_notice_number(FC_NOTICE_NONE, "2026-03-12", hash, out);
	assert_string_equal(out, "");
}

static void
test_a_malformed_day_gives_no_number(void **state)
{
	static const char *const bad[] = {"",	      "2026-3-12",  "2026/03/12",
					  "20260312", "2026-03-1x", "abcd-ef-gh"};
	unsigned char hash[FC_HASH_BYTES] = {0};
	char out[FC_NOTICE_NUMBER_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fc_notice_number(FC_NOTICE_RECTIFY, bad[i], hash, out);
		assert_string_equal(out, "");
	}
	fc_notice_number(FC_NOTICE_RECTIFY, NULL, hash, out);
	assert_string_equal(out, "");
}

static void
test_a_gas_leak_and_a_house_in_serious_danger_say_what_is_done_at_once(void **state)
{
	(void)state;
	assert_non_null(strstr(fc_notice_action("gas", "stop"), "不得恢复用气"));
	assert_non_null(strstr(fc_notice_action(NULL, "stop"), "不得恢复用气"));
	assert_non_null(strstr(fc_notice_action("selfbuilt", "serious"), "立即停止使用房屋"));
	assert_non_null(strstr(fc_notice_action("selfbuilt", "serious"), "疏散"));
	/* The rest only have their deadline; a rural part's treatment is the appraisal's. */
	assert_string_equal(fc_notice_action("gas", "major"), "");
	assert_string_equal(fc_notice_action("selfbuilt", "some"), "");
	assert_string_equal(fc_notice_action("rural", "serious"), "");
	assert_string_equal(fc_notice_action(NULL, "serious"), "");
	assert_string_equal(fc_notice_action("gas", NULL), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hazards_give_a_rectification_notice_whatever_the_outcome),
	    cmocka_unit_test(test_nobody_home_gives_a_not_met_notice_and_other_records_none),
	    cmocka_unit_test(test_the_number_is_prefix_day_and_the_hash_s_first_eight_digits),
	    cmocka_unit_test(test_a_malformed_day_gives_no_number),
	    cmocka_unit_test(
		test_a_gas_leak_and_a_house_in_serious_danger_say_what_is_done_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
