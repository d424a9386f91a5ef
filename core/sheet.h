/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sheet.h: writing cells for spreadsheets, CSV today (an XLSX writer would
 * use fc_sheet_needs_guard() the same way).
 *
 * Text that reaches a spreadsheet can be read as a formula: a cell starting
 * with '=', '+', '-' or '@' is evaluated (=HYPERLINK(...), +cmd|...), and
 * one starting with a tab or carriage return is trimmed by some programs
 * until a formula character is first. Household ids, addresses and names come
 * from an imported registry or from another device, so every such cell is
 * written with a leading apostrophe, which spreadsheets show as text. A cell
 * that is a plain decimal number ("-12", "3.5") is left as it is, so
 * numbers stay numbers.
 */
#ifndef FC_SHEET_H
#define FC_SHEET_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

/* 1 when s is a plain decimal number: -?[0-9]+(.[0-9]+)? */
int fc_sheet_is_number(const char *s);

/* 1 when s must be guarded: not a number and its first byte is = + - @ TAB CR. */
int fc_sheet_needs_guard(const char *s);

/*
 * Write one CSV row of n cells (RFC 4180, CRLF line end) to out: a cell
 * holding a comma, quote, CR or LF is quoted by libcsv's writer, guarded
 * text gets its apostrophe first, anything else is written as it is, but
 * for control characters. Text from a registry, a device or a login form can
 * hold "\x1b[2J" or a line end, which would clear the terminal of whoever
 * looks at the file with cat or less, or start a row of its own in a
 * line-by-line reader: a C0 control and DEL are written as their Unicode
 * pictures (ESC as U+241B "␛", CR as U+240D "␍"), so a reader sees what was
 * sent, and a C1 control or a byte of no UTF-8 character as U+FFFD. A tab
 * stays, and so does a line feed, the line break inside a cell (quoted).
 * FC_E_IO when out fails.
 */
int fc_sheet_csv_row(FILE *out, const char *const *cells, size_t n, struct fc_error *err);

/*
 * The same, one line a row: a line feed is shown as U+240A "␊" too. For logs
 * that are read with grep, where a line that looks like a row must be one
 * (the audit log).
 */
int fc_sheet_csv_line(FILE *out, const char *const *cells, size_t n, struct fc_error *err);

#endif
