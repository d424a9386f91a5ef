/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/record.c: a record's body is made once, in one fixed member order,
 * compact UTF-8 JSON, and then only ever read. These pin the exact bytes of a
 * body (they are signed, so they are interface), that Chinese text is stored
 * as UTF-8 rather than escapes, and that reading a stored body names the
 * member that is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/record.h"

#define TIME "2024-05-06T09:30:00+08:00"
#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

struct fixture {
	unsigned char pk[FC_PK_BYTES];
	unsigned char sk[FC_SK_BYTES];
	struct fc_signer signer;
	struct fc_record rec;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct fc_error err = {0};

	if (fx == NULL || fc_sign_init(&err) != 0)
		return -1;
	crypto_sign_keypair(fx->pk, fx->sk);
	snprintf(fx->signer.inspector, sizeof fx->signer.inspector, "I1");
	snprintf(fx->signer.device, sizeof fx->signer.device, "7f3a9c21");
	fx->signer.sk = fx->sk;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	fc_record_release(&fx->rec);
	free(fx);
	return 0;
}

/* A body copied into fresh heap memory, as the store hands one over. */
static char *
dup_body(const char *s)
{
	char *p = strdup(s);

	assert_non_null(p);
	return p;
}

static void
test_a_sealed_body_has_every_member_in_the_fixed_order(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	json_t *answers = json_pack("{s:s,s:f,s:f}", "G01", "yes", "G07", 2.1, "G08", 0.1 + 0.2);
	json_t *hazards = json_pack("[{s:s,s:s}]", "item", "G03", "severity", "major");
	json_t *grade = json_pack("{s:s}", "grade", "B");
	json_t *extra = json_pack("{s:s}", "note", "x");
	unsigned char prev[FC_HASH_BYTES];
	struct fc_record_draft d = {
	    .type = FC_TYPE_INSPECTION,
	    .household = "H001",
	    .template_id = "gas-home",
	    .template_version = 3,
	    .answers = answers,
	    .hazards = hazards,
	    .outcome = "hazard",
	    .grade = grade,
	    .corrects = "7f3a9c21-000001",
	    .follows = "7f3a9c21-000002",
	    .extra = extra,
	};

	memset(prev, 0xab, sizeof prev);
	assert_int_equal(fc_record_seal(&d, &fx->signer, 4, prev, TIME, &fx->rec, &err), 0);
	assert_string_equal(
	    fx->rec.body,
	    "{\"v\":1,\"type\":\"inspection\",\"id\":\"7f3a9c21-000004\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":4,"
	    "\"prev\":\"abababababababababababababababababababababababababababababababab\","
	    "\"time\":\"2024-05-06T09:30:00+08:00\",\"household\":\"H001\","
	    "\"template\":{\"id\":\"gas-home\",\"version\":3},"
	    "\"answers\":{\"G01\":\"yes\",\"G07\":2.1,\"G08\":0.3},"
	    "\"hazards\":[{\"item\":\"G03\",\"severity\":\"major\"}],\"outcome\":\"hazard\","
	    "\"grade\":{\"grade\":\"B\"},\"corrects\":\"7f3a9c21-000001\","
	    "\"follows\":\"7f3a9c21-000002\",\"note\":\"x\"}");
	assert_int_equal(fx->rec.body_len, strlen(fx->rec.body));
	assert_string_equal(fx->rec.id, "7f3a9c21-000004");
	assert_int_equal(fx->rec.seq, 4);
	assert_memory_equal(fx->rec.prev, prev, FC_HASH_BYTES);
	assert_string_equal(fx->rec.household, "H001");
	assert_string_equal(fx->rec.template_id, "gas-home");
	assert_int_equal(fx->rec.template_version, 3);
	assert_string_equal(fx->rec.outcome, "hazard");
	assert_string_equal(fx->rec.time, TIME);
	json_decref(answers);
	json_decref(hazards);
	json_decref(grade);
	json_decref(extra);
}

