/* SPDX-License-Identifier: Apache-2.0 */
/*
 * draw.c: text into cells, always through fc_utf8_pad().
 *
 * ncursesw takes the padded UTF-8 with addstr() and places wide characters
 * itself; since the padded string is exactly the width asked for, nothing is
 * ever written past the right edge.
 */
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "tui/draw.h"

void
fc_draw_text(int y, int x, int cols, const char *s, attr_t attr)
{
	char buf[FC_DRAW_MAX_COLS * 4 + 8];

	if (cols <= 0 || y < 0 || x < 0)
		return;
	if (cols > FC_DRAW_MAX_COLS)
		cols = FC_DRAW_MAX_COLS;
	fc_utf8_pad(s != NULL ? s : "", (size_t)cols, buf, sizeof buf);
	if (attr != 0)
		attron(attr);
	mvaddstr(y, x, buf);
	if (attr != 0)
		attroff(attr);
}

void
fc_draw_unsplit(int y, int x)
{
	int at = 0;

	/* Walk from the left: in_wch on the right half of a wide character
	 * returns that character too, so only a walk knows where cells start. */
	while (at < x) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1] = {0};
		attr_t attr;
		short pair;
		int w = 1;

		if (mvin_wch(y, at, &cc) == OK && getcchar(&cc, wc, &attr, &pair, NULL) == OK)
			w = fc_utf8_cp_cols((uint32_t)wc[0]);
		if (w < 1)
			w = 1;
		if (at + w > x) {
			mvaddstr(y, at, "  ");
			return;
		}
		at += w;
	}
}

void
fc_draw_textf(int y, int x, int cols, attr_t attr, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fc_draw_text(y, x, cols, buf, attr);
}

int
fc_draw_cols(const char *s)
{
	return (int)fc_utf8_cols(s != NULL ? s : "");
}

void
fc_draw_split(int y, int x, int cols, const char *left, const char *right, attr_t attr)
{
	int rc = fc_draw_cols(right);

	if (rc + 1 >= cols) {
		fc_draw_text(y, x, cols, left, attr);
		return;
	}
	fc_draw_text(y, x, cols - rc - 1, left, attr);
	fc_draw_text(y, x + cols - rc - 1, 1, "", attr);
	fc_draw_text(y, x + cols - rc, rc, right, attr);
}

/*
 * Bytes of s for one wrapped line of cols columns (at least one character).
 * Latin text breaks after the last space that fits; text without spaces
 * (Chinese) breaks between any two characters.
 */
static size_t
draw_line_len(const char *s, int cols)
{
	size_t n = fc_utf8_fit(s, (size_t)cols, NULL);
	const char *nl = strchr(s, '\n');

	if (nl != NULL && (size_t)(nl - s) <= n)
		return (size_t)(nl - s);
	if (n == 0 && *s != '\0') {
		uint32_t cp;
		return fc_utf8_decode(s, strlen(s), &cp);
	}
	if (s[n] != '\0' && s[n] != ' ' && n > 0 && s[n - 1] != ' ') {
		size_t sp = n;
		while (sp > 0 && s[sp - 1] != ' ')
			sp--;
		if (sp > n / 2)
			return sp;
	}
	return n;
}

int
fc_draw_wrap(int y, int x, int cols, int max_lines, const char *s, attr_t attr)
{
	return fc_draw_wrap_from(y, x, cols, 0, max_lines, s, attr);
}

int
fc_draw_wrap_from(int y, int x, int cols, int skip, int max_lines, const char *s, attr_t attr)
{
	char line[FC_DRAW_MAX_COLS * 4 + 8];
	int used = 0, seen = 0;

	if (s == NULL)
		s = "";
	if (cols <= 0 || max_lines <= 0)
		return 0;
	do {
		size_t n = draw_line_len(s, cols);
		if (seen++ >= skip) {
			if (n >= sizeof line)
				n = sizeof line - 1;
			memcpy(line, s, n);
			line[n] = '\0';
			fc_draw_text(y + used, x, cols, line, attr);
			used++;
		}
		s += draw_line_len(s, cols);
		if (*s == '\n' || *s == ' ')
			s++;
	} while (*s != '\0' && used < max_lines);
	return used;
}

/* s after one wrapped line of cols columns. */
static const char *draw_next_line(const char *s, int cols);

int
fc_draw_wrap_cut(int y, int x, int cols, int max_lines, const char *s, attr_t attr)
{
	char rest[(FC_DRAW_MAX_COLS + 2) * 4];
	const char *last = s;
	size_t n = 0;
	int used;

	if (s == NULL || cols <= 0 || max_lines <= 0 || fc_draw_wrap_lines(cols, s) <= max_lines)
		return fc_draw_wrap(y, x, cols, max_lines, s, attr);
	used = fc_draw_wrap(y, x, cols, max_lines - 1, s, attr);
	for (int k = 0; k < used; k++)
		last = draw_next_line(last, cols);
	/* One line of what is left, newlines as spaces, wider than cols by a
	 * column or two: fc_draw_text cuts it there with "…". */
	for (; last[n] != '\0' && n + 1 < sizeof rest; n++)
		rest[n] = last[n] == '\n' ? ' ' : last[n];
	rest[n] = '\0';
	rest[fc_utf8_fit(rest, (size_t)cols + 2, NULL)] = '\0';
	fc_draw_text(y + used, x, cols, rest, attr);
	return used + 1;
}

int
fc_draw_wrap_lines(int cols, const char *s)
{
	int used = 0;

	if (s == NULL || cols <= 0)
		return 1;
	do {
		size_t n = draw_line_len(s, cols);
		used++;
		s += n;
		if (*s == '\n' || *s == ' ')
			s++;
	} while (*s != '\0');
	return used;
}

static const char *
draw_next_line(const char *s, int cols)
{
	s += draw_line_len(s, cols);
	if (*s == '\n' || *s == ' ')
		s++;
	return s;
}

int
fc_draw_split_lines(int cols, const char *left, const char *right)
{
	int rc = fc_draw_cols(right), used = 1;

	if (left == NULL || cols <= 0 || fc_draw_cols(left) + 1 + rc <= cols)
		return 1;
	for (const char *next; *(next = draw_next_line(left, cols)) != '\0'; left = next)
		used++;
	/* The last line of left keeps room for right, or right gets a line of its own. */
	return fc_draw_cols(left) + 1 + rc <= cols ? used : used + 1;
}

void
fc_draw_split_wrap(int y, int x, int cols, int lines, const char *left, const char *right,
		   attr_t attr)
{
	if (left == NULL)
		left = "";
	for (int k = 0; k < lines - 1; k++) {
		fc_draw_wrap(y + k, x, cols, 1, left, attr);
		left = draw_next_line(left, cols);
	}
	fc_draw_split(y + lines - 1, x, cols, left, right, attr);
}
