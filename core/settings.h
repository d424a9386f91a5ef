/* SPDX-License-Identifier: Apache-2.0 */
/*
 * settings.h: per-district settings (schema/settings.json, docs/settings.md).
 *
 * Some rules differ by district: whether a stove without a flame-failure
 * device or an ordinary rubber hose counts under 第九条(四) of the 2023
 * major-hazard criteria, how often a rubber hose must be replaced, after how
 * many nobody-home visits a household is escalated (docs/gas.md §3, §4, §5.5:
 * local rules [L]). The file gives a default for every setting and, per
 * district, the ones that differ. Templates read a setting through an item
 * prefilled from it ("prefill": {"from": "setting", "key": ...}), so the
 * signed record states the setting that was in force.
 */
#ifndef FC_SETTINGS_H
#define FC_SETTINGS_H

#include <jansson.h>

#include "error.h"

#define FC_SETTINGS_FORMAT 1

/*
 * Read and check the settings file at path: {"format": 1, "defaults": {key:
 * value}, "districts": {name: {key: value}}}, values booleans or numbers, every
 * district key also in defaults, of the same type. *out is new (caller
 * decrefs). FC_E_INVALID naming the key otherwise.
 */
int fc_settings_load_file(const char *path, json_t **out, struct fc_error *err);

/* The same from the first settings.json on the data path (fc_datadir_find()). */
int fc_settings_load(json_t **out, struct fc_error *err);

/* The value of key for district (NULL: the default), borrowed; NULL when unknown. */
const json_t *fc_settings_get(const json_t *settings, const char *district, const char *key);

#endif
