/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lang.h: messages in a language chosen per call, not per process.
 *
 * The server answers devices whose inspectors read different languages, from
 * several threads at once (libmicrohttpd), so it cannot switch the process's
 * locale or LANGUAGE for each request the way the TUI switches its own.
 * Instead each request carries its language ("zh" or "en", from the device's
 * Accept-Language) and looks its messages up here, in the same compiled
 * catalogues (po/zh_CN.po, po/en.po) gettext reads. The catalogues are read
 * once, before any thread starts, and only read after that.
 */
#ifndef FC_LANG_H
#define FC_LANG_H

#include <stddef.h>

#include "error.h"

struct fc_catalogue;

/* Read a compiled catalogue (msgfmt's .mo); FC_E_INVALID for a damaged one. */
int fc_catalogue_load(const char *path, struct fc_catalogue **out, struct fc_error *err);
/* msgid's translation in c, or NULL when c has none (or c is NULL). */
const char *fc_catalogue_get(const struct fc_catalogue *c, const char *msgid);
void fc_catalogue_free(struct fc_catalogue *c); /* NULL does nothing */

/*
 * Read DIR/zh_CN/LC_MESSAGES/DOMAIN.mo and DIR/en/... for fc_gettext(). Call
 * once, before threads that translate start; a catalogue that is missing
 * leaves that language's messages as written (English). 0, or -1 with err
 * naming a damaged file.
 */
int fc_lang_load(const char *dir, const char *domain, struct fc_error *err);
void fc_lang_unload(void);

/*
 * msgid in lang ("zh" or "en"); msgid itself when the catalogue lacks it.
 * lang NULL: the process's own language (gettext()), for callers that are
 * not answering anyone in particular.
 */
const char *fc_gettext(const char *lang, const char *msgid) __attribute__((format_arg(2)));

/*
 * "zh" or "en" for a language tag or locale name that starts with one of
 * them ("zh-CN", "en_US.UTF-8", "en;q=0.5"), else NULL ("enx", "fr").
 */
const char *fc_lang_of_tag(const char *tag);

/*
 * The language this process shows its own messages in, as gettext decides:
 * LANGUAGE first, then LC_ALL, LC_MESSAGES, LANG; "zh" for Chinese, "en" for
 * anything else (the untranslated messages are English).
 */
const char *fc_lang_of_process(void);

#endif
