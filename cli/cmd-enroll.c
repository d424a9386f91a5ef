/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd-enroll.c: `fieldcheck enroll URL CODE`, registering this device's
 * public key with the central server using a one-time code from the
 * administrator. On success the server URL (and a pinned key, if given) is
 * remembered in the device settings, so `fieldcheck sync` needs no arguments.
 * A site's own CA (--cacert) is copied into the home as ca.pem and
 * remembered too. The work is app/enroll.c's, which the TUI calls as well.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "app/enroll.h"
#include "cmd.h"
#include "sync/client.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* The role the server gave, as a word of the reader's language; a role this
 * device does not know is shown as the server sent it. */
static const char *
enroll_role(const char *role)
{
	if (strcmp(role, "inspector") == 0)
		return _("inspector");
	if (strcmp(role, "supervisor") == 0)
		return _("supervisor");
	return role;
}

static int
cmd_enroll_exec(struct fc_app *app, const struct fc_cmd_args *args, struct fc_error *err)
{
	struct fc_app_enroll_args a = {0};
	struct fc_app_enrolled done;

	if (args->argc != 3)
		return fc_error_set(err, FC_E_USAGE, _("enroll needs the server URL and the code"));
	a.url = args->argv[1];
	a.code = args->argv[2];
	a.pinned_key = fc_cmd_opt(args, "pinned-key");
	a.ca_file = fc_cmd_opt(args, "cacert");
	/*
	 * The PIN after the command line is known to be whole: a usage mistake
	 * must not cost an unlock, nor a wrong PIN typed for a command that
	 * could never run. The same enrolment as the TUI's (app/enroll.c).
	 */
	if (fc_client_url_check(a.url, err) != 0 || fc_cmd_unlock(app, err) != 0 ||
	    fc_app_enroll(app, &a, &done, err) != 0)
		return -1;
	fprintf(app->out, _("enrolled %s %s (%s) on device %s at %s, district %s\n"),
		enroll_role(done.role), app->identity.inspector, app->identity.name,
		app->identity.device, a.url, done.district);
	return 0;
}

const struct fc_cmd_entry fc_cmd_enroll_entry = {
    .name = "enroll",
    .usage = "URL CODE [--pinned-key KEY] [--cacert FILE] [--pin-stdin]",
    .summary = N_("register this device's key with the server using a one-time code"),
    .help = N_("  URL               the server, e.g. https://fieldcheck.example.org\n"
	       "  CODE              the one-time code from the administrator\n"
	       "  --pinned-key KEY  accept only this server public key (sha256//BASE64),\n"
	       "                    for sites with their own certificate authority\n"
	       "  --cacert FILE     trust the certificate authorities in FILE (PEM) instead\n"
	       "                    of the system's; kept in the home for later syncs\n"),
    .flags = FC_CMD_STORE | FC_CMD_IDENTITY | FC_CMD_PIN,
    .opts = (const struct fc_opt[]){{"pinned-key", 1}, {"cacert", 1}, {NULL, 0}},
    .exec = cmd_enroll_exec,
};
