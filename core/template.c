/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template.c: reading one checklist template file into the model of
 * template.h, checking it as it goes.
 *
 * Design: the file is parsed once with jansson (duplicate keys refused) and
 * kept; the model's strings point into it. Checking never stops at the first
 * fault: every problem is collected with the item it concerns, because the
 * same code serves `fieldcheck templates check`, an author's lint. Items are
 * read first, then every condition is checked against them, so a condition
 * may name any item (a show-if only earlier ones).
 * Not here: the search path and the set of loaded templates (templates.c),
 * nor the checks that need every item known (template-check.c).
 */
#include <libintl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cond.h"
#include "ledger.h"
#include "template-int.h"
#include "template.h"
#include "textfile.h"
#include "utf8.h"

#define _(s) gettext(s)
#define TPL_ID_MAX 32

static const char *const tpl_type_names[] = {
    [FC_ITEM_YESNO] = "yesno", [FC_ITEM_NUMBER] = "number", [FC_ITEM_YEAR] = "year",
    [FC_ITEM_COUNT] = "count", [FC_ITEM_CHOICE] = "choice", [FC_ITEM_MULTI] = "multi",
    [FC_ITEM_TEXT] = "text",   [FC_ITEM_PHOTO] = "photo",   [FC_ITEM_MEMBERS] = "members",
};

/* Source tags, as the domain notes use them. */
static const char *const tpl_tags[] = {"S", "S?", "L", "P", "L/P", NULL};

/* Used when a template declares no severities: the gas domain's three levels. */
static const char tpl_default_severities[] =
    "[{\"id\":\"stop\",\"label\":{\"zh\":\"立即停气/停用\",\"en\":\"stop\"}},"
    "{\"id\":\"major\",\"label\":{\"zh\":\"重大隐患\",\"en\":\"major\"}},"
    "{\"id\":\"ordinary\",\"label\":{\"zh\":\"一般隐患\",\"en\":\"ordinary\"}}]";

void
fc_problem_add(json_t *problems, const char *item, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *p;

	if (problems == NULL)
		return;
	size_t bad;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A long clause can be cut inside a character; jansson refuses invalid
	 * UTF-8, which would leave the problem without any text. */
	if (!fc_utf8_valid(msg, strlen(msg), &bad))
		msg[bad] = '\0';
	p = json_object();
	if (p == NULL)
		return;
	if (item != NULL)
		json_object_set_new(p, "item", json_string(item));
	json_object_set_new(p, "message", json_string(msg));
	json_array_append_new(problems, p);
}

const char *
fc_item_type_name(enum fc_item_type type)
{
	return (size_t)type < sizeof tpl_type_names / sizeof tpl_type_names[0]
		   ? tpl_type_names[type]
		   : "?";
}

const char *
fc_label_get(const struct fc_label *label, const char *lang)
{
	if (lang != NULL && strncmp(lang, "zh", 2) == 0)
		return label->zh != NULL ? label->zh : label->en;
	return label->en != NULL ? label->en : label->zh;
}

const char *
fc_template_lang(void)
{
	/* gettext's order: a message and the labels inside it speak one language. */
	const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = getenv(names[i]);

		if (v != NULL && v[0] != '\0')
			return strncmp(v, "zh", 2) == 0 ? "zh" : "en";
	}
	return "en";
}

long
fc_template_item_index(const struct fc_template *tpl, const char *id)
{
	if (id == NULL)
		return -1;
	/* Templates hold well under a hundred items: a scan costs less than a hash. */
	for (size_t i = 0; i < tpl->n_items; i++)
		if (strcmp(tpl->items[i].id, id) == 0)
			return (long)i;
	return -1;
}

const struct fc_item *
fc_template_item(const struct fc_template *tpl, const char *id)
{
	long i = fc_template_item_index(tpl, id);

	return i < 0 ? NULL : &tpl->items[i];
}

long
fc_template_option_index(const struct fc_item *item, const char *id)
{
	if (id == NULL)
		return -1;
	for (size_t i = 0; i < item->n_options; i++)
		if (strcmp(item->options[i].id, id) == 0)
			return (long)i;
	return -1;
}

