/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-record.c: one record as the inspector and a reviewer need it: what
 * was found, whether it is synced, and whether its signature and hash still
 * verify (at once) and the device chain up to it (on 'v', since that walks
 * every record). The record itself is laid out by app/record-view.c, as
 * `fieldcheck show` prints it. From here a correction or a hazard follow-up is
 * started.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/record-view.h"
#include "core/chain.h"
#include "core/record-model.h"
#include "tui/tview.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/record-list.h"
#include "tui/screen.h"
#include "tui/sign.h"
#include "tui/widget-prompt.h"
#include "tui/widget-text.h"

enum record_action {
	REC_BACK = 1,
	REC_SCROLL,
	REC_VERIFY,
	REC_CORRECT,
	REC_FOLLOWUP,
};

static const struct fc_binding record_keys[] = {
    {'f', REC_FOLLOWUP, "f", N_("follow-up"), N_("follow up this record's open hazards")},
    {'c', REC_CORRECT, "c", N_("correct"), N_("correct this record with a new one")},
    {'v', REC_VERIFY, "v", N_("verify chain"), N_("check every signature and the chain")},
    {FC_ESC, REC_BACK, "Esc", N_("back"), NULL},
    {'q', REC_BACK, "q", NULL, NULL},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), REC_SCROLL, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), REC_SCROLL, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), REC_SCROLL, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), REC_SCROLL, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), REC_SCROLL, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), REC_SCROLL, "End", NULL, NULL},
    {' ', REC_SCROLL, "Space", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct record {
	struct fc_record rec;
	struct fc_record_model m; /* the body, parsed once */
	int parsed;
	struct fc_text text;
	char verified[640];
	char chain[900];
	char *answers_json;
	struct fc_form_arg form_arg;
};

static const char *
record_title(struct fc_tui *tui, void *data)
{
	struct record *r = data;

	(void)tui;
	return r->rec.id;
}

/* A supervisor's review of the record (docs/review.md): state, who, when, comment. */
static int
record_review(const struct fc_store_review *rv, void *ctx, struct fc_error *err)
{
	(void)err;
	fc_text_add(ctx, A_BOLD, "%s %s %s",
		    strcmp(rv->rv.state, FC_REVIEW_RETURNED) == 0 ? _("Returned by")
								  : _("Accepted by"),
		    rv->rv.reviewer, rv->rv.time);
	if (rv->rv.comment[0] != '\0')
		fc_text_add(ctx, A_NORMAL, "  %s", rv->rv.comment);
	return 0;
}

static void
record_reviews(struct fc_tui *tui, struct record *r)
{
	struct fc_error ignored = {0};
	int awaits = 0;

	fc_store_each_review(tui->app->store, r->rec.id, record_review, &r->text, &ignored);
	if (fc_store_review_awaits(tui->app->store, r->rec.id, &awaits, &ignored) == 0 && awaits)
		fc_text_add(&r->text, A_BOLD, "%s", _("Waiting for your correction: press c"));
}

/* The record's own lines come from app/record-view.c, the same as `fieldcheck show`. */
static void
record_lines(struct fc_tui *tui, struct record *r)
{
	static const attr_t attrs[] = {
	    [FC_VIEW_PLAIN] = A_NORMAL, [FC_VIEW_STRONG] = A_BOLD, [FC_VIEW_SECTION] = A_UNDERLINE};
	const struct fc_record *rec = &r->rec;
	const struct fc_template *tpl = fc_tview_find(tui, rec->template_id, rec->template_version);
	struct fc_view view;
	struct fc_error err = {0};
	int ret;

	fc_view_init(&view, fc_i18n_code());
	ret = fc_record_view(tui->app->store, rec, tpl, &view, &err);

	for (size_t i = 0; i < view.n; i++)
		fc_text_add(&r->text, attrs[view.lines[i].style], "%s", view.lines[i].text);
	/* A body the model refuses still shows its header, then why. */
	if (ret != 0)
		fc_text_add(&r->text, A_BOLD, "%s", err.msg);
	fc_view_release(&view);
}

/* What this screen adds to the record: reviews, sync state and the checks, first. */
static void
record_build(struct fc_tui *tui, struct record *r)
{
	struct fc_text *t = &r->text;

	fc_text_release(t);
	record_reviews(tui, r);
	fc_text_add(t, r->rec.synced ? A_NORMAL : A_BOLD, "%s",
		    r->rec.synced ? _("Synced: the server holds it") : _("Not yet synced (*)"));
	fc_text_add(t, A_NORMAL, "%s", r->verified);
	if (r->chain[0] != '\0')
		fc_text_add(t, A_NORMAL, "%s", r->chain);
	fc_text_add(t, A_NORMAL, "%s", "");
	record_lines(tui, r);
}

static int
record_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct record *r = calloc(1, sizeof *r);
	struct fc_error check = {0};

	if (r == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	fc_text_init(&r->text);
	if (fc_store_get_record(tui->app->store, arg, &r->rec, err) != 0) {
		free(r);
		return -1;
	}
	/* A body the model refuses still shows its header and the verdict below. */
	r->parsed = fc_record_model_parse(r->rec.body, r->rec.body_len, &r->m, &check) == 0;
	memset(&check, 0, sizeof check);
	if (fc_record_check(&r->rec, tui->app->identity.pk, &check) == 0)
		snprintf(r->verified, sizeof r->verified, "%s", _("Signature and hash: verified"));
	else
		snprintf(r->verified, sizeof r->verified, "%s %s", _("NOT VERIFIED:"), check.msg);
	record_build(tui, r);
	*data = r;
	return 0;
}

static void
record_resume(struct fc_tui *tui, void *data)
{
	record_build(tui, data);
}

static void
record_free(void *data)
{
	struct record *r = data;

	if (r == NULL)
		return;
	fc_text_release(&r->text);
	fc_record_release(&r->rec);
	fc_record_model_release(&r->m);
	free(r->answers_json);
	free(r);
}

static void
record_draw(struct fc_tui *tui, void *data)
{
	struct record *r = data;

	fc_text_draw(&r->text, tui->top, 1, tui->body_rows, tui->cols - 2);
}

static void
record_verify_chain(struct fc_tui *tui, struct record *r)
{
	struct fc_chain_report report;
	struct fc_error err = {0};

	memset(&report, 0, sizeof report);
	if (fc_chain_verify_store(tui->app->store, tui->app->identity.device, tui->app->identity.pk,
				  &report, &err) == 0)
		snprintf(r->chain, sizeof r->chain, _("Chain: intact (%lld records verified)"),
			 (long long)report.checked);
	else if (err.code == FC_E_CHAIN)
		snprintf(r->chain, sizeof r->chain, _("Chain: BROKEN at %s: %s"),
			 report.first_bad_id, report.reason);
	else
		snprintf(r->chain, sizeof r->chain, "%s", err.msg);
	record_build(tui, r);
}

static int
record_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct record *r = data;

	switch (action) {
	case REC_BACK:
		return FC_KEY_CLOSE;
	case REC_SCROLL:
		fc_text_key(&r->text, code, tui->body_rows);
		return FC_KEY_HANDLED;
	case REC_VERIFY:
		record_verify_chain(tui, r);
		return FC_KEY_HANDLED;
	case REC_FOLLOWUP:
		fc_tui_open(tui, &fc_screen_followup, r->rec.id);
		return FC_KEY_OPEN;
	case REC_CORRECT:
		free(r->answers_json);
		r->answers_json = r->parsed ? fc_record_model_answers_dump(&r->m) : NULL;
		if (r->rec.template_id[0] == '\0' || r->answers_json == NULL) {
			fc_tui_status(tui, "%s",
				      _("Only a checklist record can be corrected here"));
			return FC_KEY_HANDLED;
		}
		memset(&r->form_arg, 0, sizeof r->form_arg);
		r->form_arg.household = r->rec.household;
		r->form_arg.template_id = r->rec.template_id;
		r->form_arg.template_version = r->rec.template_version;
		r->form_arg.corrects = r->rec.id;
		r->form_arg.answers_json = r->answers_json;
		fc_tui_open(tui, &fc_screen_form, &r->form_arg);
		return FC_KEY_OPEN;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_record = {
    .name = "record",
    .title = record_title,
    .init = record_init,
    .draw = record_draw,
    .key = record_key,
    .resume = record_resume,
    .free = record_free,
    .keys = record_keys,
};
