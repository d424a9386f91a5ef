/*
 * screen-form.c: the checklist, one item at a time, the way it is done at
 * the door: the section and item position with a progress bar, the item's
 * label, an input made for its type, and the validation message as it is
 * typed. Answers are saved to the draft the moment they are given.
 *
 * Keys by item type (handled here because they depend on the item; the
 * table below holds the ones that do not):
 *   yes/no      y, n, a (not applicable): answer and go on
 *   number      digits . - with the unit shown; checked at every key
 *   choice      Up/Down or 1-9, Enter/Space picks and goes on
 *   multiple    Up/Down or 1-9, Space ticks, Enter goes on
 *   text        any characters (Chinese input included); Enter goes on
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "core/validate.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/tview.h"
#include "tui/widget-field.h"
#include "tui/widget-list.h"
#include "tui/widget-progress.h"
#include "tui/widget-prompt.h"

enum form_action {
	FORM_NEXT = 1,
	FORM_PREV,
	FORM_UP,
	FORM_DOWN,
	FORM_ENTER,
	FORM_NEXT_SECTION,
	FORM_PREV_SECTION,
	FORM_REVIEW,
	FORM_LEAVE,
	FORM_DISCARD,
	FORM_HELP,
};

static const struct fc_binding form_keys[] = {
    {FC_KEYCODE(KEY_F(2)), FORM_REVIEW, "F2", N_("review & sign")},
    {'\t', FORM_NEXT, "Tab", N_("next")},
    {FC_KEYCODE(KEY_BTAB), FORM_PREV, "S-Tab", N_("previous")},
    {FC_ESC, FORM_LEAVE, "Esc", N_("save & leave")},
    {FC_KEYCODE(KEY_F(8)), FORM_DISCARD, "F8", N_("discard")},
    {'\r', FORM_ENTER, "Enter", NULL},
    {FC_KEYCODE(KEY_UP), FORM_UP, "Up", NULL},
    {FC_KEYCODE(KEY_DOWN), FORM_DOWN, "Down", NULL},
    {FC_KEYCODE(KEY_NPAGE), FORM_NEXT_SECTION, "PgDn", NULL},
    {FC_KEYCODE(KEY_PPAGE), FORM_PREV_SECTION, "PgUp", NULL},
    {FC_KEYCODE(KEY_F(1)), FORM_HELP, "F1", NULL},
    {0, 0, NULL, NULL},
};

struct form_screen {
	struct fc_form *form;
	const struct fc_item *edit; /* the item the edit state below belongs to */
	struct fc_field field;
	struct fc_list opts;
	char message[640];
};

static const char *
form_title(struct fc_tui *tui, void *data)
{
	struct form_screen *fs = data;

	(void)tui;
	return fc_tview_label(&fs->form->tpl->label);
}

static void
form_number_text(const json_t *v, char *out, size_t out_size)
{
	if (json_is_integer(v))
		snprintf(out, out_size, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, out_size, "%.10g", json_real_value(v));
	else
		out[0] = '\0';
}

/* A photo answer (file paths) as the text the inspector typed: "a.jpg; b.jpg". */
static void
form_photo_text(const json_t *v, char *out, size_t out_size)
{
	size_t at = 0, i;
	json_t *e;

	out[0] = '\0';
	json_array_foreach(v, i, e) if (json_is_string(e) && at < out_size) at += (size_t)snprintf(
	    out + at, out_size - at, "%s%s", i > 0 ? "; " : "", json_string_value(e));
}

/* "a.jpg; b.jpg" as an array of paths; NULL when nothing is named. */
static json_t *
form_photo_paths(const char *text)
{
	json_t *paths = json_array();
	char buf[FC_FIELD_MAX * 4 + 1], *save = NULL;

	snprintf(buf, sizeof buf, "%s", text);
	for (char *p = strtok_r(buf, ";", &save); p != NULL; p = strtok_r(NULL, ";", &save)) {
		while (*p == ' ')
			p++;
		size_t n = strlen(p);
		while (n > 0 && p[n - 1] == ' ')
			p[--n] = '\0';
		if (n > 0)
			json_array_append_new(paths, json_string(p));
	}
	if (json_array_size(paths) == 0) {
		json_decref(paths);
		return NULL;
	}
	return paths;
}

