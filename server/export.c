/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.c: what the exports hold (export.h). Three tables, each read from
 * the store a page at a time after the last key written (store/console.c,
 * FC_SEXP_*), so a million rows pass through a few pages of memory:
 *
 *   records: per programme, the current version of every inspection and
 *            visit (the ledger's versions, docs/ledger.md), a column per
 *            item of the programme's newest checklist (its label, or its id
 *            with codes), then the original's id, chain position, hash and
 *            signature for proof;
 *   hazards: the ledger's hazards with the rectification loop;
 *   overdue: the programme rows core/due.c calls overdue today.
 */
#include <fcntl.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/due.h"
#include "core/file.h"
#include "core/ledger.h"
#include "core/record-model.h"
#include "core/template.h"
#include "server/console.h"
#include "server/export.h"
#include "server/store/console.h"

#define _(s) gettext(s)

#define EXP_PAGE 2000
#define EXP_COLS_MAX 250
#define EXP_CELL_MAX 4096

static const char *const what_names[] = {"records", "hazards", "overdue"};
static const char *const format_names[] = {"csv", "xlsx"};

int
fc_export_what_parse(const char *s, enum fc_export_what *out)
{
	for (size_t i = 0; i < sizeof what_names / sizeof what_names[0]; i++)
		if (strcmp(s, what_names[i]) == 0) {
			*out = (enum fc_export_what)i;
			return 0;
		}
	return -1;
}

int
fc_export_format_parse(const char *s, enum fc_export_format *out)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(s, format_names[i]) == 0) {
			*out = (enum fc_export_format)i;
			return 0;
		}
	return -1;
}

const char *
fc_export_what_name(enum fc_export_what w)
{
	return what_names[w];
}

const char *
fc_export_format_name(enum fc_export_format f)
{
	return format_names[f];
}

/* A column: its header (a catalogue word), the row's member, a number column. */
struct exp_col {
	const char *word;
	const char *key;
	int number;
};

static const struct exp_col hazard_cols[] = {
    {"Household", "household", 0},  {"Address", "address", 0}, {"District", "district", 0},
    {"Programme", "programme", 0},  {"Item", "item", 0},       {"Severity", "severity", 0},
    {"State", "status", 0},	    {"Found", "found", 0},     {"Deadline", "deadline", 0},
    {"Follow-ups", "followups", 1}, {"Closed", "closed", 0},   {"Closed by", "closed_by", 0},
    {"Days taken", "days", 1},	    {"Record", "record", 0},   {"Original", "root", 0},
    {"Inspector", "inspector", 0},  {"Note", "note", 0},
};

static const struct exp_col overdue_cols[] = {
    {"Household", "household", 0},
    {"Address", "address", 0},
    {"Resident", "resident", 0},
    {"Phone", "phone", 0},
    {"Kind", "kind", 0},
    {"District", "district", 0},
    {"Programme", "programme", 0},
    {"Last check", "last_date", 0},
    {"Due", "due", 0},
    {"Days overdue", "days", 1},
    {"Visits", "visits", 1},
    {"Revisit", "revisit", 1},
    {"Escalated", "escalated", 1},
};

static const struct exp_col record_head[] = {
    {"Record", "id", 0},	 {"Type", "type", 0},	      {"Household", "household", 0},
    {"District", "district", 0}, {"Day", "day", 0},	      {"Inspector", "inspector", 0},
    {"Device", "device", 0},	 {"Template", "template", 0}, {"Outcome", "outcome", 0},
    {"Grade", "grade", 0},
};

