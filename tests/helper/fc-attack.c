/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fc-attack: hostile clients for the security, fault and load campaigns
 * (tests/security/, tests/faults/, tests/load/). Everything a real device
 * would never send, sent on purpose: requests signed by the wrong key,
 * replayed nonces, skewed clocks, batches of another device's records,
 * oversized and inflating bodies, and connections that trickle a byte at a
 * time. Servers only on 127.0.0.1.
 *
 *   fc-attack send URL METHOD PATH [--home H] [--as H2] [--body FILE]
 *		[--ctype T] [--time-offset S] [--nonce HEX] [--flip-sig] [--unsigned]
 *		[--lang L]
 *	sign the request with H's key (PIN from the first line of stdin; default
 *	FIELDCHECK_HOME) while its headers name H2's inspector and device
 *	(default H), and print "status N" and the answer's body; the server
 *	words its refusal in L (Accept-Language; default en, as the tests'
 *	devices, which run in C.UTF-8, ask)
 *   fc-attack batch OUT [--home H] [--from SEQ] [--count N] [--raw]
 *	the zlib-compressed push batch of H's records from seq SEQ (default 1)
 *   fc-attack bomb OUT MIB
 *	a zlib stream of a few KiB that inflates to MIB MiB
 *   fc-attack claim OUT COUNT
 *	a compressed batch whose header claims COUNT records and holds none
 *   fc-attack slow PORT N SECONDS
 *	open N connections that send a request line and then one header byte
 *	a second for SECONDS; print "open K of N" (those the server still kept)
 *   fc-attack slowbody PORT N SECONDS PATH
 *	open N connections that each send a POST to PATH with its headers
 *	complete and a Content-Length of 4000 (within what an unauthenticated
 *	request may send), then one body byte a second for SECONDS; print
 *	"open K of N" (those the server still kept)
 *   fc-attack holdbody PORT N SECONDS DEVICE INSPECTOR
 *	open N connections that each announce an 8 MiB - 1 byte push in the
 *	name of DEVICE/INSPECTOR with a made-up signature (every other one
 *	with X-FC-Body-Hash), push as much of the body as the server takes and
 *	keep pushing for SECONDS; print "open K of N, sent M KiB"
 *   (FC_ATTACK_FROM=ADDR makes every connection come from that local address.)
 *   fc-attack stall PORT SECONDS [--home H]
 *	a push of 1000 bytes signed for real by H's key (PIN from stdin), its
 *	headers and the first 100 body bytes sent, then nothing; print
 *	"closed after N s" when the server closes it within SECONDS, else
 *	"open after SECONDS s" (the authenticated request's idle timeout)
 *   fc-attack bigpost PORT MIB
 *	announce a body of MIB MiB (Content-Length) and send it; print the
 *	status and how many bytes the server took before it answered
 *
 * Exit 0 when the request could be made (whatever the status), 1 on failure,
 * 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/home.h"
#include "core/keyfile.h"
#include "core/store.h"
#include "sync/wire.h"

static int
attack_usage(void)
{
	fprintf(stderr, "usage: fc-attack send URL METHOD PATH [--home H] [--as H2] [--body FILE]\n"
			"                 [--ctype T] [--time-offset S] [--nonce HEX] [--flip-sig] "
			"[--unsigned] [--lang L]\n"
			"       fc-attack batch OUT [--home H] [--from SEQ] [--count N] [--raw]\n"
			"       fc-attack bomb OUT MIB\n"
			"       fc-attack claim OUT COUNT\n"
			"       fc-attack slow PORT N SECONDS\n"
			"       fc-attack slowbody PORT N SECONDS PATH\n"
			"       fc-attack holdbody PORT N SECONDS DEVICE INSPECTOR\n"
			"       fc-attack bigpost PORT MIB\n"
			"       fc-attack stall PORT SECONDS [--home H]\n");
	return 2;
}

static int
attack_fail(const struct fc_error *err)
{
	fprintf(stderr, "fc-attack: %s\n", err->msg);
	return 1;
}

static int
attack_read_file(const char *path, struct fc_buf *out, struct fc_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return fc_error_set(err, FC_E_IO, "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (fc_buf_add(out, chunk, n, err) != 0) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

static int
attack_write_file(const char *path, const void *data, size_t len, struct fc_error *err)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len) {
		if (f != NULL)
			fclose(f);
		return fc_error_set(err, FC_E_IO, "%s: cannot write", path);
	}
	return fclose(f) == 0 ? 0 : fc_error_set(err, FC_E_IO, "%s: cannot write", path);
}

/* The key of the home at dir (NULL: FIELDCHECK_HOME), PIN from stdin. */
static int
attack_unlock(const char *dir, struct fc_key **key, struct fc_error *err)
{
	struct fc_home home;
	char pin[FC_PIN_MAX + 2] = "";

	if (dir != NULL)
		setenv("FIELDCHECK_HOME", dir, 1);
	if (fc_home_resolve(&home, err) != 0)
		return -1;
	if (fgets(pin, (int)sizeof pin, stdin) == NULL)
		return fc_error_set(err, FC_E_USAGE, "no PIN on standard input");
	pin[strcspn(pin, "\r\n")] = '\0';
	int r = fc_keyfile_unlock(home.key, pin, time(NULL), key, NULL, err);
	sodium_memzero(pin, sizeof pin);
	return r;
}

static int
attack_identity(const char *dir, struct fc_identity *id, struct fc_error *err)
{
	struct fc_home home;

	if (dir != NULL)
		setenv("FIELDCHECK_HOME", dir, 1);
	if (fc_home_resolve(&home, err) != 0)
		return -1;
	return fc_keyfile_identity(home.key, id, err);
}

static size_t
attack_write_cb(char *p, size_t size, size_t n, void *ctx)
{
	struct fc_buf *b = ctx;

	return fc_buf_add(b, p, size * n, NULL) == 0 ? size * n : 0;
}

static int
attack_header(struct curl_slist **list, const char *name, const char *value)
{
	char line[512];
	struct curl_slist *n;

	snprintf(line, sizeof line, "%s: %s", name, value);
	n = curl_slist_append(*list, line);
	if (n == NULL)
		return -1;
	*list = n;
	return 0;
}

/* fc-attack send's words: URL METHOD PATH and its options. */
struct send_opts {
	const char *url, *method, *path, *home, *as, *body_file, *ctype, *nonce, *lang, *offset;
	int flip, unsigned_req;
};

/* The options that take a value, and where it goes. */
static const struct {
	const char *name;
	size_t at;
} send_values[] = {
    {"--home", offsetof(struct send_opts, home)},
    {"--as", offsetof(struct send_opts, as)},
    {"--body", offsetof(struct send_opts, body_file)},
    {"--ctype", offsetof(struct send_opts, ctype)},
    {"--time-offset", offsetof(struct send_opts, offset)},
    {"--nonce", offsetof(struct send_opts, nonce)},
    {"--lang", offsetof(struct send_opts, lang)},
};

/* 0, or -1 when the words are not fc-attack send's. */
static int
send_parse(int argc, char **argv, struct send_opts *o)
{
	*o = (struct send_opts){.ctype = "application/json", .lang = "en"};
	if (argc < 4)
		return -1;
	o->url = argv[1];
	o->method = argv[2];
	o->path = argv[3];
	for (int i = 4; i < argc; i++) {
		size_t k = 0;

		if (strcmp(argv[i], "--flip-sig") == 0) {
			o->flip = 1;
			continue;
		}
		if (strcmp(argv[i], "--unsigned") == 0) {
			o->unsigned_req = 1;
			continue;
		}
		while (k < sizeof send_values / sizeof send_values[0] &&
		       strcmp(argv[i], send_values[k].name) != 0)
			k++;
		if (k == sizeof send_values / sizeof send_values[0] || i + 1 == argc)
			return -1;
		*(const char **)((char *)o + send_values[k].at) = argv[++i];
	}
	return 0;
}

/*
 * The request's headers: signed by key for body in claim's name (unless
 * --unsigned; --flip-sig spoils the signature), its type and language.
 */
static int
send_headers(const struct send_opts *o, const struct fc_key *key, const struct fc_identity *claim,
	     const struct fc_buf *body, struct curl_slist **hdrs, struct fc_error *err)
{
	char nonce[80], sig[FC_SIG_HEX], ts[32], bhash[FC_HASH_HEX];
	int64_t now = (int64_t)time(NULL) + (o->offset != NULL ? strtol(o->offset, NULL, 10) : 0);

	if (o->nonce != NULL)
		snprintf(nonce, sizeof nonce, "%s", o->nonce);
	else
		fc_wire_nonce(nonce);
	snprintf(ts, sizeof ts, "%lld", (long long)now);
	if (fc_wire_sign_request(key->sk, o->method, o->path, now, nonce, body->buf, body->len, sig,
				 err) != 0)
		return -1;
	if (o->flip)
		sig[0] = sig[0] == '0' ? '1' : '0';
	fc_wire_body_hash(body->buf != NULL ? body->buf : "", body->len, bhash);
	if ((!o->unsigned_req &&
	     (attack_header(hdrs, FC_HDR_INSPECTOR, claim->inspector) ||
	      attack_header(hdrs, FC_HDR_DEVICE, claim->device) ||
	      attack_header(hdrs, FC_HDR_TIME, ts) || attack_header(hdrs, FC_HDR_NONCE, nonce) ||
	      attack_header(hdrs, FC_HDR_SIGNATURE, sig) ||
	      attack_header(hdrs, FC_HDR_BODY_HASH, bhash))) ||
	    attack_header(hdrs, "Content-Type", o->ctype) ||
	    attack_header(hdrs, "Accept-Language", o->lang) ||
	    (*hdrs = curl_slist_append(*hdrs, "Expect:")) == NULL)
		return fc_error_set(err, FC_E_NOMEM, "out of memory");
	return 0;
}

/* Send the request and print "status N" and the answer's body. */
static int
send_perform(const struct send_opts *o, struct curl_slist *hdrs, const struct fc_buf *body,
	     struct fc_error *err)
{
	struct fc_buf answer = FC_BUF_INIT, full = FC_BUF_INIT;
	CURL *curl = NULL;
	long status = 0;
	int ret = -1;

	if (fc_buf_addf(&full, err, "%s%s", o->url, o->path) != 0)
		goto out;
	if ((curl = curl_easy_init()) == NULL) {
		fc_error_set(err, FC_E_NOMEM, "cannot start libcurl");
		goto out;
	}
	curl_easy_setopt(curl, CURLOPT_URL, full.buf);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, o->method);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, attack_write_cb);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (o->body_file != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->buf);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
	}
	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		fc_error_set(err, FC_E_NET, "%s: %s", full.buf, curl_easy_strerror(rc));
		goto out;
	}
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	printf("status %ld\n%s\n", status, answer.buf);
	ret = 0;
