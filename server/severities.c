/* SPDX-License-Identifier: Apache-2.0 */
/*
 * severities.c: the severities of the checklists a server holds (see
 * severities.h). The stored checklists are read as JSON for their
 * "severities" ids alone: each was parsed whole when it was added.
 */
#include <string.h>

#include "server/severities.h"

static void
severities_add(struct fc_severities *s, const char *id)
{
	size_t n = json_array_size(s->names);

	for (size_t i = 0; i < n; i++)
		if (strcmp(s->v[i], id) == 0)
			return;
	if (n < FC_SEVERITIES_MAX && json_array_append_new(s->names, json_string(id)) == 0)
		s->v[n] = json_string_value(json_array_get(s->names, n));
}

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
fc_severities_load(struct fc_sstore *st, const struct fc_templates *installed,
		   struct fc_severities *s, struct fc_error *err)
{
	memset(s, 0, sizeof *s);
	if ((s->names = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	for (size_t t = 0; installed != NULL && t < installed->n; t++)
		for (size_t i = 0; i < installed->v[t]->n_severities; i++)
			severities_add(s, installed->v[t]->severities[i].id);
	return fc_sstore_templates_since(st, 0, severities_of_stored, s, err);
}

void
fc_severities_release(struct fc_severities *s)
{
	json_decref(s->names);
	memset(s, 0, sizeof *s);
}
