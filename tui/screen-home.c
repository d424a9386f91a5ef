/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-home.c: today's work at a glance, and the single keys to everything.
 *
 * Only indexed counts are read here (households, records, unsynced, due and
 * open hazards as core's ledger keeps them), so opening the home screen costs
 * the same with a hundred households or a million. An unfinished checklist
 * found in the drafts (else an unsigned follow-up) is offered for resuming
 * once per session.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "tui/draw.h"
#include "tui/home-data.h"
#include "tui/i18n.h"
#include "tui/remote.h"
#include "tui/screen.h"
#include "tui/widget-prompt.h"

enum home_action {
	HOME_SEARCH = 1,
	HOME_SYNC,
	HOME_RECORDS,
	HOME_QUIT,
	HOME_RESUME,
	HOME_DUE,
	HOME_HAZARDS,
	HOME_SUMMARY,
	HOME_STOP_SYNC,
	HOME_ENROLL,
};

/* In the order the key bar shows them: a 40-column bar has room for the first few. */
static const struct fc_binding home_keys[] = {
    {'/', HOME_SEARCH, "/", N_("search"), N_("find a household by address, name, phone or id")},
    {'d', HOME_DUE, "d", N_("route"), N_("today's route: every household due, street by street")},
    {'h', HOME_HAZARDS, "h", N_("hazards"), N_("open hazards")},
    {'r', HOME_RECORDS, "r", N_("records"), N_("records on this device")},
    {'s', HOME_SYNC, "s", N_("sync"), N_("send records to the server, fetch updates")},
    {'c', HOME_RESUME, "c", N_("continue"), N_("continue the unfinished check")},
    {'u', HOME_SUMMARY, "u", NULL, N_("supervisors' summary from the server")},
    {'e', HOME_ENROLL, "e", NULL, N_("enrol this device with the server (address and code)")},
    {'q', HOME_QUIT, "q", N_("quit"), NULL},
    {FC_ESC, HOME_STOP_SYNC, "Esc", NULL, N_("stop a sync running in the background")},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {0, 0, NULL, NULL, NULL},
};

struct home {
	struct fc_home_counts counts;
	char draft_key[160];
	char draft_desc[400];
	int offered;
	int supervisor;		     /* enrolled as a supervisor: 'u' shows the summary */
	int enrolled;		     /* a server is known: s can bring households */
	struct fc_form_arg form_arg; /* lives while the form it opens does */
	char fu_record[160];	     /* the record an unsigned follow-up is of, likewise */
};

static const char *
home_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("fieldcheck: today");
}

static void
home_reload(struct fc_tui *tui, struct home *h)
{
	struct fc_error err = {0};

	h->supervisor = fc_remote_is_supervisor(tui);
	h->enrolled = fc_remote_enrolled(tui);
	if (fc_home_counts_load(tui, &h->counts, &err) != 0)
		fc_tui_error(tui, &err);
	h->draft_key[0] = '\0';
	h->draft_desc[0] = '\0';
	fc_home_first_draft(tui, h->draft_key, sizeof h->draft_key, h->draft_desc,
			    sizeof h->draft_desc);
}

static const struct fc_prompt_choice home_resume_choices[] = {
    {'\r', "Enter", N_("continue"), 1},
    {'d', "d", N_("discard"), 2},
    {FC_ESC, "Esc", N_("later"), 0},
    {0, NULL, NULL, 0},
};

static int
home_resume(struct fc_tui *tui, struct home *h)
{
	const char *rec = strrchr(h->draft_key, ':');

	if (strncmp(h->draft_key, "followup:", 9) == 0 && rec != NULL) {
		snprintf(h->fu_record, sizeof h->fu_record, "%s", rec + 1);
		fc_tui_open(tui, &fc_screen_followup, h->fu_record);
		return FC_KEY_OPEN;
	}
	memset(&h->form_arg, 0, sizeof h->form_arg);
	snprintf(tui->last_draft, sizeof tui->last_draft, "%s", h->draft_key);
	h->form_arg.draft_key = tui->last_draft;
	fc_tui_open(tui, &fc_screen_form, &h->form_arg);
	return FC_KEY_OPEN;
}

