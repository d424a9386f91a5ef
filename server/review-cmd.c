/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review-cmd.c: `fieldcheck-server review RECORD-ID accepted|returned
 * [--comment TEXT] [--by NAME]` and `fieldcheck-server reviews [--record ID]
 * [--state S] [--json]` (docs/review.md). The command line is the site
 * administrator's, so it may review in every district; the console calls
 * fc_sstore_review_add() with its user's districts instead. The listing
 * is one line a review, its text without control characters.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/opts.h"
#include "core/utf8.h"
#include "server/admin.h"
#include "server/review-cmd.h"
#include "server/store/review.h"

#define _(s) gettext(s)

int
fc_server_review_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	const char *comment = fc_server_opt(a, "comment"), *by = fc_server_opt(a, "by");
	char **argv = a->argv;
	struct fc_review rv;

	if (a->argc != 3)
		return fc_error_set(err, FC_E_USAGE,
				    _("usage: review RECORD-ID accepted|returned [--comment TEXT] "
				      "[--by NAME]"));
	if (fc_sstore_begin(st, err) != 0)
		return -1;
	if (fc_sstore_review_add(st, argv[1], argv[2], comment != NULL ? comment : "",
				 by != NULL ? by : "admin", "*", time(NULL), &rv, err) != 0 ||
	    fc_server_audit(st, err, "review", "review %lld: record %s %s by %s", (long long)rv.id,
			    rv.record, rv.state, rv.reviewer) != 0 ||
	    fc_sstore_commit(st, err) != 0) {
		fc_sstore_rollback(st);
		return fc_error_prefix(err, "review");
	}
	printf(_("review %lld: %s %s by %s\n"), (long long)rv.id, rv.record, rv.state, rv.reviewer);
	return 0;
}

struct reviews_out {
	int json;
	json_t *a;
};

static void
reviews_one(const struct fc_sreview *r, void *ctx)
{
	struct reviews_out *o = ctx;

	if (o->json) {
		json_array_append_new(
		    o->a,
		    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s?}", "id",
			      (json_int_t)r->rv.id, "record", r->rv.record, "record_hash",
			      r->rv.record_hash, "state", r->rv.state, "comment", r->rv.comment,
			      "reviewer", r->rv.reviewer, "time", r->rv.time, "inspector",
			      r->inspector, "district", r->district, "answered_by",
			      r->answered_by[0] != '\0' ? r->answered_by : NULL));
		return;
	}
	/*
	 * The comment and the reviewer are a person's text (the console's, or
	 * --comment and --by): a line end or an escape sequence in them is
	 * shown as U+FFFD, as in the other listings, one line a review.
	 */
	char comment[3 * FC_REVIEW_COMMENT_MAX + 1], reviewer[3 * FC_ID_MAX];

	fc_utf8_pad(r->rv.comment, fc_utf8_cols(r->rv.comment), comment, sizeof comment);
	fc_utf8_pad(r->rv.reviewer, fc_utf8_cols(r->rv.reviewer), reviewer, sizeof reviewer);
	printf("%lld %s %s %s %s %s%s%s\n", (long long)r->rv.id, r->rv.time, r->rv.record,
	       r->rv.state, reviewer, comment, r->answered_by[0] != '\0' ? " answered_by=" : "",
	       r->answered_by);
}

int
fc_server_reviews_cmd(struct fc_sstore *st, const struct fc_server_args *a, struct fc_error *err)
{
	struct reviews_out o = {0};
	const char *record, *state;
	int ret;

	if (a->argc != 1)
		return fc_error_set(err, FC_E_USAGE, _("reviews takes only options"));
	record = fc_server_opt(a, "record");
	state = fc_server_opt(a, "state");
	o.json = fc_server_opt(a, "json") != NULL;
	if (record == NULL)
		record = "";
	if (state == NULL)
		state = "";
	if (o.json && (o.a = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	ret = fc_sstore_reviews(st, record, state, reviews_one, &o, err);
	if (ret == 0 && o.json) {
		json_dumpf(o.a, stdout, JSON_COMPACT);
		putchar('\n');
	}
	json_decref(o.a);
	return ret;
}
