/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.h: the server's exports for spreadsheets, written the same way for
 * `fieldcheck-server export` and the console's download (docs/console.md,
 * "Exports"): the current version of every record of a programme with a
 * column per checklist item, the hazard ledger, the overdue list; as CSV or
 * XLSX; scoped to a list of districts.
 *
 * Rows are read a page at a time and written as they come (XLSX in
 * libxlsxwriter's constant-memory mode), so memory does not grow with the
 * store. No cell becomes a formula: CSV text starting with = + - @ TAB or CR
 * gets an apostrophe (core/sheet.h); XLSX text is always a string cell and
 * gets the same apostrophe; plain numbers stay numbers in both.
 */
#ifndef FC_SERVER_EXPORT_H
#define FC_SERVER_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "core/error.h"
#include "server/store/store.h"

enum fc_export_what { FC_EXPORT_RECORDS, FC_EXPORT_HAZARDS, FC_EXPORT_OVERDUE };
enum fc_export_format { FC_EXPORT_CSV, FC_EXPORT_XLSX };

struct fc_export_opts {
	enum fc_export_what what;
	enum fc_export_format format;
	const char *districts; /* "*" or a comma list, already within the asker's */
	const char *programme; /* records: one programme, or "" for each (XLSX only) */
	int codes;	       /* item ids and answer codes instead of labels */
	const char *lang;      /* "zh" or "en": headers and labels */
	time_t now;
};

/* Names: "records", "hazards", "overdue"; "csv", "xlsx". -1 for another word. */
int fc_export_what_parse(const char *s, enum fc_export_what *out);
int fc_export_format_parse(const char *s, enum fc_export_format *out);
const char *fc_export_what_name(enum fc_export_what w);
const char *fc_export_format_name(enum fc_export_format f);

/* Write the export to path (created or replaced); *rows gets the data rows written. */
int fc_export_write(struct fc_sstore *st, const struct fc_export_opts *o, const char *path,
		    uint64_t *rows, struct fc_error *err);
/* The export written and open for reading, its file already gone; -1 with err. */
int fc_export_open(struct fc_sstore *st, const struct fc_export_opts *o, uint64_t *rows,
		   struct fc_error *err);

/* A spreadsheet being written (server/export-sheet.c). */
struct fc_xcell {
	const char *text;
	int number; /* a number column: a plain decimal number is written as a number */
};

struct lxw_workbook;
struct lxw_worksheet;

struct fc_xsheet {
	enum fc_export_format format;
	FILE *csv;
	struct lxw_workbook *wb;
	struct lxw_worksheet *ws;
	char name[32];		   /* the current sheet's name */
	int part;		   /* its continuation number past the row limit */
	uint32_t row;		   /* the next row on the current sheet */
	const char *const *header; /* borrowed: repeated on a continuation sheet */
	size_t n_header;
	int tables;	 /* tables begun (a CSV file holds one) */
	char cut[32768]; /* a cell's text guarded or cut (libxlsxwriter copies it) */
};

int fc_xsheet_open(struct fc_xsheet *w, enum fc_export_format f, const char *path,
		   struct fc_error *err);
/* A new table: a sheet named name (XLSX) with its header row. header is kept until the next. */
int fc_xsheet_begin(struct fc_xsheet *w, const char *name, const char *const *header, size_t n,
		    struct fc_error *err);
int fc_xsheet_row(struct fc_xsheet *w, const struct fc_xcell *cells, size_t n,
		  struct fc_error *err);
/* Finish the file; releases w even when it fails. */
int fc_xsheet_close(struct fc_xsheet *w, struct fc_error *err);

#endif
