/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz-keyfile: the key file, read the way `fieldcheck` reads it.
 *
 * The input is written as the key file in a scratch directory, then read for
 * the identity and the PIN status and unlocked with a fixed PIN. The seeds
 * were made with the PIN "2468" at Argon2id's minimum cost, so unlocking
 * really opens them. A file asking for more than a small multiple of the
 * minimum cost is not unlocked here (the loader's own ceiling, 1 GiB, is for
 * real devices, not for thousands of runs a second); identity and status are
 * still read from it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/keyfile.h"

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEYFILE_FUZZ_NOW 1790000000 /* fixed, so lockout decisions repeat */

/* Whether the file's Argon2id cost is cheap enough to try a PIN against. */
static int
keyfile_cheap(const uint8_t *data, size_t size)
{
	json_t *o = json_loadb((const char *)data, size, 0, NULL);
	json_t *kdf = json_object_get(o, "kdf");
	json_int_t ops = json_integer_value(json_object_get(kdf, "ops"));
	json_int_t mem = json_integer_value(json_object_get(kdf, "mem"));
	int cheap = o != NULL && ops <= (json_int_t)crypto_pwhash_OPSLIMIT_MIN * 2 &&
		    mem <= (json_int_t)crypto_pwhash_MEMLIMIT_MIN * 4;

	json_decref(o);
	return cheap;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_identity id;
	struct fc_pin_status status;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	char path[600];

	snprintf(path, sizeof path, "%s/key.json", fuzz_scratch_dir());
	fuzz_write_file(path, data, size);

	if (fc_keyfile_identity(path, &id, &err) == 0) {
		if (strnlen(id.inspector, sizeof id.inspector) == sizeof id.inspector ||
		    strnlen(id.name, sizeof id.name) == sizeof id.name ||
		    strnlen(id.device, sizeof id.device) == sizeof id.device)
			abort();
	}
	(void)fc_keyfile_status(path, &status, &err);
	if (!keyfile_cheap(data, size))
		return 0;
	if (fc_keyfile_unlock(path, "2468", KEYFILE_FUZZ_NOW, &key, &status, &err) == 0) {
		struct fc_signer signer;
		unsigned char sig[FC_SIG_BYTES];

		/* An unlocked key must be the key the file names. */
		fc_key_signer(key, &signer);
		if (fc_sign_body(signer.sk, "x", 1, sig, &err) != 0 ||
		    fc_sign_check(key->id.pk, "x", 1, sig) != 0)
			abort();
		fc_key_free(key);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	return 0;
}
