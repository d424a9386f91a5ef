/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-view.h: one record laid out for people, once for both front ends.
 * `fieldcheck show` prints the lines, the TUI's record screen draws them with
 * their style, so a reviewer reading either sees the same labels, answers in
 * form order, hazards with the template's severity and how the grade was
 * reached.
 *
 * Each line is finished text: a label padded to one column by display width
 * (a Chinese label is two columns a character), then the value, every piece
 * typed by a person or imported made harmless (controls become U+FFFD). The
 * checks that depend on the front end (signature, chain, sync state,
 * reviews) are not part of the record's own content and stay with the
 * caller.
 */
#ifndef FC_APP_RECORD_VIEW_H
#define FC_APP_RECORD_VIEW_H

#include <stddef.h>

#include "core/error.h"
#include "core/record.h"
#include "core/store.h"
#include "core/template.h"

enum fc_view_style {
	FC_VIEW_PLAIN,	 /* a label and its value, or a line of a list */
	FC_VIEW_STRONG,	 /* what a reader must not miss: the outcome, a newer version */
	FC_VIEW_SECTION, /* the heading of a list: answers, results, hazards, grade */
};

struct fc_view_line {
	enum fc_view_style style;
	char *text; /* owned; "" for the blank line before a section */
};

struct fc_view {
	struct fc_view_line *lines; /* owned */
	size_t n, cap;
};

#define FC_VIEW_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void fc_view_release(struct fc_view *v);

/*
 * Append rec's lines to out in lang ("zh" or "en"). tpl is the template
 * version the record names, or NULL when it is not installed (item ids and
 * raw answers still show); store, when not NULL, names the household and the
 * correction that replaced this record. A body that does not parse returns -1
 * with err set and the header lines already in out, so a screen can still
 * show whose record it is beside the reason.
 */
int fc_record_view(struct fc_store *store, const struct fc_record *rec,
		   const struct fc_template *tpl, const char *lang, struct fc_view *out,
		   struct fc_error *err);

#endif
