/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ratelimit.c: token buckets per client address (ratelimit.h) in a fixed
 * table, so memory stays bounded whoever asks. An address hashes (keyed, so
 * nobody can aim at one set) to a set of RL_WAYS slots. A new address takes
 * the slot in its set whose bucket is the fullest by now: a full bucket
 * carries nothing (a stranger gets one), while one an address has emptied is
 * its limit. So a flood of new addresses, one ask each, takes the slots of
 * one another and of idle addresses, never that of an address it would set
 * free: evicting it would hand that address a full bucket again. When every
 * slot of a set holds an address that must wait, a new address of that set
 * waits too, until the first of them could ask again: under a flood of more
 * limited addresses than the table holds, newcomers are slowed, and no
 * limit is lifted early.
 */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server/ratelimit.h"

/*
 * 4096 slots, in sets of 8: a bucket refills in a minute, so the table need
 * hold only the addresses limited within the last minute; eight ways make a
 * set of limited addresses that fills up rare even with thousands of them.
 */
#define RL_WAYS 8
#define RL_SETS 512

struct rl_slot {
	int used;
	char addr[64];
	double tokens;
	double at; /* monotonic seconds of the last refill */
};

struct fc_ratelimit {
	pthread_mutex_t lock;
	double per_minute;
	unsigned char key[crypto_shorthash_KEYBYTES]; /* so nobody can aim at one set */
	struct rl_slot slot[RL_SETS][RL_WAYS];
};

struct fc_ratelimit *
fc_ratelimit_new(int per_minute)
{
	struct fc_ratelimit *rl = calloc(1, sizeof *rl);

	if (rl == NULL)
		return NULL;
	pthread_mutex_init(&rl->lock, NULL);
	rl->per_minute = per_minute;
	crypto_shorthash_keygen(rl->key);
	return rl;
}

void
fc_ratelimit_free(struct fc_ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static double
rl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A slot's tokens at now, refilled since it was last taken from. */
static double
rl_tokens(const struct fc_ratelimit *rl, const struct rl_slot *s, double now)
{
	if (!s->used)
		return rl->per_minute;
	return fmin(rl->per_minute, s->tokens + (now - s->at) * (rl->per_minute / 60.0));
}

/*
 * Addr's slot in its set: its own, or the one with the fullest bucket, taken
 * over. NULL when every slot holds an address that must wait now: one of
 * them would be set free, so addr waits instead (*wait_out seconds, until
 * the first of them may ask again and its slot can be taken).
 */
static struct rl_slot *
rl_slot_for(struct fc_ratelimit *rl, struct rl_slot *set, const char *addr, double now,
	    int *wait_out)
{
	struct rl_slot *fullest = &set[0];
	double most;

	for (int i = 0; i < RL_WAYS; i++)
		if (set[i].used && strcmp(set[i].addr, addr) == 0)
			return &set[i];
	for (int i = 1; i < RL_WAYS; i++)
		if (rl_tokens(rl, &set[i], now) > rl_tokens(rl, fullest, now))
			fullest = &set[i];
	most = rl_tokens(rl, fullest, now);
	if (most < 1.0) {
		*wait_out = (int)ceil((1.0 - most) / (rl->per_minute / 60.0));
		return NULL;
	}
	snprintf(fullest->addr, sizeof fullest->addr, "%s", addr);
	fullest->used = 1;
	fullest->tokens = rl->per_minute;
	fullest->at = now;
	return fullest;
}

int
fc_ratelimit_take_at(struct fc_ratelimit *rl, const char *addr, double now)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t idx;
	double rate = rl->per_minute / 60.0;
	struct rl_slot *s;
	int wait = 0;

	crypto_shorthash(h, (const unsigned char *)addr, strlen(addr), rl->key);
	memcpy(&idx, h, sizeof idx);
	pthread_mutex_lock(&rl->lock);
	s = rl_slot_for(rl, rl->slot[idx % RL_SETS], addr, now, &wait);
	if (s != NULL) {
		s->tokens = rl_tokens(rl, s, now);
		s->at = now;
		if (s->tokens >= 1.0)
			s->tokens -= 1.0;
		else
			wait = (int)ceil((1.0 - s->tokens) / rate);
	}
	pthread_mutex_unlock(&rl->lock);
	return wait;
}

int
fc_ratelimit_take(struct fc_ratelimit *rl, const char *addr)
{
	return fc_ratelimit_take_at(rl, addr, rl_now());
}

void
fc_addr_block(const char *addr, char *out, size_t size)
{
	struct in6_addr a6;
	char text[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET6, addr, &a6) != 1) {
		snprintf(out, size, "%s", addr);
		return;
	}
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		inet_ntop(AF_INET, &a6.s6_addr[12], text, sizeof text);
		snprintf(out, size, "%s", text);
		return;
	}
	memset(&a6.s6_addr[8], 0, 8);
	inet_ntop(AF_INET6, &a6, text, sizeof text);
	snprintf(out, size, "%s/64", text);
}
