/* SPDX-License-Identifier: Apache-2.0 */
/*
 * enroll.c: binding a device's key to an inspector with a one-time
 * code, and the status answer a device asks for before it pushes.
 *
 * Only the code's hash is stored. The enrolment request is signed like every
 * other request, but with the key it brings: that proves the device holds the
 * secret half of the key it registers. A code is spent in the same
 * transaction that binds the device, so it works exactly once.
 */
#include <ctype.h>
#include <string.h>

#include <microhttpd.h>
#include <sodium.h>

#include "core/ids.h"
#include "core/photo.h"
#include "server/server.h"
#include "sync/wire.h"

#define N_(s) s /* marked for xgettext, translated where a device is answered */

/* No 0/O, 1/I/L: codes are read off a screen and typed on a handheld. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

void
fc_server_code_new(char out[FC_CODE_LEN])
{
	size_t n = 0;

	for (int i = 0; i < 12; i++) {
		if (i > 0 && i % 4 == 0)
			out[n++] = '-';
		out[n++] = code_alphabet[randombytes_uniform(sizeof code_alphabet - 1)];
	}
	out[n] = '\0';
}

void
fc_server_code_hash(const char *code, unsigned char out[32])
{
	char norm[64];
	size_t n = 0;

	for (const char *p = code; *p != '\0' && n < sizeof norm - 1; p++)
		if (*p != '-' && *p != ' ')
			norm[n++] = (char)toupper((unsigned char)*p);
	norm[n] = '\0';
	crypto_generichash(out, 32, (const unsigned char *)norm, n, NULL, 0);
}

/*
 * core/ids.h's FC_IDS_INSPECTOR_RULE and FC_IDS_DEVICE_RULE, spelled out so
 * xgettext finds them (it reads no macros): a device is told the rules in its
 * language. tests/cli/po.sh checks they still say what the macros say.
 */
static const char *const enroll_rules[] = {
    N_("1 to 63 ASCII letters, digits, '-', '_' and '.', starting with a letter or digit"),
    N_("exactly 8 lower-case hex digits"),
};

static const char *
enroll_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : "";
}

static int
enroll_answer(struct fc_server_req *r, const struct fc_sinspector *insp, const char *device)
{
	char key[2 * FC_PK_BYTES + 1];

	/*
	 * The device keeps the server key from here on to check reviews
	 * (docs/review.md), and the public_url its notices' QR codes lead to.
	 */
	fc_hex_encode(fc_server_public_key(r->srv), FC_PK_BYTES, key);
	return fc_server_reply(r, MHD_HTTP_OK,
			       json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "inspector", insp->id,
					 "name", insp->name, "district", insp->district, "role",
					 insp->role, "device", device, "server_key", key,
					 "public_url", fc_server_public_url(r->srv)));
}

/*
 * A cut connection can lose the answer to an enrolment the server committed;
 * the device then retries with the same code. The request is signed by the
 * key being registered, so when that very device and key are already enrolled
 * for this inspector, the retry is the same enrolment and gets the same answer.
 */
static int
enroll_already_done(struct fc_server_req *r, const char *device, const char *who,
		    const unsigned char pk[FC_PK_BYTES])
{
	struct fc_error err = {0};
	struct fc_sdevice dev;

	return fc_sstore_get_device(r->st, device, &dev, &err) == 0 &&
	       strcmp(dev.inspector, who) == 0 && sodium_memcmp(dev.pk, pk, FC_PK_BYTES) == 0;
}

static int
enroll_device_revoked(struct fc_server_req *r, const char *device)
{
	struct fc_error err = {0};
	struct fc_sdevice dev;

	return fc_sstore_get_device(r->st, device, &dev, &err) == 0 && dev.revoked_at != 0;
}

static int
enroll_reply(struct fc_server_req *r, const char *who, const char *device)
{
	struct fc_error err = {0};
	struct fc_sinspector insp;

	if (fc_sstore_get_inspector(r->st, who, &insp, &err) != 0)
		return fc_server_fail(r, &err);
	if (insp.revoked_at != 0)
		return fc_server_error(r, MHD_HTTP_FORBIDDEN,
				       fc_gettext(r->lang, "inspector %s has been revoked"), who);
	return enroll_answer(r, &insp, device);
}

/*
 * Why the code was refused, in the device's language: the inspector reads
 * it on the handheld as sent. The store's words (server/store/store.c) say
 * the same in English for the log and any other caller.
 */
static const char *
enroll_code_refusal(const struct fc_server_req *r, const struct fc_error *err)
{
	if (err->code == FC_E_NOTFOUND)
		return fc_gettext(r->lang, "unknown enrolment code; check it or ask the "
					   "administrator for a new one");
	if (err->code == FC_E_EXISTS)
		return fc_gettext(r->lang, "this enrolment code was already used; ask the "
					   "administrator for a new one");
	if (err->code == FC_E_INVALID)
		return fc_gettext(r->lang,
				  "this enrolment code has expired, was cancelled or was "
				  "voided by a revocation; ask the administrator for a new "
				  "one");
	return err->msg;
}

