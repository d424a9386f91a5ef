/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-field.c: editing a line of wide characters.
 *
 * Conversion to and from UTF-8 uses the C library's wcrtomb()/mbrtowc():
 * main() has forced a UTF-8 LC_CTYPE (fc_utf8_locale()), and widths come from
 * fc_utf8_cp_cols() like everywhere else on screen.
 */
#include <curses.h>
#include <limits.h>
#include <string.h>
#include <wctype.h>

#include "core/utf8.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "tui/widget-field.h"

void
fc_field_init(struct fc_field *f, int max_chars, int secret)
{
	memset(f, 0, sizeof *f);
	f->max = max_chars > 0 && max_chars <= FC_FIELD_MAX ? max_chars : FC_FIELD_MAX;
	f->secret = secret;
	f->ascii = secret;
}

void
fc_field_clear(struct fc_field *f)
{
	f->len = 0;
	f->cursor = 0;
	f->scroll = 0;
	f->text[0] = L'\0';
}

int
fc_field_set(struct fc_field *f, const char *utf8)
{
	mbstate_t st;
	size_t left = strlen(utf8);

	fc_field_clear(f);
	memset(&st, 0, sizeof st);
	while (left > 0 && f->len < f->max) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, utf8, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			utf8++;
			left--;
			continue;
		}
		if (n == 0)
			break;
		if (iswprint((wint_t)wc))
			f->text[f->len++] = wc;
		utf8 += n;
		left -= n;
	}
	f->text[f->len] = L'\0';
	f->cursor = f->len;
	return left > 0 ? -1 : 0;
}

void
fc_field_get(const struct fc_field *f, char *out, size_t out_size)
{
	mbstate_t st;
	size_t at = 0;
	char tmp[MB_LEN_MAX];

	memset(&st, 0, sizeof st);
	for (int i = 0; i < f->len; i++) {
		size_t n = wcrtomb(tmp, f->text[i], &st);
		if (n == (size_t)-1)
			continue;
		if (at + n + 1 > out_size)
			break;
		memcpy(out + at, tmp, n);
		at += n;
	}
	if (out_size > 0)
		out[at] = '\0';
}

static int
field_insert(struct fc_field *f, wchar_t wc)
{
	if (f->len >= f->max)
		return FC_FIELD_FULL;
	memmove(&f->text[f->cursor + 1], &f->text[f->cursor],
		(size_t)(f->len - f->cursor) * sizeof f->text[0]);
	f->text[f->cursor++] = wc;
	f->text[++f->len] = L'\0';
	return 1;
}

static void
field_delete(struct fc_field *f, int at)
{
	if (at < 0 || at >= f->len)
		return;
	memmove(&f->text[at], &f->text[at + 1], (size_t)(f->len - at - 1) * sizeof f->text[0]);
	f->text[--f->len] = L'\0';
	if (f->cursor > at)
		f->cursor--;
}

int
fc_field_key(struct fc_field *f, int code)
{
	switch (code) {
	case FC_KEYCODE(KEY_LEFT):
		if (f->cursor > 0)
			f->cursor--;
		return 2;
	case FC_KEYCODE(KEY_RIGHT):
		if (f->cursor < f->len)
			f->cursor++;
		return 2;
	case FC_KEYCODE(KEY_HOME):
	case FC_CTRL('a'):
		f->cursor = 0;
		return 2;
	case FC_KEYCODE(KEY_END):
	case FC_CTRL('e'):
		f->cursor = f->len;
		return 2;
	case FC_KEYCODE(KEY_BACKSPACE):
	case 127:
	case FC_CTRL('h'):
		if (f->cursor == 0)
			return 2;
		field_delete(f, f->cursor - 1);
		return 1;
	case FC_KEYCODE(KEY_DC):
		field_delete(f, f->cursor);
		return 1;
	case FC_CTRL('u'):
		fc_field_clear(f);
		return 1;
	}
	if (code >= 0x1000000 || code < 0x20 || code == 127)
		return 0;
	if (f->ascii && code >= 0xFF01 && code <= 0xFF5E)
		code -= 0xFEE0;
	else if (f->ascii && code == 0x3000)
		code = ' ';
	if (!iswprint((wint_t)code))
		return 0;
	return field_insert(f, (wchar_t)code);
}

static int
field_char_cols(const struct fc_field *f, int i)
{
	return f->secret ? 1 : fc_utf8_cp_cols((uint32_t)f->text[i]);
}

int
fc_field_draw(struct fc_field *f, int y, int x, int cols)
{
	char shown[FC_FIELD_MAX * 4 + 1];
	struct fc_field view;
	int used = 0, cursor_x = x;

	if (cols < 2)
		return x;
	/* Keep the cursor inside the field, one column spare for it at the end. */
	if (f->scroll > f->cursor)
		f->scroll = f->cursor;
	for (;;) {
		int w = 0;
		for (int i = f->scroll; i < f->cursor; i++)
			w += field_char_cols(f, i);
		if (w <= cols - 1 || f->scroll >= f->cursor)
			break;
		f->scroll++;
	}
	/*
	 * Text scrolled off the left comes back while the rest leaves room at
	 * the right: a field widened (the terminal resized) or text deleted at
	 * the end showed a tail with the start hidden for no reason.
	 */
	for (;;) {
		int w = 0;
		if (f->scroll == 0)
			break;
		for (int i = f->scroll - 1; i < f->len && w <= cols - 1; i++)
			w += field_char_cols(f, i);
		if (w > cols - 1)
			break;
		f->scroll--;
	}
	view.len = 0;
	view.max = FC_FIELD_MAX;
	for (int i = f->scroll; i < f->len; i++) {
		int w = field_char_cols(f, i);
		if (used + w > cols)
			break;
		if (i == f->cursor)
			cursor_x = x + used;
		view.text[view.len++] = f->secret ? L'*' : f->text[i];
		used += w;
	}
	if (f->cursor >= f->len || f->cursor < f->scroll)
		cursor_x = x + used;
	if (f->cursor == f->len) {
		int w = 0;
		for (int i = f->scroll; i < f->len; i++)
			w += field_char_cols(f, i);
		cursor_x = x + (w < cols ? w : cols - 1);
	}
	fc_field_get(&view, shown, sizeof shown);
	fc_draw_text(y, x, cols, shown, A_UNDERLINE);
	return cursor_x;
}
