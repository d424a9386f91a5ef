/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/template.c and core/templates.c: the shipped templates load with no
 * problems; the search path finds them, prefers the home's updates and keeps
 * every version; the lint names every problem of a broken template; and a
 * fourth template added as a file only (tests/data/checklists/manhole.json)
 * is loaded, filled, validated, its hazards derived and a record signed and
 * stored with it: the engine needs no code for a new checklist.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/chain.h"
#include "core/checklist.h"
#include "core/keyfile.h"
#include "core/store.h"
#include "core/template.h"
#include "support.h"

/* A path under the source tree; the test fails when it cannot be found. */
static void
src_path(char *out, size_t size, const char *rel)
{
	if (fc_test_src_path(out, size, rel) != 0)
		fail_msg("cannot find the source tree: set FC_ROOT");
}

struct fixture {
	char dir[64];
	char home[128];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-template-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->home, sizeof fx->home, "%s/home", fx->dir);
	setenv("FIELDCHECK_HOME", fx->home, 1);
	unsetenv("FIELDCHECK_TEMPLATES");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	if (fc_test_rmtree(fx->dir) != 0)
		return -1;
	free(fx);
	return 0;
}

static json_t *
problems_of_json(const char *text)
{
	struct fc_template *tpl = NULL;
	json_t *problems = NULL;
	struct fc_error err = {0};
	json_t *root = json_loads(text, 0, NULL);

	assert_non_null(root);
	assert_int_equal(fc_template_load_json(root, "inline", &tpl, &problems, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_null(tpl);
	return problems;
}

static int
has_problem(const json_t *problems, const char *item, const char *text)
{
	const json_t *p;
	size_t i;

	json_array_foreach(problems, i, p) {
		const char *pi = json_string_value(json_object_get(p, "item"));
		const char *msg = json_string_value(json_object_get(p, "message"));

		if ((item == NULL || (pi != NULL && strcmp(pi, item) == 0)) && strstr(msg, text))
			return 1;
	}
	return 0;
}

static void
assert_problem(const json_t *problems, const char *item, const char *text)
{
	if (!has_problem(problems, item, text)) {
		char *s = json_dumps(problems, JSON_INDENT(1));

		print_error("%s\n", s);
		free(s);
		fail_msg("no problem '%s' for %s", text, item != NULL ? item : "the template");
	}
}

/* The shipped templates */

static void
test_the_three_shipped_templates_load_with_no_problems(void **state)
{
	/* The newest version of each, and the older ones kept so that old records stay readable. */
	const char *files[] = {"gas",	       "selfbuilt", "rural",	    "gas-v1",
			       "selfbuilt-v1", "rural-v1",  "selfbuilt-v2", "gas-v2"};
	const char *ids[] = {"gas",	  "selfbuilt", "rural",	    "gas",
			     "selfbuilt", "rural",     "selfbuilt", "gas"};
	const int versions[] = {3, 3, 2, 1, 1, 1, 2, 2};

	(void)state;
	for (size_t i = 0; i < 8; i++) {
		char path[4200], rel[64];
		struct fc_template *tpl = NULL;
		json_t *problems = NULL;
		struct fc_error err = {0};

		snprintf(rel, sizeof rel, "schema/checklists/%s.json", files[i]);
		src_path(path, sizeof path, rel);
		if (fc_template_load_file(path, &tpl, &problems, &err) != 0)
			fail_msg("%s", err.msg);
		assert_null(problems);
		assert_string_equal(tpl->id, ids[i]);
		assert_int_equal(tpl->version, versions[i]);
		/* The programme the ledger counts by: the file's field, or the id for v1. */
		assert_non_null(tpl->programme);
		assert_string_equal(tpl->programme, ids[i]);
		assert_true(tpl->n_items > 20);
		assert_true(tpl->n_rules > 15);
		/* Every item has both labels: the TUI switches language per inspector. */
		for (size_t k = 0; k < tpl->n_items; k++) {
			assert_non_null(tpl->items[k].label.zh);
			assert_non_null(tpl->items[k].label.en);
		}
		fc_template_free(tpl);
	}
}

static void
test_every_rule_keeps_a_source_tag_and_clause(void **state)
{
	char path[4200];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};
	size_t verify = 0;

	(void)state;
	src_path(path, sizeof path, "schema/checklists/gas.json");
	assert_int_equal(fc_template_load_file(path, &tpl, NULL, &err), 0);
	for (size_t r = 0; r < tpl->n_rules; r++) {
		const struct fc_rule *ru = &tpl->rules[r];

		assert_non_null(ru->tag);
		assert_true(strlen(ru->clause) > 0);
		/* A second-hand figure says what to verify before relying on it. */
		if (strcmp(ru->tag, "S?") == 0) {
			assert_non_null(ru->verify);
			verify++;
		}
	}
	assert_true(verify >= 5);
	fc_template_free(tpl);
}

/* 1 when the rule's flags hold flag. */
static int
rule_flagged(const struct fc_rule *ru, const char *flag)
{
	size_t i;
	const json_t *f;

	json_array_foreach(ru->flags, i, f)
		if (json_is_string(f) && strcmp(json_string_value(f), flag) == 0)
			return 1;
	return 0;
}

static void
test_every_gas_rule_citing_article_9_is_major_with_the_notice_flags(void **state)
{
	char path[4200];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};
	size_t cited = 0;

	(void)state;
	src_path(path, sizeof path, "schema/checklists/gas.json");
	assert_int_equal(fc_template_load_file(path, &tpl, NULL, &err), 0);
	/* docs/gas.md §3 and §8: every 第九条 item is major and flagged article9. */
	for (size_t r = 0; r < tpl->n_rules; r++) {
		const struct fc_rule *ru = &tpl->rules[r];

		if (strstr(ru->clause, "第九条") == NULL)
			continue;
		cited++;
		if (strcmp(ru->severity, "major") != 0 || !rule_flagged(ru, "article9") ||
		    !rule_flagged(ru, "requires_notice"))
			fail_msg("%s cites 第九条 but is %s without article9 and requires_notice",
				 ru->id, ru->severity);
	}
	assert_true(cited >= 9);
	fc_template_free(tpl);
}

