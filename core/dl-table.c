/* SPDX-License-Identifier: Apache-2.0 */
/* dl-table.c: see dl-table.h. */
#include <dlfcn.h>

#include "dl-table.h"

int
fc_dl_table(const char *soname, const struct fc_dl_symbol *symbols, size_t n, void *table,
	    struct fc_error *err)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (lib == NULL)
		return fc_error_set(err, FC_E_INTERNAL, "%s", dlerror());
	for (size_t i = 0; i < n; i++) {
		void *fn = dlsym(lib, symbols[i].name);

		if (fn == NULL) {
			/* Not the library after all: let it go, and say which function it lacks. */
			fc_error_set(err, FC_E_INTERNAL, "%s", dlerror());
			dlclose(lib);
			return -1;
		}
		/* POSIX: a function's address from dlsym converts to a function pointer. */
		*(void **)((char *)table + symbols[i].offset) = fn;
	}
	return 0;
}