/* Load the edit state for the item under the cursor, if it changed. */
static void
form_sync_edit(struct form_screen *fs)
{
	const struct fc_item *item = fc_form_item(fs->form);
	json_t *v;
	char text[FC_FIELD_MAX * 4 + 1];

	if (item == fs->edit)
		return;
	fs->edit = item;
	fs->message[0] = '\0';
	if (item == NULL)
		return;
	v = json_object_get(fs->form->answers, item->id);
	fc_field_init(&fs->field,
		      item->type == FC_ITEM_TEXT && item->max_chars > 0 &&
			      item->max_chars < FC_FIELD_MAX
			  ? (int)item->max_chars
			  : FC_FIELD_MAX,
		      0);
	fc_list_init(&fs->opts);
	fc_list_set_count(&fs->opts, (int)item->n_options);
	switch (item->type) {
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT:
		form_number_text(v, text, sizeof text);
		fc_field_set(&fs->field, text);
		break;
	case FC_ITEM_TEXT:
		fc_field_set(&fs->field, json_is_string(v) ? json_string_value(v) : "");
		break;
	case FC_ITEM_PHOTO:
		form_photo_text(v, text, sizeof text);
		fc_field_set(&fs->field, text);
		break;
	case FC_ITEM_CHOICE:
		if (json_is_string(v)) {
			long i = fc_template_option_index(item, json_string_value(v));
			fs->opts.sel = i >= 0 ? (int)i : 0;
		}
		break;
	default:
		break;
	}
}

static int
form_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct form_screen *fs = calloc(1, sizeof *fs);

	if (fs == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	if (fc_form_open(tui, arg, &fs->form, err) != 0) {
		free(fs);
		return -1;
	}
	form_sync_edit(fs);
	*data = fs;
	return 0;
}

static void
form_free(void *data)
{
	struct form_screen *fs = data;

	if (fs == NULL)
		return;
	fc_form_free(fs->form);
	free(fs);
}

static void
form_resume(struct fc_tui *tui, void *data)
{
	struct form_screen *fs = data;

	(void)tui;
	/* The review may have moved the cursor to an item with a problem. */
	fs->edit = NULL;
	form_sync_edit(fs);
}

/* Set the answer (stolen; NULL clears) and show what the store said. */
static int
form_set(struct fc_tui *tui, struct form_screen *fs, json_t *answer)
{
	struct fc_error err = {0};
	const struct fc_item *item = fs->edit;

	if (fc_form_answer(tui, fs->form, answer, &err) != 0) {
		fc_tui_error(tui, &err);
		return -1;
	}
	/* Answering may show or hide later items; the cursor stays on this one. */
	fs->edit = fc_form_item(fs->form);
	if (fs->edit != item)
		form_sync_edit(fs);
	return 0;
}

static int
form_advance(struct fc_tui *tui, struct form_screen *fs)
{
	struct fc_form *form = fs->form;

	if (form->cur + 1 < form->n_visible) {
		form->cur++;
		form_sync_edit(fs);
		return FC_KEY_HANDLED;
	}
	fc_tui_open(tui, &fc_screen_review, form);
	return FC_KEY_OPEN;
}

static int
form_back(struct form_screen *fs)
{
	if (fs->form->cur > 0) {
		fs->form->cur--;
		form_sync_edit(fs);
	}
	return FC_KEY_HANDLED;
}

