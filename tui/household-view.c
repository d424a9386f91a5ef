/* SPDX-License-Identifier: Apache-2.0 */
/*
 * household-view.c: words for a household's kind and due state.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/utf8.h"
#include "sync/client.h"
#include "tui/household-view.h"
#include "tui/i18n.h"

static const struct {
	const char *kind;
	const char *label;
} household_kinds[] = {
    {"residential", N_("residential")}, {"catering", N_("catering")}, {"business", N_("business")},
    {"selfbuilt", N_("self-built")},	{"rural", N_("rural house")},
};

/* The words for a due state; one table so list columns can be sized from it. */
enum household_due { DUE_NEVER, DUE_OVERDUE, DUE_SOON, DUE_OK, DUE_COUNT };
static const char *const household_due_labels[DUE_COUNT] = {
    [DUE_NEVER] = N_("never checked"),
    [DUE_OVERDUE] = N_("overdue"),
    [DUE_SOON] = N_("due soon"),
    [DUE_OK] = N_("not due"),
};

const char *
fc_household_kind_label(const char *kind)
{
	for (size_t i = 0; i < sizeof household_kinds / sizeof household_kinds[0]; i++)
		if (strcmp(household_kinds[i].kind, kind) == 0)
			return _(household_kinds[i].label);
	return kind;
}

const struct fc_intervals *
fc_household_intervals(struct fc_tui *tui)
{
	struct fc_error err = {0};
	char district[FC_ID_MAX];

	if (tui->intervals != NULL || tui->intervals_tried)
		return tui->intervals;
	tui->intervals_tried = 1;
	if (fc_store_get_setting(tui->app->store, FC_SET_DISTRICT, district, sizeof district,
				 &err) != 0)
		district[0] = '\0';
	tui->intervals = calloc(1, sizeof *tui->intervals);
	if (tui->intervals == NULL)
		return NULL;
	if (fc_due_load(district, tui->intervals, &err) != 0) {
		free(tui->intervals);
		tui->intervals = NULL;
	}
	return tui->intervals;
}

const char *
fc_household_due_text(struct fc_tui *tui, const struct fc_household *h, int *late)
{
	const struct fc_intervals *iv = fc_household_intervals(tui);
	struct fc_error err = {0};
	struct fc_due due;

	*late = 0;
	/*
	 * By the household's own district, as the home screen's count and the
	 * route judge it: with the device's one district setting, an inspector
	 * of "D1,D2" whose D2 checks homes yearly saw "not due" on a D2 home the
	 * home screen counted overdue.
	 */
	if (iv != NULL && tui->district_intervals == NULL)
		tui->district_intervals = calloc(1, sizeof *tui->district_intervals);
	if (iv == NULL || tui->district_intervals == NULL ||
	    fc_due_household(tui->app->store, tui->district_intervals, iv, h, fc_date_today(), &due,
			     &err) != 0)
		return "";
	switch (due.state) {
	case FC_DUE_OVERDUE:
		*late = 1;
		return _(household_due_labels[due.never_checked ? DUE_NEVER : DUE_OVERDUE]);
	case FC_DUE_SOON:
		return _(household_due_labels[DUE_SOON]);
	case FC_DUE_OK:
		break;
	}
	return _(household_due_labels[DUE_OK]);
}

/* The widest of the translated labels, in columns. */
static size_t
household_widest(const char *const *labels, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		size_t c = fc_utf8_cols(_(labels[i]));
		if (c > w)
			w = c;
	}
	return w;
}

void
fc_household_row_right(struct fc_tui *tui, const struct fc_household *h, int with_kind, char *out,
		       size_t out_size, int *late)
{
	const char *kinds[sizeof household_kinds / sizeof household_kinds[0]];
	size_t n_kinds = sizeof kinds / sizeof kinds[0];
	const char *due = fc_household_due_text(tui, h, late);
	char kind[128], date[32];
	size_t due_w, pad;

	if (!with_kind) {
		snprintf(out, out_size, "%s", due);
		return;
	}
	for (size_t i = 0; i < n_kinds; i++)
		kinds[i] = household_kinds[i].label;
	fc_utf8_pad(fc_household_kind_label(h->kind), household_widest(kinds, n_kinds), kind,
		    sizeof kind);
	fc_utf8_pad(h->last_check, 10, date, sizeof date); /* YYYY-MM-DD or blank */
	/* The due state is right-aligned, so every row still ends in the last column. */
	due_w = household_widest(household_due_labels, DUE_COUNT);
	pad = due_w > fc_utf8_cols(due) ? due_w - fc_utf8_cols(due) : 0;
	snprintf(out, out_size, "%s %s %*s%s", kind, date, (int)pad, "", due);
}

void
fc_household_view_release(struct fc_tui *tui)
{
	free(tui->intervals);
	tui->intervals = NULL;
	tui->intervals_tried = 0;
	if (tui->district_intervals != NULL)
		fc_intervals_cache_free(tui->district_intervals);
	free(tui->district_intervals);
	tui->district_intervals = NULL;
}
