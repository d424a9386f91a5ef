/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tview.h: the TUI's view of checklist templates: loaded once per
 * session, on first use, and chosen by the household's registry kind.
 *
 * The set belongs to the struct fc_tui; every template pointer handed out is
 * valid until fc_tview_release(), which only the loop's end and a sync that
 * pulled template updates (from the home screen, when no form is open) call.
 */
#ifndef FC_TUI_TVIEW_H
#define FC_TUI_TVIEW_H

#include <stddef.h>

#include "core/error.h"
#include "core/template.h"
#include "tui/tui.h"

/* The loaded set (loading it the first time); NULL with err on failure. */
const struct fc_templates *fc_tview_templates(struct fc_tui *tui, struct fc_error *err);

/*
 * Templates that apply to a household kind, newest version of each id, into
 * out[0..max); returns how many (0 when none applies).
 */
size_t fc_tview_for_kind(struct fc_tui *tui, const char *kind, const struct fc_template **out,
			 size_t max);

/* A template by id and version (0 = newest), or NULL. */
const struct fc_template *fc_tview_find(struct fc_tui *tui, const char *id, int version);

/* Free what fc_tview_templates() loaded. */
void fc_tview_release(struct fc_tui *tui);

/* Label of an item/option/section in the current language. */
const char *fc_tview_label(const struct fc_label *label);

/* A severity id as its label in tpl (or the id itself). */
const char *fc_tview_severity(const struct fc_template *tpl, const char *id);

/* A severity id as its label in whichever loaded template defines it. */
const char *fc_tview_severity_any(struct fc_tui *tui, const char *id);

#endif
