/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-review.c: everything the record will say, before it is signed:
 * problems that stop signing (each naming its item; Enter goes to the first),
 * the derived hazards with their severity, the outcome, the house grade with
 * the inputs it came from, and the answers. Signing seals and stores the
 * record in one durable step, deletes the draft, and returns to where the
 * check was started.
 *
 * What is valid, which hazards follow and the outcome come from one call,
 * fc_checklist_evaluate(), the same one `fieldcheck record` uses.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/record-view.h"
#include "core/buf.h"
#include "core/checklist.h"
#include "core/grade.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/i18n.h"
#include "tui/record-list.h"
#include "tui/screen.h"
#include "tui/sign.h"
#include "tui/tview.h"
#include "tui/widget-prompt.h"
#include "tui/widget-text.h"

enum review_action {
	REVIEW_SIGN = 1,
	REVIEW_BACK,
	REVIEW_FIX,
	REVIEW_SCROLL,
};

static const struct fc_binding review_keys[] = {
    {FC_KEYCODE(KEY_F(10)), REVIEW_SIGN, "F10", N_("sign"), N_("sign the record (asks once more)")},
    {'s', REVIEW_SIGN, "s", NULL, NULL},
    {'\r', REVIEW_FIX, "Enter", N_("fix first problem"),
     N_("back to the first item with a problem")},
    {FC_ESC, REVIEW_BACK, "Esc", N_("back to form"), NULL},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), REVIEW_SCROLL, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), REVIEW_SCROLL, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), REVIEW_SCROLL, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), REVIEW_SCROLL, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), REVIEW_SCROLL, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), REVIEW_SCROLL, "End", NULL, NULL},
    {' ', REVIEW_SCROLL, "Space", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct review {
	struct fc_form *form; /* borrowed from the form screen below */
	struct fc_checklist cl;
	int ok; /* evaluated without problems */
	json_t *problems;
	struct fc_text text;
};

static const char *
review_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Review and sign");
}

/* Each answer worded by app/record-view.c, as the signed record will show it. */
static void
review_answers(struct review *r, const json_t *answers)
{
	const struct fc_template *tpl = r->form->tpl;
	struct fc_view w;

	fc_view_init(&w, fc_i18n_code());
	for (size_t i = 0; i < r->form->n_visible; i++) {
		const struct fc_item *it = &tpl->items[r->form->visible[i]];
		json_t *v = json_object_get(answers, it->id);
		if (v == NULL)
			continue;
		fc_view_addf(&w, "%s ", it->id);
		fc_view_str(&w, fc_tview_label(&it->label));
		fc_view_addf(&w, ": ");
		fc_record_view_answer(&w, it, v);
		if (fc_form_evidence_count(r->form, it->id) > 0)
			fc_view_addf(&w, _(" [%zu photo(s)]"),
				     fc_form_evidence_count(r->form, it->id));
		fc_view_end(&w, FC_VIEW_PLAIN);
	}
	for (size_t i = 0; i < w.n; i++)
		fc_text_add(&r->text, A_NORMAL, "%s", w.lines[i].text);
	fc_view_release(&w);
}

/* The hazards of severity rank (n_severities: any the template does not rank). */
static void
review_hazards(struct review *r, long rank)
{
	const struct fc_template *tpl = r->form->tpl;
	size_t i;
	json_t *v;

	json_array_foreach(r->cl.hazards, i, v) {
		const char *item = json_string_value(json_object_get(v, "item"));
		const struct fc_item *it = item != NULL ? fc_template_item(tpl, item) : NULL;
		const char *sev = json_string_value(json_object_get(v, "severity"));
		long rk = fc_template_severity_rank(tpl, sev != NULL ? sev : "");
		const char *note = fc_i18n_pick(json_string_value(json_object_get(v, "note")),
						json_string_value(json_object_get(v, "note_en")));
		if ((rk < 0 ? (long)tpl->n_severities : rk) != rank)
			continue;
		fc_text_add(&r->text, A_BOLD, "[%s] %s %s",
			    fc_tview_severity(tpl, sev != NULL ? sev : ""),
			    item != NULL ? item : "", it != NULL ? fc_tview_label(&it->label) : "");
		if (note != NULL && *note != '\0')
			fc_text_add(&r->text, A_NORMAL, "  %s", note);
		if (item != NULL && fc_form_evidence_count(r->form, item) > 0)
			fc_text_add(&r->text, A_NORMAL, _("  %zu photo(s) as evidence"),
				    fc_form_evidence_count(r->form, item));
	}
}

