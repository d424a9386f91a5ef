/* SPDX-License-Identifier: Apache-2.0 */
/*
 * app.h: what the command line and the TUI share, one layer below both: the
 * open home and store, the inspector's identity, the unlocked signer and the
 * server settings remembered at enrolment.
 *
 * main() owns one struct fc_app and releases it at the end; cli/ and tui/
 * both take it from here, so neither includes the other.
 */
#ifndef FC_APP_H
#define FC_APP_H

#include <stdio.h>

#include "core/error.h"
#include "core/home.h"
#include "core/keyfile.h"
#include "core/store.h"

struct fc_app;
struct fc_sync_options;

/* A full-screen front end run on an open app (the TUI's fc_tui_run()). */
typedef int fc_app_screen_fn(struct fc_app *app, struct fc_error *err);

/* Everything a command or a screen may use. */
struct fc_app {
	struct fc_home home;
	struct fc_store *store;	     /* open once the home is */
	struct fc_identity identity; /* once the home is initialised */
	struct fc_key *key;	     /* the unlocked signer, or NULL */
	int json;		     /* --json given */
	int pin_stdin;		     /* --pin-stdin given */
	FILE *out;		     /* stdout, unless a test redirects it */
	const char *argv0;
	/*
	 * What `fieldcheck` with no command opens; main() sets it, so cli/
	 * needs nothing of tui/. NULL in a program built without a screen.
	 */
	fc_app_screen_fn *screen;
};

/*
 * Open the home's store (app->store). A missing store.db beside a key file is
 * refused with FC_E_NOTFOUND rather than made anew (home.c says why).
 */
int fc_app_open_store(struct fc_app *app, struct fc_error *err);

/*
 * With the store open: whether the home is set up (*set_up, and then
 * app->identity read from the key file), after checking that key.json and
 * store.db belong together. Neither there is a home not set up yet (0,
 * *set_up 0); one without the other, or the two naming different devices or
 * keys, is -1 with err saying which file to put back.
 */
int fc_app_check_home(struct fc_app *app, int *set_up, struct fc_error *err);

/* Release what was opened and unlocked (the key is wiped). */
void fc_app_release(struct fc_app *app);

/* The server settings a sync or summary uses. */
struct fc_app_server {
	char url[1024];
	char pinned[512];     /* the pinned server key, or "" */
	char ca[FC_PATH_MAX]; /* the CA file given at enrol, or "" (the system's) */
	long stall;	      /* seconds a sync waits for a byte (config sync-timeout); 0 = 30 */
};

/*
 * How long a sync waits for the server's next byte before it gives up, as
 * `fieldcheck config sync-timeout` takes it: whole seconds within these bounds.
 */
#define FC_APP_STALL_MIN 1
#define FC_APP_STALL_MAX 600
int fc_app_stall_parse(const char *text, long *out, struct fc_error *err);

/*
 * The Argon2id cost a new key is sealed with, as `fieldcheck init --kdf` and
 * `fieldcheck config kdf` take it: "OPS:MIB" within keyfile.h's FC_KDF_*.
 */
int fc_app_kdf_parse(const char *text, struct fc_kdf_cost *out, struct fc_error *err);

/*
 * The cost the set-up (the TUI's first run, init without --kdf) uses: the
 * one `config kdf` set on this device, else keyfile.h's default. An installer
 * who provisions slow handhelds sets it once, before the inspector's first run.
 */
int fc_app_kdf(struct fc_app *app, struct fc_kdf_cost *out, struct fc_error *err);

/*
 * The server's address: given (--server) if not NULL, else the one remembered
 * at enroll (FC_E_USAGE when there is none). For what only names the server
 * (a notice's QR code); a sync takes fc_app_server.
 */
int fc_app_server_url(struct fc_app *app, const char *given, char *out, size_t size,
		      struct fc_error *err);

/*
 * Everything a sync needs of the server: its address as fc_app_server_url
 * gives it, with the pinned key, CA file and stall limit from the settings
 * (a stall limit that is not a number of seconds is an error naming the
 * setting). Returns 0, or -1 with err filled.
 */
int fc_app_server(struct fc_app *app, const char *given, struct fc_app_server *out,
		  struct fc_error *err);

/* Point opt's url, pinned_key and ca_file at s (NULL where s has none); its stall limit. */
void fc_app_server_options(const struct fc_app_server *s, struct fc_sync_options *opt);

#endif
