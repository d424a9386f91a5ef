/* SPDX-License-Identifier: Apache-2.0 */
/*
 * review-view.h: supervisors' reviews of a record as `fieldcheck show` and
 * `list` give them (docs/review.md): each checked again against the server
 * key the device keeps, the newest deciding whether a correction is awaited.
 */
#ifndef FC_REVIEW_VIEW_H
#define FC_REVIEW_VIEW_H

#include <stdio.h>

#include <jansson.h>

#include "cmd.h"

/* The reviews of record as lines for people; nothing when there are none. */
int fc_review_view_print(struct fc_app *app, const char *record, FILE *out, struct fc_error *err);

/* The same as a new JSON array (caller decrefs). */
int fc_review_view_json(struct fc_app *app, const char *record, json_t **out, struct fc_error *err);

/* The newest review's state of record into state[16] ("" when none). */
int fc_review_view_state(struct fc_app *app, const char *record, char state[16],
			 struct fc_error *err);

#endif
