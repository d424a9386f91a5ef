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
 * visit's, with its UTC offset) is optional: now when absent; a time that is
 * no real time, or ahead of the clock by more than the server's clock window,
 * is refused (core/record-time.c). Unlocking the key (Argon2id) is paid once,
 * and the whole batch is one transaction: one durable commit, not one per
 * record. A batch is made whole or not at all: a line that is wrong stops
 * it, the error names the line and nothing of the file is stored, so the
 * file, corrected, can be run again without making any record twice. The
 * ids are printed once the batch is stored.
 */
#include <libgen.h>
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/settings.h"
#include "core/textfile.h"
#include "record.h"

#define _(s) gettext(s)

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
		fc_error_set(err, FC_E_USAGE, _("line %ld: %s names no earlier line"), lineno, v);
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
	if (json_object_get(line, "time") != NULL && o->time == NULL)
		return fc_error_set(err, FC_E_USAGE, _("line %ld: \"time\" must be a string"),
				    lineno);
	if ((json_object_get(line, "follows") != NULL &&
	     (o->follows = batch_ref(b, batch_str(line, "follows"), lineno, err)) == NULL) ||
	    (json_object_get(line, "corrects") != NULL &&
	     (o->corrects = batch_ref(b, batch_str(line, "corrects"), lineno, err)) == NULL))
		return -1;
	if (o->follows != NULL) {
		if (json_object_get(line, "notes") != NULL)
			return fc_error_set(
			    err, FC_E_USAGE,
			    _("line %ld: a follow-up gives each result its \"note\""), lineno);
		o->answers = json_object_get(line, "results") != NULL ? line : NULL;
		if (o->answers == NULL && o->outcome == NULL)
			return fc_error_set(
			    err, FC_E_USAGE,
			    _("line %ld: a follow-up needs \"results\" or \"outcome\""), lineno);
	} else if (!json_is_object(o->answers = json_object_get(line, "answers"))) {
		return fc_error_set(err, FC_E_USAGE, _("line %ld: \"answers\" must be an object"),
				    lineno);
	} else if ((o->notes = json_object_get(line, "notes")) != NULL &&
		   !json_is_object(o->notes)) {
		return fc_error_set(err, FC_E_USAGE,
				    _("line %ld: \"notes\" must be an object from item id to note"),
				    lineno);
	} else if (o->corrects == NULL && (o->template_arg == NULL || o->household == NULL)) {
		return fc_error_set(err, FC_E_USAGE,
				    _("line %ld: \"template\" and \"household\" are required"),
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
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
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
	char why[256];
	json_t *line = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	int ret = -1;

	snprintf(label, sizeof label, "%s:%ld", path, lineno);
	if (!json_is_object(line))
		fc_error_set(err, FC_E_INVALID, _("%s: not a JSON object: %s"), label,
			     line == NULL ? fc_json_why(&jerr, why, sizeof why)
					  : _("another value"));
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

/*
 * A line as read whole (getline's length): one with a NUL byte would be read
 * only up to it, the rest ignored unseen; one longer than BATCH_LINE_MAX is
 * no record anyone meant. Both are refused naming the line.
 */
static int
batch_line_ok(const char *text, ssize_t len, const char *path, long lineno, struct fc_error *err)
{
	if (len > BATCH_LINE_MAX)
		return fc_error_set(err, FC_E_INVALID,
				    _("%s:%ld: the line is longer than %d bytes"), path, lineno,
				    BATCH_LINE_MAX);
	if (strlen(text) != (size_t)len)
		return fc_error_set(err, FC_E_INVALID,
				    _("%s:%ld: the line holds a NUL byte; it is not text"), path,
				    lineno);
	return 0;
}

/* Every line of f in one transaction, rolled back at the first bad line. */
static int
batch_run(struct fc_app *app, struct batch *b, FILE *f, const char *path, const char *base,
	  struct fc_error *err)
{
	char *text = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int ret, read_errno = 0;

	ret = fc_store_begin(app->store, err);
	while (ret == 0) {
		errno = 0;
		if ((len = getline(&text, &cap, f)) < 0) {
			read_errno = errno;
			break;
		}
		lineno++;
		ret = batch_line_ok(text, len, path, lineno, err);
		if (ret == 0 && text[strspn(text, " \t\r\n")] != '\0')
			ret = batch_line(app, b, path, base, text, lineno, err);
	}
	/* getline stops at an error (out of memory, too) as at the end: only feof is the end. */
	if (ret == 0 && (ferror(f) || !feof(f)))
		ret = fc_error_set(err, FC_E_IO, _("record --batch %s: cannot read it: %s"), path,
				   strerror(read_errno != 0 ? read_errno : EIO));
	/* An empty file is most likely the wrong one: say so rather than succeed at nothing. */
	if (ret == 0 && b->n == 0)
		ret =
		    fc_error_set(err, FC_E_INVALID,
				 _("record --batch %s: the file holds no record, only blank lines "
				   "or nothing at all"),
				 path);
	if (ret == 0)
		ret = fc_store_commit(app->store, err);
	else
		fc_store_rollback(app->store);
	free(text);
	return ret;
}

/* batch_run with the ids kept back until the batch is stored: printed then, or never. */
static int
batch_run_held(struct fc_app *app, struct batch *b, FILE *f, const char *path, const char *base,
	       struct fc_error *err)
{
	FILE *out = app->out;
	char *held = NULL;
	size_t len = 0;
	int ret;

	if ((app->out = open_memstream(&held, &len)) == NULL) {
		app->out = out;
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	ret = batch_run(app, b, f, path, base, err);
	fclose(app->out);
	app->out = out;
	if (ret == 0 && len > 0 && fwrite(held, 1, len, out) != len)
		ret = fc_error_set(err, FC_E_IO, _("cannot write output"));
	free(held);
	return ret;
}

int
fc_record_batch(struct fc_app *app, const char *path, struct fc_error *err)
{
	struct batch b = {0};
	char *dir = strdup(path);
	FILE *f = fopen(path, "r");
	int ret, e = f == NULL ? errno : 0;
	struct stat sb;

	/* A directory opens, and then fails at the first read: say what it is. */
	if (f != NULL && fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode))
		e = EISDIR;
	else if (f != NULL && fc_textfile_skip_bom(f) < 0)
		e = errno != 0 ? errno : ESPIPE;
	if (e != 0 || dir == NULL) {
		free(dir);
		if (f != NULL)
			fclose(f);
		return fc_error_set(err, FC_E_IO, _("record --batch %s: cannot read it: %s"), path,
				    strerror(e != 0 ? e : ENOMEM));
	}
	ret = fc_templates_load(&b.templates, err) != 0 || fc_settings_load(&b.settings, err) != 0
		  ? -1
		  : batch_run_held(app, &b, f, path, dirname(dir), err);
	fclose(f);
	fc_templates_release(&b.templates);
	json_decref(b.settings);
	if (ret != 0)
		fc_error_prefix(err, "%s", _("nothing of the batch was stored"));
	free(b.ids);
	free(dir);
	return ret;
}
