/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pull-reviews.c: GET /v1/reviews, the supervisors' reviews of the calling
 * inspector's records since a cursor (docs/review.md, docs/protocol.md).
 *
 * The answer carries each review exactly as signed (body and hex signature)
 * so the device checks it against the server key it keeps and stores the
 * same bytes; nothing is re-serialised. It also names the server's public_url
 * ("" when none), which every sync thus brings to the device for the QR
 * codes of the notices it prints. A review is scoped to the inspector
 * who filed the record: every device of that inspector gets it, whichever
 * device filed the record, and nobody else's device does.
 */
#include <stdlib.h>

#include <microhttpd.h>

#include "server/server.h"
#include "server/store/review.h"

#define REVIEWS_PAGE_DEFAULT 500
#define REVIEWS_PAGE_MAX 2000

int
fc_server_reviews(struct fc_server_req *r)
{
	struct fc_error err = {0};
	int64_t since = fc_server_int_arg(r, "since", 0), limit = fc_server_int_arg(r, "limit", 0);
	int64_t last = 0;
	json_t *list = NULL;

	if (since < 0 || limit < 0)
		return fc_server_error(
		    r, MHD_HTTP_BAD_REQUEST,
		    fc_gettext(r->lang, "since and limit must be whole numbers"));
	if (limit == 0 || limit > REVIEWS_PAGE_MAX)
		limit = limit == 0 ? REVIEWS_PAGE_DEFAULT : REVIEWS_PAGE_MAX;
	if (fc_sstore_reviews_since(r->st, r->insp.id, since, limit, &list, &last, &err) != 0)
		return fc_server_fail(r, &err);
	r->records = (long)json_array_size(list);
	return fc_server_reply(r, MHD_HTTP_OK,
			       json_pack("{s:I,s:b,s:o,s:s}", "cursor", (json_int_t)last, "more",
					 (int64_t)json_array_size(list) == limit, "reviews", list,
					 "public_url", fc_server_public_url(r->srv)));
}