long
fc_template_severity_rank(const struct fc_template *tpl, const char *id)
{
	if (id == NULL)
		return -1;
	for (size_t i = 0; i < tpl->n_severities; i++)
		if (strcmp(tpl->severities[i].id, id) == 0)
			return (long)i;
	return -1;
}

json_t *
fc_template_visibility(const struct fc_template *tpl, const json_t *answers, int year,
		       unsigned char *shown)
{
	json_t *eff = json_object();
	struct fc_cond_env env = {.tpl = tpl, .answers = eff, .year = year, .self = FC_COND_NOSELF};

	if (eff == NULL)
		return NULL;
	for (size_t s = 0; s < tpl->n_sections; s++) {
		const struct fc_section *sec = &tpl->sections[s];
		int sec_shown = fc_cond_eval(sec->show_if, &env);

		for (size_t i = sec->first_item; i < sec->first_item + sec->n_items; i++) {
			const struct fc_item *it = &tpl->items[i];
			json_t *a;

			shown[i] = sec_shown && fc_cond_eval(it->show_if, &env);
			a = json_object_get(answers, it->id);
			if (shown[i] && a != NULL && json_object_set(eff, it->id, a) != 0) {
				json_decref(eff);
				return NULL;
			}
		}
	}
	return eff;
}

/* Reading the file */

static int
tpl_id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= TPL_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* Keys each part of a template may have: anything else is a typo an author should see. */
static const char *const tpl_keys_top[] = {
    "format",  "id",	      "version", "label",      "kinds",	   "description",
    "verify",  "sources",     "due",	 "severities", "sections", "record_types",
    "outcome", "obligations", "grading", "programme",  NULL};
static const char *const tpl_keys_section[] = {"id", "label", "show_if", "items", NULL};
static const char *const tpl_keys_item[] = {"id",      "label",	  "help",	"type", "required",
					    "show_if", "unit",	  "min",	"max",	"step",
					    "integer", "options", "max_length", "tag",	"clause",
					    "verify",  "prefill", "hazards",	NULL};
static const char *const tpl_keys_rule[] = {"id",     "when",	"severity", "note", "tag",
					    "clause", "verify", "flags",    NULL};
static const char *const tpl_keys_option[] = {"id", "label", NULL};

void
tpl_keys(struct tpl_ctx *cx, const json_t *obj, const char *const *allowed, const char *where,
	 const char *owner)
{
	const char *key;
	const json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		size_t i;

		for (i = 0; allowed[i] != NULL && strcmp(allowed[i], key) != 0; i++)
			;
		if (allowed[i] == NULL)
			fc_problem_add(cx->problems, owner, _("%s: unknown field \"%s\""), where,
				       key);
	}
}

const char *
tpl_string(struct tpl_ctx *cx, const json_t *obj, const char *key, int required, const char *where,
	   const char *owner)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		if (required)
			fc_problem_add(cx->problems, owner, _("%s: missing \"%s\""), where, key);
		return NULL;
	}
	if (!json_is_string(v) || (required && json_string_length(v) == 0)) {
		fc_problem_add(cx->problems, owner, _("%s: \"%s\" must be a non-empty string"),
			       where, key);
		return NULL;
	}
	return json_string_value(v);
}

void
tpl_label(struct tpl_ctx *cx, const json_t *obj, const char *key, int required,
	  struct fc_label *out, const char *where, const char *owner)
{
	const json_t *v = json_object_get(obj, key);

	out->zh = out->en = NULL;
	if (v == NULL && !required)
		return;
	if (!json_is_object(v)) {
		fc_problem_add(cx->problems, owner, _("%s: missing %s {\"zh\", \"en\"}"), where,
			       key);
		return;
	}
	out->zh = tpl_string(cx, v, "zh", 0, where, owner);
	out->en = tpl_string(cx, v, "en", 0, where, owner);
	if (out->zh == NULL || out->zh[0] == '\0')
		fc_problem_add(cx->problems, owner, _("%s: %s has no Chinese text (zh)"), where,
			       key);
	if (out->en == NULL || out->en[0] == '\0')
		fc_problem_add(cx->problems, owner, _("%s: %s has no English text (en)"), where,
			       key);
}