static void
test_the_search_path_finds_the_shipped_templates(void **state)
{
	struct fc_templates set;
	struct fc_error err = {0};

	(void)state;
	assert_int_equal(fc_templates_load(&set, &err), 0);
	assert_non_null(fc_templates_find(&set, "gas", 0, &err));
	assert_non_null(fc_templates_find(&set, "selfbuilt", 0, &err));
	assert_non_null(fc_templates_find(&set, "rural", 1, &err));
	assert_null(fc_templates_find(&set, "manhole", 0, &err));
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_non_null(strstr(err.msg, "template manhole: not found (loaded: "));
	fc_templates_release(&set);
}

/* Write tpl's JSON with a new version (and label) to path. */
static void
write_version(const char *from, const char *path, int version, const char *label_en)
{
	json_t *root = json_load_file(from, 0, NULL);

	assert_non_null(root);
	json_object_set_new(root, "version", json_integer(version));
	json_object_set_new(json_object_get(root, "label"), "en", json_string(label_en));
	assert_int_equal(json_dump_file(root, path, 0), 0);
	json_decref(root);
}

static void
test_the_highest_version_wins_and_old_versions_stay_loadable(void **state)
{
	struct fixture *fx = *state;
	char gas[4200], dir[128], path[200];
	struct fc_templates set;
	struct fc_error err = {0};
	const struct fc_template *t;

	src_path(gas, sizeof gas, "schema/checklists/gas.json");
	snprintf(dir, sizeof dir, "%s/updates", fx->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	/* One above the shipped newest (version 3). */
	snprintf(path, sizeof path, "%s/gas-v4.json", dir);
	write_version(gas, path, 4, "gas check, fourth edition");
	setenv("FIELDCHECK_TEMPLATES", dir, 1);
	assert_int_equal(fc_templates_load(&set, &err), 0);
	t = fc_templates_find(&set, "gas", 0, &err);
	assert_non_null(t);
	assert_int_equal(t->version, 4);
	assert_string_equal(t->label.en, "gas check, fourth edition");
	t = fc_templates_find(&set, "gas", 1, &err);
	assert_non_null(t);
	assert_string_equal(t->label.en, "Household gas safety inspection");
	assert_null(fc_templates_find(&set, "gas", 5, &err));
	assert_non_null(strstr(err.msg, "template gas version 5: not found"));
	fc_templates_release(&set);
}

static void
test_the_homes_templates_come_before_the_shipped_ones(void **state)
{
	struct fixture *fx = *state;
	char gas[4200], dir[200], path[260];
	struct fc_templates set;
	struct fc_error err = {0};
	const struct fc_template *t;

	src_path(gas, sizeof gas, "schema/checklists/gas.json");
	assert_int_equal(mkdir(fx->home, 0700), 0);
	snprintf(dir, sizeof dir, "%s/templates", fx->home);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/gas.json", dir);
	write_version(gas, path, 1, "pulled by sync");
	assert_int_equal(fc_templates_load(&set, &err), 0);
	t = fc_templates_find(&set, "gas", 1, &err);
	assert_string_equal(t->label.en, "pulled by sync");
	assert_string_equal(t->path, path);
	fc_templates_release(&set);
}

static void
test_an_invalid_file_in_the_path_is_skipped_and_listed(void **state)
{
	char bad[4200];
	struct fc_templates set;
	struct fc_error err = {0};

	(void)state;
	src_path(bad, sizeof bad, "tests/data/checklists-bad");
	setenv("FIELDCHECK_TEMPLATES", bad, 1);
	assert_int_equal(fc_templates_load(&set, &err), 0);
	assert_int_equal(json_array_size(set.skipped), 1);
	assert_non_null(
	    strstr(json_string_value(json_object_get(json_array_get(set.skipped, 0), "message")),
		   "broken.json: 10 problems; first: "));
	assert_non_null(fc_templates_find(&set, "gas", 0, &err));
	fc_templates_release(&set);
}

/* The author's lint */

/* The lint beyond loading: grading inputs collected, grades mapped to outcomes. */

static json_t *
lint_file(const char *rel, json_t *(*edit)(json_t *root))
{
	char path[4200];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};
	json_t *root, *problems = json_array();

	src_path(path, sizeof path, rel);
	root = json_load_file(path, 0, NULL);
	assert_non_null(root);
	if (edit != NULL)
		root = edit(root);
	if (fc_template_load_json(root, path, &tpl, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	fc_template_lint(tpl, problems);
	fc_template_free(tpl);
	return problems;
}

static void
test_the_lint_passes_the_shipped_templates(void **state)
{
	const char *files[] = {"schema/checklists/gas.json", "schema/checklists/selfbuilt.json",
			       "schema/checklists/rural.json",
			       "tests/data/checklists/manhole.json"};

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		json_t *p = lint_file(files[i], NULL);

		if (json_array_size(p) > 0) {
			char *s = json_dumps(p, JSON_INDENT(1));

			print_error("%s\n", s);
			free(s);
			fail_msg("%s: the lint found problems", files[i]);
		}
		json_decref(p);
	}
}

static void
test_the_lint_finds_the_height_gap_of_selfbuilt_v1(void **state)
{
	json_t *p = lint_file("schema/checklists/selfbuilt-v1.json", NULL);

	(void)state;
	/* Why version 2 exists: more than 6 storeys could not be graded. */
	assert_problem(p, NULL,
		       "grading 1 (jgj125_2016) needs height_m when floors > 6, but no item "
		       "collects it (accepted answers S01=7, S44=yes)");
	assert_problem(p, NULL,
		       "outcome: grade D, which grading 1 (jgj125_2016) can compute, "
		       "maps to no outcome");
	json_decref(p);
}

static void
test_the_lint_finds_an_answer_the_grading_map_drops_in_selfbuilt_v2(void **state)
{
	json_t *p = lint_file("schema/checklists/selfbuilt-v2.json", NULL);

	(void)state;
	/* Why S48c is a choice in version 3: "na" reached the grading as nothing. */
	assert_problem(p, "S48c",
		       "S48c: grading 1 (jgj125_2016) takes this answer through \"$map\", which "
		       "gives no value for 'na', an answer the form accepts");
	assert_problem(p, "S48c", "S48c: grading 2 (jgj125_2016)");
	assert_int_equal(json_array_size(p), 2);
	json_decref(p);
}

static void
test_the_lint_names_the_item_asked_too_late(void **state)
{
	json_t *p = lint_file("tests/data/checklists-bad/grading-gap.json", NULL);

	(void)state;
	assert_int_equal(json_array_size(p), 2);
	assert_problem(p, "F03",
		       "F03: grading 1 (jgj125_2016) needs height_m when floors > 6, but F03 is "
		       "not asked or may be left unanswered for the accepted answers F01=7, "
		       "F02=yes");
	assert_problem(p, NULL, "outcome: grade D");
	json_decref(p);
}

/* Rural: the foundation (R20) asked only when the site is plainly not dangerous. */
static json_t *
rural_r20_only_after_no(json_t *root)
{
	json_t *sec, *it;
	size_t i, j;

	json_array_foreach(json_object_get(root, "sections"), i, sec)
		json_array_foreach(json_object_get(sec, "items"), j, it)
			if (strcmp(json_string_value(json_object_get(it, "id")), "R20") == 0)
				json_object_set_new(
				    it, "show_if",
				    json_pack("{s:s,s:s}", "item", "R10", "eq", "no"));
	return root;
}

static void
test_the_lint_follows_an_input_needed_unless_the_site_is_dangerous(void **state)
{
	json_t *p = lint_file("schema/checklists/rural.json", rural_r20_only_after_no);

	(void)state;
	/* R10 "na" maps to a site that is not dangerous: the foundation is needed. */
	assert_problem(p, "R20",
		       "R20: grading 1 (rural2019) needs parts/foundation unless site_dangerous "
		       "is true, but R20 is not asked");
	assert_true(has_problem(p, "R20", "R10=na"));
	assert_int_equal(json_array_size(p), 1);
	json_decref(p);
}

static void
test_the_lint_names_every_problem_of_the_broken_template(void **state)
{
	char path[4200];
	struct fc_template *tpl = NULL;
	json_t *p = NULL;
	struct fc_error err = {0};

	(void)state;
	src_path(path, sizeof path, "tests/data/checklists-bad/broken.json");
	assert_int_equal(fc_template_load_file(path, &tpl, &p, &err), -1);
	assert_int_equal(json_array_size(p), 10);
	assert_problem(p, NULL, "template: label has no English text (en)");
	assert_problem(p, "B02", "B02: range min 10 is greater than max 5");
	assert_problem(p, "B01", "B01: duplicate item id");
	assert_problem(p, "B03", "B03 hazard 1: bad severity \"fatal\"");
	assert_problem(p, "B04", "B04: label has no English text (en)");
	assert_problem(p, "B04", "B04: unknown type \"slider\"");
	assert_problem(p, "B05", "B05: unknown field \"requried\"");
	assert_problem(p, "B01", "B01 show_if: condition on B03, which comes later in the form");
	assert_problem(p, "B05", "B05 show_if: unknown item B99");
	assert_problem(p, "B01", "B01 hazard B01-1: c is not a possible answer of B01 (choice)");
	json_decref(p);
}

#define TPL_HEAD                                                                                   \
	"{\"format\":1,\"id\":\"t\",\"version\":1,\"label\":{\"zh\":\"甲\",\"en\":\"a\"},"        \
	"\"outcome\":{\"by_severity\":true,\"none\":\"ok\"},\"sections\":[{\"id\":\"s\","          \
	"\"label\":{\"zh\":\"节\",\"en\":\"s\"},\"items\":["
#define YN(id) "{\"id\":\"" id "\",\"label\":{\"zh\":\"项\",\"en\":\"i\"},\"type\":\"yesno\"}"

static void
test_an_override_note_must_name_a_text_item_beside_an_override_item(void **state)
{
	json_t *p = problems_of_json(
	    "{\"format\":1,\"id\":\"t\",\"version\":1,\"label\":{\"zh\":\"甲\",\"en\":\"a\"},"
	    "\"outcome\":{\"by_severity\":true,\"none\":\"ok\",\"override_note\":\"A1\"},"
	    "\"sections\":[{\"id\":\"s\",\"label\":{\"zh\":\"节\",\"en\":\"s\"},\"items\":[" YN(
		"A1") "]}]}");

	(void)state;
	assert_problem(p, NULL,
		       "outcome: override_note must name a text item, and needs override_item");
	json_decref(p);
}

static void
test_the_lint_checks_conditions_operator_by_operator(void **state)
{
	json_t *p = problems_of_json(TPL_HEAD YN(
	    "A1") ","
		  "{\"id\":\"A2\",\"label\":{\"zh\":\"项\",\"en\":\"i\"},\"type\":\"number\","
		  "\"min\":0,"
		  "\"max\":5,\"show_if\":{\"item\":\"A1\",\"gt\":3},"
		  "\"hazards\":[{\"when\":{\"like\":1},\"severity\":\"major\",\"note\":{\"zh\":"
		  "\"注\","
		  "\"en\":\"n\"},\"tag\":\"X\",\"clause\":\"c\"},"
		  "{\"when\":{\"gt\":{\"item\":\"A1\"}},\"severity\":\"major\",\"note\":{\"zh\":"
		  "\"注\","
		  "\"en\":\"n\"},\"tag\":\"P\",\"clause\":\"c\"}]},"
		  "{\"id\":\"A3\",\"label\":{\"zh\":\"项\",\"en\":\"i\"},\"type\":\"yesno\","
		  "\"show_if\":{\"all\":[]}}]}]}");

	(void)state;
	assert_problem(p, "A2", "A2 show_if: \"gt\" needs a numeric item, A1 is yesno");
	assert_problem(p, "A2", "unknown operator \"like\"");
	assert_problem(p, "A2", "tag \"X\" is not one of S, S?, L, P, L/P");
	assert_problem(p, "A2", "A2 compared with A1, which is not numeric");
	assert_problem(p, "A3", "\"all\"/\"any\" takes a non-empty list");
	json_decref(p);
}

/* A one-item template of id %s, then three strings for more fields. */
#define TPL_OF_ID                                                                                  \
	"{\"format\":1,\"id\":\"%s\",\"version\":1%s%s%s,\"label\":{\"zh\":\"甲\",\"en\":"        \
	"\"a\"},\"outcome\":{\"by_severity\":true,\"none\":\"ok\"},\"sections\":[{\"id\":\"s\","   \
	"\"label\":{\"zh\":\"节\",\"en\":\"s\"},\"items\":[" YN("A1") "]}]}"

/* The programme the ledger counts a record under comes from its template's id alone. */
static void
test_a_programme_must_agree_with_the_id(void **state)
{
	static const char *const bad[][3] = {
	    /* id, programme, the problem */
	    {"restaurant", "gas",
	     "\"programme\" is \"gas\", but records of the id \"restaurant\" are counted under "
	     "\"restaurant\": name the template gas or gas-…"},
	    {"rural-shop", "gas",
	     "\"programme\" is \"gas\", but records of the id \"rural-shop\" are counted under "
	     "\"rural\""},
	    {"gasx", "gas", "records of the id \"gasx\" are counted under \"gasx\""},
	    {"gas-x", "fire", "\"programme\" must be gas, selfbuilt or rural, not \"fire\""},
	};
	static const char *const good[][3] = {
	    /* id, programme ("" for none), the programme it belongs to ("" for none) */
	    {"gas-restaurant", "gas", "gas"},
	    {"gas-restaurant", "", "gas"},
	    {"selfbuilt", "selfbuilt", "selfbuilt"},
	    {"rural-house", "", "rural"},
	    {"manhole", "", ""},
	};
	char text[2048];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *p;

		snprintf(text, sizeof text, TPL_OF_ID, bad[i][0], ",\"programme\":\"", bad[i][1],
			 "\"");
		p = problems_of_json(text);
		assert_problem(p, NULL, bad[i][2]);
		json_decref(p);
	}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct fc_template *tpl = NULL;
		json_t *problems = NULL, *root;
		struct fc_error err = {0};
		char prog[64] = "";

		if (good[i][1][0] != '\0')
			snprintf(prog, sizeof prog, ",\"programme\":\"%s\"", good[i][1]);
		snprintf(text, sizeof text, TPL_OF_ID, good[i][0], prog, "", "");
		root = json_loads(text, 0, NULL);
		assert_non_null(root);
		if (fc_template_load_json(root, "inline", &tpl, &problems, &err) != 0)
			fail_msg("%s %s: %s", good[i][0], good[i][1], err.msg);
		assert_null(problems);
		if (good[i][2][0] == '\0')
			assert_null(tpl->programme);
		else
			assert_string_equal(tpl->programme, good[i][2]);
		fc_template_free(tpl);
	}
}

