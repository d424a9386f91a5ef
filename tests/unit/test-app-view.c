/* SPDX-License-Identifier: Apache-2.0 */
/*
 * app/record-view.c: one layout of a record for both front ends. These pin
 * that labels end in one column by display width in Chinese and English,
 * that answers follow the form with option labels, words for yes/no and
 * units, that an answer the template does not name still shows, that typed
 * controls never reach a terminal, and that a body which does not parse keeps
 * the header and says which record it is. app/summary-view.c: the summary's
 * blocks name severities as the checklists do, mark forks and overdue
 * follow-ups, and clean what the server sent.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "app/record-view.h"
#include "app/summary-view.h"
#include "core/record.h"
#include "core/template.h"
#include "support.h"

#define TIME "2024-05-06T09:30:00+08:00"

struct fixture {
	unsigned char pk[FC_PK_BYTES];
	unsigned char sk[FC_SK_BYTES];
	struct fc_signer signer;
	struct fc_template *gas;
	struct fc_record rec;
	struct fc_view view;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};
	char path[4096];

	if (fx == NULL || fc_sign_init(&err) != 0)
		return -1;
	crypto_sign_keypair(fx->pk, fx->sk);
	snprintf(fx->signer.inspector, sizeof fx->signer.inspector, "I1");
	snprintf(fx->signer.device, sizeof fx->signer.device, "7f3a9c21");
	fx->signer.sk = fx->sk;
	if (fc_test_src_path(path, sizeof path, "schema/checklists/gas.json") != 0 ||
	    fc_template_load_file(path, &fx->gas, NULL, &err) != 0)
		return -1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fc_view_release(&fx->view);
	fc_record_release(&fx->rec);
	fc_template_free(fx->gas);
	free(fx);
	return 0;
}

/* Seal a gas inspection with these answers and hazards (JSON text). */
static void
fx_seal(struct fixture *fx, const char *answers, const char *hazards)
{
	struct fc_error err = {0};
	json_t *a = json_loads(answers, 0, NULL);
	json_t *h = hazards != NULL ? json_loads(hazards, 0, NULL) : NULL;
	struct fc_record_draft d = {
	    .type = FC_TYPE_INSPECTION,
	    .household = "H001",
	    .template_id = "gas",
	    .template_version = fx->gas->version,
	    .answers = a,
	    .hazards = h,
	    .outcome = h != NULL ? "stop" : "pass",
	};

	assert_non_null(a);
	assert_int_equal(fc_record_seal(&d, &fx->signer, 4, NULL, TIME, &fx->rec, &err), 0);
	json_decref(a);
	json_decref(h);
}

/* Lay out fx's record afresh in lang. */
static int
view(struct fixture *fx, const struct fc_template *tpl, const char *lang, struct fc_error *err)
{
	fc_view_release(&fx->view);
	fc_view_init(&fx->view, lang);
	return fc_record_view(NULL, &fx->rec, tpl, &fx->view, err);
}

/* The index of the first line equal to text, or fail naming it. */
static size_t
line_index(const struct fc_view *v, const char *text)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->lines[i].text, text) == 0)
			return i;
	fail_msg("no line \"%s\"", text);
	return 0;
}

static void
test_labels_end_in_one_column_by_display_width_in_either_language(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	fx_seal(fx, "{\"G00\":\"inspected\"}", NULL);
	assert_int_equal(view(fx, fx->gas, "zh", &err), 0);
	assert_string_equal(fx->view.lines[0].text,
			    "记录       7f3a9c21-000004（设备 7f3a9c21 第 4 条）");
	line_index(&fx->view, "类型       入户检查");
	line_index(&fx->view, "检查员     I1");
	line_index(&fx->view, "住户       H001");

	assert_int_equal(view(fx, fx->gas, "en", &err), 0);
	line_index(&fx->view, "type:      inspection");
	line_index(&fx->view, "inspector: I1");
}

static void
test_answers_follow_the_form_with_option_labels_words_and_units(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	fx_seal(fx, "{\"G24\":1.5,\"G10\":\"no\",\"G00\":\"inspected\"}", NULL);
	assert_int_equal(view(fx, fx->gas, "zh", &err), 0);
	size_t head = line_index(&fx->view, "答案：");
	assert_int_equal(fx->view.lines[head].style, FC_VIEW_SECTION);
	assert_string_equal(fx->view.lines[head - 1].text, "");
	assert_string_equal(fx->view.lines[head + 1].text, "  G00    访问结果: 入户检查");
	assert_string_equal(fx->view.lines[head + 2].text, "  G10    燃气表外观完好、计量正常: 否");
	assert_string_equal(fx->view.lines[head + 3].text, "  G24    软管长度: 1.5 m");
}

static void
test_an_answer_the_template_does_not_name_still_shows_by_its_id(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	fx_seal(fx, "{\"G00\":\"inspected\",\"X99\":3}", NULL);
	assert_int_equal(view(fx, fx->gas, "en", &err), 0);
	line_index(&fx->view, "  X99    3");

	/* No template on this device: every answer raw, by id. */
	assert_int_equal(view(fx, NULL, "en", &err), 0);
	line_index(&fx->view, "  G00    inspected");
	line_index(&fx->view, "template:   (gas version 3)");
}

