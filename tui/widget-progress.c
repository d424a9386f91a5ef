/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-progress.c: the bar is '#' and '-' inside brackets, so it reads the
 * same without colour, in any font, and in a captured screen.
 */
#include <curses.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/widget-progress.h"

void
fc_progress_draw(int y, int x, int cols, int done, int total)
{
	char bar[FC_DRAW_MAX_COLS + 1];
	int inner = cols - 2, fill;

	if (inner < 1)
		return;
	if (inner > FC_DRAW_MAX_COLS - 2)
		inner = FC_DRAW_MAX_COLS - 2;
	if (total <= 0)
		total = 1;
	if (done < 0)
		done = 0;
	if (done > total)
		done = total;
	fill = (int)((long)inner * done / total);
	bar[0] = '[';
	memset(bar + 1, '#', (size_t)fill);
	memset(bar + 1 + fill, '-', (size_t)(inner - fill));
	bar[1 + inner] = ']';
	bar[2 + inner] = '\0';
	fc_draw_text(y, x, inner + 2, bar, A_NORMAL);
}
