/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-followup.c: a follow-up visit, hazard by hazard (docs/ledger.md):
 * every hazard the followed inspection raised that the ledger still holds
 * open, each marked rectified or not rectified with its own note, new
 * deadline and photos from the camera folder (p, screen-pick.c). F10 signs one follow-up whose
 * results name only the hazards marked (core/followup.c's format, the same `fieldcheck record
 * --follows` writes); a hazard left unmarked stays open as it was. Every
 * change is saved as a draft at once (tui/followup-draft.h) and resumed when
 * the same follow-up is opened again; Esc keeps it, signing or discarding
 * deletes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/date.h"
#include "core/record-model.h"
#include "tui/draw.h"
#include "tui/followup-draft.h"
#include "tui/i18n.h"
#include "tui/photo-pick.h"
#include "tui/screen.h"
#include "tui/sign.h"
#include "tui/tview.h"
#include "tui/widget-list.h"
#include "tui/widget-prompt.h"

#define FOLLOWUP_MAX 64

enum followup_action {
	FU_RECTIFIED = 1,
	FU_NOT_RECTIFIED,
	FU_CLEAR,
	FU_NOTE,
	FU_DEADLINE,
	FU_SIGN,
	FU_BACK,
	FU_MOVE,
	FU_PHOTO,
};

static const struct fc_binding followup_keys[] = {
    {'y', FU_RECTIFIED, "y", N_("rectified"), N_("mark the hazard under the cursor rectified")},
    {'n', FU_NOT_RECTIFIED, "n", N_("not rectified"),
     N_("mark the hazard under the cursor not rectified")},
    {'t', FU_NOTE, "t", N_("note"), N_("write a note on this hazard's result")},
    {'d', FU_DEADLINE, "d", N_("deadline"), N_("set a new deadline (not rectified)")},
    {'p', FU_PHOTO, "p", N_("photo"),
     N_("pick photos of this hazard from the camera folder; signed in its result")},
    {FC_KEYCODE(KEY_DC), FU_CLEAR, "Del", N_("clear"), N_("unmark: the hazard stays open")},
    {127, FU_CLEAR, "BS", NULL, N_("unmark: the hazard stays open")},
    {FC_KEYCODE(KEY_BACKSPACE), FU_CLEAR, "BS", NULL, NULL},
    {FC_KEYCODE(KEY_F(10)), FU_SIGN, "F10", N_("sign"), N_("sign the follow-up (asks once more)")},
    {FC_ESC, FU_BACK, "Esc", N_("back"), N_("leave without signing (asks when marked)")},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), FU_MOVE, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), FU_MOVE, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), FU_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), FU_MOVE, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), FU_MOVE, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), FU_MOVE, "End", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

struct followup {
	struct fc_record rec; /* the followed inspection */
	char address[FC_ADDRESS_MAX];
	struct fc_fu_row rows[FOLLOWUP_MAX];
	int n;
	struct fc_list list;
	struct fc_tui *tui;
	struct fc_line_arg line; /* the note or deadline being asked for */
	int line_row, line_what; /* which row, FU_NOTE or FU_DEADLINE */
	char prompt_text[512];
	int head;		 /* lines above the list */
	struct fc_pick_arg pick; /* p: photos being picked for a hazard */
	char camera_dir[FC_PATH_MAX];
	time_t opened; /* pictures taken since are listed (kept in the draft) */
	char draft_key[160];
};

static const char *
followup_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Follow-up");
}

/* Every change is in the draft at once: a flat battery loses nothing marked. */
static void
followup_save(struct fc_tui *tui, struct followup *fu)
{
	struct fc_error err = {0};

	if (fc_fu_draft_save(tui->app->store, fu->draft_key, fu->rec.household, fu->rec.id,
			     fu->opened, fu->rows, fu->n, &err) != 0)
		fc_tui_error(tui, &err);
}

static int
followup_photo_changed(struct fc_tui *tui, void *ctx, struct fc_error *err)
{
	struct followup *fu = ctx;

	return fc_fu_draft_save(tui->app->store, fu->draft_key, fu->rec.household, fu->rec.id,
				fu->opened, fu->rows, fu->n, err);
}

static int
followup_collect(const struct fc_hazard_entry *h, void *ctx, struct fc_error *err)
{
	struct followup *fu = ctx;

	(void)err;
	if (strcmp(h->record, fu->rec.id) != 0 || fu->n == FOLLOWUP_MAX)
		return 0;
	memset(&fu->rows[fu->n], 0, sizeof fu->rows[0]);
	fu->rows[fu->n++].h = *h;
	return 0;
}

static int
followup_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct followup *fu = calloc(1, sizeof *fu);
	struct fc_household hh;
	struct fc_error none = {0};
	int resumed;

	if (fu == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	fu->tui = tui;
	if (fc_store_get_record(tui->app->store, arg, &fu->rec, err) != 0 ||
	    fc_store_each_open_hazard(tui->app->store, fu->rec.household, followup_collect, fu,
				      err) != 0) {
		fc_record_release(&fu->rec);
		free(fu);
		return -1;
	}
	if (fu->n == 0) {
		fc_record_release(&fu->rec);
		free(fu);
		return fc_error_set(err, FC_E_NOTFOUND, "%s",
				    _("This record has no hazards to follow up"));
	}
	if (fc_store_get_household(tui->app->store, fu->rec.household, &hh, &none) == 0)
		snprintf(fu->address, sizeof fu->address, "%s", hh.address);
	fu->opened = time(NULL);
	fc_fu_draft_key(fu->rec.household, fu->rec.id, fu->draft_key, sizeof fu->draft_key);
	resumed =
	    fc_fu_draft_load(tui->app->store, fu->draft_key, fu->rows, fu->n, &fu->opened, &none);
	if (resumed == 1)
		fc_tui_status(tui, "%s", _("Resuming an unsigned follow-up"));
	else if (resumed < 0)
		fc_tui_error(tui, &none);
	if (fc_store_get_setting(tui->app->store, FC_SET_CAMERA_DIR, fu->camera_dir,
				 sizeof fu->camera_dir, &none) != 0)
		fu->camera_dir[0] = '\0';
	fc_list_init(&fu->list);
	fc_list_set_count(&fu->list, fu->n);
	*data = fu;
	return 0;
}

static void
followup_free(void *data)
{
	struct followup *fu = data;

	if (fu == NULL)
		return;
	for (int i = 0; i < fu->n; i++)
		json_decref(fu->rows[i].photos);
	fc_record_release(&fu->rec);
	free(fu);
}

/* The note or deadline asked for on the line screen, once it closes. */
static void
followup_resume(struct fc_tui *tui, void *data)
{
	struct followup *fu = data;
	struct fc_fu_row *r = &fu->rows[fu->line_row];

	if (!fu->line.taken)
		return;
	fu->line.taken = 0;
	if (fu->line_what == FU_NOTE)
		snprintf(r->note, sizeof r->note, "%s", fu->line.out);
	else
		snprintf(r->deadline, sizeof r->deadline, "%.10s", fu->line.out);
	followup_save(tui, fu);
}

static const char *
followup_mark(enum fc_fu_result res)
{
	return res == FC_FU_YES ? "[+]" : res == FC_FU_NO ? "[-]" : "[ ]";
}

static const char *
followup_result_label(enum fc_fu_result res)
{
	return res == FC_FU_YES	 ? _("rectified")
	       : res == FC_FU_NO ? _("not rectified")
				 : _("unmarked");
}

/*
 * The row's last line: the photos picked (first: a count survives a narrow
 * screen), the new deadline and the note given, or when it was found.
 */
static void
followup_last(const struct fc_fu_row *r, char *out, size_t size)
{
	int n = 0;

	out[0] = '\0';
	if (json_array_size(r->photos) > 0)
		n = snprintf(out, size, _("photos: %zu "), json_array_size(r->photos));
	if (r->deadline[0] != '\0' && n >= 0 && (size_t)n < size)
		n += snprintf(out + n, size - (size_t)n, _("deadline %s "), r->deadline);
	if (r->note[0] != '\0' && n >= 0 && (size_t)n < size)
		n += snprintf(out + n, size - (size_t)n, _("Note: %s"), r->note);
	if (r->deadline[0] == '\0' && r->note[0] == '\0' && n >= 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, _("found %s"), r->h.found);
}

/*
 * A hazard in fu->list.lines lines: what it is (wrapped onto two lines on a
 * narrow screen), what was given with the severity, then the new deadline
 * and the note (or when the hazard was found, while there are none).
 */
static void
followup_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct followup *fu = ctx;
	const struct fc_fu_row *r = &fu->rows[i];
	attr_t a = selected ? A_REVERSE : A_NORMAL;
	char what[700], given[160], last[1200];
	int n = fu->list.lines;

	snprintf(what, sizeof what, "%s %s", r->h.item, r->h.note);
	snprintf(given, sizeof given, "%s %s", followup_mark(r->result),
		 followup_result_label(r->result));
	followup_last(r, last, sizeof last);
	for (int k = 0; k < n - 2; k++)
		fc_draw_text(y + k, x, cols, "", a);
	fc_draw_wrap(y, x, cols, n - 2, what, a | A_BOLD);
	fc_draw_split(y + n - 2, x, cols, given, fc_tview_severity_any(fu->tui, r->h.severity), a);
	fc_draw_text(y + n - 1, x, cols, last, a);
}

static void
followup_counts(const struct followup *fu, int *yes, int *no)
{
	*yes = *no = 0;
	for (int i = 0; i < fu->n; i++) {
		*yes += fu->rows[i].result == FC_FU_YES;
		*no += fu->rows[i].result == FC_FU_NO;
	}
}

static void
followup_draw(struct fc_tui *tui, void *data)
{
	struct followup *fu = data;
	int y = tui->top, cols = tui->cols - 2, yes, no;
	char where[FC_ADDRESS_MAX + FC_ID_MAX + 4], count[256];

	followup_counts(fu, &yes, &no);
	snprintf(where, sizeof where, "%s %s", fu->rec.household, fu->address);
	fc_draw_text(y++, 1, cols, where, A_BOLD);
	snprintf(count, sizeof count, _("%d open: %d rectified, %d not, %d unmarked"), fu->n, yes,
		 no, fu->n - yes - no);
	fu->head = 1 + fc_draw_wrap(y, 1, cols, 2, count, A_NORMAL);
	fu->list.lines = tui->cols < 60 ? 4 : 3;
	/* At 40x15 one hazard fits: the rest are counted, not left unsaid. */
	fc_list_draw_more(&fu->list, tui->top + fu->head, 1, tui->body_rows - fu->head, cols,
			  followup_row, fu);
}

static int
followup_check_date(const char *text, struct fc_error *err)
{
	struct fc_date d;

	if (fc_date_parse(text, &d) != 0)
		return fc_error_set(err, FC_E_INVALID, "%s",
				    _("a deadline is a date: YYYY-MM-DD (e.g. 2026-06-30)"));
	if (fc_date_cmp(d, fc_date_today()) < 0)
		return fc_error_set(err, FC_E_INVALID, "%s",
				    _("a new deadline cannot be in the past"));
	return 0;
}

/* Ask for the note or the new deadline of the hazard under the cursor. */
static int
followup_ask_line(struct fc_tui *tui, struct followup *fu, int what)
{
	struct fc_fu_row *r = &fu->rows[fu->list.sel];

	memset(&fu->line, 0, sizeof fu->line);
	fu->line_row = fu->list.sel;
	fu->line_what = what;
	fu->line.title = what == FU_NOTE ? N_("Follow-up note") : N_("New deadline");
	if (what == FU_NOTE) {
		fu->line.question = N_("Note on this hazard's result:");
		fu->line.max_chars = 200;
		snprintf(fu->line.out, sizeof fu->line.out, "%s", r->note);
	} else {
		fu->line.question = N_("New deadline for rectifying this hazard:");
		fu->line.hint = N_("YYYY-MM-DD; empty: the usual deadline");
		fu->line.max_chars = 10;
		fu->line.ascii = 1; /* ２０２６－０６－３０ from a full-width input method */
		fu->line.check = followup_check_date;
		snprintf(fu->line.out, sizeof fu->line.out, "%s", r->deadline);
	}
	fc_tui_open(tui, &fc_screen_line, &fu->line);
	return FC_KEY_OPEN;
}

/* p: photos of the hazard under the cursor, picked from the camera folder. */
static int
followup_photo(struct fc_tui *tui, struct followup *fu)
{
	struct fc_fu_row *r = &fu->rows[fu->list.sel];
	struct fc_error err = {0};

	if (r->photos == NULL && (r->photos = json_array()) == NULL) {
		fc_error_set(&err, FC_E_NOMEM, _("out of memory"));
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	memset(&fu->pick, 0, sizeof fu->pick);
	fu->pick.title = N_("Photos of this hazard");
	snprintf(fu->pick.what, sizeof fu->pick.what, "%s %s", r->h.item, r->h.note);
	fu->pick.dir = fu->camera_dir;
	fu->pick.since = fu->opened;
	fu->pick.photos = r->photos;
	fu->pick.changed = followup_photo_changed;
	fu->pick.ctx = fu;
	fc_tui_open(tui, &fc_screen_pick, &fu->pick);
	return FC_KEY_OPEN;
}

/* The results object core/followup.c reads: one member per hazard marked. */
static json_t *
followup_results(const struct followup *fu)
{
	json_t *results = json_object();

	for (int i = 0; i < fu->n && results != NULL; i++) {
		const struct fc_fu_row *r = &fu->rows[i];
		json_t *one;

		if (r->result == FC_FU_OPEN)
			continue;
		one = fc_fu_row_json(r);
		if (one == NULL) {
			json_decref(results);
			return NULL;
		}
		json_object_set_new(results, r->h.item, one);
	}
	return results;
}

static int
followup_sign_done(struct fc_tui *tui, void *ctx, int value)
{
	struct followup *fu = ctx;
	struct fc_sign_request req = {0};
	struct fc_error err = {0};
	char id[FC_RECORD_ID_MAX];
	json_t *results;

	if (value != 1)
		return FC_KEY_HANDLED;
	req.tpl = fc_tview_find(tui, fu->rec.template_id, fu->rec.template_version);
	if (req.tpl == NULL) {
		fc_error_set(&err, FC_E_NOTFOUND,
			     _("checklist %s version %d is not on this device"),
			     fu->rec.template_id, fu->rec.template_version);
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	results = followup_results(fu);
	req.follows = &fu->rec;
	req.results = results;
	if (fc_sign_record(tui, &req, id, &err) != 0) {
		json_decref(results);
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	json_decref(results);
	/* Signed: the draft would only offer the same follow-up twice. */
	if (fc_store_delete_draft(tui->app->store, fu->draft_key, &err) != 0) {
		fc_tui_error(tui, &err);
		return FC_KEY_CLOSE;
	}
	fc_tui_status(tui, _("Signed follow-up %s"), id);
	return FC_KEY_CLOSE;
}

static const struct fc_prompt_choice followup_sign_choices[] = {
    {'y', "y", N_("yes, sign"), 1},
    {FC_ESC, "Esc", N_("cancel"), 0},
    {0, NULL, NULL, 0},
};

static int
followup_sign(struct fc_tui *tui, struct followup *fu)
{
	int yes, no;

	followup_counts(fu, &yes, &no);
	if (yes + no == 0) {
		fc_tui_status(tui, "%s",
			      _("Mark at least one hazard (y rectified, n not rectified) first"));
		return FC_KEY_HANDLED;
	}
	snprintf(fu->prompt_text, sizeof fu->prompt_text,
		 _("Sign the follow-up of %s?\n%d rectified, %d not rectified; %d unmarked stay "
		   "open. A signed record cannot be changed."),
		 fu->rec.id, yes, no, fu->n - yes - no);
	fc_prompt_ask(tui, fu->prompt_text, followup_sign_choices, followup_sign_done, fu);
	return FC_KEY_HANDLED;
}

static const struct fc_prompt_choice followup_leave_choices[] = {
    {'y', "y", N_("leave, keep the marks"), 1},
    {'d', "d", N_("discard the marks"), 2},
    {FC_ESC, "Esc", N_("stay"), 0},
    {0, NULL, NULL, 0},
};

static int
followup_leave_done(struct fc_tui *tui, void *ctx, int value)
{
	struct followup *fu = ctx;
	struct fc_error err = {0};

	if (value == 2 && fc_store_delete_draft(tui->app->store, fu->draft_key, &err) != 0) {
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	if (value == 1)
		fc_tui_status(tui, "%s", _("The follow-up is kept unsigned; f continues it"));
	return value != 0 ? FC_KEY_CLOSE : FC_KEY_HANDLED;
}

static int
followup_back(struct fc_tui *tui, struct followup *fu)
{
	int yes, no;

	followup_counts(fu, &yes, &no);
	if (yes + no == 0)
		return FC_KEY_CLOSE;
	fc_prompt_ask(tui,
		      _("Leave the follow-up? It is not signed; the marks are kept until it is "
			"signed or discarded."),
		      followup_leave_choices, followup_leave_done, fu);
	return FC_KEY_HANDLED;
}

static int
followup_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct followup *fu = data;
	struct fc_fu_row *r = &fu->rows[fu->list.sel];

	switch (action) {
	case FU_MOVE:
		fc_list_key(&fu->list, code, tui->body_rows - fu->head);
		return FC_KEY_HANDLED;
	case FU_RECTIFIED:
	case FU_NOT_RECTIFIED:
		r->result = action == FU_RECTIFIED ? FC_FU_YES : FC_FU_NO;
		followup_save(tui, fu);
		/* Marked: on to the next hazard, as at the door one goes down the list. */
		fc_list_key(&fu->list, FC_KEYCODE(KEY_DOWN), tui->body_rows - fu->head);
		return FC_KEY_HANDLED;
	case FU_CLEAR:
		r->result = FC_FU_OPEN;
		followup_save(tui, fu);
		return FC_KEY_HANDLED;
	case FU_NOTE:
	case FU_DEADLINE:
		return followup_ask_line(tui, fu, action);
	case FU_PHOTO:
		return followup_photo(tui, fu);
	case FU_SIGN:
		return followup_sign(tui, fu);
	case FU_BACK:
		return followup_back(tui, fu);
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_followup = {
    .name = "followup",
    .title = followup_title,
    .init = followup_init,
    .draw = followup_draw,
    .key = followup_key,
    .resume = followup_resume,
    .free = followup_free,
    .keys = followup_keys,
};
