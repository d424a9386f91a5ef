/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-batch.c: `fieldcheck record --batch FILE.jsonl`, many records after
 * one PIN: forms filled on paper and entered later, or a replay (make city).
 * Each line is one record as the options would give it:
 *
 *   {"template": "gas", "household": "H1", "answers": {...}, "time": "..."}
 *   {"corrects": "@3", "answers": {...}}
 *   {"follows": "@5", "results": {...}, "answers": {...}}
 *   {"follows": "@5", "outcome": "rectified"}
 *
 * "@N" names the record made from line N of the same file. "time" (the
 * visit's, with its UTC offset) is optional: now when absent. Unlocking the
 * key (Argon2id) is paid once, and the records are committed together every
 * BATCH_COMMIT, not one durable commit each. A line that is wrong stops the
 * batch: what came before it is kept (and was printed), the error names the
 * line, nothing after it is made.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "record.h"

#define BATCH_COMMIT 500 /* records per transaction: a handheld's flash makes each commit slow */
#define BATCH_LINE_MAX (1024 * 1024)

struct batch {
	char (*ids)[FC_RECORD_ID_MAX]; /* ids[n] is line n+1's record */
	size_t n, cap;
	/* Read once: loading them for every line cost more than signing it. */
	struct fc_templates templates;
	json_t *settings;
};

static const char *
batch_str(json_t *line, const char *key)
{
	return json_string_value(json_object_get(line, key));
}

/* "@N" -> line N's record id; anything else as it is. */
static const char *
batch_ref(const struct batch *b, const char *v, long lineno, struct fc_error *err)
{
	char *end = NULL;
	long n;

	if (v == NULL || v[0] != '@')
		return v;
	n = strtol(v + 1, &end, 10);
	if (end == v + 1 || *end != '\0' || n < 1 || (size_t)n > b->n || n >= lineno) {
		fc_error_set(err, FC_E_USAGE, "line %ld: %s names no earlier line", lineno, v);
		return NULL;
	}
	return b->ids[n - 1];
}

/* The options of one line (o borrows from line). */
static int
batch_opts(const struct batch *b, json_t *line, long lineno, struct record_opts *o,
	   struct fc_error *err)
{
	o->template_arg = batch_str(line, "template");
	o->household = batch_str(line, "household");
	o->outcome = batch_str(line, "outcome");
	o->time = batch_str(line, "time");
	if ((json_object_get(line, "follows") != NULL &&
	     (o->follows = batch_ref(b, batch_str(line, "follows"), lineno, err)) == NULL) ||
	    (json_object_get(line, "corrects") != NULL &&
	     (o->corrects = batch_ref(b, batch_str(line, "corrects"), lineno, err)) == NULL))
		return -1;
	if (o->follows != NULL) {
		o->answers = json_object_get(line, "results") != NULL ? line : NULL;
		if (o->answers == NULL && o->outcome == NULL)
			return fc_error_set(
			    err, FC_E_USAGE,
			    "line %ld: a follow-up needs \"results\" or \"outcome\"", lineno);
	} else if (!json_is_object(o->answers = json_object_get(line, "answers"))) {
		return fc_error_set(err, FC_E_USAGE, "line %ld: \"answers\" must be an object",
				    lineno);
	} else if (o->corrects == NULL && (o->template_arg == NULL || o->household == NULL)) {
		return fc_error_set(err, FC_E_USAGE,
				    "line %ld: \"template\" and \"household\" are required",
				    lineno);
	}
	return 0;
}

static int
batch_keep_id(struct batch *b, const char *id, struct fc_error *err)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		void *ids = realloc(b->ids, cap * sizeof *b->ids);
		if (ids == NULL)
			return fc_error_set(err, FC_E_NOMEM, "out of memory");
		b->ids = ids;
		b->cap = cap;
	}
	snprintf(b->ids[b->n++], FC_RECORD_ID_MAX, "%s", id);
	return 0;
}

/* One line: parse, make the record, remember its id. */
static int
batch_line(struct fc_app *app, struct batch *b, const char *path, const char *base,
	   const char *text, long lineno, struct fc_error *err)
{
	struct record_opts o = {0};
	char label[FC_PATH_MAX + 32];
	json_error_t jerr;
	json_t *line = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	int ret = -1;

	snprintf(label, sizeof label, "%s:%ld", path, lineno);
	if (!json_is_object(line))
		fc_error_set(err, FC_E_INVALID, "%s: not a JSON object: %s", label,
			     line == NULL ? jerr.text : "another value");
	else if (batch_opts(b, line, lineno, &o, err) == 0) {
		o.answers_path = o.answers != NULL ? label : NULL;
		o.base = base;
		o.templates = &b->templates;
		o.settings = b->settings;
		if (fc_record_one(app, &o, err) == 0)
			ret = batch_keep_id(b, o.id, err);
		else if (strncmp(err->msg, label, strlen(label)) != 0)
			fc_error_prefix(err, "%s", label);
	}
	json_decref(line);
	return ret;
}

/* Every line of f; a transaction per BATCH_COMMIT records. */
static int
batch_run(struct fc_app *app, struct batch *b, FILE *f, const char *path, const char *base,
	  struct fc_error *err)
{
	char *text = malloc(BATCH_LINE_MAX);
	long lineno = 0;
	int ret = 0, open = 0;

	if (text == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	while (ret == 0 && fgets(text, BATCH_LINE_MAX, f) != NULL) {
		lineno++;
		if (text[strspn(text, " \t\r\n")] == '\0')
			continue;
		if (!open && (ret = fc_store_begin(app->store, err)) != 0)
			break;
		open = 1;
		ret = batch_line(app, b, path, base, text, lineno, err);
		/* What came before a bad line is kept. */
		if (ret != 0 || b->n % BATCH_COMMIT == 0) {
			struct fc_error e2 = {0};
			if (fc_store_commit(app->store, ret == 0 ? err : &e2) != 0 && ret == 0)
				ret = -1;
			open = 0;
		}
	}
	if (ret == 0 && open && fc_store_commit(app->store, err) != 0)
		ret = -1;
	free(text);
	return ret;
}

int
fc_record_batch(struct fc_app *app, const char *path, struct fc_error *err)
{
	struct batch b = {0};
	char *dir = strdup(path);
	FILE *f = fopen(path, "r");
	int ret;

	if (f == NULL || dir == NULL) {
		free(dir);
		if (f != NULL)
			fclose(f);
		return fc_error_set(err, FC_E_IO, "record --batch %s: cannot read it", path);
	}
	ret = fc_templates_load(&b.templates, err) != 0 || fc_settings_load(&b.settings, err) != 0
		  ? -1
		  : batch_run(app, &b, f, path, dirname(dir), err);
	fclose(f);
	fc_templates_release(&b.templates);
	json_decref(b.settings);
	if (ret != 0 && b.n > 0)
		fc_error_prefix(err, "%zu records before it were stored", b.n);
	free(b.ids);
	free(dir);
	return ret;
}
