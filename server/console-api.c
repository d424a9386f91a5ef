/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-api.c: the console's JSON reads: records, one record with its
 * proof, households and their history, inspectors and devices, photos.
 *
 * The rule of every call: the account sees its districts and nothing else.
 * A list takes an optional district, which must be one of them (403
 * otherwise); without it the list keeps all of the account's districts. A
 * call naming one thing (a record, a household, a photo) looks up the
 * district that thing counts under and answers 403 when the account does not
 * see it, whatever else the request says. A record counts under two: the one
 * it was stored under and its household's now (fc_sstore_reads_record, the
 * one rule for every page and list that shows records). Rows come from the store as the
 * ledger wrote them (store/console.c); nothing here decides what is due or
 * open.
 */
#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/date.h"
#include "core/notice.h"
#include "core/record-model.h"
#include "core/template.h"
#include "core/utf8.h"
#include "server/console.h"
#include "server/held-words.h"
#include "server/store/console.h"

#define API_LIMIT_DEFAULT 100
#define API_LIMIT_MAX 1000
#define API_MORE_WORDS 3 /* further words of a household search the store matches */

/* The districts a request reads: the one asked for, else all of the account's. */
static const char *
api_scope(struct console_ctx *c, const char *district)
{
	return district[0] != '\0' ? district : c->sess.account.districts;
}

const char *
fc_console_arg(struct console_ctx *c, const char *name)
{
	const char *v = fc_server_arg(c->r, name);

	return v != NULL ? v : "";
}

const char *
fc_console_held(struct console_ctx *c, const char *name, int *mhd)
{
	const char *v = fc_console_arg(c, name), *ret;
	struct fc_error err = {0};
	struct fc_held_words w;

	/* Read only when the filter is given: most calls name none. */
	if (v[0] == '\0')
		return v;
	if (fc_held_words_load(c->r->st, fc_console_templates(), &w, &err) != 0) {
		fc_held_words_release(&w);
		*mhd = fc_console_fail_store(c->r, &err);
		return NULL;
	}
	ret = fc_console_choice(c, name,
				strcmp(name, "severity") == 0 ? w.severities : w.programmes, mhd);
	fc_held_words_release(&w);
	return ret;
}

int
fc_console_refuse(struct console_ctx *c, const char *name, const char *value,
		  const char *const *words)
{
	char list[512] = "";
	size_t n = 0;

	for (size_t i = 0; words[i] != NULL && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i > 0 ? ", " : "",
				      words[i]);
	return fc_console_fail(c->r, FC_CERR_UNKNOWN_VALUE, name, value, list);
}

const char *
fc_console_choice(struct console_ctx *c, const char *name, const char *const *words, int *mhd)
{
	const char *v = fc_console_arg(c, name);

	if (v[0] == '\0')
		return v;
	for (size_t i = 0; words[i] != NULL; i++)
		if (strcmp(v, words[i]) == 0)
			return v;
	*mhd = fc_console_refuse(c, name, v, words);
	return NULL;
}

long
fc_console_num(struct console_ctx *c, const char *name, long dflt, long max)
{
	const char *v = fc_server_arg(c->r, name);
	char *end = NULL;
	long n = v != NULL ? strtol(v, &end, 10) : dflt;

	if (v != NULL && (end == v || *end != '\0' || n < 0))
		return -1;
	return n > max ? max : n;
}

static int
api_rows(struct console_ctx *c, enum fc_scon q, const struct fc_scon_param *p, int n, json_t **out)
{
	struct fc_error err = {0};

	if (fc_sstore_console(c->r->st, q, p, n, out, &err) != 0) {
		fc_console_fail_store(c->r, &err);
		return -1;
	}
	return 0;
}

