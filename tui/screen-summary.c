/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-summary.c: the supervisors' summary from the server, one block per
 * district (or inspector, on 'b'): work done, hazards found, open and
 * overdue, households overdue, house grades, devices with their last sync,
 * and forks (a device that sent two different records under one number).
 * Fetched when the screen opens and on 'g'; the server decides who may see it.
 */
#include <stdlib.h>
#include <string.h>

#include "app/summary.h"
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

/* "major 1, ordinary 20" with each severity as the checklists name it (重大隐患 1). */
static void
summary_severities(struct fc_tui *tui, const json_t *counts, char *out, size_t size)
{
	const char *k;
	json_t *v;
	size_t n = 0;

	out[0] = '\0';
	json_object_foreach((json_t *)counts, k, v) {
		int w = snprintf(out + n, size - n, "%s%s %lld", n > 0 ? ", " : "",
				 fc_tview_severity_any(tui, k), (long long)json_integer_value(v));

		if (w < 0 || (size_t)w >= size - n) {
			out[n] = '\0';
			break;
		}
		n += (size_t)w;
	}
}

static void
summary_build(struct fc_tui *tui, struct summary *s)
{
	struct fc_text *t = &s->text;
	struct fc_summary_group g;
	struct fc_summary_device d;
	struct fc_summary_fork f;
	size_t n = fc_summary_group_count(s->data);
	char buf[1024], when[32];

	fc_text_release(t);
	for (size_t i = 0; i < n; i++) {
		fc_summary_group(s->data, i, &g);
		fc_text_add(t, A_BOLD | A_UNDERLINE, "%s", g.key);
		fc_text_add(t, A_NORMAL, _("inspections %lld, nobody home %lld, refused %lld"),
			    g.inspections, g.nobody_home, g.refusals);
		summary_severities(tui, g.by_severity, buf, sizeof buf);
		fc_text_add(t, A_NORMAL, _("hazards found: %s"), buf[0] != '\0' ? buf : "0");
		fc_text_add(t, g.hazards_overdue > 0 ? A_BOLD : A_NORMAL,
			    _("hazards open %lld, overdue for follow-up %lld"), g.hazards_open,
			    g.hazards_overdue);
		fc_text_add(t, A_NORMAL, _("households overdue for a check: %lld"),
			    g.households_overdue);
		fc_summary_counts(g.grades, " ", buf, sizeof buf);
		if (buf[0] != '\0')
			fc_text_add(t, A_NORMAL, _("house grades: %s"), buf);
		for (size_t j = 0; j < g.n_devices; j++) {
			fc_summary_device(&g, j, &d);
			fc_summary_when(d.last_sync, _("never"), when, sizeof when);
			fc_text_add(t, A_NORMAL, _("device %s (%s): last sync %s, %lld records"),
				    d.device, d.inspector, when, d.held);
		}
		for (size_t j = 0; j < g.n_forks; j++) {
			fc_summary_fork(&g, j, &f);
			fc_text_add(t, A_BOLD, _("FORK: device %s sent two different records %lld"),
				    f.device, f.seq);
		}
	}
	if (n == 0)
		fc_text_add(t, A_NORMAL, "%s", _("Nothing synced in this period."));
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
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
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
