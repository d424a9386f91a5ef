/* SPDX-License-Identifier: Apache-2.0 */
/*
 * console-loop.c: closing the loop in the console: a supervisor reviews a
 * record (accepted, or returned with a comment that reaches the inspector's
 * device, docs/review.md), lists the reviews of the districts with what
 * answered each return, and watches the warnings sent to the city's platform
 * with the state of each delivery (docs/warnings.md).
 *
 * The scoping rule is console-api.c's: lists keep the account's districts
 * (a district argument must be one of them), and a review of a record
 * outside them is refused by the store (fc_sstore_review_add) before
 * anything is signed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "server/console.h"
#include "server/store/console.h"
#include "server/store/review.h"

#define LOOP_LIMIT_DEFAULT 100
#define LOOP_LIMIT_MAX 1000

/* limit and offset of a list; -1 answered 400 into *mhd. */
static int
loop_page(struct console_ctx *c, long *limit, long *offset, int *mhd)
{
	*limit = fc_console_num(c, "limit", LOOP_LIMIT_DEFAULT, LOOP_LIMIT_MAX);
	*offset = fc_console_num(c, "offset", 0, 1L << 30);
	if (*limit >= 0 && *offset >= 0)
		return 0;
	*mhd = fc_console_fail(c->r, FC_CERR_PAGE_ARGS);
	return -1;
}

static int
loop_rows(struct console_ctx *c, enum fc_scon q, const struct fc_scon_param *p, int n, json_t **out)
{
	struct fc_error err = {0};

	if (fc_sstore_console(c->r->st, q, p, n, out, &err) == 0)
		return 0;
	fc_console_fail_store(c->r, &err);
	return -1;
}

/* The stored JSON text under key, read into an object (empty when unreadable); key is dropped. */
static json_t *
loop_sent(json_t *row, const char *key)
{
	const char *text = json_string_value(json_object_get(row, key));
	json_t *sent = text != NULL ? json_loads(text, 0, NULL) : NULL;

	json_object_del(row, key);
	return json_is_object(sent) ? sent : (json_decref(sent), json_object());
}

/* The comment and time the server signed, from the review's stored body. */
static void
loop_review_words(json_t *row)
{
	const char *text = json_string_value(json_object_get(row, "body"));
	struct fc_error err = {0};
	struct fc_review rv;

	if (text != NULL && fc_review_read(text, strlen(text), &rv, &err) == 0) {
		json_object_set_new(row, "comment", json_string(rv.comment));
		json_object_set_new(row, "time", json_string(rv.time));
	}
	json_object_del(row, "body");
}

/* GET reviews?district=&state=accepted|returned|waiting&record=&limit=&offset= */
int
fc_console_reviews(struct console_ctx *c)
{
	static const char *const states[] = {FC_REVIEW_ACCEPTED, FC_REVIEW_RETURNED, "waiting",
					     NULL};
	const char *district, *state;
	long limit, offset;
	json_t *rows = NULL, *row;
	size_t i;
	int mhd = MHD_NO;

	if (fc_console_district(c, &district, &mhd) ||
	    (state = fc_console_choice(c, "state", states, &mhd)) == NULL ||
	    loop_page(c, &limit, &offset, &mhd) != 0)
		return mhd;
	struct fc_scon_param p[] = {{district[0] != '\0' ? district : c->sess.account.districts, 0},
				    {state, 0},
				    {fc_console_arg(c, "record"), 0},
				    {NULL, limit},
				    {NULL, offset}};
	if (loop_rows(c, FC_SCON_REVIEWS, p, 5, &rows) != 0)
		return MHD_YES;
	json_array_foreach(rows, i, row)
		loop_review_words(row);
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "reviews", rows));
}

/* The version that corrected record, as the ledger's versions name it ("" when none). */
static void
loop_current(struct console_ctx *c, const char *record, char *out, size_t size)
{
	struct fc_scon_param p[] = {{record, 0}};
	struct fc_error ignore = {0};
	json_t *rows = NULL;

	const char *current = NULL;

	if (fc_sstore_console(c->r->st, FC_SCON_VERSIONS, p, 1, &rows, &ignore) == 0)
		current = json_string_value(json_object_get(json_array_get(rows, 0), "current"));
	snprintf(out, size, "%s", current != NULL ? current : "");
	json_decref(rows);
}

/* A refused review in the request's language; the store's words (the administrator's) are logged.
 */
