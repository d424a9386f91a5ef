/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pull.c: what a device fetches: its district's household registry
 * and templates since a cursor, its assignments, and (for supervisors) the
 * summary.
 *
 * An inspector or supervisor sees only the districts they were enrolled
 * for (a supervisor for the whole city is enrolled with every district):
 * asking for another is refused with 403, not answered with an empty list,
 * so a misconfigured device is noticed; a supervisor's summary holds only
 * their districts and the inspectors working in them (DESIGN.md, "Who may do
 * what"), as the console's supervisor accounts see them. Registry pages are
 * bounded (a device stores one page per transaction); a device's first pull
 * asks for the whole district as one snapshot instead (docs/protocol.md).
 * Both come back gzip-compressed when the client accepts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/ids.h"
#include "core/utf8.h"
#include "server/server.h"
#include "server/store/console.h"

#define PULL_PAGE_DEFAULT 5000
#define PULL_PAGE_MAX 20000
#define PULL_SNAPSHOT_MAX 2000000 /* households in one snapshot; more continue in pages */

/* The district asked for, or the inspector's; NULL after answering 403. */
static const char *
pull_district(struct fc_server_req *r, int *mhd)
{
	const char *d = fc_server_arg(r, "district");

	if (d == NULL || d[0] == '\0' || strcmp(d, r->insp.district) == 0)
		return r->insp.district;
	/* One of several: a district id, not a list of its own. */
	if (fc_id_district_ok(d) && fc_id_districts_have(r->insp.district, d))
		return d;
	*mhd = fc_server_error(r, MHD_HTTP_FORBIDDEN,
			       fc_gettext(r->lang, "inspector %s works in districts %s and may "
						   "not see district %s"),
			       r->insp.id, r->insp.district, d);
	return NULL;
}

static int
pull_household(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	json_t *list = ctx;

	if (json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", h->id,
						  "district", h->district, "address", h->address,
						  "resident", h->resident, "phone", h->phone,
						  "kind", h->kind, "last_check", h->last_check)) !=
	    0)
		return fc_error_set(err, FC_E_NOMEM, "out of memory listing households");
	return 0;
}

/*
 * A snapshot is written as text straight from the rows: building 350 000
 * jansson strings for 50 000 households only to print them again cost more
 * than reading them. The text is what json_dumps() would give (UTF-8 kept,
 * quotes, backslashes and control characters escaped).
 */
static int
pull_json_string(struct fc_buf *b, const char *s, struct fc_error *err)
{
	const char *run = s;

	if (!fc_utf8_valid(s, strlen(s), NULL))
		return fc_error_set(err, FC_E_INVALID, "a field is not UTF-8");
	if (fc_buf_adds(b, "\"", err) != 0)
		return -1;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (fc_buf_add(b, run, (size_t)(s - run), err) != 0 ||
		    (c == '"' || c == '\\' ? fc_buf_addf(b, err, "\\%c", c)
					   : fc_buf_addf(b, err, "\\u%04x", c)) != 0)
			return -1;
		run = s + 1;
	}
	return fc_buf_add(b, run, (size_t)(s - run), err) != 0 || fc_buf_adds(b, "\"", err) != 0
		   ? -1
		   : 0;
}

struct pull_snapshot {
	struct fc_buf text;
	long rows;
};

/* One snapshot row: the fields in the order "fields" names them. */
static int
pull_household_row(const struct fc_household *h, void *ctx, struct fc_error *err)
{
	struct pull_snapshot *snap = ctx;
	const char *fields[] = {h->id,	  h->district, h->address,   h->resident,
				h->phone, h->kind,     h->last_check};

	if (fc_buf_adds(&snap->text, snap->rows > 0 ? ",[" : "[", err) != 0)
		return -1;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if ((i > 0 && fc_buf_adds(&snap->text, ",", err) != 0) ||
		    pull_json_string(&snap->text, fields[i], err) != 0)
			return fc_error_prefix(err, "household %s", h->id);
	snap->rows++;
	return fc_buf_adds(&snap->text, "]", err);
}

/*
 * ?snapshot=1: the district's households after revision since, up to rows of
 * them (0: PULL_SNAPSHOT_MAX) in one answer. A device asks for pieces, so
 * that the server writes the next while the device stores this one; an
 * older device asks for all at once. Several districts (an inspector's list)
 * come whole, as before pieces: the database sorts every row of them after
 * since for each answer, so pieces would read them over and over.
 */
