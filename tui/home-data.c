/*
 * home-data.c: counts for the home screen and the draft to resume.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmd.h"
#include "sync/client.h"
#include "tui/household-view.h"
#include "tui/tview.h"
#include "tui/home-data.h"
#include "tui/i18n.h"

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
	    fc_store_count_open_hazards(st, &out->open_hazards, err) != 0)
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
	if (hid != NULL && fc_store_get_household(tui->app->store, hid, &h, &err) == 0)
		snprintf(desc, desc_size, "%s %s (%s)", h.id, h.address, tid != NULL ? tid : "");
	else
		snprintf(desc, desc_size, "%s", found + 5);
	json_decref(root);
}

/* Linked in only when sync/ provides it (a build without the client still works). */
#pragma weak fc_sync_run

static void
home_sync_progress(const struct fc_sync_progress *p, void *ctx)
{
	struct fc_tui *tui = ctx;

	if (p->total > 0)
		fc_tui_status(tui, _("Syncing: %s %lld/%lld"), p->stage, (long long)p->done,
			      (long long)p->total);
	else
		fc_tui_status(tui, _("Syncing: %s %lld"), p->stage, (long long)p->done);
	fc_tui_show_status(tui);
}

int
fc_home_sync(struct fc_tui *tui, struct fc_error *err)
{
	struct fc_store *st = tui->app->store;
	struct fc_sync_options opt;
	struct fc_sync_result res;
	struct fc_error ignore = {0};
	char url[512], pinned[512], ca[FC_PATH_MAX];

	if (fc_sync_run == NULL)
		return fc_error_set(
		    err, FC_E_NET, "%s",
		    _("sync is not built into this fieldcheck; use `fieldcheck sync`"));
	if (fc_store_get_setting(st, FC_SET_SERVER, url, sizeof url, &ignore) != 0)
		return fc_error_set(
		    err, FC_E_USAGE, "%s",
		    _("not enrolled with a server: run `fieldcheck enroll URL CODE` first"));
	memset(&opt, 0, sizeof opt);
	memset(&res, 0, sizeof res);
	opt.url = url;
	if (fc_store_get_setting(st, FC_SET_PINNED_KEY, pinned, sizeof pinned, &ignore) == 0)
		opt.pinned_key = pinned;
	if (fc_store_get_setting(st, FC_SET_CA_FILE, ca, sizeof ca, &ignore) == 0)
		opt.ca_file = ca;
	opt.progress = home_sync_progress;
	opt.progress_ctx = tui;
	fc_tui_status(tui, "%s %s", _("Syncing with"), url);
	fc_tui_show_status(tui);
	if (fc_sync_run(st, &tui->app->home, tui->app->key, &opt, &res, err) != 0)
		return -1;
	/* Templates and intervals may have been updated by the pull. */
	if (res.templates > 0)
		fc_tview_release(tui);
	fc_tui_status(tui,
		      _("Synced: %lld records sent, %lld households and %lld templates received"),
		      (long long)res.pushed, (long long)res.households, (long long)res.templates);
	return 0;
}
