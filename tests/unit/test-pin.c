/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/pin.c: a new PIN is 6 to 64 digits, and the ones every guesser tries
 * first are refused: one digit repeated, a short block repeated, a straight
 * run up or down.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/keyfile.h"
#include "core/pin.h"

static void
test_the_pin_rules(void **state)
{
	static const struct {
		const char *pin;
		enum fc_pin_problem want;
	} cases[] = {
	    {"258036", FC_PIN_OK},
	    {"246813", FC_PIN_OK},
	    {"135782", FC_PIN_OK},
	    {"111211", FC_PIN_OK},
	    {"1234", FC_PIN_SHORT},
	    {"12345", FC_PIN_SHORT},
	    {"0000", FC_PIN_SHORT},
	    {"", FC_PIN_SHORT},
	    {"12345a", FC_PIN_NOT_DIGITS},
	    {"25 8036", FC_PIN_NOT_DIGITS},
	    {"２５８０３６", FC_PIN_NOT_DIGITS},
	    {"000000", FC_PIN_REPEATED},
	    {"777777", FC_PIN_REPEATED},
	    {"121212", FC_PIN_REPEATED},
	    {"123123", FC_PIN_REPEATED},
	    {"90909090", FC_PIN_REPEATED},
	    {"123456", FC_PIN_SEQUENCE},
	    {"987654", FC_PIN_SEQUENCE},
	    {"345678", FC_PIN_SEQUENCE},
	    {"0123456789", FC_PIN_SEQUENCE},
	    /* Runs of five inside, and runs that count round from 9 to 0. */
	    {"111112", FC_PIN_REPEATED},
	    {"900000", FC_PIN_REPEATED},
	    {"1234567890", FC_PIN_SEQUENCE},
	    {"123450", FC_PIN_SEQUENCE},
	    {"654321", FC_PIN_SEQUENCE},
	    {"567890", FC_PIN_SEQUENCE},
	    {"789012", FC_PIN_SEQUENCE},
	    {"098765", FC_PIN_SEQUENCE},
	    {"135790", FC_PIN_SEQUENCE},
	    {"024680", FC_PIN_SEQUENCE},
	    {"975310", FC_PIN_SEQUENCE},
	    {"791357", FC_PIN_SEQUENCE},
	    {"92468037", FC_PIN_SEQUENCE},
	};
	char longest[FC_PIN_MAX + 2];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (fc_pin_problem(cases[i].pin) != cases[i].want)
			fail_msg("PIN '%s': got %d, wanted %d", cases[i].pin,
				 (int)fc_pin_problem(cases[i].pin), (int)cases[i].want);
	}
	for (int i = 0; i < FC_PIN_MAX; i++)
		longest[i] = (char)('0' + (i * 7 + i / 10) % 10);
	longest[FC_PIN_MAX] = '\0';
	assert_int_equal(fc_pin_problem(longest), FC_PIN_OK);
	longest[FC_PIN_MAX] = '5';
	longest[FC_PIN_MAX + 1] = '\0';
	assert_int_equal(fc_pin_problem(longest), FC_PIN_LONG);
}

static void
test_a_refused_pin_is_a_usage_error_that_says_why(void **state)
{
	struct fc_error err = {0};

	(void)state;
	assert_int_equal(fc_pin_check("1234", &err), -1);
	assert_int_equal(err.code, FC_E_USAGE);
	assert_string_equal(err.msg, "the PIN must be 6 to 64 digits");
	assert_int_equal(fc_pin_check("111111", &err), -1);
	assert_non_null(strstr(err.msg, "repeats a digit or a short block"));
	assert_int_equal(fc_pin_check("654321", &err), -1);
	assert_non_null(strstr(err.msg, "straight run"));
	assert_int_equal(fc_pin_check("258036", &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_pin_rules),
	    cmocka_unit_test(test_a_refused_pin_is_a_usage_error_that_says_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