static int
pull_snapshot_reply(struct fc_server_req *r, const char *district, int64_t since, int64_t rows)
{
	struct pull_snapshot snap = {FC_BUF_INIT, 0};
	struct fc_error err = {0};
	/* An empty piece (a district of whole pieces ends in one) leaves the cursor where it was.
	 */
	int64_t last = since;
	size_t len;

	if (fc_buf_adds(&snap.text, "{\"district\":", &err) != 0 ||
	    pull_json_string(&snap.text, district, &err) != 0 ||
	    fc_buf_adds(&snap.text,
			",\"fields\":[\"id\",\"district\",\"address\",\"resident\",\"phone\","
			"\"kind\",\"last_check\"],\"rows\":[",
			&err) != 0 ||
	    fc_sstore_households_since(r->st, district, since, (size_t)rows, pull_household_row,
				       &snap, &last, &err) != 0 ||
	    fc_buf_addf(&snap.text, &err, "],\"cursor\":%lld,\"more\":%s}", (long long)last,
			snap.rows == rows ? "true" : "false") != 0) {
		fc_buf_release(&snap.text);
		return fc_server_fail(r, &err);
	}
	r->records = snap.rows;
	char *text = fc_buf_detach(&snap.text, &len);
	return fc_server_reply_text(r, MHD_HTTP_OK, text, len);
}

/*
 * ?snapshot=1: the district in one answer (or in pieces of ?rows=N), each
 * household an array in the order of "fields" (a first pull: no member names
 * 50 000 times over); otherwise a page of changes since the cursor.
 */
int
fc_server_households(struct fc_server_req *r)
{
	struct fc_error err = {0};
	int mhd = MHD_NO;
	const char *district = pull_district(r, &mhd);
	int64_t since = fc_server_int_arg(r, "since", 0), limit = fc_server_int_arg(r, "limit", 0);
	int64_t snapshot = fc_server_int_arg(r, "snapshot", 0),
		rows = fc_server_int_arg(r, "rows", 0);
	int64_t last;
	json_t *list;

	if (district == NULL)
		return mhd;
	if (since < 0 || limit < 0 || rows < 0 || snapshot < 0 || snapshot > 1)
		return fc_server_error(
		    r, MHD_HTTP_BAD_REQUEST,
		    fc_gettext(r->lang, "since, limit and rows must be numbers, snapshot 0 or 1"));
	if (snapshot)
		return pull_snapshot_reply(r, district, since,
					   rows == 0 || rows > PULL_SNAPSHOT_MAX ||
						   strchr(district, ',') != NULL
					       ? PULL_SNAPSHOT_MAX
					       : rows);
	if (limit == 0 || limit > PULL_PAGE_MAX)
		limit = limit == 0 ? PULL_PAGE_DEFAULT : PULL_PAGE_MAX;
	last = since;
	list = json_array();
	if (fc_sstore_households_since(r->st, district, since, (size_t)limit, pull_household, list,
				       &last, &err) != 0) {
		json_decref(list);
		return fc_server_fail(r, &err);
	}
	r->records = (long)json_array_size(list);
	return fc_server_reply(
	    r, MHD_HTTP_OK,
	    json_pack("{s:s,s:I,s:b,s:o}", "district", district, "cursor", (json_int_t)last, "more",
		      (json_int_t)json_array_size(list) == limit, "households", list));
}

int
fc_server_assignments(struct fc_server_req *r)
{
	struct fc_error err = {0};
	int mhd = MHD_NO;
	const char *district = pull_district(r, &mhd);
	char today[11];
	json_t *out = NULL;

	if (district == NULL)
		return mhd;
	fc_server_today(today);
	if (fc_sstore_assignments(r->st, district, today, 1000, &out, &err) != 0)
		return fc_server_fail(r, &err);
	return fc_server_reply(r, MHD_HTTP_OK, out);
}

static int
pull_template(int64_t rev, const char *json, void *ctx, struct fc_error *err)
{
	json_t *list = ctx, *t = json_loads(json, 0, NULL);

	(void)rev;
	if (t != NULL && json_array_append_new(list, t) != 0)
		return fc_error_set(err, FC_E_NOMEM, "out of memory listing templates");
	return 0;
}