static void
test_members_left_null_are_omitted_and_the_first_prev_is_zeros(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct fc_record_draft d = {
	    .type = FC_TYPE_VISIT, .household = "H9", .outcome = "nobody-home"};

	assert_int_equal(fc_record_seal(&d, &fx->signer, 1, NULL, TIME, &fx->rec, &err), 0);
	assert_string_equal(
	    fx->rec.body,
	    "{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\","
	    "\"time\":\"2024-05-06T09:30:00+08:00\",\"household\":\"H9\","
	    "\"outcome\":\"nobody-home\"}");
}

static void
test_chinese_text_is_stored_as_utf8_not_escaped(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	json_t *answers = json_pack("{s:s}", "G20", "阀门老化，已告知户主");
	struct fc_record_draft d = {.type = FC_TYPE_INSPECTION,
				    .household = "新华路12号",
				    .template_id = "gas-home",
				    .template_version = 1,
				    .answers = answers};

	assert_int_equal(fc_record_seal(&d, &fx->signer, 2, NULL, TIME, &fx->rec, &err), 0);
	assert_non_null(strstr(fx->rec.body, "\"household\":\"新华路12号\""));
	assert_non_null(strstr(fx->rec.body, "\"G20\":\"阀门老化，已告知户主\""));
	assert_null(strstr(fx->rec.body, "\\u"));
	json_decref(answers);
}

static void
test_a_sealed_record_checks_and_a_changed_one_does_not(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct fc_record_draft d = {.type = FC_TYPE_VISIT, .household = "H9"};
	unsigned char other_pk[FC_PK_BYTES], other_sk[FC_SK_BYTES];

	assert_int_equal(fc_record_seal(&d, &fx->signer, 1, NULL, TIME, &fx->rec, &err), 0);
	assert_int_equal(fc_record_check(&fx->rec, fx->pk, &err), 0);

	crypto_sign_keypair(other_pk, other_sk);
	assert_int_equal(fc_record_check(&fx->rec, other_pk, &err), -1);
	assert_int_equal(err.code, FC_E_CHAIN);
	assert_string_equal(err.msg, "7f3a9c21-000001: " FC_REASON_SIGNATURE);

	fx->rec.body[fx->rec.body_len - 3] ^= 1;
	assert_int_equal(fc_record_check(&fx->rec, fx->pk, &err), -1);
	assert_string_equal(err.msg, "7f3a9c21-000001: " FC_REASON_SIGNATURE);
	fx->rec.body[fx->rec.body_len - 3] ^= 1;

	fx->rec.hash[0] ^= 1;
	assert_int_equal(fc_record_check(&fx->rec, fx->pk, &err), -1);
	assert_string_equal(err.msg, "7f3a9c21-000001: " FC_REASON_HASH);
}

static void
test_reading_a_body_back_gives_the_same_copies(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct fc_record back;
	unsigned char prev[FC_HASH_BYTES];
	struct fc_record_draft d = {.type = FC_TYPE_INSPECTION,
				    .household = "张三家",
				    .template_id = "rural-house",
				    .template_version = 2,
				    .outcome = "pass"};

	memset(prev, 0x11, sizeof prev);
	assert_int_equal(fc_record_seal(&d, &fx->signer, 12, prev, TIME, &fx->rec, &err), 0);
	assert_int_equal(
	    fc_record_from_body(dup_body(fx->rec.body), fx->rec.body_len, fx->rec.sig, &back, &err),
	    0);
	assert_int_equal(back.seq, 12);
	assert_string_equal(back.id, "7f3a9c21-000012");
	assert_string_equal(back.device, "7f3a9c21");
	assert_string_equal(back.inspector, "I1");
	assert_string_equal(back.type, "inspection");
	assert_string_equal(back.household, "张三家");
	assert_string_equal(back.template_id, "rural-house");
	assert_int_equal(back.template_version, 2);
	assert_string_equal(back.time, TIME);
	assert_string_equal(back.outcome, "pass");
	assert_memory_equal(back.prev, prev, FC_HASH_BYTES);
	assert_memory_equal(back.hash, fx->rec.hash, FC_HASH_BYTES);
	assert_memory_equal(back.sig, fx->rec.sig, FC_SIG_BYTES);
	assert_int_equal(fc_record_check(&back, fx->pk, &err), 0);
	fc_record_release(&back);
}

