/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c: the two routes anyone may ask without a key.
 *
 * GET /v1/server-key publishes the public half of the server's key, which
 * signs reviews (docs/review.md). GET /verify/HASH is what the QR code on a
 * printed notice leads to (docs/notice.md): whether a record with that hash
 * was filed, of which type and day, by which inspector id in which district,
 * and the notice's number. It tells nothing else: no answers, household,
 * resident, address or phone, since anyone holding a hash may ask. The
 * route is rate-limited per address in serve.c before this runs.
 */
#include <ctype.h>
#include <string.h>

#include <microhttpd.h>

#include "core/notice.h"
#include "server/server.h"
#include "server/store/review.h"

int
fc_server_key_route(struct fc_server_req *r)
{
	char hex[2 * FC_PK_BYTES + 1];

	fc_hex_encode(fc_server_public_key(r->srv), FC_PK_BYTES, hex);
	return fc_server_reply(r, MHD_HTTP_OK,
			       json_pack("{s:s,s:s}", "algorithm", "ed25519", "public_key", hex));
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

int
fc_server_verify(struct fc_server_req *r, const char *text)
{
	unsigned char hash[FC_HASH_BYTES];
	char hex[FC_HASH_HEX], number[FC_NOTICE_NUMBER_MAX];
	struct fc_sverify v;
	struct fc_error err = {0};
	enum fc_notice_kind kind;
	int found = 0;

	if (verify_parse(text, hash, hex) != 0)
		return fc_server_error(r, MHD_HTTP_BAD_REQUEST,
				       "a record hash is 64 hexadecimal digits");
	if (fc_sstore_find_hash(r->st, hash, &v, &found, &err) != 0)
		return fc_server_fail(r, &err);
	if (!found)
		return fc_server_reply(r, MHD_HTTP_NOT_FOUND,
				       json_pack("{s:b,s:s}", "found", 0, "hash", hex));
	kind = fc_notice_kind_of(v.outcome, (long)v.hazards);
	fc_notice_number(kind, v.day, hash, number);
	return fc_server_reply(
	    r, MHD_HTTP_OK,
	    json_pack(
		"{s:b,s:s,s:s,s:s,s:s,s:s,s:o}", "found", 1, "hash", hex, "type", v.type, "date",
		v.day, "inspector", v.inspector, "district", v.district, "notice",
		kind == FC_NOTICE_NONE
		    ? json_null()
		    : json_pack("{s:s,s:s}", "kind", fc_notice_kind_name(kind), "number", number)));
}