static void
form_section_jump(struct form_screen *fs, int dir)
{
	struct fc_form *form = fs->form;
	size_t sec = form->tpl->items[form->visible[form->cur]].section;

	if (dir > 0) {
		while (form->cur + 1 < form->n_visible &&
		       form->tpl->items[form->visible[form->cur]].section == sec)
			form->cur++;
	} else {
		/* To the first item of this section, or of the previous one. */
		size_t start = form->cur;
		while (start > 0 && form->tpl->items[form->visible[start - 1]].section == sec)
			start--;
		if (start == form->cur && start > 0) {
			sec = form->tpl->items[form->visible[start - 1]].section;
			start--;
			while (start > 0 &&
			       form->tpl->items[form->visible[start - 1]].section == sec)
				start--;
		}
		form->cur = start;
	}
	form_sync_edit(fs);
}

/* Check the typed text of a number or text item and store it when it is valid. */
static void
form_typed(struct fc_tui *tui, struct form_screen *fs)
{
	const struct fc_item *item = fs->edit;
	struct fc_error err = {0};
	char text[FC_FIELD_MAX * 4 + 1], *end = NULL;
	json_t *v = NULL;

	fc_field_get(&fs->field, text, sizeof text);
	fs->message[0] = '\0';
	if (text[0] == '\0') {
		form_set(tui, fs, NULL);
		return;
	}
	if (item->type == FC_ITEM_TEXT) {
		v = json_string(text);
	} else if (item->type == FC_ITEM_PHOTO) {
		v = form_photo_paths(text);
		if (v == NULL) {
			form_set(tui, fs, NULL);
			return;
		}
	} else {
		double d = strtod(text, &end);
		if (end == text || *end != '\0') {
			snprintf(fs->message, sizeof fs->message, _("%s: %s: enter a number"),
				 item->id, fc_tview_label(&item->label));
			form_set(tui, fs, NULL);
			return;
		}
		if (strchr(text, '.') == NULL && strchr(text, 'e') == NULL &&
		    strchr(text, 'E') == NULL)
			v = json_integer(strtoll(text, NULL, 10));
		else
			v = json_real(d);
	}
	if (v == NULL)
		return;
	if (fc_validate_answer(fs->form->tpl, item->id, v, fc_i18n_code(), &err) != 0) {
		/* Shown at once; the invalid value is not kept as an answer. */
		snprintf(fs->message, sizeof fs->message, "%s", err.msg);
		json_decref(v);
		form_set(tui, fs, NULL);
		return;
	}
	form_set(tui, fs, v);
}

static int
form_number_char(int code)
{
	return (code >= '0' && code <= '9') || code == '.' || code == '-';
}

static void
form_toggle(struct fc_tui *tui, struct form_screen *fs, int opt)
{
	const struct fc_item *item = fs->edit;
	json_t *old = json_object_get(fs->form->answers, item->id);
	json_t *next = json_array();
	const char *id = item->options[opt].id;
	int had = 0;

	/* Kept in the template's option order, whatever order they were ticked. */
	for (size_t i = 0; i < item->n_options; i++) {
		int on = 0;
		size_t j;
		json_t *v;
		json_array_foreach(
		    old, j, v) if (json_is_string(v) &&
				   strcmp(json_string_value(v), item->options[i].id) == 0) on = 1;
		if (strcmp(item->options[i].id, id) == 0) {
			had = on;
			on = !on;
		}
		if (on)
			json_array_append_new(next, json_string(item->options[i].id));
	}
	(void)had;
	form_set(tui, fs, next);
}

static int
form_option_checked(const struct form_screen *fs, const struct fc_item *item, int i)
{
	json_t *v = json_object_get(fs->form->answers, item->id), *e;
	size_t j;

	if (item->type == FC_ITEM_CHOICE)
		return json_is_string(v) && strcmp(json_string_value(v), item->options[i].id) == 0;
	json_array_foreach(v, j,
			   e) if (json_is_string(e) &&
				  strcmp(json_string_value(e), item->options[i].id) == 0) return 1;
	return 0;
}

