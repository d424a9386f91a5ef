/* SPDX-License-Identifier: Apache-2.0 */
/*
 * photo.c: hashing evidence photos and keeping a copy named by the hash.
 *
 * The copy is written to a temporary name and renamed, so photos/ never
 * holds a half-written file under a hash it does not have. A file already
 * present under its hash is not written again (same hash, same bytes).
 */
#include <dirent.h>
#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "file.h"
#include "home.h"
#include "photo.h"
#include "sign.h"

#define _(s) gettext(s)

static int
photo_hash(FILE *f, const char *path, char hex[FC_HASH_HEX], long long *size, struct fc_error *err)
{
	crypto_generichash_state st;
	unsigned char buf[16384], hash[FC_HASH_BYTES];
	size_t n;

	*size = 0;
	crypto_generichash_init(&st, NULL, 0, sizeof hash);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		crypto_generichash_update(&st, buf, n);
		*size += (long long)n;
	}
	if (ferror(f))
		return fc_error_set(err, FC_E_IO, _("%s: cannot read: %s"), path, strerror(errno));
	crypto_generichash_final(&st, hash, sizeof hash);
	fc_hex_encode(hash, sizeof hash, hex);
	return 0;
}

/* Into the photo store under its hash; a copy cut short leaves nothing there. */
static int
photo_copy(FILE *in, const char *path, const char *dest, struct fc_error *err)
{
	rewind(in);
	if (fc_file_replace_stream(dest, 0, in, err) != 0)
		return fc_error_prefix(err, _("%s: cannot copy to the photo store"), path);
	return 0;
}

int
fc_photo_import(const char *photos_dir, const char *path, json_t **out, struct fc_error *err)
{
	char hex[FC_HASH_HEX];
	char dest[FC_PATH_MAX + 80];
	const char *base = strrchr(path, '/');
	long long size;
	struct stat sb;
	FILE *f;
	int ret = -1;

	*out = NULL;
	if (fc_sign_init(err) != 0)
		return -1;
	if ((f = fopen(path, "rb")) == NULL) {
		/* The two an inspector meets, in the screen's language, whatever libc says. */
		if (errno == ENOENT)
			return fc_error_set(err, FC_E_NOTFOUND, _("%s: no such file"), path);
		if (errno == EACCES)
			return fc_error_set(err, FC_E_IO, _("%s: not allowed to read it"), path);
		return fc_error_set(err, FC_E_IO, "%s: %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fc_error_set(err, FC_E_INVALID, _("%s: not a regular file"), path);
		goto out;
	}
	if (photo_hash(f, path, hex, &size, err) != 0)
		goto out;
	/* A camera that ran out of room, or a file still being written, leaves 0 bytes: no
	 * evidence. */
	if (size == 0) {
		fc_error_set(err, FC_E_INVALID,
			     _("%s: the file is empty (0 bytes), not a photo; take it again"),
			     path);
		goto out;
	}
	if (size > FC_PHOTO_SIZE_MAX) {
		fc_error_set(err, FC_E_INVALID,
			     _("%s: a photo of %lld bytes is over the limit of %lld bytes; take it "
			       "at a lower resolution"),
			     path, size, FC_PHOTO_SIZE_MAX);
		goto out;
	}
	if (mkdir(photos_dir, 0700) != 0 && errno != EEXIST) {
		fc_error_set(err, FC_E_IO, "%s: %s", photos_dir, strerror(errno));
		goto out;
	}
	snprintf(dest, sizeof dest, "%s/%s", photos_dir, hex);
	if (access(dest, F_OK) != 0 && photo_copy(f, path, dest, err) != 0)
		goto out;
	*out = json_pack("{s:s, s:s, s:I}", "file", base != NULL ? base + 1 : path, "hash", hex,
			 "size", (json_int_t)size);
	if (*out == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory"));
		goto out;
	}
	ret = 0;
out:
	fclose(f);
	return ret;
}

int
fc_photo_import_answers(const struct fc_template *tpl, json_t *answers, const char *base_dir,
			const char *photos_dir, struct fc_error *err)
{
	for (size_t i = 0; i < tpl->n_items; i++) {
		const struct fc_item *it = &tpl->items[i];
		json_t *list = json_object_get(answers, it->id);
		json_t *p;
		size_t k;

		if (it->type != FC_ITEM_PHOTO || !json_is_array(list))
			continue;
		json_array_foreach(list, k, p) {
			char path[FC_PATH_MAX + 256];
			const char *name = json_string_value(p);
			json_t *obj;

			if (name == NULL)
				continue;
			if (name[0] == '/' || base_dir == NULL)
				snprintf(path, sizeof path, "%s", name);
			else
				snprintf(path, sizeof path, "%s/%s", base_dir, name);
			if (fc_photo_import(photos_dir, path, &obj, err) != 0)
				return fc_error_prefix(err, "%s", it->id);
			json_array_set_new(list, k, obj);
		}
	}
	return 0;
}

/* A picture by its name's ending, as cameras and phones write them. */
static int
photo_is_picture(const char *name)
{
	static const char *const ends[] = {".jpg", ".jpeg", ".png"};
	size_t len = strlen(name);

	if (name[0] == '.')
		return 0;
	for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		size_t el = strlen(ends[i]);
		if (len > el && strcasecmp(name + len - el, ends[i]) == 0)
			return 1;
	}
	return 0;
}

/* Keep out[] newest first, at most max: f goes where it belongs or nowhere. */
static void
photo_insert(struct fc_photo_file *out, size_t max, size_t *n, const struct fc_photo_file *f)
{
	size_t at = *n;

	while (at > 0 && (out[at - 1].mtime < f->mtime ||
			  (out[at - 1].mtime == f->mtime && strcmp(out[at - 1].name, f->name) > 0)))
		at--;
	if (at >= max)
		return;
	if (*n < max)
		(*n)++;
	memmove(out + at + 1, out + at, (*n - 1 - at) * sizeof *out);
	out[at] = *f;
}

int
fc_photo_list(const char *dir, time_t since, struct fc_photo_file *out, size_t max, size_t *n,
	      size_t *total, struct fc_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	*n = 0;
	*total = 0;
	if (d == NULL)
		return fc_error_set(err, errno == ENOENT ? FC_E_NOTFOUND : FC_E_IO,
				    _("camera folder %s: %s"), dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		struct fc_photo_file f;
		char path[FC_PATH_MAX + 256];
		struct stat sb;

		if (!photo_is_picture(de->d_name) || strlen(de->d_name) >= sizeof f.name)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		/* A file the camera is still writing or just removed is simply not listed. */
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_mtime < since)
			continue;
		snprintf(f.name, sizeof f.name, "%s", de->d_name);
		f.mtime = sb.st_mtime;
		f.size = (long long)sb.st_size;
		(*total)++;
		photo_insert(out, max, n, &f);
	}
	closedir(d);
	return 0;
}
