/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gen-households.c: write N made-up households as registry CSV to stdout.
 *
 *   gen-households N [SEED]
 *
 * The same N and SEED give the same file (on the same reference day: last
 * checks are spread over the three years before today, or before
 * $FC_GEN_TODAY=YYYY-MM-DD when set). The demo home and the benches use it;
 * see households-gen.h for what the rows look like.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "households-gen.h"

int
main(int argc, char **argv)
{
	struct fc_household h;
	struct gen g;
	char *end;
	long n;
	unsigned long long seed = 1;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen-households N [SEED]\n");
		return 2;
	}
	errno = 0;
	n = strtol(argv[1], &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || n > 99999999) {
		fprintf(stderr, "gen-households: N must be a number from 0 to 99999999\n");
		return 2;
	}
	if (argc == 3) {
		seed = strtoull(argv[2], &end, 10);
		if (*end != '\0') {
			fprintf(stderr, "gen-households: SEED must be a number\n");
			return 2;
		}
	}
	gen_init(&g, seed, getenv("FC_GEN_TODAY"));
	printf("id,district,address,resident,phone,kind,last_check\n");
	for (long i = 1; i <= n; i++) {
		gen_household(&g, i, &h);
		/* Generated text never holds a comma, quote or line break: no quoting needed. */
		printf("%s,%s,%s,%s,%s,%s,%s\n", h.id, h.district, h.address, h.resident, h.phone,
		       h.kind, h.last_check);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gen-households: cannot write the output\n");
		return 1;
	}
	return 0;
}
