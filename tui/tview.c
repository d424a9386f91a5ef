/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tview.c: templates for the TUI, loaded lazily so that start-up does not
 * pay for parsing JSON the home screen never shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tview.h"
#include "tui/i18n.h"

const struct fc_templates *
fc_tview_templates(struct fc_tui *tui, struct fc_error *err)
{
	struct fc_templates *set;

	if (tui->templates != NULL)
		return tui->templates;
	set = calloc(1, sizeof *set);
	if (set == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory loading checklists"));
		return NULL;
	}
	if (fc_templates_load(set, err) != 0) {
		fc_templates_release(set);
		free(set);
		return NULL;
	}
	tui->templates = set;
	return set;
}

static int
checklist_has_kind(const struct fc_template *tpl, const char *kind)
{
	size_t i;
	json_t *v;

	if (tpl->kinds == NULL)
		return 0;
	json_array_foreach(tpl->kinds, i, v) {
		if (json_is_string(v) && strcmp(json_string_value(v), kind) == 0)
			return 1;
	}
	return 0;
}

size_t
fc_tview_for_kind(struct fc_tui *tui, const char *kind, const struct fc_template **out, size_t max)
{
	struct fc_error err = {0};
	const struct fc_templates *set = fc_tview_templates(tui, &err);
	size_t n = 0;

	if (set == NULL)
		return 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct fc_template *tpl = set->v[i];
		size_t j;
		if (!checklist_has_kind(tpl, kind))
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(out[j]->id, tpl->id) == 0)
				break;
		if (j < n) {
			if (tpl->version > out[j]->version)
				out[j] = tpl;
			continue;
		}
		if (n < max)
			out[n++] = tpl;
	}
	return n;
}

const struct fc_template *
fc_tview_find(struct fc_tui *tui, const char *id, int version)
{
	struct fc_error err = {0};
	const struct fc_templates *set = fc_tview_templates(tui, &err);

	if (set == NULL || id == NULL)
		return NULL;
	return fc_templates_find(set, id, version, &err);
}

void
fc_tview_release(struct fc_tui *tui)
{
	if (tui->templates == NULL)
		return;
	fc_templates_release(tui->templates);
	free(tui->templates);
	tui->templates = NULL;
}

const char *
fc_tview_label(const struct fc_label *label)
{
	return fc_label_get(label, fc_i18n_code());
}

const char *
fc_tview_severity(const struct fc_template *tpl, const char *id)
{
	if (tpl != NULL)
		for (size_t i = 0; i < tpl->n_severities; i++)
			if (strcmp(tpl->severities[i].id, id) == 0)
				return fc_tview_label(&tpl->severities[i].label);
	return id;
}

const char *
fc_tview_severity_any(struct fc_tui *tui, const char *id)
{
	struct fc_error err = {0};
	const struct fc_templates *set = fc_tview_templates(tui, &err);

	for (size_t i = 0; set != NULL && i < set->n; i++)
		for (size_t j = 0; j < set->v[i]->n_severities; j++)
			if (strcmp(set->v[i]->severities[j].id, id) == 0)
				return fc_tview_label(&set->v[i]->severities[j].label);
	return id;
}
