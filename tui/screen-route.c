/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-route.c: today's route (core/route.h): every household overdue or
 * due soon, never capped, in street and building order, with the ones
 * inspected today marked done and the ones visited today marked with what
 * the visit found. It opens on the first stop still to do; Enter opens the
 * household, and coming back reloads, so a signed check shows as done.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/route.h"
#include "tui/draw.h"
#include "tui/household-view.h"
#include "tui/i18n.h"
#include "tui/record-list.h"
#include "tui/screen.h"
#include "tui/widget-list.h"

enum route_action {
	ROUTE_OPEN = 1,
	ROUTE_BACK,
	ROUTE_MOVE,
	ROUTE_NEXT,
};

static const struct fc_binding route_keys[] = {
    {'\r', ROUTE_OPEN, "Enter", N_("open"), N_("open the household under the cursor")},
    {FC_ESC, ROUTE_BACK, "Esc", N_("back"), NULL},
    {'n', ROUTE_NEXT, "n", N_("next to do"), N_("the next stop not yet done")},
    {'q', ROUTE_BACK, "q", NULL, NULL},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), ROUTE_MOVE, "Up", NULL, N_("previous stop")},
    {FC_KEYCODE(KEY_DOWN), ROUTE_MOVE, "Down", NULL, N_("next stop")},
    {FC_KEYCODE(KEY_PPAGE), ROUTE_MOVE, "PgUp", NULL, N_("previous page")},
    {FC_KEYCODE(KEY_NPAGE), ROUTE_MOVE, "PgDn", NULL, N_("next page")},
    {FC_KEYCODE(KEY_HOME), ROUTE_MOVE, "Home", NULL, N_("first stop")},
    {FC_KEYCODE(KEY_END), ROUTE_MOVE, "End", NULL, N_("last stop")},
    {0, 0, NULL, NULL, NULL},
};

struct route_screen {
	struct fc_route route;
	struct fc_list list;
	int head; /* lines the counts take (two where the screen is narrow) */
	int wide; /* a stop fits on one line unless its address is long */
	struct fc_tui *tui;
};

#define ROUTE_ROW_LINES 3 /* a long address wraps; more would hide the other stops */

static int route_height(void *ctx, int i);

static const char *
route_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Today's route");
}

/* Select the first stop at or after from that is not done; 0 if none. */
static int
route_find_todo(struct route_screen *rs, size_t from)
{
	for (size_t i = from; i < rs->route.n; i++)
		if (rs->route.v[i].mark != FC_ROUTE_DONE) {
			rs->list.sel = (int)i;
			return 1;
		}
	return 0;
}

/* (Re)build the route; the selection stays on keep (an id) when it is still there. */
static void
route_load(struct fc_tui *tui, struct route_screen *rs, const char *keep)
{
	const struct fc_intervals *iv = fc_household_intervals(tui);
	struct fc_error err = {0};
	char id[FC_ID_MAX] = "";

	if (keep != NULL)
		snprintf(id, sizeof id, "%s", keep);
	fc_route_free(&rs->route);
	fc_list_set_count(&rs->list, 0);
	if (iv == NULL) {
		fc_tui_status(tui, "%s", _("No due-date intervals are installed"));
		return;
	}
	if (fc_route_build(tui->app->store, iv, fc_date_today(), &rs->route, &err) != 0) {
		fc_tui_error(tui, &err);
		fc_route_free(&rs->route);
		return;
	}
	fc_list_set_count(&rs->list, (int)rs->route.n);
	for (size_t i = 0; id[0] != '\0' && i < rs->route.n; i++)
		if (strcmp(rs->route.v[i].id, id) == 0) {
			rs->list.sel = (int)i;
			return;
		}
	route_find_todo(rs, 0);
}

static int
route_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct route_screen *rs = calloc(1, sizeof *rs);

	(void)arg;
	if (rs == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	rs->tui = tui;
	rs->head = 1;
	fc_list_init(&rs->list);
	rs->list.height = route_height;
	rs->list.lines = ROUTE_ROW_LINES; /* the tallest, so PgDn never skips a stop */
	route_load(tui, rs, NULL);
	*data = rs;
	return 0;
}

static void
route_resume(struct fc_tui *tui, void *data)
{
	struct route_screen *rs = data;
	char id[FC_ID_MAX] = "";

	if (rs->route.n > 0)
		snprintf(id, sizeof id, "%s", rs->route.v[rs->list.sel].id);
	route_load(tui, rs, id);
}

static void
route_free(void *data)
{
	struct route_screen *rs = data;

	if (rs == NULL)
		return;
	fc_route_free(&rs->route);
	free(rs);
}

