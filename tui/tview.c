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
		fc_error_set(err, FC_E_NOMEM, "out of memory loading checklists");
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

static const char *
checklist_option(const struct fc_item *item, const char *id)
{
	long i = fc_template_option_index(item, id);

	return i >= 0 ? fc_tview_label(&item->options[i].label) : id;
}

void
fc_tview_answer_text(const struct fc_item *item, const json_t *answer, char *out, size_t out_size)
{
	size_t at = 0, i;
	json_t *v;

	out[0] = '\0';
	if (answer == NULL || json_is_null(answer))
		return;
	if (item == NULL) {
		char *dump = json_dumps(answer, JSON_ENCODE_ANY | JSON_COMPACT);
		snprintf(out, out_size, "%s", dump != NULL ? dump : "");
		free(dump);
		return;
	}
	switch (item->type) {
	case FC_ITEM_YESNO: {
		const char *s = json_string_value(answer);
		snprintf(out, out_size, "%s",
			 s == NULL		 ? ""
			 : strcmp(s, "yes") == 0 ? _("yes")
			 : strcmp(s, "no") == 0	 ? _("no")
			 : strcmp(s, "na") == 0	 ? _("n/a")
						 : s);
		return;
	}
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT: {
		const char *unit = fc_item_unit(item, fc_i18n_code());

		if (json_is_integer(answer))
			snprintf(out, out_size, "%lld%s%s", (long long)json_integer_value(answer),
				 unit != NULL ? " " : "", unit != NULL ? unit : "");
		else
			snprintf(out, out_size, "%g%s%s", json_number_value(answer),
				 unit != NULL ? " " : "", unit != NULL ? unit : "");
		return;
	}
	case FC_ITEM_CHOICE:
		snprintf(out, out_size, "%s",
			 json_is_string(answer) ? checklist_option(item, json_string_value(answer))
						: "");
		return;
	case FC_ITEM_MULTI:
		json_array_foreach(answer, i, v) {
			if (!json_is_string(v) || at >= out_size)
				continue;
			at += (size_t)snprintf(out + at, out_size - at, "%s%s", i > 0 ? ", " : "",
					       checklist_option(item, json_string_value(v)));
		}
		if (json_array_size(answer) == 0)
			snprintf(out, out_size, "%s", _("(none)"));
		return;
	case FC_ITEM_TEXT:
		snprintf(out, out_size, "%s",
			 json_is_string(answer) ? json_string_value(answer) : "");
		return;
	case FC_ITEM_MEMBERS: {
		char *dump = json_is_string(answer) ? NULL : json_dumps(answer, JSON_COMPACT);

		snprintf(out, out_size, "%s",
			 json_is_string(answer) ? json_string_value(answer)
			 : dump != NULL		? dump
						: "");
		free(dump);
		return;
	}
	case FC_ITEM_PHOTO:
		snprintf(out, out_size, _("%zu photo(s)"), json_array_size(answer));
		return;
	}
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