static void
test_an_obligation_must_name_real_items_and_a_trigger(void **state)
{
	json_t *p = problems_of_json(TPL_HEAD YN(
	    "A1") "]}],\"obligations\":[{\"id\":\"o\","
		  "\"require\":[{\"item\":\"A9\",\"eq\":\"yes\"}],\"message\":{\"zh\":\"须\","
		  "\"en\":\"m\"},"
		  "\"tag\":\"P\",\"clause\":\"c\",\"if_severity\":[\"huge\"]},{\"id\":\"o2\","
		  "\"require\":[{\"item\":\"A1\",\"eq\":\"yes\"}],\"message\":{\"zh\":\"须\","
		  "\"en\":\"m\"},"
		  "\"tag\":\"P\",\"clause\":\"c\"}]}");

	(void)state;
	assert_problem(p, NULL, "obligation o: bad severity \"huge\"");
	assert_problem(p, "A9", "obligation o: unknown item A9");
	assert_problem(p, NULL, "obligation o2: needs a trigger");
	json_decref(p);
}

static void
test_a_file_with_a_duplicate_key_is_refused_with_its_line(void **state)
{
	struct fixture *fx = *state;
	char path[128];
	FILE *f;
	struct fc_template *tpl = NULL;
	json_t *p = NULL;
	struct fc_error err = {0};

	snprintf(path, sizeof path, "%s/dup.json", fx->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"id\": \"a\",\n \"id\": \"b\"}\n", f);
	fclose(f);
	assert_int_equal(fc_template_load_file(path, &tpl, &p, &err), -1);
	assert_non_null(strstr(err.msg, "dup.json:2: a name appears twice in one object"));
	assert_int_equal(json_array_size(p), 1);
	json_decref(p);
}

