/* SPDX-License-Identifier: Apache-2.0 */
/*
 * severities.h: the hazard severities of the checklists this server holds,
 * those installed and those added with `templates add` (a city's own
 * checklist names its own). What a warnings rule or a console filter may
 * name: a word none of them gives would match nothing, silently.
 */
#ifndef FC_SERVER_SEVERITIES_H
#define FC_SERVER_SEVERITIES_H

#include <jansson.h>

#include "core/template.h"
#include "server/store/store.h"

#define FC_SEVERITIES_MAX 64

struct fc_severities {
	const char *v[FC_SEVERITIES_MAX + 1]; /* each once, NULL-ended; owned by names */
	json_t *names;
};

/*
 * Fill s from installed (parsed checklists, e.g. the console's) and the
 * checklists st holds; release it with fc_severities_release. 0, or -1
 * with err filled (s is then empty but may be released).
 */
int fc_severities_load(struct fc_sstore *st, const struct fc_templates *installed,
		       struct fc_severities *s, struct fc_error *err);
void fc_severities_release(struct fc_severities *s);

#endif
