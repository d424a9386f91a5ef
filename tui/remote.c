/* SPDX-License-Identifier: Apache-2.0 */
/*
 * remote.c: sync and summary through sync/client.h, with the server, pinned
 * key and CA file remembered at enrolment (the same settings the sync and
 * summary commands use). Both block the loop while they run; sync shows its
 * progress in the status line as it goes.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "sync/client.h"
#include "tui/i18n.h"
#include "tui/remote.h"
#include "tui/tview.h"

struct remote_conf {
	struct fc_sync_options opt;
	struct fc_app_server server;
};

static int
remote_conf(struct fc_tui *tui, struct remote_conf *c, struct fc_error *err)
{
	struct fc_error e2 = {0};

	memset(c, 0, sizeof *c);
	if (fc_app_server(tui->app, NULL, &c->server, &e2) != 0) {
		if (e2.code == FC_E_USAGE)
			return fc_error_set(err, FC_E_USAGE, "%s",
					    _("not enrolled with a server: run `fieldcheck enroll "
					      "URL CODE` first"));
		*err = e2;
		return -1;
	}
	fc_app_server_options(&c->server, &c->opt);
	return 0;
}

static void
remote_progress(const struct fc_sync_progress *p, void *ctx)
{
	struct fc_tui *tui = ctx;

	if (p->total > 0)
		fc_tui_status(tui, _("Syncing: %s %lld/%lld"), p->stage, (long long)p->done,
			      (long long)p->total);
	else
		fc_tui_status(tui, _("Syncing: %s %lld"), p->stage, (long long)p->done);
	fc_tui_show_status(tui);
}

int
fc_remote_sync(struct fc_tui *tui, struct fc_error *err)
{
	struct remote_conf c;
	struct fc_sync_result res;

	if (remote_conf(tui, &c, err) != 0)
		return -1;
	memset(&res, 0, sizeof res);
	c.opt.progress = remote_progress;
	c.opt.progress_ctx = tui;
	fc_tui_status(tui, "%s %s", _("Syncing with"), c.server.url);
	fc_tui_show_status(tui);
	if (fc_sync_run(tui->app->store, &tui->app->home, tui->app->key, &c.opt, &res, err) != 0)
		return -1;
	/* The pull may have brought template updates: load them afresh when next needed. */
	if (res.templates > 0)
		fc_tview_release(tui);
	if (res.refused[0] != '\0')
		fc_tui_status(tui, "%s %s", _("The server refused a record:"), res.refused);
	else
		fc_tui_status(tui,
			      _("Synced: %lld records sent, %lld households and %lld templates "
				"received"),
			      (long long)res.pushed, (long long)res.households,
			      (long long)res.templates);
	return 0;
}

int
fc_remote_is_supervisor(struct fc_tui *tui)
{
	struct fc_error err = {0};
	char role[32];

	return fc_store_get_setting(tui->app->store, FC_SET_ROLE, role, sizeof role, &err) == 0 &&
	       strcmp(role, "supervisor") == 0;
}

int
fc_remote_summary(struct fc_tui *tui, const char *by, json_t **out, struct fc_error *err)
{
	struct remote_conf c;
	struct fc_client *client = NULL;
	int ret;

	if (remote_conf(tui, &c, err) != 0 ||
	    fc_client_open(&c.opt, tui->app->key, &client, err) != 0)
		return -1;
	fc_tui_status(tui, "%s %s", _("Asking for the summary:"), c.server.url);
	fc_tui_show_status(tui);
	ret = fc_client_summary(client, by, NULL, out, err);
	fc_client_close(client);
	return ret;
}
