/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-search.c: find a household as you type (id, address, resident,
 * phone; Chinese fragments of one character and more).
 *
 * Each change of the text runs one indexed search limited to a screenful
 * of rows more than needed; the store's search is fast enough (docs/limits.md)
 * that no debouncing is needed. Enter opens the household.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "tui/draw.h"
#include "tui/household-view.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-field.h"
#include "tui/widget-list.h"

#define SEARCH_MAX 100

enum search_action {
	SEARCH_OPEN = 1,
	SEARCH_BACK,
	SEARCH_MOVE,
};

static const struct fc_binding search_keys[] = {
    {'\r', SEARCH_OPEN, "Enter", N_("open"), N_("open the household under the cursor")},
    {FC_ESC, SEARCH_BACK, "Esc", N_("back"), NULL},
    {FC_KEYCODE(KEY_UP), SEARCH_MOVE, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), SEARCH_MOVE, "Down", N_("choose"), N_("next line")},
    {FC_KEYCODE(KEY_PPAGE), SEARCH_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), SEARCH_MOVE, "PgDn", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct search {
	struct fc_field field;
	struct fc_list list;
	struct fc_household *rows; /* SEARCH_MAX */
	int n;
	char text[FC_FIELD_MAX * 4 + 1];
	struct fc_tui *tui;
};

#define SEARCH_ROW_LINES 3 /* a long address wraps; more would hide the other rows */

static int search_height(void *ctx, int i);

static const char *
search_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Find a household");
}

static int
search_add(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	struct search *s = ctx;

	(void)err;
	if (s->n >= SEARCH_MAX)
		return 1;
	s->rows[s->n++] = *h;
	return 0;
}

static void
search_run(struct fc_tui *tui, struct search *s)
{
	struct fc_error err = {0};

	fc_field_get(&s->field, s->text, sizeof s->text);
	s->n = 0;
	if (s->text[0] != '\0' && fc_store_search_households(tui->app->store, s->text, SEARCH_MAX,
							     search_add, s, &err) != 0)
		fc_tui_error(tui, &err);
	s->list.sel = 0;
	s->list.top = 0;
	fc_list_set_count(&s->list, s->n);
}

static int
search_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct search *s = calloc(1, sizeof *s);

	if (s == NULL || (s->rows = calloc(SEARCH_MAX, sizeof *s->rows)) == NULL) {
		free(s);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	s->tui = tui;
	fc_field_init(&s->field, 64, 0);
	fc_list_init(&s->list);
	s->list.height = search_height;
	s->list.lines = SEARCH_ROW_LINES; /* the tallest, so PgDn never skips a row */
	(void)arg;
	*data = s;
	return 0;
}

static void
search_free(void *data)
{
	struct search *s = data;

	if (s == NULL)
		return;
	free(s->rows);
	free(s);
}

/*
 * 1 when a word of the search (words are what the store matches, each on
 * its own) is part of the phone: a household found by its phone shows it,
 * else the row shows nothing the inspector typed.
 */
static int
search_by_phone(const char *text, const char *phone)
{
	char word[64];

	while (*text != '\0') {
		size_t n = strcspn(text, " ");
		if (n > 0 && n < sizeof word && phone[0] != '\0') {
			memcpy(word, text, n);
			word[n] = '\0';
			if (strstr(phone, word) != NULL)
				return 1;
		}
		text += n;
		text += strspn(text, " ");
	}
	return 0;
}

/* A row's left side: id, address, resident and the phone a search found, whole. */
#define SEARCH_LEFT_MAX                                                                            \
	(FC_ID_MAX + FC_ADDRESS_MAX + FC_NAME_MAX + sizeof(((struct fc_household *)0)->phone) + 8)

/* A row's two sides: who and where on the left, due state on the right. */
static int
search_sides(struct search *s, int i, int cols, char *left, size_t lsize, char *right, size_t rsize)
{
	const struct fc_household *h = &s->rows[i];
	const char *phone = search_by_phone(s->text, h->phone) ? h->phone : "";
	int late = 0;

	/* Narrow: the kind is on the household screen; the address needs the room. */
	if (cols >= 60)
		snprintf(left, lsize, "%s  %s %s%s%s", h->id, h->address, h->resident,
			 phone[0] != '\0' ? " " : "", phone);
	else
		snprintf(left, lsize, "%s %s%s%s", h->address, h->resident,
			 phone[0] != '\0' ? " " : "", phone);
	fc_household_row_right(s->tui, h, cols >= 60, right, rsize, &late);
	return late;
}

/* Lines row i takes: one if it fits, else the address wraps rather than being cut. */
static int
search_height(void *ctx, int i)
{
	struct search *s = ctx;
	char left[SEARCH_LEFT_MAX], right[256];
	int cols = s->tui->cols - 2, n;

	search_sides(s, i, cols, left, sizeof left, right, sizeof right);
	n = fc_draw_split_lines(cols, left, right);
	return n < SEARCH_ROW_LINES ? n : SEARCH_ROW_LINES;
}

static void
search_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct search *s = ctx;
	char left[SEARCH_LEFT_MAX], right[256];
	attr_t attr = selected ? A_REVERSE : A_NORMAL;
	int late = search_sides(s, i, cols, left, sizeof left, right, sizeof right);

	fc_draw_split_wrap(y, x, cols, search_height(s, i), left, right,
			   attr | (late ? A_BOLD : 0));
}

static void
search_draw(struct fc_tui *tui, void *data)
{
	struct search *s = data;
	int y = tui->top, cols = tui->cols - 2;
	const char *label = _("Search:");
	int lw = fc_draw_cols(label) + 1;

	fc_draw_text(y, 1, lw, label, A_BOLD);
	int cx = fc_field_draw(&s->field, y, 1 + lw, cols - lw);
	fc_tui_cursor(tui, y, cx);
	y++;
	if (s->text[0] == '\0') {
		fc_draw_wrap(
		    y + 1, 1, cols, 3,
		    _("Type part of an address, a resident's name, a phone number or an ID."),
		    A_NORMAL);
		return;
	}
	if (s->n == 0) {
		fc_draw_text(y + 1, 1, cols, _("No household matches."), A_NORMAL);
		return;
	}
	fc_draw_textf(y, 1, cols, A_NORMAL, _("%d found%s"), s->n,
		      s->n >= SEARCH_MAX ? _(" (first ones; type more)") : "");
	fc_list_draw(&s->list, y + 1, 1, tui->body_rows - 2, cols, search_row, s);
}

static int
search_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct search *s = data;
	int r;

	switch (action) {
	case SEARCH_BACK:
		return FC_KEY_CLOSE;
	case SEARCH_MOVE:
		fc_list_key(&s->list, code, tui->body_rows - 2);
		return FC_KEY_HANDLED;
	case SEARCH_OPEN:
		if (s->n == 0)
			return FC_KEY_HANDLED;
		fc_tui_open(tui, &fc_screen_household, s->rows[s->list.sel].id);
		return FC_KEY_OPEN;
	case FC_ACT_NONE:
		r = fc_field_key(&s->field, code);
		if (r == 1)
			search_run(tui, s);
		return r ? FC_KEY_HANDLED : FC_KEY_IGNORED;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_search = {
    .name = "search",
    .title = search_title,
    .init = search_init,
    .draw = search_draw,
    .key = search_key,
    .free = search_free,
    .keys = search_keys,
    .pastes = 1,
};
