/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sheet.c: spreadsheet cells that stay data (see sheet.h). Quoting is
 * libcsv's (csv_fwrite), not a writer of our own.
 */
#include <csv.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "sheet.h"

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

/* One cell: a number or plain text bare, guarded text after "'". */
static int
sheet_csv_cell(FILE *out, const char *s)
{
	if (!fc_sheet_needs_guard(s))
		return sheet_csv_text(out, s, strlen(s));
	/* The apostrophe goes inside the quotes: it is part of the cell. */
	size_t len = strlen(s);
	char *g = malloc(len + 2);
	int rc;

	if (g == NULL)
		return -1;
	g[0] = '\'';
	memcpy(g + 1, s, len + 1);
	rc = sheet_csv_text(out, g, len + 1);
	free(g);
	return rc;
}

int
fc_sheet_csv_row(FILE *out, const char *const *cells, size_t n, struct fc_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if ((i > 0 && fputc(',', out) == EOF) || sheet_csv_cell(out, cells[i]) != 0)
			return fc_error_set(err, FC_E_IO, _("cannot write the CSV file"));
	}
	if (fputs("\r\n", out) == EOF || ferror(out))
		return fc_error_set(err, FC_E_IO, _("cannot write the CSV file"));
	return 0;
}