out:
	if (curl != NULL)
		curl_easy_cleanup(curl);
	fc_buf_release(&answer);
	fc_buf_release(&full);
	return ret;
}

static int
attack_send(int argc, char **argv)
{
	struct send_opts o;
	struct fc_buf body = FC_BUF_INIT;
	struct fc_identity claim;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	struct curl_slist *hdrs = NULL;
	int ret = 1;

	if (send_parse(argc, argv, &o) != 0)
		return attack_usage();
	if ((o.body_file != NULL && attack_read_file(o.body_file, &body, &err) != 0) ||
	    attack_unlock(o.home, &key, &err) != 0)
		goto out;
	claim = key->id;
	if ((o.as != NULL && attack_identity(o.as, &claim, &err) != 0) ||
	    send_headers(&o, key, &claim, &body, &hdrs, &err) != 0 ||
	    send_perform(&o, hdrs, &body, &err) != 0)
		goto out;
	ret = 0;
out:
	if (ret != 0)
		attack_fail(&err);
	curl_slist_free_all(hdrs);
	fc_key_free(key);
	fc_buf_release(&body);
	return ret;
}

struct attack_batch {
	struct fc_buf raw;
	long left;
};

static int
attack_batch_add(const struct fc_record *rec, void *ctx, struct fc_error *err)
{
	struct attack_batch *b = ctx;

	if (b->left == 0)
		return 1;
	if (b->left > 0)
		b->left--;
	return fc_wire_batch_add(&b->raw, rec->body, rec->body_len, rec->sig, err);
}