static int
form_item_key(struct fc_tui *tui, struct form_screen *fs, int action, int code)
{
	const struct fc_item *item = fs->edit;
	int r;

	switch (item->type) {
	case FC_ITEM_YESNO:
		if (action == FC_ACT_NONE) {
			const char *v = NULL;
			if (code == 'y' || code == 'Y')
				v = "yes";
			else if (code == 'n' || code == 'N')
				v = "no";
			else if (code == 'a' || code == 'A')
				v = "na";
			if (v == NULL)
				return FC_KEY_IGNORED;
			if (form_set(tui, fs, json_string(v)) != 0)
				return FC_KEY_HANDLED;
			return form_advance(tui, fs);
		}
		break;
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT:
		if (action == FC_ACT_NONE && code < 0x1000000 && code >= 0x20 &&
		    !form_number_char(code))
			return FC_KEY_HANDLED;
		/* fall through */
	case FC_ITEM_TEXT:
	case FC_ITEM_PHOTO:
		if (action == FC_ACT_NONE) {
			r = fc_field_key(&fs->field, code);
			if (r == 1)
				form_typed(tui, fs);
			return r ? FC_KEY_HANDLED : FC_KEY_IGNORED;
		}
		if (action == FORM_ENTER) {
			if (fs->message[0] != '\0')
				return FC_KEY_HANDLED;
			return form_advance(tui, fs);
		}
		break;
	case FC_ITEM_CHOICE:
	case FC_ITEM_MULTI: {
		int pick = -1;
		if (action == FORM_UP && fs->opts.sel > 0) {
			fs->opts.sel--;
			return FC_KEY_HANDLED;
		}
		if (action == FORM_DOWN && fs->opts.sel + 1 < fs->opts.count) {
			fs->opts.sel++;
			return FC_KEY_HANDLED;
		}
		if (action == FC_ACT_NONE && code >= '1' && code <= '9' &&
		    code - '1' < (int)item->n_options)
			pick = fs->opts.sel = code - '1';
		else if (action == FC_ACT_NONE && code == ' ')
			pick = fs->opts.sel;
		else if (action == FORM_ENTER && item->type == FC_ITEM_CHOICE)
			pick = fs->opts.sel;
		if (pick >= 0 && item->type == FC_ITEM_MULTI) {
			form_toggle(tui, fs, pick);
			return FC_KEY_HANDLED;
		}
		if (pick >= 0 && item->n_options > 0) {
			if (form_set(tui, fs, json_string(item->options[pick].id)) != 0)
				return FC_KEY_HANDLED;
			return form_advance(tui, fs);
		}
		break;
	}
	}
	if (action == FORM_ENTER)
		return form_advance(tui, fs);
	if (action == FORM_DOWN)
		return form_advance(tui, fs);
	if (action == FORM_UP)
		return form_back(fs);
	return FC_KEY_IGNORED;
}

static const struct fc_prompt_choice form_discard_choices[] = {
    {'y', "y", N_("yes, discard"), 1},
    {FC_ESC, "Esc", N_("keep"), 0},
    {0, NULL, NULL, 0},
};

static int
form_discard_done(struct fc_tui *tui, void *ctx, int value)
{
	struct form_screen *fs = ctx;
	struct fc_error err = {0};

	if (value != 1)
		return FC_KEY_HANDLED;
	if (fc_store_delete_draft(tui->app->store, fs->form->draft_key, &err) != 0) {
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	fc_tui_status(tui, "%s", _("Unfinished check discarded"));
	return FC_KEY_CLOSE;
}

static int
form_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct form_screen *fs = data;

	if (action == FC_ACT_TICK)
		return FC_KEY_IGNORED;
	form_sync_edit(fs);
	switch (action) {
	case FORM_LEAVE:
		fc_tui_status(tui, "%s", _("Saved as a draft; continue any time"));
		return FC_KEY_CLOSE;
	case FORM_DISCARD:
		fc_prompt_ask(tui, _("Discard this unfinished check and all its answers?"),
			      form_discard_choices, form_discard_done, fs);
		return FC_KEY_HANDLED;
	case FORM_REVIEW:
		fc_tui_open(tui, &fc_screen_review, fs->form);
		return FC_KEY_OPEN;
	case FORM_HELP:
		fc_tui_open(tui, &fc_screen_help, (void *)&fc_screen_form);
		return FC_KEY_OPEN;
	case FORM_NEXT:
		return form_advance(tui, fs);
	case FORM_PREV:
		return form_back(fs);
	case FORM_NEXT_SECTION:
	case FORM_PREV_SECTION:
		if (fs->form->n_visible > 0)
			form_section_jump(fs, action == FORM_NEXT_SECTION ? 1 : -1);
		return FC_KEY_HANDLED;
	}
	if (fs->edit == NULL)
		return FC_KEY_IGNORED;
	return form_item_key(tui, fs, action, code);
}

