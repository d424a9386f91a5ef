/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-ratelimit.c: the address block a client is counted as (failed console
 * logins, the public pages' rate): an IPv6 host holds a whole /64, so
 * counting its single addresses would give it a fresh allowance per guess.
 * And the table of buckets is fixed: a flood of new addresses, as many as an
 * attacker with a /48 or a botnet has, must not push a limited address out
 * of it and so hand it a full bucket again.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "server/ratelimit.h"

static void
block_is(const char *addr, const char *want)
{
	char out[64];

	fc_addr_block(addr, out, sizeof out);
	assert_string_equal(out, want);
}

static void
test_an_ipv4_address_is_its_own_block(void **state)
{
	(void)state;
	block_is("127.0.0.1", "127.0.0.1");
	block_is("203.0.113.9", "203.0.113.9");
}

static void
test_ipv6_addresses_of_one_64_share_a_block(void **state)
{
	(void)state;
	block_is("2001:db8:1:2::1", "2001:db8:1:2::/64");
	block_is("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64");
	block_is("2001:db8:1:3::1", "2001:db8:1:3::/64");
	block_is("::1", "::/64");
}

static void
test_an_ipv4_mapped_address_counts_as_the_ipv4_one(void **state)
{
	(void)state;
	block_is("::ffff:203.0.113.9", "203.0.113.9");
}

static void
test_text_that_is_no_address_is_kept_as_it_is(void **state)
{
	(void)state;
	block_is("", "");
	block_is("not an address", "not an address");
}

static void
test_buckets_of_one_block_are_shared(void **state)
{
	struct fc_ratelimit *rl = fc_ratelimit_new(1);
	char a[64], b[64];

	(void)state;
	assert_non_null(rl);
	fc_addr_block("2001:db8:1:2::1", a, sizeof a);
	fc_addr_block("2001:db8:1:2::2", b, sizeof b);
	assert_int_equal(fc_ratelimit_take(rl, a), 0);
	/* The second address of the same /64 finds the bucket empty. */
	assert_true(fc_ratelimit_take(rl, b) > 0);
	fc_ratelimit_free(rl);
}

/* Times are monotonic seconds; a bucket of N a minute refills one in 60/N s. */
#define T0 1000.0
#define FLOOD 100000

/* FLOOD new addresses (10.x.y.z), one ask each, at now. */
static void
flood(struct fc_ratelimit *rl, double now)
{
	char a[64];

	for (int i = 0; i < FLOOD; i++) {
		snprintf(a, sizeof a, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		fc_ratelimit_take_at(rl, a, now);
	}
}

static void
test_a_flood_of_new_addresses_does_not_give_a_limited_one_its_bucket_back(void **state)
{
	struct fc_ratelimit *rl = fc_ratelimit_new(2);

	(void)state;
	assert_non_null(rl);
	assert_int_equal(fc_ratelimit_take_at(rl, "203.0.113.9", T0), 0);
	assert_int_equal(fc_ratelimit_take_at(rl, "203.0.113.9", T0), 0);
	assert_true(fc_ratelimit_take_at(rl, "203.0.113.9", T0) > 0);
	flood(rl, T0 + 1);
	/* Two seconds on, a fifteenth of its next token is back: it still waits. */
	assert_true(fc_ratelimit_take_at(rl, "203.0.113.9", T0 + 2) > 0);
	fc_ratelimit_free(rl);
}

static void
test_many_limited_addresses_all_stay_limited_through_a_flood(void **state)
{
	struct fc_ratelimit *rl = fc_ratelimit_new(1);
	char a[64];
	int freed = 0;

	(void)state;
	assert_non_null(rl);
	for (int i = 0; i < 200; i++) {
		snprintf(a, sizeof a, "2001:db8:%x::/64", i);
		assert_int_equal(fc_ratelimit_take_at(rl, a, T0), 0);
	}
	flood(rl, T0 + 1);
	for (int i = 0; i < 200; i++) {
		snprintf(a, sizeof a, "2001:db8:%x::/64", i);
		freed += fc_ratelimit_take_at(rl, a, T0 + 2) == 0;
	}
	assert_int_equal(freed, 0);
	fc_ratelimit_free(rl);
}

static void
test_a_new_address_is_served_during_a_flood(void **state)
{
	struct fc_ratelimit *rl = fc_ratelimit_new(2);

	(void)state;
	assert_non_null(rl);
	flood(rl, T0);
	assert_int_equal(fc_ratelimit_take_at(rl, "198.51.100.7", T0), 0);
	assert_int_equal(fc_ratelimit_take_at(rl, "198.51.100.7", T0), 0);
	assert_true(fc_ratelimit_take_at(rl, "198.51.100.7", T0) > 0);
	fc_ratelimit_free(rl);
}

static void
test_a_limited_address_is_served_again_once_its_bucket_refills(void **state)
{
	struct fc_ratelimit *rl = fc_ratelimit_new(1);

	(void)state;
	assert_non_null(rl);
	assert_int_equal(fc_ratelimit_take_at(rl, "203.0.113.9", T0), 0);
	assert_true(fc_ratelimit_take_at(rl, "203.0.113.9", T0 + 30) > 0);
	flood(rl, T0 + 40);
	assert_int_equal(fc_ratelimit_take_at(rl, "203.0.113.9", T0 + 61), 0);
	fc_ratelimit_free(rl);
}

static void
test_a_new_address_waits_when_its_set_holds_only_limited_addresses(void **state)
{
	struct fc_ratelimit *rl = fc_ratelimit_new(1);

	(void)state;
	assert_non_null(rl);
	/* At one a minute, each address of the flood has used its bucket up. */
	flood(rl, T0);
	assert_true(fc_ratelimit_take_at(rl, "198.51.100.7", T0) > 0);
	assert_int_equal(fc_ratelimit_take_at(rl, "198.51.100.7", T0 + 61), 0);
	fc_ratelimit_free(rl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_an_ipv4_address_is_its_own_block),
	    cmocka_unit_test(test_ipv6_addresses_of_one_64_share_a_block),
	    cmocka_unit_test(test_an_ipv4_mapped_address_counts_as_the_ipv4_one),
	    cmocka_unit_test(test_text_that_is_no_address_is_kept_as_it_is),
	    cmocka_unit_test(test_buckets_of_one_block_are_shared),
	    cmocka_unit_test(
		test_a_flood_of_new_addresses_does_not_give_a_limited_one_its_bucket_back),
	    cmocka_unit_test(test_many_limited_addresses_all_stay_limited_through_a_flood),
	    cmocka_unit_test(test_a_new_address_is_served_during_a_flood),
	    cmocka_unit_test(test_a_limited_address_is_served_again_once_its_bucket_refills),
	    cmocka_unit_test(test_a_new_address_waits_when_its_set_holds_only_limited_addresses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
