/* SPDX-License-Identifier: Apache-2.0 */
/*
 * photo.c: photo files, uploaded after the records that name them and
 * addressed by their BLAKE2b-256 hash.
 *
 * A photo is (hash, size) as a stored (so verified) record names it, and
 * only a device whose own records name it may send its bytes, up to that
 * size. Keying by the pair means a record naming someone's hash with a false
 * size names another photo, which never completes, instead of fixing the
 * size for everyone. Each device writes to its own "<hash>.<size>.<device>.part",
 * so no device can write into another's pending upload, in chunks of at most
 * FC_PHOTO_CHUNK; each chunk is a complete signed request, so a cut
 * connection loses at most the chunk in flight and the device resumes from
 * the offset the server reports. When the last byte arrives the file is
 * hashed: a match is renamed to "<hash>" and (hash, size) marked complete, a
 * mismatch is deleted and refused. A photo whose signed size is over
 * FC_PHOTO_SIZE_MAX (core/photo.h) gets no byte kept: a record cannot name a
 * terabyte and have the server store it a chunk at a time.
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

#include "core/file.h"
#include "core/photo.h"
#include "server/server.h"
#include "sync/wire.h"

/* The kept file "<hash>" (part 0), or this device's pending "<hash>.<size>.<device>.part". */
static void
photo_path(struct fc_server_req *r, const struct fc_sphoto *ph, int part, char *out, size_t size)
{
	if (part)
		snprintf(out, size, "%s/%s.%lld.%s.part", fc_server_photo_dir(r->srv), ph->hash,
			 (long long)ph->size, r->dev.device);
	else
		snprintf(out, size, "%s/%s", fc_server_photo_dir(r->srv), ph->hash);
}

/* Bytes held so far: the full size once complete, else this device's .part length. */
static int64_t
photo_have(struct fc_server_req *r, const struct fc_sphoto *ph)
{
	char path[4200];
	struct stat sb;

	if (ph->complete)
		return ph->size;
	photo_path(r, ph, 1, path, sizeof path);
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
	/* A signed size no camera makes: not a byte of it is kept (core/photo.h). */
	if (ph->size > FC_PHOTO_SIZE_MAX)
		return fc_server_error(
		    r, MHD_HTTP_CONTENT_TOO_LARGE,
		    fc_gettext(r->lang, "photo %.12s: its signed size %lld is over the limit of "
					"%lld bytes; the server takes none of it"),
		    ph->hash, (long long)ph->size, FC_PHOTO_SIZE_MAX);
	offset = off_arg != NULL ? strtoll(off_arg, &end, 10) : -1;
	if (off_arg == NULL || *end != '\0' || offset != have) {
		json_t *o = json_pack("{s:s,s:I}", "error", "", "have", (json_int_t)have);
		char msg[160];

		snprintf(
		    msg, sizeof msg,
		    fc_gettext(r->lang, "photo %.12s: the server holds %lld bytes; resume there"),
		    ph->hash, (long long)have);
		json_object_set_new(o, "error", json_string(msg));
		return fc_server_reply(r, MHD_HTTP_CONFLICT, o);
	}
	if ((int64_t)r->body.len > FC_PHOTO_CHUNK || have + (int64_t)r->body.len > ph->size)
		return fc_server_error(
		    r, MHD_HTTP_BAD_REQUEST,
		    fc_gettext(
			r->lang,
			"photo %.12s: chunk of %zu bytes at %lld goes past the signed size %lld"),
		    ph->hash, r->body.len, (long long)have, (long long)ph->size);
	if (mkdir(fc_server_photo_dir(r->srv), 0700) != 0 && errno != EEXIST)
		return fc_server_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				       fc_gettext(r->lang, "cannot create the photo directory"));
	photo_path(r, ph, 1, part, sizeof part);
	fd = open(part, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0 || write(fd, r->body.buf, r->body.len) != (ssize_t)r->body.len ||
	    fsync(fd) != 0) {
		if (fd >= 0) {
			/* Keep the file at a chunk boundary the device can resume from. */
			if (ftruncate(fd, (off_t)have) != 0)
				unlink(part);
			close(fd);
		}
		return fc_server_error(
		    r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    fc_gettext(r->lang, "cannot write photo %.12s on the server"), ph->hash);
	}
	close(fd);
	if (have + (int64_t)r->body.len < ph->size)
		return photo_info(r, ph, MHD_HTTP_OK);
	if (photo_hash_file(part, got) != 0 || strcmp(got, ph->hash) != 0) {
		unlink(part);
		return fc_server_error(
		    r, MHD_HTTP_UNPROCESSABLE_CONTENT,
		    fc_gettext(r->lang,
			       "photo %.12s: the uploaded bytes do not match the hash in the "
			       "signed record; start again"),
		    ph->hash);
	}
	photo_path(r, ph, 0, done, sizeof done);
	if (fc_file_commit(part, done, 0, &err) != 0 ||
	    fc_sstore_photo_done(r->st, ph->hash, ph->size, &err) != 0)
		return fc_server_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				       fc_gettext(r->lang, "cannot keep photo %.12s"), ph->hash);
	ph->complete = 1;
	return photo_info(r, ph, MHD_HTTP_OK);
}

/* The size a request names (?size=N), or -1 for the one this device's records give. */
static int
photo_size_arg(struct fc_server_req *r, int64_t *size)
{
	const char *arg = fc_server_arg(r, "size");
	char *end = NULL;

	*size = -1;
	if (arg == NULL)
		return 0;
	errno = 0;
	*size = strtoll(arg, &end, 10);
	return arg[0] >= '0' && arg[0] <= '9' && *end == '\0' && errno == 0 ? 0 : -1;
}

int
fc_server_photo(struct fc_server_req *r, const char *hash)
{
	struct fc_error err = {0};
	struct fc_sphoto ph = {0};
	unsigned char raw[FC_HASH_BYTES];
	int64_t size;

	if (strlen(hash) != 2 * FC_HASH_BYTES || fc_hex_decode(hash, raw, sizeof raw) != 0)
		return fc_server_error(r, MHD_HTTP_BAD_REQUEST,
				       fc_gettext(r->lang, "'%s' is not a photo hash"), hash);
	if (photo_size_arg(r, &size) != 0)
		return fc_server_error(
		    r, MHD_HTTP_BAD_REQUEST,
		    fc_gettext(r->lang, "photo %.12s: size must be a number of bytes"), hash);
	/* Not found is worded here, in the device's language; a fault in the store's. */
	if (fc_sstore_get_photo(r->st, hash, size, r->dev.rowid, &ph, &err) != 0)
		return err.code == FC_E_NOTFOUND
			   ? fc_server_error(r, MHD_HTTP_NOT_FOUND,
					     fc_gettext(r->lang, "photo %.12s is not named by any "
								 "record the server holds"),
					     hash)
			   : fc_server_fail(r, &err);
	/*
	 * Only a device whose own records name the photo sends its bytes or asks
	 * about them: two records may name the same file, and each device uploads
	 * it into its own part file; the hash check at the end decides.
	 */
	if (!ph.named)
		return fc_server_error(
		    r, MHD_HTTP_FORBIDDEN,
		    fc_gettext(r->lang, "photo %.12s is not named by any record of device %s; "
					"only a device whose record names a photo may send it"),
		    hash, r->dev.device);
	if (strcmp(r->method, "PUT") == 0)
		return photo_put(r, &ph);
	return photo_info(r, &ph, MHD_HTTP_OK);
}
