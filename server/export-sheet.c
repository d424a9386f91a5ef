/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export-sheet.c: one writer for the server's CSV and XLSX exports
 * (export.h), so both get the same cells.
 *
 * CSV: UTF-8 with a byte-order mark (spreadsheet programs in a Chinese
 * locale read a file without one in the local code page), rows through
 * core/sheet.c (libcsv's quoting, the apostrophe before = + - @ TAB CR).
 *
 * XLSX: libxlsxwriter in constant-memory mode, one row kept at a time; text
 * always goes in as a string cell (worksheet_write_string never makes a
 * formula), with the same apostrophe as the CSV before = + - @ TAB CR;
 * number columns as numbers. A sheet
 * that reaches Excel's row limit continues on "NAME (2)", header repeated.
 */
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/sheet.h"
#include "core/utf8.h"
#include "server/export.h"

#define _(s) gettext(s)

#define XSHEET_TEXT_MAX 32767 /* Excel's longest cell text */
_Static_assert(sizeof((struct fc_xsheet *)0)->cut > XSHEET_TEXT_MAX, "room for a cell's text");

int
fc_xsheet_open(struct fc_xsheet *w, enum fc_export_format f, const char *path, struct fc_error *err)
{
	memset(w, 0, sizeof *w);
	w->format = f;
	if (f == FC_EXPORT_CSV) {
		if ((w->csv = fopen(path, "wbe")) == NULL || fputs("\xef\xbb\xbf", w->csv) == EOF)
			return fc_error_set(err, FC_E_IO, _("%s: cannot write: %s"), path,
					    strerror(errno));
		return 0;
	}
	lxw_workbook_options opt = {
	    .constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
	const char *tmp = getenv("TMPDIR");
	opt.tmpdir = (char *)(tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if ((w->wb = workbook_new_opt(path, &opt)) == NULL)
		return fc_error_set(err, FC_E_IO, _("%s: cannot start the workbook"), path);
	return 0;
}

/*
 * The text of a string cell: as it is, or in out (XSHEET_TEXT_MAX + 1 bytes)
 * with an apostrophe before = + - @ TAB CR, as the CSV has it (so every
 * export reads the same, and no program that turns a string back into input
 * finds a formula), and cut at a character's start to Excel's limit.
 */
static const char *
xsheet_text(const char *t, char *out)
{
	size_t pre = fc_sheet_needs_guard(t) ? 1 : 0, len = strlen(t);

	if (pre == 0 && len <= XSHEET_TEXT_MAX)
		return t;
	len = fc_utf8_cut(t, len, XSHEET_TEXT_MAX - pre);
	out[0] = '\'';
	memcpy(out + pre, t, len);
	out[pre + len] = '\0';
	return out;
}

/* A worksheet for the current name and part, with the header in its first row. */
static int
xsheet_add(struct fc_xsheet *w, struct fc_error *err)
{
	char name[48];

	if (w->part > 1)
		snprintf(name, sizeof name, "%.20s (%d)", w->name, w->part);
	else
		snprintf(name, sizeof name, "%.31s", w->name);
	if ((w->ws = workbook_add_worksheet(w->wb, name)) == NULL)
		return fc_error_set(err, FC_E_INTERNAL, "cannot add the sheet %s", name);
	w->row = 0;
	/* Headers hold template labels: the same guard as every other cell. */
	for (size_t i = 0; i < w->n_header; i++)
		worksheet_write_string(w->ws, 0, (lxw_col_t)i, xsheet_text(w->header[i], w->cut),
				       NULL);
	w->row = 1;
	return 0;
}

int
fc_xsheet_begin(struct fc_xsheet *w, const char *name, const char *const *header, size_t n,
		struct fc_error *err)
{
	struct fc_xcell cells[256];

	if (n > sizeof cells / sizeof cells[0] || n >= LXW_COL_MAX)
		return fc_error_set(err, FC_E_INTERNAL, "a table of %zu columns", n);
	w->header = header;
	w->n_header = n;
	w->part = 1;
	snprintf(w->name, sizeof w->name, "%s", name);
	if (w->format == FC_EXPORT_XLSX) {
		w->tables++;
		return xsheet_add(w, err);
	}
	if (w->tables++ > 0)
		return fc_error_set(err, FC_E_USAGE,
				    _("a CSV file holds one table; choose one programme"));
	for (size_t i = 0; i < n; i++)
		cells[i] = (struct fc_xcell){header[i], 0};
	return fc_xsheet_row(w, cells, n, err);
}

static int
xsheet_xlsx_row(struct fc_xsheet *w, const struct fc_xcell *cells, size_t n, struct fc_error *err)
{
	if (w->row >= LXW_ROW_MAX) {
		w->part++;
		if (xsheet_add(w, err) != 0)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *t = cells[i].text != NULL ? cells[i].text : "";
		lxw_error e;

		if (*t == '\0')
			continue;
		if (cells[i].number && fc_sheet_is_number(t)) {
			e = worksheet_write_number(w->ws, w->row, (lxw_col_t)i, strtod(t, NULL),
						   NULL);
		} else {
			e = worksheet_write_string(w->ws, w->row, (lxw_col_t)i,
						   xsheet_text(t, w->cut), NULL);
		}
		if (e != LXW_NO_ERROR)
			return fc_error_set(err, FC_E_IO, _("sheet %s row %u: %s"), w->name,
					    (unsigned)w->row, lxw_strerror(e));
	}
	w->row++;
	return 0;
}

int
fc_xsheet_row(struct fc_xsheet *w, const struct fc_xcell *cells, size_t n, struct fc_error *err)
{
	const char *text[256];

	if (w->format == FC_EXPORT_XLSX)
		return xsheet_xlsx_row(w, cells, n, err);
	if (n > sizeof text / sizeof text[0])
		return fc_error_set(err, FC_E_INTERNAL, "a row of %zu cells", n);
	for (size_t i = 0; i < n; i++)
		text[i] = cells[i].text != NULL ? cells[i].text : "";
	return fc_sheet_csv_row(w->csv, text, n, err);
}

int
fc_xsheet_close(struct fc_xsheet *w, struct fc_error *err)
{
	int rc = 0;

	if (w->csv != NULL && fclose(w->csv) != 0)
		rc = fc_error_set(err, FC_E_IO, _("cannot finish the CSV file: %s"),
				  strerror(errno));
	if (w->wb != NULL) {
		lxw_error e = workbook_close(w->wb);

		if (e != LXW_NO_ERROR && rc == 0)
			rc = fc_error_set(err, FC_E_IO, _("cannot finish the workbook: %s"),
					  lxw_strerror(e));
	}
	w->csv = NULL;
	w->wb = NULL;
	return rc;
}
