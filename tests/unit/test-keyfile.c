/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/keyfile.c: the signing key is sealed under the PIN, wrong PINs are
 * counted in the key file so a lockout survives a restart, the lockout grows
 * after three free tries, and the secret key never reaches the disk in clear.
 * Argon2id runs at its minimum cost here so the tests stay fast; the cost is
 * a parameter and the code path is the same.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "core/keyfile.h"
#include "core/store.h"
#include "support.h"

#define NOW ((time_t)1700000000)

struct fixture {
	char dir[64];
	char key[128];
	struct fc_kdf_cost cost;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};

	if (fx == NULL || fc_sign_init(&err) != 0)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/fc-keyfile.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->key, sizeof fx->key, "%s/key.json", fx->dir);
	fx->cost.ops = crypto_pwhash_OPSLIMIT_MIN;
	fx->cost.mem = crypto_pwhash_MEMLIMIT_MIN;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	if (fc_test_rmtree(fx->dir) != 0)
		return -1;
	free(fx);
	return 0;
}

static void
create_key(struct fixture *fx, struct fc_identity *id)
{
	struct fc_error err = {0};

	if (fc_keyfile_create(fx->key, "I1", "张三", "246813", &fx->cost, id, &err) != 0)
		fail_msg("create: %s", err.msg);
}

static void
test_the_lockout_is_free_for_two_then_30_seconds_doubling_to_an_hour(void **state)
{
	(void)state;
	assert_int_equal(fc_keyfile_lock_seconds(0), 0);
	assert_int_equal(fc_keyfile_lock_seconds(1), 0);
	assert_int_equal(fc_keyfile_lock_seconds(2), 0);
	assert_int_equal(fc_keyfile_lock_seconds(3), 30);
	assert_int_equal(fc_keyfile_lock_seconds(4), 60);
	assert_int_equal(fc_keyfile_lock_seconds(5), 120);
	assert_int_equal(fc_keyfile_lock_seconds(9), 1920);
	assert_int_equal(fc_keyfile_lock_seconds(10), 3600); /* 3840 capped */
	assert_int_equal(fc_keyfile_lock_seconds(1000), 3600);
}

static void
test_create_writes_a_private_file_with_the_identity_in_clear(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity made, read;
	struct fc_error err = {0};
	struct stat sb;

	create_key(fx, &made);
	assert_int_equal(stat(fx->key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(strlen(made.device), 8);
	assert_int_equal(strspn(made.device, "0123456789abcdef"), 8);
	assert_int_equal(fc_keyfile_identity(fx->key, &read, &err), 0);
	assert_string_equal(read.inspector, "I1");
	assert_string_equal(read.name, "张三");
	assert_string_equal(read.device, made.device);
	assert_memory_equal(read.pk, made.pk, FC_PK_BYTES);

	/* Only the file itself: the temporary it was written through is gone. */
	DIR *d = opendir(fx->dir);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)) != NULL)
		files += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 1);
}

static void
test_create_never_replaces_an_existing_key(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id, again;
	struct fc_error err = {0};

	create_key(fx, &id);
	assert_int_equal(fc_keyfile_create(fx->key, "I2", "李四", "135782", &fx->cost, NULL, &err),
			 -1);
	assert_int_equal(err.code, FC_E_EXISTS);
	assert_non_null(strstr(err.msg, "this device already has a key; nothing was changed"));
	assert_int_equal(fc_keyfile_identity(fx->key, &again, &err), 0);
	assert_string_equal(again.inspector, "I1");
}

static void
test_create_refuses_a_pin_that_is_too_short(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};

	assert_int_equal(fc_keyfile_create(fx->key, "I1", "张三", "13579", &fx->cost, NULL, &err),
			 -1);
	assert_int_equal(err.code, FC_E_USAGE);
	assert_string_equal(err.msg, "the PIN must be 6 to 64 digits");
	assert_int_equal(access(fx->key, F_OK), -1);
	/* The policy's other refusals (core/pin.c) hold here too. */
	assert_int_equal(fc_keyfile_create(fx->key, "I1", "张三", "123456", &fx->cost, NULL, &err),
			 -1);
	assert_non_null(strstr(err.msg, "straight run"));
	assert_int_equal(fc_keyfile_create(fx->key, "I1", "张三", "000000", &fx->cost, NULL, &err),
			 -1);
	assert_non_null(strstr(err.msg, "repeats"));
	assert_int_equal(access(fx->key, F_OK), -1);
}

