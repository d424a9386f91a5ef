/* SPDX-License-Identifier: Apache-2.0 */
/*
 * home.c: opening a home's store, and checking that its key file and its
 * store are one pair (app.h).
 *
 * key.json and store.db are made together by init and belong together: the
 * store's device row holds the public key the chain is signed with. Either
 * can be lost or replaced on its own (a restore of one file, a copy from
 * another handheld, a deleted store), and every way of carrying on from
 * there does harm: a new store beside the old key starts the chain again at
 * record 1, which the server refuses as a fork; a new key beside the old
 * store can never continue its chain. So the pair is checked before
 * anything is created, unlocked or signed, and the message says which file
 * to put back.
 */
#include <errno.h>
#include <libintl.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "app/app.h"

#define _(s) gettext(s)

int
fc_app_open_store(struct fc_app *app, struct fc_error *err)
{
	/*
	 * Opening creates a missing store.db: beside a key that has signed a
	 * chain that empty store would be taken for this device's (list says
	 * "no records yet", record signs number 1 again), so nothing is made.
	 */
	if (access(app->home.key, F_OK) == 0 && access(app->home.store, F_OK) != 0 &&
	    errno == ENOENT)
		return fc_error_set(
		    err, FC_E_NOTFOUND,
		    _("%s: key.json is there but store.db, the records it signed, is missing; "
		      "put back store.db from a backup of this home (a new store would start "
		      "the chain again at record 1, which the server refuses as a fork)"),
		    app->home.dir);
	return fc_store_open(app->home.store, &app->store, err);
}

/* The store's device, into *stored; 0 when it has none, 1 when it has one, -1 on error. */
static int
home_store_owner(struct fc_app *app, struct fc_identity *stored, struct fc_error *err)
{
	struct fc_error none = {0};

	if (fc_store_get_identity(app->store, stored, &none) == 0)
		return 1;
	if (none.code == FC_E_NOTFOUND)
		return 0;
	*err = none;
	return -1;
}

/* Both files are there: the same device and the same public key. */
static int
home_same_owner(const struct fc_app *app, const struct fc_identity *stored, struct fc_error *err)
{
	const struct fc_identity *key = &app->identity;

	/* The inspector too: key.json's is not sealed, and goes into every record signed. */
	if (strcmp(stored->device, key->device) != 0 ||
	    strcmp(stored->inspector, key->inspector) != 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("%s: store.db belongs to inspector %s on device %s but key.json to "
		      "inspector %s on device %s: one of them comes from another home or was "
		      "edited; put back the key.json or store.db of this home"),
		    app->home.dir, stored->inspector, stored->device, key->inspector, key->device);
	if (sodium_memcmp(stored->pk, key->pk, FC_PK_BYTES) != 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("%s: the public key in key.json is not the one device %s was set up with "
		      "(key.json was replaced or edited); put back this home's key.json from a "
		      "backup"),
		    app->home.dir, stored->device);
	return 0;
}

int
fc_app_check_home(struct fc_app *app, int *set_up, struct fc_error *err)
{
	struct fc_identity stored;
	int have_key = access(app->home.key, F_OK) == 0;
	int owned = home_store_owner(app, &stored, err);

	*set_up = 0;
	memset(&app->identity, 0, sizeof app->identity);
	if (owned < 0 || (have_key && fc_keyfile_identity(app->home.key, &app->identity, err) != 0))
		return -1;
	if (!have_key && owned)
		return fc_error_set(
		    err, FC_E_NOTFOUND,
		    _("%s: key.json is missing but store.db holds the chain of inspector %s on "
		      "device %s; put back key.json from a backup of this home (a new key "
		      "cannot continue that chain)"),
		    app->home.dir, stored.inspector, stored.device);
	if (have_key && !owned)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("%s: store.db has no device but key.json is inspector %s's on device %s: "
		      "the store was replaced; put back store.db from a backup of this home "
		      "(a new store would start the chain again at record 1, which the server "
		      "refuses as a fork; if this key never signed a record, move key.json "
		      "away and run init again)"),
		    app->home.dir, app->identity.inspector, app->identity.device);
	if (have_key && home_same_owner(app, &stored, err) != 0)
		return -1;
	*set_up = have_key;
	return 0;
}
