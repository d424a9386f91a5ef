/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-sync.c: `fieldcheck sync`, sending unsynced records and their photos
 * to the server and pulling households, templates and assignments.
 *
 * The work is fc_sync_run() (sync/client.h), which the TUI calls too; this
 * file reads the options, shows progress on stderr for long pushes and says
 * what happened. When there is no network it says so plainly: nothing is
 * lost, the records go next time.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/photo.h"
#include "sync/client.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Batches are 500 records: show progress once a push takes more than two. */
#define SYNC_PROGRESS_MIN 1000

static void
cmd_sync_progress(const struct fc_sync_progress *p, void *ctx)
{
	(void)ctx;
	if (strcmp(p->stage, "push") == 0 && p->total >= SYNC_PROGRESS_MIN)
		fprintf(stderr, _("sending records: %lld of %lld\n"), (long long)p->done,
			(long long)p->total);
	else if (strcmp(p->stage, "households") == 0 && p->done >= 5000)
		fprintf(stderr, _("households received: %lld\n"), (long long)p->done);
}

static int
cmd_sync_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct fc_sync_options opt = {0};
	struct fc_sync_result res;
	const char *given = fc_cmd_opt(args, "server");
	struct fc_app_server server;
	int ret;

	opt.district = fc_cmd_opt(args, "district");
	if (args->argc > 1)
		return fc_error_set(err, FC_E_USAGE, _("sync: unexpected argument '%s'"),
				    args->argv[1]);
	/* Where to, before the PIN: a mistyped --server or no enrolment is said first. */
	if (fc_app_server(app, given, &server, err) != 0 || fc_cmd_unlock(app, err) != 0)
		return -1;
	fc_app_server_options(&server, &opt);
	opt.progress = cmd_sync_progress;
	ret = fc_sync_run(app->store, &app->home, app->key, &opt, &res, err);
	if (res.pushed > 0 || res.skipped > 0 || ret == 0)
		fprintf(app->out,
			_("sent %lld records to %s (the server holds %lld from this "
			  "device; %lld were already there)\n"),
			(long long)res.pushed, server.url, (long long)res.held,
			(long long)res.skipped);
	if (ret != 0)
		return fc_error_prefix(err, "sync");
	fprintf(app->out, _("photos sent: %lld"), (long long)res.photos);
	if (res.photos_missing > 0)
		fprintf(app->out, _(" (%lld named by records are missing on this device)"),
			(long long)res.photos_missing);
	if (res.photos_over > 0)
		fprintf(app->out, _(" (%lld over the server's limit of %lld bytes are not sent)"),
			(long long)res.photos_over, FC_PHOTO_SIZE_MAX);
	fputc('\n', app->out);
	fprintf(app->out,
		_("received %lld households and %lld template updates; %lld households "
		  "due, %lld hazards to follow up\n"),
		(long long)res.households, (long long)res.templates, (long long)res.due,
		(long long)res.open_hazards);
	fprintf(app->out, _("received %lld reviews; %lld returned records wait for a correction\n"),
		(long long)res.reviews, (long long)res.returns);
	return 0;
}

const struct fc_cmd_entry fc_cmd_sync_entry = {
    .name = "sync",
    .usage = "[--server URL] [--district D] [--pin-stdin]",
    .summary = N_("send unsynced records and photos; fetch households, templates, assignments"),
    .help = N_("  --server URL  use this server for this sync (default: the one enrolled with)\n"
	       "  --district D  fetch district D's households (supervisors; inspectors see only\n"
	       "                their own district)\n"
	       "Supervisors' reviews of your records come too, each checked against the\n"
	       "server's key; a returned record is listed by `fieldcheck show` and `list`.\n"
	       "Records are marked synced only when the server confirms it holds them, so a\n"
	       "lost connection loses nothing: run sync again.\n"),
    /* The key is unlocked in exec, once the options are known to be right. */
    .flags = FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_PIN,
    .opts = (const struct fc_opt[]){{"server", 1}, {"district", 1}, {NULL, 0}},
    .exec = cmd_sync_exec,
};
