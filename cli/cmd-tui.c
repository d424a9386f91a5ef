/*
 * cmd-tui.c: `fieldcheck` with no command. Until the TUI lands this prints
 * what is in the home and how to use the command line, so `make demo` works.
 */
#include "cmd.h"

static int
cmd_tui_exec(struct fc_app *app, int argc, char **argv, struct fc_error *err)
{
	int64_t households = 0, total = 0, unsynced = 0;

	(void)argc;
	(void)argv;
	if (fc_store_count_households(app->store, &households, err) != 0 ||
	    fc_store_count_records(app->store, &total, &unsynced, err) != 0)
		return -1;
	fprintf(app->out, "fieldcheck home %s\n  %lld households, %lld records (%lld not yet synced)\n",
	    app->home.dir, (long long)households, (long long)total, (long long)unsynced);
	fprintf(app->out, "Try: fieldcheck households search 新华 | fieldcheck list | fieldcheck --help\n");
	return 0;
}

const struct fc_cmd_entry fc_cmd_tui_entry = {
	.name = "",
	.usage = "",
	.summary = "open the inspector's screen (the TUI)",
	.help = NULL,
	.flags = FC_CMD_STORE,
	.exec = cmd_tui_exec,
};
