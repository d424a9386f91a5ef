/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seal.h: the gas inspection the server benches store, as bench-sync makes
 * them: record number seq of a device's chain, one in five with a hazard
 * (every other of those major). bench/pg-store and bench/gen-records seal
 * the same body, so the loader's figures and the scale run's compare.
 * Header-only: each bench program is one .c file.
 */
#ifndef FC_BENCH_SEAL_H
#define FC_BENCH_SEAL_H

#include <jansson.h>

#include "core/record.h"

/* when: an ISO time or NULL for now; prev: NULL for the chain's first record. */
static inline int
bench_seal_gas(const struct fc_signer *signer, int64_t seq, const unsigned char *prev,
	       const char *household, const char *when, struct fc_record *out, struct fc_error *err)
{
	json_t *answers = json_pack("{s:s,s:s,s:s,s:s,s:s,s:f,s:s,s:s,s:i,s:s}", "G00", "inspected",
				    "G01", "residential", "G02", "piped_ng", "G03", "low", "G04",
				    "kitchen", "G07", 2.1, "G09", "yes", "G10",
				    "管道明装，无私接改装", "G12", 2019, "G15", "灶具熄火保护有效");
	json_t *hazards = seq % 5 == 0 ? json_pack("[{s:s,s:s,s:s}]", "item", "G06", "severity",
						   seq % 10 == 0 ? "major" : "ordinary", "note",
						   "用气房间通风不良")
				       : json_array();
	struct fc_record_draft dr = {.type = FC_TYPE_INSPECTION,
				     .household = household,
				     .template_id = "gas",
				     .template_version = 1,
				     .answers = answers,
				     .hazards = hazards,
				     .outcome = seq % 5 == 0 ? "ordinary" : "pass"};
	int ret = fc_record_seal(&dr, signer, seq, seq > 1 ? prev : NULL, when, out, err);

	json_decref(answers);
	json_decref(hazards);
	return ret;
}

#endif
