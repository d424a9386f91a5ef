/* SPDX-License-Identifier: Apache-2.0 */
/*
 * form.c: the state of a checklist in progress and its draft.
 *
 * The draft is JSON {"household", "template", "version", "corrects"?,
 * "visit"?, "answers", "at", "opened"}: answers to items that a later answer hid are kept in the
 * draft (so changing one's mind brings them back) but never reach a record,
 * which is made from fc_form_shown_answers().
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/checklist.h"
#include "core/hazard.h"
#include "core/record-model.h"
#include "core/settings.h"
#include "core/validate.h"
#include "tui/form.h"
#include "tui/i18n.h"
#include "tui/tview.h"

void
fc_form_free(struct fc_form *form)
{
	if (form == NULL)
		return;
	json_decref(form->answers);
	json_decref(form->settings);
	json_decref(form->notes);
	json_decref(form->evidence);
	free(form->shown);
	free(form->hazard);
	free(form->visible);
	free(form);
}

const struct fc_item *
fc_form_item(const struct fc_form *form)
{
	if (form->n_visible == 0)
		return NULL;
	return &form->tpl->items[form->visible[form->cur]];
}

/*
 * Mark the items whose answers raise a hazard, by the template's rules
 * (core/hazard.c, as the review and the record do), so the form's header
 * and the outline show them while the check is still going on.
 */
static void
form_mark_hazards(struct fc_form *form, const json_t *shown)
{
	struct fc_error err = {0};
	json_t *hazards = NULL, *h;
	size_t i;

	memset(form->hazard, 0, form->tpl->n_items);
	form->n_hazards = 0;
	/* Out of memory only: the marks stay off, the review still counts. */
	if (shown == NULL || fc_hazard_derive(form->tpl, shown, form->year, &hazards, &err) != 0)
		return;
	json_array_foreach(hazards, i, h) {
		const char *id = json_string_value(json_object_get(h, "item"));
		for (size_t k = 0; id != NULL && k < form->tpl->n_items; k++)
			if (strcmp(form->tpl->items[k].id, id) == 0)
				form->hazard[k] = 1;
	}
	form->n_hazards = json_array_size(hazards);
	json_decref(hazards);
}

int
fc_form_is_hazard(const struct fc_form *form, size_t i)
{
	return i < form->tpl->n_items && form->hazard[i];
}

/* Recompute what the answers show, keeping the cursor on the same item. */
static void
form_refresh(struct fc_form *form)
{
	const struct fc_template *tpl = form->tpl;
	size_t at = form->n_visible > 0 ? form->visible[form->cur] : 0;
	struct fc_prefill_src src = {
	    .kind = form->h.kind, .district = form->h.district, .settings = form->settings};
	json_t *shown;

	/* Fixed items appear with the answers that show them (G00 "inspected"). */
	fc_checklist_prefill(tpl, form->answers, &src);
	shown = fc_template_visibility(tpl, form->answers, form->year, form->shown);
	form_mark_hazards(form, shown);
	json_decref(shown);
	form->n_visible = 0;
	form->cur = (size_t)-1;
	for (size_t i = 0; i < tpl->n_items; i++) {
		/* The registry and the district settings answer fixed items: not asked on site. */
		if (!form->shown[i] || fc_checklist_item_fixed(&tpl->items[i]))
			continue;
		/* The cursor stays on its item, or moves to the next one shown. */
		if (form->cur == (size_t)-1 && i >= at)
			form->cur = form->n_visible;
		form->visible[form->n_visible++] = i;
	}
	if (form->cur >= form->n_visible)
		form->cur = form->n_visible > 0 ? form->n_visible - 1 : 0;
}

int
fc_form_goto(struct fc_form *form, const char *item_id)
{
	for (size_t i = 0; i < form->n_visible; i++)
		if (strcmp(form->tpl->items[form->visible[i]].id, item_id) == 0) {
			form->cur = i;
			return 1;
		}
	return 0;
}

json_t *
fc_form_shown_answers(const struct fc_form *form)
{
	json_t *out = json_object();

	/* Every shown item, the fixed ones the inspector is not asked included. */
	for (size_t i = 0; out != NULL && i < form->tpl->n_items; i++) {
		const char *id = form->tpl->items[i].id;
		json_t *v = json_object_get(form->answers, id);
		if (form->shown[i] && v != NULL)
			json_object_set(out, id, v);
	}
	return out;
}

void
fc_form_goto_unanswered(struct fc_form *form)
{
	for (size_t i = 0; i < form->n_visible; i++)
		if (json_object_get(form->answers, form->tpl->items[form->visible[i]].id) == NULL) {
			form->cur = i;
			return;
		}
}

