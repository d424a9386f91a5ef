/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template.h: checklist templates, loaded from JSON files into a read-only
 * model the rest of fieldcheck walks (validation, hazards, the TUI's forms).
 *
 * A template is data: sections of items (types, ranges, options, show-if
 * conditions on earlier answers), hazard rules per item with severity and the
 * source tag and clause of the rule, obligations (what must be answered when
 * a hazard or an answer calls for it), the outcome rule and the optional
 * mapping of answers onto the house-grading inputs. docs/checklists.md
 * describes the file format field by field. Nothing in C names an item: if
 * code needs to, the format lacks a field.
 *
 * The model borrows its strings from the parsed JSON it keeps (root), so every
 * pointer below is valid until fc_template_free().
 */
#ifndef FC_TEMPLATE_H
#define FC_TEMPLATE_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"

#define FC_TEMPLATE_FORMAT 1	 /* the file format this code reads */
#define FC_TEXT_MAX_DEFAULT 2000 /* characters of a text answer without max_length */
#define FC_PHOTO_MAX_DEFAULT 20	 /* photos in one answer without max */

enum fc_item_type {
	FC_ITEM_YESNO,	 /* "yes" | "no" | "na" */
	FC_ITEM_NUMBER,	 /* JSON number within [min, max]; integer if the item says so */
	FC_ITEM_YEAR,	 /* integer year, min..max, max defaults to the current year */
	FC_ITEM_COUNT,	 /* non-negative integer, optional min/max */
	FC_ITEM_CHOICE,	 /* one option id */
	FC_ITEM_MULTI,	 /* array of distinct option ids */
	FC_ITEM_TEXT,	 /* string of at most max_length characters */
	FC_ITEM_PHOTO,	 /* array of file paths (answers file) or {file,hash,size} (record) */
	FC_ITEM_MEMBERS, /* per-storey member counts: object or compact text (members.h) */
};

struct fc_label {
	const char *zh;
	const char *en;
};

struct fc_option {
	const char *id;
	struct fc_label label;
};

/* One hazard rule: when `when` holds for the answers, the item is a hazard. */
struct fc_rule {
	const char *id;	      /* unique in the template; "<item>-<n>" if the file has none */
	size_t item;	      /* index of the item the rule belongs to */
	const json_t *when;   /* condition; an operand without "item" means this item */
	const char *severity; /* one of the template's severities */
	struct fc_label note;
	const char *tag;     /* "S", "S?", "L", "P", "L/P" */
	const char *clause;  /* where the rule is written, or why it is practice */
	const char *verify;  /* what to check before relying on it, or NULL */
	const json_t *flags; /* array of strings, or NULL */
};

struct fc_item {
	const char *id;
	struct fc_label label;
	struct fc_label help; /* optional longer guidance; members may be NULL */
	enum fc_item_type type;
	size_t section;
	int required;
	const json_t *show_if; /* NULL: shown whenever its section is */
	/* number: "kPa", "m", or {"zh": "年", "en": "years"}; both NULL when none */
	struct fc_label unit;
	int has_min, has_max;
	double min, max;
	int integer;		   /* number: only whole values */
	int decimals;		   /* number: digits after the point in messages */
	struct fc_option *options; /* choice, multi */
	size_t n_options;
	size_t max_chars; /* text */
	const char *tag, *clause, *verify;
	const json_t *prefill; /* {"from": "household.kind", "map": {...}} or NULL */
	size_t first_rule, n_rules;
};

struct fc_section {
	const char *id;
	struct fc_label label;
	const json_t *show_if;
	size_t first_item, n_items;
};

struct fc_severity {
	const char *id; /* "stop", "major", ... worst first */
	struct fc_label label;
};

/*
 * A rule of the form "when this holds, these answers are required": the
 * rectification notice after a major gas hazard, the measures after a serious
 * self-built finding. Triggers may be combined; all present must hold.
 */
struct fc_obligation {
	const char *id;
	const json_t *when;	   /* condition on answers, or NULL */
	const json_t *if_severity; /* array: some hazard has one of these, or NULL */
	const char *if_flag;	   /* some hazard's rule has this flag, or NULL */
	const json_t *if_outcome;  /* array: the outcome is one of these, or NULL */
	const json_t *require;	   /* array of conditions, each naming its item */
	struct fc_label message;   /* why, for the problem list */
	const char *tag, *clause;
};

struct fc_template {
	json_t *root; /* owned: every string below points into it */
	char *path;   /* owned: the file it came from */
	const char *id;
	int version;
	struct fc_label label;
	const json_t *kinds; /* array of registry kinds it applies to */
	/* "gas", "selfbuilt" or "rural" as its id gives it ("gas-x": gas), or NULL */
	const char *programme;
	struct fc_section *sections;
	size_t n_sections;
	struct fc_item *items; /* in form order, across sections */
	size_t n_items;
	struct fc_rule *rules; /* grouped by item, in form order */
	size_t n_rules;
	struct fc_severity *severities; /* worst first */
	size_t n_severities;
	struct fc_obligation *obligations;
	size_t n_obligations;
	const json_t *record_types; /* array of {when, type}, or NULL */
	const json_t *outcome;	    /* object, see docs/checklists.md */
	const json_t *grading;	    /* object or array of objects, or NULL */
};

/* Loading one template */

/*
 * Load and check the template file at path. On success *out is the model
 * (caller frees with fc_template_free()). On failure err says how many
 * problems there are and names the first; if problems is not NULL it gets
 * every problem as an array of {"item"?, "message"} (caller decrefs).
 */
int fc_template_load_file(const char *path, struct fc_template **out, json_t **problems,
			  struct fc_error *err);

/* The same from an already parsed document; steals root, even on failure. */
int fc_template_load_json(json_t *root, const char *path, struct fc_template **out,
			  json_t **problems, struct fc_error *err);

void fc_template_free(struct fc_template *tpl); /* NULL does nothing */

/* Looking inside */

/* Index of the item with this id, or -1. */
long fc_template_item_index(const struct fc_template *tpl, const char *id);
const struct fc_item *fc_template_item(const struct fc_template *tpl, const char *id);
/* Index of the option in item, or -1. */
long fc_template_option_index(const struct fc_item *item, const char *id);
/* Rank of a severity id (0 = worst), or -1 when the template has no such one. */
long fc_template_severity_rank(const struct fc_template *tpl, const char *id);
/* The label in lang ("zh" or "en"; anything else means en), falling back to the other. */
const char *fc_label_get(const struct fc_label *label, const char *lang);
/* The unit of a number item in lang, or NULL when it has none. */
const char *fc_item_unit(const struct fc_item *item, const char *lang);
/*
 * "zh" when LANGUAGE, LC_ALL, LC_MESSAGES or LANG (the first set, the order
 * gettext reads them in) starts with zh, else "en".
 */
const char *fc_template_lang(void);
/* "yesno", "number", ... */
const char *fc_item_type_name(enum fc_item_type type);
/*
 * Which items are shown for answers: shown[i] is 1 when item i's section and
 * show-if condition hold, considering only answers of shown earlier items.
 * shown has tpl->n_items entries. year is the current year (for age tests).
 * Returns a new object holding only the answers of shown items (caller
 * decrefs), or NULL when out of memory.
 */
json_t *fc_template_visibility(const struct fc_template *tpl, const json_t *answers, int year,
			       unsigned char *shown);

/* Append {"item": item (may be NULL), "message": ...} to problems. */
/*
 * The author's lint beyond loading (core/template-lint.c): every input the
 * template's grading needs is collected for every answer combination the form
 * accepts that reaches it, and every grade it can compute maps to an outcome.
 * Appends one problem per fault, naming the item, to problems; returns how
 * many it added.
 */
size_t fc_template_lint(const struct fc_template *tpl, json_t *problems);

void fc_problem_add(json_t *problems, const char *item, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

/* The set of templates a device can use */

struct fc_templates {
	struct fc_template **v; /* owned */
	size_t n;
	json_t *skipped; /* array of {"file", "message"}: files refused */
};

/*
 * Load every *.json in the search path, in this order: $FIELDCHECK_HOME/
 * templates (updates from sync), $FIELDCHECK_TEMPLATES (a colon-separated
 * list), the source tree's schema/checklists next to the running binary,
 * then FC_DATADIR/checklists. The first file seen for an id and version
 * wins; an invalid file is skipped and listed in set->skipped. Release with
 * fc_templates_release().
 */
int fc_templates_load(struct fc_templates *set, struct fc_error *err);

/* Load the *.json files of one directory into set (missing dir: nothing). */
int fc_templates_add_dir(struct fc_templates *set, const char *dir, struct fc_error *err);

void fc_templates_release(struct fc_templates *set);

/*
 * The template id at version (0 = the highest loaded), or NULL with
 * FC_E_NOTFOUND naming what is available.
 */
const struct fc_template *fc_templates_find(const struct fc_templates *set, const char *id,
					    int version, struct fc_error *err);

#endif
