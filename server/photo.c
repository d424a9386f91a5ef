/* SPDX-License-Identifier: Apache-2.0 */
/*
 * photo.c: photo files, uploaded after the records that name them and
 * addressed by their BLAKE2b-256 hash.
 *
 * The server accepts only photos a stored (so verified) record names, from
 * an authenticated device, and only up to the size the signed body gives.
 * Bytes go to "<hash>.part" in chunks of at most FC_PHOTO_CHUNK; each
 * chunk is a complete signed request, so a cut connection loses at most the
 * chunk in flight and the device resumes from the offset the server reports.
 * When the last byte arrives the file is hashed: a match is renamed to
 * "<hash>" and marked complete, a mismatch is deleted and refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "server/server.h"
#include "sync/wire.h"

static void
photo_path(struct fc_server_req *r, const char *hash, const char *suffix, char *out, size_t size)
{
	snprintf(out, size, "%s/%s%s", fc_server_photo_dir(r->srv), hash, suffix);
}

/* Bytes held so far: the full size once complete, else the .part length. */
static int64_t
photo_have(struct fc_server_req *r, const struct fc_sphoto *ph)
{
	char path[4200];
	struct stat sb;

	if (ph->complete)
		return ph->size;
	photo_path(r, ph->hash, ".part", path, sizeof path);
	return stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

static int
photo_info(struct fc_server_req *r, const struct fc_sphoto *ph, unsigned status)
{
	return fc_server_reply(r, status,
			       json_pack("{s:s,s:I,s:I,s:b}", "hash", ph->hash, "size",
					 (json_int_t)ph->size, "have",
					 (json_int_t)photo_have(r, ph), "complete", ph->complete));
}

/* BLAKE2b-256 of the file at path as hex into out. */
static int
photo_hash_file(const char *path, char out[FC_HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char buf[65536], hash[FC_HASH_BYTES];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return -1;
	crypto_generichash_init(&st, NULL, 0, FC_HASH_BYTES);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_generichash_update(&st, buf, n);
	fclose(f);
	crypto_generichash_final(&st, hash, sizeof hash);
	fc_hex_encode(hash, sizeof hash, out);
	return 0;
}

static int
photo_put(struct fc_server_req *r, struct fc_sphoto *ph)
{
	struct fc_error err = {0};
	char part[4200], done[4200], got[FC_HASH_HEX];
	const char *off_arg = fc_server_arg(r, "offset");
	int64_t have = photo_have(r, ph), offset;
	char *end = NULL;
	int fd;

	if (ph->complete)
		return photo_info(r, ph, MHD_HTTP_OK);
	offset = off_arg != NULL ? strtoll(off_arg, &end, 10) : -1;
	if (off_arg == NULL || *end != '\0' || offset != have) {
		json_t *o = json_pack("{s:s,s:I}", "error", "", "have", (json_int_t)have);
		char msg[160];

		snprintf(msg, sizeof msg, "photo %.12s: the server holds %lld bytes; resume there",
			 ph->hash, (long long)have);
		json_object_set_new(o, "error", json_string(msg));
		return fc_server_reply(r, MHD_HTTP_CONFLICT, o);
	}
	if ((int64_t)r->body.len > FC_PHOTO_CHUNK || have + (int64_t)r->body.len > ph->size)
		return fc_server_error(
		    r, MHD_HTTP_BAD_REQUEST,
		    "photo %.12s: chunk of %zu bytes at %lld goes past the signed size %lld",
		    ph->hash, r->body.len, (long long)have, (long long)ph->size);
	if (mkdir(fc_server_photo_dir(r->srv), 0700) != 0 && errno != EEXIST)
		return fc_server_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				       "cannot create the photo directory");
	photo_path(r, ph->hash, ".part", part, sizeof part);
	fd = open(part, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0 || write(fd, r->body.buf, r->body.len) != (ssize_t)r->body.len ||
	    fsync(fd) != 0) {
		if (fd >= 0) {
			/* Keep the file at a chunk boundary the device can resume from. */
			if (ftruncate(fd, (off_t)have) != 0)
				unlink(part);
			close(fd);
		}
		return fc_server_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				       "cannot write photo %.12s on the server", ph->hash);
	}
	close(fd);
	if (have + (int64_t)r->body.len < ph->size)
		return photo_info(r, ph, MHD_HTTP_OK);
	if (photo_hash_file(part, got) != 0 || strcmp(got, ph->hash) != 0) {
		unlink(part);
		return fc_server_error(
		    r, MHD_HTTP_UNPROCESSABLE_CONTENT,
		    "photo %.12s: the uploaded bytes do not match the hash in the signed record; "
		    "start again",
		    ph->hash);
	}
	photo_path(r, ph->hash, "", done, sizeof done);
	if (rename(part, done) != 0 || fc_sstore_photo_done(r->st, ph->hash, &err) != 0)
		return fc_server_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot keep photo %.12s",
				       ph->hash);
	ph->complete = 1;
	return photo_info(r, ph, MHD_HTTP_OK);
}

int
fc_server_photo(struct fc_server_req *r, const char *hash)
{
	struct fc_error err = {0};
	struct fc_sphoto ph;
	unsigned char raw[FC_HASH_BYTES];

	if (strlen(hash) != 2 * FC_HASH_BYTES || fc_hex_decode(hash, raw, sizeof raw) != 0)
		return fc_server_error(r, MHD_HTTP_BAD_REQUEST, "'%s' is not a photo hash", hash);
	if (fc_sstore_get_photo(r->st, hash, &ph, &err) != 0)
		return fc_server_fail(r, &err);
	/*
	 * Any enrolled device may send the bytes of a photo a stored record names
	 * (two records may name the same file); the hash check decides.
	 */
	if (strcmp(r->method, "PUT") == 0)
		return photo_put(r, &ph);
	return photo_info(r, &ph, MHD_HTTP_OK);
}
