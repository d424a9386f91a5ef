/* SPDX-License-Identifier: Apache-2.0 */
/*
 * form-photo.c: a photo item. The pictures the camera saved since the check
 * was opened are listed from the camera folder (`fieldcheck config
 * camera-dir`), newest first with their time and size; Space picks or drops
 * the highlighted one. A file name typed into the field (the fallback, for a
 * picture from elsewhere) is taken with Enter. Either way the file is read,
 * hashed and copied into the photo store at once by the one import path
 * (core/photo.h), so the answer in the draft is already {file, hash, size}
 * and a missing or unreadable file is said now, not at signing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "core/photo.h"
#include "core/validate.h"
#include "tui/draw.h"
#include "tui/form-item.h"
#include "tui/i18n.h"
#include "tui/photo-pick.h"
#include "tui/screen.h"
#include "tui/tview.h"

/* The folder is read again this often while the item is open (a new shot shows). */
#define PHOTO_RESCAN_MS 1000

void
fc_form_photo_scan(struct fc_form_edit *e)
{
	struct fc_error err = {0};
	char keep[sizeof e->shots[0].name] = "";

	e->shots_ms = fc_tui_now_ms();
	e->shots_err[0] = '\0';
	if (e->n_shots > 0 && e->opts.sel < (int)e->n_shots)
		snprintf(keep, sizeof keep, "%s", e->shots[e->opts.sel].name);
	if (e->form->camera_dir[0] == '\0') {
		e->n_shots = e->total_shots = 0;
	} else if (fc_photo_list(e->form->camera_dir, e->form->opened, e->shots, FC_EDIT_SHOTS,
				 &e->n_shots, &e->total_shots, &err) != 0) {
		snprintf(e->shots_err, sizeof e->shots_err, "%s", err.msg);
		e->n_shots = e->total_shots = 0;
	}
	fc_list_set_count(&e->opts, (int)e->n_shots);
	/* A new shot on top must not move the highlight off the one the inspector chose. */
	for (size_t i = 0; keep[0] != '\0' && i < e->n_shots; i++)
		if (strcmp(e->shots[i].name, keep) == 0)
			e->opts.sel = (int)i;
}

long
fc_photo_pick_find(const json_t *answer, const struct fc_photo_file *f)
{
	size_t i;
	json_t *p;

	json_array_foreach(answer, i, p) {
		const char *file = json_string_value(json_object_get(p, "file"));
		if (file != NULL && strcmp(file, f->name) == 0 &&
		    json_integer_value(json_object_get(p, "size")) == f->size)
			return (long)i;
	}
	return -1;
}

/* Store next (stolen) as the answer when it is valid; 0 when kept. */
static int
photo_store(struct fc_tui *tui, struct fc_form_edit *e, json_t *next)
{
	struct fc_error err = {0};

	if (json_array_size(next) == 0) {
		json_decref(next);
		next = NULL;
	} else if (fc_validate_answer(e->form->tpl, e->item->id, next, fc_i18n_code(), &err) != 0) {
		snprintf(e->message, sizeof e->message, "%s", err.msg);
		json_decref(next);
		return -1;
	}
	if (fc_form_answer(tui, e->form, next, &err) != 0) {
		fc_tui_error(tui, &err);
		return -1;
	}
	return 0;
}

/* The answer so far as a new array to change (string names from old drafts kept). */
static json_t *
photo_answer_copy(const struct fc_form_edit *e)
{
	json_t *cur = json_object_get(e->form->answers, e->item->id);

	return json_is_array(cur) ? json_deep_copy(cur) : json_array();
}

/* Read, hash and keep path now; the error names the item and the file. */
static json_t *
photo_import(struct fc_tui *tui, struct fc_form_edit *e, const char *path)
{
	struct fc_error err = {0};
	json_t *obj = NULL;

	if (fc_photo_import(tui->app->home.photos, path, &obj, &err) != 0) {
		snprintf(e->message, sizeof e->message, "%s: %s", e->item->id, err.msg);
		return NULL;
	}
	return obj;
}

/* Space on a listed shot: picked if it was not, dropped if it was. */
static int
photo_toggle(struct fc_tui *tui, struct fc_form_edit *e)
{
	const struct fc_photo_file *f = &e->shots[e->opts.sel];
	json_t *next = photo_answer_copy(e), *obj;
	long at = fc_photo_pick_find(next, f);
	char path[FC_PATH_MAX + 256];

	e->message[0] = '\0';
	if (at >= 0) {
		json_array_remove(next, (size_t)at);
		if (photo_store(tui, e, next) == 0)
			fc_tui_status(tui, _("%s: %s dropped"), e->item->id, f->name);
		return FC_EDIT_HANDLED;
	}
	snprintf(path, sizeof path, "%s/%s", e->form->camera_dir, f->name);
	if ((obj = photo_import(tui, e, path)) == NULL) {
		json_decref(next);
		return FC_EDIT_HANDLED;
	}
	json_array_append_new(next, obj);
	if (photo_store(tui, e, next) == 0)
		fc_tui_status(tui, _("%s: %s picked"), e->item->id, f->name);
	return FC_EDIT_HANDLED;
}

