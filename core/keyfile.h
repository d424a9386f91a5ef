/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keyfile.h: the inspector's signing key on this device.
 *
 * One JSON file in the home holds the identity (inspector, name, device id,
 * public key) in clear and the 64-byte secret key sealed with
 * crypto_secretbox under a key derived from the PIN with Argon2id. The file
 * also counts consecutive wrong PINs and the time the key stays locked, so the
 * lockout survives a restart; a tag ties that state to the sealed box, so an
 * edited count reads as the longest lock rather than none. Unsealed keys live only in
 * sodium_malloc() memory and are wiped when freed; nothing here ever writes them to disk.
 */
#ifndef FC_KEYFILE_H
#define FC_KEYFILE_H

#include <time.h>

#include "error.h"
#include "ids.h"
#include "record.h"
#include "sign.h"

#define FC_PIN_MIN 6 /* digits, for a new PIN (core/pin.h); an old key keeps its PIN */
#define FC_PIN_MAX 64

struct fc_identity {
	char inspector[FC_ID_MAX];
	char name[FC_NAME_MAX];
	char device[FC_DEVICE_ID_LEN + 1];
	unsigned char pk[FC_PK_BYTES];
};

/* An unlocked key. The secret key is in sodium_malloc() memory. */
struct fc_key {
	struct fc_identity id;
	unsigned char *sk; /* FC_SK_BYTES, guarded; owned */
};

struct fc_pin_status {
	int failures;	     /* consecutive wrong PINs */
	time_t locked_until; /* 0, or the time before which no PIN is tried */
};

/*
 * Argon2id cost; fc_keyfile_create(NULL) uses these defaults, chosen from a
 * measurement (docs/record-format.md, "What a stolen device still allows"): 3 passes
 * over 64 MiB take about 0.2 s on an x86 server core and about 0.75 s under
 * qemu-user emulating aarch64 (an emulator figure, not a handheld's), so an
 * unlock stays under a second and each offline guess costs the same.
 * `fieldcheck init --kdf OPS:MIB` chooses another cost within FC_KDF_*.
 */
#define FC_KDF_DEFAULT_OPS 3
#define FC_KDF_DEFAULT_MIB 64
#define FC_KDF_OPS_MIN 1
#define FC_KDF_OPS_MAX 16
#define FC_KDF_MIB_MIN 8
#define FC_KDF_MIB_MAX 1024
struct fc_kdf_cost {
	unsigned long long ops;
	size_t mem;
};

/*
 * Make a new key pair and device id, seal the secret under pin and write path
 * (mode 0600, atomically). Fails with FC_E_EXISTS if path exists.
 */
int fc_keyfile_create(const char *path, const char *inspector, const char *name, const char *pin,
		      const struct fc_kdf_cost *cost, struct fc_identity *out,
		      struct fc_error *err);

/* Read the identity without a PIN. */
int fc_keyfile_identity(const char *path, struct fc_identity *out, struct fc_error *err);

/* Wrong-PIN count and lockout as stored. */
int fc_keyfile_status(const char *path, struct fc_pin_status *out, struct fc_error *err);

/*
 * Unseal with pin at time now. On success the failure count is reset and *out
 * is the key (free with fc_key_free()). A wrong PIN is counted in the file and
 * fails with FC_E_PIN ("wrong PIN (2 of 3 before a lockout)"); while locked,
 * no PIN is tried and it fails with FC_E_LOCKED naming the seconds left. An
 * empty PIN is no attempt: FC_E_USAGE, and the count is left as it was.
 * *status (if not NULL) gets the state after the attempt.
 */
int fc_keyfile_unlock(const char *path, const char *pin, time_t now, struct fc_key **out,
		      struct fc_pin_status *status, struct fc_error *err);

/* Lockout after the given number of consecutive failures, in seconds (0 = none). */
long fc_keyfile_lock_seconds(int failures);

/* Wipe and free; NULL does nothing. */
void fc_key_free(struct fc_key *key);

/* A signer view of key (borrows key's memory). */
void fc_key_signer(const struct fc_key *key, struct fc_signer *out);

#endif
