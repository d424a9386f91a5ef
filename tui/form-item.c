/* SPDX-License-Identifier: Apache-2.0 */
/*
 * form-item.c: answering the item under the form's cursor: an input made for
 * its type, what each key does to it, and the validation message as typed.
 *
 *   yes/no      y, n, a (not applicable): answer and go on
 *   number      digits . - with the unit shown; checked at every key
 *   choice      a number (two digits from option 10, Enter or a pause ends
 *               it) or Up/Down then Enter/Space; Enter alone never picks
 *               an option the inspector did not choose
 *   multiple    a number or Up/Down and Space ticks, Enter goes on; nothing
 *               ticked is no answer
 *   text        any characters (Chinese input included); Enter goes on
 *   photo       the camera folder's new pictures: Up/Down, Space picks
 *               or drops; or file names typed, separated by ';', and
 *               Enter (form-photo.c); each file is hashed when taken
 *
 * Delete clears the answer of any item (Backspace too on yes/no and choices),
 * and the cleared state is saved to the draft like any answer.
 * Every change is an answer saved to the draft at once (fc_form_answer());
 * a value that does not validate is shown with its message and not kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "tui/draw.h"
#include "tui/form-item.h"
#include "tui/i18n.h"
#include "tui/screen.h"
#include "tui/tview.h"

static void
edit_number_text(const json_t *v, char *out, size_t out_size)
{
	if (json_is_integer(v))
		snprintf(out, out_size, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, out_size, "%.10g", json_real_value(v));
	else
		out[0] = '\0';
}

/* Keys that only move the cursor in a field. */
static int
edit_is_move_key(int code)
{
	return code == FC_KEYCODE(KEY_LEFT) || code == FC_KEYCODE(KEY_RIGHT) ||
	       code == FC_KEYCODE(KEY_HOME) || code == FC_KEYCODE(KEY_END) ||
	       code == FC_CTRL('a') || code == FC_CTRL('e');
}

static void
edit_too_long(struct fc_form_edit *e)
{
	snprintf(e->message, sizeof e->message,
		 _("%s: this answer is longer than the screen can edit (%d characters); it is "
		   "kept as it is. Del clears it"),
		 e->item->id, FC_FIELD_MAX);
}

void
fc_form_edit_load(struct fc_form_edit *e, struct fc_form *form)
{
	const struct fc_item *item = fc_form_item(form);
	json_t *v;
	char text[FC_FIELD_MAX * 4 + 1];

	e->form = form;
	e->item = item;
	e->message[0] = '\0';
	e->invalid = 0;
	e->too_long = 0;
	e->moved = 0;
	e->pending = 0;
	if (item == NULL)
		return;
	v = json_object_get(e->form->answers, item->id);
	fc_field_init(&e->field,
		      item->type == FC_ITEM_TEXT && item->max_chars > 0 &&
			      item->max_chars < FC_FIELD_MAX
			  ? (int)item->max_chars
			  : FC_FIELD_MAX,
		      0);
	fc_list_init(&e->opts);
	fc_list_set_count(&e->opts, (int)item->n_options);
	switch (item->type) {
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT:
		edit_number_text(v, text, sizeof text);
		fc_field_set(&e->field, text);
		break;
	case FC_ITEM_TEXT:
	case FC_ITEM_MEMBERS: /* the compact text; an object from a file starts empty */
		/* An answer longer than the field (a record being corrected) is shown, not cut. */
		e->too_long =
		    fc_field_set(&e->field, json_is_string(v) ? json_string_value(v) : "") != 0;
		if (e->too_long)
			edit_too_long(e);
		break;
	case FC_ITEM_PHOTO: /* the field is for a name not yet taken: it starts empty */
		fc_form_photo_scan(e);
		break;
	case FC_ITEM_CHOICE:
		if (json_is_string(v)) {
			long i = fc_template_option_index(item, json_string_value(v));
			e->opts.sel = i >= 0 ? (int)i : 0;
		}
		break;
	default:
		break;
	}
}

/* Set the answer (stolen; NULL clears) and show what the store said. */
static int
edit_set(struct fc_tui *tui, struct fc_form_edit *e, json_t *answer)
{
	struct fc_error err = {0};

	/* Answering may show or hide later items; the cursor stays on this one. */
	if (fc_form_answer(tui, e->form, answer, &err) != 0) {
		fc_tui_error(tui, &err);
		return -1;
	}
	return 0;
}