static int
attack_batch(int argc, char **argv)
{
	struct attack_batch b = {FC_BUF_INIT, -1};
	struct fc_record_filter filter = {0};
	struct fc_buf z = FC_BUF_INIT;
	struct fc_error err = {0};
	struct fc_store *st = NULL;
	struct fc_home home;
	int raw = 0, ret = 1;

	if (argc < 2)
		return attack_usage();
	filter.from_seq = 1;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--raw") == 0) {
			raw = 1;
		} else if (i + 1 < argc && strcmp(argv[i], "--home") == 0) {
			setenv("FIELDCHECK_HOME", argv[++i], 1);
		} else if (i + 1 < argc && strcmp(argv[i], "--from") == 0) {
			filter.from_seq = strtoll(argv[++i], NULL, 10);
		} else if (i + 1 < argc && strcmp(argv[i], "--count") == 0) {
			b.left = strtol(argv[++i], NULL, 10);
		} else {
			return attack_usage();
		}
	}
	if (fc_home_resolve(&home, &err) != 0 || fc_store_open(home.store, &st, &err) != 0 ||
	    fc_wire_batch_start(&b.raw, &err) != 0 ||
	    fc_store_each_record(st, &filter, attack_batch_add, &b, &err) != 0)
		goto out;
	if (raw) {
		if (attack_write_file(argv[1], b.raw.buf, b.raw.len, &err) != 0)
			goto out;
	} else if (fc_wire_deflate(b.raw.buf, b.raw.len, 0, &z, &err) != 0 ||
		   attack_write_file(argv[1], z.buf, z.len, &err) != 0) {
		goto out;
	}
	printf("%u records\n", fc_wire_batch_count(&b.raw));
	ret = 0;
