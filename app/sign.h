/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sign.h: making a record, one path whatever the front end, so the two
 * cannot drift apart on what a record holds. `fieldcheck record` and the
 * TUI's review, visit and follow-up screens each fill a struct
 * fc_sign_request and call fc_app_sign_record(), which checks everything
 * that can be wrong before the PIN is asked for, imports the photos (hashed
 * and copied beside the store, so the signature covers them), fills the
 * draft and seals and stores the record durably.
 *
 * Which record follows from the request:
 *   visit != NULL           a visit (nobody home, refused): no checklist
 *   follows != NULL         a follow-up of that record: results per hazard
 *                           item, answers (may be NULL) re-answer items
 *   otherwise               an inspection (or the visit the checklist's
 *                           answers say it was); a correction of corrects
 *                           when that is set
 * New members are added at the end; a request is zeroed before filling.
 */
#ifndef FC_APP_SIGN_H
#define FC_APP_SIGN_H

#include <jansson.h>

#include "app/app.h"
#include "core/record.h"
#include "core/template.h"

struct fc_sign_request {
	const char *household;		 /* household or house id */
	const struct fc_template *tpl;	 /* the checklist (the followed record's for follow-ups) */
	const json_t *answers;		 /* item id -> answer as given; borrowed */
	int year;			 /* the year answers are checked in; 0: this year */
	const char *lang;		 /* "zh"/"en": language of the problems */
	const char *photo_base;		 /* photo file names are relative to it; NULL: as given */
	const char *corrects;		 /* a correction of this record id */
	const struct fc_record *follows; /* a follow-up of this record */
	const json_t *results;		 /* follow-up: item -> {result, note, photo, deadline} */
	const char *visit;		 /* a visit with this outcome ("nobody_home", ...) */
	/*
	 * Called once everything is checked and before sealing, when
	 * app->key is NULL: the CLI asks for the PIN here. NULL: the key must
	 * already be unlocked.
	 */
	int (*unlock)(struct fc_app *app, struct fc_error *err);
	/*
	 * When the work was done, "YYYY-MM-DDTHH:MM:SS+HH:MM", for records
	 * entered after the visit (`fieldcheck record --batch`); NULL: now.
	 */
	const char *time;
	/*
	 * The inspector's notes on items (item id -> text; borrowed), or NULL:
	 * signed as the body's "notes" (not for follow-ups). An empty text is
	 * no note; an item the checklist lacks is a problem.
	 */
	const json_t *notes;
	/*
	 * Photos on items (item id -> array of image file names, relative to
	 * photo_base, or photo objects already imported; borrowed), or NULL:
	 * signed as the body's "evidence" (not for follow-ups, whose results
	 * carry their own "photo"). An item the checklist lacks is a problem.
	 */
	const json_t *evidence;
};

struct fc_sign_result {
	struct fc_record rec; /* the stored record */
	json_t *problems;     /* every problem as {item, message}; non-empty when refused */
	size_t hazards;	      /* hazards the record names */
	char grade[8];	      /* the house grade, or "" */
};

/*
 * Make, sign and store the record req describes. Returns 0 with res filled,
 * or -1 with err filled: FC_E_INVALID with res->problems listing every
 * problem (nothing stored, nothing imported), or whatever the ledger's check,
 * the unlock or the store said. Release res with fc_sign_result_release()
 * either way.
 */
int fc_app_sign_record(struct fc_app *app, const struct fc_sign_request *req,
		       struct fc_sign_result *res, struct fc_error *err);

void fc_sign_result_release(struct fc_sign_result *res);

#endif
