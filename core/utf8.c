/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.c: a strict UTF-8 decoder plus wcwidth()-based measuring.
 *
 * The decoder is written here rather than relying on mbrtowc() because
 * validation must not depend on the process locale (the server and the CSV
 * importer run in whatever locale they were started with), and because a
 * record that is signed with invalid text can never be corrected. Widths do
 * need the locale: wcwidth() knows the East Asian Wide table.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"

#define UTF8_REPLACEMENT 0xFFFDu

int
fc_utf8_locale(void)
{
	const char *loc = setlocale(LC_ALL, "");
	const char *ctype = setlocale(LC_CTYPE, NULL);

	if (loc != NULL && ctype != NULL &&
	    (strstr(ctype, "UTF-8") != NULL || strstr(ctype, "utf8") != NULL ||
	     strstr(ctype, "UTF8") != NULL || strstr(ctype, "utf-8") != NULL))
		return 0;
	/* A handheld or CI with LANG=C still has to measure Chinese correctly. */
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		return 0;
	if (setlocale(LC_CTYPE, "C.utf8") != NULL)
		return 0;
	return -1;
}

size_t
fc_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t need;

	if (len == 0) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	if (len < need) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = UTF8_REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return need;
}

int
fc_utf8_valid(const char *s, size_t len, size_t *bad_off)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = fc_utf8_decode(s + i, len - i, &cp);
		/* U+FFFD written literally is valid; a 1-byte non-ASCII result is not. */
		if (n == 1) {
			if (bad_off != NULL)
				*bad_off = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

int
fc_utf8_cp_cols(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1; /* shown as U+FFFD */
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

size_t
fc_utf8_cols(const char *s)
{
	size_t len = strlen(s), i = 0, cols = 0;
	uint32_t cp;

	while (i < len) {
		i += fc_utf8_decode(s + i, len - i, &cp);
		cols += (size_t)fc_utf8_cp_cols(cp);
	}
	return cols;
}

size_t
fc_utf8_fit(const char *s, size_t max_cols, size_t *cols)
{
	size_t len = strlen(s), i = 0, used = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = fc_utf8_decode(s + i, len - i, &cp);
		size_t w = (size_t)fc_utf8_cp_cols(cp);
		if (used + w > max_cols)
			break;
		used += w;
		i += n;
	}
	if (cols != NULL)
		*cols = used;
	return i;
}

/* 1 when cp is one of set[0..n). */
static int
utf8_in(uint32_t cp, const uint32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp == set[i])
			return 1;
	return 0;
}

/* Closing marks, which may not begin a line (Chinese 避头: ，。、；：！？）》」』】 …). */
static int
utf8_closing(uint32_t cp)
{
	static const char closing[] = ",.;:!?)]}%";
	static const uint32_t wide[] = {0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F,
					0xFF09, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x201D,
					0x2019, 0x2026, 0xFF05, 0x00B7, 0x30FC};

	if (cp < 0x80)
		return cp != 0 && strchr(closing, (int)cp) != NULL;
	return utf8_in(cp, wide, sizeof wide / sizeof wide[0]);
}

/* Opening marks, which may not end a line (避尾: （《「『【〔“‘ and ASCII ( [ {). */
static int
utf8_opening(uint32_t cp)
{
	static const uint32_t wide[] = {0xFF08, 0x300A, 0x300C, 0x300E,
					0x3010, 0x3014, 0x201C, 0x2018};

	return cp == '(' || cp == '[' || cp == '{' ||
	       utf8_in(cp, wide, sizeof wide / sizeof wide[0]);
}

/* Part of a run of Latin letters, digits and signs kept whole ("2.0m", "55009-2021", "§6.1.8"). */
static int
utf8_word(uint32_t cp)
{
	return (cp > 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp < 0x2000);
}

/*
 * May a line end between a and b? Not before a closing mark or after an
 * opening one (an ASCII '"' opens when none is open, else closes: quote_open
 * says which, as it stands after a); not inside a Latin word; anywhere else:
 * after a space, around a Chinese character.
 */
static int
utf8_may_break(uint32_t a, uint32_t b, int quote_open)
{
	if (b == '"')
		return !quote_open && !utf8_opening(a) && !utf8_word(a);
	if (a == '"')
		return !quote_open && !utf8_closing(b);
	if (utf8_closing(b) || utf8_opening(a))
		return 0;
	if (a == ' ')
		return 1;
	return !(utf8_word(a) && utf8_word(b));
}