/* "unit": a plain string ("kPa") or a label when the languages differ ("年"/"years"). */
static void
tpl_read_unit(struct tpl_ctx *cx, const json_t *obj, struct fc_item *it, const char *where)
{
	if (json_is_object(json_object_get(obj, "unit"))) {
		tpl_label(cx, obj, "unit", 0, &it->unit, where, it->id);
		return;
	}
	it->unit.zh = it->unit.en = tpl_string(cx, obj, "unit", 0, where, it->id);
}

const char *
fc_item_unit(const struct fc_item *item, const char *lang)
{
	if (item->unit.zh == NULL && item->unit.en == NULL)
		return NULL;
	return fc_label_get(&item->unit, lang);
}

const char *
tpl_tag(struct tpl_ctx *cx, const json_t *obj, int required, const char *where, const char *owner)
{
	const char *tag = tpl_string(cx, obj, "tag", required, where, owner);

	if (tag == NULL)
		return NULL;
	for (size_t i = 0; tpl_tags[i] != NULL; i++)
		if (strcmp(tag, tpl_tags[i]) == 0)
			return tag;
	fc_problem_add(cx->problems, owner, _("%s: tag \"%s\" is not one of S, S?, L, P, L/P"),
		       where, tag);
	return NULL;
}

static int
tpl_number(struct tpl_ctx *cx, const json_t *obj, const char *key, double *out, const char *where,
	   const char *owner)
{
	const json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return 0;
	if (!json_is_number(v)) {
		fc_problem_add(cx->problems, owner, _("%s: \"%s\" must be a number"), where, key);
		return 0;
	}
	*out = json_number_value(v);
	return 1;
}

static int
tpl_decimals(double step)
{
	int d = 0;

	while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9)
		d++;
	return d;
}

static void
tpl_read_options(struct tpl_ctx *cx, json_t *obj, struct fc_item *it)
{
	json_t *opts = json_object_get(obj, "options");
	json_t *o;
	size_t i;
	char where[96];

	if (!json_is_array(opts) || json_array_size(opts) == 0) {
		fc_problem_add(cx->problems, it->id, _("%s: a %s item needs a list of options"),
			       it->id, fc_item_type_name(it->type));
		return;
	}
	it->options = calloc(json_array_size(opts), sizeof *it->options);
	if (it->options == NULL)
		return;
	json_array_foreach(opts, i, o) {
		struct fc_option *op = &it->options[it->n_options];

		snprintf(where, sizeof where, _("%s option %zu"), it->id, i + 1);
		op->id = tpl_string(cx, o, "id", 1, where, it->id);
		if (op->id == NULL)
			continue;
		if (fc_template_option_index(it, op->id) >= 0)
			fc_problem_add(cx->problems, it->id, _("%s: duplicate option id %s"),
				       it->id, op->id);
		snprintf(where, sizeof where, _("%s option %s"), it->id, op->id);
		tpl_keys(cx, o, tpl_keys_option, where, it->id);
		tpl_label(cx, o, "label", 1, &op->label, where, it->id);
		it->n_options++;
	}
}

/* The fields every item has, whatever its type. */
static void
tpl_read_item_common(struct tpl_ctx *cx, json_t *obj, struct fc_item *it, const char *where)
{
	tpl_keys(cx, obj, tpl_keys_item, where, it->id);
	tpl_label(cx, obj, "label", 1, &it->label, where, it->id);
	tpl_label(cx, obj, "help", 0, &it->help, where, it->id);
	it->required = json_is_true(json_object_get(obj, "required"));
	it->show_if = json_object_get(obj, "show_if");
	it->tag = tpl_tag(cx, obj, 0, where, it->id);
	it->clause = tpl_string(cx, obj, "clause", 0, where, it->id);
	it->verify = tpl_string(cx, obj, "verify", 0, where, it->id);
	it->prefill = json_object_get(obj, "prefill");
}

static void
tpl_read_type(struct tpl_ctx *cx, json_t *obj, struct fc_item *it, const char *where)
{
	const char *type = tpl_string(cx, obj, "type", 1, where, it->id);
	size_t t;

	it->type = FC_ITEM_TEXT;
	if (type == NULL)
		return;
	for (t = 0; t < sizeof tpl_type_names / sizeof tpl_type_names[0]; t++)
		if (strcmp(type, tpl_type_names[t]) == 0) {
			it->type = (enum fc_item_type)t;
			return;
		}
	fc_problem_add(cx->problems, it->id,
		       _("%s: unknown type \"%s\" (yesno, number, year, count, choice, multi, "
			 "text, photo, members)"),
		       it->id, type);
}

