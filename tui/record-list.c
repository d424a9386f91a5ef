/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-list.c: loading and drawing rows of records.
 */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "tui/draw.h"
#include "tui/i18n.h"
#include "tui/record-list.h"

static const struct {
	const char *id;
	const char *label;
} record_words[] = {
    {"inspection", N_("inspection")},
    {"visit", N_("visit")},
    {"followup", N_("follow-up")},
    {"correction", N_("correction")},
    {"household", N_("household change")},
    {"pass", N_("pass")},
    {"ok", N_("pass")},
    {"hazard", N_("hazard")},
    {"stop", N_("stop: danger")},
    {"major", N_("major hazard")},
    {"ordinary", N_("ordinary hazard")},
    {"nobody_home", N_("nobody home")},
    {"refused", N_("entry refused")},
    {"rectified", N_("rectified")},
    {"not_rectified", N_("not rectified")},
};

static const char *
record_word(const char *id)
{
	for (size_t i = 0; i < sizeof record_words / sizeof record_words[0]; i++)
		if (strcmp(record_words[i].id, id) == 0)
			return _(record_words[i].label);
	return id;
}

const char *
fc_record_type_label(const char *type)
{
	return record_word(type);
}

const char *
fc_record_outcome_label(const char *outcome)
{
	return record_word(outcome);
}

void
fc_record_list_init(struct fc_record_list *rl)
{
	rl->rows = NULL;
	rl->n = 0;
	fc_list_init(&rl->list);
}

void
fc_record_list_release(struct fc_record_list *rl)
{
	free(rl->rows);
	fc_record_list_init(rl);
}

static int
record_list_add(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	struct fc_record_list *rl = ctx;
	struct fc_record_row *r;

	(void)err;
	if (rl->n >= FC_RECORD_LIST_MAX)
		return 1;
	r = &rl->rows[rl->n++];
	snprintf(r->id, sizeof r->id, "%s", rec->id);
	snprintf(r->time, sizeof r->time, "%s", rec->time);
	snprintf(r->type, sizeof r->type, "%s", rec->type);
	snprintf(r->household, sizeof r->household, "%s", rec->household);
	snprintf(r->outcome, sizeof r->outcome, "%s", rec->outcome);
	r->synced = rec->synced;
	r->address[0] = '\0';
	return 0;
}

/* The address of each row's household (one indexed lookup a row, after the scan). */
static void
record_list_addresses(struct fc_tui *tui, struct fc_record_list *rl)
{
	struct fc_household h;
	struct fc_error none = {0};

	for (int i = 0; i < rl->n; i++) {
		struct fc_record_row *r = &rl->rows[i];
		if (i > 0 && strcmp(rl->rows[i - 1].household, r->household) == 0) {
			memcpy(r->address, rl->rows[i - 1].address, sizeof r->address);
			continue;
		}
		if (r->household[0] != '\0' &&
		    fc_store_get_household(tui->app->store, r->household, &h, &none) == 0)
			snprintf(r->address, sizeof r->address, "%s", h.address);
	}
}

int
fc_record_list_load(struct fc_tui *tui, struct fc_record_list *rl,
		    const struct fc_record_filter *filter, struct fc_error *err)
{
	struct fc_record_filter f = *filter;

	if (rl->rows == NULL) {
		rl->rows = calloc(FC_RECORD_LIST_MAX, sizeof *rl->rows);
		if (rl->rows == NULL)
			return fc_error_set(err, FC_E_NOMEM, _("out of memory"));
	}
	if (f.limit == 0 || f.limit > FC_RECORD_LIST_MAX)
		f.limit = FC_RECORD_LIST_MAX;
	rl->n = 0;
	if (fc_store_each_record(tui->app->store, &f, record_list_add, rl, err) != 0)
		return -1;
	if (f.household == NULL)
		record_list_addresses(tui, rl);
	fc_list_set_count(&rl->list, rl->n);
	return 0;
}

struct record_list_ctx {
	struct fc_record_list *rl;
	int show_household;
	int cols;
};

/* Lines the household and its address may take: wrapped, not cut with "…". */
#define RECORD_WHERE_LINES 2

static void
record_list_where(const struct fc_record_row *r, char *out, size_t size)
{
	snprintf(out, size, "%s %s", r->household, r->address);
}

static int
record_list_height(void *ctx, int i)
{
	struct record_list_ctx *c = ctx;
	char where[FC_ID_MAX + FC_ADDRESS_MAX + 4];
	int n;

	if (!c->show_household)
		return 1;
	record_list_where(&c->rl->rows[i], where, sizeof where);
	n = fc_draw_wrap_lines(c->cols - 2, where); /* indented under the time */
	return 1 + (n < 1 ? 1 : n > RECORD_WHERE_LINES ? RECORD_WHERE_LINES : n);
}

static void
record_list_row(void *ctx, int i, int y, int x, int cols, int selected)
{
	struct record_list_ctx *c = ctx;
	const struct fc_record_row *r = &c->rl->rows[i];
	char left[320], when[17];

	/* "2026-11-24T10:32:00+08:00" -> "2026-11-24 10:32" */
	memcpy(when, r->time, sizeof when - 1);
	when[sizeof when - 1] = '\0';
	if (strlen(when) > 10)
		when[10] = ' ';
	if (cols < 60 && strlen(when) > 11)
		memmove(when, when + 5, strlen(when + 5) + 1); /* drop the year */
	snprintf(left, sizeof left, "%s%s %s", r->synced ? " " : "*", when,
		 fc_record_type_label(r->type));
	fc_draw_split(y, x, cols, left, fc_record_outcome_label(r->outcome),
		      selected ? A_REVERSE : A_NORMAL);
	/* The household on the second line, before its address, which wraps onto a third. */
	if (c->show_household) {
		char where[FC_ID_MAX + FC_ADDRESS_MAX + 4];
		int n = record_list_height(ctx, i) - 1;

		record_list_where(r, where, sizeof where);
		for (int k = 0; k < n; k++)
			fc_draw_text(y + 1 + k, x, cols, "", selected ? A_REVERSE : A_NORMAL);
		fc_draw_wrap(y + 1, x + 2, cols - 2, n, where, selected ? A_REVERSE : A_NORMAL);
	}
}

void
fc_record_list_draw(struct fc_tui *tui, struct fc_record_list *rl, int y, int rows,
		    int show_household)
{
	struct record_list_ctx c = {rl, show_household, tui->cols - 2};

	/* The tallest row: a page is never more than a screenful. */
	rl->list.lines = show_household ? 1 + RECORD_WHERE_LINES : 1;
	rl->list.height = record_list_height;
	fc_list_draw(&rl->list, y, 1, rows, tui->cols - 2, record_list_row, &c);
}
