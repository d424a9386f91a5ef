/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keyfile.c: the inspector's signing key on this device, sealed under the PIN.
 *
 * The key file is JSON (docs/record-format.md): identity and public key in
 * clear; the 64-byte Ed25519 secret key sealed with crypto_secretbox under a
 * key that Argon2id (crypto_pwhash) derives from the PIN and a random salt;
 * and the wrong-PIN counter with the time the key stays locked. Every change
 * is written to a temporary file, synced and renamed over the old one, so a
 * flat battery leaves either the old file or the new one, never half of each.
 *
 * An attempt is counted BEFORE Argon2id runs and cleared only when the PIN
 * was right, so killing the program mid-attempt does not buy free guesses;
 * and the lock is checked before Argon2id, so a locked key costs nothing to
 * refuse. The PIN-derived key and the unsealed secret key live only in
 * sodium_malloc() memory and are wiped when freed; nothing here writes them.
 */
#include <libintl.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "file.h"
#include "ids.h"
#include "keyfile.h"
#include "textfile.h"
#include "pin.h"

#define _(s) gettext(s)

#define KEYFILE_FORMAT 1
#define KEYFILE_FREE_TRIES 3  /* wrong PINs before the first lock */
#define KEYFILE_FIRST_LOCK 30 /* seconds, doubling per further failure */
#define KEYFILE_MAX_LOCK 3600 /* a forgotten PIN is a supervisor's job, not a wait */
/* A state whose tag does not match counts as this many failures: the longest lock. */
#define KEYFILE_EDITED_FAILURES 10
#define KEYFILE_KEY_BYTES crypto_secretbox_KEYBYTES
/* Refuse a file that asks for absurd Argon2id memory (a tampered file could OOM us). */
#define KEYFILE_MAX_MEM ((size_t)1 << 30)

long
fc_keyfile_lock_seconds(int failures)
{
	long secs = KEYFILE_FIRST_LOCK;

	/*
	 * Three tries forgive a mistyped PIN on a small keyboard; after that a
	 * doubling delay makes guessing a 4-digit PIN take months, while the
	 * cap keeps an inspector who finally remembers from waiting all day.
	 */
	if (failures < KEYFILE_FREE_TRIES)
		return 0;
	for (int i = KEYFILE_FREE_TRIES; i < failures && secs < KEYFILE_MAX_LOCK; i++)
		secs *= 2;
	return secs < KEYFILE_MAX_LOCK ? secs : KEYFILE_MAX_LOCK;
}

/* Read and parse path; FC_E_NOTFOUND when it does not exist. *out new ref. */
static int
keyfile_read(const char *path, json_t **out, struct fc_error *err)
{
	json_error_t jerr;
	char why[256];
	struct stat sb;
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		if (errno == ENOENT)
			return fc_error_set(
			    err, FC_E_NOTFOUND,
			    _("%s: no signing key on this device; run fieldcheck init"), path);
		return fc_error_set(err, FC_E_IO, _("cannot read %s: %s"), path, strerror(errno));
	}
	/* A directory opens, and would read as JSON cut short. */
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(f);
		return fc_error_set(err, FC_E_IO, _("cannot read %s: %s"), path, strerror(EISDIR));
	}
	*out = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	if (*out == NULL)
		return fc_error_set(err, FC_E_INVALID, _("%s:%d: not a valid key file: %s"), path,
				    jerr.line, fc_json_why(&jerr, why, sizeof why));
	json_int_t format = json_integer_value(json_object_get(*out, "format"));

	if (!json_is_object(*out) || format != KEYFILE_FORMAT) {
		json_decref(*out);
		*out = NULL;
		/* A later format is a later fieldcheck's key: upgrading reads it, nothing else
		 * does. */
		if (format > KEYFILE_FORMAT)
			return fc_error_set(err, FC_E_INVALID,
					    _("%s: key file format %lld is from a newer fieldcheck "
					      "(this one reads format %d); upgrade fieldcheck"),
					    path, (long long)format, KEYFILE_FORMAT);
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: not a fieldcheck key file (format %d)"), path,
				    KEYFILE_FORMAT);
	}
	return 0;
}

