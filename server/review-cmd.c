/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review-cmd.c: `fieldcheck-server review RECORD-ID accepted|returned
 * [--comment TEXT] [--by NAME]` and `fieldcheck-server reviews [--record ID]
 * [--state S] [--json]` (docs/review.md). The command line is the site
 * administrator's, so it may review in every district; the console calls
 * fc_sstore_review_add() with its user's districts instead.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "server/admin.h"
#include "server/review-cmd.h"
#include "server/store/review.h"

int
fc_server_review_cmd(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	static const struct option opts[] = {
	    {"comment", required_argument, NULL, 'c'},
	    {"by", required_argument, NULL, 'b'},
	    {NULL, 0, NULL, 0},
	};
	const char *comment = "", *by = "admin";
	struct fc_review rv;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'c')
			comment = optarg;
		else if (c == 'b')
			by = optarg;
		else
			return fc_error_set(err, FC_E_USAGE, "review: unknown option '%s'",
					    argv[optind - 1]);
	}
	if (argc - optind != 2)
		return fc_error_set(err, FC_E_USAGE,
				    "usage: review RECORD-ID accepted|returned [--comment TEXT] "
				    "[--by NAME]");
	if (fc_sstore_begin(st, err) != 0)
		return -1;
	if (fc_sstore_review_add(st, argv[optind], argv[optind + 1], comment, by, "*", time(NULL),
				 &rv, err) != 0 ||
	    fc_server_audit(st, err, "review", "review %lld: record %s %s by %s", (long long)rv.id,
			    rv.record, rv.state, rv.reviewer) != 0 ||
	    fc_sstore_commit(st, err) != 0) {
		fc_sstore_rollback(st);
		return fc_error_prefix(err, "review");
	}
	printf("review %lld: %s %s by %s\n", (long long)rv.id, rv.record, rv.state, rv.reviewer);
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
	printf("%lld %s %s %s %s %s%s%s\n", (long long)r->rv.id, r->rv.time, r->rv.record,
	       r->rv.state, r->rv.reviewer, r->rv.comment,
	       r->answered_by[0] != '\0' ? " answered_by=" : "", r->answered_by);
}

int
fc_server_reviews_cmd(struct fc_sstore *st, int argc, char **argv, struct fc_error *err)
{
	static const struct option opts[] = {
	    {"record", required_argument, NULL, 'r'},
	    {"state", required_argument, NULL, 's'},
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	struct reviews_out o = {0};
	const char *record = "", *state = "";
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			record = optarg;
		else if (c == 's')
			state = optarg;
		else if (c == 'j')
			o.json = 1;
		else
			return fc_error_set(err, FC_E_USAGE, "reviews: unknown option '%s'",
					    argv[optind - 1]);
	}
	if (optind != argc)
		return fc_error_set(err, FC_E_USAGE, "reviews takes only options");
	if (o.json && (o.a = json_array()) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	ret = fc_sstore_reviews(st, record, state, reviews_one, &o, err);
	if (ret == 0 && o.json) {
		json_dumpf(o.a, stdout, JSON_COMPACT);
		putchar('\n');
	}
	json_decref(o.a);
	return ret;
}
