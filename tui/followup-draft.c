/* SPDX-License-Identifier: Apache-2.0 */
/*
 * followup-draft.c: the follow-up screen's draft (tui/followup-draft.h).
 * One member per hazard item with anything given, in the words of the
 * signed results (core/followup.c) so the draft reads like what it becomes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/record-model.h"
#include "tui/followup-draft.h"
#include "tui/i18n.h"

void
fc_fu_draft_key(const char *household, const char *record, char *key, size_t size)
{
	snprintf(key, size, "followup:%s:%s", household, record);
}

json_t *
fc_fu_row_json(const struct fc_fu_row *r)
{
	json_t *one = json_object();

	if (one == NULL)
		return NULL;
	if (r->result != FC_FU_OPEN)
		json_object_set_new(one, "result",
				    json_string(r->result == FC_FU_YES ? FC_RESULT_RECTIFIED
								       : FC_RESULT_NOT_RECTIFIED));
	if (r->note[0] != '\0')
		json_object_set_new(one, "note", json_string(r->note));
	if (r->deadline[0] != '\0')
		json_object_set_new(one, "deadline", json_string(r->deadline));
	if (json_array_size(r->photos) > 0)
		json_object_set_new(one, "photo", json_deep_copy(r->photos));
	return one;
}

int
fc_fu_draft_save(struct fc_store *st, const char *key, const char *household, const char *record,
		 time_t opened, const struct fc_fu_row *rows, int n, struct fc_error *err)
{
	json_t *hazards = json_object(), *draft;
	char *text;
	int ret;

	for (int i = 0; i < n && hazards != NULL; i++) {
		json_t *one = fc_fu_row_json(&rows[i]);

		if (json_object_size(one) > 0)
			json_object_set(hazards, rows[i].h.item, one);
		json_decref(one);
	}
	if (hazards == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory saving the draft"));
	/* Nothing given: no draft to offer again. */
	if (json_object_size(hazards) == 0) {
		json_decref(hazards);
		return fc_store_delete_draft(st, key, err);
	}
	draft = json_pack("{s:s, s:s, s:I, s:o}", "household", household, "follows", record,
			  "opened", (json_int_t)opened, "hazards", hazards);
	text = draft != NULL ? json_dumps(draft, JSON_COMPACT) : NULL;
	json_decref(draft);
	if (text == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory saving the draft"));
	ret = fc_store_save_draft(st, key, text, err);
	free(text);
	return ret;
}

static void
fu_draft_apply(struct fc_fu_row *r, const json_t *one)
{
	const char *res = json_string_value(json_object_get(one, "result"));
	const char *note = json_string_value(json_object_get(one, "note"));
	const char *deadline = json_string_value(json_object_get(one, "deadline"));
	json_t *photos = json_object_get(one, "photo");

	r->result = res == NULL				    ? FC_FU_OPEN
		    : strcmp(res, FC_RESULT_RECTIFIED) == 0 ? FC_FU_YES
							    : FC_FU_NO;
	snprintf(r->note, sizeof r->note, "%s", note != NULL ? note : "");
	snprintf(r->deadline, sizeof r->deadline, "%.10s", deadline != NULL ? deadline : "");
	if (json_is_array(photos)) {
		json_decref(r->photos);
		r->photos = json_deep_copy(photos);
	}
}

int
fc_fu_draft_load(struct fc_store *st, const char *key, struct fc_fu_row *rows, int n,
		 time_t *opened, struct fc_error *err)
{
	struct fc_error none = {0};
	char *text = NULL;
	json_t *root, *hazards;

	if (fc_store_load_draft(st, key, &text, &none) != 0)
		return none.code == FC_E_NOTFOUND ? 0
						  : fc_error_set(err, none.code, "%s", none.msg);
	root = json_loads(text, 0, NULL);
	free(text);
	hazards = json_object_get(root, "hazards");
	if (!json_is_object(hazards)) {
		json_decref(root);
		return fc_error_set(err, FC_E_INVALID,
				    _("the unsigned follow-up %s cannot be read"), key);
	}
	for (int i = 0; i < n; i++) {
		const json_t *one = json_object_get(hazards, rows[i].h.item);

		if (json_is_object(one))
			fu_draft_apply(&rows[i], one);
	}
	if (json_integer_value(json_object_get(root, "opened")) > 0)
		*opened = (time_t)json_integer_value(json_object_get(root, "opened"));
	json_decref(root);
	return 1;
}
