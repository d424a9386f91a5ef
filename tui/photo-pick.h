/* SPDX-License-Identifier: Apache-2.0 */
/*
 * photo-pick.h: the camera folder's new pictures, listed and picked. A photo
 * item lists them in place (form-photo.c); a photo on any item of the form
 * (evidence per hazard) and on a follow-up's hazard is picked on a screen
 * of its own (screen-pick.c) that draws the same rows. Either way a picked
 * file is hashed and copied into the photo store at once (core/photo.h).
 */
#ifndef FC_TUI_PHOTO_PICK_H
#define FC_TUI_PHOTO_PICK_H

#include <jansson.h>
#include <time.h>

#include "core/error.h"
#include "core/photo.h"
#include "tui/screen.h"

/* Index in photos (an array of photo objects) of the one imported from f, or -1. */
long fc_photo_pick_find(const json_t *photos, const struct fc_photo_file *f);

/* One listed picture: "[x] IMG_0002.jpg   09:41:07 2 KB". */
void fc_photo_pick_row(const struct fc_photo_file *f, const json_t *photos, int y, int x, int cols,
		       int selected);

/* "Picked (2): a.jpg, b.jpg". */
void fc_photo_pick_picked(const json_t *photos, char *out, size_t size);

/* Why nothing is listed (typed: a name may be typed instead). */
void fc_photo_pick_none(const char *scan_err, const char *camera_dir, time_t since, int typed,
			char *out, size_t size);

/* What the picker screen (fc_screen_pick) works on; lives in the asking screen's data. */
struct fc_pick_arg {
	const char *title; /* N_(...) */
	char what[512];	   /* what the photos are of ("G12 gas meter ..."), as shown */
	const char *dir;   /* the camera folder, "" when none is set */
	time_t since;	   /* pictures written at or after this are listed */
	json_t *photos;	   /* the photos picked so far: an array, changed in place */
	/*
	 * Called after every pick or drop (the asker saves its draft), or NULL;
	 * -1 with err filled is shown and the change stays.
	 */
	int (*changed)(struct fc_tui *tui, void *ctx, struct fc_error *err);
	void *ctx;
};

extern const struct fc_screen fc_screen_pick; /* arg: struct fc_pick_arg * */

#endif
