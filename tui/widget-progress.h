/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-progress.h: a progress bar in plain characters.
 */
#ifndef FC_TUI_WIDGET_PROGRESS_H
#define FC_TUI_WIDGET_PROGRESS_H

/* done of total as "[####----]" in cols columns at (y, x). */
void fc_progress_draw(int y, int x, int cols, int done, int total);

#endif