struct form_opt_ctx {
	struct form_screen *fs;
	const struct fc_item *item;
};

static void
form_opt_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct form_opt_ctx *c = ctx;
	int on = form_option_checked(c->fs, c->item, i);
	const char *mark =
	    c->item->type == FC_ITEM_CHOICE ? (on ? "(*)" : "( )") : (on ? "[x]" : "[ ]");

	fc_draw_textf(y, x, cols, selected ? A_REVERSE : A_NORMAL, "%d %s %s", i + 1, mark,
		      fc_tview_label(&c->item->options[i].label));
}

static void
form_draw_yesno(struct form_screen *fs, const struct fc_item *item, int y, int cols)
{
	static const struct {
		const char *key, *value, *label;
	} choices[] = {
	    {"y", "yes", N_("yes")},
	    {"n", "no", N_("no")},
	    {"a", "na", N_("n/a")},
	};
	const char *cur = json_string_value(json_object_get(fs->form->answers, item->id));
	int x = 1;

	for (size_t i = 0; i < 3; i++) {
		char cell[64];
		int on = cur != NULL && strcmp(cur, choices[i].value) == 0;
		snprintf(cell, sizeof cell, "%s %s", choices[i].key, _(choices[i].label));
		int w = fc_draw_cols(cell) + 2;
		if (x + w > cols)
			break;
		fc_draw_textf(y, x, w, on ? A_REVERSE | A_BOLD : A_NORMAL, " %s ", cell);
		x += w + 1;
	}
}

/* Draw the input for item in at most rows lines; returns the lines used. */
static int
form_draw_input(struct fc_tui *tui, struct form_screen *fs, const struct fc_item *item, int y,
		int rows)
{
	int cols = tui->cols - 2, used = 1;
	char range[160] = "";

	switch (item->type) {
	case FC_ITEM_YESNO:
		form_draw_yesno(fs, item, y, cols);
		break;
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT: {
		const char *unit = item->unit != NULL ? item->unit : "";
		int uw = fc_draw_cols(unit), fw = cols - uw - 1 > 16 ? 16 : cols - uw - 1;
		int cx = fc_field_draw(&fs->field, y, 1, fw);
		fc_draw_text(y, 2 + fw, uw, unit, A_NORMAL);
		fc_tui_cursor(tui, y, cx);
		if (item->has_min && item->has_max)
			snprintf(range, sizeof range, _("allowed: %.*f to %.*f %s"), item->decimals,
				 item->min, item->decimals, item->max, unit);
		else if (item->has_min)
			snprintf(range, sizeof range, _("at least %.*f %s"), item->decimals,
				 item->min, unit);
		if (rows > 1 && range[0] != '\0') {
			fc_draw_text(y + 1, 1, cols, range, A_NORMAL);
			used = 2;
		}
		break;
	}
	case FC_ITEM_TEXT: {
		int cx = fc_field_draw(&fs->field, y, 1, cols);
		fc_tui_cursor(tui, y, cx);
		break;
	}
	case FC_ITEM_CHOICE:
	case FC_ITEM_MULTI: {
		struct form_opt_ctx c = {fs, item};
		used = (int)item->n_options < rows ? (int)item->n_options : rows;
		fc_list_draw(&fs->opts, y, 1, used, cols, form_opt_row, &c);
		break;
	}
	case FC_ITEM_PHOTO: {
		/* The camera saves files; the inspector names them (copied and hashed at signing).
		 */
		int cx = fc_field_draw(&fs->field, y, 1, cols);
		fc_tui_cursor(tui, y, cx);
		break;
	}
	}
	return used;
}