/* Check the typed text of a number or text item and store it when it is valid. */
static void
edit_typed(struct fc_tui *tui, struct fc_form_edit *e)
{
	const struct fc_item *item = e->item;
	struct fc_error err = {0};
	char text[FC_FIELD_MAX * 4 + 1], *end = NULL;
	json_t *v = NULL;

	fc_field_get(&e->field, text, sizeof text);
	e->message[0] = '\0';
	e->invalid = 0;
	if (text[0] == '\0') {
		edit_set(tui, e, NULL);
		return;
	}
	if (item->type == FC_ITEM_TEXT || item->type == FC_ITEM_MEMBERS) {
		v = json_string(text);
	} else {
		double d = strtod(text, &end);
		if (end == text || *end != '\0') {
			snprintf(e->message, sizeof e->message, _("%s: %s: enter a number"),
				 item->id, fc_tview_label(&item->label));
			e->invalid = 1;
			edit_set(tui, e, NULL);
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
	if (fc_validate_answer(e->form->tpl, item->id, v, fc_i18n_code(), &err) != 0) {
		/* Shown at once; the invalid value is not kept as an answer. */
		snprintf(e->message, sizeof e->message, "%s", err.msg);
		e->invalid = 1;
		json_decref(v);
		edit_set(tui, e, NULL);
		return;
	}
	edit_set(tui, e, v);
}

static int
edit_number_char(int code)
{
	return (code >= '0' && code <= '9') || code == '.' || code == '-';
}

static void
edit_toggle(struct fc_tui *tui, struct fc_form_edit *e, int opt)
{
	const struct fc_item *item = e->item;
	json_t *old = json_object_get(e->form->answers, item->id);
	json_t *next = json_array();
	const char *id = item->options[opt].id;

	/* Kept in the template's option order, whatever order they were ticked. */
	for (size_t i = 0; i < item->n_options; i++) {
		int on = 0;
		size_t j;
		json_t *v;
		json_array_foreach(old, j, v) {
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), item->options[i].id) == 0)
				on = 1;
		}
		if (strcmp(item->options[i].id, id) == 0)
			on = !on;
		if (on)
			json_array_append_new(next, json_string(item->options[i].id));
	}
	/* Nothing ticked is no answer, not an empty one. */
	if (json_array_size(next) == 0) {
		json_decref(next);
		next = NULL;
	}
	edit_set(tui, e, next);
}

static int
edit_option_checked(const struct fc_form_edit *e, const struct fc_item *item, int i)
{
	json_t *v = json_object_get(e->form->answers, item->id), *one;
	size_t j;

	if (item->type == FC_ITEM_CHOICE)
		return json_is_string(v) && strcmp(json_string_value(v), item->options[i].id) == 0;
	json_array_foreach(v, j, one) {
		if (json_is_string(one) && strcmp(json_string_value(one), item->options[i].id) == 0)
			return 1;
	}
	return 0;
}

/* Clear the item's answer (Backspace/Delete on a choice, Delete anywhere). */
static int
edit_clear(struct fc_tui *tui, struct fc_form_edit *e)
{
	e->message[0] = '\0';
	e->invalid = 0;
	e->too_long = 0;
	e->pending = 0;
	fc_field_clear(&e->field);
	if (json_object_get(e->form->answers, e->item->id) == NULL) {
		fc_tui_status(tui, "%s", _("No answer to clear"));
		return FC_EDIT_HANDLED;
	}
	if (edit_set(tui, e, NULL) == 0)
		fc_tui_status(tui, _("%s: answer cleared"), e->item->id);
	return FC_EDIT_HANDLED;
}

static int
edit_is_clear_key(int code)
{
	return code == FC_KEYCODE(KEY_BACKSPACE) || code == 127 || code == FC_CTRL('h') ||
	       code == FC_KEYCODE(KEY_DC);
}

