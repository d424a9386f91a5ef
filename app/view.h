/* SPDX-License-Identifier: Apache-2.0 */
/*
 * view.h: lines for people, built once in app/ and shown by both front ends:
 * `fieldcheck` prints them, the TUI draws them with their style. A record
 * (record-view.h) and the supervisors' summary (summary-view.h) are laid out
 * with these.
 *
 * Each line is finished text: a label padded to one column by display width
 * (a Chinese character is two columns), then the value, every piece typed by
 * a person or sent by a server made harmless (controls become U+FFFD). An
 * allocation that fails marks the view failed and every later step does
 * nothing, so a layout reads as a layout and fc_view_status() reports the
 * one failure at the end.
 */
#ifndef FC_APP_VIEW_H
#define FC_APP_VIEW_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"

enum fc_view_style {
	FC_VIEW_PLAIN,	 /* a label and its value, or a line of a list */
	FC_VIEW_STRONG,	 /* what a reader must not miss: an outcome, a fork, a newer version */
	FC_VIEW_SECTION, /* the heading of a list or of a group */
};

struct fc_view_line {
	enum fc_view_style style;
	char *text; /* owned; "" for the blank line before a section */
};

struct fc_view {
	struct fc_view_line *lines; /* owned */
	size_t n, cap;
	/* While building: the line not yet ended, and the language ("zh" or "en"). */
	struct fc_buf line;
	const char *lang;
	int zh;
	int failed;
};

/* Labels end in this column whatever the language, so values line up. */
#define FC_VIEW_LABEL_COLS 11

void fc_view_init(struct fc_view *v, const char *lang);
void fc_view_release(struct fc_view *v);
/* 0, or -1 with FC_E_NOMEM when an allocation failed while building. */
int fc_view_status(const struct fc_view *v, struct fc_error *err);

/* zh or en, as the view's language asks. */
const char *fc_view_word(const struct fc_view *v, const char *en, const char *zh);

/* Bytes the code wrote itself (ids, numbers, fixed words): no cleaning. */
void fc_view_addf(struct fc_view *v, const char *fmt, ...)
    __attribute__((__format__(printf, 2, 3)));
/* Text from outside the code, cleaned, cut or padded to cols columns. */
void fc_view_text(struct fc_view *v, const char *s, size_t cols);
/* Text from outside the code, cleaned, at its own width. */
void fc_view_str(struct fc_view *v, const char *s);
/* "outcome:" or "结论" padded to FC_VIEW_LABEL_COLS. */
void fc_view_label(struct fc_view *v, const char *en, const char *zh);
/* End the line being built with this style. */
void fc_view_end(struct fc_view *v, enum fc_view_style style);
/* A blank line, then the heading of a list. */
void fc_view_section(struct fc_view *v, const char *en, const char *zh);

#endif
