/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ratelimit.h: how often one client address may ask a public route
 * (/verify/): a token bucket per address, refilled at per_minute tokens a
 * minute up to per_minute. The buckets live in the process: with several
 * server processes each allows the rate, which is enough to keep anyone from
 * walking the hash space or loading the store through a public page.
 * The table is fixed; an address that has used up its bucket keeps it
 * however many new addresses ask (ratelimit.c says which slot is taken).
 */
#ifndef FC_SERVER_RATELIMIT_H
#define FC_SERVER_RATELIMIT_H

#include <stddef.h>

struct fc_ratelimit;

/* per_minute > 0. NULL when out of memory. */
struct fc_ratelimit *fc_ratelimit_new(int per_minute);
void fc_ratelimit_free(struct fc_ratelimit *rl); /* NULL does nothing */

/* 0 when addr may ask now (a token is taken), else the seconds until it may. */
int fc_ratelimit_take(struct fc_ratelimit *rl, const char *addr);
/* The same at now, in monotonic seconds (the clock fc_ratelimit_take reads). */
int fc_ratelimit_take_at(struct fc_ratelimit *rl, const char *addr, double now);

/*
 * The block addr is counted as, into out[size]: an IPv4 address itself; an
 * IPv6 address as its /64 ("2001:db8:1:2::/64"), since one subscriber or
 * host is handed a whole /64 and could otherwise take a fresh address for
 * every guess; an IPv4-mapped IPv6 address as the IPv4 one. Anything else
 * (not an address) is copied as it is.
 */
void fc_addr_block(const char *addr, char *out, size_t size);

#endif
