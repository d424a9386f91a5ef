/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.h: a finished, signed piece of field work.
 *
 * A record is its body (UTF-8 JSON made once, at signing, and never
 * re-serialised), the Ed25519 signature over FC_RECORD_DOMAIN||body, and the
 * BLAKE2b-256 hash of body||signature that the next record on the same device
 * names as `prev`. docs/record-format.md describes the body field by field.
 *
 * The other members of struct fc_record are copies of body fields, parsed from
 * the body, for indexing and display; the body is the truth.
 */
#ifndef FC_RECORD_H
#define FC_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "error.h"
#include "sign.h"

#define FC_RECORD_FORMAT 2  /* newest body "v" (docs/record-format.md); signed, only added to */
#define FC_DEVICE_ID_LEN 8  /* hex characters */
#define FC_ID_MAX 64	    /* ids of inspectors, households, templates */
#define FC_RECORD_ID_MAX 32 /* "<device>-<seq, 6+ digits>" */

/* Record types (body "type"). */
#define FC_TYPE_INSPECTION "inspection" /* a completed checklist */
#define FC_TYPE_VISIT "visit"		/* nobody home, or entry refused */
#define FC_TYPE_FOLLOWUP "followup"	/* a hazard revisited: rectified or not */
#define FC_TYPE_CORRECTION "correction" /* replaces an earlier record's content */
#define FC_TYPE_HOUSEHOLD "household"	/* a change to a household's details */

struct fc_record {
	int64_t seq; /* 1, 2, ... per device */
	char id[FC_RECORD_ID_MAX];
	char device[FC_DEVICE_ID_LEN + 1];
	char inspector[FC_ID_MAX];
	char type[16];
	char household[FC_ID_MAX];
	char template_id[FC_ID_MAX];
	int template_version;
	char time[32]; /* local time with UTC offset */
	char outcome[32];
	char *body; /* owned; exact signed bytes */
	size_t body_len;
	unsigned char sig[FC_SIG_BYTES];
	unsigned char hash[FC_HASH_BYTES];
	unsigned char prev[FC_HASH_BYTES]; /* all zero for seq 1 */
	int synced;			   /* device store: server acknowledged */
};

/*
 * What the caller decides about a new record; the identity, sequence, prev
 * and time are filled in by fc_record_seal(). JSON members are borrowed.
 */
struct fc_record_draft {
	const char *type;	 /* FC_TYPE_* */
	const char *household;	 /* household or house id; may be NULL */
	const char *template_id; /* may be NULL for household changes */
	int template_version;
	json_t *answers;      /* object item id -> answer, or NULL */
	json_t *hazards;      /* array of {item, severity, note, rule} */
	const char *outcome;  /* may be NULL */
	json_t *grade;	      /* grading result with inputs, or NULL */
	const char *corrects; /* record id this one corrects, or NULL */
	const char *follows;  /* record id whose hazard this follows up */
	const char *kind;     /* correction: "inspection" or "visit" (format 2) */
	json_t *results;      /* follow-up: item -> {result, note, photo, deadline} (format 2) */
	json_t *extra;	      /* other members copied into the body */
};

/* The signer: who, on which device, with which secret key (64 bytes). */
struct fc_signer {
	char inspector[FC_ID_MAX];
	char device[FC_DEVICE_ID_LEN + 1];
	const unsigned char *sk;
};

/*
 * Build the body for draft as record number seq after prev (NULL for the first
 * record), sign it and hash it, into *out (caller releases with
 * fc_record_release()). time_iso is "YYYY-MM-DDTHH:MM:SS+HH:MM"; NULL means now.
 */
int fc_record_seal(const struct fc_record_draft *draft, const struct fc_signer *signer, int64_t seq,
		   const unsigned char prev[FC_HASH_BYTES], const char *time_iso,
		   struct fc_record *out, struct fc_error *err);

/*
 * Fill out's copied fields from body (which it takes ownership of, even on
 * failure) and sig; recomputes hash. Fails with FC_E_INVALID, naming the
 * field, when the body is not a well-formed record body.
 */
int fc_record_from_body(char *body, size_t body_len, const unsigned char sig[FC_SIG_BYTES],
			struct fc_record *out, struct fc_error *err);

/*
 * The same from a body already parsed into o (the record model's root), so
 * that a body is parsed once: body is owned as above, o only borrowed.
 */
int fc_record_from_parsed(char *body, size_t body_len, const unsigned char sig[FC_SIG_BYTES],
			  json_t *o, struct fc_record *out, struct fc_error *err);

