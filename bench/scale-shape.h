/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scale-shape.h: the province of `make bench-scale` (issue 20), computed the
 * same way by the generator (bench/gen-records.c) and the loader
 * (bench/scale-load.c), so neither needs the other's files to agree on it.
 *
 * The registry is gen-households' (households-gen.h, seed 1): households
 * 1..H in their generated districts. They are grouped by district and cut
 * into one contiguous patch per device, as a district's inspectors divide
 * its streets: device d (an inspector of its own, its own key and chain)
 * visits the households of its patch in turn, so each is inspected
 * records / H times, and its inspector holds the district(s) its patch lies
 * in (a comma list where a patch crosses a district's edge). Records are
 * dated over the two years before the reference day. A device's key is
 * derived from its number, so the loader enrols the key the generator
 * signed with without a file of keys.
 */
#ifndef FC_BENCH_SCALE_SHAPE_H
#define FC_BENCH_SCALE_SHAPE_H

#include <stdlib.h>

#include <sodium.h>

#include "bench/households-gen.h"
#include "core/ids.h"

#define SHAPE_BATCH 500 /* records a push carries (the device's default batch) */
#define SHAPE_DAYS 730	/* records are dated over two years */
#define SHAPE_NAMES (GEN_COUNT(gen_districts) + GEN_COUNT(gen_towns))

struct shape {
	long records, devices, households;
	long *order;	    /* household numbers (from 1), grouped by district */
	unsigned char *dix; /* the district (index into names) of order[i] */
	const char *names[SHAPE_NAMES];
	size_t nnames;
	struct gen g;
};

static inline size_t
shape_name_index(struct shape *s, const char *name)
{
	for (size_t i = 0; i < s->nnames; i++)
		if (strcmp(s->names[i], name) == 0)
			return i;
	s->names[s->nnames] = name;
	return s->nnames++;
}

/* 0, or -1 out of memory. Needs devices <= households. */
static inline int
shape_init(struct shape *s, long records, long devices, long households)
{
	long count[SHAPE_NAMES + 1] = {0};
	unsigned char *of = malloc((size_t)households + 1);

	memset(s, 0, sizeof *s);
	s->records = records;
	s->devices = devices;
	s->households = households;
	gen_init(&s->g, 1, getenv("FC_GEN_TODAY"));
	s->order = malloc(sizeof *s->order * (size_t)households);
	s->dix = malloc((size_t)households);
	if (of == NULL || s->order == NULL || s->dix == NULL) {
		free(of);
		return -1;
	}
	/* A counting sort by district: the generator's order within each. */
	for (long i = 1; i <= households; i++) {
		of[i] = (unsigned char)shape_name_index(s, gen_district(&s->g, i));
		count[of[i] + 1]++;
	}
	for (size_t k = 1; k <= SHAPE_NAMES; k++)
		count[k] += count[k - 1];
	for (long i = 1; i <= households; i++) {
		s->dix[count[of[i]]] = of[i];
		s->order[count[of[i]]++] = i;
	}
	free(of);
	return 0;
}

static inline void
shape_free(struct shape *s)
{
	free(s->order);
	free(s->dix);
}

/* Device d's patch: order[*from, *to). */
static inline void
shape_patch(const struct shape *s, long d, long *from, long *to)
{
	*from = d * s->households / s->devices;
	*to = (d + 1) * s->households / s->devices;
}

/* The districts device d's inspector holds: those of its patch, as a comma list. */
static inline void
shape_districts(const struct shape *s, long d, char out[FC_DISTRICTS_MAX])
{
	long from, to;
	size_t n = 0;
	int last = -1;

	shape_patch(s, d, &from, &to);
	out[0] = '\0';
	for (long i = from; i < to; i++) {
		if (s->dix[i] == last)
			continue;
		last = s->dix[i];
		n += (size_t)snprintf(out + n, FC_DISTRICTS_MAX - n, "%s%s", n > 0 ? "," : "",
				      s->names[last]);
		if (n >= FC_DISTRICTS_MAX)
			break;
	}
}

static inline void
shape_ids(long d, char device[FC_DEVICE_ID_LEN + 1], char inspector[FC_ID_MAX])
{
	snprintf(device, FC_DEVICE_ID_LEN + 1, "d%07lx", (unsigned long)d & 0xfffffffUL);
	snprintf(inspector, FC_ID_MAX, "scale-%05ld", d);
}

/* Device d's key pair, the same in every run. */
static inline void
shape_key(long d, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
	  unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	char what[64];

	snprintf(what, sizeof what, "fieldcheck bench-scale device %ld", d);
	crypto_generichash(seed, sizeof seed, (const unsigned char *)what, strlen(what), NULL, 0);
	crypto_sign_seed_keypair(pk, sk, seed);
}

/* Records device d holds: records / devices, the remainder one each to the first. */
static inline long
shape_records_of(const struct shape *s, long d)
{
	return s->records / s->devices + (d < s->records % s->devices);
}

/* Record seq (from 1) of device d: its household and its time. */
static inline void
shape_record(const struct shape *s, long d, long seq, char household[FC_ID_MAX], char when[40])
{
	long from, to;
	char day[11];

	shape_patch(s, d, &from, &to);
	snprintf(household, FC_ID_MAX, "HH-%06ld", s->order[from + (seq - 1) % (to - from)]);
	gen_date(s->g.today - 1 - (seq * 7919 + d * 31) % SHAPE_DAYS, day);
	snprintf(when, 40, "%sT10:00:00+08:00", day);
}

#endif