size_t
fc_utf8_line(const char *s, size_t max_cols, size_t *cols)
{
	size_t len = strlen(s), i = 0, used = 0, at = 0, at_cols = 0;
	uint32_t prev = 0, cp;
	int quote_open = 0;

	while (i < len) {
		size_t n = fc_utf8_decode(s + i, len - i, &cp);
		size_t w = (size_t)fc_utf8_cp_cols(cp);

		if (i > 0 && utf8_may_break(prev, cp, quote_open)) {
			at = i;
			at_cols = used;
		}
		if (used + w > max_cols && i > 0)
			break;
		if (cp == '"')
			quote_open = !quote_open;
		used += w;
		i += n;
		prev = cp;
	}
	/* The whole rest fits, or no place to break fits: cut where the width ends. */
	if (i < len && at > 0) {
		i = at;
		used = at_cols;
	}
	if (cols != NULL)
		*cols = used;
	return i;
}

size_t
fc_utf8_put(char *out, size_t out_size, size_t at, uint32_t cp)
{
	char tmp[4];
	size_t n;

	if (cp < 0x80) {
		tmp[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		tmp[0] = (char)(0xC0 | (cp >> 6));
		tmp[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		tmp[0] = (char)(0xE0 | (cp >> 12));
		tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		tmp[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		tmp[0] = (char)(0xF0 | (cp >> 18));
		tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		tmp[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (at + n >= out_size)
		return 0;
	memcpy(out + at, tmp, n);
	return n;
}

size_t
fc_utf8_pad(const char *s, size_t cols, char *out, size_t out_size)
{
	size_t len = strlen(s), i = 0, used = 0, at = 0, total = fc_utf8_cols(s);
	/* When the text is cut, one column is kept for the ellipsis. */
	size_t room = total > cols ? (cols > 0 ? cols - 1 : 0) : cols;
	uint32_t cp;

	if (out_size == 0)
		return 0;
	while (i < len) {
		size_t n = fc_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			cp = UTF8_REPLACEMENT;
		size_t w = (size_t)fc_utf8_cp_cols(cp);
		if (used + w > room)
			break;
		size_t put = fc_utf8_put(out, out_size, at, cp);
		if (put == 0)
			break;
		at += put;
		used += w;
		i += n;
	}
	if (total > cols && cols > 0) {
		size_t put = fc_utf8_put(out, out_size, at, 0x2026);
		if (put != 0) {
			at += put;
			used += 1;
		}
	}
	while (used < cols && at + 1 < out_size) {
		out[at++] = ' ';
		used++;
	}
	out[at] = '\0';
	return at;
}

size_t
fc_utf8_count(const char *s)
{
	size_t len = strlen(s), i = 0, count = 0;
	uint32_t cp;

	while (i < len) {
		i += fc_utf8_decode(s + i, len - i, &cp);
		count++;
	}
	return count;
}

/* 1 when byte c, starting k bytes of one character (1: of none), is escaped under how. */
static int
utf8_escaped(unsigned char c, size_t k, unsigned how)
{
	if (c >= 0x80)
		return k == 1 || (how & FC_UTF8_ESC_NON_ASCII) != 0;
	if (c < 0x20 || c == 0x7F || c == '\\')
		return (how & FC_UTF8_ESC_CONTROL) != 0;
	return c == ' ' && (how & FC_UTF8_ESC_SPACE) != 0;
}

void
fc_utf8_escape(const char *s, unsigned how, char *out, size_t size)
{
	const int mark = (how & FC_UTF8_ESC_MARK_CUT) != 0;
	size_t o = 0, len = strlen(s);

	while (len > 0) {
		unsigned char c = (unsigned char)*s;
		uint32_t cp;
		/* Under FC_UTF8_ESC_NON_ASCII every such byte goes alone: no need to decode. */
		size_t k =
		    c >= 0x80 && !(how & FC_UTF8_ESC_NON_ASCII) ? fc_utf8_decode(s, len, &cp) : 1;
		int esc = utf8_escaped(c, k, how);
		size_t n = esc ? 4 : k;

		/* Room for this character (4 when escaped), then for the NUL or "..." and the NUL.
		 */
		if (o + n + (mark ? 4 : 1) > size)
			break;
		if (esc) {
			/* 4 bytes and the NUL: the room check above keeps at least 1 after them. */
			snprintf(out + o, 5, "\\x%02x", c);
			o += 4;
		} else {
			memcpy(out + o, s, k);
			o += k;
		}
		s += k;
		len -= k;
	}
	if (len > 0 && mark) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

size_t
fc_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* s[max] is the first byte left out: back up while it continues a character. */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void
fc_utf8_trim_partial(char *s)
{
	size_t len = strlen(s);
	size_t i = len;

	/* Walk back over continuation bytes to the lead byte of the last character. */
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (len - (i - 1) < need)
		s[i - 1] = '\0';
}
