/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench-kdf: what one PIN guess costs someone holding a copy of key.json.
 * Each guess is one Argon2id run (crypto_pwhash, ARGON2ID13) at the key's
 * cost; the lockout does nothing offline (docs/record-format.md, "What a
 * stolen device still allows"). Prints, for the default cost and the
 * bounds `fieldcheck init --kdf` allows, the best of three runs on one core
 * and the time to try every 6-digit PIN on one core. Run it under
 * qemu-aarch64 on an arm64 build for the emulated figure. It prints
 * figures; it never passes or fails.
 */
#include <stdio.h>
#include <time.h>

#include <sodium.h>

#include "core/keyfile.h"

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds for one derivation at ops passes over mib MiB, best of three; < 0 on failure. */
static double
bench_guess(unsigned long long ops, size_t mib)
{
	unsigned char key[32], salt[crypto_pwhash_SALTBYTES] = {0};
	const char pin[] = "258036";
	double best = -1;

	for (int i = 0; i < 3; i++) {
		double t0 = bench_now();

		if (crypto_pwhash(key, sizeof key, pin, sizeof pin - 1, salt, ops, mib << 20,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
			return -1;
		double t = bench_now() - t0;
		if (best < 0 || t < best)
			best = t;
	}
	return best;
}

int
main(void)
{
	static const struct {
		unsigned long long ops;
		size_t mib;
		const char *what;
	} costs[] = {
	    {FC_KDF_DEFAULT_OPS, FC_KDF_DEFAULT_MIB, "default"},
	    {FC_KDF_OPS_MIN, FC_KDF_MIB_MIN, "--kdf minimum"},
	    {FC_KDF_DEFAULT_OPS, 2 * FC_KDF_DEFAULT_MIB, "twice the memory"},
	};

	if (sodium_init() < 0) {
		fprintf(stderr, "bench-kdf: libsodium cannot start\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof costs / sizeof costs[0]; i++) {
		double s = bench_guess(costs[i].ops, costs[i].mib);

		if (s < 0) {
			printf("%-18s %llu passes over %4zu MiB: not enough memory\n",
			       costs[i].what, costs[i].ops, costs[i].mib);
			continue;
		}
		printf("%-18s %llu passes over %4zu MiB: %.3f s a guess (best of 3, one core); "
		       "every 6-digit PIN %.1f core-hours\n",
		       costs[i].what, costs[i].ops, costs[i].mib, s, s * 1e6 / 3600);
	}
	return 0;
}
