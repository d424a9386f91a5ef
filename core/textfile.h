/* SPDX-License-Identifier: Apache-2.0 */
/*
 * textfile.h: files people write by hand (checklist templates, district
 * intervals, warning rules, answers, notes, record batches, the server's
 * settings). Windows editors such as Notepad begin a UTF-8 file with a
 * byte-order mark (EF BB BF); it is not part of the text, and a parser
 * that sees it refuses the first line over a character nobody can see.
 */
#ifndef FC_TEXTFILE_H
#define FC_TEXTFILE_H

#include <stdio.h>

#include <jansson.h>

/*
 * Step over a byte-order mark at f's position (a file just opened).
 * Returns 1 if there was one, 0 if not (f is back where it was), -1 if f
 * cannot be put back (not seekable).
 */
int fc_textfile_skip_bom(FILE *f);

/*
 * json_load_file() for such a file: the same flags and errors (jerr->line
 * -1 when the file cannot be opened), a byte-order mark skipped.
 */
json_t *fc_textfile_json(const char *path, size_t flags, json_error_t *jerr);

/*
 * Why jansson refused a text, in the reader's language (its own text is
 * English), with the place it quotes ("near 'x'"); written into buf[size],
 * which is returned.
 */
const char *fc_json_why(const json_error_t *jerr, char *buf, size_t size);

#endif
