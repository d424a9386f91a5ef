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

static size_t
utf8_put(char *out, size_t out_size, size_t at, uint32_t cp)
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
		size_t put = utf8_put(out, out_size, at, cp);
		if (put == 0)
			break;
		at += put;
		used += w;
		i += n;
	}
	if (total > cols && cols > 0) {
		size_t put = utf8_put(out, out_size, at, 0x2026);
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
