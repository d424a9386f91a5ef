/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/validate.c: one answer as it is typed, and a whole answer set. Every
 * refusal names the item and says what is allowed, in the message's language
 * (the messages are interface, so they are asserted word for word); the set
 * check finds every problem at once: unknown items, answers to hidden items,
 * missing required answers, wrong types and ranges. Conditions hide and show
 * items as the answers change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/template.h"
#include "support.h"
#include "core/validate.h"

/* A path under the source tree; the test fails when it cannot be found. */
static void
src_path(char *out, size_t size, const char *rel)
{
	if (fc_test_src_path(out, size, rel) != 0)
		fail_msg("cannot find the source tree: set FC_ROOT");
}

struct fixture {
	struct fc_template *gas, *selfbuilt, *rural;
};

static struct fc_template *
load(const char *id)
{
	char path[4200], rel[64];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};

	snprintf(rel, sizeof rel, "schema/checklists/%s.json", id);
	src_path(path, sizeof path, rel);
	if (fc_template_load_file(path, &tpl, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	return tpl;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	fx->gas = load("gas");
	fx->selfbuilt = load("selfbuilt");
	fx->rural = load("rural");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fc_template_free(fx->gas);
	fc_template_free(fx->selfbuilt);
	fc_template_free(fx->rural);
	free(fx);
	return 0;
}

static json_t *
answers_file(const char *base)
{
	char path[4200], rel[128];
	json_t *a;

	snprintf(rel, sizeof rel, "tests/data/answers/%s.json", base);
	src_path(path, sizeof path, rel);
	a = json_load_file(path, 0, NULL);
	assert_non_null(a);
	return a;
}

/* The message for answer (JSON text) to item, or "" when it is allowed. */
static const char *
one(const struct fc_template *tpl, const char *item, const char *answer, const char *lang)
{
	static struct fc_error err;
	json_t *a = json_loads(answer, JSON_DECODE_ANY, NULL);

	assert_non_null(a);
	memset(&err, 0, sizeof err);
	if (fc_validate_answer(tpl, item, a, lang, &err) == 0)
		err.msg[0] = '\0';
	json_decref(a);
	return err.msg;
}

/* One answer, as typed */

static void
test_a_number_out_of_range_names_the_item_and_the_range(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(one(fx->gas, "G43", "12.5", "en"),
			    "G43: Pressure at the appliance must be between 0.00 and 10.00 kPa");
	assert_string_equal(one(fx->gas, "G43", "12.5", "zh"),
			    "G43：燃具前压力应在 0.00 至 10.00 kPa 之间");
	assert_string_equal(one(fx->gas, "G24", "-0.1", "en"),
			    "G24: Hose length must be between 0.0 and 10.0 m");
	assert_string_equal(one(fx->gas, "G24", "\"2\"", "en"),
			    "G24: Hose length must be between 0.0 and 10.0 m");
	assert_string_equal(one(fx->gas, "G43", "10", "en"), "");
	assert_string_equal(one(fx->gas, "G43", "0", "en"), "");
	assert_string_equal(one(fx->gas, "G24", "2.05", "en"), "");
}

static void
test_whole_numbers_years_and_counts_say_so(void **state)
{
	struct fixture *fx = *state;
	char want[200];

	assert_string_equal(
	    one(fx->selfbuilt, "S01", "2.5", "en"),
	    "S01: Storeys above ground must be a whole number between 1 and 30 storeys");
	assert_string_equal(one(fx->selfbuilt, "S01", "2.5", "zh"),
			    "S01：地上层数应在 1 至 30 层 之间的整数");
	assert_string_equal(
	    one(fx->gas, "G68", "-1", "en"),
	    "G68: Cylinders on site (in use and spare) must be a whole number between 0 and 50");
	snprintf(want, sizeof want,
		 "G12: Meter installation year must be a year between 1980 and %d",
		 fc_validate_this_year());
	assert_string_equal(one(fx->gas, "G12", "3000", "en"), want);
	assert_string_equal(one(fx->gas, "G12", "1979", "en"), want);
	assert_string_equal(one(fx->gas, "G12", "2001", "en"), "");
	assert_string_equal(one(fx->selfbuilt, "S23", "7", "en"), "");
}

static void
test_a_wrong_choice_lists_the_options(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(one(fx->gas, "G02", "\"coal\"", "en"),
			    "G02: Gas supply: 'coal' is not an option (piped_ng, piped_lpg, "
			    "lpg_cyl, manufactured, other)");
	assert_string_equal(
	    one(fx->gas, "G02", "\"coal\"", "zh"),
	    "G02：气源 中的“coal”不是选项（piped_ng、piped_lpg、lpg_cyl、manufactured、other）");
	assert_string_equal(
	    one(fx->gas, "G02", "3", "en"),
	    "G02: Gas supply must be one of piped_ng, piped_lpg, lpg_cyl, manufactured, other");
	assert_string_equal(one(fx->gas, "G02", "\"lpg_cyl\"", "en"), "");
}

static void
test_yes_no_answers_are_yes_no_or_na(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(
	    one(fx->gas, "G05", "\"maybe\"", "en"),
	    "G05: Someone sleeps in a room with gas facilities must be yes, no or na");
	assert_string_equal(
	    one(fx->gas, "G05", "true", "zh"),
	    "G05：有燃气设施的房间有人居住或就寝应为 yes（是）、no（否）或 na（不适用）");
	assert_string_equal(one(fx->gas, "G05", "\"na\"", "en"), "");
}

static void
test_multiple_choice_refuses_unknown_and_repeated_options(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(one(fx->gas, "G41", "[\"detector\",\"ear\"]", "en"),
			    "G41: Method: 'ear' is not an option (detector, soap, smell)");
	assert_string_equal(one(fx->gas, "G41", "[\"soap\",\"soap\"]", "en"),
			    "G41: Method: 'soap' is chosen twice");
	assert_string_equal(one(fx->gas, "G41", "\"soap\"", "en"),
			    "G41: Method must be a list of options");
	assert_string_equal(one(fx->gas, "G41", "[\"soap\",\"smell\"]", "en"), "");
}

static void
test_text_is_limited_in_characters_not_bytes(void **state)
{
	struct fixture *fx = *state;
	char buf[400];
	size_t len = 0;

	/* 40 Chinese characters (120 bytes) fit G81's 40-character limit. */
	buf[len++] = '"';
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "号");
	snprintf(buf + len, sizeof buf - len, "\"");
	assert_string_equal(one(fx->gas, "G81", buf, "en"), "");
	snprintf(buf + len, sizeof buf - len, "号\"");
	assert_string_equal(one(fx->gas, "G81", buf, "en"),
			    "G81: Notice serial number must be text of at most 40 characters");
}