static const struct exp_col record_tail[] = {
    {"Original", "root", 0},	   {"Chain position", "seq", 1}, {"Hash", "hash", 0},
    {"Signature", "signature", 0}, {"Review", "review", 0},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

struct exp_run {
	const struct fc_export_opts *o;
	struct fc_xsheet w;
	struct fc_date today;
	int soon_days;
	uint64_t rows;
	size_t page; /* rows in the page being read */
	char after[3][256];
	const struct fc_template *tpl; /* records: the programme's newest checklist */
	const char *header[EXP_COLS_MAX];
	struct fc_xcell cells[EXP_COLS_MAX];
	char buf[EXP_COLS_MAX][64]; /* numbers and short texts of one row */
	char (*ans)[EXP_CELL_MAX];  /* records: the answers of one row */
};

/* The text of row[key] (numbers as digits) into the run's buffer i when needed. */
static const char *
exp_text(struct exp_run *r, json_t *row, const char *key, size_t i)
{
	json_t *v = json_object_get(row, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(r->buf[i], sizeof r->buf[i], "%lld", (long long)json_integer_value(v));
		return r->buf[i];
	}
	return "";
}

/* Fill cells [from, from + n) of the row from cols. */
static void
exp_fill(struct exp_run *r, json_t *row, const struct exp_col *cols, size_t n, size_t from)
{
	for (size_t i = 0; i < n; i++)
		r->cells[from + i] =
		    (struct fc_xcell){exp_text(r, row, cols[i].key, from + i), cols[i].number};
}

static void
exp_headers(struct exp_run *r, const struct exp_col *cols, size_t n, size_t from)
{
	for (size_t i = 0; i < n; i++)
		r->header[from + i] = fc_console_word(r->o->lang, cols[i].word);
}

/* Days between two stored dates (to "" = today) into row as "days"; nothing when unreadable. */
static void
exp_days(struct exp_run *r, json_t *row, const char *from_key, const char *to_key, int sign)
{
	const char *to = to_key != NULL ? json_string_value(json_object_get(row, to_key)) : "";
	struct fc_date a, b = r->today;

	if (fc_date_parse(json_string_value(json_object_get(row, from_key)), &a) != 0 ||
	    (to != NULL && *to != '\0' && fc_date_parse(to, &b) != 0))
		return;
	json_object_set_new(row, "days",
			    json_integer(sign * (fc_date_serial(b) - fc_date_serial(a))));
}

/* Remember the row's key members as the page's last. */
static void
exp_after(struct exp_run *r, json_t *row, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		snprintf(r->after[i], sizeof r->after[i], "%s",
			 json_string_value(json_object_get(row, keys[i])));
	r->page++;
}

static int
exp_hazard_row(json_t *row, void *ctx, struct fc_error *err)
{
	static const char *const keys[] = {"household", "programme", "item"};
	struct exp_run *r = ctx;

	exp_after(r, row, keys, 3);
	exp_days(r, row, "found", "closed", 1);
	exp_fill(r, row, hazard_cols, N_OF(hazard_cols), 0);
	r->rows++;
	return fc_xsheet_row(&r->w, r->cells, N_OF(hazard_cols), err);
}

static int
exp_overdue_row(json_t *row, void *ctx, struct fc_error *err)
{
	static const char *const keys[] = {"household", "programme"};
	struct exp_run *r = ctx;
	const char *due = json_string_value(json_object_get(row, "due"));

	exp_after(r, row, keys, 2);
	if (fc_due_state_of(due, r->today, r->soon_days) != FC_DUE_OVERDUE)
		return 0;
	exp_days(r, row, "due", NULL, 1);
	exp_fill(r, row, overdue_cols, N_OF(overdue_cols), 0);
	r->rows++;
	return fc_xsheet_row(&r->w, r->cells, N_OF(overdue_cols), err);
}

/* Page through q: params[0] districts, then nkeys keys after r->after, then the page size. */
static int
exp_pages(struct fc_sstore *st, struct exp_run *r, enum fc_scon q, const char *first, size_t nkeys,
	  fc_scon_row_fn fn, struct fc_error *err)
{
	struct fc_scon_param p[6] = {{r->o->districts, 0}};
	int n = 0;

	memset(r->after, 0, sizeof r->after);
	do {
		n = 1;
		if (first != NULL)
			p[n++] = (struct fc_scon_param){first, 0};
		for (size_t i = 0; i < nkeys; i++)
			p[n++] = (struct fc_scon_param){r->after[i], 0};
		p[n++] = (struct fc_scon_param){NULL, EXP_PAGE};
		r->page = 0;
		if (fc_sstore_console_each(st, q, p, n, fn, r, err) != 0)
			return -1;
	} while (r->page == EXP_PAGE);
	return 0;
}

static int
exp_table(struct fc_sstore *st, struct exp_run *r, const char *name, enum fc_scon q,
	  const struct exp_col *cols, size_t n, size_t nkeys, fc_scon_row_fn fn,
	  struct fc_error *err)
{
	exp_headers(r, cols, n, 0);
	if (fc_xsheet_begin(&r->w, name, r->header, n, err) != 0)
		return -1;
	return exp_pages(st, r, q, NULL, nkeys, fn, err);
}

/* Records */

/* One answer as text: option labels (or codes), numbers as numbers, lists joined. */
static void
exp_answer(const struct exp_run *r, const struct fc_item *it, const json_t *v, char *out,
	   size_t size)
{
	const char *s = json_string_value(v);

	out[0] = '\0';
	if (json_is_array(v)) {
		size_t i, len = 0;
		json_t *e;

		json_array_foreach((json_t *)v, i, e) {
			char one[256];

			exp_answer(r, it, e, one, sizeof one);
			len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s%s",
						i > 0 ? "; " : "", one);
			if (len >= size)
				break;
		}
	} else if (json_is_integer(v)) {
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		snprintf(out, size, "%.10g", json_real_value(v));
	} else if (s != NULL) {
		const char *label = s;

		for (size_t i = 0; !r->o->codes && i < it->n_options; i++)
			if (strcmp(it->options[i].id, s) == 0)
				label = fc_label_get(&it->options[i].label, r->o->lang);
		if (!r->o->codes && it->n_options == 0 && it->type == FC_ITEM_YESNO)
			label = fc_console_word(r->o->lang, strcmp(s, "na") == 0 ? "n/a" : s);
		snprintf(out, size, "%s", label);
	} else if (v != NULL && !json_is_null(v)) {
		char *dump = json_dumps(v, JSON_COMPACT);

		snprintf(out, size, "%s", dump != NULL ? dump : "");
		free(dump);
	}
}

