/* SPDX-License-Identifier: Apache-2.0 */
/*
 * client-reviews.c: pulling supervisors' reviews of this inspector's records
 * (docs/review.md) since the cursor kept in the device's settings.
 *
 * Each review is checked against the server's public key before it is kept:
 * the key the server gave at enrolment, or (a device enrolled before
 * reviews existed) the one GET /v1/server-key gives at its first pull, kept
 * from then on. A review that does not verify is not kept, nor anything
 * after it, and the sync fails naming it: a review altered in the store or on
 * the way, or a server whose key changed, needs a person, not a retry. The
 * cursor moves with each page kept, in that page's transaction. The answer
 * also names the server's public_url, kept for the QR codes of the notices
 * this device prints (app/notice.c), so they lead where the console's do.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "sync/routes.h"

#define _(s) gettext(s)

#define REVIEWS_PAGE "500"

/* The kept server key, or the one the server publishes now (then kept). */
static int
reviews_server_key(struct fc_client *c, struct fc_store *st, unsigned char pk[FC_PK_BYTES],
		   struct fc_error *err)
{
	char hex[2 * FC_PK_BYTES + 8];
	struct fc_error e2 = {0};
	json_t *a = NULL;
	long status;
	int ret;

	if (fc_store_get_setting(st, FC_SET_SERVER_KEY, hex, sizeof hex, &e2) == 0)
		return fc_hex_decode(hex, pk, FC_PK_BYTES) == 0
			   ? 0
			   : fc_error_set(err, FC_E_INVALID,
					  _("the server key kept on this device is damaged (%s); "
					    "enrol the device again"),
					  FC_SET_SERVER_KEY);
	if (e2.code != FC_E_NOTFOUND) {
		*err = e2;
		return -1;
	}
	if (fc_client_request(c, fc_routes[FC_ROUTE_SERVER_KEY].method,
			      fc_routes[FC_ROUTE_SERVER_KEY].path, NULL, NULL, 0, NULL, &status, &a,
			      err) != 0)
		return fc_error_prefix(err, _("server key"));
	snprintf(hex, sizeof hex, "%s",
		 json_string_value(json_object_get(a, "public_key")) != NULL
		     ? json_string_value(json_object_get(a, "public_key"))
		     : "");
	json_decref(a);
	if (fc_hex_decode(hex, pk, FC_PK_BYTES) != 0)
		return fc_error_set(err, FC_E_REFUSED, _("the server published no usable key"));
	ret = fc_store_set_setting(st, FC_SET_SERVER_KEY, hex, err);
	return ret;
}

/* Check one {"id","body","sig"} of the answer and keep it; 0 or -1. */
static int
reviews_keep_one(struct fc_store *st, const unsigned char pk[FC_PK_BYTES], json_t *o,
		 struct fc_error *err)
{
	const char *body = json_string_value(json_object_get(o, "body"));
	const char *sig = json_string_value(json_object_get(o, "sig"));
	long long id = (long long)json_integer_value(json_object_get(o, "id"));
	unsigned char sigb[FC_SIG_BYTES];
	struct fc_review rv = {0};
	struct fc_error why = {0};

	if (body == NULL || sig == NULL || id <= 0 || fc_hex_decode(sig, sigb, FC_SIG_BYTES) != 0)
		return fc_error_set(err, FC_E_REFUSED,
				    _("review %lld from the server is incomplete: not kept"), id);
	if (fc_review_open(pk, body, strlen(body), sigb, &rv, &why) != 0)
		return fc_error_set(err, why.code,
				    _("review %lld from the server does not verify against the "
				      "server key this device keeps (%s): not kept; the review was "
				      "altered, or the server's key changed; tell your supervisor"),
				    id, why.msg);
	rv.id = id;
	return fc_store_put_review(st, &rv, body, sig, err);
}

/*
 * One page into the store, in one transaction with the cursor and the
 * server's public_url (absent from a server older than it: kept as it was).
 */
static int
reviews_keep_page(struct fc_store *st, const unsigned char pk[FC_PK_BYTES], json_t *a,
		  const char *cursor, struct fc_error *err)
{
	const char *public_url = json_string_value(json_object_get(a, "public_url"));
	json_t *o;
	size_t i;

	if (fc_store_begin(st, err) != 0)
		return -1;
	json_array_foreach(json_object_get(a, "reviews"), i, o) {
		if (reviews_keep_one(st, pk, o, err) != 0) {
			fc_store_rollback(st);
			return -1;
		}
	}
	if ((public_url != NULL &&
	     fc_store_set_setting(st, FC_SET_PUBLIC_URL, public_url, err) != 0) ||
	    fc_store_set_setting(st, FC_SET_REVIEW_CURSOR, cursor, err) != 0) {
		fc_store_rollback(st);
		return -1;
	}
	return fc_store_commit(st, err);
}

static int
reviews_count_return(const struct fc_store_review *r, void *ctx, struct fc_error *err)
{
	(void)r;
	(void)err;
	(*(int64_t *)ctx)++;
	return 0;
}

int
fc_client_reviews(struct fc_client *c, struct fc_store *st, struct fc_sync_result *res,
		  struct fc_error *err)
{
	unsigned char pk[FC_PK_BYTES];
	char cursor[32];
	struct fc_error e2 = {0};
	int more = 1;

	if (reviews_server_key(c, st, pk, err) != 0)
		return -1;
	if (fc_store_get_setting(st, FC_SET_REVIEW_CURSOR, cursor, sizeof cursor, &e2) != 0)
		snprintf(cursor, sizeof cursor, "0");
	while (more) {
		const char *q[] = {"since", cursor, "limit", REVIEWS_PAGE, NULL};
		json_t *a = NULL, *list;
		long status;
		int ret;

		if (fc_client_request(c, fc_routes[FC_ROUTE_REVIEWS].method,
				      fc_routes[FC_ROUTE_REVIEWS].path, q, NULL, 0, NULL, &status,
				      &a, err) != 0)
			return fc_error_prefix(err, _("reviews"));
		list = json_object_get(a, "reviews");
		snprintf(cursor, sizeof cursor, "%lld",
			 (long long)json_integer_value(json_object_get(a, "cursor")));
		ret = reviews_keep_page(st, pk, a, cursor, err);
		if (ret == 0)
			res->reviews += (int64_t)json_array_size(list);
		more = json_is_true(json_object_get(a, "more")) && json_array_size(list) > 0;
		json_decref(a);
		if (ret != 0)
			return fc_error_prefix(err, _("reviews"));
	}
	res->returns = 0;
	return fc_store_each_open_return(st, reviews_count_return, &res->returns, err);
}
