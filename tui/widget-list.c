/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-list.c: selection and scrolling for fc_list.
 */
#include <curses.h>
#include <stdio.h>

#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-list.h"

void
fc_list_init(struct fc_list *list)
{
	list->count = 0;
	list->sel = 0;
	list->top = 0;
	list->lines = 1;
	list->shown = 0;
	/* A list reused for other rows (a form's choices, then its photos) forgets their heights.
	 */
	list->height = NULL;
}

void
fc_list_set_count(struct fc_list *list, int count)
{
	list->count = count < 0 ? 0 : count;
	if (list->sel >= list->count)
		list->sel = list->count > 0 ? list->count - 1 : 0;
	if (list->top > list->sel)
		list->top = list->sel;
}

int
fc_list_key(struct fc_list *list, int code, int rows)
{
	int per = list->lines > 1 ? rows / list->lines : rows;
	int page = per > 1 ? per - 1 : 1;
	int old = list->sel;

	if (list->count == 0)
		return 0;
	switch (code) {
	case FC_KEYCODE(KEY_UP):
		list->sel--;
		break;
	case FC_KEYCODE(KEY_DOWN):
		list->sel++;
		break;
	/* A page turns the view with the selection, as a page of paper would. */
	case FC_KEYCODE(KEY_PPAGE):
		list->sel -= page;
		list->top = list->top > page ? list->top - page : 0;
		break;
	case FC_KEYCODE(KEY_NPAGE):
		list->sel += page;
		list->top += page;
		break;
	case FC_KEYCODE(KEY_HOME):
		list->sel = 0;
		break;
	case FC_KEYCODE(KEY_END):
		list->sel = list->count - 1;
		break;
	default:
		return 0;
	}
	if (list->sel < 0)
		list->sel = 0;
	if (list->sel >= list->count)
		list->sel = list->count - 1;
	(void)old;
	return 1;
}

/* Lines row i takes. */
static int
list_height(const struct fc_list *list, void *ctx, int i)
{
	int h = list->height != NULL ? list->height(ctx, i) : list->lines;

	return h > 1 ? h : 1;
}

/* Lines rows from..to-1 take. */
static int
list_span(const struct fc_list *list, void *ctx, int from, int to)
{
	int sum = 0;

	for (int i = from; i < to; i++)
		sum += list_height(list, ctx, i);
	return sum;
}

/*
 * Rows of differing heights: the selection shows whole, and a list that
 * ends above the bottom is pulled down so no screen line is wasted.
 */
static void
list_draw_varied(struct fc_list *list, int y, int x, int rows, int cols, fc_list_row_fn row,
		 void *ctx)
{
	int used = 0;

	list->shown = 0;
	if (list->sel < list->top)
		list->top = list->sel;
	while (list->top < list->sel && list_span(list, ctx, list->top, list->sel + 1) > rows)
		list->top++;
	while (list->top > 0 && list_span(list, ctx, list->top - 1, list->count) <= rows)
		list->top--;
	for (int i = list->top; i < list->count; i++) {
		int h = list_height(list, ctx, i);
		if (used + h > rows)
			break;
		row(ctx, i, y + used, x, cols, i == list->sel);
		used += h;
		list->shown++;
	}
}

void
fc_list_draw(struct fc_list *list, int y, int x, int rows, int cols, fc_list_row_fn row, void *ctx)
{
	int lines = list->lines > 1 ? list->lines : 1;

	if (list->height != NULL) {
		list_draw_varied(list, y, x, rows, cols, row, ctx);
		return;
	}
	list->shown = 0;
	if (rows < lines) /* not even one whole row fits */
		return;
	rows /= lines; /* rows that fit whole */
	if (list->sel < list->top)
		list->top = list->sel;
	if (list->sel >= list->top + rows)
		list->top = list->sel - rows + 1;
	if (list->top > 0 && list->top + rows > list->count)
		list->top = list->count > rows ? list->count - rows : 0;
	for (int i = 0; i < rows && list->top + i < list->count; i++) {
		row(ctx, list->top + i, y + i * lines, x, cols, list->top + i == list->sel);
		list->shown++;
	}
}

int
fc_list_draw_more(struct fc_list *list, int y, int x, int rows, int cols, fc_list_row_fn row,
		  void *ctx)
{
	int total = list->height != NULL ? list_span(list, ctx, 0, list->count)
					 : list->count * (list->lines > 1 ? list->lines : 1);
	int above, below;
	char more[160];

	if (total <= rows || rows < 2) {
		fc_list_draw(list, y, x, rows, cols, row, ctx);
		return total < rows ? total : rows;
	}
	fc_list_draw(list, y, x, rows - 1, cols, row, ctx);
	above = list->top;
	below = list->count - list->top - list->shown;
	if (above > 0 && below > 0)
		snprintf(more, sizeof more, _("%d more above, %d below (Up/Down)"), above, below);
	else if (above > 0)
		snprintf(more, sizeof more, _("%d more above (Up)"), above);
	else
		snprintf(more, sizeof more, _("%d more below (Down)"), below);
	fc_draw_text(y + rows - 1, x, cols, more, A_NORMAL);
	return rows;
}
