/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-form.c: the checklist, one item at a time, the way it is done at
 * the door: the section and item position with a progress bar, the item's
 * label, the input for its type (form-item.c) and the validation message as
 * it is typed. Answers are saved to the draft the moment they are given.
 * Tab and S-Tab move between items, PgDn and PgUp between sections, F3
 * shows the outline to jump anywhere (screen-outline.c), F4 writes a note
 * and F5 picks photos from the camera folder on any item (evidence of a
 * hazard, screen-pick.c), F2 reviews, Esc
 * leaves with everything kept, F8 discards the draft.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/validate.h"
#include "tui/draw.h"
#include "tui/form-item.h"
#include "tui/form.h"
#include "tui/i18n.h"
#include "tui/photo-pick.h"
#include "tui/record-list.h"
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
	FORM_CLEAR, /* Delete: handed to the item's input, which clears the answer */
	FORM_OUTLINE,
	FORM_NOTE,
	FORM_PHOTOS,
};

static const struct fc_binding form_keys[] = {
    {FC_KEYCODE(KEY_F(2)), FORM_REVIEW, "F2", N_("review & sign"), NULL},
    {FC_KEYCODE(KEY_F(3)), FORM_OUTLINE, "F3", N_("outline"),
     N_("every section and item, answered and hazard marks; Enter jumps there")},
    {FC_KEYCODE(KEY_F(4)), FORM_NOTE, "F4", N_("note"),
     N_("write a note on this item; it is signed with the record")},
    {FC_KEYCODE(KEY_F(5)), FORM_PHOTOS, "F5", N_("photo"),
     N_("pick photos of this item from the camera folder (evidence of a hazard); signed "
	"with the record")},
    {'\t', FORM_NEXT, "Tab", N_("next"), N_("next item (this one stays as it is)")},
    {FC_KEYCODE(KEY_BTAB), FORM_PREV, "S-Tab", N_("previous"), N_("previous item")},
    {FC_ESC, FORM_LEAVE, "Esc", N_("save & leave"), NULL},
    {FC_KEYCODE(KEY_F(8)), FORM_DISCARD, "F8", N_("discard"),
     N_("discard the unfinished check (asks)")},
    {'\r', FORM_ENTER, "Enter", NULL, N_("take the answer and go on")},
    {FC_KEYCODE(KEY_UP), FORM_UP, "Up", NULL, N_("previous option, or previous item")},
    {FC_KEYCODE(KEY_DOWN), FORM_DOWN, "Down", NULL, N_("next option, or next item")},
    {FC_KEYCODE(KEY_NPAGE), FORM_NEXT_SECTION, "PgDn", NULL, N_("next section")},
    {FC_KEYCODE(KEY_PPAGE), FORM_PREV_SECTION, "PgUp", NULL, N_("previous section")},
    {FC_KEYCODE(KEY_DC), FORM_CLEAR, "Del", NULL, N_("clear this item's answer")},
    {0, 0, NULL, NULL, NULL},
};

struct form_screen {
	struct fc_form *form;
	struct fc_form_edit edit; /* the input for the item under the cursor */
	struct fc_line_arg note;  /* F4: the note being written on the screen above */
	int noting;
	struct fc_pick_arg pick; /* F5: photos picked on the screen above */
};

/* Load the input for the item under the cursor when the cursor has moved. */
static void
form_sync_edit(struct form_screen *fs)
{
	if (fs->edit.item != fc_form_item(fs->form) || fs->edit.form != fs->form)
		fc_form_edit_load(&fs->edit, fs->form);
}

static const char *
form_title(struct fc_tui *tui, void *data)
{
	struct form_screen *fs = data;

	(void)tui;
	return fc_tview_label(&fs->form->tpl->label);
}

static int
form_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct form_screen *fs = calloc(1, sizeof *fs);

	if (fs == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
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

	/*
	 * The review or the outline may have moved the cursor: the input is
	 * loaded for the item now under it. On the same item (the language
	 * switched, a background sync ended, a note was written) what is typed
	 * stays, kept or not: a partly typed year ("19") is no answer yet, and
	 * reloading from the answers wiped it under the inspector's fingers.
	 */
	form_sync_edit(fs);
	fc_form_edit_refresh(tui, &fs->edit);
	if (fs->noting && fs->note.taken) {
		struct fc_error err = {0};
		fs->noting = 0;
		if (fc_form_set_note(tui, fs->form, fs->note.out, &err) != 0)
			fc_tui_error(tui, &err);
		else
			fc_tui_status(tui, "%s",
				      fs->note.out[0] != '\0' ? _("Note kept") : _("Note removed"));
	}
}