static void
tpl_read_number(struct tpl_ctx *cx, json_t *obj, struct fc_item *it, const char *where)
{
	double step = 0;

	tpl_read_unit(cx, obj, it, where);
	it->integer = json_is_true(json_object_get(obj, "integer"));
	if (!it->has_min || !it->has_max)
		fc_problem_add(cx->problems, it->id, _("%s: a number item needs min and max"),
			       it->id);
	if (tpl_number(cx, obj, "step", &step, where, it->id) && step > 0)
		it->decimals = tpl_decimals(step);
	else
		it->decimals = it->integer ? 0 : 1;
}

/* Counts and photos: whole, never negative; photos have a default most. */
static void
tpl_read_count(struct tpl_ctx *cx, struct fc_item *it)
{
	it->integer = 1;
	if (it->has_min && it->min < 0)
		fc_problem_add(cx->problems, it->id, _("%s: a %s cannot be negative"), it->id,
			       fc_item_type_name(it->type));
	if (!it->has_min) {
		it->has_min = 1;
		it->min = 0;
	}
	if (it->type == FC_ITEM_PHOTO && !it->has_max) {
		it->has_max = 1;
		it->max = FC_PHOTO_MAX_DEFAULT;
	}
}

static void
tpl_read_text(struct tpl_ctx *cx, json_t *obj, struct fc_item *it, const char *where)
{
	double n = FC_TEXT_MAX_DEFAULT;

	tpl_number(cx, obj, "max_length", &n, where, it->id);
	if (n < 1)
		fc_problem_add(cx->problems, it->id, _("%s: max_length must be at least 1"),
			       it->id);
	it->max_chars = n < 1 ? 1 : (size_t)n;
}

/* What the item's type adds: range defaults, unit, options, length. */
static void
tpl_read_by_type(struct tpl_ctx *cx, json_t *obj, struct fc_item *it, const char *where)
{
	switch (it->type) {
	case FC_ITEM_NUMBER:
		tpl_read_number(cx, obj, it, where);
		break;
	case FC_ITEM_YEAR:
		it->integer = 1;
		if (!it->has_min) {
			it->has_min = 1;
			it->min = 1900;
		}
		break;
	case FC_ITEM_COUNT:
	case FC_ITEM_PHOTO:
		tpl_read_count(cx, it);
		break;
	case FC_ITEM_CHOICE:
	case FC_ITEM_MULTI:
		tpl_read_options(cx, obj, it);
		break;
	case FC_ITEM_TEXT:
		tpl_read_text(cx, obj, it, where);
		break;
	case FC_ITEM_YESNO:
	case FC_ITEM_MEMBERS:
		break;
	}
}

static void
tpl_read_item(struct tpl_ctx *cx, json_t *obj, struct fc_item *it, size_t section)
{
	struct fc_template *tpl = cx->tpl;
	const char *id = tpl_string(cx, obj, "id", 1, _("item"), NULL);
	char where[64];

	it->section = section;
	it->id = id != NULL ? id : "?";
	if (id != NULL && !tpl_id_ok(id))
		fc_problem_add(cx->problems, id,
			       _("%s: an item id is 1 to %d letters, digits, '_' or '-'"), id,
			       TPL_ID_MAX - 1);
	if (id != NULL && fc_template_item_index(tpl, id) >= 0)
		fc_problem_add(cx->problems, id, _("%s: duplicate item id"), id);
	snprintf(where, sizeof where, "%s", it->id);
	tpl_read_item_common(cx, obj, it, where);
	tpl_read_type(cx, obj, it, where);
	it->has_min = tpl_number(cx, obj, "min", &it->min, where, it->id);
	it->has_max = tpl_number(cx, obj, "max", &it->max, where, it->id);
	tpl_read_by_type(cx, obj, it, where);
	if (it->has_min && it->has_max && it->min > it->max)
		fc_problem_add(cx->problems, it->id, _("%s: range min %g is greater than max %g"),
			       it->id, it->min, it->max);
}