/* A typed name: as given when absolute, else from the camera folder if it is there. */
static void
photo_typed_path(const struct fc_form_edit *e, const char *name, char *out, size_t size)
{
	if (name[0] != '/' && e->form->camera_dir[0] != '\0') {
		snprintf(out, size, "%s/%s", e->form->camera_dir, name);
		if (access(out, F_OK) == 0)
			return;
	}
	snprintf(out, size, "%s", name);
}

/* The answer holds a photo with obj's hash already (the same picture twice). */
static int
photo_has_hash(const json_t *answer, const json_t *obj)
{
	const char *hash = json_string_value(json_object_get(obj, "hash"));
	size_t i;
	json_t *p;

	json_array_foreach(answer, i, p) {
		const char *h = json_string_value(json_object_get(p, "hash"));
		if (h != NULL && hash != NULL && strcmp(h, hash) == 0)
			return 1;
	}
	return 0;
}

/* Enter on typed names ("a.jpg; b.jpg"): all are taken, or none and why. */
static int
photo_take_typed(struct fc_tui *tui, struct fc_form_edit *e, const char *text)
{
	json_t *next = photo_answer_copy(e);
	char buf[FC_FIELD_MAX * 4 + 1], *save = NULL;

	e->message[0] = '\0';
	snprintf(buf, sizeof buf, "%s", text);
	for (char *p = strtok_r(buf, ";", &save); p != NULL; p = strtok_r(NULL, ";", &save)) {
		char path[FC_PATH_MAX + 256];
		size_t n;
		json_t *obj;

		while (*p == ' ')
			p++;
		for (n = strlen(p); n > 0 && p[n - 1] == ' ';)
			p[--n] = '\0';
		if (n == 0)
			continue;
		photo_typed_path(e, p, path, sizeof path);
		if ((obj = photo_import(tui, e, path)) == NULL) {
			json_decref(next);
			return FC_EDIT_HANDLED;
		}
		if (photo_has_hash(next, obj))
			json_decref(obj);
		else
			json_array_append_new(next, obj);
	}
	if (photo_store(tui, e, next) != 0)
		return FC_EDIT_HANDLED;
	fc_field_clear(&e->field);
	return FC_EDIT_NEXT;
}

int
fc_form_photo_key(struct fc_tui *tui, struct fc_form_edit *e, enum fc_form_nav nav, int code)
{
	char text[FC_FIELD_MAX * 4 + 1];
	int n = (int)e->n_shots;

	fc_field_get(&e->field, text, sizeof text);
	if (nav == FC_NAV_ENTER)
		return text[0] != '\0' ? photo_take_typed(tui, e, text) : FC_EDIT_NEXT;
	if (nav == FC_NAV_UP || nav == FC_NAV_DOWN) {
		/* Past the first or last picture is the previous or next item. */
		if (nav == FC_NAV_UP && e->opts.sel <= 0)
			return FC_EDIT_PREV;
		if (nav == FC_NAV_DOWN && e->opts.sel + 1 >= n)
			return FC_EDIT_NEXT;
		e->opts.sel += nav == FC_NAV_UP ? -1 : 1;
		return FC_EDIT_HANDLED;
	}
	/* Space picks while nothing is typed; in a typed name it is a space. */
	if (code == ' ' && text[0] == '\0' && n > 0)
		return photo_toggle(tui, e);
	if (fc_field_key(&e->field, code) != 0) {
		e->message[0] = '\0';
		return FC_EDIT_HANDLED;
	}
	return FC_EDIT_IGNORED;
}

int
fc_form_photo_tick(struct fc_form_edit *e)
{
	if (fc_tui_now_ms() - e->shots_ms < PHOTO_RESCAN_MS)
		return FC_EDIT_IGNORED;
	fc_form_photo_scan(e);
	return FC_EDIT_HANDLED;
}

/* "1.2 MB", "830 KB": a size to tell two shots apart, not an exact count. */
static void
photo_size_text(long long size, char *out, size_t out_size)
{
	if (size >= 1024 * 1024)
		snprintf(out, out_size, "%.1f MB", (double)size / (1024.0 * 1024.0));
	else if (size >= 1024)
		snprintf(out, out_size, "%lld KB", size / 1024);
	else
		snprintf(out, out_size, "%lld B", size);
}

struct photo_row_ctx {
	struct fc_form_edit *e;
	const json_t *answer;
};