/* from_body on text must fail and its message must contain want. */
static void
assert_body_refused(const char *body, const char *want)
{
	struct fc_error err = {0};
	struct fc_record rec;
	unsigned char sig[FC_SIG_BYTES] = {0};

	assert_int_equal(fc_record_from_body(dup_body(body), strlen(body), sig, &rec, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	if (strstr(err.msg, want) == NULL)
		fail_msg("message \"%s\" does not contain \"%s\"", err.msg, want);
	fc_record_release(&rec);
}

#define HEAD                                                                                       \
	"{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","          \
	"\"inspector\":\"I1\","
#define PREV "\"prev\":\"" ZEROS "\","

static void
test_reading_a_bad_body_names_the_member_that_is_wrong(void **state)
{
	(void)state;
	assert_body_refused("not json", "not valid JSON");
	assert_body_refused("[1,2]", "not a JSON object");
	assert_body_refused(HEAD "\"seq\":\"1\"," PREV "\"time\":\"" TIME "\"}", "\"seq\"");
	assert_body_refused(HEAD "\"seq\":0," PREV "\"time\":\"" TIME "\"}", "\"seq\"");
	assert_body_refused(HEAD "\"seq\":1,\"prev\":\"00\",\"time\":\"" TIME "\"}", "\"prev\"");
	assert_body_refused(HEAD "\"seq\":1," PREV "\"time\":5}", "\"time\" is not a string");
	assert_body_refused(HEAD "\"seq\":1," PREV "\"household\":\"x\"}", "\"time\" is missing");
	assert_body_refused(
	    HEAD "\"seq\":2," PREV "\"time\":\"" TIME "\"}",
	    "\"id\" '7f3a9c21-000001' does not match its device and seq ('7f3a9c21-000002')");
	assert_body_refused(HEAD "\"seq\":1," PREV "\"time\":\"" TIME "\",\"template\":\"gas\"}",
			    "\"template\" is not an object");
	assert_body_refused(HEAD "\"seq\":1," PREV "\"time\":\"" TIME
				 "\",\"template\":{\"version\":1}}",
			    "\"template\".\"id\" is missing");
	assert_body_refused(HEAD "\"seq\":1," PREV "\"time\":\"" TIME "\",\"hazards\":{}}",
			    "\"hazards\" is not an array");
	assert_body_refused("{\"v\":3,\"type\":\"visit\"}",
			    "format 3 is not one this fieldcheck reads");
	assert_body_refused(HEAD "\"seq\":1,\"seq\":2," PREV "\"time\":\"" TIME "\"}", "duplicate");
	assert_body_refused("{\"v\":1,\"type\":\"visit\",\"id\":\"x-000001\",\"device\":\"XYZ\"}",
			    "\"device\" 'XYZ' is not 8 hex digits");
}

static void
test_sealing_refuses_a_draft_it_cannot_sign_faithfully(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	json_t *extra = json_pack("{s:s}", "seq", "99");
	struct fc_record_draft d = {.type = "party"};

	assert_int_equal(fc_record_seal(&d, &fx->signer, 1, NULL, TIME, &fx->rec, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	assert_string_equal(
	    err.msg,
	    "type: 'party' is not one of inspection, visit, followup, correction, household");

	d.type = FC_TYPE_VISIT;
	assert_int_equal(
	    fc_record_seal(&d, &fx->signer, 1, NULL, "2024-05-06 09:30", &fx->rec, &err), -1);
	assert_string_equal(err.msg, "time: '2024-05-06 09:30' is not YYYY-MM-DDTHH:MM:SS+HH:MM");

	d.household = "bad\xff";
	assert_int_equal(fc_record_seal(&d, &fx->signer, 1, NULL, TIME, &fx->rec, &err), -1);
	assert_string_equal(err.msg, "household: not valid UTF-8 text");

	d.household = "H1";
	d.extra = extra;
	assert_int_equal(fc_record_seal(&d, &fx->signer, 1, NULL, TIME, &fx->rec, &err), -1);
	assert_string_equal(err.msg, "extra member 'seq' would replace a record field");

	d.extra = NULL;
	assert_int_equal(fc_record_seal(&d, &fx->signer, 0, NULL, TIME, &fx->rec, &err), -1);
	assert_string_equal(err.msg, "seq: 0 is not 1 or more");
	assert_null(fx->rec.body);
	json_decref(extra);
}

static void
test_the_current_time_has_a_utc_offset_with_a_colon(void **state)
{
	char now[32];
	struct fc_error err = {0};
	struct fc_record_draft d = {.type = FC_TYPE_VISIT};
	struct fixture *fx = *state;

	fc_record_now(now);
	assert_int_equal(strlen(now), 25);
	assert_true(now[10] == 'T' && now[22] == ':');
	assert_true(now[19] == '+' || now[19] == '-');
	/* NULL time means now, and now is accepted by the sealer. */
	assert_int_equal(fc_record_seal(&d, &fx->signer, 1, NULL, NULL, &fx->rec, &err), 0);
	assert_int_equal(strlen(fx->rec.time), 25);
}

static void
test_record_ids_are_device_and_seq_with_six_or_more_digits(void **state)
{
	char id[FC_RECORD_ID_MAX];

	(void)state;
	fc_record_make_id("7f3a9c21", 4, id);
	assert_string_equal(id, "7f3a9c21-000004");
	fc_record_make_id("7f3a9c21", 1234567, id);
	assert_string_equal(id, "7f3a9c21-1234567");
}

static void
test_scanning_the_canonical_prefix_reads_what_the_parser_reads(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	struct fc_record_links scanned, parsed;
	unsigned char prev[FC_HASH_BYTES];
	struct fc_record_draft d = {.type = FC_TYPE_INSPECTION,
				    .household = "新华路",
				    .template_id = "gas-home",
				    .template_version = 1,
				    .outcome = "pass"};

	for (int i = 0; i < FC_HASH_BYTES; i++)
		prev[i] = (unsigned char)(i * 37);
	snprintf(fx->signer.inspector, sizeof fx->signer.inspector, "检查员07");
	assert_int_equal(fc_record_seal(&d, &fx->signer, 1234567, prev, TIME, &fx->rec, &err), 0);
	assert_int_equal(fc_record_scan_links(fx->rec.body, fx->rec.body_len, &scanned), 0);
	assert_int_equal(fc_record_parse_links(fx->rec.body, fx->rec.body_len, &parsed, &err), 0);
	assert_int_equal(scanned.seq, 1234567);
	assert_int_equal(scanned.seq, parsed.seq);
	assert_string_equal(scanned.id, parsed.id);
	assert_string_equal(scanned.device, parsed.device);
	assert_memory_equal(scanned.prev, prev, FC_HASH_BYTES);
	assert_memory_equal(parsed.prev, prev, FC_HASH_BYTES);
}

static void
test_scanning_gives_up_on_anything_but_the_canonical_form(void **state)
{
	struct fc_record_links l;
	static const char *const bodies[] = {
	    /* whitespace, another member order, escapes, leading zeros, upper-case hex */
	    "{ "
	    "\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\"}",
	    "{\"v\":1,\"id\":\"7f3a9c21-000001\",\"type\":\"visit\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\"}",
	    "{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I\\u0031\",\"seq\":1,\"prev\":\"" ZEROS "\"}",
	    "{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":01,\"prev\":\"" ZEROS "\"}",
	    "{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\"",
	    "{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000002\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\"}",
	    "{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":"
	    "\"A000000000000000000000000000000000000000000000000000000000000000\"}",
	    "{\"v\":3,\"type\":\"visit\"}",
	    "",
	    NULL,
	};

	(void)state;
	for (int i = 0; bodies[i] != NULL; i++)
		if (fc_record_scan_links(bodies[i], strlen(bodies[i]), &l) != 1)
			fail_msg("body %d was scanned as canonical", i);
	/* The same body cut anywhere inside the prefix is not canonical either. */
	const char *good = "{\"v\":1,\"type\":\"visit\",\"id\":\"7f3a9c21-000001\",\"device\":"
			   "\"7f3a9c21\",\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\"}";
	assert_int_equal(fc_record_scan_links(good, strlen(good), &l), 0);
	for (size_t len = 0; len < strlen(good) - 1; len++)
		assert_int_equal(fc_record_scan_links(good, len, &l), 1);
}

/* What fc_record_from_body() reads from body, for comparing with the scan. */
static void
assert_scan_reads_what_the_parser_reads(const char *body)
{
	struct fc_record parsed, scanned;
	struct fc_record_links links;
	struct fc_error err = {0};
	unsigned char sig[FC_SIG_BYTES] = {0};

	memset(&scanned, 0, sizeof scanned);
	assert_int_equal(fc_record_scan_body(body, strlen(body), &links, &scanned), 0);
	assert_int_equal(fc_record_from_body(dup_body(body), strlen(body), sig, &parsed, &err), 0);
	assert_int_equal(links.seq, parsed.seq);
	assert_string_equal(links.id, parsed.id);
	assert_string_equal(links.device, parsed.device);
	assert_memory_equal(links.prev, parsed.prev, FC_HASH_BYTES);
	assert_string_equal(scanned.type, parsed.type);
	assert_string_equal(scanned.inspector, parsed.inspector);
	assert_string_equal(scanned.time, parsed.time);
	assert_string_equal(scanned.household, parsed.household);
	assert_string_equal(scanned.template_id, parsed.template_id);
	assert_int_equal(scanned.template_version, parsed.template_version);
	assert_string_equal(scanned.outcome, parsed.outcome);
	fc_record_release(&parsed);
}

static void
test_scanning_a_whole_sealed_body_reads_what_the_parser_reads(void **state)
{
	struct fixture *fx = *state;
	struct fc_error err = {0};
	/* Nested members named like top-level ones must not be taken for them. */
	json_t *answers =
	    json_pack("{s:s,s:f,s:i,s:b,s:n,s:s,s:{s:s,s:[i,s]}}", "G01", "yes", "G07", 2.1, "G08",
		      -3, "G09", 1, "G10", "note", "他说\"不在\"\n\t\\/", "outcome", "outcome",
		      "fail", "household", 1, "H9");
	json_t *hazards = json_pack("[{s:s,s:s},[],{}]", "item", "G03", "severity", "major");
	json_t *grade = json_pack("{s:s,s:{}}", "grade", "B", "inputs");
	struct fc_record_draft d = {.type = FC_TYPE_INSPECTION,
				    .household = "新华路 12 号",
				    .template_id = "gas-home",
				    .template_version = 1000000000,
				    .answers = answers,
				    .hazards = hazards,
				    .outcome = "hazard",
				    .grade = grade,
				    .corrects = "7f3a9c21-000001"};

	snprintf(fx->signer.inspector, sizeof fx->signer.inspector, "检查员07");
	assert_int_equal(fc_record_seal(&d, &fx->signer, 1234567, NULL, TIME, &fx->rec, &err), 0);
	assert_scan_reads_what_the_parser_reads(fx->rec.body);
	fc_record_release(&fx->rec);

	/* A visit: no template, answers or outcome. */
	struct fc_record_draft v = {.type = FC_TYPE_VISIT, .household = "H1"};
	assert_int_equal(fc_record_seal(&v, &fx->signer, 2, NULL, TIME, &fx->rec, &err), 0);
	assert_scan_reads_what_the_parser_reads(fx->rec.body);
	json_decref(answers);
	json_decref(hazards);
	json_decref(grade);
}

#define WHOLE_HEAD                                                                                 \
	"{\"v\":1,\"type\":\"inspection\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","     \
	"\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\",\"time\":\"" TIME "\""

static void
test_scanning_a_whole_body_leaves_every_doubt_to_the_parser(void **state)
{
	struct fc_record_links l;
	struct fc_record c;
	static const char *const bodies[] = {
	    /* a member repeated at the top, deep inside, or hidden behind an escape */
	    WHOLE_HEAD ",\"outcome\":\"pass\",\"outcome\":\"fail\"}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":{\"a\":1,\"a\":2}}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":1,\"G\\u0031\":2}}",
	    WHOLE_HEAD ",\"hazards\":[{\"item\":\"G1\",\"item\":\"G2\"}]}",
	    /* escapes that need decoding, in a value or a copy */
	    WHOLE_HEAD ",\"answers\":{\"G1\":\"\\u0000\"}}",
	    WHOLE_HEAD ",\"household\":\"H\\n1\"}",
	    /* not JSON, or not what jansson reads the same way */
	    WHOLE_HEAD ",\"answers\":{\"G1\":01}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":1e999}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":12345678901234567890}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":tru}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":\"a\x01\"}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":\"\xc3\x28\"}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":\"\xed\xa0\x80\"}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\":1,}}",
	    WHOLE_HEAD ",\"answers\":{\"G1\" :1}}",
	    WHOLE_HEAD "} ",
	    WHOLE_HEAD "}}",
	    WHOLE_HEAD,
	    /* members of the wrong shape, or missing */
	    WHOLE_HEAD ",\"answers\":[]}",
	    WHOLE_HEAD ",\"hazards\":{}}",
	    WHOLE_HEAD ",\"household\":7}",
	    WHOLE_HEAD ",\"template\":{\"version\":1,\"id\":\"gas\"}}",
	    WHOLE_HEAD ",\"template\":{\"id\":\"gas\",\"version\":-1}}",
	    WHOLE_HEAD ",\"template\":{\"id\":\"gas\",\"version\":1.0}}",
	    WHOLE_HEAD ",\"template\":{\"id\":\"\",\"version\":1}}",
	    WHOLE_HEAD ",\"template\":{\"id\":\"gas\",\"version\":10000000000}}",
	    "{\"v\":1,\"type\":\"inspection\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\"}",
	    "{\"v\":1,\"type\":\"\",\"id\":\"7f3a9c21-000001\",\"device\":\"7f3a9c21\","
	    "\"inspector\":\"I1\",\"seq\":1,\"prev\":\"" ZEROS "\",\"time\":\"" TIME "\"}",
	    NULL,
	};

	(void)state;
	for (int i = 0; bodies[i] != NULL; i++)
		if (fc_record_scan_body(bodies[i], strlen(bodies[i]), &l, &c) != 1)
			fail_msg("body %d was scanned as canonical", i);
	/* The same forms done right are the scan's. */
	assert_scan_reads_what_the_parser_reads(
	    WHOLE_HEAD ",\"household\":\"H1\",\"template\":{\"id\":\"gas\",\"version\":0},"
		       "\"answers\":{\"G1\":{\"a\":1,\"b\":[1,-0.5,true,false,null,\"\\\"\"]}},"
		       "\"hazards\":[],\"outcome\":\"pass\",\"follows\":\"x\"}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_a_sealed_body_has_every_member_in_the_fixed_order,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_members_left_null_are_omitted_and_the_first_prev_is_zeros, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chinese_text_is_stored_as_utf8_not_escaped, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_a_sealed_record_checks_and_a_changed_one_does_not,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reading_a_body_back_gives_the_same_copies, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_reading_a_bad_body_names_the_member_that_is_wrong,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sealing_refuses_a_draft_it_cannot_sign_faithfully,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_current_time_has_a_utc_offset_with_a_colon,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_record_ids_are_device_and_seq_with_six_or_more_digits, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_scanning_the_canonical_prefix_reads_what_the_parser_reads, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_scanning_gives_up_on_anything_but_the_canonical_form, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_scanning_a_whole_sealed_body_reads_what_the_parser_reads, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_scanning_a_whole_body_leaves_every_doubt_to_the_parser, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
