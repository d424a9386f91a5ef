/* SPDX-License-Identifier: Apache-2.0 */
/*
 * chain.c: checking that a device's records form one unbroken chain, and
 * saying where and why it breaks.
 *
 * A link is checked in the order that gives the most useful reason: first the
 * signature (nothing in a body can be believed before it verifies), then the
 * stored hash, then the body's own members, then continuity with the previous
 * record (seq, prev), and last the stored copies of body members that the
 * store keeps for indexing and display, every one of them. The links and the
 * copies come from one scan of the canonical body (fc_record_scan_body()),
 * so the signature check is nearly all of the walk's cost; only a body in
 * another form is parsed with jansson.
 *
 * What this cannot see: records removed from the end of the chain. Only a
 * copy held elsewhere (the server's high-water mark) can show those.
 */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "store.h"

#define _(s) gettext(s)
#define N_(s) s

/*
 * record.h's FC_REASON_SIGNATURE and FC_REASON_HASH, spelled out so xgettext
 * finds them (it reads no macros); gettext() looks the macro's text up when a
 * link breaks. A change to one that misses the other shows as English, no worse.
 */
static const char *const chain_reasons[] = {
    N_("signature does not verify (body or signature changed after signing, or signed by "
       "another key)"),
    N_("stored hash does not match the body and signature"),
};

/* Write a reason into reason[size], cut if it must be. */
static void chain_reason(char *reason, size_t size, const char *fmt, ...)
    __attribute__((__format__(printf, 3, 4)));

static void
chain_reason(char *reason, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, size, fmt, ap);
	va_end(ap);
}

/* The seal: a body, the signature over it, and the stored hash of both. */
static int
chain_check_seal(const unsigned char pk[FC_PK_BYTES], const struct fc_record *rec, char *reason,
		 size_t size)
{
	unsigned char hash[FC_HASH_BYTES];

	(void)chain_reasons;
	if (rec->body == NULL) {
		chain_reason(reason, size, _("the record has no body"));
		return -1;
	}
	if (fc_sign_check(pk, rec->body, rec->body_len, rec->sig) != 0) {
		chain_reason(reason, size, "%s", gettext(FC_REASON_SIGNATURE));
		return -1;
	}
	fc_sign_record_hash(rec->body, rec->body_len, rec->sig, hash);
	if (memcmp(hash, rec->hash, FC_HASH_BYTES) != 0) {
		chain_reason(reason, size, "%s", gettext(FC_REASON_HASH));
		return -1;
	}
	return 0;
}

/* The signed seq against the one expected after state. */
static int
chain_check_seq(const struct fc_chain_state *state, const struct fc_record *rec,
		const struct fc_record_links *links, char *reason, size_t size)
{
	long long seq = (long long)links->seq, want = (long long)state->seq + 1;

	if (seq != want && rec->seq != links->seq) {
		/* The row sits where another record belongs: moved or swapped. */
		chain_reason(reason, size,
			     _("signed as seq %lld but stored as seq %lld, where %lld was expected "
			       "(records swapped or out of order)"),
			     seq, (long long)rec->seq, want);
		return -1;
	}
	if (seq > want) {
		if (seq == want + 1)
			chain_reason(reason, size,
				     _("seq %lld where %lld was expected (record %lld is missing)"),
				     seq, want, want);
		else
			chain_reason(reason, size,
				     _("seq %lld where %lld was expected (records %lld to %lld are "
				       "missing)"),
				     seq, want, want, seq - 1);
		return -1;
	}
	if (seq < want) {
		chain_reason(
		    reason, size,
		    _("seq %lld where %lld was expected (records out of order or repeated)"), seq,
		    want);
		return -1;
	}
	return 0;
}

/* Continuity: this device, the next seq, prev the hash of the record before. */
static int
chain_check_order(const struct fc_chain_state *state, const char *device,
		  const struct fc_record *rec, const struct fc_record_links *links, char *reason,
		  size_t size)
{
	static const unsigned char zero[FC_HASH_BYTES];

	if (device != NULL && strcmp(links->device, device) != 0) {
		chain_reason(reason, size, _("signed for device %s, not this device %s"),
			     links->device, device);
		return -1;
	}
	if (chain_check_seq(state, rec, links, reason, size) != 0)
		return -1;
	if (state->seq == 0 && memcmp(links->prev, zero, FC_HASH_BYTES) != 0) {
		chain_reason(reason, size, _("prev of the first record is not all zeros"));
		return -1;
	}
	if (state->seq > 0 && memcmp(links->prev, state->hash, FC_HASH_BYTES) != 0) {
		chain_reason(reason, size,
			     _("prev does not match the hash of record %lld (a record is missing, "
			       "replaced or out of order)"),
			     (long long)state->seq);
		return -1;
	}
	return 0;
}

