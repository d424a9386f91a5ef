/* SPDX-License-Identifier: Apache-2.0 */
/*
 * household-csv.h: reading the household registry from CSV, the format
 * districts already keep in spreadsheets.
 *
 * UTF-8 (a leading byte-order mark is allowed), a header row of exactly
 * id,district,address,resident,phone,kind,last_check, RFC 4180 quoting (commas,
 * quotes and line breaks inside quoted fields), LF or CRLF line ends. A file
 * with any bad row is refused whole, the message naming the file and the
 * physical line where the bad row starts ("households.csv:7: kind 'shop' is
 * not one of residential, catering, business, selfbuilt, rural"). The
 * district is a district id (core/ids.h): "D 1", "=1+1" or an empty one is
 * such a bad row.
 */
#ifndef FC_HOUSEHOLD_CSV_H
#define FC_HOUSEHOLD_CSV_H

#include <stddef.h>

#include "error.h"
#include "store.h"

/*
 * Parse data[0..len) (name is used in messages). On success *rows is a
 * malloc'd array of *count households (caller frees with free()); on failure
 * nothing is returned and err (FC_E_INVALID, or FC_E_NOMEM) names the line.
 */
int fc_household_csv_parse(const char *name, const char *data, size_t len,
			   struct fc_household **rows, size_t *count, struct fc_error *err);

/* The same for the file at path (FC_E_NOTFOUND / FC_E_IO when it cannot be read). */
int fc_household_csv_read(const char *path, struct fc_household **rows, size_t *count,
			  struct fc_error *err);

/*
 * Read path and save every household in one transaction: all or nothing;
 * existing ids are updated. *count (may be NULL) gets the number of rows.
 */
int fc_household_csv_import(struct fc_store *st, const char *path, size_t *count,
			    struct fc_error *err);

#endif
