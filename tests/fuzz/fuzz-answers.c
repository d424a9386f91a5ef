/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-answers: an answers file (`fieldcheck record --answers FILE.json`)
 * against the shipped checklists.
 *
 * The first byte picks the template (gas, selfbuilt, rural from
 * schema/checklists/); the rest is the answers file. It goes through
 * fc_checklist_evaluate(), the one call `record` and the TUI make: whole-set
 * validation, visibility, hazards, outcome, grading and obligations. Each
 * answer is also checked alone through fc_validate_answer(), the TUI's
 * per-keystroke path, in both languages.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/checklist.h"
#include "core/template.h"
#include "core/validate.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const answers_templates[] = {"gas", "selfbuilt", "rural"};
#define ANSWERS_N_TEMPLATES (sizeof answers_templates / sizeof answers_templates[0])
static struct fc_template *answers_tpl[ANSWERS_N_TEMPLATES];

static void
answers_load(void)
{
	for (size_t i = 0; i < ANSWERS_N_TEMPLATES; i++) {
		struct fc_error err = {0};
		char path[1024];

		snprintf(path, sizeof path, "%s/schema/checklists/%s.json", fuzz_root(),
			 answers_templates[i]);
		if (fc_template_load_file(path, &answers_tpl[i], NULL, &err) != 0) {
			fprintf(stderr, "fuzz-answers: %s (set FC_ROOT to the source tree)\n",
				err.msg);
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fc_template *tpl;
	struct fc_checklist cl = {0};
	struct fc_error err = {0};
	json_t *answers, *problems, *value;
	const char *key;

	if (answers_tpl[0] == NULL)
		answers_load();
	if (size < 1)
		return 0;
	tpl = answers_tpl[data[0] % ANSWERS_N_TEMPLATES];
	answers = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, NULL);
	if (answers == NULL)
		return 0;
	problems = json_array();
	if (fc_checklist_evaluate(tpl, answers, 2026, "zh", &cl, problems, &err) == 0) {
		if (cl.answers == NULL || cl.outcome[0] == '\0')
			abort();
		fc_checklist_release(&cl);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	json_decref(problems);

	if (json_is_object(answers)) {
		json_object_foreach(answers, key, value) {
			struct fc_error e = {0};

			if (fc_validate_answer(tpl, key, value, "en", &e) != 0 && e.msg[0] == '\0')
				abort();
		}
	}
	json_decref(answers);
	return 0;
}