static int
exp_record_row(json_t *row, void *ctx, struct fc_error *err)
{
	static const char *const keys[] = {"id"};
	struct exp_run *r = ctx;
	struct fc_record_model m = {0};
	struct fc_error perr = {0};
	const char *body = json_string_value(json_object_get(row, "body"));
	const json_t *answers = NULL;
	size_t nh = N_OF(record_head), ni = r->tpl->n_items;
	int rc;

	exp_after(r, row, keys, 1);
	/* Stored records were verified and parsed on the way in; one that is not shows no answers.
	 */
	if (body != NULL && fc_record_model_parse(body, strlen(body), &m, &perr) == 0)
		answers = fc_record_model_answers(&m);
	exp_fill(r, row, record_head, nh, 0);
	for (size_t i = 0; i < ni; i++) {
		const struct fc_item *it = &r->tpl->items[i];

		exp_answer(r, it, answers != NULL ? json_object_get(answers, it->id) : NULL,
			   r->ans[i], EXP_CELL_MAX);
		r->cells[nh + i] = (struct fc_xcell){r->ans[i], it->type == FC_ITEM_NUMBER ||
								    it->type == FC_ITEM_YEAR};
	}
	exp_fill(r, row, record_tail, N_OF(record_tail), nh + ni);
	r->rows++;
	rc = fc_xsheet_row(&r->w, r->cells, nh + ni + N_OF(record_tail), err);
	fc_record_model_release(&m);
	return rc;
}

/* The newest checklist of programme, or NULL. */
static const struct fc_template *
exp_template(const char *programme)
{
	const struct fc_templates *set = fc_console_templates();
	const struct fc_template *best = NULL;
	char p[16];

	for (size_t i = 0; i < set->n; i++) {
		fc_ledger_programme(set->v[i], set->v[i]->id, p);
		if (strcmp(p, programme) == 0 &&
		    (best == NULL || set->v[i]->version > best->version))
			best = set->v[i];
	}
	return best;
}