struct pull_rev {
	json_t *list;
	int64_t last;
};

static int
pull_template_rev(int64_t rev, const char *json, void *ctx, struct fc_error *err)
{
	struct pull_rev *pr = ctx;

	pr->last = rev;
	return pull_template(rev, json, pr->list, err);
}

int
fc_server_templates(struct fc_server_req *r)
{
	struct fc_error err = {0};
	int64_t since = fc_server_int_arg(r, "since", 0);
	struct pull_rev pr = {json_array(), since};

	if (since < 0) {
		json_decref(pr.list);
		return fc_server_error(r, MHD_HTTP_BAD_REQUEST,
				       fc_gettext(r->lang, "since must be a number"));
	}
	if (fc_sstore_templates_since(r->st, since, pull_template_rev, &pr, &err) != 0) {
		json_decref(pr.list);
		return fc_server_fail(r, &err);
	}
	r->records = (long)json_array_size(pr.list);
	return fc_server_reply(
	    r, MHD_HTTP_OK,
	    json_pack("{s:I,s:o}", "cursor", (json_int_t)pr.last, "templates", pr.list));
}

/* A YYYY-MM-DD date, or empty. */
static int
pull_valid_day(const char *s)
{
	struct fc_date d;

	/* A real day: 2026-13-01 would count from no day at all. */
	return s[0] == '\0' || fc_date_parse(s, &d) == 0;
}

/*
 * The summary as the calling supervisor may see it: by district, only their
 * districts; by inspector, only inspectors enrolled for one of them (as the
 * console's inspectors page keeps them).
 */
static int
pull_summary_scope(struct fc_server_req *r, const char *by, json_t *out, struct fc_error *err)
{
	json_t *groups = json_object_get(out, "groups"), *insp = NULL, *row, *kept;
	size_t i, j;

	if (strcmp(r->insp.district, "*") == 0)
		return 0;
	if (strcmp(by, "inspector") == 0 &&
	    fc_sstore_console(r->st, FC_SCON_INSPECTORS, NULL, 0, &insp, err) != 0)
		return -1;
	kept = json_array();
	json_array_foreach(groups, i, row) {
		const char *key = json_string_value(json_object_get(row, "key"));
		int in = 0;

		if (strcmp(by, "district") == 0) {
			in = fc_id_districts_have(r->insp.district, key);
		} else {
			json_t *one;

			json_array_foreach(insp, j, one)
				if (strcmp(json_string_value(json_object_get(one, "id")), key) == 0)
					in = fc_id_districts_meet(
					    r->insp.district,
					    json_string_value(json_object_get(one, "district")));
		}
		if (in)
			json_array_append(kept, row);
	}
	json_decref(insp);
	json_object_set_new(out, "groups", kept);
	return 0;
}

int
fc_server_summary(struct fc_server_req *r)
{
	struct fc_error err = {0};
	const char *by = fc_server_arg(r, "by"), *since = fc_server_arg(r, "since");
	char today[11];
	json_t *out = NULL;

	if (strcmp(r->insp.role, FC_ROLE_SUPERVISOR) != 0)
		return fc_server_error(
		    r, MHD_HTTP_FORBIDDEN,
		    fc_gettext(r->lang, "the summary is for supervisors; inspector %s has role %s"),
		    r->insp.id, r->insp.role);
	if (by == NULL || by[0] == '\0')
		by = "district";
	if (strcmp(by, "district") != 0 && strcmp(by, "inspector") != 0)
		return fc_server_error(
		    r, MHD_HTTP_BAD_REQUEST,
		    fc_gettext(r->lang, "by must be district or inspector, not '%s'"), by);
	if (since == NULL)
		since = "";
	if (!pull_valid_day(since))
		return fc_server_error(r, MHD_HTTP_BAD_REQUEST,
				       fc_gettext(r->lang, "since must be YYYY-MM-DD, not '%s'"),
				       since);
	fc_server_today(today);
	if (fc_sstore_summary(r->st, by, since, today, &out, &err) != 0 ||
	    pull_summary_scope(r, by, out, &err) != 0) {
		json_decref(out);
		return fc_server_fail(r, &err);
	}
	return fc_server_reply(r, MHD_HTTP_OK, out);
}