int
fc_console_records(struct console_ctx *c)
{
	/* The record types the server stores (core/record.h). */
	static const char *const types[] = {FC_TYPE_INSPECTION, FC_TYPE_VISIT,	   FC_TYPE_FOLLOWUP,
					    FC_TYPE_CORRECTION, FC_TYPE_HOUSEHOLD, NULL};
	const char *district, *type;
	long limit = fc_console_num(c, "limit", API_LIMIT_DEFAULT, API_LIMIT_MAX);
	long offset = fc_console_num(c, "offset", 0, 1L << 30);
	json_t *rows = NULL;
	int mhd = MHD_NO;

	if (fc_console_district(c, &district, &mhd) ||
	    (type = fc_console_choice(c, "type", types, &mhd)) == NULL)
		return mhd;
	if (limit < 0 || offset < 0)
		return fc_console_fail(c->r, FC_CERR_PAGE_ARGS);
	struct fc_scon_param p[] = {
	    {api_scope(c, district), 0},	 {type, 0},	{fc_console_arg(c, "household"), 0},
	    {fc_console_arg(c, "inspector"), 0}, {NULL, limit}, {NULL, offset}};
	if (api_rows(c, FC_SCON_RECORDS, p, 6, &rows) != 0)
		return MHD_YES;
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "records", rows));
}

/* Templates, for the labels of a record's answers: loaded once, kept. */

static struct fc_templates api_templates;
static pthread_once_t api_templates_once = PTHREAD_ONCE_INIT;

static void
api_templates_load(void)
{
	struct fc_error err = {0};

	/* A template that fails to load leaves its records shown by item id. */
	if (fc_templates_load(&api_templates, &err) != 0)
		memset(&api_templates, 0, sizeof api_templates);
}

static json_t *
api_label(const struct fc_label *l)
{
	return json_pack("{s:s,s:s}", "zh", l->zh != NULL ? l->zh : "", "en",
			 l->en != NULL ? l->en : (l->zh != NULL ? l->zh : ""));
}

const struct fc_templates *
fc_console_templates(void)
{
	pthread_once(&api_templates_once, api_templates_load);
	return &api_templates;
}

/* {item: {"label": {zh,en}, "options": {id: {zh,en}}}} for the items the record answers. */
static json_t *
api_labels(const struct fc_record_model *m)
{
	struct fc_error err = {0};
	const struct fc_template *tpl;
	json_t *out = json_object(), *v;
	const char *key;

	tpl = fc_templates_find(fc_console_templates(), m->template_id, m->template_version, &err);
	if (tpl == NULL)
		return out;
	json_object_set_new(out, "", json_pack("{s:o}", "label", api_label(&tpl->label)));
	json_object_foreach((json_t *)fc_record_model_answers(m), key, v) {
		const struct fc_item *it = fc_template_item(tpl, key);
		json_t *opts = json_object();

		if (it == NULL) {
			json_decref(opts);
			continue;
		}
		for (size_t i = 0; i < it->n_options; i++)
			json_object_set_new(opts, it->options[i].id,
					    api_label(&it->options[i].label));
		json_object_set_new(out, key,
				    json_pack("{s:o,s:s,s:o}", "label", api_label(&it->label),
					      "type", fc_item_type_name(it->type), "options",
					      opts));
	}
	return out;
}

static int
api_photo_add(const char *hash, int64_t size, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:I}", "hash", hash, "size", (json_int_t)size));
	return 0;
}

/* The record named by ?id= (or id), scoped: 0 with *rec, else answered into *mhd. */
static int
api_one_record(struct console_ctx *c, const char *id, json_t **rec, int *mhd)
{
	struct fc_scon_param p[] = {{id, 0}};
	json_t *rows = NULL;

	if (api_rows(c, FC_SCON_RECORD, p, 1, &rows) != 0) {
		*mhd = MHD_YES;
		return -1;
	}
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		*mhd = fc_console_fail(c->r, FC_CERR_NO_RECORD, id);
		return -1;
	}
	*rec = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!fc_console_reads(c, *rec, mhd)) {
		json_decref(*rec);
		return -1;
	}
	return 0;
}

/*
 * The rows of records (taken), all of one household whose district is now
 * now, that the account reads (fc_sstore_reads): a record keeps the district
 * it was stored under, and the registry may since have moved its household,
 * so its history and a record's follow-ups and versions can hold records of
 * two districts. Each supervisor gets those of their inspectors' districts,
 * and the household's new district all of them; the record's page answers
 * the same (api_one_record), so no row links to a 403.
 */
static json_t *
api_read_records(struct console_ctx *c, json_t *records, const char *now)
{
	json_t *kept = json_array(), *row;
	size_t i;

	json_array_foreach(records, i, row) {
		if (fc_sstore_reads(c->sess.account.districts,
				    json_string_value(json_object_get(row, "district")), now))
			json_array_append(kept, row);
	}
	json_decref(records);
	return kept;
}

