/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-model.h: a record body parsed once and read through typed accessors.
 *
 * Every reader of a body (the ledger, the stores, show, exports, the screens)
 * goes through this model instead of picking members out of the JSON itself,
 * so a member means one thing everywhere and a body is parsed once per use.
 * docs/record-format.md describes the members; this file says how they read:
 *
 *   - format 1 and 2 bodies are read; format 2 adds per-item follow-up
 *     results ("results") and the kind of a correction ("kind");
 *   - a format-1 follow-up has one outcome for the whole record it follows:
 *     fc_record_model_result_count() is 0 and the ledger applies the outcome
 *     to every open hazard of that record, as it always meant;
 *   - a correction without "kind" (format 1) is a visit when its outcome is a
 *     visit outcome (nobody-home, refused) and an inspection otherwise.
 *
 * The model owns the parsed JSON; the string pointers it hands out borrow
 * from it and live until fc_record_model_release().
 */
#ifndef FC_RECORD_MODEL_H
#define FC_RECORD_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "error.h"
#include "record.h"

/* Per-item follow-up results (format 2). */
#define FC_RESULT_RECTIFIED "rectified"
#define FC_RESULT_NOT_RECTIFIED "not_rectified"

/* Kinds: what an inspection, visit or correction stands for. */
#define FC_KIND_INSPECTION "inspection"
#define FC_KIND_VISIT "visit"

struct fc_record_model {
	json_t *root; /* owned */
	int format;   /* body "v" */
	char type[16];
	char id[FC_RECORD_ID_MAX];
	char device[FC_DEVICE_ID_LEN + 1];
	char inspector[FC_ID_MAX];
	int64_t seq;
	char time[32];
	char date[11]; /* the date part of time */
	char household[FC_ID_MAX];
	char template_id[FC_ID_MAX];
	int template_version;
	char outcome[32];
	char follows[FC_RECORD_ID_MAX];	 /* "" when absent */
	char corrects[FC_RECORD_ID_MAX]; /* "" when absent */
	char kind[16];			 /* effective: inspection, visit or "" (see above) */
	char grade[8];			 /* the computed grade letter, or "" */
};

/* One hazard the record raises; strings borrowed ("" when absent). */
struct fc_record_hazard {
	const char *item, *severity, *note, *rule;
	const char *note_en; /* the rule's note in English, "" when it has none */
};

/* One follow-up result; strings borrowed ("" when absent). */
struct fc_record_result {
	const char *item, *result, *note, *deadline;
	const json_t *photo; /* the photo answer object, or NULL */
};

/*
 * Parse body into m (release with fc_record_model_release(), also after a
 * failure). FC_E_INVALID naming the member when the body is not a record
 * body of a format this fieldcheck reads. Borrows body only during the call.
 */
int fc_record_model_parse(const char *body, size_t len, struct fc_record_model *m,
			  struct fc_error *err);
void fc_record_model_release(struct fc_record_model *m);

/* The whole body as parsed, for printing it as JSON (show --json); borrowed. */
const json_t *fc_record_model_json(const struct fc_record_model *m);
/*
 * The household's district as the device's registry named it ("district",
 * docs/record-format.md), or NULL when the body has none or it is not text;
 * borrowed. Not checked here: the server refuses one that is not a district
 * id, with its own reason.
 */
const char *fc_record_model_district(const struct fc_record_model *m);
/* The answers object (never NULL: an empty object when the body has none). */
const json_t *fc_record_model_answers(const struct fc_record_model *m);
/*
 * The answers as compact JSON (malloc'd, the caller frees), for a form that
 * starts from them (a correction); NULL when the body has no answers object
 * or memory ran out.
 */
char *fc_record_model_answers_dump(const struct fc_record_model *m);
/* The grade object with its inputs, or NULL. */
const json_t *fc_record_model_grade(const struct fc_record_model *m);

size_t fc_record_model_hazard_count(const struct fc_record_model *m);
void fc_record_model_hazard(const struct fc_record_model *m, size_t i,
			    struct fc_record_hazard *out);

/*
 * The inspector's notes on items ("notes": item id -> free text, any type
 * but a follow-up): how many, and the i-th in body order (strings borrowed).
 */
size_t fc_record_model_note_count(const struct fc_record_model *m);
void fc_record_model_note(const struct fc_record_model *m, size_t i, const char **item,
			  const char **text);

/*
 * Photos on items ("evidence": item id -> array of {"file", "hash",
 * "size"}, record-evidence.c): how many items have some, the i-th item in
 * body order with its photos, and the photos of one item (NULL: none).
 */
size_t fc_record_model_evidence_count(const struct fc_record_model *m);
void fc_record_model_evidence_at(const struct fc_record_model *m, size_t i, const char **item,
				 const json_t **photos);
const json_t *fc_record_model_evidence(const struct fc_record_model *m, const char *item);
/* 0 when evidence has the form above, else FC_E_INVALID naming the member. */
int fc_record_model_check_evidence(const json_t *evidence, struct fc_error *err);

size_t fc_record_model_result_count(const struct fc_record_model *m);
void fc_record_model_result(const struct fc_record_model *m, size_t i,
			    struct fc_record_result *out);

/*
 * Call fn for each photo the record holds ({"hash", "size"} objects in the
 * answers, the evidence on items and the follow-up results): fn returns 0 to go on, else stops.
 */
typedef int (*fc_record_photo_fn)(const char *hash, int64_t size, void *ctx);
int fc_record_model_each_photo(const struct fc_record_model *m, fc_record_photo_fn fn, void *ctx);

/*
 * The kind a record of type stands for, into out[16]: its own type for an
 * inspection or visit; for a correction kind_member ("inspection", "visit",
 * or NULL/"" in format 1: by outcome); "" for other types. -1 when
 * kind_member is something else.
 */
int fc_record_kind(const char *type, const char *kind_member, const char *outcome, char out[16]);

/* 1 when outcome is one a visit gets (nobody home, entry refused). */
int fc_record_visit_outcome(const char *outcome);

#endif
