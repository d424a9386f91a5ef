/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test-ratelimit.c: the address block a client is counted as (failed console
 * logins, the public pages' rate): an IPv6 host holds a whole /64, so
 * counting its single addresses would give it a fresh allowance per guess.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_an_ipv4_address_is_its_own_block),
	    cmocka_unit_test(test_ipv6_addresses_of_one_64_share_a_block),
	    cmocka_unit_test(test_an_ipv4_mapped_address_counts_as_the_ipv4_one),
	    cmocka_unit_test(test_text_that_is_no_address_is_kept_as_it_is),
	    cmocka_unit_test(test_buckets_of_one_block_are_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