static int
home_resume_done(struct fc_tui *tui, void *ctx, int value)
{
	struct home *h = ctx;
	struct fc_error err = {0};

	if (value == 1)
		return home_resume(tui, h);
	if (value == 2) {
		if (fc_store_delete_draft(tui->app->store, h->draft_key, &err) != 0)
			fc_tui_error(tui, &err);
		else
			fc_tui_status(tui, "%s", _("Unfinished check discarded"));
		home_reload(tui, h);
	}
	return FC_KEY_HANDLED;
}

static void
home_offer(struct fc_tui *tui, struct home *h)
{
	char text[600];

	if (h->offered || h->draft_key[0] == '\0')
		return;
	h->offered = 1;
	snprintf(text, sizeof text, "%s\n%s", _("An unfinished check was saved:"), h->draft_desc);
	fc_prompt_ask(tui, text, home_resume_choices, home_resume_done, h);
}

static int
home_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct home *h = calloc(1, sizeof *h);

	(void)arg;
	if (h == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	home_reload(tui, h);
	home_offer(tui, h);
	*data = h;
	return 0;
}

static void
home_resume_screen(struct fc_tui *tui, void *data)
{
	home_reload(tui, data);
}

static void
home_free(void *data)
{
	free(data);
}

/* One "label  value" line of the home screen. */
struct home_line {
	const char *label;
	char value[64];
	attr_t attr;
	int gap; /* a blank line before it, when there is room */
};

static void __attribute__((__format__(printf, 4, 5)))
home_line(struct home_line *l, const char *label, attr_t attr, const char *fmt, ...)
{
	va_list ap;

	l->label = label;
	l->attr = attr;
	va_start(ap, fmt);
	vsnprintf(l->value, sizeof l->value, fmt, ap);
	va_end(ap);
}

/*
 * A device with no household cannot start a check, and "Households 0" alone
 * does not say why: they come from the server, through a sync, once the
 * device is enrolled. Returns the lines drawn.
 */
static int
home_draw_empty(struct fc_tui *tui, const struct home *h, int y)
{
	int end = tui->top + tui->body_rows, cols = tui->cols - 2;
	const char *hint =
	    h->enrolled ? _("No households yet: they come from the server. Press s to sync.")
			: _("No households yet: they come from the server. Press e to enrol "
			    "this device (address and code from your office), then s to sync.");
	int gap = y + 1 + fc_draw_wrap_lines(cols, hint) <= end; /* a blank line if it fits */

	if (y + gap >= end)
		return 0;
	return gap + fc_draw_wrap(y + gap, 1, cols, end - y - gap, hint, A_BOLD);
}

