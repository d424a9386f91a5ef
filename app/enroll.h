/* SPDX-License-Identifier: Apache-2.0 */
/*
 * enroll.h: registering this device's key with the server, for both front
 * ends: `fieldcheck enroll URL CODE` and the TUI's enrolment screen call the
 * same function, so what is checked and remembered cannot differ.
 */
#ifndef FC_APP_ENROLL_H
#define FC_APP_ENROLL_H

#include "app/app.h"
#include "core/error.h"

struct fc_app_enroll_args {
	const char *url;	/* the server, e.g. https://fieldcheck.example.org */
	const char *code;	/* the one-time code from the administrator */
	const char *pinned_key; /* sha256//BASE64 or a key file, or NULL */
	const char *ca_file;	/* the site's certificate authorities (PEM), or NULL */
	/*
	 * Called once the server has said yes, before anything is remembered,
	 * or NULL: the TUI's enrolment runs in a child that Esc stops, and from
	 * here on it must finish, or the device would keep half an enrolment.
	 */
	void (*answered)(void *ctx);
	void *ctx;
};

/* What the server said this device is. */
struct fc_app_enrolled {
	char role[32];	    /* "inspector" or "supervisor" */
	char district[256]; /* "D1" or "D1,D2", "?" when the server named none */
};

/*
 * Enrol with the server at a->url using a->code, signing with app->key
 * (unlocked), and remember the server, pinned key, a copy of the CA file
 * (<home>/ca.pem), the districts, role, server key and public URL for later
 * syncs. Returns 0 with out filled, or -1 with err saying what went wrong
 * (the server's reason when it refused the code).
 */
int fc_app_enroll(struct fc_app *app, const struct fc_app_enroll_args *a,
		  struct fc_app_enrolled *out, struct fc_error *err);

#endif