static void
tpl_read_rules(struct tpl_ctx *cx, json_t *obj, size_t item)
{
	struct fc_template *tpl = cx->tpl;
	struct fc_item *it = &tpl->items[item];
	json_t *rules = json_object_get(obj, "hazards");
	json_t *r;
	size_t i;
	char where[96];

	it->first_rule = tpl->n_rules;
	if (rules == NULL)
		return;
	if (!json_is_array(rules)) {
		fc_problem_add(cx->problems, it->id, _("%s: \"hazards\" must be a list"), it->id);
		return;
	}
	json_array_foreach(rules, i, r) {
		struct fc_rule *ru = &tpl->rules[tpl->n_rules];

		snprintf(where, sizeof where, _("%s hazard %zu"), it->id, i + 1);
		if (!json_is_object(r)) {
			fc_problem_add(cx->problems, it->id, _("%s: must be an object"), where);
			continue;
		}
		ru->item = item;
		tpl_keys(cx, r, tpl_keys_rule, where, it->id);
		ru->id = tpl_string(cx, r, "id", 0, where, it->id);
		if (ru->id == NULL) {
			char gen[TPL_ID_MAX + 8];

			snprintf(gen, sizeof gen, "%s-%zu", it->id, i + 1);
			json_object_set_new(r, "id", json_string(gen));
			ru->id = json_string_value(json_object_get(r, "id"));
		}
		for (size_t k = 0; k < tpl->n_rules; k++)
			if (strcmp(tpl->rules[k].id, ru->id) == 0)
				fc_problem_add(cx->problems, it->id, _("%s: duplicate rule id %s"),
					       where, ru->id);
		ru->when = json_object_get(r, "when");
		if (ru->when == NULL)
			fc_problem_add(cx->problems, it->id, _("%s: missing \"when\""), where);
		ru->severity = tpl_string(cx, r, "severity", 1, where, it->id);
		if (ru->severity != NULL && fc_template_severity_rank(tpl, ru->severity) < 0)
			fc_problem_add(cx->problems, it->id,
				       _("%s: bad severity \"%s\" (the template declares %s…)"),
				       where, ru->severity, tpl->severities[0].id);
		tpl_label(cx, r, "note", 1, &ru->note, where, it->id);
		ru->tag = tpl_tag(cx, r, 1, where, it->id);
		ru->clause = tpl_string(cx, r, "clause", 1, where, it->id);
		ru->verify = tpl_string(cx, r, "verify", 0, where, it->id);
		ru->flags = json_object_get(r, "flags");
		if (ru->flags != NULL && !json_is_array(ru->flags))
			fc_problem_add(cx->problems, it->id, _("%s: \"flags\" must be a list"),
				       where);
		tpl->n_rules++;
		it->n_rules++;
	}
}

static void
tpl_read_severities(struct tpl_ctx *cx)
{
	struct fc_template *tpl = cx->tpl;
	json_t *sv = json_object_get(tpl->root, "severities");
	json_t *s;
	size_t i;

	if (sv == NULL) {
		sv = json_loads(tpl_default_severities, 0, NULL);
		json_object_set_new(tpl->root, "severities", sv);
	}
	if (!json_is_array(sv) || json_array_size(sv) == 0) {
		fc_problem_add(cx->problems, NULL, _("\"severities\" must be a non-empty list"));
		return;
	}
	tpl->severities = calloc(json_array_size(sv), sizeof *tpl->severities);
	if (tpl->severities == NULL)
		return;
	json_array_foreach(sv, i, s) {
		struct fc_severity *se = &tpl->severities[tpl->n_severities];

		se->id = tpl_string(cx, s, "id", 1, _("severity"), NULL);
		if (se->id == NULL)
			continue;
		tpl_label(cx, s, "label", 1, &se->label, se->id, NULL);
		tpl->n_severities++;
	}
}

