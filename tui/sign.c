/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.c: the TUI's requests to the one signing path (app/sign.h), made
 * with the inspector's unlocked key.
 *
 * The signing path makes the record durable in one transaction before
 * it returns, so a record the TUI reports as signed survives a flat battery.
 */
#include <string.h>

#include "app/app.h"
#include "tui/tview.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/sign.h"
#include "tui/widget-prompt.h"

int
fc_sign_record(struct fc_tui *tui, struct fc_sign_request *req, char *id, struct fc_error *err)
{
	struct fc_sign_result res;
	int ret;

	if (req->lang == NULL)
		req->lang = fc_i18n_code();
	ret = fc_app_sign_record(tui->app, req, &res, err);
	if (ret == 0)
		snprintf(id, FC_RECORD_ID_MAX, "%s", res.rec.id);
	else if (err->code == FC_E_INVALID && json_array_size(res.problems) > 0)
		fc_error_set(
		    err, FC_E_INVALID, "%s",
		    json_string_value(json_object_get(json_array_get(res.problems, 0), "message")));
	fc_sign_result_release(&res);
	return ret;
}

int
fc_sign_visit(struct fc_tui *tui, const char *household, const char *outcome, char *id,
	      struct fc_error *err)
{
	struct fc_sign_request req = {0};

	req.household = household;
	req.visit = outcome;
	return fc_sign_record(tui, &req, id, err);
}

/* A follow-up of the hazards of follows: results maps items to their result. */
static int
sign_followup_record(struct fc_tui *tui, const struct fc_record *follows, json_t *results, char *id,
		     struct fc_error *err)
{
	struct fc_sign_request req = {0};

	req.tpl = fc_tview_find(tui, follows->template_id, follows->template_version);
	if (req.tpl == NULL)
		return fc_error_set(err, FC_E_NOTFOUND,
				    _("checklist %s version %d is not on this device"),
				    follows->template_id, follows->template_version);
	req.follows = follows;
	req.results = results;
	return fc_sign_record(tui, &req, id, err);
}

static const struct fc_prompt_choice sign_followup_choices[] = {
    {'y', "y", N_("rectified"), 1},
    {'n', "n", N_("not rectified"), 2},
    {'s', "s", N_("skip"), 3},
    {FC_ESC, "Esc", N_("cancel"), 0},
    {0, NULL, NULL, 0},
};

static int sign_followup_done(struct fc_tui *tui, void *ctx, int value);

static void
sign_followup_next(struct fc_tui *tui, struct fc_followup_ask *ask)
{
	char text[512];

	snprintf(text, sizeof text, _("Follow-up of %s: %s (%s) rectified? [%zu/%zu]"), ask->record,
		 ask->item[ask->at], ask->note[ask->at], ask->at + 1, ask->n);
	fc_prompt_ask(tui, text, sign_followup_choices, sign_followup_done, ask);
}

/* Sign what was answered: one result per hazard not skipped. */
static void
sign_followup_sign(struct fc_tui *tui, struct fc_followup_ask *ask)
{
	struct fc_error err = {0};
	struct fc_record rec;
	json_t *results = json_object();
	char id[FC_RECORD_ID_MAX];

	for (size_t i = 0; i < ask->n; i++)
		if (ask->result[i] == 1 || ask->result[i] == 2)
			json_object_set_new(
			    results, ask->item[i],
			    json_pack("{s:s}", "result",
				      ask->result[i] == 1 ? "rectified" : "not_rectified"));
	if (json_object_size(results) == 0) {
		json_decref(results);
		fc_tui_status(tui, "%s", _("No hazard answered; nothing was signed"));
		return;
	}
	memset(&rec, 0, sizeof rec);
	if (fc_store_get_record(tui->app->store, ask->record, &rec, &err) != 0 ||
	    sign_followup_record(tui, &rec, results, id, &err) != 0)
		fc_tui_error(tui, &err);
	else
		fc_tui_status(tui, _("Signed follow-up %s"), id);
	fc_record_release(&rec);
	json_decref(results);
}

static int
sign_followup_done(struct fc_tui *tui, void *ctx, int value)
{
	struct fc_followup_ask *ask = ctx;

	if (value == 0)
		return FC_KEY_HANDLED;
	ask->result[ask->at++] = value;
	if (ask->at < ask->n)
		sign_followup_next(tui, ask);
	else
		sign_followup_sign(tui, ask);
	return FC_KEY_HANDLED;
}

static int
sign_collect(const struct fc_hazard_entry *h, void *ctx, struct fc_error *err)
{
	struct fc_followup_ask *ask = ctx;

	(void)err;
	if (strcmp(h->record, ask->record) != 0 || ask->n == FC_FOLLOWUP_ITEMS)
		return 0;
	snprintf(ask->item[ask->n], sizeof ask->item[0], "%s", h->item);
	snprintf(ask->note[ask->n], sizeof ask->note[0], "%.100s",
		 h->note[0] ? h->note : h->severity);
	ask->result[ask->n++] = 0;
	return 0;
}

int
fc_sign_ask_followup(struct fc_tui *tui, struct fc_followup_ask *ask, const char *record_id)
{
	struct fc_error err = {0};
	struct fc_record rec;

	memset(&rec, 0, sizeof rec);
	memset(ask, 0, sizeof *ask);
	snprintf(ask->record, sizeof ask->record, "%s", record_id);
	if (fc_store_get_record(tui->app->store, record_id, &rec, &err) != 0 ||
	    fc_store_each_open_hazard(tui->app->store, rec.household, sign_collect, ask, &err) !=
		0) {
		fc_record_release(&rec);
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	fc_record_release(&rec);
	if (ask->n == 0) {
		fc_tui_status(tui, "%s", _("This record has no hazards to follow up"));
		return FC_KEY_HANDLED;
	}
	sign_followup_next(tui, ask);
	return FC_KEY_HANDLED;
}