static void
photo_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct photo_row_ctx *c = ctx;

	fc_photo_pick_row(&c->e->shots[i], c->answer, y, x, cols, selected);
}

void
fc_photo_pick_row(const struct fc_photo_file *f, const json_t *answer, int y, int x, int cols,
		  int selected)
{
	char left[300], right[64], size[24], when[24];
	struct tm tm;
	time_t now = time(NULL);
	struct tm today;

	localtime_r(&f->mtime, &tm);
	localtime_r(&now, &today);
	/* Local time: the hour the inspector remembers; the date only when not today. */
	strftime(when, sizeof when,
		 tm.tm_yday == today.tm_yday && tm.tm_year == today.tm_year ? "%H:%M:%S"
									    : "%m-%d %H:%M",
		 &tm);
	photo_size_text(f->size, size, sizeof size);
	snprintf(left, sizeof left, "%s%s %s", selected ? ">" : " ",
		 fc_photo_pick_find(answer, f) >= 0 ? "[x]" : "[ ]", f->name);
	snprintf(right, sizeof right, " %s %s", when, size);
	fc_draw_split(y, x, cols, left, right, selected ? A_REVERSE : A_NORMAL);
}

void
fc_photo_pick_picked(const json_t *answer, char *out, size_t out_size)
{
	size_t at, i;
	json_t *p;

	at = (size_t)snprintf(out, out_size, _("Picked (%zu): "), json_array_size(answer));
	json_array_foreach(answer, i, p) {
		const char *name = json_is_string(p)
				       ? json_string_value(p)
				       : json_string_value(json_object_get(p, "file"));
		if (name != NULL && at < out_size)
			at += (size_t)snprintf(out + at, out_size - at, "%s%s", i > 0 ? ", " : "",
					       name);
	}
}

void
fc_photo_pick_none(const char *scan_err, const char *camera_dir, time_t since, int typed, char *out,
		   size_t size)
{
	char when[24];
	struct tm tm;

	localtime_r(&since, &tm);
	strftime(when, sizeof when, "%H:%M", &tm);
	if (scan_err[0] != '\0')
		snprintf(out, size, "%s", scan_err);
	else if (camera_dir[0] == '\0')
		snprintf(out, size, "%s",
			 typed ? _("No camera folder set (fieldcheck config camera-dir DIR); "
				   "type file names")
			       : _("No camera folder set (fieldcheck config camera-dir DIR)"));
	else if (typed)
		snprintf(out, size, "%s",
			 _("No new pictures in the camera folder since the check was opened"));
	else
		snprintf(out, size, _("No new pictures in the camera folder since %s"), when);
}

/* The list of new shots, or why there is none; returns the lines used. */
static int
photo_draw_list(struct fc_form_edit *e, const json_t *answer, int y, int rows, int cols)
{
	struct photo_row_ctx c = {e, answer};
	char note[512];
	int used;

	if (rows <= 0)
		return 0;
	if (e->n_shots == 0) {
		fc_photo_pick_none(e->shots_err, e->form->camera_dir, e->form->opened, 1, note,
				   sizeof note);
		return fc_draw_wrap(y, 1, cols, rows, note, A_NORMAL);
	}
	used = rows;
	if (e->total_shots > e->n_shots && (int)e->n_shots >= rows && rows > 1)
		used--;
	/* New shots the lines cannot hold are counted, as older ones are below. */
	used = fc_list_draw_more(&e->opts, y, 1, used, cols, photo_row, &c);
	/* Never cut short without a word: older shots are reached by typing the name. */
	if (e->total_shots > e->n_shots && used < rows) {
		snprintf(note, sizeof note, _("%zu older not listed; type the name"),
			 e->total_shots - e->n_shots);
		fc_draw_text(y + used, 1, cols, note, A_NORMAL);
		used++;
	}
	return used;
}

int
fc_form_photo_draw(struct fc_tui *tui, struct fc_form_edit *e, int y, int rows)
{
	const json_t *answer = json_object_get(e->form->answers, e->item->id);
	int cols = tui->cols - 2, lw, cx;
	char picked[1024];
	const char *label = _("File:");

	if (rows <= 0)
		return 0;
	if (json_array_size(answer) > 0)
		fc_photo_pick_picked(answer, picked, sizeof picked);
	else
		snprintf(picked, sizeof picked, "%s", _("No photo picked yet"));
	fc_draw_text(y, 1, cols, picked, A_BOLD);
	if (rows < 2)
		return 1;
	lw = fc_draw_cols(label) + 1;
	fc_draw_text(y + 1, 1, lw, label, A_NORMAL);
	cx = fc_field_draw(&e->field, y + 1, 1 + lw, cols - lw);
	fc_tui_cursor(tui, y + 1, cx);
	return 2 + photo_draw_list(e, answer, y + 2, rows - 2, cols);
}