static int
exp_programme(struct fc_sstore *st, struct exp_run *r, const char *programme, struct fc_error *err)
{
	size_t nh = N_OF(record_head), nt = N_OF(record_tail), ni;

	if ((r->tpl = exp_template(programme)) == NULL)
		return fc_error_set(err, FC_E_USAGE,
				    _("no checklist of programme '%s' (gas, selfbuilt, rural)"),
				    programme);
	ni = r->tpl->n_items;
	if (nh + ni + nt > EXP_COLS_MAX)
		return fc_error_set(err, FC_E_INTERNAL, "checklist %s has too many items",
				    r->tpl->id);
	exp_headers(r, record_head, nh, 0);
	for (size_t i = 0; i < ni; i++)
		r->header[nh + i] = r->o->codes ? r->tpl->items[i].id
						: fc_label_get(&r->tpl->items[i].label, r->o->lang);
	exp_headers(r, record_tail, nt, nh + ni);
	if (fc_xsheet_begin(&r->w, programme, r->header, nh + ni + nt, err) != 0)
		return -1;
	return exp_pages(st, r, FC_SEXP_RECORDS, programme, 1, exp_record_row, err);
}

/* One sheet per programme the checklists name (or the one asked for). */
static int
exp_records(struct fc_sstore *st, struct exp_run *r, struct fc_error *err)
{
	static const char *const all[] = {"gas", "selfbuilt", "rural"};

	if (r->o->programme != NULL && r->o->programme[0] != '\0')
		return exp_programme(st, r, r->o->programme, err);
	if (r->o->format == FC_EXPORT_CSV)
		return fc_error_set(err, FC_E_USAGE,
				    _("a CSV file holds one programme: name it (gas, selfbuilt or "
				      "rural), or export XLSX for a sheet each"));
	for (size_t i = 0; i < N_OF(all); i++)
		if (exp_template(all[i]) != NULL && exp_programme(st, r, all[i], err) != 0)
			return -1;
	return 0;
}

static int
exp_run_what(struct fc_sstore *st, struct exp_run *r, struct fc_error *err)
{
	switch (r->o->what) {
	case FC_EXPORT_RECORDS:
		return exp_records(st, r, err);
	case FC_EXPORT_HAZARDS:
		return exp_table(st, r, "hazards", FC_SEXP_HAZARDS, hazard_cols, N_OF(hazard_cols),
				 3, exp_hazard_row, err);
	case FC_EXPORT_OVERDUE:
		return exp_table(st, r, "overdue", FC_SEXP_PROGRAMMES, overdue_cols,
				 N_OF(overdue_cols), 2, exp_overdue_row, err);
	}
	return fc_error_set(err, FC_E_INTERNAL, "export %d is not known", (int)r->o->what);
}

int
fc_export_write(struct fc_sstore *st, const struct fc_export_opts *o, const char *path,
		uint64_t *rows, struct fc_error *err)
{
	struct exp_run *r = calloc(1, sizeof *r);
	struct fc_intervals iv;
	struct fc_error ierr = {0};
	char day[11];
	int rc;

	if (r == NULL || (r->ans = calloc(EXP_COLS_MAX, EXP_CELL_MAX)) == NULL) {
		free(r);
		return fc_error_set(err, FC_E_NOMEM, _("out of memory for the export"));
	}
	r->o = o;
	fc_date_local_day(o->now, 0, day);
	fc_date_parse(day, &r->today);
	r->soon_days = fc_due_load(NULL, &iv, &ierr) == 0 ? iv.soon_days : FC_DUE_SOON_DAYS;
	rc = fc_xsheet_open(&r->w, o->format, path, err);
	if (rc == 0)
		rc = exp_run_what(st, r, err);
	if (fc_xsheet_close(&r->w, rc == 0 ? err : &ierr) != 0)
		rc = -1;
	*rows = r->rows;
	free(r->ans);
	free(r);
	return rc;
}

/*
 * libxlsxwriter wants a path: the export goes to a private scratch file in
 * $TMPDIR, which is unlinked as soon as it is open again, so nothing is left
 * behind whatever happens to the caller.
 */
int
fc_export_open(struct fc_sstore *st, const struct fc_export_opts *o, uint64_t *rows,
	       struct fc_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char path[4200];
	int fd;

	if (fc_file_scratch(tmp != NULL && *tmp != '\0' ? tmp : "/tmp", "fieldcheck-export", path,
			    sizeof path, err) != 0)
		return -1;
	if (fc_export_write(st, o, path, rows, err) != 0) {
		unlink(path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (fd < 0)
		return fc_error_set(err, FC_E_IO, _("cannot read the export back"));
	return fd;
}
