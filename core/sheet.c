/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sheet.c: spreadsheet cells that stay data (see sheet.h). Quoting is
 * libcsv's (csv_fwrite), not a writer of our own; control characters are
 * shown, not written (sheet_cell_text).
 */
#include <csv.h>
#include <libintl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheet.h"
#include "utf8.h"

#define _(s) gettext(s)

int
fc_sheet_is_number(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

int
fc_sheet_needs_guard(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL && !fc_sheet_is_number(s);
}

/* Text as it is, or quoted by libcsv when it holds a separator or a quote. */
static int
sheet_csv_text(FILE *out, const char *s, size_t len)
{
	if (strpbrk(s, ",\"\r\n") == NULL)
		return fputs(s, out) == EOF ? -1 : 0;
	return csv_fwrite(out, s, len);
}

/*
 * The cell as written (see sheet.h): guarded text after "'", a control
 * character as its picture, C1 and bytes of no UTF-8 character as U+FFFD.
 * Each byte becomes at most three, so 3 * len + 2 holds it with the
 * apostrophe and the NUL. NULL when out of memory.
 */
static char *
sheet_cell_text(const char *s, int one_line)
{
	size_t len = strlen(s), o = 0, size = 3 * len + 2;
	char *out = malloc(size);

	if (out == NULL)
		return NULL;
	if (fc_sheet_needs_guard(s))
		out[o++] = '\'';
	while (len > 0) {
		uint32_t cp;
		size_t k = fc_utf8_decode(s, len, &cp);

		if (cp == '\t' || (cp == '\n' && !one_line)) {
			out[o++] = *s;
		} else if (cp < 0x20) {
			/* SYMBOL FOR NULL + cp: U+241B "␛" for ESC */
			o += fc_utf8_put(out, size, o, 0x2400 + cp);
		} else if (cp == 0x7F) {
			o += fc_utf8_put(out, size, o, 0x2421); /* SYMBOL FOR DELETE */
		} else if ((cp >= 0x80 && cp < 0xA0) || (cp == 0xFFFD && k == 1)) {
			o += fc_utf8_put(out, size, o, 0xFFFD);
		} else {
			memcpy(out + o, s, k);
			o += k;
		}
		s += k;
		len -= k;
	}
	out[o] = '\0';
	return out;
}

static int
sheet_csv_row(FILE *out, const char *const *cells, size_t n, int one_line, struct fc_error *err)
{
	for (size_t i = 0; i < n; i++) {
		char *t = sheet_cell_text(cells[i], one_line);
		int rc = t == NULL ? -1 : 0;

		if (rc == 0 && i > 0 && fputc(',', out) == EOF)
			rc = -1;
		if (rc == 0)
			rc = sheet_csv_text(out, t, strlen(t));
		free(t);
		if (rc != 0)
			return fc_error_set(err, FC_E_IO, _("cannot write the CSV file"));
	}
	if (fputs("\r\n", out) == EOF || ferror(out))
		return fc_error_set(err, FC_E_IO, _("cannot write the CSV file"));
	return 0;
}

int
fc_sheet_csv_row(FILE *out, const char *const *cells, size_t n, struct fc_error *err)
{
	return sheet_csv_row(out, cells, n, 0, err);
}

int
fc_sheet_csv_line(FILE *out, const char *const *cells, size_t n, struct fc_error *err)
{
	return sheet_csv_row(out, cells, n, 1, err);
}
