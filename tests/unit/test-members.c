/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/members.c and the "members" item type: the per-storey member counts of
 * JGJ 125-2016's count-based method, typed as compact text or given as JSON.
 * The parser, the checks and their messages (asserted word for word, zh and
 * en), the item's validation, and a self-built answer set graded end to end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/checklist.h"
#include "core/members.h"
#include "core/template.h"
#include "core/validate.h"
#include "support.h"

static struct fc_template *
load_selfbuilt(void)
{
	char path[4200];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};

	if (fc_test_src_path(path, sizeof path, "schema/checklists/selfbuilt.json") != 0)
		fail_msg("cannot find the source tree: set FC_ROOT");
	if (fc_template_load_file(path, &tpl, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	return tpl;
}

/* The message of parsing and checking text, or "" when it is fine. */
static const char *
text_problem(const char *text, const char *lang, struct fc_error *err)
{
	json_t *obj = NULL;

	memset(err, 0, sizeof *err);
	if (fc_members_parse(text, lang, &obj, err) == 0 && fc_members_check(obj, lang, err) == 0)
		err->msg[0] = '\0';
	json_decref(obj);
	return err->msg;
}

static void
test_the_compact_text_becomes_the_grading_object(void **state)
{
	json_t *obj = NULL, *want;
	struct fc_error err = {0};

	(void)state;
	assert_int_equal(
	    fc_members_parse("f 24/0; w 30/1 pmb 4 smb 8 s 12/1 sm 10; W30 s12;", "en", &obj, &err),
	    0);
	want = json_loads("{\"foundation\":{\"members\":24,\"dangerous\":0},\"levels\":["
			  "{\"counts\":{\"w\":30,\"pmb\":4,\"smb\":8,\"s\":12,\"sm\":10},"
			  "\"dangerous\":{\"w\":1,\"s\":1}},"
			  "{\"counts\":{\"w\":30,\"s\":12},\"dangerous\":{}}]}",
			  0, NULL);
	assert_true(json_equal(obj, want));
	assert_int_equal(fc_members_check(obj, "en", &err), 0);
	json_decref(obj);
	json_decref(want);
}

static void
test_chinese_punctuation_separates_like_ascii(void **state)
{
	json_t *a = NULL, *b = NULL;
	struct fc_error err = {0};

	(void)state;
	/* What a Chinese input method types for "f 30/2; w 40/6 s 20; w 40 s 20;". */
	assert_int_equal(fc_members_parse("f 30／2；w 40／6 s 20；w 40 s 20；", "zh", &a, &err), 0);
	assert_int_equal(fc_members_parse("f 30/2; w 40/6 s 20; w 40 s 20;", "zh", &b, &err), 0);
	assert_true(json_equal(a, b));
	assert_int_equal(json_array_size(json_object_get(a, "levels")), 2);
	json_decref(a);
	json_decref(b);
	/* Other full-width characters are still named as mistakes. */
	assert_string_equal(text_problem("f 30/2; w 40，6", "en", &err),
			    "level 1: a whole number must follow w");
}

static void
test_typing_mistakes_name_the_level(void **state)
{
	struct fc_error err;

	(void)state;
	assert_string_equal(text_problem("w 30", "en", &err),
			    "foundation: the first group is the foundation, \"f "
			    "members/dangerous\", not w");
	assert_string_equal(text_problem("f 24; w 30 x 4", "en", &err),
			    "level 1: member types are pc sc cc w rt pmb smb sb s sm, not x");
	assert_string_equal(text_problem("f 24; w 30; w", "en", &err),
			    "level 2: a whole number must follow w");
	assert_string_equal(text_problem("f 24; w 30; w 3/", "en", &err),
			    "level 2: a whole number must follow w");
	assert_string_equal(text_problem("f 24; w 30 w 4", "en", &err),
			    "level 1: counted twice: w");
	assert_string_equal(text_problem("f 24; w 30; w 4/5", "en", &err),
			    "level 2: dangerous w (5) is more than w (4)");
	assert_string_equal(text_problem("f 4/5; w 30", "en", &err),
			    "foundation: dangerous f (5) is more than f (4)");
	assert_string_equal(text_problem("f 24; w 30;; w 4", "en", &err),
			    "level 2: no members counted");
	assert_string_equal(text_problem("f 24; w 0", "en", &err), "level 1: no members counted");
	assert_string_equal(text_problem("f 24", "en", &err), "must have 1 to 70 storeys");
	assert_string_equal(text_problem("f 24; w 4/5", "zh", &err),
			    "第 1 层：危险 w（5）多于 w 构件数（4）");
	assert_string_equal(text_problem("f 24; w 30 q 1", "zh", &err),
			    "第 1 层：构件类别应为 pc sc cc w rt pmb smb sb s sm，而不是 q");
}

static void
test_the_object_form_is_checked_the_same_way(void **state)
{
	struct fc_error err = {0};
	json_t *v;

	(void)state;
	v = json_loads("{\"foundation\":{\"members\":30,\"dangerous\":2},\"levels\":["
		       "{\"counts\":{\"w\":40},\"dangerous\":{\"w\":6}},"
		       "{\"counts\":{\"w\":4},\"dangerous\":{\"w\":5}}]}",
		       0, NULL);
	assert_int_equal(fc_members_check(v, "en", &err), -1);
	assert_string_equal(err.msg, "level 2: dangerous w (5) is more than w (4)");
	json_decref(v);
	v = json_loads("{\"foundation\":{\"members\":30,\"dangerous\":2},\"levels\":["
		       "{\"counts\":{\"w\":-1}}]}",
		       0, NULL);
	assert_int_equal(fc_members_check(v, "en", &err), -1);
	assert_string_equal(err.msg, "level 1: not a whole number of members: w");
	json_decref(v);
	v = json_loads("{\"levels\":[]}", 0, NULL);
	assert_int_equal(fc_members_check(v, "en", &err), -1);
	assert_string_equal(err.msg, "must be the foundation and each storey's members, as in "
				     "\"f 24/0; w 30/1 s 12\"");
	json_decref(v);
}

static void
test_the_item_message_names_the_item_then_the_level(void **state)
{
	struct fc_template *tpl = load_selfbuilt();
	struct fc_error err = {0};
	json_t *a = json_string("f 30/2; w 40/6; w 4/5");

	(void)state;
	assert_int_equal(fc_validate_answer(tpl, "S46", a, "en", &err), -1);
	assert_string_equal(err.msg, "S46: level 2: dangerous w (5) is more than w (4)");
	assert_int_equal(fc_validate_answer(tpl, "S46", a, "zh", &err), -1);
	assert_string_equal(err.msg, "S46：第 2 层：危险 w（5）多于 w 构件数（4）");
	json_decref(a);
	a = json_string("f 30/2; w 40/6 pmb 6");
	assert_int_equal(fc_validate_answer(tpl, "S46", a, "en", &err), 0);
	json_decref(a);
	a = json_integer(3);
	assert_int_equal(fc_validate_answer(tpl, "S46", a, "en", &err), -1);
	json_decref(a);
	fc_template_free(tpl);
}

static json_t *
answers_e4(const char *members)
{
	char path[4200];
	json_t *a;

	if (fc_test_src_path(path, sizeof path, "tests/data/answers/selfbuilt-jgj.json") != 0)
		fail_msg("cannot find the source tree: set FC_ROOT");
	a = json_load_file(path, 0, NULL);
	assert_non_null(a);
	if (members != NULL)
		json_object_set_new(a, "S46", json_string(members));
	return a;
}

/* docs/grading.md E4: F=3, n_f=30, n_df=2, each storey w 40 pmb 6 smb 10 s 20 sm 12, d_w=6. */
static void
test_a_formal_self_built_check_is_graded_by_counts(void **state)
{
	struct fc_template *tpl = load_selfbuilt();
	struct fc_checklist cl = {0};
	struct fc_error err = {0};
	json_t *a = answers_e4(NULL), *problems = json_array();
	const json_t *r;

	(void)state;
	if (fc_checklist_evaluate(tpl, a, 2026, "en", &cl, problems, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(json_string_value(json_object_get(cl.grade, "grade")), "C");
	assert_string_equal(json_string_value(json_object_get(cl.grade, "rule")), "J-6.3.6-3");
	r = json_object_get(cl.grade, "ratio");
	assert_int_equal(json_integer_value(json_object_get(r, "num")), 556);
	assert_int_equal(json_integer_value(json_object_get(r, "den")), 6012);
	assert_string_equal(json_string_value(json_object_get(cl.grade, "propagation")), "entered");
	/* The grade sets the outcome: C is "some hazard" whatever the items say. */
	assert_string_equal(cl.outcome, "some");
	fc_checklist_release(&cl);
	json_decref(a);
	json_decref(problems);
	fc_template_free(tpl);
}

static void
test_counts_for_the_wrong_number_of_storeys_are_a_problem(void **state)
{
	struct fc_template *tpl = load_selfbuilt();
	struct fc_checklist cl = {0};
	struct fc_error err = {0};
	json_t *a = answers_e4("f 30/2; w 40/6; w 40/6"), *problems = json_array();

	(void)state;
	assert_int_equal(fc_checklist_evaluate(tpl, a, 2026, "en", &cl, problems, &err), -1);
	assert_non_null(strstr(err.msg, "grading (jgj125_2016)"));
	json_decref(a);
	a = answers_e4(NULL);
	json_object_del(a, "S46");
	json_array_clear(problems);
	assert_int_equal(fc_checklist_evaluate(tpl, a, 2026, "en", &cl, problems, &err), -1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(problems, 0), "message")),
	    "S46: Foundation and storey members / dangerous members is required");
	json_decref(a);
	json_decref(problems);
	fc_template_free(tpl);
}

static void
test_a_key_is_only_taken_from_a_members_item(void **state)
{
	char path[4200];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};
	json_t *root, *problems = NULL, *ref;

	(void)state;
	if (fc_test_src_path(path, sizeof path, "schema/checklists/selfbuilt.json") != 0)
		fail_msg("cannot find the source tree: set FC_ROOT");
	root = json_load_file(path, 0, NULL);
	assert_non_null(root);
	ref = json_object_get(
	    json_object_get(json_array_get(json_object_get(root, "grading"), 0), "input"),
	    "foundation");
	assert_non_null(ref);
	json_object_set_new(ref, "$item", json_string("S01"));
	assert_int_equal(fc_template_load_json(root, path, &tpl, &problems, &err), -1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(problems, 0), "message")),
	    "grading 1: \"$key\" of S01 must be \"foundation\" or \"levels\" of a members item");
	json_decref(problems);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_compact_text_becomes_the_grading_object),
	    cmocka_unit_test(test_chinese_punctuation_separates_like_ascii),
	    cmocka_unit_test(test_typing_mistakes_name_the_level),
	    cmocka_unit_test(test_the_object_form_is_checked_the_same_way),
	    cmocka_unit_test(test_the_item_message_names_the_item_then_the_level),
	    cmocka_unit_test(test_a_formal_self_built_check_is_graded_by_counts),
	    cmocka_unit_test(test_counts_for_the_wrong_number_of_storeys_are_a_problem),
	    cmocka_unit_test(test_a_key_is_only_taken_from_a_members_item),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