out:
	if (ret != 0)
		attack_fail(&err);
	fc_store_close(st);
	fc_buf_release(&b.raw);
	fc_buf_release(&z);
	return ret;
}

static int
attack_bomb(int argc, char **argv)
{
	struct fc_error err = {0};
	unsigned char zero[65536] = {0}, out[65536];
	struct fc_buf z = FC_BUF_INIT;
	z_stream zs;
	long mib;
	int ret = 1;

	if (argc != 3)
		return attack_usage();
	mib = strtol(argv[2], NULL, 10);
	memset(&zs, 0, sizeof zs);
	if (deflateInit(&zs, 9) != Z_OK)
		return 1;
	for (long i = 0; i < mib * 16; i++) {
		zs.next_in = zero;
		zs.avail_in = sizeof zero;
		do {
			zs.next_out = out;
			zs.avail_out = sizeof out;
			deflate(&zs, i + 1 == mib * 16 ? Z_FINISH : Z_NO_FLUSH);
			if (fc_buf_add(&z, out, sizeof out - zs.avail_out, &err) != 0)
				goto done;
		} while (zs.avail_out == 0);
	}
	ret = attack_write_file(argv[1], z.buf, z.len, &err) == 0 ? 0 : 1;
	if (ret == 0)
		printf("%zu bytes inflate to %ld MiB\n", z.len, mib);
done:
	deflateEnd(&zs);
	fc_buf_release(&z);
	return ret;
}

