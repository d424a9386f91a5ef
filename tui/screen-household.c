/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screen-household.c: one household: its details, its history, and what an
 * inspector does there: start the checklist for its kind, or record in two
 * keys that nobody was home or entry was refused.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/record-model.h"
#include "tui/tview.h"
#include "tui/draw.h"
#include "tui/household-view.h"
#include "tui/i18n.h"
#include "tui/record-list.h"
#include "tui/screen.h"
#include "tui/sign.h"
#include "tui/widget-prompt.h"

enum household_action {
	HH_INSPECT = 1,
	HH_OPEN,
	HH_NOBODY,
	HH_REFUSED,
	HH_BACK,
	HH_MOVE,
	HH_FOLLOWUP,
	HH_CORRECT,
};

static const struct fc_binding household_keys[] = {
    {'i', HH_INSPECT, "i", N_("inspect"), N_("start or continue the checklist")},
    {FC_KEYCODE(KEY_F(2)), HH_INSPECT, "F2", NULL, NULL},
    {'n', HH_NOBODY, "n", N_("nobody home"), N_("record a visit: nobody home (short form)")},
    {'x', HH_REFUSED, "x", N_("refused"), N_("record a visit: entry refused (short form)")},
    {'\r', HH_OPEN, "Enter", N_("record"), N_("open the record under the cursor")},
    {'f', HH_FOLLOWUP, "f", N_("follow-up"), N_("follow up the open hazards of that record")},
    {'c', HH_CORRECT, "c", N_("correct"), N_("correct that record with a new one")},
    {FC_ESC, HH_BACK, "Esc", N_("back"), NULL},
    {'?', FC_ACT_HELP, "?", NULL, N_("this list of keys")},
    {FC_KEYCODE(KEY_UP), HH_MOVE, "Up", NULL, NULL},
    {FC_KEYCODE(KEY_DOWN), HH_MOVE, "Down", NULL, NULL},
    {FC_KEYCODE(KEY_PPAGE), HH_MOVE, "PgUp", NULL, NULL},
    {FC_KEYCODE(KEY_NPAGE), HH_MOVE, "PgDn", NULL, NULL},
    {FC_KEYCODE(KEY_HOME), HH_MOVE, "Home", NULL, NULL},
    {FC_KEYCODE(KEY_END), HH_MOVE, "End", NULL, NULL},
    {0, 0, NULL, NULL, NULL},
};

#define HOUSEHOLD_TEMPLATES 6

struct household {
	struct fc_household h;
	struct fc_record_list history;
	struct fc_form_arg form_arg;
	const char *visit_outcome;
	int open_hazards;
	char hazard_record[FC_RECORD_ID_MAX]; /* the inspection that raised the first one */
	char *answers_json;		      /* owned: the answers a correction starts from */
	char corrects[FC_RECORD_ID_MAX];
	/* When several checklists apply to the kind (a restaurant: gas and building). */
	const struct fc_template *choices[HOUSEHOLD_TEMPLATES];
	struct fc_prompt_choice choice_keys[HOUSEHOLD_TEMPLATES + 2];
	char choice_names[HOUSEHOLD_TEMPLATES][4];
};

static const char *
household_title(struct fc_tui *tui, void *data)
{
	(void)tui;
	(void)data;
	return _("Household");
}

static int
household_count_hazard(const struct fc_hazard_entry *h, void *ctx, struct fc_error *err)
{
	struct household *hh = ctx;

	(void)err;
	if (hh->open_hazards++ == 0)
		snprintf(hh->hazard_record, sizeof hh->hazard_record, "%s", h->record);
	return 0;
}

struct household_raised_ctx {
	const char *id;
	int found;
};

static int
household_find_raised(const struct fc_hazard_entry *h, void *ctx, struct fc_error *err)
{
	struct household_raised_ctx *c = ctx;

	(void)err;
	c->found = strcmp(h->record, c->id) == 0;
	return c->found;
}

/* 1 when record id raised one of the household's open hazards. */
static int
household_raised(struct fc_tui *tui, struct household *hh, const char *id)
{
	struct fc_error err = {0};
	struct household_raised_ctx c = {id, 0};

	fc_store_each_open_hazard(tui->app->store, hh->h.id, household_find_raised, &c, &err);
	return c.found;
}

