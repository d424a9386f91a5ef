/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-pick.c: photos from the camera folder for something that is not a
 * photo item: any item of the form (F5, evidence per hazard) or a hazard on
 * the follow-up screen (p). The pictures written since the asking screen
 * was opened are listed newest first, read again every second so a shot
 * just taken shows; Space picks or drops the highlighted one. A pick is
 * hashed and copied into the photo store at once (core/photo.h) and the
 * asker's changed() saves it (the form's draft), so nothing waits for
 * Enter: Enter and Esc both go back with what is picked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/photo-pick.h"
#include "tui/screen.h"
#include "tui/widget-list.h"

#define PICK_SHOTS 40
#define PICK_RESCAN_MS 1000

enum pick_action {
	PICK_TOGGLE = 1,
	PICK_DONE,
	PICK_BACK,
	PICK_MOVE,
};

static const struct fc_binding pick_keys[] = {
    {' ', PICK_TOGGLE, "Space", N_("pick/drop"),
     N_("pick the highlighted picture, or drop it when picked")},
    {'\r', PICK_DONE, "Enter", N_("done"), N_("back, with the pictures picked")},
    {FC_ESC, PICK_BACK, "Esc", N_("back"), N_("back, with the pictures picked (as Enter)")},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), PICK_MOVE, "Up", NULL, N_("previous picture")},
    {FC_KEYCODE(KEY_DOWN), PICK_MOVE, "Down", NULL, N_("next picture")},
    {FC_KEYCODE(KEY_PPAGE), PICK_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), PICK_MOVE, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), PICK_MOVE, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), PICK_MOVE, "End", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct pick {
	struct fc_pick_arg *arg;
	struct fc_photo_file shots[PICK_SHOTS];
	size_t n, total;
	double scanned_ms;
	char scan_err[512];
	struct fc_list list;
	int head; /* lines above the list */
};

static const char *
pick_title(struct fc_tui *tui, void *data)
{
	struct pick *p = data;

	(void)tui;
	return _(p->arg->title);
}

/* Read the folder again, keeping the highlight on the picture it was on. */
static void
pick_scan(struct pick *p)
{
	struct fc_error err = {0};
	char keep[sizeof p->shots[0].name] = "";

	p->scanned_ms = fc_tui_now_ms();
	p->scan_err[0] = '\0';
	if (p->n > 0 && p->list.sel < (int)p->n)
		snprintf(keep, sizeof keep, "%s", p->shots[p->list.sel].name);
	if (p->arg->dir[0] == '\0') {
		p->n = p->total = 0;
	} else if (fc_photo_list(p->arg->dir, p->arg->since, p->shots, PICK_SHOTS, &p->n, &p->total,
				 &err) != 0) {
		snprintf(p->scan_err, sizeof p->scan_err, "%s", err.msg);
		p->n = p->total = 0;
	}
	fc_list_set_count(&p->list, (int)p->n);
	for (size_t i = 0; keep[0] != '\0' && i < p->n; i++)
		if (strcmp(p->shots[i].name, keep) == 0)
			p->list.sel = (int)i;
}

static int
pick_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct pick *p = calloc(1, sizeof *p);

	(void)tui;
	if (p == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	p->arg = arg;
	fc_list_init(&p->list);
	pick_scan(p);
	*data = p;
	return 0;
}

static void
pick_free(void *data)
{
	free(data);
}

/* Space: the highlighted picture imported and added, or dropped when it was picked. */
static int
pick_toggle(struct fc_tui *tui, struct pick *p)
{
	const struct fc_photo_file *f;
	struct fc_error err = {0};
	char path[FC_PATH_MAX + 256];
	json_t *obj = NULL;
	long at;

	if (p->n == 0)
		return FC_KEY_HANDLED;
	f = &p->shots[p->list.sel];
	at = fc_photo_pick_find(p->arg->photos, f);
	if (at >= 0) {
		json_array_remove(p->arg->photos, (size_t)at);
	} else {
		snprintf(path, sizeof path, "%s/%s", p->arg->dir, f->name);
		if (fc_photo_import(tui->app->home.photos, path, &obj, &err) != 0) {
			fc_error_prefix(&err, "%s", f->name);
			fc_tui_error(tui, &err);
			return FC_KEY_HANDLED;
		}
		json_array_append_new(p->arg->photos, obj);
	}
	if (p->arg->changed != NULL && p->arg->changed(tui, p->arg->ctx, &err) != 0)
		fc_tui_error(tui, &err);
	else
		fc_tui_status(tui, at >= 0 ? _("%s dropped") : _("%s picked"), f->name);
	return FC_KEY_HANDLED;
}

static int
pick_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct pick *p = data;

	switch (action) {
	case FC_ACT_TICK:
		if (fc_tui_now_ms() - p->scanned_ms < PICK_RESCAN_MS)
			return FC_KEY_IGNORED;
		pick_scan(p);
		return FC_KEY_HANDLED;
	case PICK_MOVE:
		fc_list_key(&p->list, code, tui->body_rows - p->head);
		return FC_KEY_HANDLED;
	case PICK_TOGGLE:
		return pick_toggle(tui, p);
	case PICK_DONE:
	case PICK_BACK:
		return FC_KEY_CLOSE;
	}
	return FC_KEY_IGNORED;
}

static void
pick_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct pick *p = ctx;

	fc_photo_pick_row(&p->shots[i], p->arg->photos, y, x, cols, selected);
}

static void
pick_draw(struct fc_tui *tui, void *data)
{
	struct pick *p = data;
	int y = tui->top, cols = tui->cols - 2, rows;
	char text[1024];

	y += fc_draw_wrap(y, 1, cols, 2, p->arg->what, A_BOLD);
	if (json_array_size(p->arg->photos) > 0)
		fc_photo_pick_picked(p->arg->photos, text, sizeof text);
	else
		snprintf(text, sizeof text, "%s", _("No photo picked yet"));
	y += fc_draw_wrap(y, 1, cols, 2, text, A_NORMAL);
	p->head = y - tui->top;
	rows = tui->body_rows - p->head;
	if (p->n == 0) {
		fc_photo_pick_none(p->scan_err, p->arg->dir, p->arg->since, 0, text, sizeof text);
		fc_draw_wrap(y, 1, cols, rows, text, A_NORMAL);
		return;
	}
	if (p->total > p->n && rows > 1) {
		/* Never cut short without a word. */
		snprintf(text, sizeof text, _("%zu older not listed"), p->total - p->n);
		fc_draw_text(y + rows - 1, 1, cols, text, A_NORMAL);
		rows--;
	}
	p->list.lines = 1;
	fc_list_draw_more(&p->list, y, 1, rows, cols, pick_row, p);
}

const struct fc_screen fc_screen_pick = {
    .name = "pick",
    .title = pick_title,
    .init = pick_init,
    .draw = pick_draw,
    .key = pick_key,
    .free = pick_free,
    .keys = pick_keys,
};
