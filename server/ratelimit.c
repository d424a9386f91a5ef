/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ratelimit.c: token buckets per client address (ratelimit.h) in a fixed
 * table: an address hashes to one slot, and a new address takes the slot
 * over. Memory stays bounded whoever asks; an address that loses its slot
 * to another starts again with a full bucket, which a table this size makes
 * rare among honest clients.
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

#define RL_SLOTS 4096

struct rl_slot {
	char addr[64];
	double tokens;
	double at; /* monotonic seconds of the last refill */
};

struct fc_ratelimit {
	pthread_mutex_t lock;
	double per_minute;
	unsigned char key[crypto_shorthash_KEYBYTES]; /* so nobody can aim at one slot */
	struct rl_slot slot[RL_SLOTS];
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

int
fc_ratelimit_take(struct fc_ratelimit *rl, const char *addr)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t idx;
	double now = rl_now(), rate = rl->per_minute / 60.0;
	struct rl_slot *s;
	int wait = 0;

	crypto_shorthash(h, (const unsigned char *)addr, strlen(addr), rl->key);
	memcpy(&idx, h, sizeof idx);
	s = &rl->slot[idx % RL_SLOTS];
	pthread_mutex_lock(&rl->lock);
	if (strcmp(s->addr, addr) != 0) {
		snprintf(s->addr, sizeof s->addr, "%s", addr);
		s->tokens = rl->per_minute;
		s->at = now;
	}
	s->tokens = fmin(rl->per_minute, s->tokens + (now - s->at) * rate);
	s->at = now;
	if (s->tokens >= 1.0)
		s->tokens -= 1.0;
	else
		wait = (int)ceil((1.0 - s->tokens) / rate);
	pthread_mutex_unlock(&rl->lock);
	return wait;
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
