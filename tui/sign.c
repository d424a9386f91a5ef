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
#include "tui/i18n.h"
#include "tui/sign.h"

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
