/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-text.h: a read-only page of lines, wrapped to the width and
 * scrolled by line (record details, review before signing).
 */
#ifndef FC_TUI_WIDGET_TEXT_H
#define FC_TUI_WIDGET_TEXT_H

#include <curses.h>
#include <stddef.h>

#include "core/error.h"

struct fc_text_line {
	char *text; /* owned */
	attr_t attr;
};

struct fc_text {
	struct fc_text_line *lines; /* owned */
	size_t n, cap;
	int scroll; /* first wrapped line drawn */
	int total;  /* wrapped lines at the last draw */
};

void fc_text_init(struct fc_text *t);
void fc_text_release(struct fc_text *t);
/* Append a formatted line; -1 only when out of memory. */
int fc_text_add(struct fc_text *t, attr_t attr, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));
/* Up/Down/PgUp/PgDn/Home/End; 1 if used. */
int fc_text_key(struct fc_text *t, int code, int rows);
void fc_text_draw(struct fc_text *t, int y, int x, int rows, int cols);

#endif
