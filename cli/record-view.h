/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-view.h: a record as text for people (`fieldcheck show`): the
 * household it concerns, the answers with their labels, the hazards with
 * severity, the outcome and how the grade was reached.
 */
#ifndef FC_RECORD_VIEW_H
#define FC_RECORD_VIEW_H

#include <stdio.h>

#include "cmd.h"
#include "core/record.h"

int fc_record_view_print(struct fc_app *app, const struct fc_record *rec, FILE *out,
			 struct fc_error *err);

#endif
