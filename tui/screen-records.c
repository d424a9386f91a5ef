/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-records.c: the records on this device, newest first; '*' marks
 * those the server has not yet acknowledged.
 */
#include <stdlib.h>

#include "app/app.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/record-list.h"
#include "tui/screen.h"

enum records_action {
	RECORDS_OPEN = 1,
	RECORDS_UNSYNCED,
	RECORDS_BACK,
	RECORDS_MOVE,
};

static const struct fc_binding records_keys[] = {
    {'\r', RECORDS_OPEN, "Enter", N_("open"), NULL},
    {'u', RECORDS_UNSYNCED, "u", N_("unsynced only"),
     N_("show only records not yet synced, or all")},
    {FC_ESC, RECORDS_BACK, "Esc", N_("back"), NULL},
    {'q', RECORDS_BACK, "q", NULL, NULL},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), RECORDS_MOVE, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), RECORDS_MOVE, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), RECORDS_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), RECORDS_MOVE, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), RECORDS_MOVE, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), RECORDS_MOVE, "End", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct records {
	struct fc_record_list rl;
	int unsynced_only;
	int64_t total, unsynced;
};

static const char *
records_title(struct fc_tui *tui, void *data)
{
	struct records *r = data;

	(void)tui;
	return r->unsynced_only ? _("Records not yet synced") : _("Records");
}

static void
records_load(struct fc_tui *tui, struct records *r)
{
	struct fc_error err = {0};
	struct fc_record_filter filter = {0};

	filter.newest_first = 1;
	filter.unsynced_only = r->unsynced_only;
	if (fc_record_list_load(tui, &r->rl, &filter, &err) != 0 ||
	    fc_store_count_records(tui->app->store, &r->total, &r->unsynced, &err) != 0)
		fc_tui_error(tui, &err);
}

static int
records_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct records *r = calloc(1, sizeof *r);

	(void)arg;
	if (r == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	fc_record_list_init(&r->rl);
	records_load(tui, r);
	*data = r;
	return 0;
}

static void
records_resume(struct fc_tui *tui, void *data)
{
	records_load(tui, data);
}

static void
records_free(void *data)
{
	struct records *r = data;

	if (r == NULL)
		return;
	fc_record_list_release(&r->rl);
	free(r);
}

static void
records_draw(struct fc_tui *tui, void *data)
{
	struct records *r = data;
	int y = tui->top, cols = tui->cols - 2;

	fc_draw_textf(y++, 1, cols, A_NORMAL, _("%lld records, %lld not synced (*)"),
		      (long long)r->total, (long long)r->unsynced);
	if (r->rl.n == 0) {
		fc_draw_text(y + 1, 1, cols, _("No records."), A_NORMAL);
		return;
	}
	fc_record_list_draw(tui, &r->rl, y, tui->body_rows - 1, 1);
}

static int
records_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct records *r = data;

	switch (action) {
	case RECORDS_BACK:
		return FC_KEY_CLOSE;
	case RECORDS_MOVE:
		fc_list_key(&r->rl.list, code, tui->body_rows - 1);
		return FC_KEY_HANDLED;
	case RECORDS_UNSYNCED:
		r->unsynced_only = !r->unsynced_only;
		r->rl.list.sel = 0;
		records_load(tui, r);
		return FC_KEY_HANDLED;
	case RECORDS_OPEN:
		if (r->rl.n == 0)
			return FC_KEY_HANDLED;
		fc_tui_open(tui, &fc_screen_record, r->rl.rows[r->rl.list.sel].id);
		return FC_KEY_OPEN;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_records = {
    .name = "records",
    .title = records_title,
    .init = records_init,
    .draw = records_draw,
    .key = records_key,
    .resume = records_resume,
    .free = records_free,
    .keys = records_keys,
};
