/* SPDX-License-Identifier: Apache-2.0 */
/*
 * held-words.c: the programmes and severities of the checklists a server
 * holds (see held-words.h). The stored checklists are read as JSON for
 * those words alone: each was parsed whole when it was added.
 */
#include <string.h>

#include "core/ledger.h"
#include "server/held-words.h"

/* Add word to list (NULL-ended, at most FC_HELD_WORDS_MAX) once, its copy owned by w. */
static void
held_add(struct fc_held_words *w, const char **list, const char *word)
{
	size_t n = 0;

	while (list[n] != NULL && strcmp(list[n], word) != 0)
		n++;
	if (list[n] != NULL || n >= FC_HELD_WORDS_MAX ||
	    json_array_append_new(w->names, json_string(word)) != 0)
		return;
	list[n] = json_string_value(json_array_get(w->names, json_array_size(w->names) - 1));
}

static int
held_stored(int64_t rev, const char *text, void *ctx, struct fc_error *err)
{
	struct fc_held_words *w = ctx;
	json_t *t = json_loads(text, 0, NULL), *sev;
	const char *programme = json_string_value(json_object_get(t, "programme"));
	char from_id[16];
	size_t i;

	(void)rev;
	(void)err;
	/* A checklist without "programme" takes its id's (core/ledger-entry.c). */
	fc_ledger_programme(NULL, json_string_value(json_object_get(t, "id")), from_id);
	held_add(w, w->programmes, programme != NULL && programme[0] != '\0' ? programme : from_id);
	json_array_foreach(json_object_get(t, "severities"), i, sev)
		if (json_is_string(json_object_get(sev, "id")))
			held_add(w, w->severities, json_string_value(json_object_get(sev, "id")));
	json_decref(t);
	return 0;
}

int
fc_held_words_load(struct fc_sstore *st, const struct fc_templates *installed,
		   struct fc_held_words *w, struct fc_error *err)
{
	memset(w, 0, sizeof *w);
	if ((w->names = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	for (size_t t = 0; installed != NULL && t < installed->n; t++) {
		const struct fc_template *tpl = installed->v[t];
		char programme[16];

		fc_ledger_programme(tpl, tpl->id, programme);
		held_add(w, w->programmes, programme);
		for (size_t i = 0; i < tpl->n_severities; i++)
			held_add(w, w->severities, tpl->severities[i].id);
	}
	return fc_sstore_templates_since(st, 0, held_stored, w, err);
}

void
fc_held_words_release(struct fc_held_words *w)
{
	json_decref(w->names);
	memset(w, 0, sizeof *w);
}