static void
household_load(struct fc_tui *tui, struct household *hh)
{
	struct fc_error err = {0};
	struct fc_record_filter filter = {0};

	filter.household = hh->h.id;
	filter.newest_first = 1;
	filter.limit = FC_RECORD_LIST_MAX;
	if (fc_record_list_load(tui, &hh->history, &filter, &err) != 0)
		fc_tui_error(tui, &err);
	/* The last check date moves when an inspection is signed. */
	fc_store_get_household(tui->app->store, hh->h.id, &hh->h, &err);
	hh->open_hazards = 0;
	fc_store_each_open_hazard(tui->app->store, hh->h.id, household_count_hazard, hh, &err);
}

static int
household_init(struct fc_tui *tui, void *arg, void **data, struct fc_error *err)
{
	struct household *hh = calloc(1, sizeof *hh);

	if (hh == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	if (fc_store_get_household(tui->app->store, arg, &hh->h, err) != 0) {
		free(hh);
		return -1;
	}
	fc_record_list_init(&hh->history);
	household_load(tui, hh);
	*data = hh;
	return 0;
}

static void
household_resume(struct fc_tui *tui, void *data)
{
	household_load(tui, data);
}

static void
household_free(void *data)
{
	struct household *hh = data;

	if (hh == NULL)
		return;
	fc_record_list_release(&hh->history);
	free(hh->answers_json);
	free(hh);
}

static void
household_draw(struct fc_tui *tui, void *data)
{
	struct household *hh = data;
	const struct fc_household *h = &hh->h;
	int y = tui->top, cols = tui->cols - 2, end = tui->top + tui->body_rows;
	char right[128];
	int late;

	snprintf(right, sizeof right, "%s %s", fc_household_kind_label(h->kind),
		 fc_household_due_text(tui, h, &late));
	fc_draw_split(y++, 1, cols, h->id, right, A_BOLD);
	y += fc_draw_wrap(y, 1, cols, 2, h->address, A_NORMAL);
	fc_draw_textf(y++, 1, cols, A_NORMAL, "%s  %s", h->resident, h->phone);
	fc_draw_textf(y++, 1, cols, A_NORMAL, "%s %s  %s %s", _("Last check:"),
		      h->last_check[0] != '\0' ? h->last_check : _("never"), _("District:"),
		      h->district);
	if (hh->open_hazards > 0)
		fc_draw_textf(y++, 1, cols, A_UNDERLINE | A_BOLD, _("History (open hazards: %d)"),
			      hh->open_hazards);
	else
		fc_draw_text(y++, 1, cols, _("History"), A_UNDERLINE);
	if (hh->history.n == 0) {
		fc_draw_text(y, 1, cols, _("No records yet."), A_NORMAL);
		return;
	}
	fc_record_list_draw(tui, &hh->history, y, end - y, 0);
}

static const struct fc_prompt_choice household_visit_choices[] = {
    {'y', "y", N_("yes, sign"), 1},
    {FC_ESC, "Esc", N_("cancel"), 0},
    {0, NULL, NULL, 0},
};

static int
household_visit_done(struct fc_tui *tui, void *ctx, int value)
{
	struct household *hh = ctx;
	struct fc_error err = {0};
	char id[FC_RECORD_ID_MAX];

	if (value != 1)
		return FC_KEY_HANDLED;
	if (fc_sign_visit(tui, hh->h.id, hh->visit_outcome, id, &err) != 0) {
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	fc_tui_status(tui, _("Signed %s"), id);
	household_load(tui, hh);
	return FC_KEY_HANDLED;
}

/*
 * The item of tpl whose answer makes a record a visit (record_types:
 * {"when": {"item": "G00", "ne": "inspected"}, "type": "visit"}) and that
 * has outcome among its options; NULL when the checklist asks nothing of a
 * visit.
 */
static const char *
household_visit_item(const struct fc_template *tpl, const char *outcome)
{
	size_t i;
	json_t *rule;

	json_array_foreach(tpl->record_types, i, rule) {
		const char *type = json_string_value(json_object_get(rule, "type"));
		const char *id =
		    json_string_value(json_object_get(json_object_get(rule, "when"), "item"));
		const struct fc_item *item = id != NULL ? fc_template_item(tpl, id) : NULL;
		if (type == NULL || strcmp(type, "visit") != 0 || item == NULL)
			continue;
		if (fc_template_option_index(item, outcome) >= 0)
			return item->id;
	}
	return NULL;
}

/* A quick visit through the checklist's own visit items, when it has them. */
static int
household_visit_form(struct fc_tui *tui, struct household *hh, const char *outcome)
{
	size_t n = fc_tview_for_kind(tui, hh->h.kind, hh->choices, HOUSEHOLD_TEMPLATES);

	for (size_t i = 0; i < n; i++) {
		const char *item = household_visit_item(hh->choices[i], outcome);
		if (item == NULL)
			continue;
		memset(&hh->form_arg, 0, sizeof hh->form_arg);
		hh->form_arg.household = hh->h.id;
		hh->form_arg.template_id = hh->choices[i]->id;
		hh->form_arg.visit_item = item;
		hh->form_arg.visit = outcome;
		fc_tui_open(tui, &fc_screen_form, &hh->form_arg);
		return FC_KEY_OPEN;
	}
	return 0;
}

static int
household_visit(struct fc_tui *tui, struct household *hh, const char *outcome)
{
	char text[512];
	int r = household_visit_form(tui, hh, outcome);

	/* The form asks what the checklist requires of this visit (G80/G83, G84-G86). */
	if (r != 0)
		return r;

	hh->visit_outcome = outcome;
	snprintf(text, sizeof text, "%s\n%s %s",
		 strcmp(outcome, "refused") == 0 ? _("Record a visit: entry refused?")
						 : _("Record a visit: nobody home?"),
		 hh->h.id, hh->h.address);
	fc_prompt_ask(tui, text, household_visit_choices, household_visit_done, hh);
	return FC_KEY_HANDLED;
}

static int
household_open_form(struct fc_tui *tui, struct household *hh, const char *template_id)
{
	memset(&hh->form_arg, 0, sizeof hh->form_arg);
	hh->form_arg.household = hh->h.id;
	hh->form_arg.template_id = template_id;
	fc_tui_open(tui, &fc_screen_form, &hh->form_arg);
	return FC_KEY_OPEN;
}

static int
household_template_done(struct fc_tui *tui, void *ctx, int value)
{
	struct household *hh = ctx;

	if (value <= 0)
		return FC_KEY_HANDLED;
	return household_open_form(tui, hh, hh->choices[value - 1]->id);
}

/*
 * Start (or continue) the check. A saved draft is continued whatever its
 * checklist; otherwise, when more than one checklist applies, ask which.
 */
static int
household_inspect(struct fc_tui *tui, struct household *hh)
{
	struct fc_error err = {0};
	char key[160], *text = NULL;
	size_t n, i;

	snprintf(key, sizeof key, "form:%s", hh->h.id);
	if (fc_store_load_draft(tui->app->store, key, &text, &err) == 0) {
		free(text);
		return household_open_form(tui, hh, NULL);
	}
	n = fc_tview_for_kind(tui, hh->h.kind, hh->choices, HOUSEHOLD_TEMPLATES);
	if (n <= 1)
		return household_open_form(tui, hh, n == 1 ? hh->choices[0]->id : NULL);
	for (i = 0; i < n; i++) {
		hh->choice_names[i][0] = (char)('1' + i);
		hh->choice_names[i][1] = '\0';
		hh->choice_keys[i].code = (int)('1' + i);
		hh->choice_keys[i].key_name = hh->choice_names[i];
		hh->choice_keys[i].label = fc_tview_label(&hh->choices[i]->label);
		hh->choice_keys[i].value = (int)i + 1;
	}
	hh->choice_keys[i].code = FC_ESC;
	hh->choice_keys[i].key_name = "Esc";
	hh->choice_keys[i].label = N_("cancel");
	hh->choice_keys[i].value = 0;
	memset(&hh->choice_keys[i + 1], 0, sizeof hh->choice_keys[i + 1]);
	fc_prompt_ask(tui, _("Which checklist?"), hh->choice_keys, household_template_done, hh);
	return FC_KEY_HANDLED;
}

/* A correction of record id: the form again, starting from its answers. */
static int
household_correct(struct fc_tui *tui, struct household *hh, const char *id)
{
	struct fc_error err = {0};
	struct fc_record rec;
	struct fc_record_model m;

	memset(&rec, 0, sizeof rec);
	if (fc_store_get_record(tui->app->store, id, &rec, &err) != 0) {
		fc_tui_error(tui, &err);
		return FC_KEY_HANDLED;
	}
	free(hh->answers_json);
	hh->answers_json = NULL;
	if (fc_record_model_parse(rec.body, rec.body_len, &m, &err) == 0)
		hh->answers_json = fc_record_model_answers_dump(&m);
	fc_record_model_release(&m);
	if (rec.template_id[0] == '\0' || hh->answers_json == NULL) {
		fc_tui_status(tui, "%s", _("Only a checklist record can be corrected here"));
		fc_record_release(&rec);
		return FC_KEY_HANDLED;
	}
	snprintf(hh->corrects, sizeof hh->corrects, "%s", rec.id);
	memset(&hh->form_arg, 0, sizeof hh->form_arg);
	hh->form_arg.household = hh->h.id;
	{
		const struct fc_template *tpl =
		    fc_tview_find(tui, rec.template_id, rec.template_version);
		hh->form_arg.template_id = tpl != NULL ? tpl->id : NULL;
		hh->form_arg.template_version = rec.template_version;
	}
	hh->form_arg.corrects = hh->corrects;
	hh->form_arg.answers_json = hh->answers_json;
	fc_record_release(&rec);
	if (hh->form_arg.template_id == NULL) {
		fc_tui_status(tui, "%s", _("The checklist of that record is not installed"));
		return FC_KEY_HANDLED;
	}
	fc_tui_open(tui, &fc_screen_form, &hh->form_arg);
	return FC_KEY_OPEN;
}

/*
 * The follow-up of the record under the cursor; when that one raised nothing
 * still open, of the inspection that did (the inspector pressed f to follow
 * up the household's hazards, wherever the cursor was).
 */
static int
household_followup(struct fc_tui *tui, struct household *hh)
{
	const char *id;

	if (hh->history.n == 0)
		return FC_KEY_HANDLED;
	id = hh->history.rows[hh->history.list.sel].id;
	if (hh->open_hazards > 0 && !household_raised(tui, hh, id))
		id = hh->hazard_record;
	fc_tui_open(tui, &fc_screen_followup, (void *)id);
	return FC_KEY_OPEN;
}

/*
 * Enter, f and c act on a record of the history; with none they said
 * nothing at all, though the key bar names them.
 */
static int
household_no_record(struct fc_tui *tui)
{
	fc_tui_status(tui, "%s",
		      _("No record of this household yet: nothing to open, follow up or correct "
			"(i inspects)"));
	return FC_KEY_HANDLED;
}

static int
household_key(struct fc_tui *tui, void *data, int action, int code)
{
	struct household *hh = data;

	if (hh->history.n == 0 &&
	    (action == HH_OPEN || action == HH_FOLLOWUP || action == HH_CORRECT))
		return household_no_record(tui);
	switch (action) {
	case HH_BACK:
		return FC_KEY_CLOSE;
	case HH_MOVE:
		fc_list_key(&hh->history.list, code, tui->body_rows / 2);
		return FC_KEY_HANDLED;
	case HH_OPEN:
		if (hh->history.n == 0)
			return FC_KEY_HANDLED;
		fc_tui_open(tui, &fc_screen_record, hh->history.rows[hh->history.list.sel].id);
		return FC_KEY_OPEN;
	case HH_INSPECT:
		return household_inspect(tui, hh);
	case HH_NOBODY:
		return household_visit(tui, hh, "nobody_home");
	case HH_REFUSED:
		return household_visit(tui, hh, "refused");
	case HH_FOLLOWUP:
		return household_followup(tui, hh);
	case HH_CORRECT:
		if (hh->history.n == 0)
			return FC_KEY_HANDLED;
		return household_correct(tui, hh, hh->history.rows[hh->history.list.sel].id);
	}
	return FC_KEY_IGNORED;
}

const struct fc_screen fc_screen_household = {
    .name = "household",
    .title = household_title,
    .init = household_init,
    .draw = household_draw,
    .key = household_key,
    .resume = household_resume,
    .free = household_free,
    .keys = household_keys,
};