static void
test_the_right_pin_unlocks_a_key_that_signs_for_the_public_key(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	struct fc_signer signer;
	unsigned char sig[FC_SIG_BYTES];

	create_key(fx, &id);
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW, &key, NULL, &err), 0);
	assert_non_null(key);
	assert_string_equal(key->id.device, id.device);
	fc_key_signer(key, &signer);
	assert_string_equal(signer.inspector, "I1");
	assert_string_equal(signer.device, id.device);
	assert_int_equal(fc_sign_body(signer.sk, "{}", 2, sig, &err), 0);
	assert_int_equal(fc_sign_check(id.pk, "{}", 2, sig), 0);
	fc_key_free(key);
	fc_key_free(NULL);
}

static void
test_wrong_pins_are_counted_and_the_lockout_grows_across_restarts(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	struct fc_pin_status st;

	create_key(fx, &id);
	assert_int_equal(fc_keyfile_unlock(fx->key, "0000", NOW, &key, &st, &err), -1);
	assert_int_equal(err.code, FC_E_PIN);
	assert_string_equal(err.msg, "wrong PIN (1 of 3 before a lockout)");
	assert_int_equal(st.failures, 1);
	assert_int_equal(fc_keyfile_unlock(fx->key, "1111", NOW, &key, &st, &err), -1);
	assert_string_equal(err.msg, "wrong PIN (2 of 3 before a lockout)");
	assert_int_equal(fc_keyfile_unlock(fx->key, "2222", NOW, &key, &st, &err), -1);
	assert_int_equal(err.code, FC_E_PIN);
	assert_string_equal(err.msg, "wrong PIN (3 in a row); the key is locked for 30 seconds");
	assert_null(key);

	/* The count lives in the file: a new process sees the same lock. */
	assert_int_equal(fc_keyfile_status(fx->key, &st, &err), 0);
	assert_int_equal(st.failures, 3);
	assert_int_equal(st.locked_until, NOW + 30);

	/* While locked even the right PIN is not tried, and nothing is counted. */
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW + 10, &key, &st, &err), -1);
	assert_int_equal(err.code, FC_E_LOCKED);
	assert_string_equal(err.msg,
			    "the key is locked after 3 wrong PINs; try again in 20 seconds");
	assert_null(key);
	assert_int_equal(fc_keyfile_status(fx->key, &st, &err), 0);
	assert_int_equal(st.failures, 3);

	/* After the lock, one more wrong PIN doubles it. */
	assert_int_equal(fc_keyfile_unlock(fx->key, "9999", NOW + 30, &key, &st, &err), -1);
	assert_string_equal(err.msg, "wrong PIN (4 in a row); the key is locked for 60 seconds");
	assert_int_equal(fc_keyfile_status(fx->key, &st, &err), 0);
	assert_int_equal(st.failures, 4);
	assert_int_equal(st.locked_until, NOW + 90);

	/* The right PIN after the lock has run out unlocks and resets the count. */
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW + 90, &key, &st, &err), 0);
	assert_non_null(key);
	assert_int_equal(st.failures, 0);
	assert_int_equal(st.locked_until, 0);
	fc_key_free(key);
	assert_int_equal(fc_keyfile_status(fx->key, &st, &err), 0);
	assert_int_equal(st.failures, 0);
	assert_int_equal(st.locked_until, 0);
}

static void
test_a_locked_key_is_refused_before_any_key_derivation(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	json_error_t jerr;

	create_key(fx, &id);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fc_keyfile_unlock(fx->key, "0000", NOW, &key, NULL, &err), -1);
	/*
	 * The key is locked; now break its KDF parameters: if unlock derived a
	 * key before checking the lock, it would report the damage, not the lock.
	 */
	json_t *o = json_load_file(fx->key, 0, &jerr);
	assert_non_null(o);
	json_object_set_new(json_object_get(o, "kdf"), "mem", json_integer(1));
	assert_int_equal(json_dump_file(o, fx->key, 0), 0);
	json_decref(o);

	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW, &key, NULL, &err), -1);
	assert_int_equal(err.code, FC_E_LOCKED);
	assert_string_equal(err.msg,
			    "the key is locked after 3 wrong PINs; try again in 30 seconds");
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW + 30, &key, NULL, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_non_null(strstr(err.msg, "the sealed key is damaged"));
}