static void
test_photos_are_file_names_or_hashed_objects(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(one(fx->gas, "G72", "[\"a.jpg\",\"b.jpg\"]", "en"), "");
	assert_string_equal(
	    one(fx->gas, "G72",
		"[{\"file\":\"a.jpg\",\"hash\":"
		"\"0000000000000000000000000000000000000000000000000000000000000000\",\"size\":3}]",
		"en"),
	    "");
	assert_string_equal(
	    one(fx->gas, "G72", "[{\"file\":\"a.jpg\",\"hash\":\"00\",\"size\":3}]", "en"),
	    "G72: Photos must be a list of at most 20 photo files");
	assert_string_equal(one(fx->gas, "G72", "\"a.jpg\"", "en"),
			    "G72: Photos must be a list of at most 20 photo files");
}

static void
test_an_unknown_item_is_not_found(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	json_t *a = json_string("yes");

	assert_int_equal(fc_validate_answer(fx->gas, "G99", a, "en", &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_string_equal(err.msg, "G99: no such item in template gas v3");
	json_decref(a);
}

/* The whole set */

static json_t *
problems_of(const struct fc_template *tpl, json_t *a, const char *lang)
{
	json_t *p = json_array();
	struct fc_error err = {0};
	int ret = fc_validate_answers(tpl, a, 2026, lang, p, &err);

	assert_int_equal(ret, json_array_size(p) > 0 ? -1 : 0);
	if (ret != 0)
		assert_int_equal(err.code, FC_E_INVALID);
	return p;
}

static const char *
msg(const json_t *p, size_t i)
{
	return json_string_value(json_object_get(json_array_get(p, i), "message"));
}

static const char *
item(const json_t *p, size_t i)
{
	return json_string_value(json_object_get(json_array_get(p, i), "item"));
}

static void
test_the_clean_answer_sets_are_valid(void **state)
{
	struct fixture *fx = *state;
	const char *gas[] = {"gas-clean", "gas-catering-clean", "gas-major", "gas-nobody-home"};

	for (size_t i = 0; i < 4; i++) {
		json_t *a = answers_file(gas[i]);
		json_t *p = problems_of(fx->gas, a, "en");

		if (json_array_size(p) != 0)
			fail_msg("%s: %s", gas[i], msg(p, 0));
		json_decref(p);
		json_decref(a);
	}
}

static void
test_every_problem_of_a_bad_set_is_named_in_form_order(void **state)
{
	struct fixture *fx = *state;
	json_t *a = answers_file("gas-bad");
	json_t *p = problems_of(fx->gas, a, "en");

	assert_int_equal(json_array_size(p), 5);
	assert_string_equal(msg(p, 0), "G99: no such item in template gas v3");
	assert_string_equal(msg(p, 1), "G02: Gas supply: 'coal' is not an option (piped_ng, "
				       "piped_lpg, lpg_cyl, manufactured, other)");
	assert_string_equal(msg(p, 2), "G06: Gas room adequately ventilated is required");
	assert_string_equal(msg(p, 3), "G24: Hose length must be between 0.0 and 10.0 m");
	assert_string_equal(
	    msg(p, 4),
	    "G50: Gas leak alarm installed is not asked for these answers; leave it out");
	assert_string_equal(item(p, 4), "G50");
	json_decref(p);
	json_decref(a);
}

static void
test_a_bad_set_speaks_chinese(void **state)
{
	struct fixture *fx = *state;
	json_t *a = answers_file("gas-bad");
	json_t *p = problems_of(fx->gas, a, "zh");

	assert_string_equal(msg(p, 0), "G99：模板 gas v3 中没有此项");
	assert_string_equal(msg(p, 2), "G06：用气房间通风良好(有可开启外窗/通风口)为必答项");
	assert_string_equal(
	    msg(p, 4), "G50：已安装可燃气体(燃气泄漏)报警装置 在当前答案下不显示，应删除此答案");
	json_decref(p);
	json_decref(a);
}

static void
test_a_wrong_earlier_answer_does_not_bury_the_rest_in_noise(void **state)
{
	struct fixture *fx = *state;
	json_t *a = answers_file("gas-clean");
	json_t *p;

	/* G02 decides whether the meter items are asked; being wrong, it alone is named. */
	json_object_set_new(a, "G02", json_string("town_gas"));
	p = problems_of(fx->gas, a, "en");
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(item(p, 0), "G02");
	json_decref(p);
	json_decref(a);
}

static void
test_null_answers_are_refused(void **state)
{
	struct fixture *fx = *state;
	json_t *a = answers_file("gas-clean");
	json_t *p;

	json_object_set_new(a, "G73", json_null());
	json_object_set_new(a, "G06", json_null());
	p = problems_of(fx->gas, a, "en");
	assert_int_equal(json_array_size(p), 2);
	assert_string_equal(msg(p, 0), "G06: Gas room adequately ventilated is required");
	assert_string_equal(msg(p, 1), "G73: Notes is null; leave an unanswered item out");
	json_decref(p);
	json_decref(a);
}

static void
test_not_an_object_is_one_problem(void **state)
{
	struct fixture *fx = *state;
	json_t *a = json_array();
	json_t *p = problems_of(fx->gas, a, "en");

	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(msg(p, 0), "answers must be a JSON object from item id to answer");
	json_decref(p);
	json_decref(a);
}

/* Conditions hide and show */

static int
shown_of(const struct fc_template *tpl, const char *answers, const char *id)
{
	unsigned char shown[128];
	json_t *a = json_loads(answers, 0, NULL);
	json_t *eff;
	long i = fc_template_item_index(tpl, id);

	assert_non_null(a);
	assert_true(i >= 0);
	eff = fc_template_visibility(tpl, a, 2026, shown);
	json_decref(eff);
	json_decref(a);
	return shown[i];
}

static void
test_conditions_hide_and_show_items(void **state)
{
	struct fixture *fx = *state;
	const struct fc_template *g = fx->gas;

	/* The visit decides everything. */
	assert_true(shown_of(g, "{\"G00\":\"inspected\"}", "G04"));
	assert_false(shown_of(g, "{\"G00\":\"nobody_home\"}", "G04"));
	assert_true(shown_of(g, "{\"G00\":\"nobody_home\"}", "G80"));
	assert_false(shown_of(g, "{\"G00\":\"refused\"}", "G80"));
	assert_true(shown_of(g, "{\"G00\":\"refused\"}", "G84"));
	assert_false(shown_of(g, "{}", "G04"));
	/* Section conditions: the meter for piped gas, the cylinder items for LPG. */
	assert_true(shown_of(g, "{\"G00\":\"inspected\",\"G02\":\"piped_ng\"}", "G10"));
	assert_false(shown_of(g, "{\"G00\":\"inspected\",\"G02\":\"lpg_cyl\"}", "G10"));
	assert_true(shown_of(g, "{\"G00\":\"inspected\",\"G02\":\"lpg_cyl\"}", "G64"));
	/* The alarm section: catering and other non-residential users, and homes over 100 m. */
	assert_true(shown_of(g, "{\"G00\":\"inspected\",\"G01\":\"catering\"}", "G50"));
	assert_false(
	    shown_of(g, "{\"G00\":\"inspected\",\"G01\":\"residential\",\"G03\":\"high\"}", "G50"));
	assert_true(shown_of(g, "{\"G00\":\"inspected\",\"G01\":\"residential\",\"G03\":\"super\"}",
			     "G50"));
	/* Item conditions: the hose items unless rigid, G42 only for a leak, G43a after G43. */
	assert_false(shown_of(g, "{\"G00\":\"inspected\",\"G23\":\"rigid\"}", "G24"));
	assert_true(shown_of(g, "{\"G00\":\"inspected\",\"G23\":\"rubber_generic\"}", "G24"));
	/* A test on an unanswered item is false: G24 waits until G23 is answered. */
	assert_false(shown_of(g, "{\"G00\":\"inspected\"}", "G24"));
	assert_true(shown_of(g, "{\"G00\":\"inspected\",\"G40\":\"leak\"}", "G42"));
	assert_false(shown_of(g, "{\"G00\":\"inspected\",\"G40\":\"none\"}", "G42"));
	assert_false(shown_of(g, "{\"G00\":\"inspected\"}", "G43a"));
	assert_true(shown_of(g, "{\"G00\":\"inspected\",\"G43\":2.1}", "G43a"));
	/* A hidden answer does not show what depends on it. */
	assert_false(shown_of(g, "{\"G00\":\"nobody_home\",\"G40\":\"leak\"}", "G42"));
	/* Numeric, multiple-choice and structural conditions in the self-built check. */
	assert_true(shown_of(fx->selfbuilt, "{\"S22\":1.5}", "S23"));
	assert_false(shown_of(fx->selfbuilt, "{\"S22\":0}", "S23"));
	assert_true(shown_of(fx->selfbuilt, "{\"S06\":[\"own\",\"business\"]}", "S07"));
	assert_false(shown_of(fx->selfbuilt, "{\"S06\":[\"own\",\"rent\"]}", "S07"));
	assert_true(shown_of(fx->selfbuilt, "{\"S06\":[\"rent\"]}", "S12"));
	assert_true(shown_of(fx->selfbuilt, "{\"S03\":\"earth_timber\"}", "S41"));
	assert_false(shown_of(fx->selfbuilt, "{\"S03\":\"rc_frame\"}", "S41"));
	assert_true(shown_of(fx->selfbuilt, "{\"S03\":\"rc_frame\",\"S13\":\"yes\"}", "S42"));
	assert_true(shown_of(fx->rural, "{\"R04\":\"8\"}", "R41"));
	assert_false(shown_of(fx->rural, "{\"R04\":\"7\"}", "R41"));
	assert_false(shown_of(fx->rural, "{\"R01\":\"3plus\"}", "R20"));
}

static void
test_a_required_item_becomes_required_when_it_is_shown(void **state)
{
	struct fixture *fx = *state;
	json_t *a = answers_file("gas-clean");
	json_t *p;

	json_object_set_new(a, "G40", json_string("leak"));
	p = problems_of(fx->gas, a, "en");
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(msg(p, 0), "G42: Leak location is required");
	json_decref(p);
	json_decref(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_number_out_of_range_names_the_item_and_the_range),
	    cmocka_unit_test(test_whole_numbers_years_and_counts_say_so),
	    cmocka_unit_test(test_a_wrong_choice_lists_the_options),
	    cmocka_unit_test(test_yes_no_answers_are_yes_no_or_na),
	    cmocka_unit_test(test_multiple_choice_refuses_unknown_and_repeated_options),
	    cmocka_unit_test(test_text_is_limited_in_characters_not_bytes),
	    cmocka_unit_test(test_photos_are_file_names_or_hashed_objects),
	    cmocka_unit_test(test_an_unknown_item_is_not_found),
	    cmocka_unit_test(test_the_clean_answer_sets_are_valid),
	    cmocka_unit_test(test_every_problem_of_a_bad_set_is_named_in_form_order),
	    cmocka_unit_test(test_a_bad_set_speaks_chinese),
	    cmocka_unit_test(test_a_wrong_earlier_answer_does_not_bury_the_rest_in_noise),
	    cmocka_unit_test(test_null_answers_are_refused),
	    cmocka_unit_test(test_not_an_object_is_one_problem),
	    cmocka_unit_test(test_conditions_hide_and_show_items),
	    cmocka_unit_test(test_a_required_item_becomes_required_when_it_is_shown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