int
fc_server_enroll(struct fc_server_req *r)
{
	struct fc_error err = {0};
	json_error_t jerr;
	json_t *req = json_loadb(r->body.buf, r->body.len, 0, &jerr);
	unsigned char pk[FC_PK_BYTES], hash[32];
	char inspector[FC_ID_MAX], who[FC_ID_MAX], device[FC_DEVICE_ID_LEN + 2], code[64];
	struct fc_sinspector insp;
	int mhd = MHD_NO, bad;

	if (req == NULL)
		return fc_server_error(r, MHD_HTTP_BAD_REQUEST,
				       fc_gettext(r->lang, "enrolment body is not JSON: %s"),
				       jerr.text);
	/* Copies: nothing below may point into req once it is freed. */
	snprintf(code, sizeof code, "%s", enroll_str(req, "code"));
	snprintf(who, sizeof who, "%s", enroll_str(req, "inspector"));
	snprintf(device, sizeof device, "%s", enroll_str(req, "device"));
	bad = strlen(enroll_str(req, "inspector")) >= FC_ID_MAX ||
	      fc_hex_decode(enroll_str(req, "pk"), pk, sizeof pk) != 0;
	json_decref(req);
	snprintf(r->who, sizeof r->who, "%s", who);
	if (bad || !fc_id_device_ok(device) || !fc_id_inspector_ok(who))
		return fc_server_error(
		    r, MHD_HTTP_BAD_REQUEST,
		    fc_gettext(r->lang, "enrolment needs code, inspector (%s), device (%s) and pk "
					"(64 hex)"),
		    fc_gettext(r->lang, enroll_rules[0]), fc_gettext(r->lang, enroll_rules[1]));
	if (fc_server_check_signature(r, pk, &mhd))
		return mhd;
	/* Before the code is spent: a revoked handheld stays out until unrevoked. */
	if (enroll_device_revoked(r, device))
		return fc_server_error(
		    r, MHD_HTTP_FORBIDDEN,
		    fc_gettext(r->lang, "device %s has been revoked; ask the administrator"),
		    device);
	fc_server_code_hash(code, hash);
	if (fc_sstore_begin(r->st, &err) != 0)
		return fc_server_fail(r, &err);
	if (fc_sstore_use_code(r->st, hash, time(NULL), inspector, &err) != 0) {
		fc_sstore_rollback(r->st);
		if (err.code == FC_E_EXISTS && enroll_already_done(r, device, who, pk))
			return enroll_reply(r, who, device);
		return fc_server_error(r, MHD_HTTP_FORBIDDEN, "%s", enroll_code_refusal(r, &err));
	}
	if (strcmp(inspector, who) != 0) {
		/* Rolled back: a code typed on the wrong device is not spent. */
		fc_sstore_rollback(r->st);
		return fc_server_error(
		    r, MHD_HTTP_FORBIDDEN,
		    fc_gettext(r->lang,
			       "this code is for inspector %s, but this device is set up for %s"),
		    inspector, who);
	}
	if (fc_sstore_get_inspector(r->st, inspector, &insp, &err) != 0) {
		fc_sstore_rollback(r->st);
		return fc_server_fail(r, &err);
	}
	if (insp.revoked_at != 0) {
		fc_sstore_rollback(r->st);
		return fc_server_error(r, MHD_HTTP_FORBIDDEN,
				       fc_gettext(r->lang, "inspector %s has been revoked"), who);
	}
	if (fc_sstore_add_device(r->st, device, inspector, pk, time(NULL), &err) != 0 ||
	    fc_sstore_commit(r->st, &err) != 0) {
		fc_sstore_rollback(r->st);
		return fc_server_fail(r, &err);
	}
	return enroll_answer(r, &insp, device);
}

/* Photos the device is asked for again at each status, at most this many a sync. */
#define STATUS_PHOTOS_WANTED 500

static void
status_wanted_one(const char *hash, int64_t size, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s,s:I}", "hash", hash, "size", (json_int_t)size));
}

int
fc_server_status(struct fc_server_req *r)
{
	char hex[FC_HASH_HEX], key[2 * FC_PK_BYTES + 1];
	struct fc_error err = {0};
	json_t *wanted = json_array(), *o;

	if (wanted == NULL)
		return fc_server_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				       fc_gettext(r->lang, "out of memory"));
	if (fc_sstore_photos_wanted(r->st, r->dev.rowid, FC_PHOTO_SIZE_MAX, STATUS_PHOTOS_WANTED,
				    status_wanted_one, wanted, &err) != 0) {
		json_decref(wanted);
		return fc_server_fail(r, &err);
	}
	fc_hex_encode(r->dev.held_hash, FC_HASH_BYTES, hex);
	fc_hex_encode(fc_server_public_key(r->srv), FC_PK_BYTES, key);
	o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:o}", "inspector", r->insp.id,
		      "name", r->insp.name, "district", r->insp.district, "role", r->insp.role,
		      "device", r->dev.device, "held", (json_int_t)r->dev.held_seq, "held_hash",
		      hex, "server_time", (json_int_t)time(NULL), "server_key", key, "public_url",
		      fc_server_public_url(r->srv), "photos_wanted", wanted);
	return fc_server_reply(r, MHD_HTTP_OK, o);
}
