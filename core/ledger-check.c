/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ledger-check.c: may a new record be added after the ones a state came
 * from? The refusals name the record and item so that the inspector can act:
 * follow the current version instead, or leave out an item already closed.
 */
#include <stdio.h>
#include <string.h>

#include <libintl.h>

#include "ledger.h"

#define _(s) gettext(s)

/* follow: 1 for a follow-up, 0 for a correction. */
static int
check_version(const struct fc_ledger_state *s, int follow, const char *target,
	      const struct fc_ledger_version **out, struct fc_error *err)
{
	const struct fc_ledger_version *v = fc_ledger_version(s, target);

	*out = v;
	if (v == NULL)
		return fc_error_set(err, FC_E_INVALID,
				    follow ? _("follow-up of %s: no inspection %s of household %s")
					   : _("correction of %s: no inspection or visit %s of "
					       "household %s"),
				    target, target, s->household);
	if (strcmp(v->current, v->id) != 0)
		return fc_error_set(err, FC_E_INVALID,
				    follow ? _("follow-up of %s: %s was corrected by %s; follow "
					       "up the current version %s")
					   : _("correction of %s: %s was already corrected by %s; "
					       "correct the current version %s"),
				    target, target, v->current, v->current);
	return 0;
}

static int
check_followup(const struct fc_ledger_state *s, const struct fc_ledger_entry *f,
	       struct fc_error *err)
{
	const struct fc_ledger_version *v;
	size_t open = 0;

	if (check_version(s, 1, f->follows, &v, err) != 0)
		return -1;
	if (strcmp(v->kind, FC_KIND_VISIT) == 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("follow-up of %s: it is a visit (nobody home or refused); "
				      "there is no hazard to follow up"),
				    f->follows);
	for (size_t k = 0; k < f->n_results; k++) {
		const char *item = f->results[k].item;
		const struct fc_ledger_hazard *h = NULL;

		for (size_t i = 0; i < s->n_hazards && h == NULL; i++)
			if (strcmp(s->hazards[i].item, item) == 0 &&
			    strcmp(s->hazards[i].state, FC_HAZARD_OPEN) == 0 &&
			    strcmp(s->hazards[i].root, v->root) == 0)
				h = &s->hazards[i];
		if (h == NULL)
			return fc_error_set(err, FC_E_INVALID,
					    _("follow-up of %s: %s is not an open hazard of %s"),
					    f->follows, item, f->follows);
	}
	for (size_t i = 0; i < s->n_hazards; i++)
		open += strcmp(s->hazards[i].state, FC_HAZARD_OPEN) == 0 &&
			strcmp(s->hazards[i].root, v->root) == 0;
	if (open == 0)
		return fc_error_set(err, FC_E_INVALID, _("follow-up of %s: it has no open hazard"),
				    f->follows);
	return 0;
}

int
fc_ledger_check(const struct fc_ledger_state *s, const struct fc_ledger_entry *next,
		struct fc_error *err)
{
	const struct fc_ledger_version *v;

	if (strcmp(next->type, FC_TYPE_FOLLOWUP) == 0)
		return check_followup(s, next, err);
	if (strcmp(next->type, FC_TYPE_CORRECTION) == 0)
		return check_version(s, 0, next->corrects, &v, err);
	return 0;
}