/*
 * Write obj to path atomically with mode 0600. With exclusive, fail with
 * FC_E_EXISTS rather than replace an existing file (fc_file_replace()).
 */
static int
keyfile_write(const char *path, json_t *obj, int exclusive, struct fc_error *err)
{
	char *text = json_dumps(obj, JSON_INDENT(2));
	size_t len;
	int ret;

	if (text == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory writing %s"), path);
	/* json_dumps leaves room for nothing: the newline replaces its NUL. */
	len = strlen(text);
	text[len] = '\n';
	ret = fc_file_replace_data(path, FC_FILE_PRIVATE | (exclusive ? FC_FILE_EXCLUSIVE : 0),
				   text, len + 1, err);
	free(text);
	if (ret != 0 && err != NULL && err->code == FC_E_EXISTS)
		fc_error_set(err, FC_E_EXISTS,
			     _("%s: this device already has a key; nothing was changed"), path);
	/*
	 * Every unlock counts the attempt in this file before trying the PIN, so
	 * on a full disk no key opens: fc_file_replace() says so in the words the
	 * store uses.
	 */
	return ret;
}

static int
keyfile_set_hex(json_t *o, const char *key, const unsigned char *bytes, size_t len)
{
	char *hex = malloc(2 * len + 1);
	int ret;

	if (hex == NULL)
		return -1;
	fc_hex_encode(bytes, len, hex);
	ret = json_object_set_new(o, key, json_string(hex));
	free(hex);
	return ret;
}

/* Decode member key of o, exactly len bytes of hex. */
static int
keyfile_get_hex(json_t *o, const char *key, unsigned char *out, size_t len)
{
	const char *hex = json_string_value(json_object_get(o, key));

	if (hex == NULL || strlen(hex) != 2 * len)
		return -1;
	return fc_hex_decode(hex, out, len);
}

static int
keyfile_get_identity(const char *path, json_t *o, struct fc_identity *out, struct fc_error *err)
{
	const char *inspector = json_string_value(json_object_get(o, "inspector"));
	const char *name = json_string_value(json_object_get(o, "name"));
	const char *device = json_string_value(json_object_get(o, "device"));

	memset(out, 0, sizeof *out);
	if (inspector == NULL || strlen(inspector) >= sizeof out->inspector || inspector[0] == 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: \"inspector\" is missing or too long"), path);
	if (name == NULL || strlen(name) >= sizeof out->name)
		return fc_error_set(err, FC_E_INVALID, _("%s: \"name\" is missing or too long"),
				    path);
	if (device == NULL || !fc_record_device_ok(device))
		return fc_error_set(err, FC_E_INVALID, _("%s: \"device\" is not %d hex digits"),
				    path, FC_DEVICE_ID_LEN);
	if (keyfile_get_hex(o, "public_key", out->pk, FC_PK_BYTES) != 0)
		return fc_error_set(err, FC_E_INVALID, _("%s: \"public_key\" is not %d hex digits"),
				    path, 2 * FC_PK_BYTES);
	snprintf(out->inspector, sizeof out->inspector, "%s", inspector);
	snprintf(out->name, sizeof out->name, "%s", name);
	snprintf(out->device, sizeof out->device, "%s", device);
	return 0;
}

/*
 * The tag that binds the wrong-PIN state to this file's sealed box: BLAKE2b
 * keyed by a hash of the salt, nonce and box, over the count and the lock
 * time. It needs no secret, so it is not a cryptographic lock: it makes an
 * edit of the count with a text editor show, and it cannot be carried to
 * another sealed box. Whoever writes code to recompute it can as well search
 * PINs offline, which only the Argon2id cost slows (docs/record-format.md).
 */
