/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-view.h: one record laid out for people, once for both front ends.
 * `fieldcheck show` prints the lines, the TUI's record screen draws them with
 * their style, so a reviewer reading either sees the same labels, answers in
 * form order, hazards with the template's severity and how the grade was
 * reached.
 *
 * The checks that depend on the front end (signature, chain, sync state,
 * reviews) are not part of the record's own content and stay with the
 * caller.
 */
#ifndef FC_APP_RECORD_VIEW_H
#define FC_APP_RECORD_VIEW_H

#include "app/view.h"
#include "core/error.h"
#include "core/record.h"
#include "core/store.h"
#include "core/template.h"

/*
 * Append rec's lines to out, in out's language (fc_view_init()). tpl is the template
 * version the record names, or NULL when it is not installed (item ids and
 * raw answers still show); store, when not NULL, names the household and the
 * correction that replaced this record. A body that does not parse returns -1
 * with err set and the header lines already in out, so a screen can still
 * show whose record it is beside the reason.
 */
int fc_record_view(struct fc_store *store, const struct fc_record *rec,
		   const struct fc_template *tpl, struct fc_view *out, struct fc_error *err);

/*
 * One answer as words for item (a choice's label, yes/no as a word, a number
 * with its unit, photo file names), added to the line out is building; item
 * NULL shows the value as it is. The review screen before signing words an
 * answer with this too, so it reads the same before and after signing.
 */
void fc_record_view_answer(struct fc_view *out, const struct fc_item *item, const json_t *v);

#endif
