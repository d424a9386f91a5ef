/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-text.c: wrapped, scrolling lines.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/screen.h"
#include "tui/widget-text.h"

void
fc_text_init(struct fc_text *t)
{
	memset(t, 0, sizeof *t);
}

void
fc_text_release(struct fc_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->lines[i].text);
	free(t->lines);
	fc_text_init(t);
}

int
fc_text_add(struct fc_text *t, attr_t attr, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct fc_text_line *nl = realloc(t->lines, cap * sizeof *nl);
		if (nl == NULL)
			return -1;
		t->lines = nl;
		t->cap = cap;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->lines[t->n].text = s;
	t->lines[t->n].attr = attr;
	t->n++;
	return 0;
}

int
fc_text_key(struct fc_text *t, int code, int rows)
{
	int page = rows > 1 ? rows - 1 : 1;

	switch (code) {
	case FC_KEYCODE(KEY_UP):
		t->scroll--;
		break;
	case FC_KEYCODE(KEY_DOWN):
		t->scroll++;
		break;
	case FC_KEYCODE(KEY_PPAGE):
		t->scroll -= page;
		break;
	case FC_KEYCODE(KEY_NPAGE):
	case ' ':
		t->scroll += page;
		break;
	case FC_KEYCODE(KEY_HOME):
		t->scroll = 0;
		break;
	case FC_KEYCODE(KEY_END):
		t->scroll = t->total;
		break;
	default:
		return 0;
	}
	if (t->scroll > t->total - rows)
		t->scroll = t->total - rows;
	if (t->scroll < 0)
		t->scroll = 0;
	return 1;
}

void
fc_text_draw(struct fc_text *t, int y, int x, int rows, int cols)
{
	int line = 0;

	t->total = 0;
	for (size_t i = 0; i < t->n; i++)
		t->total += fc_draw_wrap_lines(cols, t->lines[i].text);
	if (t->scroll > t->total - rows)
		t->scroll = t->total - rows;
	if (t->scroll < 0)
		t->scroll = 0;
	for (size_t i = 0; i < t->n && line < t->scroll + rows; i++) {
		int n = fc_draw_wrap_lines(cols, t->lines[i].text);
		if (line + n > t->scroll) {
			int skip = t->scroll > line ? t->scroll - line : 0;
			int at = y + line - t->scroll + skip;
			int avail = rows - (at - y);
			fc_draw_wrap_from(at, x, cols, skip, avail, t->lines[i].text,
					  t->lines[i].attr);
		}
		line += n;
	}
}