static int
edit_key_yesno(struct fc_tui *tui, struct fc_form_edit *e, int code)
{
	const char *v = NULL;

	if (code == 'y' || code == 'Y')
		v = "yes";
	else if (code == 'n' || code == 'N')
		v = "no";
	else if (code == 'a' || code == 'A')
		v = "na";
	if (v == NULL) {
		if (code >= 0x20 && code < 0x1000000) {
			snprintf(e->message, sizeof e->message, "%s",
				 _("Answer with y (yes), n (no) or a (not applicable)"));
			return FC_EDIT_HANDLED;
		}
		return FC_EDIT_IGNORED;
	}
	e->message[0] = '\0';
	if (edit_set(tui, e, json_string(v)) != 0)
		return FC_EDIT_HANDLED;
	return FC_EDIT_NEXT;
}

/*
 * Enter on an item with nothing typed or chosen: an optional one is left
 * unanswered and the form goes on; a required one says so and stays, on
 * every item type alike (a required choice always did). Tab still skips it,
 * and the review lists what is missing before anything is signed.
 */
static int
edit_enter_unanswered(struct fc_form_edit *e)
{
	if (!e->item->required || json_object_get(e->form->answers, e->item->id) != NULL)
		return FC_EDIT_NEXT;
	snprintf(e->message, sizeof e->message,
		 _("%s is required: answer it before going on (Tab skips it for now)"),
		 e->item->id);
	return FC_EDIT_HANDLED;
}

static int
edit_key_field(struct fc_tui *tui, struct fc_form_edit *e, enum fc_form_nav nav, int code)
{
	int r;

	if (e->item->type != FC_ITEM_TEXT && e->item->type != FC_ITEM_MEMBERS) {
		/* A Chinese input method left in full-width mode types ０-９ ． －. */
		if (code >= 0xFF10 && code <= 0xFF19)
			code = '0' + (code - 0xFF10);
		else if (code == 0xFF0E || code == 0x3002)
			code = '.';
		else if (code == 0xFF0D)
			code = '-';
		if (nav == FC_NAV_NONE && code < 0x1000000 && code >= 0x20 &&
		    !edit_number_char(code)) {
			snprintf(e->message, sizeof e->message, "%s",
				 _("Only digits, '.' and '-' go into a number"));
			return FC_EDIT_HANDLED;
		}
	}
	if (nav == FC_NAV_NONE) {
		/* Any edit would store the part the field holds: the rest would be lost. */
		if (e->too_long && !edit_is_move_key(code)) {
			edit_too_long(e);
			return FC_EDIT_HANDLED;
		}
		r = fc_field_key(&e->field, code);
		if (r == 1)
			edit_typed(tui, e);
		else if (r == FC_FIELD_FULL)
			snprintf(e->message, sizeof e->message,
				 _("%s: at most %d characters; the rest was not taken"),
				 e->item->id, e->field.max);
		return r ? FC_EDIT_HANDLED : FC_EDIT_IGNORED;
	}
	/* Only a value that is not kept holds Enter back, not a refused key. */
	if (nav == FC_NAV_ENTER)
		return e->invalid ? FC_EDIT_HANDLED : edit_enter_unanswered(e);
	return nav == FC_NAV_UP ? FC_EDIT_PREV : FC_EDIT_NEXT;
}

/* Choose (choice) or tick (multiple) option i; returns enum fc_edit_result. */
static int
edit_pick(struct fc_tui *tui, struct fc_form_edit *e, int i)
{
	e->pending = 0;
	e->opts.sel = i;
	e->moved = 1;
	e->message[0] = '\0';
	if (e->item->type == FC_ITEM_MULTI) {
		edit_toggle(tui, e, i);
		return FC_EDIT_HANDLED;
	}
	if (edit_set(tui, e, json_string(e->item->options[i].id)) != 0)
		return FC_EDIT_HANDLED;
	return FC_EDIT_NEXT;
}

/* A digit typed into a choice: options 10 and up take two digits. */
static int
edit_choice_digit(struct fc_tui *tui, struct fc_form_edit *e, int d)
{
	int n = (int)e->item->n_options, want = e->pending * 10 + d;

	if (want < 1 || want > n) {
		e->pending = 0;
		snprintf(e->message, sizeof e->message,
			 _("There is no option %d; options are 1-%d"), want, n);
		return FC_EDIT_HANDLED;
	}
	/* Wait for a second digit only while one could still follow. */
	if (want * 10 <= n) {
		e->pending = want;
		e->pending_ms = fc_tui_now_ms();
		snprintf(e->message, sizeof e->message,
			 _("Option %d_ : type another digit, or Enter"), want);
		return FC_EDIT_HANDLED;
	}
	return edit_pick(tui, e, want - 1);
}

