/* SPDX-License-Identifier: Apache-2.0 */
/*
 * held-words.h: the programmes and hazard severities of the checklists this
 * server holds, those installed and those added with `templates add` (a
 * city's own checklist brings its own programme and severities). What a
 * console filter, an export or a warnings rule may name: a word none of
 * them gives would match nothing, silently.
 */
#ifndef FC_SERVER_HELD_WORDS_H
#define FC_SERVER_HELD_WORDS_H

#include <jansson.h>

#include "core/template.h"
#include "server/store/store.h"

#define FC_HELD_WORDS_MAX 64

struct fc_held_words {
	/* Each once, in the checklists' order, NULL-ended; the strings are owned by names. */
	const char *programmes[FC_HELD_WORDS_MAX + 1];
	const char *severities[FC_HELD_WORDS_MAX + 1];
	json_t *names;
};

/*
 * Fill w from installed (parsed checklists, e.g. the console's; may be NULL)
 * and the checklists st holds; release it with fc_held_words_release (also
 * after a failure). 0, or -1 with err filled.
 */
int fc_held_words_load(struct fc_sstore *st, const struct fc_templates *installed,
		       struct fc_held_words *w, struct fc_error *err);
void fc_held_words_release(struct fc_held_words *w);

#endif
