/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review.c: building, signing and checking review bodies (review.h).
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "review.h"

#define _(s) gettext(s)
#define REVIEW_DOMAIN_LEN (sizeof FC_REVIEW_DOMAIN - 1)

int
fc_review_state_ok(const char *state)
{
	return state != NULL &&
	       (strcmp(state, FC_REVIEW_ACCEPTED) == 0 || strcmp(state, FC_REVIEW_RETURNED) == 0);
}

int
fc_review_awaits_answer(const struct fc_review *newest, int corrected)
{
	return !corrected && strcmp(newest->state, FC_REVIEW_RETURNED) == 0;
}

int
fc_review_body(const struct fc_review *rv, char **body, struct fc_error *err)
{
	json_t *o =
	    json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "v", 1, "type", "review", "record",
		      rv->record, "record_hash", rv->record_hash, "state", rv->state, "comment",
		      rv->comment, "reviewer", rv->reviewer, "time", rv->time);

	if (o == NULL)
		return fc_error_set(err, FC_E_INVALID, _("the review's text is not valid UTF-8"));
	*body = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (*body == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	return 0;
}

/* domain||body in a new buffer; NULL when out of memory. */
static unsigned char *
review_message(const char *body, size_t len)
{
	unsigned char *msg = malloc(REVIEW_DOMAIN_LEN + len + 1);

	if (msg == NULL)
		return NULL;
	memcpy(msg, FC_REVIEW_DOMAIN, REVIEW_DOMAIN_LEN);
	memcpy(msg + REVIEW_DOMAIN_LEN, body, len);
	return msg;
}

int
fc_review_sign(const unsigned char sk[FC_SK_BYTES], const char *body, size_t len,
	       unsigned char sig[FC_SIG_BYTES], struct fc_error *err)
{
	unsigned char *msg = review_message(body, len);
	int ret = 0;

	if (msg == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (crypto_sign_detached(sig, NULL, msg, REVIEW_DOMAIN_LEN + len, sk) != 0)
		ret = fc_error_set(err, FC_E_CRYPTO, _("cannot sign the review"));
	free(msg);
	return ret;
}

static int
review_copy(char *out, size_t size, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL || strlen(s) >= size)
		return -1;
	snprintf(out, size, "%s", s);
	return 0;
}

int
fc_review_open(const unsigned char pk[FC_PK_BYTES], const char *body, size_t len,
	       const unsigned char sig[FC_SIG_BYTES], struct fc_review *out, struct fc_error *err)
{
	unsigned char *msg = review_message(body, len);
	int bad;

	if (msg == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	bad = crypto_sign_verify_detached(sig, msg, REVIEW_DOMAIN_LEN + len, pk);
	free(msg);
	if (bad)
		return fc_error_set(err, FC_E_CHAIN,
				    _("a review is not signed by the server's key"));
	return fc_review_read(body, len, out, err);
}

int
fc_review_read(const char *body, size_t len, struct fc_review *out, struct fc_error *err)
{
	json_t *o = json_loadb(body, len, 0, NULL);
	int bad;

	bad = o == NULL || !json_is_object(o) ||
	      strcmp(json_string_value(json_object_get(o, "type")) != NULL
			 ? json_string_value(json_object_get(o, "type"))
			 : "",
		     "review") != 0 ||
	      review_copy(out->record, sizeof out->record, o, "record") != 0 ||
	      review_copy(out->record_hash, sizeof out->record_hash, o, "record_hash") != 0 ||
	      review_copy(out->state, sizeof out->state, o, "state") != 0 ||
	      review_copy(out->comment, sizeof out->comment, o, "comment") != 0 ||
	      review_copy(out->reviewer, sizeof out->reviewer, o, "reviewer") != 0 ||
	      review_copy(out->time, sizeof out->time, o, "time") != 0 ||
	      !fc_review_state_ok(out->state);
	json_decref(o);
	if (bad)
		return fc_error_set(err, FC_E_INVALID, _("a signed review has a malformed body"));
	return 0;
}

int
fc_review_check_kept(const unsigned char pk[FC_PK_BYTES], const struct fc_review *copy,
		     const char *body, const char *sig_hex, struct fc_error *err)
{
	unsigned char sig[FC_SIG_BYTES];
	struct fc_review signed_rv;
	struct fc_error why = {0};
	const struct {
		const char *name, *kept, *signed_value;
	} cols[] = {
	    {"record", copy->record, signed_rv.record},
	    {"record_hash", copy->record_hash, signed_rv.record_hash},
	    {"state", copy->state, signed_rv.state},
	    {"comment", copy->comment, signed_rv.comment},
	    {"reviewer", copy->reviewer, signed_rv.reviewer},
	    {"time", copy->time, signed_rv.time},
	};

	memset(&signed_rv, 0, sizeof signed_rv);
	if (fc_hex_decode(sig_hex, sig, sizeof sig) != 0 ||
	    fc_review_open(pk, body, strlen(body), sig, &signed_rv, &why) != 0)
		return fc_error_set(err, FC_E_CHAIN, _("it is not signed by the server's key"));
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (strcmp(cols[i].kept, cols[i].signed_value) != 0)
			return fc_error_set(err, FC_E_CHAIN,
					    _("its %s is not what the server signed"),
					    cols[i].name);
	return 0;
}