static int
keyfile_state_tag(json_t *o, const struct fc_pin_status *st, char hex[65])
{
	static const char domain[] = "fieldcheck pin state 1";
	const char *parts[] = {
	    json_string_value(json_object_get(json_object_get(o, "kdf"), "salt")),
	    json_string_value(json_object_get(json_object_get(o, "sealed_key"), "nonce")),
	    json_string_value(json_object_get(json_object_get(o, "sealed_key"), "box")),
	};
	unsigned char key[crypto_generichash_KEYBYTES], tag[32];
	crypto_generichash_state h;
	char msg[64];

	crypto_generichash_init(&h, NULL, 0, sizeof key);
	crypto_generichash_update(&h, (const unsigned char *)domain, sizeof domain);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i] == NULL)
			return -1;
		crypto_generichash_update(&h, (const unsigned char *)parts[i],
					  strlen(parts[i]) + 1);
	}
	crypto_generichash_final(&h, key, sizeof key);
	snprintf(msg, sizeof msg, "%d %lld", st->failures, (long long)st->locked_until);
	crypto_generichash(tag, sizeof tag, (const unsigned char *)msg, strlen(msg), key,
			   sizeof key);
	fc_hex_encode(tag, sizeof tag, hex);
	return 0;
}

/*
 * The stored state; 1 when its tag does not match (the count or the lock was
 * edited, or the file predates the tag): then the state is as bad as the
 * policy gets, a lock far ahead that fc_keyfile_unlock() cuts to the longest
 * lock from now.
 */
static int
keyfile_get_status(json_t *o, struct fc_pin_status *out)
{
	json_int_t f = json_integer_value(json_object_get(o, "failures"));
	const char *tag = json_string_value(json_object_get(o, "pin_state_tag"));
	char want[65];

	out->failures = f < 0 ? 0 : f > 1000000 ? 1000000 : (int)f;
	out->locked_until = (time_t)json_integer_value(json_object_get(o, "locked_until"));
	if (tag != NULL && strlen(tag) == 64 && keyfile_state_tag(o, out, want) == 0 &&
	    sodium_memcmp(tag, want, 64) == 0)
		return 0;
	if (out->failures < KEYFILE_EDITED_FAILURES)
		out->failures = KEYFILE_EDITED_FAILURES;
	out->locked_until = (time_t)1 << 40;
	return 1;
}

static int
keyfile_put_status(json_t *o, const struct fc_pin_status *st)
{
	char tag[65];

	if (keyfile_state_tag(o, st, tag) != 0 ||
	    json_object_set_new(o, "failures", json_integer(st->failures)) != 0 ||
	    json_object_set_new(o, "locked_until", json_integer((json_int_t)st->locked_until)) !=
		0 ||
	    json_object_set_new(o, "pin_state_tag", json_string(tag)) != 0)
		return -1;
	return 0;
}

/* The checks before anything is made: when one fails, nothing is written. */
static int
keyfile_create_check(const char *path, const char *inspector, const char *name, const char *pin,
		     struct fc_error *err)
{
	if (fc_sign_init(err) != 0 || fc_id_check_inspector(inspector, err) != 0 ||
	    fc_id_check_name(name, err) != 0)
		return -1;
	if (fc_pin_check(pin, err) != 0)
		return -1;
	if (access(path, F_OK) == 0)
		return fc_error_set(err, FC_E_EXISTS,
				    _("%s: this device already has a key; nothing was changed"),
				    path);
	return 0;
}

/* What the file keeps of a new key besides the identity: the secret half sealed by the PIN. */
struct keyfile_sealed {
	unsigned long long ops; /* Argon2id cost the PIN is stretched with */
	size_t mem;
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char boxed[crypto_secretbox_MACBYTES + FC_SK_BYTES];
};

/*
 * Make the key pair (the public half into id->pk) and seal the secret half
 * with a key stretched from the PIN. The secret key and the PIN's key live
 * only in guarded memory inside this function and are wiped on every path out.
 */
static int
keyfile_seal_new(const char *pin, struct fc_identity *id, struct keyfile_sealed *s,
		 struct fc_error *err)
{
	unsigned char *sk = sodium_malloc(FC_SK_BYTES);
	unsigned char *kek = sodium_malloc(KEYFILE_KEY_BYTES);
	int ret = -1;

