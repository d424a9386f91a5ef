/*
 * household-view.c: words for a household's kind and due state.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
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
	if (iv == NULL ||
	    fc_due_compute(iv, h->kind, h->last_check, fc_date_today(), &due, &err) != 0)
		return "";
	switch (due.state) {
	case FC_DUE_OVERDUE:
		*late = 1;
		return due.never_checked ? _("never checked") : _("overdue");
	case FC_DUE_SOON:
		return _("due soon");
	case FC_DUE_OK:
		break;
	}
	return _("not due");
}

void
fc_household_view_release(struct fc_tui *tui)
{
	free(tui->intervals);
	tui->intervals = NULL;
	tui->intervals_tried = 0;
}
