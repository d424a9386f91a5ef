/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-tui.c: `fieldcheck` with no command opens the inspector's screen,
 * which main() hands over as app->screen (cli/ includes nothing of tui/).
 */
#include <libintl.h>

#include "cmd.h"

#define _(s) gettext(s)
#define N_(s) (s)

static int
cmd_tui_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	int set_up;

	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("unexpected argument '%s'"), args->argv[1]);
	if (app->screen == NULL)
		return fc_error_set(err, FC_E_USAGE, _("this program has no screen; see --help"));
	/* The screen sets a home up or unlocks it: only one whose key and store are a pair. */
	if (fc_app_check_home(app, &set_up, err) != 0)
		return -1;
	return app->screen(app, err);
}

const struct fc_cmd_entry fc_cmd_tui_entry = {
    .name = "",
    .usage = "",
    .summary = N_("open the inspector's screen (the TUI)"),
    .help = N_("  First run sets up the inspector and PIN; later runs ask for the PIN.\n"
	       "  Chinese by default, English when the locale is English (F12 switches)."),
    .flags = FC_CMD_STORE,
    .exec = cmd_tui_exec,
};
