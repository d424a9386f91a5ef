/*
 * sign.c: sealing records with the inspector's unlocked key.
 *
 * fc_store_add_record() makes the record durable in one transaction before
 * it returns, so a record the TUI reports as signed survives a flat battery.
 */
#include <string.h>

#include "cli/cmd.h"
#include "tui/tview.h"
#include "tui/sign.h"

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
fc_sign_followup(struct fc_tui *tui, const struct fc_record *follows, int rectified, char *id,
		 struct fc_error *err)
{
	struct fc_record_draft draft;

	memset(&draft, 0, sizeof draft);
	draft.type = FC_TYPE_FOLLOWUP;
	draft.household = follows->household[0] != '\0' ? follows->household : NULL;
	draft.template_id = follows->template_id[0] != '\0' ? follows->template_id : NULL;
	draft.template_version = follows->template_version;
	draft.follows = follows->id;
	draft.outcome = rectified ? "rectified" : "not_rectified";
	return fc_sign_draft(tui, &draft, id, err);
}