static int
attack_claim(int argc, char **argv)
{
	struct fc_buf raw = FC_BUF_INIT, z = FC_BUF_INIT;
	struct fc_error err = {0};
	unsigned char n[4];
	unsigned long count;
	int ret = 1;

	if (argc != 3)
		return attack_usage();
	count = strtoul(argv[2], NULL, 10);
	n[0] = (unsigned char)(count >> 24);
	n[1] = (unsigned char)(count >> 16);
	n[2] = (unsigned char)(count >> 8);
	n[3] = (unsigned char)count;
	if (fc_buf_add(&raw, FC_BATCH_MAGIC, 4, &err) == 0 && fc_buf_add(&raw, n, 4, &err) == 0 &&
	    fc_wire_deflate(raw.buf, raw.len, 0, &z, &err) == 0 &&
	    attack_write_file(argv[1], z.buf, z.len, &err) == 0)
		ret = 0;
	else
		attack_fail(&err);
	fc_buf_release(&raw);
	fc_buf_release(&z);
	return ret;
}

static int
attack_connect(unsigned short port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* Another loopback address (127.0.0.2) is another client to a per-IP limit. */
	const char *from = getenv("FC_ATTACK_FROM");
	if (from != NULL) {
		struct sockaddr_in me;

		memset(&me, 0, sizeof me);
		me.sin_family = AF_INET;
		if (inet_pton(AF_INET, from, &me.sin_addr) != 1 ||
		    bind(fd, (struct sockaddr *)&me, sizeof me) != 0) {
			close(fd);
			return -1;
		}
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Whether the server has closed fd (EOF or an error on a read). */
static int
attack_closed(int fd)
{
	struct pollfd p = {fd, POLLIN, 0};
	char c[256];

	if (poll(&p, 1, 0) <= 0)
		return 0;
	return read(fd, c, sizeof c) <= 0;
}

/*
 * Open n connections to port that each send start, then one more byte (drip)
 * a second for secs; print "open K of N", those the server still kept.
 */
static int
attack_trickle(const char *port, const char *n_arg, const char *secs_arg, const char *start,
	       char drip)
{
	long n = strtol(n_arg, NULL, 10), secs = strtol(secs_arg, NULL, 10), open_count = 0,
	     made = 0;
	int *fds = calloc((size_t)(n > 0 ? n : 1), sizeof *fds);

	if (fds == NULL)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	for (long i = 0; i < n; i++) {
		fds[i] = attack_connect((unsigned short)strtoul(port, NULL, 10));
		if (fds[i] >= 0 && write(fds[i], start, strlen(start)) > 0)
			made++;
	}
	printf("connected %ld of %ld\n", made, n);
	fflush(stdout);
	for (long s = 0; s < secs; s++) {
		sleep(1);
		for (long i = 0; i < n; i++)
			if (fds[i] >= 0 &&
			    (attack_closed(fds[i]) || write(fds[i], &drip, 1) != 1)) {
				close(fds[i]);
				fds[i] = -1;
			}
	}
	for (long i = 0; i < n; i++) {
		if (fds[i] >= 0) {
			open_count++;
			close(fds[i]);
		}
	}
	printf("open %ld of %ld\n", open_count, n);
	free(fds);
	return 0;
}

/* Headers never complete: a request line, then a header's bytes one by one. */
static int
attack_slow(int argc, char **argv)
{
	if (argc != 4)
		return attack_usage();
	return attack_trickle(argv[1], argv[2], argv[3],
			      "POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\n", 'X');
}

/* Headers complete, a body of 4000 bytes announced and sent a byte at a time. */
static int
attack_slowbody(int argc, char **argv)
{
	char start[512];

	if (argc != 5)
		return attack_usage();
	snprintf(start, sizeof start,
		 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
		 "Content-Length: 4000\r\n\r\n{",
		 argv[4]);
	return attack_trickle(argv[1], argv[2], argv[3], start, ' ');
}

/* Push what fd takes now of left bytes without blocking; returns bytes sent or -1. */
static long long
attack_push(int fd, long long left)
{
	static char chunk[65536];
	long long sent = 0;

	while (left > 0) {
		ssize_t w =
		    send(fd, chunk, left < (long long)sizeof chunk ? (size_t)left : sizeof chunk,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? sent : -1;
		sent += w;
		left -= w;
	}
	return sent;
}

static int
attack_holdbody(int argc, char **argv)
{
	const long long body = 8LL * 1024 * 1024 - 1;
	long n, secs, open_count = 0;
	long long total = 0, *left;
	char head[1024], sig[129];
	int *fds;

	if (argc != 6)
		return attack_usage();
	n = strtol(argv[2], NULL, 10);
	secs = strtol(argv[3], NULL, 10);
	fds = calloc((size_t)(n > 0 ? n : 1), sizeof *fds);
	left = calloc((size_t)(n > 0 ? n : 1), sizeof *left);
	if (fds == NULL || left == NULL)
		return 1;
	memset(sig, '0', 128);
	sig[128] = '\0';
	signal(SIGPIPE, SIG_IGN);
	for (long i = 0; i < n; i++) {
		char nonce[FC_NONCE_HEX];

		fc_wire_nonce(nonce);
		snprintf(head, sizeof head,
			 "POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
			 "application/x-fieldcheck-batch\r\nContent-Length: %lld\r\n%s: %s\r\n"
			 "%s: %s\r\n%s: %lld\r\n%s: %s\r\n%s: %s\r\n%s\r\n",
			 body, FC_HDR_INSPECTOR, argv[5], FC_HDR_DEVICE, argv[4], FC_HDR_TIME,
			 (long long)time(NULL), FC_HDR_NONCE, nonce, FC_HDR_SIGNATURE, sig,
			 i % 2 == 0 ? "X-FC-Body-Hash: "
				      "00000000000000000000000000000000000000000000000000000000"
				      "00000000\r\n"
				    : "");
		fds[i] = attack_connect((unsigned short)strtoul(argv[1], NULL, 10));
		left[i] = body;
		if (fds[i] >= 0 && write(fds[i], head, strlen(head)) < 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
	for (long s = 0; s <= secs; s++) {
		for (long i = 0; i < n; i++) {
			long long w = fds[i] >= 0 ? attack_push(fds[i], left[i]) : 0;
			if (w < 0 || (fds[i] >= 0 && attack_closed(fds[i]))) {
				close(fds[i]);
				fds[i] = -1;
			} else if (w > 0) {
				left[i] -= w;
				total += w;
			}
		}
		if (s < secs)
			sleep(1);
	}
	for (long i = 0; i < n; i++) {
		if (fds[i] >= 0) {
			open_count++;
			close(fds[i]);
		}
	}
	printf("open %ld of %ld, sent %lld KiB\n", open_count, n, total / 1024);
	free(fds);
	free(left);
	return 0;
}

static int
attack_stall(int argc, char **argv)
{
	char body[1000], head[1024], nonce[80], sig[FC_SIG_HEX], bhash[FC_HASH_HEX];
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	long secs, s;
	int fd;

	if (argc != 3 && !(argc == 5 && strcmp(argv[3], "--home") == 0))
		return attack_usage();
	secs = strtol(argv[2], NULL, 10);
	if (attack_unlock(argc == 5 ? argv[4] : NULL, &key, &err) != 0)
		return attack_fail(&err);
	memset(body, 'x', sizeof body);
	int64_t now = (int64_t)time(NULL);
	fc_wire_nonce(nonce);
	if (fc_wire_sign_request(key->sk, "POST", "/v1/records", now, nonce, body, sizeof body, sig,
				 &err) != 0) {
		fc_key_free(key);
		return attack_fail(&err);
	}
	fc_wire_body_hash(body, sizeof body, bhash);
	snprintf(head, sizeof head,
		 "POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
		 "application/x-fieldcheck-batch\r\nContent-Length: %zu\r\n%s: %s\r\n%s: %s\r\n"
		 "%s: %lld\r\n%s: %s\r\n%s: %s\r\n%s: %s\r\n\r\n",
		 sizeof body, FC_HDR_INSPECTOR, key->id.inspector, FC_HDR_DEVICE, key->id.device,
		 FC_HDR_TIME, (long long)now, FC_HDR_NONCE, nonce, FC_HDR_SIGNATURE, sig,
		 FC_HDR_BODY_HASH, bhash);
	fc_key_free(key);
	signal(SIGPIPE, SIG_IGN);
	fd = attack_connect((unsigned short)strtoul(argv[1], NULL, 10));
	if (fd < 0 || write(fd, head, strlen(head)) < 0 || write(fd, body, 100) < 0) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "fc-attack: cannot connect or send\n");
		return 1;
	}
	for (s = 0; s < secs; s++) {
		struct pollfd p = {fd, POLLIN, 0};

		if (poll(&p, 1, 1000) > 0 && attack_closed(fd)) {
			printf("closed after %ld s\n", s + 1);
			close(fd);
			return 0;
		}
	}
	printf("open after %ld s\n", secs);
	close(fd);
	return 0;
}

static int
attack_bigpost(int argc, char **argv)
{
	char head[256], chunk[65536], reply[512];
	unsigned short port;
	long long want, sent = 0;
	ssize_t got;
	int fd;

	if (argc != 3)
		return attack_usage();
	port = (unsigned short)strtoul(argv[1], NULL, 10);
	want = strtoll(argv[2], NULL, 10) * 1024 * 1024;
	signal(SIGPIPE, SIG_IGN);
	fd = attack_connect(port);
	if (fd < 0) {
		fprintf(stderr, "fc-attack: cannot connect to port %u\n", port);
		return 1;
	}
	snprintf(head, sizeof head,
		 "POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
		 "application/x-fieldcheck-batch\r\nContent-Length: %lld\r\n\r\n",
		 want);
	if (write(fd, head, strlen(head)) < 0) {
		close(fd);
		return 1;
	}
	memset(chunk, 'A', sizeof chunk);
	while (sent < want) {
		size_t n =
		    want - sent < (long long)sizeof chunk ? (size_t)(want - sent) : sizeof chunk;
		ssize_t w = write(fd, chunk, n);

		if (w <= 0)
			break;
		sent += w;
	}
	got = read(fd, reply, sizeof reply - 1);
	reply[got > 0 ? got : 0] = '\0';
	reply[strcspn(reply, "\r\n")] = '\0';
	printf("sent %lld of %lld bytes; answer: %s\n", sent, want, reply);
	close(fd);
	return 0;
}

/* The modes, as the usage above lists them. */
static const struct attack_mode {
	const char *name;
	int (*run)(int argc, char **argv);
} attack_modes[] = {
    {"send", attack_send},	   {"batch", attack_batch},	{"bomb", attack_bomb},
    {"claim", attack_claim},	   {"slow", attack_slow},	{"slowbody", attack_slowbody},
    {"holdbody", attack_holdbody}, {"bigpost", attack_bigpost}, {"stall", attack_stall},
};

int
main(int argc, char **argv)
{
	const struct attack_mode *mode = NULL;
	int ret;

	for (size_t i = 0; argc >= 2 && i < sizeof attack_modes / sizeof attack_modes[0]; i++)
		if (strcmp(argv[1], attack_modes[i].name) == 0)
			mode = &attack_modes[i];
	if (mode == NULL)
		return attack_usage();
	if (sodium_init() < 0)
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	ret = mode->run(argc - 1, argv + 1);
	curl_global_cleanup();
	return ret;
}
