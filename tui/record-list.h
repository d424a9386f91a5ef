/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record-list.h: a list of records as rows (newest first), shared by the
 * records screen and a household's history. Unsynced records are marked
 * with '*', which needs no colour.
 */
#ifndef FC_TUI_RECORD_LIST_H
#define FC_TUI_RECORD_LIST_H

#include "core/record.h"
#include "core/store.h"
#include "tui/tui.h"
#include "tui/widget-list.h"

#define FC_RECORD_LIST_MAX 500 /* rows loaded; older ones are reached by id */

struct fc_record_row {
	char id[FC_RECORD_ID_MAX];
	char time[32];
	char type[16];
	char household[FC_ID_MAX];
	char outcome[32];
	int synced;
	char address[FC_ADDRESS_MAX]; /* of the household, when the list shows it */
};

struct fc_record_list {
	struct fc_record_row *rows; /* owned */
	int n;
	struct fc_list list;
};

void fc_record_list_init(struct fc_record_list *rl);
void fc_record_list_release(struct fc_record_list *rl);
/* Replace the rows with the records filter selects (limit capped at the max). */
int fc_record_list_load(struct fc_tui *tui, struct fc_record_list *rl,
			const struct fc_record_filter *filter, struct fc_error *err);
/*
 * Draw in rows lines from y. With show_household, each record takes two
 * or three lines: when and what, then the household and its address,
 * wrapped onto a third line when long.
 */
void fc_record_list_draw(struct fc_tui *tui, struct fc_record_list *rl, int y, int rows,
			 int show_household);

/* Record type and outcome in words ("检查", "合格"); unknown ids as they are. */
const char *fc_record_type_label(const char *type);
const char *fc_record_outcome_label(const char *outcome);

#endif
