/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dl-table.h: a shared library's functions loaded into a table of function
 * pointers on first use (sync/curl-lib.c, server/store/pq-lib.c): a library
 * that only some commands need is not mapped by every start of the program.
 */
#ifndef FC_CORE_DL_TABLE_H
#define FC_CORE_DL_TABLE_H

#include <stddef.h>

#include "core/error.h"

/* One entry of a table: the library's name for it and where it goes. */
struct fc_dl_symbol {
	const char *name;
	size_t offset; /* offsetof(the table's struct, its member) */
};

/*
 * dlopen soname and fill the function pointer at each symbol's offset in
 * table. 0, or -1 with err filled (FC_E_INTERNAL, the loader's words: the
 * file or the function missing) when the library or any function cannot be
 * had; then the library is let go and the table must not be used. A loaded
 * library stays mapped until the program ends.
 */
int fc_dl_table(const char *soname, const struct fc_dl_symbol *symbols, size_t n, void *table,
		struct fc_error *err);

#endif
