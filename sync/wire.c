/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wire.c: signing and checking sync requests, the record batch format, and
 * zlib compression with a ceiling on what inflating may produce.
 *
 * Everything here is pure bytes in and bytes out: the client builds batches
 * from the device store, the server parses them, and neither touches HTTP
 * here. A parsed batch points into the raw bytes, so a record body is the
 * exact signed text from the device's store to the server's store.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zlib.h>

#include "wire.h"

#define _(s) gettext(s)

#define WIRE_DOMAIN_LEN (sizeof FC_REQUEST_DOMAIN - 1)

void
fc_wire_nonce(char out[FC_NONCE_HEX])
{
	unsigned char raw[16];

	randombytes_buf(raw, sizeof raw);
	fc_hex_encode(raw, sizeof raw, out);
}

void
fc_wire_body_hash(const void *body, size_t body_len, char hex[FC_HASH_HEX])
{
	unsigned char hash[FC_HASH_BYTES];

	crypto_generichash(hash, sizeof hash, body, body_len, NULL, 0);
	fc_hex_encode(hash, sizeof hash, hex);
}

/*
 * The signed message: small, so it is built in buf (size bytes). It holds
 * the body's hash, not the body, so a server can check it from the headers
 * alone (X-FC-Body-Hash) before it keeps a byte of the body. Returns its
 * length, or 0 when it does not fit (a path far longer than any we use).
 */
static size_t
wire_message(const char *method, const char *path, int64_t time, const char *nonce,
	     const char *body_hash, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s%s\n%s\n%lld\n%s\n%s", FC_REQUEST_DOMAIN, method, path,
			 (long long)time, nonce, body_hash);

	if (n < 0 || (size_t)n >= size)
		return 0;
	return (size_t)n;
}

int
fc_wire_sign_request(const unsigned char *sk, const char *method, const char *path, int64_t time,
		     const char *nonce, const void *body, size_t body_len, char sig_hex[FC_SIG_HEX],
		     struct fc_error *err)
{
	char msg[2048], hex[FC_HASH_HEX];
	unsigned char sig[FC_SIG_BYTES];
	size_t len;

	fc_wire_body_hash(body, body_len, hex);
	len = wire_message(method, path, time, nonce, hex, msg, sizeof msg);
	if (len == 0)
		return fc_error_set(err, FC_E_INTERNAL, _("request path too long: %.80s"), path);
	if (crypto_sign_detached(sig, NULL, (const unsigned char *)msg, len, sk) != 0)
		return fc_error_set(err, FC_E_CRYPTO, _("cannot sign the request"));
	fc_hex_encode(sig, sizeof sig, sig_hex);
	return 0;
}

int
fc_wire_check_request_hash(const unsigned char pk[FC_PK_BYTES], const char *method,
			   const char *path, int64_t time, const char *nonce, const char *body_hash,
			   const char *sig_hex)
{
	char msg[2048];
	unsigned char sig[FC_SIG_BYTES];
	size_t len;

	if (sig_hex == NULL || strlen(sig_hex) != 2 * FC_SIG_BYTES ||
	    fc_hex_decode(sig_hex, sig, sizeof sig) != 0 || body_hash == NULL ||
	    strlen(body_hash) != FC_HASH_HEX - 1)
		return -1;
	len = wire_message(method, path, time, nonce, body_hash, msg, sizeof msg);
	if (len == 0)
		return -1;
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg, len, pk) == 0 ? 0 : -1;
}

int
fc_wire_check_request(const unsigned char pk[FC_PK_BYTES], const char *method, const char *path,
		      int64_t time, const char *nonce, const void *body, size_t body_len,
		      const char *sig_hex)
{
	char hex[FC_HASH_HEX];

	fc_wire_body_hash(body, body_len, hex);
	return fc_wire_check_request_hash(pk, method, path, time, nonce, hex, sig_hex);
}

/* Batches */

static void
wire_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
wire_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int
fc_wire_batch_start(struct fc_buf *out, struct fc_error *err)
{
	unsigned char zero[4] = {0};

	return fc_buf_add(out, FC_BATCH_MAGIC, 4, err) || fc_buf_add(out, zero, 4, err) ? -1 : 0;
}

uint32_t
fc_wire_batch_count(const struct fc_buf *raw)
{
	if (raw->len < 8)
		return 0;
	return wire_get32((const unsigned char *)raw->buf + 4);
}

int
fc_wire_batch_add(struct fc_buf *out, const char *body, size_t body_len,
		  const unsigned char sig[FC_SIG_BYTES], struct fc_error *err)
{
	unsigned char len[4];
	uint32_t count = fc_wire_batch_count(out);

	if (out->len < 8)
		return fc_error_set(err, FC_E_INTERNAL, _("batch not started"));
	if (body_len > FC_BATCH_MAX_BODY)
		return fc_error_set(err, FC_E_INVALID, _("a record body of %zu bytes is over %d"),
				    body_len, FC_BATCH_MAX_BODY);
	wire_put32(len, (uint32_t)body_len);
	if (fc_buf_add(out, len, 4, err) != 0 || fc_buf_add(out, body, body_len, err) != 0 ||
	    fc_buf_add(out, sig, FC_SIG_BYTES, err) != 0)
		return -1;
	wire_put32((unsigned char *)out->buf + 4, count + 1);
	return 0;
}

