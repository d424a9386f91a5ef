/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-list.h: a scrolling list with a selected row.
 *
 * The list keeps only positions; the screen that owns the rows draws each
 * one through a callback, so the same widget serves search results, records
 * and checklist choices.
 */
#ifndef FC_TUI_WIDGET_LIST_H
#define FC_TUI_WIDGET_LIST_H

struct fc_list {
	int count; /* rows */
	int sel;   /* selected row, 0 when count is 0 */
	int top;   /* first row drawn */
	int lines; /* screen lines per row (1 unless a long row wraps), set by the owner */
	/* Lines of one row where rows differ (a long one wraps), or NULL; takes the draw ctx. */
	int (*height)(void *ctx, int index);
	int shown; /* rows the last draw showed, from top */
};

/*
 * Draw row index at (y, x) in cols columns and list->lines lines (or what
 * list->height says); selected
 * rows are drawn reversed.
 */
typedef void (*fc_list_row_fn)(void *ctx, int index, int y, int x, int cols, int selected);

void fc_list_init(struct fc_list *list);
/* Change the number of rows, keeping the selection in range. */
void fc_list_set_count(struct fc_list *list, int count);
/*
 * Up/Down/PgUp/PgDn/Home/End for a list rows lines high; 1 if the key was
 * used. With list->height, list->lines is the tallest row, so a page is
 * never more than a screenful.
 */
int fc_list_key(struct fc_list *list, int code, int rows);
/* Draw the visible rows, scrolling so the selection shows. */
void fc_list_draw(struct fc_list *list, int y, int x, int rows, int cols, fc_list_row_fn row,
		  void *ctx);
/*
 * fc_list_draw, but a list with more rows than fit gives its last line to
 * how many are out of sight and the key that shows them ("5 more below
 * (Down)"). Returns the lines used.
 */
int fc_list_draw_more(struct fc_list *list, int y, int x, int rows, int cols, fc_list_row_fn row,
		      void *ctx);

#endif
