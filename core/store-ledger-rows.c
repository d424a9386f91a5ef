/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-ledger-rows.c: reading the ledger's rows back as they are stored,
 * every column as text, for fieldcheck verify (core/ledger-verify.c compares
 * them with what the records give). Only SELECTs; nothing here decides.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger-verify.h"
#include "store-internal.h"

#define _(s) gettext(s)

int
fc_store_ledger_households(struct fc_store *st, fc_ledger_hh_fn fn, void *ctx, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[SQL_LEDGER_ALL_HOUSEHOLDS];
	char hh[FC_ID_MAX + 1];
	int rc, ret = 0;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* One byte over FC_ID_MAX - 1 keeps a too long id from matching a real one. */
		store_copy_text(stmt, 0, hh, sizeof hh);
		if (fn(hh, ctx, err) != 0) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("cannot list the households of the ledger"));
	store_done(stmt);
	return ret;
}

/* The rows of one table for household, each passed to fn. */
static int
ledger_rows(struct fc_store *st, enum store_sql which, const char *table, const char *household,
	    fc_ledger_row_fn fn, void *ctx, struct fc_error *err)
{
	sqlite3_stmt *stmt = st->stmt[which];
	struct fc_ledger_row *row = malloc(sizeof *row); /* 12 KiB: off the stack */
	int rc, ret = 0;

	if (row == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory reading the ledger"));
	sqlite3_bind_text(stmt, 1, household, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int n = sqlite3_column_count(stmt);

		memset(row, 0, sizeof *row);
		snprintf(row->table, sizeof row->table, "%s", table);
		for (int i = 0; i < n && i < FC_LEDGER_ROW_COLS; i++) {
			snprintf(row->name[i], sizeof row->name[i], "%s",
				 sqlite3_column_name(stmt, i));
			store_copy_text(stmt, i, row->value[i], sizeof row->value[i]);
		}
		row->n = n < FC_LEDGER_ROW_COLS ? (size_t)n : FC_LEDGER_ROW_COLS;
		if (fn(row, ctx, err) != 0) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = store_fail(st, err, _("household %s: cannot read its %s rows"), household,
				 table);
	store_done(stmt);
	free(row);
	return ret;
}

int
fc_store_ledger_rows(struct fc_store *st, const char *household, fc_ledger_row_fn fn, void *ctx,
		     struct fc_error *err)
{
	if (ledger_rows(st, SQL_LEDGER_ROWS_HAZARDS, "hazards", household, fn, ctx, err) != 0 ||
	    ledger_rows(st, SQL_LEDGER_ROWS_PROGRAMMES, "programmes", household, fn, ctx, err) !=
		0 ||
	    ledger_rows(st, SQL_LEDGER_ROWS_VERSIONS, "versions", household, fn, ctx, err) != 0 ||
	    ledger_rows(st, SQL_LEDGER_ROWS_REVISITS, "revisits", household, fn, ctx, err) != 0)
		return -1;
	return 0;
}
