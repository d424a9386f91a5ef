/* SPDX-License-Identifier: Apache-2.0 */
/*
 * form.h: a checklist being filled in: the template, the answers so far, and
 * which items the answers make visible. Shared by the form screen (one item
 * at a time) and the review screen (everything, then sign).
 *
 * Every change goes straight into the household's draft in the store
 * (fc_store_save_draft(), one durable write), so a killed process or a flat
 * battery loses nothing; reopening the household's check, or accepting the
 * home screen's offer, continues from the draft.
 */
#ifndef FC_TUI_FORM_H
#define FC_TUI_FORM_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "core/error.h"
#include "core/home.h"
#include "core/record.h"
#include "core/store.h"
#include "core/template.h"
#include "tui/screen.h"

struct fc_form {
	const struct fc_template *tpl; /* borrowed from tui->templates */
	struct fc_household h;
	char draft_key[160];
	char corrects[FC_RECORD_ID_MAX]; /* "" unless a correction */
	char visit[32];			 /* "" unless a quick visit (its outcome) */
	json_t *answers;		 /* owned: every answer given, shown or not */
	json_t *settings;		 /* owned: district settings for prefilled items */
	json_t *notes;			 /* owned: item id -> the inspector's note */
	json_t *evidence;		 /* owned: item id -> photos on it (F5) */
	unsigned char *shown;		 /* owned: tpl->n_items flags */
	unsigned char *hazard;		 /* owned: tpl->n_items flags, a rule holds */
	size_t *visible;		 /* owned: indexes of shown items, in order */
	size_t n_visible;
	size_t cur;	  /* position in visible */
	size_t n_hazards; /* hazards the shown answers raise so far */
	int year;
	time_t opened;		      /* the check was first opened (kept in the draft) */
	char camera_dir[FC_PATH_MAX]; /* where the camera saves pictures, "" unset */
	int done;		      /* signed: the form screen closes */
	int saved;		      /* a draft exists in the store */
};

/*
 * Open from a draft or for a new check (resuming the household's draft if
 * any). *out is the caller's, freed with fc_form_free(); its template is
 * borrowed from tui->templates and lives as long as the TUI.
 */
int fc_form_open(struct fc_tui *tui, const struct fc_form_arg *arg, struct fc_form **out,
		 struct fc_error *err);
void fc_form_free(struct fc_form *form); /* NULL does nothing */

/* The item at the cursor, or NULL when no item is shown. */
const struct fc_item *fc_form_item(const struct fc_form *form);

/*
 * Set (answer not NULL; stolen) or clear the answer of the current item,
 * recompute what is shown and save the draft.
 */
int fc_form_answer(struct fc_tui *tui, struct fc_form *form, json_t *answer, struct fc_error *err);

/* Save the draft now (the cursor position is saved too). */
int fc_form_save(struct fc_tui *tui, struct fc_form *form, struct fc_error *err);

/* Move the cursor to the item with this id if it is shown; 1 if it moved. */
int fc_form_goto(struct fc_form *form, const char *item_id);

/* The answers of shown items only (new reference): what a record keeps. */
json_t *fc_form_shown_answers(const struct fc_form *form);

/* Section number (1-based) and count among the sections with a shown item. */
void fc_form_section_pos(const struct fc_form *form, size_t *k, size_t *n);

/* Move the cursor to the first shown item without an answer, if any. */
void fc_form_goto_unanswered(struct fc_form *form);

/* Set (text not empty) or remove the current item's note and save the draft. */
int fc_form_set_note(struct fc_tui *tui, struct fc_form *form, const char *text,
		     struct fc_error *err);

/* The note on item id, or NULL. */
const char *fc_form_note(const struct fc_form *form, const char *id);

/* The notes of shown items only (new reference): what a record keeps. */
json_t *fc_form_shown_notes(const struct fc_form *form);

/*
 * The photos on item id (evidence per hazard), an array changed in place by
 * the picker; created empty when there are none (NULL: out of memory).
 * Save the draft after changing it.
 */
json_t *fc_form_evidence(struct fc_form *form, const char *id);

/* How many photos are on item id. */
size_t fc_form_evidence_count(const struct fc_form *form, const char *id);

/* The photos on shown items only (new reference): what a record keeps. */
json_t *fc_form_shown_evidence(const struct fc_form *form);

/* Visible items answered. */
size_t fc_form_answered(const struct fc_form *form);

/* 1 when the answers so far make item i (a template index) a hazard. */
int fc_form_is_hazard(const struct fc_form *form, size_t i);

#endif
