/* SPDX-License-Identifier: Apache-2.0 */
/*
 * home-data.c: counts for the home screen and the draft to resume.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "sync/client.h"
#include "tui/household-view.h"
#include "tui/tview.h"
#include "tui/home-data.h"
#include "tui/i18n.h"

/* Count a waiting return; keep the oldest's id and comment for the home line. */
static int
home_return(const struct fc_store_review *r, void *ctx, struct fc_error *err)
{
	struct fc_home_counts *out = ctx;

	(void)err;
	if (out->returns++ == 0) {
		snprintf(out->return_record, sizeof out->return_record, "%s", r->rv.record);
		snprintf(out->return_comment, sizeof out->return_comment, "%s", r->rv.comment);
	}
	return 0;
}

int
fc_home_counts_load(struct fc_tui *tui, struct fc_home_counts *out, struct fc_error *err)
{
	struct fc_store *st = tui->app->store;
	const struct fc_intervals *iv = fc_household_intervals(tui);
	struct fc_error ignore = {0};
	struct fc_due_summary sum;
	char when[32];

	memset(out, 0, sizeof *out);
	if (fc_store_count_households(st, &out->households, err) != 0 ||
	    fc_store_count_records(st, &out->records, &out->unsynced, err) != 0 ||
	    fc_store_count_open_hazards(st, &out->open_hazards, err) != 0 ||
	    fc_store_each_open_return(st, home_return, out, err) != 0)
		return -1;
	if (iv != NULL && fc_due_summarize(st, iv, fc_date_today(), &sum, &ignore) == 0) {
		out->have_due = 1;
		out->soon_days = iv->soon_days;
		out->overdue = sum.overdue;
		out->soon = sum.soon;
		out->revisits = sum.revisits;
		out->open_hazards = sum.open_hazards;
	}
	if (fc_store_get_setting(st, FC_SET_LAST_SYNC, when, sizeof when, &ignore) == 0) {
		time_t t = (time_t)strtoll(when, NULL, 10);
		struct tm tm;
		if (t > 0 && localtime_r(&t, &tm) != NULL)
			strftime(out->last_sync, sizeof out->last_sync, "%Y-%m-%d %H:%M", &tm);
	}
	return 0;
}

static int
home_first_key(const char *key, void *ctx)
{
	char *out = ctx;

	if (strncmp(key, "form:", 5) != 0)
		return 0;
	snprintf(out, 160, "%s", key);
	return 1;
}

void
fc_home_first_draft(struct fc_tui *tui, char *key, size_t key_size, char *desc, size_t desc_size)
{
	struct fc_error err = {0};
	struct fc_household h;
	char found[160] = "", *text = NULL;
	json_t *root = NULL;
	const char *hid = NULL, *tid = NULL;
	const struct fc_template *tpl;

	key[0] = '\0';
	desc[0] = '\0';
	if (fc_store_each_draft(tui->app->store, home_first_key, found, &err) != 0 ||
	    found[0] == '\0')
		return;
	snprintf(key, key_size, "%s", found);
	if (fc_store_load_draft(tui->app->store, found, &text, &err) == 0)
		root = json_loads(text, 0, NULL);
	free(text);
	if (root != NULL) {
		hid = json_string_value(json_object_get(root, "household"));
		tid = json_string_value(json_object_get(root, "template"));
	}
	/* The checklist by its name, as the inspector knows it, not its id. */
	if (tid != NULL && fc_tview_templates(tui, &err) != NULL &&
	    (tpl = fc_tview_find(tui, tid, 0)) != NULL)
		tid = fc_tview_label(&tpl->label);
	if (hid != NULL && fc_store_get_household(tui->app->store, hid, &h, &err) == 0)
		snprintf(desc, desc_size, "%s %s (%s)", h.id, h.address, tid != NULL ? tid : "");
	else
		snprintf(desc, desc_size, "%s", found + 5);
	json_decref(root);
}
