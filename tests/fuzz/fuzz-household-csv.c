/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-household-csv: the household registry CSV parser
 * (fc_household_csv_parse) on arbitrary bytes.
 *
 * Besides memory safety, it checks what the parser promises: either an error
 * with a message and no rows, or rows whose every field is NUL-terminated
 * UTF-8 with a known kind and a YYYY-MM-DD or empty last check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/household-csv.h"
#include "core/utf8.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
csv_kind_known(const char *kind)
{
	static const char *const kinds[] = {"residential", "catering", "business", "selfbuilt",
					    "rural"};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i]) == 0)
			return 1;
	return 0;
}

static void
csv_check_field(const char *field, size_t size)
{
	size_t len = strnlen(field, size);

	if (len == size || !fc_utf8_valid(field, len, NULL))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_household *rows = NULL;
	struct fc_error err = {0};
	size_t count = 0;

	if (fc_household_csv_parse("fuzz.csv", (const char *)data, size, &rows, &count, &err) !=
	    0) {
		if (err.msg[0] == '\0' || rows != NULL)
			abort();
		return 0;
	}
	for (size_t i = 0; i < count; i++) {
		const struct fc_household *h = &rows[i];

		csv_check_field(h->id, sizeof h->id);
		csv_check_field(h->district, sizeof h->district);
		csv_check_field(h->address, sizeof h->address);
		csv_check_field(h->resident, sizeof h->resident);
		csv_check_field(h->phone, sizeof h->phone);
		if (!csv_kind_known(h->kind))
			abort();
		if (h->last_check[0] != '\0' && strlen(h->last_check) != 10)
			abort();
	}
	free(rows);
	return 0;
}
