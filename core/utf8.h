/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.h: stepping through UTF-8 text by characters and measuring it in screen
 * columns. The only module that looks inside characters: everything else keeps
 * bytes (len) and columns (cols) apart and calls these.
 *
 * Column widths come from wcwidth(), so main() must have called setlocale()
 * with a UTF-8 LC_CTYPE (fc_utf8_locale() does that, falling back to C.UTF-8).
 * Invalid bytes and control characters count as one column: on screen they are
 * shown as U+FFFD and never written raw.
 */
#ifndef FC_UTF8_H
#define FC_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Select the user's locale, forcing a UTF-8 LC_CTYPE; returns 0 or -1. */
int fc_utf8_locale(void);

/*
 * 1 if s[0..len) is valid UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF); otherwise 0 and *bad_off (if not NULL) is the byte offset
 * of the first bad sequence.
 */
int fc_utf8_valid(const char *s, size_t len, size_t *bad_off);

/*
 * Decode one character at s (at most len bytes). Returns the number of bytes
 * it takes (>= 1) and stores the code point in *cp; an invalid sequence gives
 * 1 byte and U+FFFD.
 */
size_t fc_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Screen columns one code point takes: 0, 1 or 2; controls and invalid are 1. */
int fc_utf8_cp_cols(uint32_t cp);

/* Screen columns the NUL-terminated string takes. */
size_t fc_utf8_cols(const char *s);

/*
 * Bytes of s that fit in max_cols columns without splitting a character;
 * *cols (if not NULL) gets the columns those bytes take.
 */
size_t fc_utf8_fit(const char *s, size_t max_cols, size_t *cols);

/*
 * Bytes of s that make its next line of at most max_cols columns, ended
 * where a line may end: after a space, around Chinese characters, never
 * inside a Latin word or number ("2.0m", "55009-2021"), before a closing mark
 * (，。）》” …) or after an opening one (（《“ …); where no such place fits,
 * at the width (at least one character). *cols (if not NULL) gets the
 * columns those bytes take. Spaces at the break stay with the line.
 */
size_t fc_utf8_line(const char *s, size_t max_cols, size_t *cols);

/*
 * Write s into out (size out_size) cut or padded with spaces to exactly cols
 * columns; a cut string ends in "…", which counts toward the width. Controls
 * and invalid bytes become U+FFFD, so the result is always safe to draw.
 * Returns the bytes written, not counting the NUL.
 */
size_t fc_utf8_pad(const char *s, size_t cols, char *out, size_t out_size);

/* Number of characters (code points) in s. */
size_t fc_utf8_count(const char *s);

/*
 * Write code point cp as UTF-8 at out + at (out has out_size bytes) when it
 * fits with a NUL after it; returns the bytes written, 0 when it does not fit.
 */
size_t fc_utf8_put(char *out, size_t out_size, size_t at, uint32_t cp);

/*
 * Bytes of s (len bytes) to keep so that at most max remain and no character
 * is split: len when it fits, else max or a little less.
 */
size_t fc_utf8_cut(const char *s, size_t len, size_t max);

/* End s before its last character when a cut (snprintf's) left it incomplete. */
void fc_utf8_trim_partial(char *s);

/*
 * Which bytes fc_utf8_escape() writes as \xNN besides those of no UTF-8
 * character, which it always does; or'ed together.
 */
enum fc_utf8_esc {
	FC_UTF8_ESC_CONTROL = 1,   /* C0 controls, DEL and the backslash itself */
	FC_UTF8_ESC_SPACE = 2,	   /* the space */
	FC_UTF8_ESC_NON_ASCII = 4, /* every byte of a character beyond ASCII */
	FC_UTF8_ESC_MARK_CUT = 8,  /* a copy cut short ends in "..." */
};

/*
 * Copy s into out (size bytes, at least 8) for quoting text from anyone in a
 * message or a log line: each byte of no UTF-8 character, and each byte how
 * names, written as \xNN (lower-case hex), the rest as it is. A copy that
 * does not fit is cut before the first character or escape that would not
 * fit with the NUL (and with "..." under FC_UTF8_ESC_MARK_CUT), so a
 * character or an escape is never split.
 */
void fc_utf8_escape(const char *s, unsigned how, char *out, size_t size);

#endif