/* The grading section maps answers onto the grading function's input. */
static void
test_rural_answers_become_the_grading_input(void **state)
{
	char path[4200];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};
	unsigned char shown[64];
	const char *method;
	json_t *in, *eff;
	json_t *a =
	    json_loads("{\"R01\":\"1\",\"R10\":\"no\",\"R20\":\"b\",\"R21\":\"a\","
		       "\"R24\":\"na\",\"R30\":\"C\",\"R31\":\"墙体老化\",\"R40\":\"partial\"}",
		       0, NULL);

	(void)state;
	src_path(path, sizeof path, "schema/checklists/rural.json");
	assert_int_equal(fc_template_load_file(path, &tpl, NULL, &err), 0);
	eff = fc_template_visibility(tpl, a, 2026, shown);
	assert_int_equal(fc_checklist_grade_input(tpl, eff, 2026, &method, &in, &err), 0);
	assert_string_equal(method, "rural2019");
	char *s = json_dumps(in, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(
	    s, "{\"disaster_measures\":\"partial\",\"override\":{\"grade\":\"C\","
	       "\"note\":\"墙体老化\"},\"parts\":{\"bearing_wall\":\"a\",\"foundation\":\"b\","
	       "\"rc_frame\":\"na\"},\"site_dangerous\":false}");
	free(s);
	json_decref(in);
	json_decref(eff);
	json_decref(a);
	fc_template_free(tpl);
}