/* The store's copies of the links must say what the signed body says. */
static int
chain_check_stored(const struct fc_record *rec, const struct fc_record_links *links, char *reason,
		   size_t size)
{
	if (rec->seq != links->seq) {
		chain_reason(reason, size,
			     _("stored seq %lld differs from the signed body (seq %lld)"),
			     (long long)rec->seq, (long long)links->seq);
		return -1;
	}
	if (strcmp(rec->id, links->id) != 0) {
		chain_reason(reason, size, _("stored id differs from the signed body (id %s)"),
			     links->id);
		return -1;
	}
	if (strcmp(rec->device, links->device) != 0) {
		chain_reason(reason, size,
			     _("stored device %s differs from the signed body (device %s)"),
			     rec->device, links->device);
		return -1;
	}
	if (memcmp(rec->prev, links->prev, FC_HASH_BYTES) != 0) {
		chain_reason(reason, size, _("stored prev differs from the signed body"));
		return -1;
	}
	return 0;
}

/* Check rec after state; on failure write the reason (no record id) to reason. */
static int
chain_check(const struct fc_chain_state *state, const char *device,
	    const unsigned char pk[FC_PK_BYTES], const struct fc_record *rec,
	    struct fc_record_links *links, char *reason, size_t size)
{
	struct fc_error perr = {0};
	struct fc_record copies;
	int scanned, c;

	if (chain_check_seal(pk, rec, reason, size) != 0)
		return -1;
	/*
	 * The signature verified, so the body is almost certainly the canonical
	 * one fc_record_seal() wrote: one scan (~1 µs) reads the links and the
	 * copies together. A JSON parse (jansson: ~15 µs for a 600-byte body
	 * against ~50 µs for the signature) is the fallback for any other form,
	 * and it names what is wrong.
	 */
	memset(&copies, 0, sizeof copies);
	scanned = fc_record_scan_body(rec->body, rec->body_len, links, &copies) == 0;
	if (!scanned && fc_record_scan_links(rec->body, rec->body_len, links) != 0 &&
	    fc_record_parse_links(rec->body, rec->body_len, links, &perr) != 0) {
		chain_reason(reason, size, "%s", perr.msg);
		return -1;
	}
	if (chain_check_order(state, device, rec, links, reason, size) != 0 ||
	    chain_check_stored(rec, links, reason, size) != 0)
		return -1;
	/*
	 * The display copies (household, outcome, ...): readers take them from
	 * the body, but a column that says otherwise is still tampering and
	 * would mislead anything reading store.db directly. Read by the scan
	 * above; only a body it could not vouch for is parsed here.
	 */
	if (scanned)
		return fc_record_compare_copies(rec, &copies, reason, size) != 0 ? -1 : 0;
	c = fc_record_check_copies(rec, reason, size, &perr);
	if (c < 0)
		chain_reason(reason, size, "%s", perr.msg);
	return c != 0 ? -1 : 0;
}

int
fc_chain_next(struct fc_chain_state *state, const char *device, const unsigned char pk[FC_PK_BYTES],
	      const struct fc_record *rec, struct fc_error *err)
{
	struct fc_record_links links;
	char reason[256];

	if (chain_check(state, device, pk, rec, &links, reason, sizeof reason) != 0)
		return fc_error_set(err, FC_E_CHAIN, "%s: %s", rec->id, reason);
	state->seq = links.seq;
	memcpy(state->hash, rec->hash, FC_HASH_BYTES);
	return 0;
}

struct chain_walk {
	struct fc_chain_state state;
	const char *device;
	const unsigned char *pk;
	struct fc_chain_report *report;
};

static int
chain_visit(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	struct chain_walk *w = ctx;
	struct fc_record_links links;
	struct fc_chain_report *r = w->report;

	if (chain_check(&w->state, w->device, w->pk, rec, &links, r->reason, sizeof r->reason) !=
	    0) {
		r->first_bad_seq = rec->seq;
		snprintf(r->first_bad_id, sizeof r->first_bad_id, "%s", rec->id);
		return fc_error_set(err, FC_E_CHAIN, "%s: %s", rec->id, r->reason);
	}
	w->state.seq = links.seq;
	memcpy(w->state.hash, rec->hash, FC_HASH_BYTES);
	r->checked++;
	return 0;
}

int
fc_chain_verify_store(struct fc_store *st, const char *device, const unsigned char pk[FC_PK_BYTES],
		      struct fc_chain_report *report, struct fc_error *err)
{
	struct fc_record_filter all = {.stored_copies = 1};
	struct chain_walk w = {.device = device, .pk = pk, .report = report};

	memset(report, 0, sizeof *report);
	return fc_store_each_record(st, &all, chain_visit, &w, err);
}
