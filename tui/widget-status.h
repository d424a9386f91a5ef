/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-status.h: the frame around every screen: the title bar on the first
 * line, the message line and the key bar on the last two.
 */
#ifndef FC_TUI_WIDGET_STATUS_H
#define FC_TUI_WIDGET_STATUS_H

#include "tui/screen.h"

/* Title on the left, who is signed in on the right, reversed. */
void fc_status_draw_title(struct fc_tui *tui, const char *title, const char *right);
/* The message line (tui->status), bold when it is an error. */
void fc_status_draw_message(struct fc_tui *tui);
/* "key label" pairs from keys then extra, as many as fit. */
void fc_status_draw_keys(struct fc_tui *tui, const struct fc_binding *keys,
			 const struct fc_binding *extra);

#endif