size_t
fc_form_answered(const struct fc_form *form)
{
	size_t n = 0;

	for (size_t i = 0; i < form->n_visible; i++)
		if (json_object_get(form->answers, form->tpl->items[form->visible[i]].id) != NULL)
			n++;
	return n;
}

void
fc_form_section_pos(const struct fc_form *form, size_t *k, size_t *n)
{
	size_t last = (size_t)-1;

	*k = 0;
	*n = 0;
	for (size_t i = 0; i < form->n_visible; i++) {
		size_t sec = form->tpl->items[form->visible[i]].section;
		if (sec != last) {
			(*n)++;
			last = sec;
		}
		if (i == form->cur)
			*k = *n;
	}
}

int
fc_form_save(struct fc_tui *tui, struct fc_form *form, struct fc_error *err)
{
	const struct fc_item *item = fc_form_item(form);
	json_t *draft = json_pack("{s:s, s:s, s:i, s:O, s:s}", "household", form->h.id, "template",
				  form->tpl->id, "version", form->tpl->version, "answers",
				  form->answers, "at", item != NULL ? item->id : "");
	char *text;
	int ret;

	if (draft == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory saving the draft"));
	if (form->corrects[0] != '\0')
		json_object_set_new(draft, "corrects", json_string(form->corrects));
	if (form->visit[0] != '\0')
		json_object_set_new(draft, "visit", json_string(form->visit));
	if (json_object_size(form->notes) > 0)
		json_object_set(draft, "notes", form->notes);
	if (json_object_size(form->evidence) > 0)
		json_object_set(draft, "evidence", form->evidence);
	json_object_set_new(draft, "opened", json_integer((json_int_t)form->opened));
	text = json_dumps(draft, JSON_COMPACT);
	json_decref(draft);
	if (text == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory saving the draft"));
	ret = fc_store_save_draft(tui->app->store, form->draft_key, text, err);
	free(text);
	if (ret == 0)
		form->saved = 1;
	return ret;
}

int
fc_form_answer(struct fc_tui *tui, struct fc_form *form, json_t *answer, struct fc_error *err)
{
	const struct fc_item *item = fc_form_item(form);

	if (item == NULL) {
		json_decref(answer);
		return 0;
	}
	if (answer != NULL)
		json_object_set_new(form->answers, item->id, answer);
	else
		json_object_del(form->answers, item->id);
	form_refresh(form);
	return fc_form_save(tui, form, err);
}

int
fc_form_set_note(struct fc_tui *tui, struct fc_form *form, const char *text, struct fc_error *err)
{
	const struct fc_item *item = fc_form_item(form);

	if (item == NULL)
		return 0;
	if (text[0] != '\0')
		json_object_set_new(form->notes, item->id, json_string(text));
	else
		json_object_del(form->notes, item->id);
	return fc_form_save(tui, form, err);
}

const char *
fc_form_note(const struct fc_form *form, const char *id)
{
	return json_string_value(json_object_get(form->notes, id));
}

json_t *
fc_form_shown_notes(const struct fc_form *form)
{
	json_t *out = json_object();

	for (size_t i = 0; out != NULL && i < form->tpl->n_items; i++) {
		const char *id = form->tpl->items[i].id;
		json_t *v = json_object_get(form->notes, id);
		if (form->shown[i] && v != NULL)
			json_object_set(out, id, v);
	}
	return out;
}

json_t *
fc_form_evidence(struct fc_form *form, const char *id)
{
	json_t *list = json_object_get(form->evidence, id);

	if (json_is_array(list))
		return list;
	if ((list = json_array()) == NULL || json_object_set_new(form->evidence, id, list) != 0)
		return NULL;
	return list;
}

size_t
fc_form_evidence_count(const struct fc_form *form, const char *id)
{
	return json_array_size(json_object_get(form->evidence, id));
}

json_t *
fc_form_shown_evidence(const struct fc_form *form)
{
	json_t *out = json_object();

	for (size_t i = 0; out != NULL && i < form->tpl->n_items; i++) {
		const char *id = form->tpl->items[i].id;
		json_t *v = json_object_get(form->evidence, id);
		if (form->shown[i] && json_array_size(v) > 0)
			json_object_set(out, id, v);
	}
	return out;
}

static void
form_draft_key(struct fc_form *form)
{
	if (form->corrects[0] != '\0')
		snprintf(form->draft_key, sizeof form->draft_key, "form:%s:correct:%s", form->h.id,
			 form->corrects);
	else if (form->visit[0] != '\0')
		/* Beside an inspection in progress, not instead of it. */
		snprintf(form->draft_key, sizeof form->draft_key, "form:%s:visit", form->h.id);
	else
		snprintf(form->draft_key, sizeof form->draft_key, "form:%s", form->h.id);
}

/* Fill form from the draft text; 0, or -1 when it cannot be used. */
static int
form_from_draft(struct fc_tui *tui, struct fc_form *form, const char *text, char *at,
		struct fc_error *err)
{
	json_t *root = json_loads(text, 0, NULL);
	const char *hid, *tid, *corr, *where;
	int ret = -1;

	if (root == NULL) {
		fc_error_set(err, FC_E_INVALID, _("the saved draft is damaged"));
		goto out;
	}
	hid = json_string_value(json_object_get(root, "household"));
	tid = json_string_value(json_object_get(root, "template"));
	corr = json_string_value(json_object_get(root, "corrects"));
	where = json_string_value(json_object_get(root, "at"));
	if (hid == NULL || tid == NULL) {
		fc_error_set(err, FC_E_INVALID,
			     _("the saved draft names no household or checklist"));
		goto out;
	}
	if (fc_store_get_household(tui->app->store, hid, &form->h, err) != 0)
		goto out;
	form->tpl =
	    fc_tview_find(tui, tid, (int)json_integer_value(json_object_get(root, "version")));
	if (form->tpl == NULL) {
		fc_error_set(err, FC_E_NOTFOUND,
			     _("checklist %s of the saved draft is not installed"), tid);
		goto out;
	}
	if (corr != NULL)
		snprintf(form->corrects, sizeof form->corrects, "%s", corr);
	if (json_is_string(json_object_get(root, "visit")))
		snprintf(form->visit, sizeof form->visit, "%s",
			 json_string_value(json_object_get(root, "visit")));
	if (json_is_object(json_object_get(root, "answers")))
		json_object_update(form->answers, json_object_get(root, "answers"));
	if (json_is_object(json_object_get(root, "notes")))
		json_object_update(form->notes, json_object_get(root, "notes"));
	if (json_is_object(json_object_get(root, "evidence")))
		json_object_update(form->evidence, json_object_get(root, "evidence"));
	/* Photos taken since the check began are listed, however often it was resumed. */
	if (json_is_integer(json_object_get(root, "opened")))
		form->opened = (time_t)json_integer_value(json_object_get(root, "opened"));
	snprintf(at, FC_ID_MAX, "%s", where != NULL ? where : "");
	ret = 0;
out:
	json_decref(root);
	return ret;
}

/*
 * A correction keeps the photos on items and the notes of the record it
 * corrects, as it keeps its answers: the inspector drops or adds, not takes
 * them all again.
 */
static void
form_carry_evidence(struct fc_tui *tui, struct fc_form *form, const char *corrects)
{
	struct fc_error none = {0};
	struct fc_record rec;
	struct fc_record_model m;
	const json_t *photos;
	const char *item, *text;

	memset(&rec, 0, sizeof rec);
	if (fc_store_get_record(tui->app->store, corrects, &rec, &none) != 0)
		return;
	if (fc_record_model_parse(rec.body, rec.body_len, &m, &none) == 0) {
		for (size_t i = 0; i < fc_record_model_evidence_count(&m); i++) {
			fc_record_model_evidence_at(&m, i, &item, &photos);
			json_object_set_new(form->evidence, item, json_deep_copy(photos));
		}
		/* The notes too: a correction fixes an answer, not what was seen. */
		for (size_t i = 0; i < fc_record_model_note_count(&m); i++) {
			fc_record_model_note(&m, i, &item, &text);
			json_object_set_new(form->notes, item, json_string(text));
		}
	}
	fc_record_model_release(&m);
	fc_record_release(&rec);
}

/* The registry kind and the district's settings fill the answers they decide. */
static int
form_prefill(struct fc_form *form, struct fc_error *err)
{
	struct fc_prefill_src src = {.kind = form->h.kind, .district = form->h.district};

	if (form->settings == NULL && fc_settings_load(&form->settings, err) != 0)
		return -1;
	src.settings = form->settings;
	fc_checklist_prefill(form->tpl, form->answers, &src);
	return 0;
}

static int
form_pick_template(struct fc_tui *tui, struct fc_form *form, const struct fc_form_arg *arg,
		   struct fc_error *err)
{
	const struct fc_template *found[8];
	size_t n;

	if (fc_tview_templates(tui, err) == NULL)
		return -1;
	if (arg->template_id != NULL) {
		form->tpl = fc_tview_find(tui, arg->template_id, arg->template_version);
		if (form->tpl == NULL)
			return fc_error_set(err, FC_E_NOTFOUND, _("checklist %s is not installed"),
					    arg->template_id);
		return 0;
	}
	n = fc_tview_for_kind(tui, form->h.kind, found, sizeof found / sizeof found[0]);
	if (n == 0)
		return fc_error_set(err, FC_E_NOTFOUND,
				    _("no checklist applies to kind '%s' of %s"), form->h.kind,
				    form->h.id);
	form->tpl = found[0];
	return 0;
}

/* Which check this is: a saved draft's key, or the household and what it corrects or visits. */
static int
form_name(struct fc_tui *tui, struct fc_form *form, const struct fc_form_arg *arg,
	  struct fc_error *err)
{
	if (arg->draft_key != NULL) {
		snprintf(form->draft_key, sizeof form->draft_key, "%s", arg->draft_key);
		return 0;
	}
	if (fc_store_get_household(tui->app->store, arg->household, &form->h, err) != 0)
		return -1;
	if (arg->corrects != NULL)
		snprintf(form->corrects, sizeof form->corrects, "%s", arg->corrects);
	if (arg->visit != NULL)
		snprintf(form->visit, sizeof form->visit, "%s", arg->visit);
	form_draft_key(form);
	return 0;
}

/* A check with no draft: its checklist, and the answers it starts from. */
static int
form_start(struct fc_tui *tui, struct fc_form *form, const struct fc_form_arg *arg,
	   struct fc_error *err)
{
	if (form_pick_template(tui, form, arg, err) != 0)
		return -1;
	if (arg->answers_json != NULL) {
		json_t *prev = json_loads(arg->answers_json, 0, NULL);
		if (json_is_object(prev))
			json_object_update(form->answers, prev);
		json_decref(prev);
	}
	if (arg->corrects != NULL)
		form_carry_evidence(tui, form, arg->corrects);
	if (arg->visit != NULL && arg->visit_item != NULL)
		json_object_set_new(form->answers, arg->visit_item, json_string(arg->visit));
	return 0;
}

int
fc_form_open(struct fc_tui *tui, const struct fc_form_arg *arg, struct fc_form **out,
	     struct fc_error *err)
{
	struct fc_form *form = calloc(1, sizeof *form);
	struct fc_error none = {0};
	char *text = NULL, at[FC_ID_MAX] = "";
	int ret = -1;

	if (form == NULL || (form->answers = json_object()) == NULL ||
	    (form->notes = json_object()) == NULL || (form->evidence = json_object()) == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		goto out;
	}
	form->year = fc_validate_this_year();
	form->opened = time(NULL);
	if (fc_store_get_setting(tui->app->store, FC_SET_CAMERA_DIR, form->camera_dir,
				 sizeof form->camera_dir, &none) != 0)
		form->camera_dir[0] = '\0';
	if (form_name(tui, form, arg, err) != 0)
		goto out;
	if (fc_tview_templates(tui, err) == NULL)
		goto out;
	/* A saved draft for this check wins over starting again. */
	if (fc_store_load_draft(tui->app->store, form->draft_key, &text, &none) == 0) {
		if (form_from_draft(tui, form, text, at, err) != 0)
			goto out;
	} else if (arg->draft_key != NULL) {
		fc_error_set(err, FC_E_NOTFOUND, _("the saved draft %s is gone"), arg->draft_key);
		goto out;
	} else if (form_start(tui, form, arg, err) != 0) {
		goto out;
	}
	if (form_prefill(form, err) != 0)
		goto out;
	form->shown = calloc(form->tpl->n_items + 1, 1);
	form->hazard = calloc(form->tpl->n_items + 1, 1);
	form->visible = calloc(form->tpl->n_items + 1, sizeof *form->visible);
	if (form->shown == NULL || form->hazard == NULL || form->visible == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		goto out;
	}
	form_refresh(form);
	if (at[0] != '\0')
		fc_form_goto(form, at);
	/*
	 * A resumed check continues at the first question still open (an item
	 * skipped with Tab included), not where the cursor last was; with every
	 * item answered it stays there. A visit's outcome is given: its details next.
	 */
	if (text != NULL || form->visit[0] != '\0')
		fc_form_goto_unanswered(form);
	/*
	 * A new form is saved with its first answer, so a form opened by mistake
	 * leaves nothing to resume; a resumed one is saved already.
	 */
	form->saved = text != NULL;
	*out = form;
	form = NULL;
	ret = 0;
out:
	free(text);
	fc_form_free(form);
	return ret;
}
