/* SPDX-License-Identifier: Apache-2.0 */
/*
 * secret.c: a secret line from the terminal without echo, or from standard
 * input (secret.h). Echo is turned off only when the terminal allowed it,
 * and put back whatever the read returned.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "secret.h"

#define _(s) gettext(s)

int
fc_secret_read(const struct fc_secret_prompt *p, char *out, size_t size, struct fc_error *err)
{
	struct termios old, quiet;
	int restore = 0;

	if (!p->from_stdin) {
		if (!isatty(STDIN_FILENO))
			return fc_error_set(err, FC_E_USAGE,
					    _("no terminal to read the %s from; use %s"), p->what,
					    p->stdin_option);
		fputs(p->prompt, stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	char *got = fgets(out, (int)size, stdin);
	if (restore) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (got == NULL)
		return fc_error_set(err, FC_E_USAGE, _("no %s given"), p->what);
	size_t len = strcspn(out, "\r\n");
	if (out[len] == '\0' && len + 1 == size) {
		sodium_memzero(out, size);
		return fc_error_set(err, FC_E_USAGE, _("%s too long (at most %d characters)"),
				    p->what, p->max_chars);
	}
	out[len] = '\0';
	return 0;
}
