/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.h: aligned plain-text tables for the command line (list, search,
 * summary). Widths are screen columns (Chinese takes two), computed with
 * core/utf8.h, so columns line up in a terminal whatever the script.
 */
#ifndef FC_TABLE_H
#define FC_TABLE_H

#include <stdio.h>

#include "core/error.h"

struct fc_table;

/* A table with ncols columns and these headers (copied). Caller frees. */
int fc_table_new(size_t ncols, const char *const *headers, struct fc_table **out,
		 struct fc_error *err);
void fc_table_free(struct fc_table *t); /* NULL does nothing */

/* Append a row of ncols cells (copied; NULL prints as empty). */
int fc_table_add(struct fc_table *t, const char *const *cells, struct fc_error *err);

/* Right-align column col (numbers). */
void fc_table_align_right(struct fc_table *t, size_t col);

/* Print headers, a rule and the rows, two spaces between columns. */
void fc_table_print(const struct fc_table *t, FILE *out);

size_t fc_table_rows(const struct fc_table *t);

#endif
