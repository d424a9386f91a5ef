/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fieldcheck.c: the fieldcheck program. Sets up the locale and libsodium, runs the
 * subcommand, and is the only place that turns an error into an exit status.
 * The one file that knows both front ends: cli/ and tui/ include nothing of
 * each other, so the TUI reaches `fieldcheck` (no command) through app.screen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "core/lang.h"
#include "core/sign.h"
#include "core/utf8.h"
#include "tui/i18n.h"
#include "tui/tui.h"

/* Whether the full screen ran: its output went to a terminal, not a file. */
static int screen_ran;

static int
run_screen(struct fc_app *app, struct fc_error *err)
{
	screen_ran = 1;
	return fc_tui_run(app, err);
}

int
main(int argc, char **argv)
{
	struct fc_app app = {0};
	struct fc_error err = {0};
	int status;

	fc_utf8_locale();
	/*
	 * The command line's messages in the user's language; the TUI chooses its own
	 * language again when it starts. A handheld with only C.UTF-8 installed cannot
	 * load LANG=zh_CN.UTF-8, and gettext then ignores it: LANGUAGE says it instead,
	 * so gettext and what is passed to core (fc_lang_of_process()) agree.
	 */
	if ((getenv("LANGUAGE") == NULL || getenv("LANGUAGE")[0] == '\0') &&
	    strcmp(fc_lang_of_process(), "zh") == 0)
		setenv("LANGUAGE", "zh_CN", 1);
	fc_i18n_bind(argv[0]);
	if (fc_sign_init(&err) != 0) {
		fprintf(stderr, "fieldcheck: %s\n", err.msg);
		return 1;
	}
	app.out = stdout;
	app.argv0 = argv[0];
	app.screen = run_screen;
	status = fc_cmd_main(&app, argc, argv);
	fc_app_release(&app);
	/*
	 * The command has done its work (a record signed, a registry imported):
	 * only telling of it failed. Said so, lest a script or an inspector take
	 * "cannot write output" for a failed record and sign the same visit twice.
	 * Not after the TUI: its terminal may be closed as it ends (a handheld's
	 * session, tmux), and every record it made was shown on its screens.
	 */
	if (!screen_ran && (fflush(stdout) != 0 || ferror(stdout)) && status == 0) {
		fprintf(stderr, "fieldcheck: ");
		fprintf(stderr,
			_("cannot write the output (%s); what the command stored is kept "
			  "(fieldcheck list shows the records): do not record the same visit "
			  "again\n"),
			strerror(errno != 0 ? errno : EIO));
		status = 1;
	}
	return status;
}
