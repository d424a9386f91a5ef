/* SPDX-License-Identifier: Apache-2.0 */
/*
 * datadir.h: finding a shipped data file (schema/<name>) whether the program
 * runs installed, from a build folder, or under tests.
 *
 * Search order, first existing file wins:
 *   1. $FIELDCHECK_HOME/<name> (the device's home, fc_home_resolve(): files a
 *      sync or an administrator put there override what was shipped);
 *   2. $FIELDCHECK_DATA/<name>;
XX
 *      /proc/self/exe, so build/ and build/san/tests/ find the source tree;
 *   4. FC_DATADIR/<name> (the installed copy).
 * Checklist templates keep their own order (templates.c), which is the same
 * idea for a folder of files.
 */
#ifndef FC_DATADIR_H
#define FC_DATADIR_H

#include <stddef.h>

#include "error.h"

/*
 * Put the path of the first existing <name> into out (out_size bytes).
 * FC_E_NOTFOUND, naming the places looked in, when there is none.
 */
int fc_datadir_find(const char *name, char *out, size_t out_size, struct fc_error *err);

/* The message catalogues' text domain (po/zh_CN.po, po/en.po), both programs'. */
#define FC_TEXT_DOMAIN "fieldcheck"

/*
 * Where the compiled catalogues are: $FIELDCHECK_LOCALEDIR, else locale/
 * beside the binary (a build), else the installed FC_LOCALEDIR.
 */
void fc_datadir_locale(char *out, size_t out_size);

/*
 * Bind FC_TEXT_DOMAIN there as the program's messages, in UTF-8. gettext only
 * honours LANGUAGE when LC_MESSAGES is not the plain "C" locale, and a
 * handheld often has nothing but C.UTF-8 installed, so messages take C.UTF-8
 * when the user's locale is C or POSIX.
 */
void fc_datadir_bind_messages(void);

#endif