int
fc_console_record(struct console_ctx *c)
{
	const char *id = fc_console_arg(c, "id");
	struct fc_record_model m = {0};
	struct fc_error err = {0};
	json_t *rec = NULL, *follow = NULL, *photos = json_array();
	char now[FC_ID_MAX];
	int mhd = MHD_NO;

	if (api_one_record(c, id, &rec, &mhd) != 0) {
		json_decref(photos);
		return mhd;
	}
	const char *body = json_string_value(json_object_get(rec, "body"));
	struct fc_scon_param p[] = {{id, 0}};
	if (fc_sstore_household_now(c->r->st, json_string_value(json_object_get(rec, "household")),
				    json_string_value(json_object_get(rec, "district")), now,
				    &err) != 0) {
		json_decref(rec);
		json_decref(photos);
		return fc_console_fail_store(c->r, &err);
	}
	if (api_rows(c, FC_SCON_FOLLOWUPS, p, 1, &follow) != 0) {
		json_decref(rec);
		json_decref(photos);
		return MHD_YES;
	}
	/* Follow-ups and versions are of the record's household: read as the record is. */
	json_object_set_new(rec, "followups", api_read_records(c, follow, now));
	/* The original and its corrections, each marked current or not (the ledger's versions). */
	if (api_rows(c, FC_SCON_VERSIONS, p, 1, &follow) != 0) {
		json_decref(rec);
		json_decref(photos);
		return MHD_YES;
	}
	json_object_set_new(rec, "versions", api_read_records(c, follow, now));
	if (fc_record_model_parse(body, strlen(body), &m, &err) == 0) {
		json_object_set(rec, "parsed", (json_t *)fc_record_model_json(&m));
		json_object_set_new(rec, "labels", api_labels(&m));
		fc_record_model_each_photo(&m, api_photo_add, photos);
		json_object_set_new(rec, "corrects", json_string(m.corrects));
		json_object_set_new(rec, "follows", json_string(m.follows));
		/* The paper it gives the household, if any (core/notice.c decides). */
		json_object_set_new(rec, "notice",
				    json_string(fc_notice_kind_name(fc_notice_kind_of(
					m.outcome, (long)fc_record_model_hazard_count(&m)))));
	} else {
		json_object_set_new(rec, "parse_error", json_string(err.msg));
	}
	fc_record_model_release(&m);
	json_object_set_new(rec, "photos", photos);
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "record", rec));
}

/* Households */

/*
 * The first word of q as a LIKE pattern (%, _ and \ escaped) into out:
 * "%word%" to find it anywhere, "word%" for an id starting with it.
 */
static void
api_like(const char *q, int anywhere, char *out, size_t size)
{
	size_t n = 0, len = strcspn(q, " \t");

	if (size < 4)
		return;
	if (anywhere)
		out[n++] = '%';
	/*
	 * Whole characters only (q is UTF-8, checked by the server): a pattern
	 * cut inside one is not text, which PostgreSQL refuses. A word too long
	 * for out is cut; api_row_has_words checks it whole.
	 */
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = fc_utf8_decode(q + i, len - i, &cp);
		int esc = q[i] == '%' || q[i] == '_' || q[i] == '\\';

		if (n + (size_t)esc + k + 2 > size)
			break;
		if (esc)
			out[n++] = '\\';
		memcpy(out + n, q + i, k);
		n += k;
		i += k;
	}
	out[n++] = '%';
	out[n] = '\0';
}

/* Does text hold word, ASCII letters in either case (as LIKE matched the first word)? */
static int
api_has_word(const char *text, const char *word, size_t len)
{
	for (; *text != '\0'; text++) {
		size_t i = 0;

		while (i < len && text[i] != '\0' &&
		       (text[i] == word[i] ||
			((unsigned char)text[i] < 0x80 && (unsigned char)word[i] < 0x80 &&
			 tolower((unsigned char)text[i]) == tolower((unsigned char)word[i]))))
			i++;
		if (i == len)
			return 1;
	}
	return len == 0;
}

/*
 * Every word of q appears in one of the row's fields (as on the device). The
 * first is checked again too: the store matched it as a LIKE pattern cut to
 * api_like's buffer, so a longer first word found rows holding only its
 * start.
 */
