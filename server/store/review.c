/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store/review.c: the rules of store/review.h above the backends. The
 * server key is made once: whoever asks first makes a pair and offers it,
 * and everyone (that process too) then reads back the pair that was kept,
 * so two processes starting together over one PostgreSQL database agree.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/ids.h"
#include "core/record-model.h"
#include "server/store/backend.h"

#define _(s) gettext(s)

int
fc_sstore_server_key(struct fc_sstore *st, time_t now, unsigned char pk[FC_PK_BYTES],
		     unsigned char sk[FC_SK_BYTES], struct fc_error *err)
{
	unsigned char npk[FC_PK_BYTES], nsk[FC_SK_BYTES];
	int found = 0, ret;

	if (st->ops->get_server_key(st, pk, sk, &found, err) != 0)
		return -1;
	if (found)
		return 0;
	crypto_sign_keypair(npk, nsk);
	ret = st->ops->put_server_key(st, npk, nsk, now, err);
	sodium_memzero(nsk, sizeof nsk);
	if (ret != 0)
		return fc_error_prefix(err, "%s", _("cannot make the server key"));
	if (st->ops->get_server_key(st, pk, sk, &found, err) != 0)
		return -1;
	if (!found)
		return fc_error_set(err, FC_E_DB,
				    _("the server key was made but cannot be read back"));
	return 0;
}

/* What the signed body found: its hazards and its outcome. */
int
fc_sstore_find_hash(struct fc_sstore *st, const unsigned char hash[FC_HASH_BYTES],
		    struct fc_sverify *out, int *found, struct fc_error *err)
{
	struct fc_record_model m = {0};
	int ret = 0;

	if (st->ops->find_hash(st, hash, out, found, err) != 0) {
		free(out->body);
		out->body = NULL;
		return -1;
	}
	if (!*found)
		return 0;
	if (fc_record_model_parse(out->body, out->body_len, &m, err) == 0) {
		snprintf(out->outcome, sizeof out->outcome, "%s", m.outcome);
		out->hazards = (int64_t)fc_record_model_hazard_count(&m);
	} else {
		ret = -1;
	}
	fc_record_model_release(&m);
	free(out->body);
	out->body = NULL;
	return ret;
}

/* Reviews */

struct review_target {
	int found;
	char inspector[FC_ID_MAX], district[FC_ID_MAX], hash[FC_HASH_HEX], type[16];
	char current[FC_RECORD_ID_MAX]; /* the current version of its original; "" for none */
	int64_t last_id;		/* the record's newest review, 0 for none */
	char *last_body;		/* and its signed body */
	int reads;			/* the reviewer reads it (review_reads) */
};

static void
review_ignore_row(const struct fc_sstore_row *row, void *ctx)
{
	(void)row;
	(void)ctx;
}

static void
review_target_row(const struct fc_sstore_row *row, void *ctx)
{
	struct review_target *t = ctx;

	t->found = 1;
	snprintf(t->inspector, sizeof t->inspector, "%s", row->text(row, 0));
	snprintf(t->district, sizeof t->district, "%s", row->text(row, 1));
	snprintf(t->hash, sizeof t->hash, "%s", row->text(row, 2));
	snprintf(t->type, sizeof t->type, "%s", row->text(row, 3));
	snprintf(t->current, sizeof t->current, "%s", row->text(row, 4));
	t->last_id = strtoll(row->text(row, 5), NULL, 10);
	free(t->last_body);
	t->last_body = strdup(row->text(row, 6));
}

/* t->reads: whether a reviewer of districts reads record_id (fc_sstore_reads_record). */
static int
review_reads(struct fc_sstore *st, const char *districts, const char *record_id,
	     struct review_target *t, struct fc_error *err)
{
	struct fc_sowner o;
	int found = 0;

	if (st->ops->record_owner(st, record_id, &o, &found, err) != 0)
		return -1;
	return fc_sstore_reads_record(st, districts, t->district, found ? o.household : "",
				      &t->reads, err);
}

/*
 * 1 when the record's newest review already says rv (state, comment and
 * reviewer), and *rv gets it: a form sent twice, or a review repeated, is the
 * one kept, not a second signed review for the device to pull.
 */
static int
review_repeated(const struct review_target *t, struct fc_review *rv)
{
	struct fc_error ignore = {0};
	struct fc_review last;

	if (t->last_id == 0 || t->last_body == NULL ||
	    fc_review_read(t->last_body, strlen(t->last_body), &last, &ignore) != 0)
		return 0;
	if (strcmp(last.state, rv->state) != 0 || strcmp(last.comment, rv->comment) != 0 ||
	    strcmp(last.reviewer, rv->reviewer) != 0 ||
	    strcmp(last.record_hash, rv->record_hash) != 0)
		return 0;
	*rv = last;
	rv->id = t->last_id;
	return 1;
}