/* Enter on a choice: commits what the inspector chose, never a default. */
static int
edit_choice_enter(struct fc_tui *tui, struct fc_form_edit *e)
{
	json_t *v = json_object_get(e->form->answers, e->item->id);

	if (e->pending > 0)
		return edit_pick(tui, e, e->pending - 1);
	if (e->item->type == FC_ITEM_MULTI)
		return edit_enter_unanswered(e);
	if (e->moved)
		return edit_pick(tui, e, e->opts.sel);
	if (v != NULL || !e->item->required)
		return FC_EDIT_NEXT; /* kept as it is: answered, or left unanswered */
	snprintf(e->message, sizeof e->message,
		 _("Nothing chosen: type an option's number or move with Up/Down, then Enter "
		   "(Tab skips)"));
	return FC_EDIT_HANDLED;
}

static int
edit_key_choice(struct fc_tui *tui, struct fc_form_edit *e, enum fc_form_nav nav, int code)
{
	int n = (int)e->item->n_options;

	if (nav == FC_NAV_UP || nav == FC_NAV_DOWN) {
		e->pending = 0;
		if (!e->moved && e->item->type == FC_ITEM_CHOICE &&
		    json_object_get(e->form->answers, e->item->id) == NULL) {
			e->moved = 1; /* the first move shows the highlight where it is */
			return FC_EDIT_HANDLED;
		}
		e->moved = 1;
		/* Past the first or last option is the previous or next item. */
		if (nav == FC_NAV_UP && e->opts.sel == 0)
			return FC_EDIT_PREV;
		if (nav == FC_NAV_DOWN && e->opts.sel + 1 >= n)
			return FC_EDIT_NEXT;
		e->opts.sel += nav == FC_NAV_UP ? -1 : 1;
		return FC_EDIT_HANDLED;
	}
	if (nav == FC_NAV_ENTER)
		return edit_choice_enter(tui, e);
	if (code >= '0' && code <= '9')
		return edit_choice_digit(tui, e, code - '0');
	if (code >= 0xFF10 && code <= 0xFF19)
		return edit_key_choice(tui, e, nav, '0' + (code - 0xFF10));
	if (code == ' ' && (e->moved || e->item->type == FC_ITEM_MULTI))
		return edit_pick(tui, e, e->opts.sel);
	if (code >= 0x20 && code < 0x1000000) {
		e->pending = 0;
		snprintf(e->message, sizeof e->message,
			 _("Type an option's number (1-%d) or move with Up/Down; nothing was "
			   "chosen"),
			 n);
		return FC_EDIT_HANDLED;
	}
	return FC_EDIT_IGNORED;
}

int
fc_form_edit_key(struct fc_tui *tui, struct fc_form_edit *e, enum fc_form_nav action, int code)
{
	const struct fc_item *item = e->item;
	int r = FC_EDIT_IGNORED, field = item->type != FC_ITEM_YESNO &&
					 item->type != FC_ITEM_CHOICE &&
					 item->type != FC_ITEM_MULTI;

	/* Pasted text is typed into a field; a choice or a photo takes none of it. */
	if (tui->pasting && (!field || item->type == FC_ITEM_PHOTO)) {
		snprintf(e->message, sizeof e->message, "%s",
			 _("Pasted text goes only into text and number items; nothing was chosen"));
		return FC_EDIT_HANDLED;
	}
	/* Delete clears any answer; Backspace too where it does not erase a character. */
	if (action == FC_NAV_NONE &&
	    (code == FC_KEYCODE(KEY_DC) || (!field && edit_is_clear_key(code))))
		return edit_clear(tui, e);
	switch (item->type) {
	case FC_ITEM_YESNO:
		if (action == FC_NAV_NONE)
			return edit_key_yesno(tui, e, code);
		break;
	case FC_ITEM_CHOICE:
	case FC_ITEM_MULTI:
		r = edit_key_choice(tui, e, action, code);
		if (r != FC_EDIT_IGNORED || action != FC_NAV_NONE)
			return r;
		break;
	case FC_ITEM_PHOTO:
		r = fc_form_photo_key(tui, e, action, code);
		/* Enter with nothing typed goes on only past an answered or optional item. */
		return r == FC_EDIT_NEXT && action == FC_NAV_ENTER ? edit_enter_unanswered(e) : r;
	default:
		return edit_key_field(tui, e, action, code);
	}
	if (action == FC_NAV_ENTER)
		return edit_enter_unanswered(e);
	if (action == FC_NAV_DOWN)
		return FC_EDIT_NEXT;
	if (action == FC_NAV_UP)
		return FC_EDIT_PREV;
	return FC_EDIT_IGNORED;
}

