/* SPDX-License-Identifier: Apache-2.0 */
/*
 * household-view.h: how a household is named on screen: its kind in words,
 * and whether its next check is overdue, due soon or not yet due (core's
 * due.c decides; the intervals are data in schema/intervals.json).
 */
#ifndef FC_TUI_HOUSEHOLD_VIEW_H
#define FC_TUI_HOUSEHOLD_VIEW_H

#include "core/due.h"
#include "core/store.h"
#include "tui/tui.h"

/* The registry kind in the current language ("住宅" / "residential"). */
const char *fc_household_kind_label(const char *kind);

/* The intervals (loaded on first use), or NULL when there are none. */
const struct fc_intervals *fc_household_intervals(struct fc_tui *tui);

/* Due state of h today as words ("overdue"); "" when unknown. *late is 1 when overdue. */
const char *fc_household_due_text(struct fc_tui *tui, const struct fc_household *h, int *late);

/*
 * The right-hand part of a list row for h. With with_kind, one fixed-width
 * block: kind, last check and due state each sized to the widest label of its
 * column in the current language, so the columns of a list line up whatever
 * the row holds ("never checked" is wider than "overdue"). Without, the due
 * state alone (narrow screens keep the room for the address). *late as for
 * fc_household_due_text().
 */
void fc_household_row_right(struct fc_tui *tui, const struct fc_household *h, int with_kind,
			    char *out, size_t out_size, int *late);

/* Release what fc_household_intervals() loaded. */
void fc_household_view_release(struct fc_tui *tui);

#endif
