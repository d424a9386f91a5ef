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

/* The first checklist's draft, else the first follow-up's. */
struct home_first {
	char form[160], followup[160];
};

static int
home_first_key(const char *key, void *ctx)
{
	struct home_first *f = ctx;

	if (strncmp(key, "form:", 5) == 0) {
		snprintf(f->form, sizeof f->form, "%s", key);
		return 1;
	}
	if (strncmp(key, "followup:", 9) == 0 && f->followup[0] == '\0')
		snprintf(f->followup, sizeof f->followup, "%s", key);
	return 0;
}

/*
 * An unsigned follow-up ("followup:HOUSEHOLD:RECORD", tui/followup-draft.c)
 * is offered as a check is: its marks were kept through a kill, but nothing
 * said so and c answered "no unfinished check".
 */
static void
home_followup_desc(struct fc_tui *tui, const char *key, char *desc, size_t desc_size)
{
	struct fc_error err = {0};
	struct fc_household h;
	char hid[160];
	const char *end = strrchr(key, ':');

	snprintf(hid, sizeof hid, "%.*s", end != NULL ? (int)(end - key - 9) : 0, key + 9);
	if (fc_store_get_household(tui->app->store, hid, &h, &err) == 0)
		snprintf(desc, desc_size, "%s %s (%s)", h.id, h.address, _("follow-up"));
	else
		snprintf(desc, desc_size, "%s (%s)", hid, _("follow-up"));
}

void
fc_home_first_draft(struct fc_tui *tui, char *key, size_t key_size, char *desc, size_t desc_size)
{
	struct fc_error err = {0};
	struct fc_household h;
	struct home_first first = {"", ""};
	char *found = first.form, *text = NULL;
	json_t *root = NULL;
	const char *hid = NULL, *tid = NULL;
	const struct fc_template *tpl;

	key[0] = '\0';
	desc[0] = '\0';
	if (fc_store_each_draft(tui->app->store, home_first_key, &first, &err) != 0)
		return;
	if (found[0] == '\0' && first.followup[0] != '\0') {
		snprintf(key, key_size, "%s", first.followup);
		home_followup_desc(tui, first.followup, desc, desc_size);
		return;
	}
	if (found[0] == '\0')
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
