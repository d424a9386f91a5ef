/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-summary.c: the supervisors' summary from the server, one block per
 * district (or inspector, on 'b'): work done, hazards found, open and
 * overdue, households overdue, house grades, devices with their last sync,
 * and forks (a device that sent two different records under one number).
 * Laid out by app/summary-view.c, as `fieldcheck summary` prints it.
 * Fetched when the screen opens and on 'g'; the server decides who may see it.
 */
#include <stdlib.h>
#include <string.h>

#include "app/summary-view.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/remote.h"
#include "tui/screen.h"
#include "tui/tview.h"
#include "tui/widget-text.h"

enum summary_action {
	SUM_BACK = 1,
	SUM_BY,
	SUM_AGAIN,
	SUM_SCROLL,
};

static const struct fc_binding summary_keys[] = {
    {'b', SUM_BY, "b", N_("district/inspector"), N_("group by district or by inspector")},
    {'g', SUM_AGAIN, "g", N_("fetch again"), N_("fetch the summary from the server again")},
    {FC_ESC, SUM_BACK, "Esc", N_("back"), NULL},
    {'q', SUM_BACK, "q", NULL, NULL},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), SUM_SCROLL, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), SUM_SCROLL, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), SUM_SCROLL, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), SUM_SCROLL, "PgDn", NULL, NULL},
    {' ', SUM_SCROLL, "Space", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct summary {
	int by_inspector;
	json_t *data;
	struct fc_text text;
};

static const char *
summary_title(struct fc_tui *tui, void *data)
{
	struct summary *s = data;

	(void)tui;
	return s->by_inspector ? _("Summary by inspector") : _("Summary by district");
}

/* The lines app/summary-view.c lays out, the same as `fieldcheck summary` prints. */
static void
summary_build(struct fc_tui *tui, struct summary *s)
{
	static const attr_t attrs[] = {[FC_VIEW_PLAIN] = A_NORMAL,
				       [FC_VIEW_STRONG] = A_BOLD,
				       [FC_VIEW_SECTION] = A_BOLD | A_UNDERLINE};
	struct fc_error err = {0};
	struct fc_view view;

	fc_text_release(&s->text);
	fc_view_init(&view, fc_i18n_code());
	if (fc_summary_view(s->data, s->by_inspector, fc_tview_templates(tui, &err), &view, &err) !=
	    0)
		fc_text_add(&s->text, A_BOLD, "%s", err.msg);
	for (size_t i = 0; i < view.n; i++)
		fc_text_add(&s->text, attrs[view.lines[i].style], "%s", view.lines[i].text);
	fc_view_release(&view);
}

static int
summary_fetch(struct fc_tui *tui, struct summary *s, struct fc_error *err)
{
	json_t *data = NULL;

	if (fc_remote_summary(tui, s->by_inspector ? "inspector" : "district", &data, err) != 0)
		return -1;
	json_decref(s->data);
	s->data = data;
	summary_build(tui, s);
	tui->status[0] = '\0';
	return 0;
}

static int
summary_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct summary *s = calloc(1, sizeof *s);

	(void)arg;
	if (s == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	fc_text_init(&s->text);
	if (summary_fetch(tui, s, err) != 0) {
		fc_text_release(&s->text);
		free(s);
		return -1;
	}
	*data = s;
	return 0;
}

static void
summary_resume(struct fc_tui *tui, void *data)
{
	summary_build(tui, data);
}

static void
summary_free(void *data)
{
	struct summary *s = data;

	if (s == NULL)
		return;
	json_decref(s->data);
	fc_text_release(&s->text);
	free(s);
}

static void
summary_draw(struct fc_tui *tui, void *data)
{
	struct summary *s = data;

	fc_text_draw(&s->text, tui->top, 1, tui->body_rows, tui->cols - 2);
}

static int
summary_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct summary *s = data;
	struct fc_error err = {0};

	switch (action) {
	case SUM_BACK:
		return FC_KEY_CLOSE;
	case SUM_SCROLL:
		fc_text_key(&s->text, code, tui->body_rows);
		return FC_KEY_HANDLED;
	case SUM_BY:
		s->by_inspector = !s->by_inspector;
		/* fall through */
	case SUM_AGAIN:
		if (summary_fetch(tui, s, &err) != 0)
			fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_summary = {
    .name = "summary",
    .title = summary_title,
    .init = summary_init,
    .draw = summary_draw,
    .key = summary_key,
    .resume = summary_resume,
    .free = summary_free,
    .keys = summary_keys,
};