static void
tpl_read_sections(struct tpl_ctx *cx)
{
	struct fc_template *tpl = cx->tpl;
	json_t *secs = json_object_get(tpl->root, "sections");
	json_t *sec, *items, *it;
	size_t i, j, n_items = 0, n_rules = 0;

	if (!json_is_array(secs) || json_array_size(secs) == 0) {
		fc_problem_add(cx->problems, NULL, _("\"sections\" must be a non-empty list"));
		return;
	}
	json_array_foreach(secs, i, sec) {
		items = json_object_get(sec, "items");
		n_items += json_array_size(items);
		json_array_foreach(items, j, it)
			n_rules += json_array_size(json_object_get(it, "hazards"));
	}
	tpl->sections = calloc(json_array_size(secs), sizeof *tpl->sections);
	tpl->items = calloc(n_items + 1, sizeof *tpl->items);
	tpl->rules = calloc(n_rules + 1, sizeof *tpl->rules);
	if (tpl->sections == NULL || tpl->items == NULL || tpl->rules == NULL)
		return;
	json_array_foreach(secs, i, sec) {
		struct fc_section *s = &tpl->sections[tpl->n_sections];
		char where[64];

		s->id = tpl_string(cx, sec, "id", 1, _("section"), NULL);
		if (s->id == NULL)
			s->id = "?";
		for (size_t k = 0; k < tpl->n_sections; k++)
			if (strcmp(tpl->sections[k].id, s->id) == 0)
				fc_problem_add(cx->problems, NULL,
					       _("section %s: duplicate section id"), s->id);
		snprintf(where, sizeof where, _("section %s"), s->id);
		tpl_keys(cx, sec, tpl_keys_section, where, NULL);
		tpl_label(cx, sec, "label", 1, &s->label, where, NULL);
		s->show_if = json_object_get(sec, "show_if");
		s->first_item = tpl->n_items;
		items = json_object_get(sec, "items");
		if (!json_is_array(items) || json_array_size(items) == 0)
			fc_problem_add(cx->problems, NULL,
				       _("%s: \"items\" must be a non-empty list"), where);
		json_array_foreach(items, j, it) {
			if (!json_is_object(it)) {
				fc_problem_add(cx->problems, NULL,
					       _("%s: item %zu is not an object"), where, j + 1);
				continue;
			}
			tpl_read_item(cx, it, &tpl->items[tpl->n_items], tpl->n_sections);
			tpl->n_items++;
			s->n_items++;
			tpl_read_rules(cx, it, tpl->n_items - 1);
		}
		tpl->n_sections++;
	}
}

/*
 * The inspection programme a template belongs to ("gas", "selfbuilt",
 * "rural"). A record names only its template's id, and the ledger counts it
 * under the programme that id gives (core/ledger-entry.c,
 * fc_ledger_programme: "gas" or "gas-restaurant" count as gas), the same on
 * the device and the server whatever templates each holds. So a "programme"
 * field must agree with the id: "restaurant" with "programme": "gas" would be
 * counted as "restaurant" by the ledger and as gas by the exports.
 */
static void
tpl_read_programme(struct tpl_ctx *cx)
{
	static const char *const known[] = {"gas", "selfbuilt", "rural", NULL};
	const char *p = tpl_string(cx, cx->tpl->root, "programme", 0, _("template"), NULL);
	const char *id = cx->tpl->id != NULL ? cx->tpl->id : "";
	char by_id[16];

	fc_ledger_programme(NULL, id, by_id);
	cx->tpl->programme = NULL;
	for (size_t i = 0; known[i] != NULL; i++)
		if (strcmp(p != NULL ? p : by_id, known[i]) == 0)
			cx->tpl->programme = known[i];
	if (p == NULL)
		return;
	if (cx->tpl->programme == NULL)
		fc_problem_add(cx->problems, NULL,
			       _("\"programme\" must be gas, selfbuilt or rural, not \"%s\""), p);
	else if (strcmp(p, by_id) != 0)
		fc_problem_add(
		    cx->problems, NULL,
		    _("\"programme\" is \"%s\", but records of the id \"%s\" are counted "
		      "under \"%s\": name the template %s or %s-…"),
		    p, id, by_id, p, p);
}

int
fc_template_load_json(json_t *root, const char *path, struct fc_template **out, json_t **problems,
		      struct fc_error *err)
{
	struct fc_template *tpl = calloc(1, sizeof *tpl);
	struct tpl_ctx cx = {.tpl = tpl, .problems = json_array()};
	const json_t *v;
	const char *name = path != NULL ? path : "template";

