/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-status.c: title bar, message line and key bar.
 *
 * The key bar is drawn from the screen's binding table: keys in reverse
 * video, labels plain (readable without colour); pairs that do not fit are
 * left out whole rather than cut.
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

void
fc_status_draw_message(struct fc_tui *tui)
{
	char line[600];

	if (tui->status[0] == '\0') {
		fc_draw_text(tui->rows - 2, 0, tui->cols, "", A_NORMAL);
		return;
	}
	snprintf(line, sizeof line, "%s%s", tui->status_error ? "! " : "", tui->status);
	fc_draw_text(tui->rows - 2, 0, tui->cols, line, tui->status_error ? A_BOLD : A_NORMAL);
}

static int
status_pair(int y, int x, int end, const struct fc_binding *b)
{
	const char *label = _(b->label);
	int kw = fc_draw_cols(b->key_name), lw = fc_draw_cols(label);

	if (x + kw + 1 + lw > end)
		return -1;
	fc_draw_text(y, x, kw, b->key_name, A_REVERSE);
	fc_draw_text(y, x + kw, 1 + lw, "", A_NORMAL);
	fc_draw_text(y, x + kw + 1, lw, label, A_NORMAL);
	return x + kw + 1 + lw + 1;
}

void
fc_status_draw_keys(struct fc_tui *tui, const struct fc_binding *keys,
		    const struct fc_binding *extra)
{
	const struct fc_binding *sets[2] = {keys, extra};
	int y = tui->rows - 1, x = 0;

	fc_draw_text(y, 0, tui->cols, "", A_NORMAL);
	for (int s = 0; s < 2; s++) {
		if (sets[s] == NULL)
			continue;
		for (const struct fc_binding *b = sets[s]; b->action != 0; b++) {
			if (b->label == NULL)
				continue;
			/* Several codes may share one action; draw it once. */
			int seen = 0;
			for (const struct fc_binding *p = sets[s]; p != b; p++)
				if (p->action == b->action && p->label != NULL)
					seen = 1;
			if (seen)
				continue;
			int nx = status_pair(y, x, tui->cols, b);
			if (nx < 0)
				return;
			x = nx;
		}
	}
}
