/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-outline.c: the whole checklist at a glance (F3 on the form): each
 * section, and under it each item the answers show, marked "[x]" when
 * answered, "[ ]" when still open and "!" when its answer raises a hazard,
 * so a form of 60 items can be checked and reached without paging through
 * it with Tab. Enter puts the form's cursor on the chosen item (a section
 * line: its first item) and closes the outline.
 *
 * The marks are characters, not only attributes: they must read in sunlight
 * on a screen without colour or reverse video. The rows are rebuilt from the
 * form at every draw, as the form below is the one truth about what shows.
 */
#include <stdio.h>
#include <stdlib.h>

#include "tui/draw.h"
#include "tui/form.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/tview.h"
#include "tui/widget-list.h"

enum outline_action {
	OUTLINE_JUMP = 1,
	OUTLINE_BACK,
	OUTLINE_MOVE,
};

static const struct fc_binding outline_keys[] = {
    {'\r', OUTLINE_JUMP, "Enter", N_("go to item"), N_("go to the chosen item in the form")},
    {FC_ESC, OUTLINE_BACK, "Esc", N_("back"), N_("back to the form, where it was")},
    {FC_KEYCODE(KEY_F(3)), OUTLINE_BACK, "F3", NULL, N_("back to the form, where it was")},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), OUTLINE_MOVE, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), OUTLINE_MOVE, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), OUTLINE_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), OUTLINE_MOVE, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), OUTLINE_MOVE, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), OUTLINE_MOVE, "End", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

/* One row: a section heading (pos -1) or an item, by its position in visible. */
struct outline_row {
	size_t section; /* template section index */
	long pos;	/* position in form->visible; -1 for the heading */
	size_t first;	/* heading: position of the section's first shown item */
};

struct outline {
	struct fc_form *form; /* borrowed from the form screen below */
	struct outline_row *rows;
	struct fc_list list;
	int cols; /* the rows' width, for their heights (set at each draw) */
};

/* A long label wraps onto a second line at 40x15 rather than being cut short;
 * one longer still ends its second line in "…". */
#define OUTLINE_ROW_LINES 2

static int outline_height(void *ctx, int i);

static const char *
outline_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Outline");
}

/* A heading before the first shown item of each section, then the items. */
static int
outline_build(struct outline *o)
{
	const struct fc_form *form = o->form;
	size_t n = 0, last = (size_t)-1;

	free(o->rows);
	o->rows = calloc(form->n_visible * 2 + 1, sizeof *o->rows);
	if (o->rows == NULL) {
		fc_list_set_count(&o->list, 0);
		return -1;
	}
	for (size_t i = 0; i < form->n_visible; i++) {
		size_t sec = form->tpl->items[form->visible[i]].section;
		if (sec != last) {
			o->rows[n++] = (struct outline_row){.section = sec, .pos = -1, .first = i};
			last = sec;
		}
		o->rows[n++] = (struct outline_row){.section = sec, .pos = (long)i, .first = i};
	}
	fc_list_set_count(&o->list, (int)n);
	return 0;
}

static int
outline_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct outline *o = calloc(1, sizeof *o);

	if (o == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	o->form = arg;
	fc_list_init(&o->list);
	o->list.height = outline_height;
	o->list.lines = OUTLINE_ROW_LINES; /* the tallest, so PgDn never skips a row */
	o->cols = tui->cols - 2;
	if (outline_build(o) != 0) {
		free(o);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	/* Open on the item the form is at. */
	for (int i = 0; i < o->list.count; i++)
		if (o->rows[i].pos == (long)o->form->cur)
			o->list.sel = i;
	*data = o;
	return 0;
}

static void
outline_free(void *data)
{
	struct outline *o = data;

	if (o == NULL)
		return;
	free(o->rows);
	free(o);
}

/* Row index's text: a section's title, or an item's marks, id, photos and label. */
static void
outline_text(const struct outline *o, int index, int selected, char *out, size_t size)
{
	const struct fc_form *form = o->form;
	const struct outline_row *r = &o->rows[index];
	const char *mark = selected ? ">" : " ";
	const struct fc_item *it;
	char photos[64];

	if (r->pos < 0) {
		snprintf(out, size, "%s- %s", mark,
			 fc_tview_label(&form->tpl->sections[r->section].label));
		return;
	}
	it = &form->tpl->items[form->visible[r->pos]];
	/* Photos on the item (F5) said in words before its label: no new column to learn. */
	photos[0] = '\0';
	if (fc_form_evidence_count(form, it->id) > 0)
		snprintf(photos, sizeof photos, _("[photos: %zu] "),
			 fc_form_evidence_count(form, it->id));
	snprintf(out, size, "%s[%s]%s %s %s%s", mark,
		 json_object_get(form->answers, it->id) != NULL ? "x" : " ",
		 fc_form_is_hazard(form, form->visible[r->pos]) ? "!" : " ", it->id, photos,
		 fc_tview_label(&it->label));
}

/* Lines row i takes: one if it fits, else the label wraps onto a second line. */
static int
outline_height(void *ctx, int i)
{
	const struct outline *o = ctx;
	char text[1024];
	int n;

	outline_text(o, i, 0, text, sizeof text);
	n = fc_draw_wrap_lines(o->cols, text);
	return n < OUTLINE_ROW_LINES ? n : OUTLINE_ROW_LINES;
}

static void
outline_row(void *ctx, int index, int y, int x, int cols, int selected)
{
	struct outline *o = ctx;
	attr_t a = selected ? A_REVERSE : A_NORMAL;
	char text[1024];

	outline_text(o, index, selected, text, sizeof text);
	if (o->rows[index].pos < 0)
		a |= A_BOLD;
	/* Longer than its two lines: "…" says so (S44 stopped at "storey" as if whole). */
	fc_draw_wrap_cut(y, x, cols, outline_height(o, index), text, a);
}

static void
outline_draw(struct fc_tui *tui, void *data)
{
	struct outline *o = data;
	int y = tui->top, cols = tui->cols - 2;

	o->cols = cols;
	fc_draw_textf(y++, 1, cols, A_NORMAL, "%s", _("[x] answered  [ ] open  ! hazard"));
	fc_list_draw(&o->list, y, 1, tui->body_rows - 1, cols, outline_row, o);
}

static void
outline_resume(struct fc_tui *tui, void *data)
{
	(void)tui;
	outline_build(data);
}

static int
outline_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct outline *o = data;

	switch (action) {
	case OUTLINE_BACK:
		return FC_KEY_CLOSE;
	case OUTLINE_MOVE:
		fc_list_key(&o->list, code, tui->body_rows - 1);
		return FC_KEY_HANDLED;
	case OUTLINE_JUMP:
		if (o->list.count == 0)
			return FC_KEY_HANDLED;
		/* The form's resume loads the input for the item now under its cursor. */
		o->form->cur = o->rows[o->list.sel].first;
		return FC_KEY_CLOSE;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_outline = {
    .name = "outline",
    .title = outline_title,
    .init = outline_init,
    .draw = outline_draw,
    .key = outline_key,
    .resume = outline_resume,
    .free = outline_free,
    .keys = outline_keys,
};
