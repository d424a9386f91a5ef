/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c: the two routes anyone may ask without a key.
 *
 * GET /v1/server-key publishes the public half of the server's key, which
 * signs reviews (docs/review.md), and the public_url notices' QR codes lead
 * to. GET /verify/HASH is what the QR code on a
 * printed notice leads to (docs/notice.md): whether a record with that hash
 * was filed, of which type and day, by which inspector id in which district,
 * and the notice's number. It tells nothing else: no answers, household,
 * resident, address or phone, since anyone holding a hash may ask. The
 * route is rate-limited per address in serve.c before this runs.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "core/notice.h"
#include "server/server.h"
#include "server/verify-page.h"
#include "server/store/review.h"

int
fc_server_key_route(struct fc_server_req *r)
{
	char hex[2 * FC_PK_BYTES + 1];

	fc_hex_encode(fc_server_public_key(r->srv), FC_PK_BYTES, hex);
	return fc_server_reply(r, MHD_HTTP_OK,
			       json_pack("{s:s,s:s,s:s}", "algorithm", "ed25519", "public_key", hex,
					 "public_url", fc_server_public_url(r->srv)));
}

/* 64 hex digits, either case, into hash and its lower-case spelling. */
static int
verify_parse(const char *text, unsigned char hash[FC_HASH_BYTES], char lower[FC_HASH_HEX])
{
	if (strlen(text) != 2 * FC_HASH_BYTES)
		return -1;
	for (size_t i = 0; i < 2 * FC_HASH_BYTES; i++) {
		if (!isxdigit((unsigned char)text[i]))
			return -1;
		lower[i] = (char)tolower((unsigned char)text[i]);
	}
	lower[2 * FC_HASH_BYTES] = '\0';
	return fc_hex_decode(lower, hash, FC_HASH_BYTES);
}

/* 1 when the asker is a browser (it takes HTML), not a script. */
static int
verify_wants_html(struct fc_server_req *r)
{
	const char *accept = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Accept");

	return accept != NULL && strstr(accept, "text/html") != NULL;
}

static int
verify_reply_html(struct fc_server_req *r, unsigned status, const struct fc_verify_view *v)
{
	const char *lang = fc_verify_lang(
	    fc_server_arg(r, "lang"),
	    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Accept-Language"));
	struct fc_error err = {0};
	struct MHD_Response *resp;
	char *text = NULL;
	size_t len = 0;

	if (fc_verify_page(v, lang, &text, &len, &err) != 0)
		return fc_server_fail(r, &err);
	resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; style-src 'unsafe-inline'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Vary", "Accept, Accept-Language");
	return fc_server_respond(r, status, resp);
}

static json_t *
verify_json(const struct fc_verify_view *v)
{
	if (v->status != FC_VERIFY_FOUND)
		return json_pack("{s:b,s:s}", "found", 0, "hash", v->hash);
	return json_pack(
	    "{s:b,s:s,s:s,s:s,s:s,s:s,s:o}", "found", 1, "hash", v->hash, "type", v->type, "date",
	    v->date, "inspector", v->inspector, "district", v->district, "notice",
	    v->notice_number[0] == '\0'
		? json_null()
		: json_pack("{s:s,s:s}", "kind", v->notice_kind, "number", v->notice_number));
}

/*
 * A phone opening a notice's QR code behind a carrier's shared address may
 * find the address's allowance used by others: it gets a page saying when
 * to try again, not JSON, and every asker the standard Retry-After.
 */
int
fc_server_verify_busy(struct fc_server_req *r, int wait)
{
	struct fc_verify_view view = {.status = FC_VERIFY_BUSY, .retry_after = wait};
	char msg[192];

	r->retry_after = wait;
	if (verify_wants_html(r))
		return verify_reply_html(r, MHD_HTTP_TOO_MANY_REQUESTS, &view);
	snprintf(msg, sizeof msg,
		 fc_gettext(r->lang, "too many requests from this address; try again in %d s"),
		 wait);
	return fc_server_reply(r, MHD_HTTP_TOO_MANY_REQUESTS,
			       json_pack("{s:s,s:i}", "error", msg, "retry_after", wait));
}

int
fc_server_verify(struct fc_server_req *r, const char *text)
{
	unsigned char hash[FC_HASH_BYTES];
	struct fc_verify_view view = {.status = FC_VERIFY_NOT_FOUND};
	struct fc_sverify v;
	struct fc_error err = {0};
	enum fc_notice_kind kind;
	int found = 0, html = verify_wants_html(r);

	if (verify_parse(text, hash, view.hash) != 0) {
		view.status = FC_VERIFY_BAD;
		return html ? verify_reply_html(r, MHD_HTTP_BAD_REQUEST, &view)
			    : fc_server_error(
				  r, MHD_HTTP_BAD_REQUEST,
				  fc_gettext(r->lang, "a record hash is 64 hexadecimal digits"));
	}
	if (fc_sstore_find_hash(r->st, hash, &v, &found, &err) != 0)
		return fc_server_fail(r, &err);
	if (found) {
		view.status = FC_VERIFY_FOUND;
		snprintf(view.type, sizeof view.type, "%s", v.type);
		snprintf(view.date, sizeof view.date, "%s", v.day);
		snprintf(view.inspector, sizeof view.inspector, "%s", v.inspector);
		snprintf(view.district, sizeof view.district, "%s", v.district);
		kind = fc_notice_kind_of(v.outcome, (long)v.hazards);
		if (kind != FC_NOTICE_NONE) {
			snprintf(view.notice_kind, sizeof view.notice_kind, "%s",
				 fc_notice_kind_name(kind));
			fc_notice_number(kind, v.day, hash, view.notice_number);
		}
	}
	if (html)
		return verify_reply_html(r, found ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND, &view);
	return fc_server_reply(r, found ? MHD_HTTP_OK : MHD_HTTP_NOT_FOUND, verify_json(&view));
}
