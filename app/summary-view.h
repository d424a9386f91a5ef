/* SPDX-License-Identifier: Apache-2.0 */
/*
 * summary-view.h: the supervisors' summary laid out for people, once for
 * both front ends. `fieldcheck summary` prints the lines, the TUI's summary
 * screen draws them, so a supervisor at a desk and one in the field read the
 * same figures in the same words: a title with the period, then one block per
 * district (or inspector) with work done, hazards found by severity and by
 * item, hazards open and overdue, households overdue, house grades, devices
 * with their last sync, and forks.
 */
#ifndef FC_APP_SUMMARY_VIEW_H
#define FC_APP_SUMMARY_VIEW_H

#include <jansson.h>

#include "app/view.h"
#include "core/error.h"
#include "core/template.h"

/*
 * Append the lines of summary (the server's JSON, app/summary.h) to out, in
 * out's language. by_inspector names the grouping in the title. set, when not
 * NULL, names each severity as the checklists do (重大隐患, not major); a
 * severity no installed checklist knows shows its id.
 */
int fc_summary_view(const json_t *summary, int by_inspector, const struct fc_templates *set,
		    struct fc_view *out, struct fc_error *err);

#endif