static int
api_row_has_words(json_t *row, const char *q)
{
	static const char *const fields[] = {"id", "address", "resident", "phone"};
	const char *p = q;

	while (*(p += strspn(p, " \t")) != '\0') {
		size_t len = strcspn(p, " \t");
		int found = 0;

		for (size_t i = 0; i < 4 && !found; i++)
			found = api_has_word(json_string_value(json_object_get(row, fields[i])), p,
					     len);
		if (!found)
			return 0;
		p += len;
	}
	return 1;
}

/*
 * The second to fourth words of q (after its first) as "%word%" patterns, ""
 * for none: the store keeps only rows holding them too, so a common first
 * word (a street) cannot fill its page with rows a further word (a name)
 * leaves out. Any later words are checked on the rows it gives.
 */
static void
api_more_words(const char *q, char more[API_MORE_WORDS][512])
{
	const char *p = q + strcspn(q, " \t");

	for (size_t i = 0; i < API_MORE_WORDS; i++) {
		more[i][0] = '\0';
		p += strspn(p, " \t");
		if (*p == '\0')
			continue;
		api_like(p, 1, more[i], sizeof more[i]);
		p += strcspn(p, " \t");
	}
}

int
fc_console_households(struct console_ctx *c)
{
	const char *district, *q = fc_console_arg(c, "q");
	char like[512], prefix[512], more[API_MORE_WORDS][512];
	json_t *rows = NULL, *kept;
	size_t i;
	json_t *row;
	int mhd = MHD_NO;

	if (fc_console_district(c, &district, &mhd))
		return mhd;
	q += strspn(q, " \t");
	if (*q == '\0')
		return fc_console_fail(c->r, FC_CERR_SEARCH_EMPTY);
	api_like(q, 1, like, sizeof like);
	api_like(q, 0, prefix, sizeof prefix);
	/* The exact id: a word longer than any id is none (and is not cut to one). */
	char first[FC_ID_MAX] = "";
	if (strcspn(q, " \t") < sizeof first)
		snprintf(first, sizeof first, "%.*s", (int)strcspn(q, " \t"), q);
	struct fc_scon_param p[] = {{api_scope(c, district), 0},
				    {first, 0},
				    {like, 0},
				    {NULL, 4 * API_LIMIT_DEFAULT},
				    {prefix, 0},
				    {more[0], 0},
				    {more[1], 0},
				    {more[2], 0}};
	api_more_words(q, more);
	if (api_rows(c, FC_SCON_HOUSEHOLD_SEARCH, p, 8, &rows) != 0)
		return MHD_YES;
	kept = json_array();
	json_array_foreach(rows, i, row) {
		if (json_array_size(kept) < 50 && api_row_has_words(row, q))
			json_array_append(kept, row);
	}
	json_decref(rows);
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "households", kept));
}

/*
 * A household of the account's districts, with every record of it; or one of
 * another district whose records include some the account reads (made in its
 * districts before the registry moved it), with those only: a record's page
 * links to its household. 403 when the account reads none of it.
 */
int
fc_console_household(struct console_ctx *c)
{
	const char *id = fc_console_arg(c, "id");
	struct fc_scon_param p[] = {{id, 0}};
	json_t *rows = NULL, *hh, *history = NULL;
	const char *now;
	int mhd = MHD_NO;

	if (api_rows(c, FC_SCON_HOUSEHOLD, p, 1, &rows) != 0)
		return MHD_YES;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return fc_console_fail(c->r, FC_CERR_NO_HOUSEHOLD, id);
	}
	hh = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	now = json_string_value(json_object_get(hh, "district"));
	if (api_rows(c, FC_SCON_HOUSEHOLD_RECORDS, p, 1, &history) != 0) {
		json_decref(hh);
		return MHD_YES;
	}
	history = api_read_records(c, history, now);
	if (!fc_saccount_sees(&c->sess.account, now) && json_array_size(history) == 0) {
		/* now is hh's: the refusal names it before hh goes. */
		fc_console_sees(c, now, &mhd);
		json_decref(history);
		json_decref(hh);
		return mhd;
	}
	json_object_set_new(hh, "records", history);
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "household", hh));
}

