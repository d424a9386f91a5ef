/* SPDX-License-Identifier: Apache-2.0 */
/*
 * remote.c: sync and summary through sync/client.h, with the server, pinned
 * key and CA file remembered at enrolment (the same settings the sync and
 * summary commands use). The summary blocks the loop while it runs; sync
 * runs beside it (sync-bg.c) with the options made here.
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
					    _("not enrolled with a server: press e on the home "
					      "screen to enrol first"));
		*err = e2;
		return -1;
	}
	fc_app_server_options(&c->server, &c->opt);
	return 0;
}

int
fc_remote_options(struct fc_tui *tui, struct fc_app_server *server, struct fc_sync_options *opt,
		  struct fc_error *err)
{
	struct remote_conf c;

	if (remote_conf(tui, &c, err) != 0)
		return -1;
	*server = c.server;
	memset(opt, 0, sizeof *opt);
	fc_app_server_options(server, opt);
	opt->lang = fc_i18n_code(); /* the server's refusals in the screen's language */
	return 0;
}

/* The stages sync/client.c reports, as the screen says them. */
static const struct {
	const char *stage;
	const char *label;
} remote_stages[] = {
    {"push", N_("sending records")},
    {"photos", N_("sending photos")},
    {"households", N_("receiving households")},
    {"templates", N_("receiving checklists")},
    {NULL, NULL},
};

const char *
fc_remote_stage_label(const char *stage)
{
	for (int i = 0; remote_stages[i].stage != NULL; i++)
		if (strcmp(remote_stages[i].stage, stage) == 0)
			return _(remote_stages[i].label);
	return stage;
}

int
fc_remote_enrolled(struct fc_tui *tui)
{
	struct fc_error err = {0};
	char url[512];

	return fc_store_get_setting(tui->app->store, FC_SET_SERVER, url, sizeof url, &err) == 0 &&
	       url[0] != '\0';
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