static void
test_hazards_carry_the_template_severity_and_typed_controls_never_reach_a_terminal(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	fx_seal(fx, "{\"G00\":\"inspected\"}",
		"[{\"item\":\"G40\",\"severity\":\"stop\",\"note\":\"漏气\\u001b[2J\"}]");
	assert_int_equal(view(fx, fx->gas, "zh", &err), 0);
	size_t head = line_index(&fx->view, "隐患：");
	const char *line = fx->view.lines[head + 1].text;
	assert_non_null(strstr(line, "  G40      立即停气/停用"));
	assert_non_null(strstr(line, "漏气\xef\xbf\xbd[2J"));
	for (size_t i = 0; i < fx->view.n; i++)
		assert_null(strchr(fx->view.lines[i].text, '\033'));
	/* The outcome is what a reader must not miss. */
	assert_int_equal(fx->view.lines[line_index(&fx->view, "结论       立即停气/停用")].style,
			 FC_VIEW_STRONG);
}

static void
test_a_body_that_does_not_parse_keeps_the_header_and_names_the_record(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	fx_seal(fx, "{\"G00\":\"inspected\"}", NULL);
	free(fx->rec.body);
	fx->rec.body = strdup("{\"v\":1}");
	fx->rec.body_len = strlen(fx->rec.body);
	assert_int_equal(view(fx, fx->gas, "en", &err), -1);
	assert_int_equal(strncmp(err.msg, "7f3a9c21-000004: ", 17), 0);
	assert_string_equal(fx->view.lines[0].text,
			    "record:    7f3a9c21-000004 (number 4 on device 7f3a9c21)");
}

/* A summary as the server sends it: one district, one device, one fork. */
#define SUMMARY_JSON                                                                               \
	"{\"until\":\"2026-12-05\",\"groups\":[{\"key\":\"D1\\u001b[2J\","                         \
	"\"inspections\":2,\"nobody_home\":1,\"refusals\":0,"                                      \
	"\"hazards\":{\"major\":1,\"ordinary\":2},\"hazard_items\":{\"G04\":3},"                   \
	"\"hazards_open\":3,\"hazards_overdue\":1,\"households_overdue\":4,\"grades\":{},"         \
	"\"devices\":[{\"device\":\"ea6514ef\",\"inspector\":\"ana\",\"last_sync\":0,\"held\":3}]" \
	","                                                                                        \
	"\"forks\":[{\"device\":\"ea6514ef\",\"inspector\":\"ana\",\"seq\":7}]}]}"

static void
test_a_summary_block_names_severities_and_marks_forks_and_overdue_follow_ups(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct fc_templates set = {.v = &fx->gas, .n = 1};
	json_t *summary = json_loads(SUMMARY_JSON, 0, NULL);

	assert_non_null(summary);
	fc_view_init(&fx->view, "zh");
	assert_int_equal(fc_summary_view(summary, 0, &set, &fx->view, &err), 0);
	assert_string_equal(fx->view.lines[0].text, "汇总（按区域），开始 至 2026-12-05");
	size_t head = line_index(&fx->view, "D1\xef\xbf\xbd[2J");
	assert_int_equal(fx->view.lines[head].style, FC_VIEW_SECTION);
	line_index(&fx->view, "  入户检查 2，到访不遇 1，拒绝入户 0");
	line_index(&fx->view, "  发现隐患：重大隐患 1，一般隐患 2");
	line_index(&fx->view, "  隐患按项目：G04 3");
	assert_int_equal(fx->view.lines[line_index(&fx->view, "  未整改隐患 3，整改超期 1")].style,
			 FC_VIEW_STRONG);
	line_index(&fx->view, "  设备 ea6514ef（ana）：最近同步 从未，服务器持有 3 条");
	assert_int_equal(
	    fx->view
		.lines[line_index(&fx->view,
				  "  分叉：设备 ea6514ef（ana）第 7 条记录出现两个不同版本")]
		.style,
	    FC_VIEW_STRONG);
	json_decref(summary);
}

static void
test_an_empty_summary_says_nothing_was_synced_and_ids_stand_in_for_unknown_severities(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	json_t *empty = json_loads(
	    "{\"since\":\"2099-01-01\",\"until\":\"2099-02-01\",\"groups\":[]}", 0, NULL);
	json_t *summary = json_loads(SUMMARY_JSON, 0, NULL);

	fc_view_init(&fx->view, "en");
	assert_int_equal(fc_summary_view(empty, 1, NULL, &fx->view, &err), 0);
	assert_int_equal(fx->view.n, 2);
	assert_string_equal(fx->view.lines[0].text,
			    "Summary by inspector, 2099-01-01 to 2099-02-01");
	assert_string_equal(fx->view.lines[1].text, "Nothing synced in this period.");
	fc_view_release(&fx->view);

	fc_view_init(&fx->view, "en");
	assert_int_equal(fc_summary_view(summary, 0, NULL, &fx->view, &err), 0);
	line_index(&fx->view, "  Hazards found: major 1, ordinary 2");
	json_decref(empty);
	json_decref(summary);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		test_labels_end_in_one_column_by_display_width_in_either_language, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_answers_follow_the_form_with_option_labels_words_and_units, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_answer_the_template_does_not_name_still_shows_by_its_id, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_hazards_carry_the_template_severity_and_typed_controls_never_reach_a_terminal,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_body_that_does_not_parse_keeps_the_header_and_names_the_record, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_a_summary_block_names_severities_and_marks_forks_and_overdue_follow_ups, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_empty_summary_says_nothing_was_synced_and_ids_stand_in_for_unknown_severities,
		setup, teardown),
	};

	/* Display widths come from wcwidth(), which needs a UTF-8 character type. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