static void
review_build(struct review *r)
{
	struct fc_form *form = r->form;
	const struct fc_template *tpl = form->tpl;
	struct fc_error err = {0};
	json_t *shown = fc_form_shown_answers(form), *v;
	size_t i;

	fc_checklist_release(&r->cl);
	memset(&r->cl, 0, sizeof r->cl);
	json_decref(r->problems);
	r->problems = json_array();
	fc_text_release(&r->text);
	r->ok = fc_checklist_evaluate(tpl, shown, form->year, fc_i18n_code(), &r->cl, r->problems,
				      &err) == 0;
	fc_text_add(&r->text, A_BOLD, "%s %s", form->h.id, form->h.address);
	if (form->corrects[0] != '\0')
		fc_text_add(&r->text, A_BOLD, _("Correction of %s"), form->corrects);
	if (!r->ok) {
		fc_text_add(&r->text, A_BOLD, _("Cannot sign yet: %zu problem(s)"),
			    json_array_size(r->problems) > 0 ? json_array_size(r->problems) : 1);
		if (json_array_size(r->problems) == 0)
			fc_text_add(&r->text, A_NORMAL, "%s", err.msg);
		json_array_foreach(r->problems, i, v) {
			const char *msg = json_string_value(json_object_get(v, "message"));
			fc_text_add(&r->text, A_NORMAL, "- %s", msg != NULL ? msg : "");
		}
		fc_text_add(&r->text, A_UNDERLINE, "%s", _("Answers"));
		review_answers(r, shown);
		json_decref(shown);
		return;
	}
	fc_text_add(&r->text, A_BOLD, "%s %s", _("Outcome:"),
		    fc_record_outcome_label(r->cl.outcome));
	/* A visit looked at nothing: "no hazards found" would claim it did. */
	if (strcmp(r->cl.record_type, "visit") == 0)
		;
	else if (json_array_size(r->cl.hazards) == 0)
		fc_text_add(&r->text, A_NORMAL, "%s", _("No hazards found"));
	else
		fc_text_add(&r->text, A_UNDERLINE, _("Hazards (%zu)"),
			    json_array_size(r->cl.hazards));
	/* Worst first: a major hazard is never on page 2 behind ordinary ones. */
	for (long rank = 0; rank <= (long)tpl->n_severities; rank++)
		review_hazards(r, rank);
	if (r->cl.grade != NULL) {
		struct fc_buf b = FC_BUF_INIT;
		const char *g = json_string_value(json_object_get(r->cl.grade, "grade"));
		fc_text_add(&r->text, A_UNDERLINE, "%s %s", _("Grade:"), g != NULL ? g : "?");
		if (fc_grade_explain(r->cl.grade, fc_i18n_code(), &b, &err) == 0)
			fc_text_add(&r->text, A_NORMAL, "%s", b.buf);
		fc_buf_release(&b);
	}
	fc_text_add(&r->text, A_UNDERLINE, "%s", _("Answers"));
	review_answers(r, r->cl.answers);
	fc_text_add(&r->text, A_BOLD, "%s",
		    _("F10 signs (asks once more): the record cannot be changed afterwards, "
		      "only corrected by a new one."));
	json_decref(shown);
}

static int
review_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct review *r = calloc(1, sizeof *r);

	(void)tui;
	if (r == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	r->form = arg;
	fc_text_init(&r->text);
	review_build(r);
	*data = r;
	return 0;
}

static void
review_resume(struct fc_tui *tui, void *data)
{
	(void)tui;
	review_build(data);
}

static void
review_free(void *data)
{
	struct review *r = data;

	if (r == NULL)
		return;
	fc_checklist_release(&r->cl);
	json_decref(r->problems);
	fc_text_release(&r->text);
	free(r);
}

static void
review_draw(struct fc_tui *tui, void *data)
{
	struct review *r = data;

	fc_text_draw(&r->text, tui->top, 1, tui->body_rows, tui->cols - 2);
}

static int
review_sign(struct fc_tui *tui, struct review *r)
{
	struct fc_form *form = r->form;
	struct fc_sign_request req = {0};
	struct fc_error err = {0};
	char id[FC_RECORD_ID_MAX];
	json_t *shown = fc_form_shown_answers(form), *notes = fc_form_shown_notes(form);
	json_t *evidence = fc_form_shown_evidence(form);
	int ret;

	req.household = form->h.id;
	req.tpl = form->tpl;
	req.answers = shown;
	req.year = form->year;
	req.corrects = form->corrects[0] != '\0' ? form->corrects : NULL;
	req.notes = notes;
	req.evidence = evidence;
	ret = fc_sign_record(tui, &req, id, &err);
	json_decref(shown);
	json_decref(notes);
	json_decref(evidence);
	if (ret != 0) {
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	/* The record is on disk; a draft left behind would only offer it twice. */
	if (form->saved && fc_store_delete_draft(tui->app->store, form->draft_key, &err) != 0)
		fc_tui_error(tui, &err);
	else
		fc_tui_status(tui, _("Signed %s: %s"), id, fc_record_outcome_label(r->cl.outcome));
	form->done = 1;
	tui->close_extra = 1;
	return FC_KEY_CLOSE;
}

static const struct fc_prompt_choice review_sign_choices[] = {
    {'y', "y", N_("yes, sign"), 1},
    {FC_ESC, "Esc", N_("not yet"), 0},
    {0, NULL, NULL, 0},
};

static int
review_sign_done(struct fc_tui *tui, void *ctx, int value)
{
	if (value != 1)
		return FC_KEY_HANDLED;
	return review_sign(tui, ctx);
}

static int
review_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct review *r = data;
	json_t *first;
	const char *item;

	switch (action) {
	case REVIEW_BACK:
		return FC_KEY_CLOSE;
	case REVIEW_SCROLL:
		fc_text_key(&r->text, code, tui->body_rows);
		return FC_KEY_HANDLED;
	case REVIEW_FIX:
		first = json_array_get(r->problems, 0);
		item = json_string_value(json_object_get(first, "item"));
		if (item != NULL)
			fc_form_goto(r->form, item);
		return FC_KEY_CLOSE;
	case REVIEW_SIGN:
		if (!r->ok) {
			fc_tui_status(tui, "%s",
				      _("Fix the problems listed first (Enter goes to the first)"));
			return FC_KEY_HANDLED;
		}
		/* Signing cannot be undone: one more key, so a stray F10 signs nothing. */
		fc_prompt_ask(tui,
			      _("Sign this record now? It cannot be changed afterwards, only "
				"corrected by a new one."),
			      review_sign_choices, review_sign_done, r);
		return FC_KEY_HANDLED;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_review = {
    .name = "review",
    .title = review_title,
    .init = review_init,
    .draw = review_draw,
    .key = review_key,
    .resume = review_resume,
    .free = review_free,
    .keys = review_keys,
};
