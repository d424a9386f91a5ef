/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-line.c: one line of text asked for on a screen of its own (a
 * follow-up's note or new deadline, a server address at enrolment). The
 * asking screen passes a struct fc_line_arg and reads arg->out and
 * arg->taken in its resume, which the loop calls when this one closes.
 *
 * It is a screen, not a prompt, because a prompt takes one key: a line
 * needs every key, '?' included, which is why help here is F1 only.
 */
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/widget-field.h"

enum line_action {
	LINE_TAKE = 1,
	LINE_CANCEL,
};

static const struct fc_binding line_keys[] = {
    {'\r', LINE_TAKE, "Enter", N_("done"), N_("take this text")},
    {FC_ESC, LINE_CANCEL, "Esc", N_("cancel"), N_("leave the text as it was")},
    {0, 0, NULL, NULL, NULL},
};

struct line {
	struct fc_line_arg *arg;
	struct fc_field field;
};

static const char *
line_title(struct fc_tui *tui, void *data)
{
	struct line *l = data;

	(void)tui;
	return _(l->arg->title);
}

static int
line_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct line *l = calloc(1, sizeof *l);
	/* No more than out holds (4 bytes a character at most), whatever the caller asks. */
	int most = (int)(sizeof l->arg->out - 1) / 4;

	(void)tui;
	if (l == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	l->arg = arg;
	l->arg->taken = 0;
	fc_field_init(&l->field,
		      l->arg->max_chars > 0 && l->arg->max_chars < most ? l->arg->max_chars : most,
		      0);
	l->field.ascii = l->arg->ascii;
	fc_field_set(&l->field, l->arg->out);
	*data = l;
	return 0;
}

static void
line_free(void *data)
{
	free(data);
}

static void
line_draw(struct fc_tui *tui, void *data)
{
	struct line *l = data;
	int y = tui->top + 1, cols = tui->cols - 2;

	y += fc_draw_wrap(y, 1, cols, 3, _(l->arg->question), A_BOLD);
	if (l->arg->hint != NULL)
		y += fc_draw_wrap(y, 1, cols, 2, _(l->arg->hint), A_NORMAL);
	y++;
	fc_tui_cursor(tui, y, 1 + fc_field_draw(&l->field, y, 1, cols));
}

static int
line_take(struct fc_tui *tui, struct line *l)
{
	struct fc_error err = {0};
	char text[sizeof l->arg->out];

	fc_field_get(&l->field, text, sizeof text);
	if (l->arg->check != NULL && text[0] != '\0' && l->arg->check(text, &err) != 0) {
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	memcpy(l->arg->out, text, sizeof text);
	l->arg->taken = 1;
	return FC_KEY_CLOSE;
}

static int
line_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct line *l = data;
	int r;

	switch (action) {
	case LINE_TAKE:
		return line_take(tui, l);
	case LINE_CANCEL:
		return FC_KEY_CLOSE;
	case FC_ACT_NONE:
		r = fc_field_key(&l->field, code);
		/* A key the full field did not take is said, not silently lost. */
		if (r == FC_FIELD_FULL)
			fc_tui_status(tui, _("At most %d characters; the rest was not taken"),
				      l->field.max);
		return r ? FC_KEY_HANDLED : FC_KEY_IGNORED;
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_line = {
    .name = "line",
    .title = line_title,
    .init = line_init,
    .draw = line_draw,
    .key = line_key,
    .free = line_free,
    .keys = line_keys,
    .pastes = 1,
};