static void
home_draw(struct fc_tui *tui, void *data)
{
	struct home *h = data;
	const struct fc_home_counts *c = &h->counts;
	struct home_line l[10];
	char soon[128];
	int n = 0, y = tui->top + 1, cols = tui->cols - 2, lc = 0;
	int end = tui->top + tui->body_rows;

	memset(l, 0, sizeof l);
	/* With no household every due count is 0: the room goes to where they come from. */
	if (c->have_due && c->households > 0) {
		snprintf(soon, sizeof soon, _("Due within %d days"), c->soon_days);
		home_line(&l[n++], _("Households overdue"), c->overdue > 0 ? A_BOLD : A_NORMAL,
			  "%lld", (long long)c->overdue);
		home_line(&l[n++], soon, A_NORMAL, "%lld", (long long)c->soon);
		home_line(&l[n++], _("Revisits (nobody home)"), A_NORMAL, "%lld",
			  (long long)c->revisits);
	}
	if (c->returns > 0)
		home_line(&l[n++], _("Returned for correction"), A_BOLD, "%lld",
			  (long long)c->returns);
	home_line(&l[n++], _("Open hazards"), c->open_hazards > 0 ? A_BOLD : A_NORMAL, "%lld",
		  (long long)c->open_hazards);
	home_line(&l[n++], _("Records not synced"), c->unsynced > 0 ? A_BOLD : A_NORMAL, "%lld",
		  (long long)c->unsynced);
	home_line(&l[n++], _("Last sync"), A_NORMAL, "%s",
		  c->last_sync[0] != '\0' ? c->last_sync : _("never"));
	l[n].gap = 1;
	home_line(&l[n++], _("Households"), A_NORMAL, "%lld", (long long)c->households);
	home_line(&l[n++], _("Records"), A_NORMAL, "%lld", (long long)c->records);

	/* A fixed column on a wide screen; on a narrow one as wide as the longest label. */
	if (tui->cols >= 60) {
		lc = 24;
	} else {
		for (int i = 0; i < n; i++)
			if (fc_draw_cols(l[i].label) + 1 > lc)
				lc = fc_draw_cols(l[i].label) + 1;
		if (lc > cols - 8)
			lc = cols - 8;
	}
	fc_draw_text(y++, 1, cols, _("Today's work"), A_BOLD | A_UNDERLINE);
	for (int i = 0; i < n; i++) {
		if (l[i].gap && tui->body_rows > 12)
			y++;
		/* The totals, last, give way to the unfinished check: at 40x15 the
		 * counts filled the screen and the line saying a check waits for c
		 * never showed (nor did they stop at the status line). */
		if (y >= end - (h->draft_key[0] != '\0'))
			break;
		fc_draw_text(y, 1, lc, l[i].label, A_NORMAL);
		fc_draw_text(y++, 1 + lc, cols - lc, l[i].value, l[i].attr);
	}
	if (h->supervisor && y < tui->top + tui->body_rows - 1)
		fc_draw_text(y++, 1, cols, _("u: supervisors' summary"), A_NORMAL);
	if (c->returns > 0 && y < tui->top + tui->body_rows - 1)
		fc_draw_textf(y++, 1, cols, A_BOLD, "%s %s: %s", _("Returned:"), c->return_record,
			      c->return_comment);
	if (c->households == 0)
		y += home_draw_empty(tui, h, y);
	if (h->draft_key[0] != '\0' && y < end) {
		y += y + 1 < end; /* a blank line before it when there is room */
		fc_draw_textf(y++, 1, cols, A_BOLD, "%s %s", _("Unfinished (c):"), h->draft_desc);
	}
}

static int
home_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct home *h = data;
	struct fc_error err = {0};

	(void)code;
	switch (action) {
	case HOME_SEARCH:
		fc_tui_open(tui, &fc_screen_search, NULL);
		return FC_KEY_OPEN;
	case HOME_DUE:
		fc_tui_open(tui, &fc_screen_route, NULL);
		return FC_KEY_OPEN;
	case HOME_SUMMARY:
		if (!fc_remote_is_supervisor(tui)) {
			fc_tui_status(tui, "%s", _("The summary is for supervisors"));
			return FC_KEY_HANDLED;
		}
		fc_tui_open(tui, &fc_screen_summary, NULL);
		return FC_KEY_OPEN;
	case HOME_HAZARDS:
		fc_tui_open(tui, &fc_screen_hazards, NULL);
		return FC_KEY_OPEN;
	case HOME_RECORDS:
		fc_tui_open(tui, &fc_screen_records, NULL);
		return FC_KEY_OPEN;
	case HOME_SYNC:
		/* Beside the screen: the title bar shows how far it is, Esc stops it. */
		if (fc_bgsync_start(tui, &err) != 0)
			fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	case HOME_STOP_SYNC:
		if (!fc_bgsync_cancel(tui))
			fc_tui_status(tui, "%s", _("No sync is running"));
		home_reload(tui, h);
		return FC_KEY_HANDLED;
	case HOME_RESUME:
		if (h->draft_key[0] == '\0') {
			fc_tui_status(tui, "%s", _("No unfinished check"));
			return FC_KEY_HANDLED;
		}
		return home_resume(tui, h);
	case HOME_ENROLL:
		fc_tui_open(tui, &fc_screen_enroll, NULL);
		return FC_KEY_OPEN;
	case HOME_QUIT:
		return FC_KEY_QUIT;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_home = {
    .name = "home",
    .title = home_title,
    .init = home_init,
    .draw = home_draw,
    .key = home_key,
    .resume = home_resume_screen,
    .free = home_free,
    .keys = home_keys,
};
