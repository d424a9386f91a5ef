/* SPDX-License-Identifier: Apache-2.0 */
/*
 * photo.h: evidence photos. A photo answer in an answers file names image
 * files; before a record is signed each is replaced by {"file": basename,
 * "hash": BLAKE2b-256 hex, "size": bytes} and the file is copied to
 * <photos>/<hash>, so the signature covers the evidence and the files can
 * travel separately, checked by their hash.
 */
#ifndef FC_PHOTO_H
#define FC_PHOTO_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "error.h"
#include "template.h"

/*
 * The largest photo a record may name, in bytes: a handheld camera's picture
 * is a few MiB. The device refuses a bigger file before signing, and the
 * server takes no byte of a photo whose signed size is over it, so one
 * record cannot make the server keep more than this (docs/protocol.md).
 */
#define FC_PHOTO_SIZE_MAX (32LL * 1024 * 1024)

/*
 * Hash the file at path and copy it to photos_dir/<hash> (kept if already
 * there). *out is a new {"file","hash","size"} object (caller decrefs). A
 * file over FC_PHOTO_SIZE_MAX is refused (FC_E_INVALID).
 */
int fc_photo_import(const char *photos_dir, const char *path, json_t **out, struct fc_error *err);

/*
 * Replace every photo answer's paths in answers (in place) with imported
 * photo objects; relative paths are taken from base_dir (NULL: as given).
 * Answers already in object form are kept. Errors name the item and file.
 */
int fc_photo_import_answers(const struct fc_template *tpl, json_t *answers, const char *base_dir,
			    const char *photos_dir, struct fc_error *err);

/* A picture in the camera's folder. */
struct fc_photo_file {
	char name[256]; /* the file's name in the folder */
	time_t mtime;	/* when the camera wrote it */
	long long size; /* bytes */
};

/*
 * The pictures (.jpg, .jpeg, .png, any case) in dir last written at or after
 * since, newest first: at most max of them into out (*n filled), *total
 * counting all that match, so a caller can say some were left out.
 * Sub-folders and other files are skipped.
 */
int fc_photo_list(const char *dir, time_t since, struct fc_photo_file *out, size_t max, size_t *n,
		  size_t *total, struct fc_error *err);

#endif
