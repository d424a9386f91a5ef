/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-prompt.c: the one-key question box.
 *
 * The box is drawn with ASCII corners in reverse video, so it shows on a
 * terminal without colour or line-drawing characters.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-prompt.h"

void
fc_prompt_ask(struct fc_tui *tui, const char *text, const struct fc_prompt_choice *choices,
	      fc_prompt_done_fn done, void *ctx)
{
	struct fc_prompt *p = tui->prompt_buf;

	snprintf(p->text, sizeof p->text, "%s", text);
	p->choices = choices;
	p->done = done;
	p->ctx = ctx;
	tui->prompt = p;
}

int
fc_prompt_key(struct fc_tui *tui, int code)
{
	struct fc_prompt *p = tui->prompt;

	if (p == NULL)
		return FC_KEY_IGNORED;
	if (code == '\r' || code == FC_KEYCODE(KEY_ENTER))
		code = '\n';
	for (const struct fc_prompt_choice *c = p->choices; c->key_name != NULL; c++) {
		int want = c->code;
		if (want == '\r')
			want = '\n';
		if (code == want || (want >= 'a' && want <= 'z' && code == want - 32)) {
			tui->prompt = NULL;
			return p->done(tui, p->ctx, c->value) | FC_KEY_HANDLED;
		}
	}
	return FC_KEY_HANDLED;
}

void
fc_prompt_draw(struct fc_tui *tui)
{
	struct fc_prompt *p = tui->prompt;
	char keys[512];
	size_t at = 0;
	int width, lines, n = 0, key_lines, y0, x0, one_line;

	if (p == NULL)
		return;
	keys[0] = '\0';
	for (const struct fc_prompt_choice *c = p->choices; c->key_name != NULL; c++, n++)
		if (at < sizeof keys)
			at +=
			    (size_t)snprintf(keys + at, sizeof keys - at, "%s%s %s",
					     c == p->choices ? "" : "  ", c->key_name, _(c->label));
	width = tui->cols - 4;
	if (width > 60)
		width = 60;
	/* The choices on one line when they fit, else one per line. */
	one_line = fc_draw_cols(keys) <= width - 4;
	key_lines = one_line ? 1 : n;
	lines = fc_draw_wrap_lines(width - 4, p->text);
	if (lines > tui->rows - 5 - key_lines)
		lines = tui->rows - 5 - key_lines;
	if (lines < 1)
		lines = 1;
	y0 = (tui->rows - lines - key_lines - 3) / 2;
	x0 = (tui->cols - width) / 2;
	for (int i = 0; i < lines + key_lines + 3; i++) {
		fc_draw_unsplit(y0 + i, x0);
		fc_draw_unsplit(y0 + i, x0 + width);
	}
	fc_draw_text(y0, x0, width, "", A_REVERSE);
	for (int i = 0; i < lines + key_lines + 1; i++) {
		fc_draw_text(y0 + 1 + i, x0, 2, "", A_REVERSE);
		fc_draw_text(y0 + 1 + i, x0 + 2, width - 4, "", A_NORMAL);
		fc_draw_text(y0 + 1 + i, x0 + width - 2, 2, "", A_REVERSE);
	}
	fc_draw_wrap(y0 + 1, x0 + 2, width - 4, lines, p->text, A_BOLD);
	if (one_line) {
		fc_draw_text(y0 + 2 + lines, x0 + 2, width - 4, keys, A_NORMAL);
	} else {
		int i = 0;
		for (const struct fc_prompt_choice *c = p->choices; c->key_name != NULL; c++, i++)
			fc_draw_textf(y0 + 2 + lines + i, x0 + 2, width - 4, A_NORMAL, "%s %s",
				      c->key_name, _(c->label));
	}
	fc_draw_text(y0 + 2 + lines + key_lines, x0, width, "", A_REVERSE);
}
