/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-help.c: every key of the screen it was opened from, from that
 * screen's own table, so the help can never disagree with the bindings.
 */
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-text.h"

enum help_action { HELP_CLOSE = 1, HELP_MOVE };

static const struct fc_binding help_keys[] = {
    {FC_ESC, HELP_CLOSE, "Esc", N_("back"), NULL},
    {'q', HELP_CLOSE, "q", NULL, NULL},
    {'?', HELP_CLOSE, "?", NULL, NULL},
    {FC_KEYCODE(KEY_UP), HELP_MOVE, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), HELP_MOVE, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), HELP_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), HELP_MOVE, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), HELP_MOVE, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), HELP_MOVE, "End", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

#define HELP_ROWS 48

struct help {
	const struct fc_screen *of;
	struct fc_text text;			  /* one wrapped line per key */
	const struct fc_binding *rows[HELP_ROWS]; /* the screen's keys, then the shared ones */
	int n;
};

static const char *
help_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Help: keys");
}

/* The shared key b is listed unless the screen binds its code itself. */
static int
help_overridden(const struct fc_screen *of, const struct fc_binding *b)
{
	for (const struct fc_binding *p = of->keys; p->action != 0; p++)
		if (p->code == b->code)
			return 1;
	return 0;
}

static void help_build(struct help *h);

static int
help_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct help *h = calloc(1, sizeof *h);

	(void)tui;
	if (h == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	h->of = arg;
	for (const struct fc_binding *b = h->of->keys; b->action != 0 && h->n < HELP_ROWS; b++)
		h->rows[h->n++] = b;
	for (const struct fc_binding *b = fc_tui_global_keys; b->action != 0 && h->n < HELP_ROWS;
	     b++)
		if (!help_overridden(h->of, b))
			h->rows[h->n++] = b;
	fc_text_init(&h->text);
	help_build(h);
	*data = h;
	return 0;
}

static void
help_free(void *data)
{
	struct help *h = data;

	if (h == NULL)
		return;
	fc_text_release(&h->text);
	free(h);
}

/* What moving keys do where a screen says nothing more particular. */
static const struct {
	const char *key, *what;
} help_moves[] = {
    {"Up", N_("previous line")}, {"Down", N_("next line")},  {"PgUp", N_("page up")},
    {"PgDn", N_("page down")},	 {"Home", N_("to the top")}, {"End", N_("to the end")},
    {"Space", N_("page down")},
};

/* What b does: its own help, its label, another key's of the same action, or a move. */
static const char *
help_what(const struct help *h, const struct fc_binding *b)
{
	if (b->help != NULL)
		return _(b->help);
	if (b->label != NULL)
		return _(b->label);
	for (const struct fc_binding *p = h->of->keys; p->action != 0; p++)
		if (p->action == b->action && (p->help != NULL || p->label != NULL))
			return _(p->help != NULL ? p->help : p->label);
	for (size_t i = 0; i < sizeof help_moves / sizeof help_moves[0]; i++)
		if (strcmp(help_moves[i].key, b->key_name) == 0)
			return _(help_moves[i].what);
	return "";
}

static void
help_build(struct help *h)
{
	fc_text_release(&h->text);
	fc_text_init(&h->text);
	for (int i = 0; i < h->n; i++)
		fc_text_add(&h->text, A_NORMAL, "%-6s %s", h->rows[i]->key_name,
			    help_what(h, h->rows[i]));
}

static void
help_draw(struct fc_tui *tui, void *data)
{
	struct help *h = data;

	fc_text_draw(&h->text, tui->top, 1, tui->body_rows, tui->cols - 2);
}

static void
help_resume(struct fc_tui *tui, void *data)
{
	(void)tui;
	help_build(data); /* the language changed */
}

static int
help_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct help *h = data;

	if (action == HELP_CLOSE)
		return FC_KEY_CLOSE;
	if (action == HELP_MOVE && fc_text_key(&h->text, code, tui->body_rows))
		return FC_KEY_HANDLED;
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_help = {
    .name = "help",
    .title = help_title,
    .init = help_init,
    .draw = help_draw,
    .key = help_key,
    .resume = help_resume,
    .free = help_free,
    .keys = help_keys,
};