	*out = NULL;
	if (tpl == NULL || cx.problems == NULL) {
		free(tpl);
		json_decref(root);
		json_decref(cx.problems);
		return fc_error_set(err, FC_E_NOMEM, _("%s: out of memory"), name);
	}
	tpl->root = root;
	tpl->path = strdup(name);
	if (!json_is_object(root)) {
		fc_problem_add(cx.problems, NULL, _("the file must hold a JSON object"));
		goto out;
	}
	tpl_keys(&cx, root, tpl_keys_top, _("template"), NULL);
	v = json_object_get(root, "format");
	if (!json_is_integer(v) || json_integer_value(v) != FC_TEMPLATE_FORMAT)
		fc_problem_add(cx.problems, NULL, _("\"format\" must be %d"), FC_TEMPLATE_FORMAT);
	tpl->id = tpl_string(&cx, root, "id", 1, _("template"), NULL);
	if (tpl->id != NULL && !tpl_id_ok(tpl->id))
		fc_problem_add(cx.problems, NULL, _("template id \"%s\" is not a plain name"),
			       tpl->id);
	v = json_object_get(root, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000)
		fc_problem_add(cx.problems, NULL, _("\"version\" must be a whole number from 1"));
	else
		tpl->version = (int)json_integer_value(v);
	tpl_label(&cx, root, "label", 1, &tpl->label, _("template"), NULL);
	tpl_read_programme(&cx);
	tpl->kinds = json_object_get(root, "kinds");
	if (tpl->kinds != NULL)
		tpl_check_strings_in(&cx, tpl->kinds, "kinds", _("template"), 0);
	tpl_read_severities(&cx);
	if (tpl->n_severities == 0)
		goto out;
	tpl_read_sections(&cx);
	tpl_check_conditions(&cx);
	tpl_read_obligations(&cx);
	tpl->record_types = json_object_get(root, "record_types");
	if (tpl->record_types != NULL)
		tpl_check_when_list(&cx, tpl->record_types, "record_types", _("record type"),
				    "type", tpl_record_types);
	tpl->outcome = json_object_get(root, "outcome");
	tpl_check_outcome(&cx);
	tpl->grading = json_object_get(root, "grading");
	tpl_check_grading(&cx);
out:
	if (json_array_size(cx.problems) > 0) {
		size_t n = json_array_size(cx.problems);
		const json_t *first = json_array_get(cx.problems, 0);

		/* A count only when there are several: no "problem%s" a translation cannot follow.
		 */
		if (n == 1)
			fc_error_set(err, FC_E_INVALID, "%s: %s", name,
				     json_string_value(json_object_get(first, "message")));
		else
			fc_error_set(err, FC_E_INVALID, _("%s: %zu problems; first: %s"), name, n,
				     json_string_value(json_object_get(first, "message")));
		if (problems != NULL)
			*problems = cx.problems;
		else
			json_decref(cx.problems);
		fc_template_free(tpl);
		return -1;
	}
	json_decref(cx.problems);
	if (problems != NULL)
		*problems = NULL;
	*out = tpl;
	return 0;
}

int
fc_template_load_file(const char *path, struct fc_template **out, json_t **problems,
		      struct fc_error *err)
{
	json_error_t jerr;
	json_t *root = fc_textfile_json(path, JSON_REJECT_DUPLICATES, &jerr);
	char why[256];

	*out = NULL;
	if (problems != NULL)
		*problems = NULL;
	if (root == NULL && jerr.line <= 0) {
		/* Not opened: the text names the file and why, and there is no line. */
		if (problems != NULL) {
			*problems = json_array();
			fc_problem_add(*problems, NULL, "%s", jerr.text);
		}
		return fc_error_set(err, FC_E_IO, "%s", jerr.text);
	}
	if (root == NULL) {
		if (problems != NULL) {
			*problems = json_array();
			fc_problem_add(*problems, NULL, _("line %d: %s"), jerr.line,
				       fc_json_why(&jerr, why, sizeof why));
		}
		return fc_error_set(err, FC_E_INVALID, "%s:%d: %s", path, jerr.line,
				    fc_json_why(&jerr, why, sizeof why));
	}
	return fc_template_load_json(root, path, out, problems, err);
}

void
fc_template_free(struct fc_template *tpl)
{
	if (tpl == NULL)
		return;
	for (size_t i = 0; i < tpl->n_items; i++)
		free(tpl->items[i].options);
	free(tpl->items);
	free(tpl->rules);
	free(tpl->sections);
	free(tpl->severities);
	free(tpl->obligations);
	free(tpl->path);
	json_decref(tpl->root);
	free(tpl);
}