int
fc_form_edit_tick(struct fc_tui *tui, struct fc_form_edit *e)
{
	if (e->item != NULL && e->item->type == FC_ITEM_PHOTO)
		return fc_form_photo_tick(e);
	if (e->item == NULL || e->pending == 0 ||
	    fc_tui_now_ms() - e->pending_ms < FC_EDIT_DIGIT_MS)
		return FC_EDIT_IGNORED;
	return edit_pick(tui, e, e->pending - 1);
}

struct edit_opt_ctx {
	struct fc_form_edit *e;
	const struct fc_item *item;
	int cols; /* the list's width */
};

#define EDIT_OPT_LINES 3 /* an option's label wraps to at most this many lines */

/* Columns before an option's label: the cursor, its number, the mark. */
static int
edit_opt_indent(const struct fc_item *item)
{
	return 1 + (item->n_options >= 10 ? 2 : 1) + 1 + 3 + 1;
}

/*
 * Lines option i takes: the one under the cursor wraps under itself when
 * too long for the width (at 40 columns "high-rise (homes >27 m, others >24
 * m)" was cut to "others…" and chosen unread); the others keep one line
 * each, so every option still shows.
 */
static int
edit_opt_height(void *ctx, int i)
{
	const struct edit_opt_ctx *c = ctx;
	int n = i != c->e->opts.sel
		    ? 1
		    : fc_draw_wrap_lines(c->cols - edit_opt_indent(c->item),
					 fc_tview_label(&c->item->options[i].label));

	return n < 1 ? 1 : n > EDIT_OPT_LINES ? EDIT_OPT_LINES : n;
}

static void
edit_opt_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct edit_opt_ctx *c = ctx;
	int on = edit_option_checked(c->e, c->item, i), indent = edit_opt_indent(c->item);
	int lines = edit_opt_height(c, i);
	const char *mark =
	    c->item->type == FC_ITEM_CHOICE ? (on ? "(*)" : "( )") : (on ? "[x]" : "[ ]");
	/* The highlight shows only once the inspector moved it (or on a multiple). */
	int cursor = selected && (c->e->moved || c->item->type == FC_ITEM_MULTI);
	attr_t attr = cursor ? A_REVERSE : A_NORMAL;

	/* Numbers right-aligned, so "10 [ ]" lines up under " 9 [ ]". */
	fc_draw_textf(y, x, indent, attr, "%s%*d %s ", cursor ? ">" : " ",
		      c->item->n_options >= 10 ? 2 : 1, i + 1, mark);
	for (int k = 1; k < lines; k++)
		fc_draw_text(y + k, x, indent, "", attr);
	if (lines == 1) /* one line, cut with "…" when long: the cursor shows it whole */
		fc_draw_text(y, x + indent, cols - indent,
			     fc_tview_label(&c->item->options[i].label), attr);
	else
		fc_draw_wrap(y, x + indent, cols - indent, lines,
			     fc_tview_label(&c->item->options[i].label), attr);
}

static void
edit_draw_yesno(struct fc_form_edit *e, const struct fc_item *item, int y, int cols)
{
	static const struct {
		const char *key, *value, *label;
	} choices[] = {
	    {"y", "yes", N_("yes")},
	    {"n", "no", N_("no")},
	    {"a", "na", N_("n/a")},
	};
	const char *cur = json_string_value(json_object_get(e->form->answers, item->id));
	int x = 1;

	for (size_t i = 0; i < 3; i++) {
		char cell[64];
		int on = cur != NULL && strcmp(cur, choices[i].value) == 0;
		snprintf(cell, sizeof cell, "%s %s", choices[i].key, _(choices[i].label));
		int w = fc_draw_cols(cell) + 2;
		if (x + w > cols)
			break;
		/* Brackets mark the answer even where reverse video does not show. */
		fc_draw_textf(y, x, w, on ? A_REVERSE | A_BOLD : A_NORMAL, on ? "[%s]" : " %s ",
			      cell);
		x += w + 1;
	}
}

