/* SPDX-License-Identifier: Apache-2.0 */
/*
 * home.h: where a device's data lives, and opening it.
 *
 * $FIELDCHECK_HOME, else $XDG_DATA_HOME/fieldcheck, else
 * ~/.local/share/fieldcheck. Inside: store.db (the SQLite store), key.json
 * (the sealed signing key), photos/ (evidence files named by their hash).
 */
#ifndef FC_HOME_H
#define FC_HOME_H

#include <limits.h>

#include "error.h"

#define FC_PATH_MAX 4096

struct fc_home {
	char dir[FC_PATH_MAX];
	char store[FC_PATH_MAX];  /* dir/store.db */
	char key[FC_PATH_MAX];	  /* dir/key.json */
	char photos[FC_PATH_MAX]; /* dir/photos */
};

/* Resolve the paths (nothing is created). */
int fc_home_resolve(struct fc_home *home, struct fc_error *err);

/* Create dir and photos/ (mode 0700) if missing. */
int fc_home_create(const struct fc_home *home, struct fc_error *err);

#endif