static int
loop_review_refused(struct console_ctx *c, const char *record, const struct fc_error *err)
{
	char max[16], current[FC_RECORD_ID_MAX];

	switch (err->code) {
	case FC_E_EXISTS:
		loop_current(c, record, current, sizeof current);
		return fc_console_fail(c->r, FC_CERR_REVIEW_SUPERSEDED, record, current);
	case FC_E_USAGE:
	case FC_E_INVALID:
		snprintf(max, sizeof max, "%d", FC_REVIEW_COMMENT_MAX);
		return fc_console_fail(c->r, FC_CERR_REVIEW_RULES, max);
	case FC_E_NOTFOUND:
		return fc_console_fail(c->r, FC_CERR_NO_RECORD, record);
	case FC_E_REFUSED:
		return fc_console_fail(c->r, FC_CERR_REVIEW_DISTRICT, record,
				       c->sess.account.districts);
	default:
		return fc_console_fail_store(c->r, err);
	}
}

/* POST review {"record", "state": accepted|returned, "comment"}: signed by the server key. */
int
fc_console_review_add(struct console_ctx *c)
{
	struct fc_server_req *r = c->r;
	const char *record = NULL, *state = NULL, *comment = "";
	struct fc_error err = {0};
	struct fc_review rv;
	char detail[256];
	json_t *body = json_loadb(r->body.buf != NULL ? r->body.buf : "", r->body.len, 0, NULL);
	int ret;

	if (json_unpack(body, "{s:s,s:s,s?s}", "record", &record, "state", &state, "comment",
			&comment) != 0) {
		json_decref(body);
		return fc_console_fail(r, FC_CERR_REVIEW_FIELDS);
	}
	/* In a transaction: the record's row stays locked until the review is kept (review.h). */
	ret = fc_sstore_begin(r->st, &err);
	if (ret == 0 && (fc_sstore_review_add(r->st, record, state, comment, c->sess.account.name,
					      c->sess.account.districts, c->now, &rv, &err) != 0 ||
			 fc_sstore_commit(r->st, &err) != 0)) {
		fc_sstore_rollback(r->st);
		ret = -1;
	}
	snprintf(detail, sizeof detail, "%s %s", record, state);
	fc_console_audit(r, c->sess.account.name,
			 ret == 0 ? "console review" : "console review refused",
			 ret == 0 ? detail : err.msg);
	if (ret != 0) {
		ret = loop_review_refused(c, record, &err);
		json_decref(body);
		return ret;
	}
	json_decref(body);
	return fc_console_json(r, MHD_HTTP_OK,
			       json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)rv.id,
					 "record", rv.record, "state", rv.state, "comment",
					 rv.comment, "reviewer", rv.reviewer, "time", rv.time));
}

/*
 * A delivery state as the Warnings page shows it (web/warnings.js,
 * docs/warnings.md): the store's state, with a pending delivery told apart
 * by whether it was tried (pending: not yet; retrying: after a failed try).
 */
static const struct loop_delivery {
	const char *word, *state;
	int min_tries, max_tries;
} loop_deliveries[] = {
    {"pending", "pending", 0, 0},
    {"retrying", "pending", 1, INT32_MAX},
    {"delivered", "delivered", 0, INT32_MAX},
    {"failed", "failed", 0, INT32_MAX},
};

/* GET warnings?district=&state=pending|retrying|delivered|failed&rule=&limit=&offset= */
int
fc_console_warnings(struct console_ctx *c)
{
	static const char *const states[] = {"pending", "retrying", "delivered", "failed", NULL};
	static const char *const rules[] = {
	    "hazard_found",  "hazard_overdue", "house_grade", "household_overdue",
	    "device_silent", "fork",	       NULL};
	const struct loop_delivery any = {"", "", 0, INT32_MAX}, *dl = &any;
	const char *district, *state, *rule;
	long limit, offset;
	json_t *rows = NULL, *row;
	size_t i;
	int mhd = MHD_NO;

	if (fc_console_district(c, &district, &mhd) ||
	    (state = fc_console_choice(c, "state", states, &mhd)) == NULL ||
	    (rule = fc_console_choice(c, "rule", rules, &mhd)) == NULL ||
	    loop_page(c, &limit, &offset, &mhd) != 0)
		return mhd;
	for (i = 0; i < sizeof loop_deliveries / sizeof loop_deliveries[0]; i++)
		if (strcmp(state, loop_deliveries[i].word) == 0)
			dl = &loop_deliveries[i];
	struct fc_scon_param p[] = {{district[0] != '\0' ? district : c->sess.account.districts, 0},
				    {dl->state, 0},
				    {rule, 0},
				    {NULL, limit},
				    {NULL, offset},
				    {NULL, dl->min_tries},
				    {NULL, dl->max_tries}};
	if (loop_rows(c, FC_SCON_WARNINGS, p, 7, &rows) != 0)
		return MHD_YES;
	/* What the receivers got (no resident's name or phone is in it, docs/warnings.md). */
	json_array_foreach(rows, i, row)
		json_object_set_new(row, "sent", loop_sent(row, "body"));
	return fc_console_json(c->r, MHD_HTTP_OK, json_pack("{s:o}", "warnings", rows));
}