static void
review_id_row(const struct fc_sstore_row *row, void *ctx)
{
	*(int64_t *)ctx = strtoll(row->text(row, 0), NULL, 10);
}

/* 1 when text says nothing: empty, or only spaces (the ideographic space U+3000 too). */
static int
review_blank(const char *text)
{
	while (text != NULL && *text != '\0') {
		if (strchr(" \t\r\n", *text) != NULL)
			text++;
		else if (strncmp(text, "\xe3\x80\x80", 3) == 0)
			text += 3;
		else
			return 0;
	}
	return 1;
}

static int
review_check(const char *state, const char *comment, const char *reviewer, struct fc_error *err)
{
	if (!fc_review_state_ok(state))
		return fc_error_set(err, FC_E_USAGE,
				    _("a review is 'accepted' or 'returned', not '%s'"),
				    state != NULL ? state : "");
	if (strcmp(state, FC_REVIEW_RETURNED) == 0 && review_blank(comment))
		return fc_error_set(err, FC_E_USAGE,
				    _("a returned record needs a comment saying what to correct"));
	if (comment != NULL && strlen(comment) > FC_REVIEW_COMMENT_MAX)
		return fc_error_set(err, FC_E_USAGE, _("the comment is over %d bytes"),
				    FC_REVIEW_COMMENT_MAX);
	if (reviewer == NULL || reviewer[0] == '\0' || strlen(reviewer) >= FC_ID_MAX)
		return fc_error_set(err, FC_E_USAGE, _("a review needs its reviewer's name"));
	return 0;
}

/* Sign and keep rv for target t; rv->id gets the new row's id. */
static int
review_keep(struct fc_sstore *st, const struct review_target *t, struct fc_review *rv, time_t now,
	    struct fc_error *err)
{
	unsigned char pk[FC_PK_BYTES], sk[FC_SK_BYTES], sig[FC_SIG_BYTES];
	char sighex[2 * FC_SIG_BYTES + 1], *body = NULL;
	int ret = -1;

	if (fc_sstore_server_key(st, now, pk, sk, err) != 0)
		return -1;
	if (fc_review_body(rv, &body, err) == 0 &&
	    fc_review_sign(sk, body, strlen(body), sig, err) == 0) {
		struct fc_sstore_param p[9] = {
		    {rv->record, 0}, {t->inspector, 0},	   {t->district, 0},
		    {rv->state, 0},  {rv->reviewer, 0},	   {body, 0},
		    {sighex, 0},     {NULL, (int64_t)now}, {NULL, fc_sstore_rev_floor()},
		};
		fc_hex_encode(sig, FC_SIG_BYTES, sighex);
		rv->id = 0;
		ret = st->ops->rows(st, SQL_REVIEW_ADD, p, 9, review_id_row, &rv->id, err);
		if (ret == 0 && rv->id == 0)
			ret = fc_error_set(err, FC_E_DB, _("the review was not kept"));
	}
	sodium_memzero(sk, sizeof sk);
	free(body);
	return ret;
}

int
fc_sstore_review_add(struct fc_sstore *st, const char *record_id, const char *state,
		     const char *comment, const char *reviewer, const char *districts, time_t now,
		     struct fc_review *out, struct fc_error *err)
{
	struct review_target t = {0};
	struct fc_sstore_param p[1] = {{record_id, 0}};
	struct fc_review rv = {0};
	struct tm tm;

	if (review_check(state, comment, reviewer, err) != 0 ||
	    st->ops->rows(st, SQL_REVIEW_ORDER, NULL, 0, review_ignore_row, NULL, err) != 0 ||
	    st->ops->rows(st, SQL_REVIEW_LOCK, p, 1, review_ignore_row, NULL, err) != 0)
		return -1;
	int ret = st->ops->rows(st, SQL_REVIEW_TARGET, p, 1, review_target_row, &t, err);

