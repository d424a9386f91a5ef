/* SPDX-License-Identifier: Apache-2.0 */
/*
 * draw.h: the only way the TUI puts text on the screen.
 *
 * Every string is cut or padded to an exact number of columns with
 * fc_utf8_pad() first, so a wide character is never split at an edge, a
 * line never wraps, and control characters from data are drawn as U+FFFD.
 */
#ifndef FC_TUI_DRAW_H
#define FC_TUI_DRAW_H

#include <curses.h>
#include <stdarg.h>

#define FC_DRAW_MAX_COLS 512 /* wider terminals are drawn in their first 512 columns */

/* s in exactly cols columns at (y, x), with attr. */
void fc_draw_text(int y, int x, int cols, const char *s, attr_t attr);

/* The same for a formatted string. */
void fc_draw_textf(int y, int x, int cols, attr_t attr, const char *fmt, ...)
    __attribute__((__format__(printf, 5, 6)));

/* Columns s takes (fc_utf8_cols as an int). */
int fc_draw_cols(const char *s);
/*
 * Make column X of line Y the start of a cell: a wide character drawn
 * across X-1 and X becomes two blanks. A box drawn over part of a line
 * calls it at both edges, since a narrow cell written over half of a
 * wide one leaves the terminal and curses disagreeing about the other
 * half, and the line drawn again after the box shows a hole.
 */
void fc_draw_unsplit(int y, int x);

/*
 * Two columns in one line: left cut to what is left after right, which is
 * kept whole when it fits.
 */
void fc_draw_split(int y, int x, int cols, const char *left, const char *right, attr_t attr);

/*
 * Text wrapped over at most max_lines lines of cols columns from (y, x),
 * breaking between characters; returns the lines used.
 */
int fc_draw_wrap(int y, int x, int cols, int max_lines, const char *s, attr_t attr);

/* The same, leaving out the first skip wrapped lines. */
int fc_draw_wrap_from(int y, int x, int cols, int skip, int max_lines, const char *s, attr_t attr);
/*
 * fc_draw_wrap, but text that needs more than max_lines ends its last line
 * in "…" (the rest run on, cut at the edge): a question stopped where the
 * lines ran out read as whole.
 */
int fc_draw_wrap_cut(int y, int x, int cols, int max_lines, const char *s, attr_t attr);

/* Lines fc_draw_wrap() would use for s, without drawing. */
int fc_draw_wrap_lines(int cols, const char *s);

/*
 * Lines left and right take when left wraps over cols columns and right
 * ends the last line (1 when both fit on one).
 */
int fc_draw_split_lines(int cols, const char *left, const char *right);

/*
 * Left wrapped over lines lines from (y, x), right at the end of the last;
 * what is left of left over is cut on the last line.
 */
void fc_draw_split_wrap(int y, int x, int cols, int lines, const char *left, const char *right,
			attr_t attr);

#endif
