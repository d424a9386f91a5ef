/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn-severities.c: the severities a warnings rules file may name are those
 * of the checklists this server holds: the installed ones and those added
 * with `templates add`. A misspelt "majr" would otherwise leave the
 * hazard_found rule silently off for major hazards (docs/warnings.md).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/template.h"
#include "server/warn-cmd.h"

#define SEVERITIES_MAX 64

struct severities {
	const char *v[SEVERITIES_MAX + 1]; /* NULL-ended; each points into names */
	json_t *names;			   /* owns the strings */
};

static void
severities_add(struct severities *s, const char *id)
{
	size_t n = json_array_size(s->names);

	for (size_t i = 0; i < n; i++)
		if (strcmp(json_string_value(json_array_get(s->names, i)), id) == 0)
			return;
	if (n < SEVERITIES_MAX && json_array_append_new(s->names, json_string(id)) == 0)
		s->v[n] = json_string_value(json_array_get(s->names, n));
}

/* One checklist the store holds: its "severities" ids (the template is parsed when pushed). */
static int
severities_of_stored(int64_t rev, const char *text, void *ctx, struct fc_error *err)
{
	json_t *t = json_loads(text, 0, NULL), *sev;
	size_t i;

	(void)rev;
	(void)err;
	json_array_foreach(json_object_get(t, "severities"), i, sev)
		if (json_is_string(json_object_get(sev, "id")))
			severities_add(ctx, json_string_value(json_object_get(sev, "id")));
	json_decref(t);
	return 0;
}

int
fc_warn_rules_check(struct fc_sstore *st, const struct fc_warn_rules *rules, struct fc_error *err)
{
	struct severities s = {{NULL}, json_array()};
	struct fc_templates set = {0};
	struct fc_error ignore = {0};
	int ret = -1;

	if (!rules->hazard_found)
		ret = 0;
	else if (s.names == NULL)
		fc_error_set(err, FC_E_NOMEM, "out of memory");
	else {
		/* An installation without the built-in checklists still has the stored ones. */
		if (fc_templates_load(&set, &ignore) == 0)
			for (size_t t = 0; t < set.n; t++)
				for (size_t i = 0; i < set.v[t]->n_severities; i++)
					severities_add(&s, set.v[t]->severities[i].id);
		if (fc_sstore_templates_since(st, 0, severities_of_stored, &s, err) == 0)
			ret = fc_warn_rules_severities(rules, s.v, err);
	}
	fc_templates_release(&set);
	json_decref(s.names);
	return ret;
}
