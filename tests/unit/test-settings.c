/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-settings.c: per-district settings (schema/settings.json) and the
 * answers they fill: the shipped file loads, a district overrides a default, a
 * wrong file is refused naming the key, the registry kind and the settings
 * replace ("fixed") what an answers file says, and a gas template's kinds are
 * checked against the household's.
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

#include "core/checklist.h"
#include "core/settings.h"
#include "core/template.h"
#include "support.h"

static json_t *
load_settings_text(const char *text, struct fc_error *err)
{
	char path[] = "/tmp/fc-settings-XXXXXX";
	int fd = mkstemp(path);
	json_t *out = NULL;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	fc_settings_load_file(path, &out, err);
	unlink(path);
	return out;
}

static void
test_the_shipped_settings_load_and_a_district_overrides_a_default(void **state)
{
	char path[4200];
	struct fc_error err = {0};
	json_t *s = NULL;

	(void)state;
	assert_int_equal(fc_test_src_path(path, sizeof path, "schema/settings.json"), 0);
	if (fc_settings_load_file(path, &s, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(json_is_false(fc_settings_get(s, "城关镇", "gas.flame_failure_article9")));
	assert_int_equal(json_integer_value(fc_settings_get(s, NULL, "gas.rubber_hose_years")), 2);
	json_decref(s);
	s = load_settings_text("{\"format\":1,\"defaults\":{\"gas.rubber_hose_years\":2},"
			       "\"districts\":{\"d1\":{\"gas.rubber_hose_years\":3}}}",
			       &err);
	assert_non_null(s);
	assert_int_equal(json_integer_value(fc_settings_get(s, "d1", "gas.rubber_hose_years")), 3);
	assert_int_equal(json_integer_value(fc_settings_get(s, "d2", "gas.rubber_hose_years")), 2);
	assert_null(fc_settings_get(s, "d1", "no.such"));
	json_decref(s);
}

static void
test_a_wrong_settings_file_is_refused_naming_the_key(void **state)
{
	struct fc_error err = {0};

	(void)state;
	assert_null(load_settings_text("{\"format\":1,\"defaults\":{\"a\":true},"
				       "\"districts\":{\"d1\":{\"b\":true}}}",
				       &err));
	assert_non_null(strstr(err.msg, "districts.d1.b is not a setting (not in \"defaults\")"));
	assert_null(load_settings_text("{\"format\":1,\"defaults\":{\"a\":true},"
				       "\"districts\":{\"d1\":{\"a\":2}}}",
				       &err));
	assert_non_null(strstr(err.msg, "districts.d1.a must be of the same type as its default"));
	assert_null(load_settings_text("{\"format\":2,\"defaults\":{}}", &err));
	assert_non_null(strstr(err.msg, "\"format\" must be 1"));
}

static struct fc_template *
load_gas(void)
{
	char path[4200];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};

	assert_int_equal(fc_test_src_path(path, sizeof path, "schema/checklists/gas.json"), 0);
	if (fc_template_load_file(path, &tpl, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	return tpl;
}

static void
test_the_registry_and_the_district_replace_what_the_answers_say(void **state)
{
	struct fc_template *tpl = load_gas();
	struct fc_error err = {0};
	json_t *s = load_settings_text("{\"format\":1,\"defaults\":{\"gas.flame_failure_article9\":"
				       "false,\"gas.rubber_hose_years\":2},\"districts\":{\"d1\":{"
				       "\"gas.flame_failure_article9\":true}}}",
				       &err);
	json_t *a =
	    json_pack("{s:s, s:s, s:s}", "G00", "inspected", "G01k", "residential", "G30s", "no");
	struct fc_prefill_src src = {.kind = "catering", .district = "d1", .settings = s};

	(void)state;
	assert_non_null(s);
	fc_checklist_prefill(tpl, a, &src);
	/* Fixed items: the registry kind and the district's settings win. */
	assert_string_equal(json_string_value(json_object_get(a, "G01k")), "catering");
	assert_string_equal(json_string_value(json_object_get(a, "G30s")), "yes");
	assert_int_equal(json_integer_value(json_object_get(a, "G29s")), 2);
	/* G01 is only a proposal: filled when missing. */
	assert_string_equal(json_string_value(json_object_get(a, "G01")), "catering");
	json_object_set_new(a, "G01", json_string("residential"));
	src.district = "d2";
	fc_checklist_prefill(tpl, a, &src);
	assert_string_equal(json_string_value(json_object_get(a, "G01")), "residential");
	assert_string_equal(json_string_value(json_object_get(a, "G30s")), "no");
	/* A nobody-home visit is not asked the district's settings. */
	json_object_set_new(a, "G00", json_string("nobody_home"));
	json_object_del(a, "G30s");
	fc_checklist_prefill(tpl, a, &src);
	assert_null(json_object_get(a, "G30s"));
	json_decref(a);
	json_decref(s);
	fc_template_free(tpl);
}

static void
test_a_template_applies_only_to_its_kinds(void **state)
{
	struct fc_template *tpl = load_gas();
	struct fc_error err = {0};

	(void)state;
	assert_int_equal(fc_checklist_applies(tpl, "catering", "H1", &err), 0);
	assert_int_equal(fc_checklist_applies(tpl, "selfbuilt", "S1", &err), -1);
	assert_non_null(strstr(err.msg, "household S1 is of kind 'selfbuilt'; checklist gas "
					"applies to residential, catering, business"));
	fc_template_free(tpl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_shipped_settings_load_and_a_district_overrides_a_default),
	    cmocka_unit_test(test_a_wrong_settings_file_is_refused_naming_the_key),
	    cmocka_unit_test(test_the_registry_and_the_district_replace_what_the_answers_say),
	    cmocka_unit_test(test_a_template_applies_only_to_its_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
