/* SPDX-License-Identifier: Apache-2.0 */
/*
 * form-item.h: the input for one checklist item (see form-item.c for the
 * keys of each type). The form screen owns one struct fc_form_edit and
 * reloads it whenever its cursor moves to another item.
 */
#ifndef FC_TUI_FORM_ITEM_H
#define FC_TUI_FORM_ITEM_H

#include "core/photo.h"
#include "tui/form.h"
#include "tui/widget-field.h"
#include "tui/widget-list.h"

/* The newest pictures listed at a photo item; older ones are typed. */
#define FC_EDIT_SHOTS 40

struct fc_form_edit {
	struct fc_form *form;	    /* borrowed */
	const struct fc_item *item; /* the item this state belongs to, or NULL */
	struct fc_field field;	    /* number, text, photo */
	struct fc_list opts;	    /* choice, multiple choice */
	char message[640];	    /* validation message, "" when fine */
	int invalid;		    /* number, text: what is typed is not kept (message says why) */
	int too_long;		    /* text: the answer is longer than the field holds */
	int moved;		    /* choice: the inspector moved the highlight */
	int pending;		    /* choice with 10+ options: digits typed so far */
	double pending_ms;	    /* when the last of them was typed */
	/* photo: the camera's pictures since the check was opened (form-photo.c) */
	struct fc_photo_file shots[FC_EDIT_SHOTS]; /* newest first; opts selects */
	size_t n_shots, total_shots;		   /* listed; all there are */
	double shots_ms;			   /* when the folder was last read */
	char shots_err[512];			   /* why it could not be read, or "" */
};

/* A number typed into a long choice waits this long for its next digit. */
#define FC_EDIT_DIGIT_MS 900

/* What a key means for the item, besides characters. */
enum fc_form_nav { FC_NAV_NONE, FC_NAV_ENTER, FC_NAV_UP, FC_NAV_DOWN };

/* What the form should do after a key. */
enum fc_edit_result { FC_EDIT_IGNORED, FC_EDIT_HANDLED, FC_EDIT_NEXT, FC_EDIT_PREV };

/* Set the edit state up for the item under form's cursor. */
void fc_form_edit_load(struct fc_form_edit *e, struct fc_form *form);

/* A key for the current item; returns enum fc_edit_result. */
int fc_form_edit_key(struct fc_tui *tui, struct fc_form_edit *e, enum fc_form_nav nav, int code);

/* Draw the input at y in at most rows lines; returns the lines used. */
int fc_form_edit_draw(struct fc_tui *tui, struct fc_form_edit *e, int y, int rows);
/* Lines a choice's options, or a photo item's shots, take all shown (0 for other inputs). */
int fc_form_edit_options_lines(struct fc_tui *tui, struct fc_form_edit *e);

/*
 * Commit a number typed into a long choice once its wait is over (the form
 * calls this on every tick); returns enum fc_edit_result.
 */
int fc_form_edit_tick(struct fc_tui *tui, struct fc_form_edit *e);

/* The photo item's part (form-photo.c): read the camera folder again, */
void fc_form_photo_scan(struct fc_form_edit *e);
/* a key (enum fc_edit_result), */
int fc_form_photo_key(struct fc_tui *tui, struct fc_form_edit *e, enum fc_form_nav nav, int code);
/* a tick (the folder is read again now and then: a new shot shows), */
int fc_form_photo_tick(struct fc_form_edit *e);
/* and its lines: what is picked, the name field, the new shots. */
int fc_form_photo_draw(struct fc_tui *tui, struct fc_form_edit *e, int y, int rows);

/*
 * The screen came back on top, or the language changed, with e's item still
 * under the cursor: what is typed stays; a message about it is made again in
 * the UI's language (the answer to one key is dropped).
 */
void fc_form_edit_refresh(struct fc_tui *tui, struct fc_form_edit *e);
/* One line on the keys this item takes ("y yes, n no, a not applicable"). */
const char *fc_form_edit_hint(const struct fc_item *item);

#endif
