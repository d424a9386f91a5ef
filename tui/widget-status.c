/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-status.c: title bar, message lines and key bar.
 *
 * The key bar is drawn from the screen's binding table and the keys every
 * screen shares: keys in reverse video, labels plain (readable without
 * colour); a pair that does not fit on a line starts the next one, so a
 * 40-column terminal shows every key (the body gives up the lines). The
 * message above the bar wraps the same way, wide characters kept whole.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/widget-status.h"

void
fc_status_draw_title(struct fc_tui *tui, const char *title, const char *right)
{
	fc_draw_split(0, 0, tui->cols, title, right != NULL ? right : "", A_REVERSE | A_BOLD);
}

/* The message with its error mark, as drawn. */
static void
status_message(const struct fc_tui *tui, char *line, size_t size)
{
	snprintf(line, size, "%s%s", tui->status_error ? "! " : "", tui->status);
}

int
fc_status_message_lines(struct fc_tui *tui, int max_lines)
{
	char line[600];
	int n;

	if (tui->status[0] == '\0')
		return 1;
	status_message(tui, line, sizeof line);
	n = fc_draw_wrap_lines(tui->cols, line);
	return n > max_lines ? (max_lines > 1 ? max_lines : 1) : n;
}

void
fc_status_draw_message(struct fc_tui *tui)
{
	char line[600];
	int y = tui->top + tui->body_rows, n = tui->msg_rows > 0 ? tui->msg_rows : 1;

	for (int i = 0; i < n; i++)
		fc_draw_text(y + i, 0, tui->cols, "", A_NORMAL);
	if (tui->status[0] == '\0')
		return;
	/* Wrapped, never cut: an error the inspector cannot read whole is no help. */
	status_message(tui, line, sizeof line);
	fc_draw_wrap(y, 0, tui->cols, n, line, tui->status_error ? A_BOLD : A_NORMAL);
}

/* The binding b of set is drawn in the bar: labelled, first of its action, not overridden. */
static int
status_shown(const struct fc_binding *set, const struct fc_binding *b, const struct fc_binding *own)
{
	if (b->label == NULL)
		return 0;
	/* Several codes may share one action; draw it once. */
	for (const struct fc_binding *p = set; p != b; p++)
		if (p->action == b->action && p->label != NULL)
			return 0;
	/* A shared key the screen binds itself (F12 on the set-up screen) is the screen's. */
	for (const struct fc_binding *p = own; own != set && p != NULL && p->action != 0; p++)
		if (p->code == b->code)
			return 0;
	return 1;
}

/*
 * Lay the pairs out from the top line of the bar (y), drawing them when draw
 * is set; returns the lines used.
 */
static int
status_layout(struct fc_tui *tui, const struct fc_binding *keys, const struct fc_binding *extra,
	      int y, int draw)
{
	const struct fc_binding *sets[2] = {keys, extra};
	int x = 0, line = 0;

	for (int s = 0; s < 2; s++) {
		for (const struct fc_binding *b = sets[s]; b != NULL && b->action != 0; b++) {
			if (!status_shown(sets[s], b, keys))
				continue;
			const char *label = _(b->label);
			int kw = fc_draw_cols(b->key_name), lw = fc_draw_cols(label);
			if (x > 0 && x + kw + 1 + lw > tui->cols) {
				if (line + 1 >= FC_STATUS_KEY_LINES)
					return line + 1;
				line++;
				x = 0;
			}
			if (draw) {
				fc_draw_text(y + line, x, kw, b->key_name, A_REVERSE);
				fc_draw_text(y + line, x + kw + 1, tui->cols - x - kw - 1, label,
					     A_NORMAL);
			}
			x += kw + 1 + lw + 1;
		}
	}
	return line + 1;
}

int
fc_status_key_lines(struct fc_tui *tui, const struct fc_binding *keys,
		    const struct fc_binding *extra)
{
	return status_layout(tui, keys, extra, 0, 0);
}

void
fc_status_draw_keys(struct fc_tui *tui, const struct fc_binding *keys,
		    const struct fc_binding *extra)
{
	int lines = fc_status_key_lines(tui, keys, extra);

	for (int i = 0; i < lines; i++)
		fc_draw_text(tui->rows - lines + i, 0, tui->cols, "", A_NORMAL);
	status_layout(tui, keys, extra, tui->rows - lines, 1);
}
