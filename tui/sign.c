/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.c: sealing records with the inspector's unlocked key.
 *
 * fc_store_add_record() makes the record durable in one transaction before
 * it returns, so a record the TUI reports as signed survives a flat battery.
 */
#include <string.h>

#include "app/app.h"
#include "core/followup.h"
#include "tui/tview.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/sign.h"
#include "tui/widget-prompt.h"

int
fc_sign_draft(struct fc_tui *tui, const struct fc_record_draft *draft, char *id,
	      struct fc_error *err)
{
	struct fc_signer signer;
	struct fc_record rec;

	if (tui->app->key == NULL)
		return fc_error_set(err, FC_E_PIN, "the key is locked; restart and enter the PIN");
	memset(&rec, 0, sizeof rec);
	fc_key_signer(tui->app->key, &signer);
	if (fc_store_add_record(tui->app->store, draft, &signer, NULL, &rec, err) != 0)
		return -1;
	snprintf(id, FC_RECORD_ID_MAX, "%s", rec.id);
	fc_record_release(&rec);
	return 0;
}

int
fc_sign_visit(struct fc_tui *tui, const char *household, const char *outcome, char *id,
	      struct fc_error *err)
{
	struct fc_record_draft draft;
	json_t *extra = json_pack("{s:s}", "visit", outcome);
	int ret;

	memset(&draft, 0, sizeof draft);
	draft.type = FC_TYPE_VISIT;
	draft.household = household;
	draft.outcome = outcome;
	draft.extra = extra;
	ret = fc_sign_draft(tui, &draft, id, err);
	json_decref(extra);
	return ret;
}

int
fc_sign_followup(struct fc_tui *tui, const struct fc_record *follows, json_t *results, char *id,
		 struct fc_error *err)
{
	struct fc_record_draft draft;

	memset(&draft, 0, sizeof draft);
	draft.type = FC_TYPE_FOLLOWUP;
	draft.household = follows->household[0] != '\0' ? follows->household : NULL;
	draft.template_id = follows->template_id[0] != '\0' ? follows->template_id : NULL;
	draft.template_version = follows->template_version;
	draft.follows = follows->id;
	draft.results = results;
	draft.outcome = fc_followup_outcome(results);
	return fc_sign_draft(tui, &draft, id, err);
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
	    fc_sign_followup(tui, &rec, results, id, &err) != 0)
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
