/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-template: the checklist template loader on arbitrary bytes.
 *
 * Templates arrive from sync as template updates, so the loader is a parser of
 * outside input. The bytes are parsed with jansson and handed to
 * fc_template_load_json(), the loader fc_template_load_file() uses after
 * reading the file. A template the loader accepts is then walked the way the
 * TUI and `record` walk it: labels, visibility and a full evaluation of an
 * empty answer set, so a template that loads but crashes later is found too.
 */
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/checklist.h"
#include "core/template.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};
	json_t *problems = NULL, *root, *answers, *shown, *plist;
	unsigned char *vis;

	root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (root == NULL)
		return 0;
	if (fc_template_load_json(root, "fuzz.json", &tpl, &problems, &err) != 0) {
		if (err.msg[0] == '\0' || tpl != NULL)
			abort();
		json_decref(problems);
		return 0;
	}
	json_decref(problems);

	for (size_t i = 0; i < tpl->n_items; i++) {
		const struct fc_item *item = &tpl->items[i];

		if (fc_label_get(&item->label, "zh") == NULL && item->label.zh != NULL)
			abort();
		if (fc_template_item(tpl, item->id) == NULL)
			abort();
	}
	answers = json_object();
	vis = calloc(tpl->n_items + 1, 1);
	if (answers != NULL && vis != NULL) {
		struct fc_checklist cl = {0};

		shown = fc_template_visibility(tpl, answers, 2026, vis);
		json_decref(shown);
		plist = json_array();
		if (fc_checklist_evaluate(tpl, answers, 2026, "en", &cl, plist, &err) == 0)
			fc_checklist_release(&cl);
		json_decref(plist);
	}
	free(vis);
	json_decref(answers);
	fc_template_free(tpl);
	return 0;
}
