/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-help.c: every key of the screen it was opened from, from that
 * screen's own table, so the help can never disagree with the bindings.
 */
#include <stdlib.h>

#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-list.h"

enum help_action { HELP_CLOSE = 1 };

static const struct fc_binding help_keys[] = {
    {FC_ESC, HELP_CLOSE, "Esc", N_("back")},
    {'q', HELP_CLOSE, "q", NULL},
    {'?', HELP_CLOSE, "?", NULL},
    {0, 0, NULL, NULL},
};

struct help {
	const struct fc_screen *of;
	struct fc_list list;
	int n;
};

static const char *
help_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Help: keys");
}

static int
help_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct help *h = calloc(1, sizeof *h);

	(void)tui;
	if (h == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	h->of = arg;
	for (const struct fc_binding *b = h->of->keys; b->action != 0; b++)
		h->n++;
	fc_list_init(&h->list);
	fc_list_set_count(&h->list, h->n + 2);
	*data = h;
	return 0;
}

static void
help_free(void *data)
{
	free(data);
}

struct help_row_ctx {
	struct help *h;
};

static void
help_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct help *h = ctx;
	const struct fc_binding *b;
	const char *label = NULL;

	(void)selected;
	if (i >= h->n) {
		fc_draw_text(y, x, cols,
			     i == h->n ? "F12  中文/English"
				       : _("Ctrl-C  quit (answers are already saved)"),
			     A_NORMAL);
		return;
	}
	b = &h->of->keys[i];
	label = b->label;
	/* A key without its own label does what the labelled key with its action does. */
	for (const struct fc_binding *p = h->of->keys; label == NULL && p->action != 0; p++)
		if (p->action == b->action && p->label != NULL)
			label = p->label;
	fc_draw_text(y, x, 8, b->key_name, A_BOLD);
	fc_draw_text(y, x + 8, cols - 8, label != NULL ? _(label) : "", A_NORMAL);
}

static void
help_draw(struct fc_tui *tui, void *data)
{
	struct help *h = data;

	fc_list_draw(&h->list, tui->top + 1, 1, tui->body_rows - 1, tui->cols - 2, help_row, h);
}

static int
help_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct help *h = data;

	if (action == HELP_CLOSE)
		return FC_KEY_CLOSE;
	if (action == FC_ACT_NONE && fc_list_key(&h->list, code, tui->body_rows - 1))
		return FC_KEY_HANDLED;
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_help = {
    .name = "help",
    .title = help_title,
    .init = help_init,
    .draw = help_draw,
    .key = help_key,
    .free = help_free,
    .keys = help_keys,
};
