/* SPDX-License-Identifier: Apache-2.0 */
/*
 * widget-field.h: a one-line text field edited by characters, not bytes.
 *
 * Text is kept as wide characters while it is edited, so the cursor moves,
 * deletes and inserts whole characters (Chinese from an input method arrives
 * through get_wch() as one character each); fc_field_get() gives UTF-8.
 * Controls are never inserted.
 */
#ifndef FC_TUI_WIDGET_FIELD_H
#define FC_TUI_WIDGET_FIELD_H

#include <stddef.h>
#include <wchar.h>

/*
 * Characters a field holds: twice what a text answer may have when its
 * template sets no max_length (FC_TEXT_MAX_DEFAULT), so that a text answer
 * is never cut to fit the field and the compact member counts of the
 * tallest building the self-built form takes (35 levels) fit. It was 256:
 * one key cut a longer note to 256 characters, and the correction was signed.
 */
#define FC_FIELD_MAX 4000

struct fc_field {
	wchar_t text[FC_FIELD_MAX + 1];
	int len;    /* characters */
	int cursor; /* 0 .. len */
	int max;    /* characters accepted */
	int secret; /* draw '*' for each character (PINs) */
	/*
	 * Fold full-width forms (０-９, Ａ-Ｚ, －, ：, ／ ...) and the
	 * ideographic space to ASCII as they are typed: a Chinese input method
	 * left in full-width mode types them, and a PIN, a date or an address
	 * read the same on screen but were refused (a PIN counted as wrong
	 * towards the lockout). Set for secret fields; callers set it for
	 * other fields that hold ASCII only.
	 */
	int ascii;
	int scroll; /* first character drawn */
};

void fc_field_init(struct fc_field *f, int max_chars, int secret);
/*
 * Replace the text with utf8 (invalid bytes are dropped). Returns 0, or -1
 * when the text is longer than the field holds (it holds the start).
 */
int fc_field_set(struct fc_field *f, const char *utf8);
void fc_field_clear(struct fc_field *f);
/* UTF-8 into out (at most out_size - 1 bytes, whole characters). */
void fc_field_get(const struct fc_field *f, char *out, size_t out_size);
/*
 * Edit with code; 1 if the text changed, 2 if only the cursor moved, 0 if
 * unused, FC_FIELD_FULL if it was a character the full field did not take.
 */
#define FC_FIELD_FULL 3
int fc_field_key(struct fc_field *f, int code);
/*
 * Draw in cols columns at (y, x), underlined; scrolls so the cursor shows.
 * Returns the cursor's screen column.
 */
int fc_field_draw(struct fc_field *f, int y, int x, int cols);

#endif