/* Set failures and locked_until in the file as a text editor would, tag untouched. */
static void
edit_state(const struct fixture *fx, int failures, long long locked_until, int drop_tag)
{
	json_error_t jerr;
	json_t *o = json_load_file(fx->key, 0, &jerr);

	assert_non_null(o);
	json_object_set_new(o, "failures", json_integer(failures));
	json_object_set_new(o, "locked_until", json_integer(locked_until));
	if (drop_tag)
		json_object_del(o, "pin_state_tag");
	assert_int_equal(json_dump_file(o, fx->key, 0), 0);
	json_decref(o);
}

static void
test_an_edited_wrong_pin_count_locks_for_the_longest_time(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	struct fc_pin_status st;

	create_key(fx, &id);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fc_keyfile_unlock(fx->key, "0000", NOW, &key, NULL, &err), -1);
	/* Reset by hand: the count no longer matches its tag, so it is an hour's lock. */
	edit_state(fx, 0, 0, 0);
	assert_int_equal(fc_keyfile_status(fx->key, &st, &err), 0);
	assert_true(st.failures >= 10);
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW, &key, &st, &err), -1);
	assert_int_equal(err.code, FC_E_LOCKED);
	assert_non_null(strstr(err.msg, "the wrong-PIN count was changed outside fieldcheck; the "
					"key is locked for 3600 seconds"));
	assert_int_equal(st.locked_until, NOW + 3600);
	/* The same without a tag at all. */
	edit_state(fx, 0, 0, 1);
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW, &key, &st, &err), -1);
	assert_int_equal(err.code, FC_E_LOCKED);
	/* After the hour the right PIN opens it, and the state is clean again. */
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW + 3600, &key, &st, &err), 0);
	fc_key_free(key);
	assert_int_equal(fc_keyfile_unlock(fx->key, "0000", NOW + 3601, &key, &st, &err), -1);
	assert_string_equal(err.msg, "wrong PIN (1 of 3 before a lockout)");
}

static void
test_a_missing_key_file_says_to_run_init(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};

	assert_int_equal(fc_keyfile_identity(fx->key, &id, &err), -1);
	assert_int_equal(err.code, FC_E_NOTFOUND);
	assert_non_null(strstr(err.msg, "no signing key on this device; run fieldcheck init"));
}

static void
test_a_clock_set_back_does_not_lengthen_the_lockout(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	struct fc_pin_status st;

	create_key(fx, &id);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fc_keyfile_unlock(fx->key, "0000", NOW, &key, NULL, &err), -1);
	/* The clock jumps a day back: the lock restarts at 30 s, not 86 430 s. */
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW - 86400, &key, &st, &err), -1);
	assert_int_equal(err.code, FC_E_LOCKED);
	assert_string_equal(err.msg,
			    "the key is locked after 3 wrong PINs; try again in 30 seconds");
	assert_int_equal(st.locked_until, NOW - 86400 + 30);
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW - 86400 + 30, &key, &st, &err),
			 0);
	fc_key_free(key);
}

static void
test_an_attempt_is_counted_before_the_key_is_derived(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	struct fc_pin_status st;
	json_error_t jerr;

	create_key(fx, &id);
	/*
	 * Make derivation fail: the count must already be on disk by then, as
	 * it would be if the program were killed while Argon2id ran.
	 */
	json_t *o = json_load_file(fx->key, 0, &jerr);
	assert_non_null(o);
	json_object_set_new(json_object_get(o, "kdf"), "mem", json_integer(1));
	assert_int_equal(json_dump_file(o, fx->key, 0), 0);
	json_decref(o);
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW, &key, NULL, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_int_equal(fc_keyfile_status(fx->key, &st, &err), 0);
	assert_int_equal(st.failures, 1);
}

