/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-hazards.c: the hazards still open on this device's households,
 * oldest first with their age in days, as core's hazard ledger keeps them.
 * Enter opens the record that found one, where 'f' records the follow-up.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/due.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/record-list.h"
#include "tui/screen.h"
#include "tui/tview.h"
#include "tui/widget-list.h"

#define HAZARDS_MAX 500

enum hazards_action {
	HAZ_OPEN = 1,
	HAZ_BACK,
	HAZ_MOVE,
};

static const struct fc_binding hazards_keys[] = {
    {'\r', HAZ_OPEN, "Enter", N_("open record"), NULL},
    {FC_ESC, HAZ_BACK, "Esc", N_("back"), NULL},
    {'q', HAZ_BACK, "q", NULL, NULL},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), HAZ_MOVE, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), HAZ_MOVE, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), HAZ_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), HAZ_MOVE, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), HAZ_MOVE, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), HAZ_MOVE, "End", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct hazard_row {
	struct fc_hazard_entry h;
	int64_t age;
	char address[FC_ADDRESS_MAX]; /* of the household, so the row says where */
};

struct hazards {
	struct hazard_row *rows;
	int n;
	struct fc_list list;
	struct fc_tui *tui;
};

static int hazards_height(void *ctx, int i);

static const char *
hazards_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Open hazards");
}

static int
hazards_add(const struct fc_hazard_entry *h, int64_t age_days, void *ctx, struct fc_error *err)
{
	struct hazards *hz = ctx;
	struct fc_household hh;
	struct fc_error none = {0};

	(void)err;
	if (hz->n >= HAZARDS_MAX)
		return 1;
	hz->rows[hz->n].h = *h;
	hz->rows[hz->n].age = age_days;
	hz->rows[hz->n].address[0] = '\0';
	if (fc_store_get_household(hz->tui->app->store, h->household, &hh, &none) == 0)
		snprintf(hz->rows[hz->n].address, sizeof hz->rows[hz->n].address, "%s", hh.address);
	hz->n++;
	return 0;
}

static void
hazards_load(struct fc_tui *tui, struct hazards *hz)
{
	struct fc_error err = {0};

	hz->n = 0;
	if (fc_due_each_open_hazard(tui->app->store, NULL, fc_date_today(), hazards_add, hz,
				    &err) != 0)
		fc_tui_error(tui, &err);
	fc_list_set_count(&hz->list, hz->n);
}

static int
hazards_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct hazards *hz = calloc(1, sizeof *hz);

	(void)arg;
	if (hz == NULL || (hz->rows = calloc(HAZARDS_MAX, sizeof *hz->rows)) == NULL) {
		free(hz);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	fc_list_init(&hz->list);
	hz->list.height = hazards_height;
	hz->tui = tui;
	hazards_load(tui, hz);
	*data = hz;
	return 0;
}

static void
hazards_resume(struct fc_tui *tui, void *data)
{
	hazards_load(tui, data);
}

static void
hazards_free(void *data)
{
	struct hazards *hz = data;

	if (hz == NULL)
		return;
	free(hz->rows);
	free(hz);
}

/* Lines a row's "where" (household and address, severity and age) may take. */
#define HAZ_WHERE_LINES 3 /* as a search row: a long address whole */

struct hazard_text {
	char what[700], where[FC_ADDRESS_MAX + FC_ID_MAX + 2], right[64];
	int what_lines, where_lines;
};

/*
 * A hazard's lines: what it is (wrapped over two lines on a narrow screen),
 * then where with severity and age, the address wrapped onto a second line
 * rather than cut to a few characters with "…" at 40 columns.
 */
static void
hazards_text(struct hazards *hz, int i, int cols, struct hazard_text *t)
{
	const struct hazard_row *r = &hz->rows[i];
	int what_max = hz->tui->cols < 60 ? 2 : 1;

	snprintf(t->what, sizeof t->what, "%s %s", r->h.item, r->h.note);
	snprintf(t->where, sizeof t->where, "%s %s", r->h.household, r->address);
	snprintf(t->right, sizeof t->right, _("%s, %lld d"),
		 fc_tview_severity_any(hz->tui, r->h.severity), (long long)r->age);
	t->what_lines = fc_draw_wrap_lines(cols, t->what);
	if (t->what_lines > what_max)
		t->what_lines = what_max;
	if (t->what_lines < 1)
		t->what_lines = 1;
	t->where_lines = fc_draw_split_lines(cols, t->where, t->right);
	if (t->where_lines > HAZ_WHERE_LINES)
		t->where_lines = HAZ_WHERE_LINES;
}

static int
hazards_height(void *ctx, int i)
{
	struct hazards *hz = ctx;
	struct hazard_text t = {0}; /* filled by hazards_text; zeroed for cppcheck */

	hazards_text(hz, i, hz->tui->cols - 2, &t);
	return t.what_lines + t.where_lines;
}

static void
hazards_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct hazards *hz = ctx;
	attr_t a = selected ? A_REVERSE : A_NORMAL;
	struct hazard_text t = {0}; /* filled by hazards_text; zeroed for cppcheck */

	hazards_text(hz, i, cols, &t);
	for (int k = 0; k < t.what_lines; k++)
		fc_draw_text(y + k, x, cols, "", a);
	fc_draw_wrap(y, x, cols, t.what_lines, t.what, a | A_BOLD);
	fc_draw_split_wrap(y + t.what_lines, x, cols, t.where_lines, t.where, t.right, a);
}

static void
hazards_draw(struct fc_tui *tui, void *data)
{
	struct hazards *hz = data;
	int y = tui->top, cols = tui->cols - 2;

	if (hz->n == 0) {
		fc_draw_text(y + 1, 1, cols, _("No open hazards."), A_NORMAL);
		return;
	}
	/* The tallest row (hazards_height): a page is never more than a screenful. */
	hz->list.lines = (tui->cols < 60 ? 2 : 1) + HAZ_WHERE_LINES;
	fc_draw_textf(y++, 1, cols, A_NORMAL, _("%d open, oldest first"), hz->n);
	fc_list_draw(&hz->list, y, 1, tui->body_rows - 1, cols, hazards_row, hz);
}

static int
hazards_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct hazards *hz = data;

	switch (action) {
	case HAZ_BACK:
		return FC_KEY_CLOSE;
	case HAZ_MOVE:
		fc_list_key(&hz->list, code, tui->body_rows - 1);
		return FC_KEY_HANDLED;
	case HAZ_OPEN:
		if (hz->n == 0)
			return FC_KEY_HANDLED;
		fc_tui_open(tui, &fc_screen_record, hz->rows[hz->list.sel].h.record);
		return FC_KEY_OPEN;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_hazards = {
    .name = "hazards",
    .title = hazards_title,
    .init = hazards_init,
    .draw = hazards_draw,
    .key = hazards_key,
    .resume = hazards_resume,
    .free = hazards_free,
    .keys = hazards_keys,
};
