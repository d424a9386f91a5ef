/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-status.h: the frame around every screen: the title bar on the first
 * line, the message (wrapped) and the key bar at the bottom.
 */
#ifndef FC_TUI_WIDGET_STATUS_H
#define FC_TUI_WIDGET_STATUS_H

#include "tui/screen.h"

/* Title on the left, who is signed in on the right, reversed. */
void fc_status_draw_title(struct fc_tui *tui, const char *title, const char *right);
/* Lines the message wraps to at the screen's width, at least 1, at most max_lines. */
int fc_status_message_lines(struct fc_tui *tui, int max_lines);
/* The message (tui->status) in its tui->msg_rows lines, bold when it is an error. */
void fc_status_draw_message(struct fc_tui *tui);
/*
 * Every labelled "key label" pair of keys, then of extra (keys the screen
 * binds itself left out), wrapped onto as many lines as they need at the
 * bottom: no key is ever left off the bar.
 */
void fc_status_draw_keys(struct fc_tui *tui, const struct fc_binding *keys,
			 const struct fc_binding *extra);
/* Lines fc_status_draw_keys() takes at this width (1 to FC_STATUS_KEY_LINES). */
int fc_status_key_lines(struct fc_tui *tui, const struct fc_binding *keys,
			const struct fc_binding *extra);

#define FC_STATUS_KEY_LINES 3

#endif
