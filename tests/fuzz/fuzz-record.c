/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-record: record bodies as the server and `verify` read them.
 *
 * The input is a body. It is signed with a fixed key, as a device holding its
 * own enrolled key could sign anything it likes, then read back through
 * fc_record_from_body() and fc_record_check() (which must accept what was just
 * signed), fc_record_parse_links() and the parser-free fc_record_scan_links()
 * and fc_record_scan_body(). When the fast scan and a real parse both accept a
 * body they must agree on every chain member: otherwise a signed body could be
 * filed under one sequence number and read as another. A body the whole-body
 * scan vouches for must be one the parser accepts, with the same copies.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/record.h"
#include "core/sign.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned char record_pk[FC_PK_BYTES];
static unsigned char record_sk[FC_SK_BYTES];

static void
record_setup(void)
{
	unsigned char seed[crypto_sign_SEEDBYTES];

	if (sodium_init() < 0)
		abort();
	memset(seed, 7, sizeof seed);
	crypto_sign_seed_keypair(record_pk, record_sk, seed);
}

static void
record_same_links(const struct fc_record_links *a, const struct fc_record_links *b)
{
	if (a->seq != b->seq || strcmp(a->id, b->id) != 0 || strcmp(a->device, b->device) != 0 ||
	    memcmp(a->prev, b->prev, FC_HASH_BYTES) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct fc_record rec;
	struct fc_record_links scan, parsed;
	struct fc_error err = {0};
	unsigned char sig[FC_SIG_BYTES];
	struct fc_record_links whole;
	struct fc_record copies;
	int scanned, parsed_ok, from_ok, vouched;
	char *body;

	if (!ready) {
		record_setup();
		ready = 1;
	}
	if (fc_sign_body(record_sk, (const char *)data, size, sig, &err) != 0)
		abort();

	memset(&scan, 0, sizeof scan);
	memset(&parsed, 0, sizeof parsed);
	scanned = fc_record_scan_links((const char *)data, size, &scan) == 0;
	parsed_ok = fc_record_parse_links((const char *)data, size, &parsed, &err) == 0;
	if (scanned && parsed_ok)
		record_same_links(&scan, &parsed);

	memset(&copies, 0, sizeof copies);
	vouched = fc_record_scan_body((const char *)data, size, &whole, &copies) == 0;

	body = malloc(size + 1);
	if (body == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	memset(&rec, 0, sizeof rec);
	from_ok = fc_record_from_body(body, size, sig, &rec, &err) == 0;
	if (from_ok) {
		struct fc_record_links fromrec;

		if (fc_record_check(&rec, record_pk, &err) != 0)
			abort(); /* signed a moment ago: must verify */
		rec.sig[0] ^= 1;
		if (fc_record_check(&rec, record_pk, &err) == 0)
			abort(); /* one flipped bit must not */
		rec.sig[0] ^= 1;
		memset(&fromrec, 0, sizeof fromrec);
		fromrec.seq = rec.seq;
		memcpy(fromrec.id, rec.id, sizeof fromrec.id);
		memcpy(fromrec.device, rec.device, sizeof fromrec.device);
		memcpy(fromrec.prev, rec.prev, sizeof fromrec.prev);
		if (scanned)
			record_same_links(&scan, &fromrec);
		if (vouched) {
			char reason[256];

			record_same_links(&whole, &fromrec);
			if (fc_record_compare_copies(&rec, &copies, reason, sizeof reason) != 0)
				abort();
		}
	} else if (vouched) {
		abort(); /* the scan vouched for a body the parser refuses */
	}
	fc_record_release(&rec);
	return 0;
}