/* What the right of a row says: done, what the visit found, or the due state. */
static void
route_state(struct route_screen *rs, const struct fc_route_stop *s, const struct fc_household *h,
	    int wide, char *out, size_t size, int *late)
{
	*late = 0;
	if (s->mark == FC_ROUTE_DONE)
		snprintf(out, size, "%s", _("done today"));
	else if (s->mark == FC_ROUTE_VISITED)
		snprintf(out, size, "%s", fc_record_outcome_label(s->outcome));
	else
		fc_household_row_right(rs->tui, h, wide, out, size, late);
}

/* A stop's text: one line's left side where wide, else the mark and the address. */
static int
route_sides(struct route_screen *rs, int i, char *left, size_t lsize, char *right, size_t rsize)
{
	const struct fc_route_stop *s = &rs->route.v[i];
	const char *mark = s->mark == FC_ROUTE_DONE ? "✓" : s->mark == FC_ROUTE_VISITED ? "!" : " ";
	struct fc_household h;
	int late;

	fc_route_household(s, &h);
	route_state(rs, s, &h, rs->wide, right, rsize, &late);
	if (rs->wide)
		snprintf(left, lsize, "%s %s  %s %s", mark, s->id, s->address, s->resident);
	else
		snprintf(left, lsize, "%s %s", mark, s->address);
	return late;
}

/* Lines stop i takes: a long address wraps rather than being cut. */
static int
route_height(void *ctx, int i)
{
	struct route_screen *rs = ctx;
	char left[FC_ADDRESS_MAX + FC_NAME_MAX + FC_ID_MAX + 16], right[256];
	int cols = rs->tui->cols - 2, n;

	route_sides(rs, i, left, sizeof left, right, sizeof right);
	if (rs->wide)
		n = fc_draw_split_lines(cols, left, right);
	else
		n = (fc_draw_wrap_lines(cols, left) > 1 ? 2 : 1) + 1;
	return n < ROUTE_ROW_LINES ? n : ROUTE_ROW_LINES;
}

/*
 * A stop: a mark (done ✓, visited !), the address and who lives there; wide
 * screens put it on one line, narrow ones give the address a line (or two)
 * of its own.
 */
static void
route_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct route_screen *rs = ctx;
	const struct fc_route_stop *s = &rs->route.v[i];
	char left[FC_ADDRESS_MAX + FC_NAME_MAX + FC_ID_MAX + 16], right[256];
	attr_t a = selected ? A_REVERSE : A_NORMAL;
	int n = route_height(rs, i);

	if (route_sides(rs, i, left, sizeof left, right, sizeof right))
		a |= A_BOLD;
	if (rs->wide) {
		fc_draw_split_wrap(y, x, cols, n, left, right, a);
		return;
	}
	fc_draw_split_wrap(y, x, cols, n - 1, left, "", a);
	snprintf(left, sizeof left, "  %s %s", s->resident, s->id);
	fc_draw_split(y + n - 1, x, cols, left, right, a);
}

static void
route_draw(struct fc_tui *tui, void *data)
{
	struct route_screen *rs = data;
	const struct fc_route *r = &rs->route;
	int y = tui->top, cols = tui->cols - 2;
	char head[256];

	if (r->n == 0) {
		fc_draw_wrap(y + 1, 1, cols, 3, _("No household is due."), A_NORMAL);
		return;
	}
	rs->wide = tui->cols >= 60;
	snprintf(head, sizeof head, _("%zu stops: ✓ %zu done, ! %zu visited, %zu to go"), r->n,
		 r->done, r->visited, r->n - r->done - r->visited);
	rs->head = fc_draw_wrap(y, 1, cols, 2, head, A_NORMAL);
	fc_list_draw(&rs->list, y + rs->head, 1, tui->body_rows - rs->head, cols, route_row, rs);
}

static int
route_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct route_screen *rs = data;

	switch (action) {
	case ROUTE_BACK:
		return FC_KEY_CLOSE;
	case ROUTE_MOVE:
		fc_list_key(&rs->list, code, tui->body_rows - rs->head);
		return FC_KEY_HANDLED;
	case ROUTE_NEXT:
		if (!route_find_todo(rs, (size_t)rs->list.sel + 1) && !route_find_todo(rs, 0))
			fc_tui_status(tui, "%s", _("Every stop is done"));
		return FC_KEY_HANDLED;
	case ROUTE_OPEN:
		if (rs->route.n == 0)
			return FC_KEY_HANDLED;
		fc_tui_open(tui, &fc_screen_household, rs->route.v[rs->list.sel].id);
		return FC_KEY_OPEN;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_route = {
    .name = "route",
    .title = route_title,
    .init = route_init,
    .draw = route_draw,
    .key = route_key,
    .resume = route_resume,
    .free = route_free,
    .keys = route_keys,
};