int
fc_form_edit_options_lines(struct fc_tui *tui, struct fc_form_edit *e)
{
	struct edit_opt_ctx c = {e, e->item, tui->cols - 2};
	int sum = 0;

	if (e->item == NULL)
		return 0;
	/* A photo item: what is picked, the file line, the new shots (and the
	 * line counting older ones). */
	if (e->item->type == FC_ITEM_PHOTO)
		return 2 + (int)e->n_shots + (e->total_shots > e->n_shots);
	if (e->item->type != FC_ITEM_CHOICE && e->item->type != FC_ITEM_MULTI)
		return 0;
	for (int i = 0; i < (int)e->item->n_options; i++)
		sum += edit_opt_height(&c, i);
	return sum;
}

/* Draw the input for item in at most rows lines; returns the lines used. */
int
fc_form_edit_draw(struct fc_tui *tui, struct fc_form_edit *e, int y, int rows)
{
	const struct fc_item *item = e->item;
	int cols = tui->cols - 2, used = 1;
	char range[160] = "";

	/* No room (a long message took it): nothing drawn over the bars below. */
	if (item == NULL || rows <= 0)
		return 0;
	switch (item->type) {
	case FC_ITEM_YESNO:
		edit_draw_yesno(e, item, y, cols);
		break;
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT: {
		const char *unit = fc_item_unit(item, fc_i18n_code()) != NULL
				       ? fc_item_unit(item, fc_i18n_code())
				       : "";
		int uw = fc_draw_cols(unit), fw = cols - uw - 1 > 16 ? 16 : cols - uw - 1;
		int cx = fc_field_draw(&e->field, y, 1, fw);
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
	case FC_ITEM_TEXT:
	case FC_ITEM_MEMBERS: {
		int cx = fc_field_draw(&e->field, y, 1, cols);
		fc_tui_cursor(tui, y, cx);
		break;
	}
	case FC_ITEM_CHOICE:
	case FC_ITEM_MULTI: {
		struct edit_opt_ctx c = {e, item, cols};
		e->opts.height = edit_opt_height;
		/* Options out of sight are counted on the last line: at 40x15 "S03
		 * structure type" showed four of nine and nothing said there were more. */
		used = fc_list_draw_more(&e->opts, y, 1, rows, cols, edit_opt_row, &c);
		break;
	}
	case FC_ITEM_PHOTO:
		used = fc_form_photo_draw(tui, e, y, rows);
		break;
	}
	return used;
}

void
fc_form_edit_refresh(struct fc_tui *tui, struct fc_form_edit *e)
{
	if (e->item == NULL || e->message[0] == '\0')
		return;
	if (e->too_long)
		edit_too_long(e);
	else if (e->invalid)
		edit_typed(tui, e);
	else
		e->message[0] = '\0';
}

const char *
fc_form_edit_hint(const struct fc_item *item)
{
	switch (item->type) {
	case FC_ITEM_YESNO:
		return _("y yes, n no, a not applicable; Del clears");
	case FC_ITEM_CHOICE:
		return item->n_options >= 10 ? _("number or Up/Down, Enter picks; Del clears")
					     : _("1-9 or Up/Down, Enter picks; Del clears");
	case FC_ITEM_MULTI:
		return _("number or Space ticks, Enter goes on; Del clears");
	case FC_ITEM_NUMBER:
	case FC_ITEM_YEAR:
	case FC_ITEM_COUNT:
		return _("type the number, Enter goes on; Del clears");
	case FC_ITEM_TEXT:
		return _("type the text, Enter goes on; Del clears");
	case FC_ITEM_PHOTO:
		return _("Space picks, or type a file name; Enter goes on");
	case FC_ITEM_MEMBERS:
		return _("f members/dangerous; then per storey: w 30/1 s 12 ... (Enter goes on)");
	}
	return "";
}
