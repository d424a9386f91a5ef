/* SPDX-License-Identifier: Apache-2.0 */
/*
 * secret.h: one line typed without echo (a PIN, a console password), or
 * read from standard input when a script supplies it. Both programs read
 * secrets this way, so the terminal is always restored and an over-long
 * line is refused rather than cut.
 */
#ifndef FC_SECRET_H
#define FC_SECRET_H

#include <stddef.h>

#include "error.h"

struct fc_secret_prompt {
	const char *prompt;	  /* shown on stderr when reading from a terminal */
	const char *what;	  /* "PIN", "password": the word in the messages */
	const char *stdin_option; /* the option that reads standard input instead */
	int from_stdin;		  /* 1: read one line of standard input, no prompt */
	int max_chars;		  /* the longest secret accepted, for the message */
};

/*
 * Read one line into out (size bytes, the line end removed). FC_E_USAGE
 * when there is no terminal and no stdin option was given, when nothing
 * was read, or when the line does not fit (out is then wiped).
 */
int fc_secret_read(const struct fc_secret_prompt *p, char *out, size_t size, struct fc_error *err);

#endif
