/* SPDX-License-Identifier: Apache-2.0 */
/* dl-table.c: see dl-table.h. */
#include <dlfcn.h>
#include <stdio.h>

#include "dl-table.h"

int
fc_dl_table(const char *soname, const struct fc_dl_symbol *symbols, size_t n, void *table,
	    char *why, size_t why_size)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (lib == NULL) {
		snprintf(why, why_size, "%s", dlerror());
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		void *fn = dlsym(lib, symbols[i].name);

		if (fn == NULL) {
			/* Not the library after all: let it go, and say which function it lacks. */
			snprintf(why, why_size, "%s", dlerror());
			dlclose(lib);
			return -1;
		}
		/* POSIX: a function's address from dlsym converts to a function pointer. */
		*(void **)((char *)table + symbols[i].offset) = fn;
	}
	return 0;
}