/* Inspectors and devices */

/* 1 when one of the inspector's districts (a comma list) is the filter's or the account's. */
static int
api_inspector_kept(struct console_ctx *c, const char *district, const char *theirs)
{
	char one[FC_ID_MAX];
	const char *p = theirs;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1),
			 p);
		if (district[0] != '\0' ? strcmp(one, district) == 0
					: fc_saccount_sees(&c->sess.account, one))
			return 1;
		p += len + (p[len] == ',');
	}
	return strcmp(theirs, "*") == 0 && strcmp(c->sess.account.districts, "*") == 0;
}

int
fc_console_inspectors(struct console_ctx *c)
{
	const char *district;
	char week[11];
	json_t *insp = NULL, *devs = NULL, *out = json_array(), *row, *d;
	size_t i, j;
	int mhd = MHD_NO;

	if (fc_console_district(c, &district, &mhd)) {
		json_decref(out);
		return mhd;
	}
	fc_date_local_day(c->now, 7, week);
	struct fc_scon_param p[] = {{week, 0}};
	if (api_rows(c, FC_SCON_INSPECTORS, NULL, 0, &insp) != 0 ||
	    api_rows(c, FC_SCON_DEVICES, p, 1, &devs) != 0) {
		json_decref(insp);
		json_decref(out);
		return MHD_YES;
	}
	json_array_foreach(insp, i, row) {
		json_t *mine = json_array();
		const char *id = json_string_value(json_object_get(row, "id"));
		json_int_t refused = 0;

		if (!api_inspector_kept(c, district,
					json_string_value(json_object_get(row, "district")))) {
			json_decref(mine);
			continue;
		}
		json_array_foreach(devs, j, d) {
			if (strcmp(json_string_value(json_object_get(d, "inspector")), id) == 0) {
				json_array_append(mine, d);
				refused += json_integer_value(json_object_get(d, "refused"));
			}
		}
		json_object_set_new(row, "devices", mine);
		/* Pushes refused from any of their devices (the page shows each device's too). */
		json_object_set_new(row, "refused", json_integer(refused));
		json_array_append(out, row);
	}
	json_decref(insp);
	json_decref(devs);
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "inspectors", out));
}

/* Photos: GET photo/HASH?record=ID, when that record is in scope and names the photo. */

static int
api_photo_named(const char *hash, int64_t size, void *ctx)
{
	(void)size;
	return strcmp(hash, ctx) == 0 ? 1 : 0;
}

int
fc_console_photo(struct console_ctx *c)
{
	const char *hash = c->rest, *id = fc_console_arg(c, "record");
	struct fc_record_model m = {0};
	struct fc_error err = {0};
	struct MHD_Response *resp;
	char path[4200];
	json_t *rec = NULL;
	struct stat sb;
	int mhd = MHD_NO, named, fd;

	if (strlen(hash) != FC_HASH_HEX - 1 || strspn(hash, "0123456789abcdef") != strlen(hash))
		return fc_console_fail(c->r, FC_CERR_NO_PHOTO);
	if (api_one_record(c, id, &rec, &mhd) != 0)
		return mhd;
	const char *body = json_string_value(json_object_get(rec, "body"));
	named = fc_record_model_parse(body, strlen(body), &m, &err) == 0 &&
		fc_record_model_each_photo(&m, api_photo_named, (void *)hash) != 0;
	fc_record_model_release(&m);
	json_decref(rec);
	if (!named)
		return fc_console_fail(c->r, FC_CERR_PHOTO_NOT_NAMED, id);
	snprintf(path, sizeof path, "%s/%s", fc_server_photo_dir(c->r->srv), hash);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return fc_console_fail(c->r, FC_CERR_PHOTO_MISSING);
	if (fstat(fd, &sb) != 0 ||
	    (resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd)) == NULL) {
		close(fd);
		fc_error_set(&err, FC_E_IO, "photo %s: cannot send it", hash);
		fprintf(stderr, "<3>fieldcheck-server: %s %s\n", c->r->rid, err.msg);
		return fc_console_fail(c->r, FC_CERR_PHOTO_UNREADABLE);
	}
	fc_console_headers(resp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "image/jpeg");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, max-age=3600");
	return fc_server_respond(c->r, MHD_HTTP_OK, resp);
}