int
fc_wire_batch_parse(const void *raw, size_t len, struct fc_wire_item **items, size_t *count,
		    struct fc_error *err)
{
	const unsigned char *p = raw, *end = p + len;
	struct fc_wire_item *list;
	uint32_t n;

	if (len < 8 || memcmp(p, FC_BATCH_MAGIC, 4) != 0)
		return fc_error_set(err, FC_E_INVALID, _("not a fieldcheck record batch"));
	n = wire_get32(p + 4);
	if (n > FC_BATCH_MAX_RECORDS)
		return fc_error_set(err, FC_E_INVALID,
				    _("batch of %u records is over the limit of %d"), n,
				    FC_BATCH_MAX_RECORDS);
	/* Every record takes at least 68 bytes: a count the bytes cannot hold is a lie. */
	if ((size_t)n > (len - 8) / (4 + FC_SIG_BYTES))
		return fc_error_set(err, FC_E_INVALID, _("batch claims %u records in %zu bytes"), n,
				    len);
	list = calloc(n > 0 ? n : 1, sizeof *list);
	if (list == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory reading a batch"));
	p += 8;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t blen;

		if ((size_t)(end - p) < 4)
			goto short_batch;
		blen = wire_get32(p);
		p += 4;
		if (blen > FC_BATCH_MAX_BODY) {
			free(list);
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("batch record %u: body of %u bytes is over the limit of %d"), i + 1,
			    blen, FC_BATCH_MAX_BODY);
		}
		if ((size_t)(end - p) < (size_t)blen + FC_SIG_BYTES)
			goto short_batch;
		list[i].body = (const char *)p;
		list[i].body_len = blen;
		list[i].sig = p + blen;
		p += blen + FC_SIG_BYTES;
	}
	if (p != end) {
		free(list);
		return fc_error_set(err, FC_E_INVALID,
				    _("batch has %zu bytes after its last record"),
				    (size_t)(end - p));
	}
	*items = list;
	*count = n;
	return 0;
short_batch:
	free(list);
	return fc_error_set(err, FC_E_INVALID, _("batch ends in the middle of a record"));
}

/* Compression */

int
fc_wire_deflate(const void *in, size_t len, int gzip, struct fc_buf *out, struct fc_error *err)
{
	return fc_wire_deflate_level(in, len, gzip, 6, out, err);
}

int
fc_wire_deflate_level(const void *in, size_t len, int gzip, int level, struct fc_buf *out,
		      struct fc_error *err)
{
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, level, Z_DEFLATED, gzip ? 31 : 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return fc_error_set(err, FC_E_NOMEM, _("cannot start compression"));
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	if ((size_t)zs.avail_in != len) {
		deflateEnd(&zs);
		return fc_error_set(err, FC_E_INVALID, _("%zu bytes are too many to compress"),
				    len);
	}
	do {
		if (fc_buf_grow(out, 64 * 1024, err) != 0) {
			deflateEnd(&zs);
			return -1;
		}
		zs.next_out = (Bytef *)out->buf + out->len;
		zs.avail_out = (uInt)(out->cap - out->len - 1);
		size_t before = zs.avail_out;
		rc = deflate(&zs, Z_FINISH);
		out->len += before - zs.avail_out;
		out->buf[out->len] = '\0';
	} while (rc == Z_OK || rc == Z_BUF_ERROR);
	deflateEnd(&zs);
	if (rc != Z_STREAM_END)
		return fc_error_set(err, FC_E_INTERNAL, _("compression failed (%d)"), rc);
	return 0;
}

int
fc_wire_inflate(const void *in, size_t len, size_t max_out, struct fc_buf *out,
		struct fc_error *err)
{
	z_stream zs;
	size_t start = out->len;
	int rc;

	memset(&zs, 0, sizeof zs);
	/* 15 + 32: accept zlib or gzip headers. */
	if (inflateInit2(&zs, 15 + 32) != Z_OK)
		return fc_error_set(err, FC_E_NOMEM, _("cannot start decompression"));
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	do {
		size_t room = 64 * 1024;

		if (out->len - start >= max_out) {
			inflateEnd(&zs);
			return fc_error_set(
			    err, FC_E_INVALID,
			    _("compressed body inflates beyond the limit of %zu bytes"), max_out);
		}
		if (room > max_out - (out->len - start))
			room = max_out - (out->len - start);
		if (fc_buf_grow(out, room, err) != 0) {
			inflateEnd(&zs);
			return -1;
		}
		zs.next_out = (Bytef *)out->buf + out->len;
		zs.avail_out = (uInt)room;
		rc = inflate(&zs, Z_NO_FLUSH);
		out->len += room - zs.avail_out;
		out->buf[out->len] = '\0';
		if (rc == Z_BUF_ERROR && zs.avail_in == 0)
			break;
	} while (rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_out == 0));
	inflateEnd(&zs);
	if (rc != Z_STREAM_END)
		return fc_error_set(err, FC_E_INVALID, _("body is not valid compressed data"));
	return 0;
}