/* F4: the note on the current item, written on a line screen of its own. */
static int
form_note(struct fc_tui *tui, struct form_screen *fs)
{
	const struct fc_item *item = fc_form_item(fs->form);
	const char *now;

	if (item == NULL)
		return FC_KEY_HANDLED;
	now = fc_form_note(fs->form, item->id);
	memset(&fs->note, 0, sizeof fs->note);
	fs->note.title = N_("Note on this item");
	fs->note.question = N_("What should the record say about this item?");
	fs->note.hint = N_("Enter keeps it, empty removes it, Esc leaves it as it was");
	fs->note.max_chars = 200;
	snprintf(fs->note.out, sizeof fs->note.out, "%s", now != NULL ? now : "");
	fs->noting = 1;
	fc_tui_open(tui, &fc_screen_line, &fs->note);
	return FC_KEY_OPEN;
}

/* Every pick or drop on the photo screen is in the draft at once. */
static int
form_photos_changed(struct fc_tui *tui, void *ctx, struct fc_error *err)
{
	struct form_screen *fs = ctx;

	return fc_form_save(tui, fs->form, err);
}

/* F5: photos of the current item from the camera folder, on a screen of their own. */
static int
form_photos(struct fc_tui *tui, struct form_screen *fs)
{
	const struct fc_item *item = fc_form_item(fs->form);
	struct fc_error err = {0};

	if (item == NULL)
		return FC_KEY_HANDLED;
	memset(&fs->pick, 0, sizeof fs->pick);
	if ((fs->pick.photos = fc_form_evidence(fs->form, item->id)) == NULL) {
		fc_error_set(&err, FC_E_NOMEM, _("out of memory"));
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	fs->pick.title = N_("Photos on this item");
	snprintf(fs->pick.what, sizeof fs->pick.what, "%s %s", item->id,
		 fc_tview_label(&item->label));
	fs->pick.dir = fs->form->camera_dir;
	fs->pick.since = fs->form->opened;
	fs->pick.changed = form_photos_changed;
	fs->pick.ctx = fs;
	fc_tui_open(tui, &fc_screen_pick, &fs->pick);
	return FC_KEY_OPEN;
}

/*
 * "Evidence photos (2): a.jpg, b.jpg" under the item in at most rows lines;
 * the lines used. A list with no room to be whole is a count and the key
 * that lists it: names cut at the edge said nothing of the ones after.
 */
static int
form_draw_photos(int y, int cols, int rows, const struct fc_form *form, const char *id)
{
	const json_t *list = json_object_get(form->evidence, id), *p;
	char text[1024];
	size_t at, i;

	if (json_array_size(list) == 0 || rows <= 0)
		return 0;
	at = (size_t)snprintf(text, sizeof text, _("Evidence photos (%zu): "),
			      json_array_size(list));
	json_array_foreach(list, i, p) {
		const char *f = json_string_value(json_object_get(p, "file"));
		if (at < sizeof text)
			at += (size_t)snprintf(text + at, sizeof text - at, "%s%s",
					       i > 0 ? ", " : "", f != NULL ? f : "?");
	}
	if (y < 0)
		return fc_draw_wrap_lines(cols, text);
	if (fc_draw_wrap_lines(cols, text) > rows)
		snprintf(text, sizeof text, _("Evidence photos: %zu (F5 lists them)"),
			 json_array_size(list));
	return fc_draw_wrap(y, 1, cols, rows, text, A_NORMAL);
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

static enum fc_form_nav
form_nav(int action)
{
	switch (action) {
	case FORM_ENTER:
		return FC_NAV_ENTER;
	case FORM_UP:
		return FC_NAV_UP;
	case FORM_DOWN:
		return FC_NAV_DOWN;
	}
	return FC_NAV_NONE;
}

static int
form_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct form_screen *fs = data;

	form_sync_edit(fs);
	if (action == FC_ACT_TICK) {
		/* A number typed into a long choice is taken after a short pause. */
		switch (fc_form_edit_tick(tui, &fs->edit)) {
		case FC_EDIT_HANDLED:
			return FC_KEY_HANDLED;
		case FC_EDIT_NEXT:
			return form_advance(tui, fs);
		}
		return FC_KEY_IGNORED;
	}
	switch (action) {
	case FORM_LEAVE:
		fc_tui_status(tui, "%s",
			      fs->form->saved ? _("Saved as a draft; continue any time")
					      : _("Nothing was answered; nothing kept"));
		return FC_KEY_CLOSE;
	case FORM_DISCARD:
		fc_prompt_ask(tui, _("Discard this unfinished check and all its answers?"),
			      form_discard_choices, form_discard_done, fs);
		return FC_KEY_HANDLED;
	case FORM_REVIEW:
		fc_tui_open(tui, &fc_screen_review, fs->form);
		return FC_KEY_OPEN;
	case FORM_OUTLINE:
		fc_tui_open(tui, &fc_screen_outline, fs->form);
		return FC_KEY_OPEN;
	case FORM_NOTE:
		return form_note(tui, fs);
	case FORM_PHOTOS:
		return form_photos(tui, fs);
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
	if (fs->edit.item == NULL)
		return FC_KEY_IGNORED;
	switch (fc_form_edit_key(tui, &fs->edit, form_nav(action), code)) {
	case FC_EDIT_HANDLED:
		return FC_KEY_HANDLED;
	case FC_EDIT_NEXT:
		return form_advance(tui, fs);
	case FC_EDIT_PREV:
		return form_back(fs);
	}
	return FC_KEY_IGNORED;
}

/*
 * The progress bar, what is answered and the running hazard count, written
 * out ("! 2 hazards") so it reads without colour: at 40 columns the count
 * alone beside the bar.
 */
static void
form_draw_progress(int y, int cols, int wide, const struct fc_form *form, size_t answered)
{
	char right[96], haz[48];
	int rw;

	snprintf(haz, sizeof haz, _("! %zu hazard(s)"), form->n_hazards);
	if (wide)
		snprintf(right, sizeof right, _(" %zu answered, %s"), answered, haz);
	else
		snprintf(right, sizeof right, " %s", haz);
	rw = fc_draw_cols(right);
	fc_progress_draw(y, 1, cols - rw, (int)answered, (int)form->n_visible);
	fc_draw_text(y, 1 + cols - rw, rw, right, form->n_hazards > 0 ? A_BOLD : A_NORMAL);
}

/* The lines of the form's parts above the input, as many as the screen allows. */
struct form_rows {
	int label, note, photos, help, hint, section;
};

/* The fewest lines the input needs to be answered at all. */
static int
form_input_rows(const struct fc_item *item)
{
	switch (item->type) {
	case FC_ITEM_CHOICE:
	case FC_ITEM_MULTI:
		/* Three lines: with more options, two and the line counting the
		 * rest (a fourth line cost the note on the item its line). */
		return item->n_options < 3 ? (int)item->n_options : 3;
	case FC_ITEM_PHOTO:
		return 3;
	default:
		return 1;
	}
}

/*
 * Share out the body: the input and its message are never given up (a
 * message pushed under the key bar hid what the item allows), then the
 * label's first line, the hint (whole: the message says what to type when
 * it has no room), the note, the section (unless its line would hide an
 * option), the photos, the label's further lines and the help, and last
 * whatever is left of the label.
 */
static void
form_plan(struct form_rows *r, int avail, int wide, const struct fc_form *form,
	  const struct fc_item *item, const char *label, int cols, int options)
{
	/* Lines the options want beyond their least: the section's name (its
	 * number is in the position line) gives way to them. */
	int more = options - form_input_rows(item);
	int want_label = fc_draw_wrap_lines(cols, label);
	int photos = form_draw_photos(-1, cols, 1, form, item->id), hint;

	memset(r, 0, sizeof *r);
#define FORM_TAKE(field, n)                                                                        \
	do {                                                                                       \
		int n_ = (n) < avail ? (n) : avail;                                                \
		r->field += n_ > 0 ? n_ : 0;                                                       \
		avail -= n_ > 0 ? n_ : 0;                                                          \
	} while (0)
	FORM_TAKE(label, 1);
	/* Whole or not at all: a cut hint hides the very key it names. */
	hint = fc_draw_wrap_lines(cols, fc_form_edit_hint(item));
	if (hint <= avail)
		FORM_TAKE(hint, hint);
	FORM_TAKE(note, fc_form_note(form, item->id) != NULL ? 1 : 0);
	FORM_TAKE(section, avail > more ? 1 : 0);
	/* The whole list, else its count on one line. */
	FORM_TAKE(photos, photos <= avail ? (photos > 2 ? 2 : photos) : (photos > 0 ? 1 : 0));
	FORM_TAKE(label, (want_label > (wide ? 3 : 2) ? (wide ? 3 : 2) : want_label) - 1);
	if (wide && item->help.zh != NULL && avail > 4)
		FORM_TAKE(help, 2);
	/* The rest of the question before more of the input: options out of
	 * sight are counted and scroll, a question cut short is misread ("Signs
	 * of landslide, rockfall, debris flow, subsidence" lost "or unstable
	 * slope" at 40 columns with lines to spare). */
	FORM_TAKE(label, want_label - r->label);
#undef FORM_TAKE
}

static void
form_draw(struct fc_tui *tui, void *data)
{
	struct form_screen *fs = data;
	struct fc_form *form = fs->form;
	const struct fc_item *item;
	int y = tui->top, cols = tui->cols - 2, end = tui->top + tui->body_rows;
	size_t sk, sn, answered = fc_form_answered(form);
	char pos[128], label[600], who[FC_ID_MAX + FC_RECORD_ID_MAX + 32];
	int msg_rows, head, wide = tui->cols >= 60;
	struct form_rows r;

	form_sync_edit(fs);
	item = fs->edit.item;
	if (item == NULL) {
		fc_draw_text(y, 1, cols, _("No items to answer; F2 to review"), A_NORMAL);
		return;
	}
	fc_form_section_pos(form, &sk, &sn);
	snprintf(pos, sizeof pos, _("section %zu/%zu, item %zu/%zu"), sk, sn, form->cur + 1,
		 form->n_visible);
	if (form->corrects[0] != '\0')
		snprintf(who, sizeof who, "%s %s %s", form->h.id,
			 fc_record_type_label("correction"), form->corrects);
	else if (form->visit[0] != '\0')
		snprintf(who, sizeof who, "%s %s", form->h.id,
			 fc_record_outcome_label(form->visit));
	else
		snprintf(who, sizeof who, "%s", form->h.id);
	/* A correction's record id takes a second line rather than be cut to "4…". */
	head = fc_draw_split_lines(cols, who, pos);
	fc_draw_split_wrap(y, 1, cols, head, who, pos, A_NORMAL);
	y += head;
	form_draw_progress(y++, cols, wide, form, answered);
	snprintf(label, sizeof label, "%s %s%s", item->id, fc_tview_label(&item->label),
		 item->required ? "" : _(" (optional)"));
	msg_rows = fs->edit.message[0] != '\0' ? fc_draw_wrap_lines(cols - 2, fs->edit.message) : 0;
	if (msg_rows > 3)
		msg_rows = 3;
	form_plan(&r, end - y - form_input_rows(item) - msg_rows, wide, form, item, label, cols,
		  fc_form_edit_options_lines(tui, &fs->edit));
	if (r.section > 0)
		fc_draw_text(y++, 1, cols,
			     fc_tview_label(&form->tpl->sections[item->section].label),
			     A_UNDERLINE);
	y += fc_draw_wrap_cut(y, 1, cols, r.label, label, A_BOLD);
	if (r.note > 0)
		fc_draw_textf(y++, 1, cols, A_NORMAL, "%s %s", _("Note:"),
			      fc_form_note(form, item->id));
	y += form_draw_photos(y, cols, r.photos, form, item->id);
	y += fc_draw_wrap(y, 1, cols, r.help, fc_tview_label(&item->help), A_NORMAL);
	y += fc_draw_wrap(y, 1, cols, r.hint, fc_form_edit_hint(item), A_NORMAL);
	y += fc_form_edit_draw(tui, &fs->edit, y, end - y - msg_rows);
	/* The message sits right under what was typed, where the eye already is. */
	if (msg_rows > 0 && y < end) {
		fc_draw_text(y, 1, 2, "!", A_BOLD);
		fc_draw_wrap(y, 3, cols - 2, end - y < msg_rows ? end - y : msg_rows,
			     fs->edit.message, A_BOLD);
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
    .pastes = 1,
};