	if (sk == NULL || kek == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory making a key"));
		goto out;
	}
	crypto_sign_keypair(id->pk, sk);
	randombytes_buf(s->salt, sizeof s->salt);
	randombytes_buf(s->nonce, sizeof s->nonce);
	if (crypto_pwhash(kek, KEYFILE_KEY_BYTES, pin, strlen(pin), s->salt, s->ops, s->mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		fc_error_set(err, FC_E_NOMEM, _("not enough memory to derive a key from the PIN"));
		goto out;
	}
	crypto_secretbox_easy(s->boxed, sk, FC_SK_BYTES, s->nonce, kek);
	ret = 0;
out:
	sodium_free(sk);
	sodium_free(kek);
	return ret;
}

/* The file's JSON: identity, KDF parameters, sealed key and a clean wrong-PIN state; NULL on
 * failure. */
static json_t *
keyfile_json(const struct fc_identity *id, const struct keyfile_sealed *s)
{
	struct fc_pin_status none = {0, 0};
	json_t *o = json_object(), *kdf = json_object(), *sealed = json_object();

	if (o == NULL || kdf == NULL || sealed == NULL ||
	    json_object_set_new(o, "format", json_integer(KEYFILE_FORMAT)) != 0 ||
	    json_object_set_new(o, "inspector", json_string(id->inspector)) != 0 ||
	    json_object_set_new(o, "name", json_string(id->name)) != 0 ||
	    json_object_set_new(o, "device", json_string(id->device)) != 0 ||
	    keyfile_set_hex(o, "public_key", id->pk, FC_PK_BYTES) != 0 ||
	    json_object_set_new(kdf, "alg", json_string("argon2id13")) != 0 ||
	    json_object_set_new(kdf, "ops", json_integer((json_int_t)s->ops)) != 0 ||
	    json_object_set_new(kdf, "mem", json_integer((json_int_t)s->mem)) != 0 ||
	    keyfile_set_hex(kdf, "salt", s->salt, sizeof s->salt) != 0 ||
	    keyfile_set_hex(sealed, "nonce", s->nonce, sizeof s->nonce) != 0 ||
	    keyfile_set_hex(sealed, "box", s->boxed, sizeof s->boxed) != 0 ||
	    json_object_set(o, "kdf", kdf) != 0 || json_object_set(o, "sealed_key", sealed) != 0 ||
	    keyfile_put_status(o, &none) != 0) {
		json_decref(o);
		o = NULL;
	}
	json_decref(kdf);
	json_decref(sealed);
	return o;
}

int
fc_keyfile_create(const char *path, const char *inspector, const char *name, const char *pin,
		  const struct fc_kdf_cost *cost, struct fc_identity *out, struct fc_error *err)
{
	struct keyfile_sealed sealed = {
	    .ops = cost != NULL ? cost->ops : FC_KDF_DEFAULT_OPS,
	    .mem = cost != NULL ? cost->mem : (size_t)FC_KDF_DEFAULT_MIB << 20,
	};
	unsigned char devbytes[FC_DEVICE_ID_LEN / 2];
	struct fc_identity id;
	json_t *o;
	int ret;

	if (keyfile_create_check(path, inspector, name, pin, err) != 0)
		return -1;
	memset(&id, 0, sizeof id);
	snprintf(id.inspector, sizeof id.inspector, "%s", inspector);
	snprintf(id.name, sizeof id.name, "%s", name);
	randombytes_buf(devbytes, sizeof devbytes);
	fc_hex_encode(devbytes, sizeof devbytes, id.device);
	if (keyfile_seal_new(pin, &id, &sealed, err) != 0)
		return -1;
	/* json_string() refuses invalid UTF-8 as well as failing on OOM. */
	if ((o = keyfile_json(&id, &sealed)) == NULL)
		return fc_error_set(err, FC_E_INVALID,
				    _("inspector id and name must be UTF-8 text"));
	ret = keyfile_write(path, o, 1, err);
	json_decref(o);
	if (ret == 0 && out != NULL)
		*out = id;
	return ret;
}

int
fc_keyfile_identity(const char *path, struct fc_identity *out, struct fc_error *err)
{
	json_t *o = NULL;
	int ret;

	if (keyfile_read(path, &o, err) != 0)
		return -1;
	ret = keyfile_get_identity(path, o, out, err);
	json_decref(o);
	return ret;
}

int
fc_keyfile_status(const char *path, struct fc_pin_status *out, struct fc_error *err)
{
	json_t *o = NULL;

	if (keyfile_read(path, &o, err) != 0)
		return -1;
	/* An edited state reads as the longest lock from now, as unlocking makes it. */
	if (keyfile_get_status(o, out) != 0)
		out->locked_until = time(NULL) + fc_keyfile_lock_seconds(out->failures);
	json_decref(o);
	return 0;
}

/* Unseal the secret key into sk (sodium_malloc'd by the caller). */
static int
keyfile_open_box(const char *path, json_t *o, const char *pin, unsigned char *sk,
		 struct fc_error *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char boxed[crypto_secretbox_MACBYTES + FC_SK_BYTES];
	json_t *kdf = json_object_get(o, "kdf");
	json_t *sealed = json_object_get(o, "sealed_key");
	json_int_t ops = json_integer_value(json_object_get(kdf, "ops"));
	json_int_t mem = json_integer_value(json_object_get(kdf, "mem"));
	const char *alg = json_string_value(json_object_get(kdf, "alg"));
	unsigned char *kek = NULL;
	int ret = -1;

	if (alg == NULL || strcmp(alg, "argon2id13") != 0 ||
	    ops < (json_int_t)crypto_pwhash_OPSLIMIT_MIN ||
	    ops > (json_int_t)crypto_pwhash_OPSLIMIT_SENSITIVE * 4 ||
	    mem < (json_int_t)crypto_pwhash_MEMLIMIT_MIN || (size_t)mem > KEYFILE_MAX_MEM ||
	    keyfile_get_hex(kdf, "salt", salt, sizeof salt) != 0 ||
	    keyfile_get_hex(sealed, "nonce", nonce, sizeof nonce) != 0 ||
	    keyfile_get_hex(sealed, "box", boxed, sizeof boxed) != 0)
		return fc_error_set(err, FC_E_INVALID, _("%s: the sealed key is damaged"), path);
	kek = sodium_malloc(KEYFILE_KEY_BYTES);
	if (kek == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory unlocking the key"));
	if (crypto_pwhash(kek, KEYFILE_KEY_BYTES, pin, strlen(pin), salt, (unsigned long long)ops,
			  (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		fc_error_set(err, FC_E_NOMEM, _("not enough memory to derive a key from the PIN"));
		goto out;
	}
	/* A wrong PIN gives a wrong key, and the MAC check refuses it. */
	if (crypto_secretbox_open_easy(sk, boxed, sizeof boxed, nonce, kek) != 0) {
		ret = 1;
		goto out;
	}
	ret = 0;
out:
	sodium_free(kek);
	return ret;
}

static int
keyfile_locked_error(const struct fc_pin_status *st, time_t now, struct fc_error *err)
{
	long left = (long)(st->locked_until - now);

	/* Two sentences, not "second%s": a translation words each whole. */
	if (left == 1)
		return fc_error_set(
		    err, FC_E_LOCKED,
		    _("the key is locked after %d wrong PINs; try again in 1 second"),
		    st->failures);
	return fc_error_set(err, FC_E_LOCKED,
			    _("the key is locked after %d wrong PINs; try again in %ld seconds"),
			    st->failures, left);
}

/*
 * Refuse while the key is locked. A lock longer than the policy allows means
 * the clock went back (a handheld whose clock battery ran flat): restart the
 * lock from now rather than lock the inspector out for days. -1 while locked.
 */
static int
keyfile_check_lock(const char *path, json_t *o, struct fc_pin_status *st, int edited, time_t now,
		   struct fc_pin_status *status, struct fc_error *err)
{
	long lock = fc_keyfile_lock_seconds(st->failures);

	if (now >= st->locked_until)
		return 0;
	if (st->locked_until - now > lock) {
		st->locked_until = now + (lock > 0 ? lock : 1);
		if (keyfile_put_status(o, st) == 0)
			keyfile_write(path, o, 0, NULL);
		if (status != NULL)
			*status = *st;
	}
	if (edited)
		return fc_error_set(
		    err, FC_E_LOCKED,
		    _("%s: the wrong-PIN count was changed outside fieldcheck; the key "
		      "is locked for %ld seconds"),
		    path, (long)(st->locked_until - now));
	return keyfile_locked_error(st, now, err);
}

/*
 * Count the attempt before Argon2id runs, as if it failed: killing the
 * program mid-attempt must not buy a free guess. counted gets the state
 * written; *lock the lock a failure brings (0 for none yet).
 */
static int
keyfile_count_attempt(const char *path, json_t *o, const struct fc_pin_status *st, time_t now,
		      struct fc_pin_status *counted, long *lock, struct fc_error *err)
{
	counted->failures = st->failures + 1;
	*lock = fc_keyfile_lock_seconds(counted->failures);
	counted->locked_until = *lock > 0 ? now + *lock : 0;
	if (keyfile_put_status(o, counted) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory unlocking the key"));
	return keyfile_write(path, o, 0, err);
}

static int
keyfile_wrong_pin(const struct fc_pin_status *counted, long lock, struct fc_error *err)
{
	if (lock > 0)
		return fc_error_set(err, FC_E_PIN,
				    _("wrong PIN (%d in a row); the key is locked for %ld seconds"),
				    counted->failures, lock);
	return fc_error_set(err, FC_E_PIN, _("wrong PIN (%d of %d before a lockout)"),
			    counted->failures, KEYFILE_FREE_TRIES);
}

/* The right PIN: the file's public key must belong to the sealed key; then the count is cleared. */
static int
keyfile_unlocked(const char *path, json_t *o, const struct fc_key *key, struct fc_pin_status *st,
		 struct fc_error *err)
{
	unsigned char pk[FC_PK_BYTES];

	crypto_sign_ed25519_sk_to_pk(pk, key->sk);
	if (sodium_memcmp(pk, key->id.pk, FC_PK_BYTES) != 0)
		return fc_error_set(err, FC_E_INVALID,
				    _("%s: the public key does not match the sealed key"), path);
	st->failures = 0;
	st->locked_until = 0;
	if (keyfile_put_status(o, st) != 0)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory unlocking the key"));
	return keyfile_write(path, o, 0, err);
}

int
fc_keyfile_unlock(const char *path, const char *pin, time_t now, struct fc_key **out,
		  struct fc_pin_status *status, struct fc_error *err)
{
	struct fc_pin_status st = {0, 0};
	struct fc_pin_status counted;
	struct fc_key *key = NULL;
	json_t *o = NULL;
	long lock;
	int r, ret = -1;

	*out = NULL;
	if (fc_sign_init(err) != 0 || keyfile_read(path, &o, err) != 0)
		return -1;
	int edited = keyfile_get_status(o, &st);
	if (status != NULL)
		*status = st;
	if (keyfile_check_lock(path, o, &st, edited, now, status, err) != 0)
		goto out;
	/*
	 * An empty line is no guess (no key was ever sealed under an empty PIN):
	 * an Enter pressed by mistake, or a script's PIN variable left unset,
	 * must not count towards a lockout. The TUI never sends one.
	 */
	if (pin[0] == '\0') {
		fc_error_set(err, FC_E_USAGE,
			     _("no PIN given (an empty line); nothing was counted"));
		goto out;
	}
	key = calloc(1, sizeof *key);
	if (key == NULL || (key->sk = sodium_malloc(FC_SK_BYTES)) == NULL) {
		fc_error_set(err, FC_E_NOMEM, _("out of memory unlocking the key"));
		goto out;
	}
	if (keyfile_get_identity(path, o, &key->id, err) != 0 ||
	    keyfile_count_attempt(path, o, &st, now, &counted, &lock, err) != 0)
		goto out;
	if (status != NULL)
		*status = counted;
	r = keyfile_open_box(path, o, pin, key->sk, err);
	if (r > 0)
		keyfile_wrong_pin(&counted, lock, err);
	if (r != 0 || keyfile_unlocked(path, o, key, &st, err) != 0)
		goto out;
	if (status != NULL)
		*status = st;
	*out = key;
	key = NULL;
	ret = 0;
out:
	fc_key_free(key);
	json_decref(o);
	return ret;
}

void
fc_key_free(struct fc_key *key)
{
	if (key == NULL)
		return;
	sodium_free(key->sk); /* wipes before unmapping */
	free(key);
}

void
fc_key_signer(const struct fc_key *key, struct fc_signer *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->inspector, sizeof out->inspector, "%s", key->id.inspector);
	snprintf(out->device, sizeof out->device, "%s", key->id.device);
	out->sk = key->sk;
}