/* The fourth template: a file only, no code. */
static void
test_a_fourth_template_is_loaded_filled_validated_signed_and_stored(void **state)
{
	struct fixture *fx = *state;
	char dir[4200], keypath[200], dbpath[200];
	struct fc_templates set;
	const struct fc_template *tpl;
	struct fc_checklist cl;
	struct fc_error err = {0};
	struct fc_kdf_cost cost = {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
	struct fc_identity id;
	struct fc_key *key = NULL;
	struct fc_store *st = NULL;
	struct fc_signer signer;
	struct fc_record rec = {0}, back = {0};
	struct fc_record_draft draft = {0};
	json_t *problems = json_array();
	json_t *bad =
	    json_loads("{\"M01\":\"missing\",\"M02\":4,\"M03\":\"yes\",\"M10\":0}", 0, NULL);
	json_t *good = json_loads("{\"M01\":\"missing\",\"M03\":\"no\",\"M10\":12,"
				  "\"M11\":[\"odour\",\"blockage\"],\"M13\":\"yes\"}",
				  0, NULL);

	src_path(dir, sizeof dir, "tests/data/checklists");
	setenv("FIELDCHECK_TEMPLATES", dir, 1);
	assert_int_equal(fc_templates_load(&set, &err), 0);
	tpl = fc_templates_find(&set, "manhole", 0, &err);
	assert_non_null(tpl);

	/* Hidden item answered, and the urgent hazard's obligation unmet. */
	assert_int_equal(fc_checklist_evaluate(tpl, bad, 2026, "en", &cl, problems, &err), -1);
	assert_problem(problems, "M02", "M02: Height difference to the road is not asked");
	json_array_clear(problems);
	json_object_del(bad, "M02");
	assert_int_equal(fc_checklist_evaluate(tpl, bad, 2026, "en", &cl, problems, &err), -1);
	assert_problem(problems, "M13", "M13: Barrier set up: an urgent hazard needs a barrier");

	assert_int_equal(fc_checklist_evaluate(tpl, good, 2026, "en", &cl, NULL, &err), 0);
	assert_string_equal(cl.outcome, "urgent");
	assert_string_equal(cl.record_type, "inspection");
	assert_int_equal(json_array_size(cl.hazards), 3);

	snprintf(keypath, sizeof keypath, "%s/key.json", fx->dir);
	snprintf(dbpath, sizeof dbpath, "%s/store.db", fx->dir);
	assert_int_equal(fc_keyfile_create(keypath, "I9", "测试", "258036", &cost, &id, &err), 0);
	assert_int_equal(fc_keyfile_unlock(keypath, "258036", time(NULL), &key, NULL, &err), 0);
	assert_int_equal(fc_store_open(dbpath, &st, &err), 0);
	assert_int_equal(fc_store_set_identity(st, &id, &err), 0);
	fc_key_signer(key, &signer);
	draft.type = cl.record_type;
	draft.household = "W1";
	draft.template_id = tpl->id;
	draft.template_version = tpl->version;
	draft.answers = cl.answers;
	draft.hazards = cl.hazards;
	draft.outcome = cl.outcome;
	if (fc_store_add_record(st, &draft, &signer, NULL, &rec, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(fc_store_get_record(st, rec.id, &back, &err), 0);
	assert_int_equal(fc_record_check(&back, id.pk, &err), 0);
	assert_string_equal(back.template_id, "manhole");
	assert_string_equal(back.outcome, "urgent");
	assert_non_null(strstr(back.body, "\"M11\""));

	fc_record_release(&back);
	fc_record_release(&rec);
	fc_store_close(st);
	fc_key_free(key);
	fc_checklist_release(&cl);
	fc_templates_release(&set);
	json_decref(problems);
	json_decref(bad);
	json_decref(good);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_the_three_shipped_templates_load_with_no_problems,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_every_rule_keeps_a_source_tag_and_clause, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_the_search_path_finds_the_shipped_templates, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_highest_version_wins_and_old_versions_stay_loadable, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_homes_templates_come_before_the_shipped_ones,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_an_invalid_file_in_the_path_is_skipped_and_listed,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_lint_names_every_problem_of_the_broken_template, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_override_note_must_name_a_text_item_beside_an_override_item, setup,
		teardown),
	    cmocka_unit_test(test_every_gas_rule_citing_article_9_is_major_with_the_notice_flags),
	    cmocka_unit_test_setup_teardown(test_the_lint_passes_the_shipped_templates, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_the_lint_finds_the_height_gap_of_selfbuilt_v1,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_lint_finds_an_answer_the_grading_map_drops_in_selfbuilt_v2, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_the_lint_names_the_item_asked_too_late, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_lint_follows_an_input_needed_unless_the_site_is_dangerous, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_the_lint_checks_conditions_operator_by_operator,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_programme_must_agree_with_the_id, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_an_obligation_must_name_real_items_and_a_trigger,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_file_with_a_duplicate_key_is_refused_with_its_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rural_answers_become_the_grading_input, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_fourth_template_is_loaded_filled_validated_signed_and_stored, setup,
		teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
