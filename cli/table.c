/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.c: collects cells, then prints them padded to each column's widest
 * cell. Cells are sanitised by fc_utf8_pad(), so text from a CSV can never
 * put a control sequence on the user's terminal.
 */
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "table.h"

#define _(s) gettext(s)

struct fc_table {
	size_t ncols;
	size_t nrows; /* rows, the header included */
	size_t cap;
	char **cells; /* nrows * ncols, row-major */
	size_t *widths;
	int *right;
};

int
fc_table_new(size_t ncols, const char *const *headers, struct fc_table **out, struct fc_error *err)
{
	struct fc_table *t = calloc(1, sizeof *t);

	if (t == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	t->ncols = ncols;
	t->widths = calloc(ncols, sizeof *t->widths);
	t->right = calloc(ncols, sizeof *t->right);
	if (t->widths == NULL || t->right == NULL) {
		fc_table_free(t);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	if (fc_table_add(t, headers, err) != 0) {
		fc_table_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

void
fc_table_free(struct fc_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->widths);
	free(t->right);
	free(t);
}

int
fc_table_add(struct fc_table *t, const char *const *cells, struct fc_error *err)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap == 0 ? 16 : t->cap * 2;
		char **p = realloc(t->cells, cap * t->ncols * sizeof *p);
		if (p == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		t->cells = p;
		t->cap = cap;
	}
	char **row = t->cells + t->nrows * t->ncols;
	for (size_t c = 0; c < t->ncols; c++) {
		row[c] = strdup(cells[c] != NULL ? cells[c] : "");
		if (row[c] == NULL) {
			while (c-- > 0)
				free(row[c]);
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		}
		size_t w = fc_utf8_cols(row[c]);
		if (w > t->widths[c])
			t->widths[c] = w;
	}
	t->nrows++;
	return 0;
}

void
fc_table_align_right(struct fc_table *t, size_t col)
{
	if (col < t->ncols)
		t->right[col] = 1;
}

size_t
fc_table_rows(const struct fc_table *t)
{
	return t->nrows > 0 ? t->nrows - 1 : 0;
}

static void
table_print_cell(const struct fc_table *t, size_t c, const char *text, int last, FILE *out)
{
	char buf[1024];
	size_t w = t->widths[c], cols = fc_utf8_cols(text);

	if (t->right[c] && cols < w) {
		for (size_t i = cols; i < w; i++)
			fputc(' ', out);
		w = cols;
	}
	/* The last column is not padded: no trailing blanks in pipes and files. */
	if (last && !t->right[c])
		w = cols < w ? cols : w;
	fc_utf8_pad(text, w, buf, sizeof buf);
	fputs(buf, out);
}

void
fc_table_print(const struct fc_table *t, FILE *out)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c > 0)
				fputs("  ", out);
			table_print_cell(t, c, t->cells[r * t->ncols + c], c + 1 == t->ncols, out);
		}
		fputc('\n', out);
		if (r == 0) {
			size_t total = 0;
			for (size_t c = 0; c < t->ncols; c++)
				total += t->widths[c] + (c > 0 ? 2 : 0);
			for (size_t i = 0; i < total; i++)
				fputc('-', out);
			fputc('\n', out);
		}
	}
}