/*
 * Overwrite rec's copied members (inspector, type, household, template and
 * its version, time, outcome) with what its body says, so what is shown is
 * what was signed whatever the store's columns hold. When the body does not
 * parse they are emptied and -1 returned (FC_E_INVALID naming the member).
 */
int fc_record_copies_from_body(struct fc_record *rec, struct fc_error *err);

/*
 * Compare rec's copied members as stored with its body: 0 when every one
 * agrees, 1 with "stored <column> ... differs from the signed body (...)" in
 * reason[size] for the first that does not, -1 when the body does not parse.
 */
int fc_record_check_copies(const struct fc_record *rec, char *reason, size_t size,
			   struct fc_error *err);

/*
 * Compare rec's copied members as stored with body's (what its signed body
 * says): 0 when every one agrees, 1 with the reason fc_record_check_copies()
 * gives for the first that does not.
 */
int fc_record_compare_copies(const struct fc_record *rec, const struct fc_record *body,
			     char *reason, size_t size);

/* Check rec's signature against pk and its hash; FC_E_CHAIN with the reason. */
int fc_record_check(const struct fc_record *rec, const unsigned char pk[FC_PK_BYTES],
		    struct fc_error *err);

/* 1 when device is a device id: FC_DEVICE_ID_LEN lower-case hex digits. */
int fc_record_device_ok(const char *device);

/* "<device>-<seq>" into id (FC_RECORD_ID_MAX). */
void fc_record_make_id(const char *device, int64_t seq, char *id);

/* Free the body; rec can be reused. */
void fc_record_release(struct fc_record *rec);

/* Current local time as "YYYY-MM-DDTHH:MM:SS+HH:MM" into out[32]. */
void fc_record_now(char out[32]);

/* How far a given record time may be ahead of the clock: the server's clock window (300 s). */
#define FC_RECORD_AHEAD_MAX 300

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS+HH:MM"; -1 when it is no real time. */
int fc_record_time_unix(const char *t, int64_t *out);

/*
 * A time given for a new record (not made now): a real time, at most
 * FC_RECORD_AHEAD_MAX seconds after now. FC_E_USAGE saying which.
 */
int fc_record_time_check(const char *t, int64_t now, struct fc_error *err);

/*
 * The members of a body that link it into its device's chain, read by
 * fc_record_parse_links() without filling a whole struct fc_record.
 */
struct fc_record_links {
	int64_t seq;
	char id[FC_RECORD_ID_MAX];
	char device[FC_DEVICE_ID_LEN + 1];
	unsigned char prev[FC_HASH_BYTES];
};

/*
 * Parse body and check v, id, device, seq and prev (id must be
 * "<device>-<seq>"); FC_E_INVALID naming the member otherwise. Borrows body.
 */
int fc_record_parse_links(const char *body, size_t body_len, struct fc_record_links *out,
			  struct fc_error *err);

/*
 * The same members read straight from the canonical prefix that
 * fc_record_seal() writes, without a JSON parser: 0 when the body starts in
 * exactly that form, 1 when it does not (then use fc_record_parse_links(),
 * which also names what is wrong). It does not look past prev, so it cannot
 * see a member repeated later: use it only on a body whose signature by a
 * fieldcheck key has verified, where the form is guaranteed; a body from
 * outside is read with fc_record_from_body(), which refuses duplicates.
 */
int fc_record_scan_links(const char *body, size_t body_len, struct fc_record_links *out);

/*
 * The chain members (as fc_record_scan_links()) and the copy members (type,
 * inspector, time, household, template and version, outcome, into copies)
 * of a body whose signature has verified, in one pass without a JSON parser
 * (record-scan.c): 0 when the body is in a form the scan can vouch for, where
 * it reads exactly what fc_record_from_body() would, including refusing a
 * repeated member at any depth; 1 otherwise (then parse, which also names
 * what is wrong). copies' other members are untouched.
 */
int fc_record_scan_body(const char *body, size_t body_len, struct fc_record_links *links,
			struct fc_record *copies);

/*
 * The members of a parsed body (an object) into out's copies, checked as
 * fc_record_from_body() checks them; out's body, sig and hash are untouched.
 * For the record model (record-model.h), which parses a body once.
 */
int fc_record_read_members(json_t *o, struct fc_record *out, struct fc_error *err);

/*
 * Reasons the chain and fc_record_check() give, after "<record id>: ", looked
 * up with gettext() where they are shown (chain.c spells them out for xgettext).
 */
#define FC_REASON_SIGNATURE                                                                        \
	"signature does not verify (body or signature changed after signing, or signed by "        \
	"another key)"
#define FC_REASON_HASH "stored hash does not match the body and signature"

#endif
