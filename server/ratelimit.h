/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ratelimit.h: how often one client address may ask a public route
 * (/verify/): a token bucket per address, refilled at per_minute tokens a
 * minute up to per_minute. The buckets live in the process: with several
 * server processes each allows the rate, which is enough to keep anyone from
 * walking the hash space or loading the store through a public page.
 */
#ifndef FC_SERVER_RATELIMIT_H
#define FC_SERVER_RATELIMIT_H

struct fc_ratelimit;

/* per_minute > 0. NULL when out of memory. */
struct fc_ratelimit *fc_ratelimit_new(int per_minute);
void fc_ratelimit_free(struct fc_ratelimit *rl); /* NULL does nothing */

/* 0 when addr may ask now (a token is taken), else the seconds until it may. */
int fc_ratelimit_take(struct fc_ratelimit *rl, const char *addr);

#endif