/* 1 if needle[0..len) occurs anywhere in the file at path. */
static int
file_contains(const char *path, const unsigned char *needle, size_t len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t size = 0, cap = 0, n;
	int found = 0;

	assert_non_null(f);
	for (;;) {
		if (cap - size < 65536) {
			cap = cap * 2 + 65536;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		n = fread(data + size, 1, cap - size, f);
		if (n == 0)
			break;
		size += n;
	}
	fclose(f);
	for (size_t i = 0; i + len <= size && !found; i++)
		found = memcmp(data + i, needle, len) == 0;
	free(data);
	return found;
}

/*
 * Scan every regular file under dir for the key; returns how many files were
 * scanned, counts hits and keeps the last file that held the key in hit_path.
 */
static int
scan_dir(const char *dir, const unsigned char *sk, int *hits, char *hit_path, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;
	char path[512];
	struct stat sb;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		assert_int_equal(lstat(path, &sb), 0);
		if (S_ISDIR(sb.st_mode)) {
			files += scan_dir(path, sk, hits, hit_path, size);
			continue;
		}
		files++;
		/* The 32-byte seed, the whole 64-byte key, and the seed in hex. */
		char hex[2 * 32 + 1];
		fc_hex_encode(sk, 32, hex);
		if (file_contains(path, sk, 32) || file_contains(path, sk, FC_SK_BYTES) ||
		    file_contains(path, (const unsigned char *)hex, 64)) {
			snprintf(hit_path, size, "%s", path);
			(*hits)++;
		}
	}
	closedir(d);
	return files;
}

static void
test_the_secret_key_never_reaches_any_file_in_the_home(void **state)
{
	struct fixture *fx = *state;
	struct fc_identity id;
	struct fc_error err = {0};
	struct fc_key *key = NULL;
	struct fc_store *st = NULL;
	struct fc_signer signer;
	unsigned char sk[FC_SK_BYTES];
	char store[128];
	char hit[512] = "";
	int hits = 0;

	create_key(fx, &id);
	assert_int_equal(fc_keyfile_unlock(fx->key, "0000", NOW, &key, NULL, &err), -1);
	assert_int_equal(fc_keyfile_unlock(fx->key, "246813", NOW, &key, NULL, &err), 0);
	memcpy(sk, key->sk, FC_SK_BYTES);
	snprintf(store, sizeof store, "%s/store.db", fx->dir);
	assert_int_equal(fc_store_open(store, &st, &err), 0);
	assert_int_equal(fc_store_set_identity(st, &id, &err), 0);
	fc_key_signer(key, &signer);
	for (int i = 0; i < 20; i++) {
		struct fc_record_draft d = {
		    .type = FC_TYPE_VISIT, .household = "H1", .outcome = "nobody-home"};
		if (fc_store_add_record(st, &d, &signer, NULL, NULL, &err) != 0)
			fail_msg("add: %s", err.msg);
	}
	/* Scan while the store is open (WAL and shm present) and after closing. */
	assert_true(scan_dir(fx->dir, sk, &hits, hit, sizeof hit) >= 2);
	fc_store_close(st);
	fc_key_free(key);
	assert_true(scan_dir(fx->dir, sk, &hits, hit, sizeof hit) >= 2);
	if (hits != 0)
		fail_msg("secret key bytes found in %s", hit);

	/* The scan does find the key when it is there: the test can fail. */
	char leak[160];
	snprintf(leak, sizeof leak, "%s/leak.bin", fx->dir);
	FILE *f = fopen(leak, "wb");
	assert_non_null(f);
	fwrite("xx", 1, 2, f);
	fwrite(sk, 1, 32, f);
	fclose(f);
	scan_dir(fx->dir, sk, &hits, hit, sizeof hit);
	assert_int_equal(hits, 1);
	assert_string_equal(hit, leak);
	sodium_memzero(sk, sizeof sk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_lockout_is_free_for_two_then_30_seconds_doubling_to_an_hour),
	    cmocka_unit_test_setup_teardown(
		test_create_writes_a_private_file_with_the_identity_in_clear, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_never_replaces_an_existing_key, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_create_refuses_a_pin_that_is_too_short, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_the_right_pin_unlocks_a_key_that_signs_for_the_public_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_wrong_pins_are_counted_and_the_lockout_grows_across_restarts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_locked_key_is_refused_before_any_key_derivation,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_an_edited_wrong_pin_count_locks_for_the_longest_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_missing_key_file_says_to_run_init, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_a_clock_set_back_does_not_lengthen_the_lockout,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_an_attempt_is_counted_before_the_key_is_derived,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_secret_key_never_reaches_any_file_in_the_home,
					    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