static const char *
form_hint(const struct fc_item *item)
{
	switch (item->type) {
	case FC_ITEM_YESNO:
		return _("y yes, n no, a not applicable");
	case FC_ITEM_CHOICE:
		return _("1-9 or Up/Down, Enter picks");
	case FC_ITEM_MULTI:
		return _("Space ticks, Enter goes on");
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT:
		return _("type the number, Enter goes on");
	case FC_ITEM_TEXT:
		return _("type the text, Enter goes on");
	case FC_ITEM_PHOTO:
		return _("photo files, separated by ; (Enter goes on)");
	}
	return "";
}

static void
form_draw(struct fc_tui *tui, void *data)
{
	struct form_screen *fs = data;
	struct fc_form *form = fs->form;
	const struct fc_item *item;
	int y = tui->top, cols = tui->cols - 2, end = tui->top + tui->body_rows;
	size_t sk, sn, answered = fc_form_answered(form);
	char pos[128], label[600];
	int msg_rows, wide = tui->cols >= 60;

	form_sync_edit(fs);
	item = fs->edit;
	if (item == NULL) {
		fc_draw_text(y, 1, cols, _("No items to answer; F2 to review"), A_NORMAL);
		return;
	}
	fc_form_section_pos(form, &sk, &sn);
	snprintf(pos, sizeof pos, _("section %zu/%zu, item %zu/%zu"), sk, sn, form->cur + 1,
		 form->n_visible);
	fc_draw_split(y++, 1, cols, form->h.id, pos, A_NORMAL);
	if (wide) {
		char done[64];
		snprintf(done, sizeof done, _(" %zu answered"), answered);
		int dw = fc_draw_cols(done);
		fc_progress_draw(y, 1, cols - dw, (int)answered, (int)form->n_visible);
		fc_draw_text(y++, 1 + cols - dw, dw, done, A_NORMAL);
	} else {
		fc_progress_draw(y++, 1, cols, (int)answered, (int)form->n_visible);
	}
	fc_draw_text(y++, 1, cols, fc_tview_label(&form->tpl->sections[item->section].label),
		     A_UNDERLINE);
	snprintf(label, sizeof label, "%s %s%s", item->id, fc_tview_label(&item->label),
		 item->required ? "" : _(" (optional)"));
	y += fc_draw_wrap(y, 1, cols, wide ? 3 : 2, label, A_BOLD);
	if (wide && item->help.zh != NULL && end - y > 8)
		y += fc_draw_wrap(y, 1, cols, 2, fc_tview_label(&item->help), A_NORMAL);
	fc_draw_text(y++, 1, cols, form_hint(item), A_NORMAL);
	msg_rows = fs->message[0] != '\0' ? fc_draw_wrap_lines(cols - 2, fs->message) : 0;
	if (msg_rows > 3)
		msg_rows = 3;
	y += form_draw_input(tui, fs, item, y, end - y - msg_rows);
	/* The message sits right under what was typed, where the eye already is. */
	if (msg_rows > 0) {
		fc_draw_text(y, 1, 2, "!", A_BOLD);
		fc_draw_wrap(y, 3, cols - 2, msg_rows, fs->message, A_BOLD);
	}
}

const struct fc_screen fc_screen_form = {
    .name = "form",
    .title = form_title,
    .init = form_init,
    .draw = form_draw,
    .key = form_key,
    .resume = form_resume,
    .free = form_free,
    .keys = form_keys,
};