	if (ret == 0 && !t.found)
		ret = fc_error_set(err, FC_E_NOTFOUND, _("no record %s on the server"), record_id);
	/* A supervisor reviews what they read (store/authz.c): a moved household's records too. */
	else if (ret == 0 && (ret = review_reads(st, districts, record_id, &t, err)) == 0 &&
		 !t.reads)
		ret = fc_error_set(err, FC_E_REFUSED,
				   _("record %s is in district %s, outside %s's districts (%s)"),
				   record_id, t.district, reviewer, districts);
	/*
	 * A version already corrected: the device shows its inspector the
	 * current version only, so a return of an older one would wait for a
	 * correction nobody is asked for.
	 */
	else if (ret == 0 && t.current[0] != '\0' && strcmp(t.current, record_id) != 0)
		ret = fc_error_set(
		    err, FC_E_EXISTS,
		    _("record %s has been corrected by %s: review the current version"), record_id,
		    t.current);
	if (ret != 0) {
		free(t.last_body);
		return -1;
	}
	snprintf(rv.record, sizeof rv.record, "%s", record_id);
	snprintf(rv.record_hash, sizeof rv.record_hash, "%s", t.hash);
	snprintf(rv.state, sizeof rv.state, "%s", state);
	snprintf(rv.comment, sizeof rv.comment, "%s", comment != NULL ? comment : "");
	snprintf(rv.reviewer, sizeof rv.reviewer, "%s", reviewer);
	gmtime_r(&now, &tm);
	strftime(rv.time, sizeof rv.time, "%Y-%m-%dT%H:%M:%SZ", &tm);
	ret = review_repeated(&t, &rv) ? 0 : review_keep(st, &t, &rv, now, err);
	free(t.last_body);
	if (ret != 0)
		return -1;
	if (out != NULL)
		*out = rv;
	return 0;
}

struct review_list {
	fc_sreview_fn fn;
	void *ctx;
};

static void
review_list_row(const struct fc_sstore_row *row, void *ctx)
{
	struct review_list *l = ctx;
	struct fc_sreview r = {0};
	json_t *o = json_loads(row->text(row, 6), 0, NULL);
	const char *c = json_string_value(json_object_get(o, "comment"));
	const char *t = json_string_value(json_object_get(o, "time"));
	const char *h = json_string_value(json_object_get(o, "record_hash"));

	r.rv.id = strtoll(row->text(row, 0), NULL, 10);
	snprintf(r.rv.record, sizeof r.rv.record, "%s", row->text(row, 1));
	snprintf(r.inspector, sizeof r.inspector, "%s", row->text(row, 2));
	snprintf(r.district, sizeof r.district, "%s", row->text(row, 3));
	snprintf(r.rv.state, sizeof r.rv.state, "%s", row->text(row, 4));
	snprintf(r.rv.reviewer, sizeof r.rv.reviewer, "%s", row->text(row, 5));
	snprintf(r.rv.comment, sizeof r.rv.comment, "%s", c != NULL ? c : "");
	snprintf(r.rv.time, sizeof r.rv.time, "%s", t != NULL ? t : "");
	snprintf(r.rv.record_hash, sizeof r.rv.record_hash, "%s", h != NULL ? h : "");
	snprintf(r.answered_by, sizeof r.answered_by, "%s", row->text(row, 7));
	r.created_at = strtoll(row->text(row, 8), NULL, 10);
	json_decref(o);
	l->fn(&r, l->ctx);
}

int
fc_sstore_reviews(struct fc_sstore *st, const char *record_id, const char *state, fc_sreview_fn fn,
		  void *ctx, struct fc_error *err)
{
	struct fc_sstore_param p[2] = {{record_id != NULL ? record_id : "", 0},
				       {state != NULL ? state : "", 0}};
	struct review_list l = {fn, ctx};

	return st->ops->rows(st, SQL_REVIEWS_LIST, p, 2, review_list_row, &l, err);
}

struct review_since {
	json_t *a;
	int64_t last;
	int failed;
};

static void
review_since_row(const struct fc_sstore_row *row, void *ctx)
{
	struct review_since *s = ctx;
	int64_t id = strtoll(row->text(row, 0), NULL, 10);

	if (json_array_append_new(s->a, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "body",
						  row->text(row, 1), "sig", row->text(row, 2))) !=
	    0)
		s->failed = 1;
	s->last = id;
}

int
fc_sstore_reviews_since(struct fc_sstore *st, const char *inspector, int64_t since, int64_t limit,
			json_t **out, int64_t *last, struct fc_error *err)
{
	struct fc_sstore_param p[3] = {{inspector, 0}, {NULL, since}, {NULL, limit}};
	struct review_since s = {json_array(), since, 0};

	if (s.a == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (st->ops->rows(st, SQL_REVIEWS_SINCE, p, 3, review_since_row, &s, err) != 0 ||
	    (s.failed && fc_error_set(err, FC_E_NOMEM, _("out of memory")))) {
		json_decref(s.a);
		return -1;
	}
	*out = s.a;
	*last = s.last;
	return 0;
}

int
fc_sstore_review_answered(struct fc_sstore *st, const char *record_id, const char *by,
			  struct fc_error *err)
{
	struct fc_sstore_param p[2] = {{record_id, 0}, {by, 0}};

	/* After a review of it being kept now, if any (SQL_REVIEW_LOCK): then it is seen. */
	if (st->ops->rows(st, SQL_REVIEW_LOCK, p, 1, review_ignore_row, NULL, err) != 0)
		return -1;
	return st->ops->rows(st, SQL_REVIEW_ANSWERED, p, 2, review_ignore_row, NULL, err);
}
