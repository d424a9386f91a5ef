/* SPDX-License-Identifier: Apache-2.0 */
/*
 * households.c: importing the household registry on the server.
 *
 * The CSV reader is core's (core/household-csv.h, shared with `fieldcheck
 * households import`); rows go into the server store in one transaction, so
 * a file with a bad row imports nothing. Each row gets a new registry
 * revision, which is what devices pull "since".
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/household-csv.h"
#include "core/opts.h"
#include "server/admin.h"
#include "server/households.h"

#define _(s) gettext(s)

int
fc_server_households_import(struct fc_sstore *st, const struct fc_server_args *a,
			    struct fc_error *err)
{
	struct fc_household *rows = NULL;
	char **argv = a->argv;
	size_t count = 0;

	if (a->argc != 3 || strcmp(argv[1], "import") != 0)
		return fc_error_set(err, FC_E_USAGE, _("usage: households import FILE.csv"));
	if (fc_household_csv_read(argv[2], &rows, &count, err) != 0)
		return -1;
	if (fc_sstore_begin(st, err) != 0 || fc_sstore_put_households(st, rows, count, err) != 0 ||
	    fc_server_audit(st, err, "households import", "%zu households from %s", count,
			    argv[2]) != 0 ||
	    fc_sstore_commit(st, err) != 0) {
		fc_sstore_rollback(st);
		free(rows);
		return fc_error_prefix(err, "%s", argv[2]);
	}
	free(rows);
	printf(_("imported %zu households from %s\n"), count, argv[2]);
	return 0;
}
