/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core/hazard.c over the three shipped templates: every hazard rule fires on
 * its answers and only on them (a table of answer sets, each a clean base
 * with a few answers changed, and the exact rule ids it must raise; each
 * template's test then checks that every one of its rules appears in the
 * table). Then what hazards bring: obligations (a major gas hazard needs the
 * written notice and the user's signature or refusal), the outcome, the
 * record type of a nobody-home visit, and the house grade.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/checklist.h"
#include "core/hazard.h"
#include "core/template.h"
#include "support.h"
#include "core/validate.h"

#define YEAR 2026 /* age rules are checked against a fixed year */

/* A path under the source tree; the test fails when it cannot be found. */
static void
src_path(char *out, size_t size, const char *rel)
{
	if (fc_test_src_path(out, size, rel) != 0)
		fail_msg("cannot find the source tree: set FC_ROOT");
}

static struct fc_template *
load_template(const char *id)
{
	char path[4200], rel[128];
	struct fc_template *tpl = NULL;
	struct fc_error err = {0};

	snprintf(rel, sizeof rel, "schema/checklists/%s.json", id);
	src_path(path, sizeof path, rel);
	if (fc_template_load_file(path, &tpl, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	return tpl;
}

/* tests/data/answers/<base>.json with patch applied (null removes an answer). */
static json_t *
answers(const char *base, const char *patch)
{
	char path[4200], rel[128];
	json_t *a, *p;
	const char *key;
	json_t *v;

	snprintf(rel, sizeof rel, "tests/data/answers/%s.json", base);
	src_path(path, sizeof path, rel);
	a = json_load_file(path, 0, NULL);
	assert_non_null(a);
	p = json_loads(patch, 0, NULL);
	if (p == NULL)
		fail_msg("bad patch in test: %s", patch);
	json_object_foreach(p, key, v) {
		if (json_is_null(v))
			json_object_del(a, key);
		else
			json_object_set(a, key, v);
	}
	json_decref(p);
	return a;
}

static void
assert_no_problems(const json_t *problems, const char *context)
{
	if (json_array_size(problems) > 0) {
		char *s = json_dumps(problems, JSON_INDENT(1));

		print_error("%s: %s\n", context, s);
		free(s);
		fail_msg("%s: the answers are not valid", context);
	}
}

/* Derived hazards of valid answers, as "rule rule ..." in rule order. */
static void
derive(const struct fc_template *tpl, const json_t *a, char *out, size_t size, const char *context)
{
	json_t *problems = json_array();
	struct fc_error err = {0};
	unsigned char shown[256];
	json_t *eff, *hz;
	const json_t *h;
	size_t i, len = 0;

	fc_validate_answers(tpl, a, YEAR, "en", problems, &err);
	assert_no_problems(problems, context);
	json_decref(problems);
	eff = fc_template_visibility(tpl, a, YEAR, shown);
	assert_int_equal(fc_hazard_derive(tpl, eff, YEAR, &hz, &err), 0);
	out[0] = '\0';
	json_array_foreach(hz, i, h)
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "",
					json_string_value(json_object_get(h, "rule")));
	json_decref(hz);
	json_decref(eff);
}

/* The rules' table */

struct hazard_case {
	const char *tpl;
	const char *base; /* tests/data/answers/<base>.json */
	const char *patch;
	const char *want; /* rule ids, space separated, in rule order */
};

#define RC_FRAME                                                                                   \
	"{\"S03\":\"rc_frame\",\"S30\":null,\"S31\":null,\"S32\":null,\"S33\":null,\"S34\":null,"  \
	"\"S35\":null,"
#define HIGH_RISE(h)                                                                               \
	"{\"S01\":7,\"S47h\":null,\"S47\":" #h ",\"S48a\":0,\"S48b\":0,\"S48d\":\"no\","

static const struct hazard_case cases[] = {
    {"gas", "gas-clean", "{}", ""},
    {"gas", "gas-catering-clean", "{}", ""},
    {"gas", "gas-clean", "{\"G04\":\"bedroom\"}", "G04-bedroom"},
    {"gas", "gas-catering-clean", "{\"G04\":\"basement\"}", "G04-basement-lpg"},
    {"gas", "gas-clean", "{\"G04\":\"basement\"}", "G04-basement-piped"},
    /* 第九条(一) covers any gas of relative density >= 0.75: piped LPG too, not town gas. */
    {"gas", "gas-clean", "{\"G02\":\"piped_lpg\",\"G04\":\"basement\"}", "G04-basement-lpg"},
    {"gas", "gas-clean", "{\"G02\":\"manufactured\",\"G04\":\"basement\"}", "G04-basement-piped"},
    {"gas", "gas-clean", "{\"G04\":\"open_kitchen\"}", "G04-open-kitchen"},
    {"gas", "gas-clean", "{\"G04\":\"balcony\"}", ""},
    {"gas", "gas-clean", "{\"G05\":\"yes\"}", "G05-1"},
    {"gas", "gas-clean", "{\"G05\":\"na\"}", ""},
    {"gas", "gas-clean", "{\"G06\":\"no\"}", "G06-1"},
    {"gas", "gas-clean", "{\"G07\":\"yes\"}", "G07-1"},
    {"gas", "gas-clean", "{\"G10\":\"no\"}", "G10-1"},
    {"gas", "gas-clean", "{\"G11\":\"yes\"}", "G11-1"},
    {"gas", "gas-clean", "{\"G12\":2015}", "G12-1"},
    {"gas", "gas-clean", "{\"G12\":2016}", ""},
    {"gas", "gas-clean", "{\"G13\":\"light\"}", "G13-1"},
    {"gas", "gas-clean", "{\"G13\":\"severe\"}", "G13-2"},
    {"gas", "gas-clean", "{\"G14\":\"yes\"}", "G14-1"},
    {"gas", "gas-clean", "{\"G15\":\"yes\"}", "G15-1"},
    {"gas", "gas-clean", "{\"G16\":\"yes\"}", "G16-1"},
    {"gas", "gas-clean", "{\"G17\":\"yes\"}", "G17-1"},
    {"gas", "gas-clean", "{\"G18\":\"yes\"}", "G18-1"},
    {"gas", "gas-clean", "{\"G19\":\"no\"}", "G19-1"},
    {"gas", "gas-clean", "{\"G20\":\"no\"}", "G20-1"},
    {"gas", "gas-clean", "{\"G21\":\"no\"}", "G21-1"},
    {"gas", "gas-clean", "{\"G22\":\"no\"}", "G22-1"},
    {"gas", "gas-clean", "{\"G23\":\"rubber_generic\"}", "G23-1"},
    /* Per-district settings: 第九条(四) for non-gas hoses and stoves without flame failure. */
    {"gas", "gas-clean", "{\"G23\":\"rubber_generic\",\"G23s\":\"yes\"}", "G23-2"},
    {"gas", "gas-clean", "{\"G23\":\"corrugated_ss\",\"G23s\":\"yes\"}", ""},
    {"gas", "gas-clean", "{\"G30\":\"no\",\"G30s\":\"yes\"}", "G30-2"},
    {"gas", "gas-clean", "{\"G30\":\"yes\",\"G30s\":\"yes\"}", ""},
    /* The rubber-hose interval is the district's: 3 years here. */
    {"gas", "gas-clean", "{\"G23\":\"rubber_dedicated\",\"G29\":2.5,\"G29s\":3}", ""},
    {"gas", "gas-clean", "{\"G23\":\"rubber_dedicated\",\"G29\":3.5,\"G29s\":3}", "G29-rubber-2y"},
    {"gas", "gas-clean", "{\"G23\":\"rubber_generic\",\"G29\":2.5}", "G23-1 G29-rubber-2y"},
    {"gas", "gas-clean", "{\"G23\":\"dedicated_other\",\"G29\":2.5}", ""},
    /* The 2-year rubber-hose rule is about rubber, dedicated gas hose included. */
    {"gas", "gas-clean", "{\"G23\":\"rubber_dedicated\",\"G29\":2.5}", "G29-rubber-2y"},
    {"gas", "gas-clean", "{\"G23\":\"rubber_dedicated\",\"G29\":2}", ""},
    {"gas", "gas-clean", "{\"G24\":2.1}", "G24-1"},
    {"gas", "gas-clean", "{\"G24\":2.0}", ""},
    {"gas", "gas-clean", "{\"G25\":\"yes\"}", "G25-1"},
    {"gas", "gas-clean", "{\"G26\":\"yes\"}", "G26-1"},
    {"gas", "gas-clean", "{\"G27\":\"yes\"}", "G27-1"},
    {"gas", "gas-clean", "{\"G28\":\"no\"}", "G28-1"},
    {"gas", "gas-clean", "{\"G29\":10.5}", "G29-over-rated"},
    {"gas", "gas-clean", "{\"G29\":10}", ""},
    {"gas", "gas-clean", "{\"G29a\":6}", "G29a-1"},
    {"gas", "gas-clean", "{\"G29a\":8}", ""},
    {"gas", "gas-clean", "{\"G29a\":null}", ""},
    {"gas", "gas-clean",
     "{\"G23\":\"rigid\",\"G24\":null,\"G25\":null,\"G26\":null,\"G27\":null,\"G28\":null,\"G29\":"
     "null,\"G29a\":null}",
     ""},
    {"gas", "gas-clean", "{\"G30\":\"no\"}", "G30-1"},
    {"gas", "gas-clean", "{\"G31\":\"no\"}", "G31-1"},
    {"gas", "gas-clean", "{\"G32\":2017}", "G32-1"},
    {"gas", "gas-clean", "{\"G32\":2018}", ""},
    {"gas", "gas-clean", "{\"G33\":\"direct\",\"G35\":null}", "G33-1"},
    {"gas", "gas-clean", "{\"G33\":\"direct\",\"G34\":\"outdoor\",\"G35\":null}", ""},
    {"gas", "gas-clean", "{\"G34\":\"bathroom\"}", "G34-1"},
    {"gas", "gas-clean", "{\"G33\":\"natural_flue\",\"G34\":\"bathroom\"}", "G34-1"},
    {"gas", "gas-clean", "{\"G33\":\"room_sealed\",\"G34\":\"bathroom\",\"G35\":null}", ""},
    /* A room-sealed heating boiler is banned from bathrooms too (GB 55009 §6.1.3). */
    {"gas", "gas-clean",
     "{\"G33\":\"room_sealed\",\"G33a\":\"boiler\",\"G34\":\"bathroom\",\"G35\":null}", "G34-1"},
    {"gas", "gas-clean", "{\"G35\":\"no\"}", "G35-1"},
    {"gas", "gas-clean", "{\"G36\":2017}", "G36-1"},
    {"gas", "gas-clean", "{\"G36\":2018}", ""},
    /* Manufactured gas (人工煤气): 6 years (GB 17905-2008 §7.3.1(b)). */
    {"gas", "gas-clean", "{\"G02\":\"manufactured\",\"G36\":2019}", "G36-2"},
    {"gas", "gas-clean", "{\"G02\":\"manufactured\",\"G36\":2020}", ""},
    {"gas", "gas-clean", "{\"G33\":\"none\",\"G33a\":null,\"G34\":null,\"G35\":null,\"G36\":null}",
     ""},
    {"gas", "gas-clean", "{\"G37\":\"yes\"}", "G37-1"},
    {"gas", "gas-clean", "{\"G38\":\"no\"}", "G38-1"},
    {"gas", "gas-clean", "{\"G40\":\"leak\",\"G42\":\"hose\"}", "G40-1"},
    {"gas", "gas-clean", "{\"G43\":1.49}", "G43-1"},
    {"gas", "gas-clean", "{\"G43\":1.5}", ""},
    {"gas", "gas-clean", "{\"G43\":3.0}", ""},
    {"gas", "gas-clean", "{\"G43\":3.01}", "G43-1"},
    {"gas", "gas-catering-clean", "{\"G50\":\"no\",\"G51\":null}", "G50-1"},
    {"gas", "gas-catering-clean", "{\"G01\":\"other_nonres\",\"G50\":\"no\",\"G51\":null}",
     "G50-2"},
    {"gas", "gas-clean", "{\"G03\":\"super\",\"G50\":\"no\",\"G52\":\"yes\"}", "G50-3"},
    {"gas", "gas-catering-clean", "{\"G51\":\"no\"}", "G51-1"},
    {"gas", "gas-catering-clean", "{\"G01\":\"other_nonres\",\"G51\":\"no\"}", "G51-2"},
    {"gas", "gas-clean", "{\"G03\":\"super\",\"G50\":\"yes\",\"G51\":\"no\",\"G52\":\"yes\"}",
     "G51-3"},
    {"gas", "gas-catering-clean", "{\"G52\":\"no\"}", "G52-1"},
    {"gas", "gas-catering-clean", "{\"G53\":\"yes\"}", "G53-1"},
    {"gas", "gas-catering-clean", "{\"G60\":\"yes\"}", "G60-1"},
    {"gas", "gas-catering-clean", "{\"G61\":\"yes\"}", "G61-1"},
    {"gas", "gas-clean",
     "{\"G02\":\"lpg_cyl\",\"G03\":\"high\",\"G10\":null,\"G11\":null,\"G12\":null,\"G60\":\"no\","
     "\"G63\":\"yes\",\"G64\":2020,\"G65\":\"yes\",\"G66\":\"yes\",\"G67\":1.0,\"G68\":1,\"G62\":"
     "\"yes\"}",
     "G62-1"},
    {"gas", "gas-clean",
     "{\"G02\":\"lpg_cyl\",\"G03\":\"high\",\"G10\":null,\"G11\":null,\"G12\":null,\"G60\":\"no\","
     "\"G63\":\"yes\",\"G64\":2020,\"G65\":\"yes\",\"G66\":\"yes\",\"G67\":1.0,\"G68\":1,\"G62\":"
     "\"no\"}",
     ""},
    {"gas", "gas-catering-clean", "{\"G63\":\"no\"}", "G63-1"},
    {"gas", "gas-catering-clean", "{\"G64\":2013}", "G64-1"},
    {"gas", "gas-catering-clean", "{\"G64\":2014}", ""},
    {"gas", "gas-catering-clean", "{\"G65\":\"no\"}", "G65-1"},
    {"gas", "gas-catering-clean", "{\"G66\":\"no\"}", "G66-1"},
    {"gas", "gas-catering-clean", "{\"G67\":0.4}", "G67-1"},
    {"gas", "gas-catering-clean", "{\"G67\":0.5}", ""},
    {"gas", "gas-clean",
     "{\"G04\":\"bedroom\",\"G05\":\"yes\",\"G40\":\"leak\",\"G42\":\"pipe\",\"G24\":3}",
     "G04-bedroom G05-1 G24-1 G40-1"},
    {"selfbuilt", "selfbuilt-clean", "{}", ""},
    {"selfbuilt", "selfbuilt-business-clean", "{}", ""},
    {"selfbuilt", "selfbuilt-business-clean", "{\"S01\":3}", "S09-priority"},
    {"selfbuilt", "selfbuilt-business-clean", "{\"S08\":10}", "S09-priority"},
    {"selfbuilt", "selfbuilt-business-clean", "{\"S08\":9}", ""},
    {"selfbuilt", "selfbuilt-clean", "{\"S01\":3,\"S08\":20}", ""},
    {"selfbuilt", "selfbuilt-business-clean", "{\"S13\":\"yes\",\"S42\":\"none\"}",
     "S09-priority S13-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S13\":\"yes\",\"S10\":\"qualified\",\"S42\":\"none\"}",
     ""},
    {"selfbuilt", "selfbuilt-clean", "{\"S11\":\"partial\"}", "S11-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S11\":\"none\"}", "S11-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S11\":\"unknown\"}", ""},
    {"selfbuilt", "selfbuilt-business-clean", "{\"S12\":\"no\"}", "S12-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S14\":\"yes\"}", "S14-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S15\":\"yes\"}", "S15-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S16\":\"yes\"}", "S16-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S17\":\"yes\"}", "S17-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S18\":\"yes\"}", "S18-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S20\":\"yes\"}", "S20-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S21\":3.1}", "S21-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S21\":3.0}", ""},
    {"selfbuilt", "selfbuilt-clean", "{\"S01\":3,\"S21\":2.1}", "S21-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S01\":3,\"S21\":2.0}", ""},
    {"selfbuilt", "selfbuilt-clean", "{\"S22\":4,\"S23\":1}", "S22-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S22\":10.5,\"S23\":1,\"S21\":1.1}", "S22-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S22\":10.5,\"S23\":1,\"S21\":1.0}", "S22-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S22\":6,\"S23\":2,\"S21\":1.5}", "S22-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S22\":6,\"S23\":1,\"S21\":1.5}", "S22-1"},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S03\":\"rc_frame\",\"S30\":null,\"S31\":null,\"S32\":null,\"S33\":null,\"S34\":null,"
     "\"S35\":null,\"S26\":\"no\",\"S22\":12,\"S23\":1,\"S21\":1.5}",
     "S22-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S24\":\"yes\"}", "S24-1"},
    /* RC frames: settlement cracking with tilt > 1 % is the ground danger state (§4.2.1-3). */
    {"selfbuilt", "selfbuilt-clean", RC_FRAME "\"S26\":\"yes\",\"S21\":1.1}", "S26-ground"},
    {"selfbuilt", "selfbuilt-clean", RC_FRAME "\"S26\":\"yes\",\"S21\":1.0}", "S26-cracked"},
    {"selfbuilt", "selfbuilt-clean", RC_FRAME "\"S26\":\"no\",\"S21\":1.5}", ""},
    /* Settlement rates of §4.2.1-1 (G1): over 4 mm/month twice, or 2 mm/day, not converging. */
    {"selfbuilt", "selfbuilt-clean", "{\"S27a\":4.1,\"S27b\":4.1,\"S27d\":\"no\"}", "S27-G1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S27a\":4.1,\"S27b\":4.1,\"S27d\":\"yes\"}", ""},
    {"selfbuilt", "selfbuilt-clean", "{\"S27a\":4.1,\"S27b\":4.0}", ""},
    {"selfbuilt", "selfbuilt-clean", "{\"S27c\":2.1,\"S27d\":\"no\"}", "S27-G1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S27c\":2.0}", ""},
    /* High-rise (> 6 storeys): H1-H3 of §4.2.2, the tilt limit by height. */
    {"selfbuilt", "selfbuilt-clean", HIGH_RISE(24) "\"S21\":0.8}", "S21-H3"},
    {"selfbuilt", "selfbuilt-clean", HIGH_RISE(24) "\"S21\":0.7}", ""},
    {"selfbuilt", "selfbuilt-clean", HIGH_RISE(60) "\"S21\":0.8}", "S21-H3"},
    {"selfbuilt", "selfbuilt-clean", HIGH_RISE(60.1) "\"S21\":0.6}", "S21-H3"},
    {"selfbuilt", "selfbuilt-clean", HIGH_RISE(60.1) "\"S21\":0.5}", ""},
    /* Six storeys but higher than 24 m: high-rise by height (S47h), the same limits. */
    {"selfbuilt", "selfbuilt-clean",
     "{\"S01\":6,\"S47h\":\"yes\",\"S47\":26,\"S48a\":0,\"S48b\":0,\"S48d\":\"no\",\"S21\":0.8}",
     "S21-H3"},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S01\":6,\"S47h\":\"yes\",\"S47\":26,\"S48a\":0,\"S48b\":0,\"S48d\":\"no\",\"S21\":0.7}",
     ""},
    {"selfbuilt", "selfbuilt-clean", "{\"S01\":6,\"S47h\":\"no\",\"S21\":0.8}", ""},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S01\":7,\"S47h\":null,\"S47\":22,\"S48a\":0.06,\"S48b\":0.06,\"S48c\":\"no\",\"S48d\":"
     "\"no\"}",
     "S48-H1"},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S01\":7,\"S47h\":null,\"S47\":22,\"S48a\":0.06,\"S48b\":0.06,\"S48c\":\"yes\",\"S48d\":"
     "\"no\"}",
     ""},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S01\":7,\"S47h\":null,\"S47\":22,\"S48a\":0.05,\"S48b\":0.06,\"S48d\":\"no\"}", ""},
    {"selfbuilt", "selfbuilt-clean", HIGH_RISE(22) "\"S48d\":\"yes\"}", "S48-H2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S25\":\"minor\"}", "S25-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S25\":\"over10\"}", "S25-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S30\":\"isolated\"}", "S30-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S30\":\"widespread\"}", "S30-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S31\":\"isolated\"}", "S31-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S31\":\"widespread\"}", "S31-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S32\":\"isolated\"}", "S32-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S32\":\"widespread\"}", "S32-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S33\":\"isolated\"}", "S33-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S33\":\"widespread\"}", "S33-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S34\":\"isolated\"}", "S34-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S34\":\"widespread\"}", "S34-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S35\":\"isolated\"}", "S35-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S35\":\"widespread\"}", "S35-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S36\":\"isolated\"}", "S36-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S36\":\"widespread\"}", "S36-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S37\":\"isolated\"}", "S37-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S37\":\"widespread\"}", "S37-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S38\":\"isolated\"}", "S38-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S38\":\"widespread\"}", "S38-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S39\":\"isolated\"}", "S39-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S39\":\"widespread\"}", "S39-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S40\":\"isolated\"}", "S40-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S40\":\"widespread\"}", "S40-2"},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S03\":\"brick_timber\",\"S36\":null,\"S37\":null,\"S38\":null,\"S40\":null,\"S41\":"
     "\"none\"}",
     ""},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S03\":\"brick_timber\",\"S36\":null,\"S37\":null,\"S38\":null,\"S40\":null,\"S41\":"
     "\"isolated\"}",
     "S41-1"},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S03\":\"brick_timber\",\"S36\":null,\"S37\":null,\"S38\":null,\"S40\":null,\"S41\":"
     "\"widespread\"}",
     "S41-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S13\":\"yes\",\"S10\":\"qualified\",\"S42\":\"isolated\"}",
     "S42-1"},
    {"selfbuilt", "selfbuilt-clean",
     "{\"S13\":\"yes\",\"S10\":\"qualified\",\"S42\":\"widespread\"}", "S42-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S43\":\"isolated\"}", "S43-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S43\":\"widespread\"}", "S43-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S50\":\"C\",\"S50a\":2020}", "S50-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S50\":\"D\",\"S50a\":2020}", "S50-2"},
    {"selfbuilt", "selfbuilt-clean", "{\"S50\":\"B\",\"S50a\":2020}", ""},
    {"selfbuilt", "selfbuilt-business-clean", "{\"S51\":\"no\"}", "S51-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S52\":\"yes\"}", "S52-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S53\":\"yes\"}", "S53-1"},
    {"selfbuilt", "selfbuilt-clean", "{\"S54\":\"yes\"}", "S54-1"},
    {"rural", "rural-clean", "{}", ""},
    {"rural", "rural-clean", "{\"R10\":\"yes\",\"R11\":[\"landslide\"]}", "R10-1"},
    {"rural", "rural-clean", "{\"R20\":\"b\"}", "R20-3"},
    {"rural", "rural-clean", "{\"R20\":\"c\"}", "R20-2"},
    {"rural", "rural-clean", "{\"R20\":\"d\"}", "R20-1"},
    {"rural", "rural-clean", "{\"R21\":\"b\"}", "R21-3"},
    {"rural", "rural-clean", "{\"R21\":\"c\"}", "R21-2"},
    {"rural", "rural-clean", "{\"R21\":\"d\"}", "R21-1"},
    {"rural", "rural-clean", "{\"R22\":\"b\"}", "R22-3"},
    {"rural", "rural-clean", "{\"R22\":\"c\"}", "R22-2"},
    {"rural", "rural-clean", "{\"R22\":\"d\"}", "R22-1"},
    {"rural", "rural-clean", "{\"R23\":\"b\"}", "R23-3"},
    {"rural", "rural-clean", "{\"R23\":\"c\"}", "R23-2"},
    {"rural", "rural-clean", "{\"R23\":\"d\"}", "R23-1"},
    {"rural", "rural-clean", "{\"R24\":\"b\"}", "R24-3"},
    {"rural", "rural-clean", "{\"R24\":\"c\"}", "R24-2"},
    {"rural", "rural-clean", "{\"R24\":\"d\"}", "R24-1"},
    {"rural", "rural-clean", "{\"R25\":\"b\"}", "R25-3"},
    {"rural", "rural-clean", "{\"R25\":\"c\"}", "R25-2"},
    {"rural", "rural-clean", "{\"R25\":\"d\"}", "R25-1"},
    {"rural", "rural-clean", "{\"R21\":\"na\"}", ""},
};

static int
word_in(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static void
check_template_rules(const char *id)
{
	struct fc_template *tpl = load_template(id);
	char got[1024], context[512];
	size_t ran = 0;

	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		json_t *a;

		if (strcmp(cases[c].tpl, id) != 0)
			continue;
		snprintf(context, sizeof context, "%s + %s", cases[c].base, cases[c].patch);
		a = answers(cases[c].base, cases[c].patch);
		derive(tpl, a, got, sizeof got, context);
		if (strcmp(got, cases[c].want) != 0)
			fail_msg("%s: raised [%s], expected [%s]", context, got, cases[c].want);
		json_decref(a);
		ran++;
	}
	assert_true(ran > 0);
	/* Every rule of the template is expected by some case: none goes untested. */
	for (size_t r = 0; r < tpl->n_rules; r++) {
		int seen = 0;

		for (size_t c = 0; c < sizeof cases / sizeof cases[0] && !seen; c++)
			seen = strcmp(cases[c].tpl, id) == 0 &&
			       word_in(cases[c].want, tpl->rules[r].id);
		if (!seen)
			fail_msg("%s: rule %s has no case that makes it fire", id,
				 tpl->rules[r].id);
	}
	fc_template_free(tpl);
}

static void
test_every_gas_rule_fires_on_its_answers_and_only_on_them(void **state)
{
	(void)state;
	check_template_rules("gas");
}

static void
test_every_selfbuilt_rule_fires_on_its_answers_and_only_on_them(void **state)
{
	(void)state;
	check_template_rules("selfbuilt");
}

static void
test_every_rural_rule_fires_on_its_answers_and_only_on_them(void **state)
{
	(void)state;
	check_template_rules("rural");
}

/* A hazard carries its source, so a reviewer sees what is law and what is practice. */
static void
test_a_hazard_keeps_its_severity_note_tag_and_clause(void **state)
{
	struct fc_template *tpl = load_template("gas");
	json_t *a = answers("gas-clean", "{\"G15\":\"yes\"}");
	unsigned char shown[256];
	json_t *eff = fc_template_visibility(tpl, a, YEAR, shown);
	struct fc_error err = {0};
	json_t *hz = NULL, *h;

	(void)state;
	assert_int_equal(fc_hazard_derive(tpl, eff, YEAR, &hz, &err), 0);
	assert_int_equal(json_array_size(hz), 1);
	h = json_array_get(hz, 0);
	assert_string_equal(json_string_value(json_object_get(h, "item")), "G15");
	assert_string_equal(json_string_value(json_object_get(h, "severity")), "major");
	assert_string_equal(json_string_value(json_object_get(h, "tag")), "S");
	assert_non_null(strstr(json_string_value(json_object_get(h, "clause")), "第九条(二)"));
	assert_string_equal(json_string_value(json_object_get(h, "note")),
			    "燃气引入管、立管或水平干管设置在卫生间内");
	assert_string_equal(json_string_value(json_object_get(h, "note_en")),
			    "Service pipe, riser or main in a bathroom");
	json_decref(hz);
	json_decref(eff);
	json_decref(a);
	fc_template_free(tpl);
}

static void
test_an_unverified_figure_says_so_in_the_hazard(void **state)
{
	struct fc_template *tpl = load_template("gas");
	json_t *a;
	struct fc_checklist cl;
	struct fc_error err = {0};

	(void)state;
	a = answers("gas-clean", "{\"G12\":2001,\"G70\":\"yes\"}");
	assert_int_equal(fc_checklist_evaluate(tpl, a, YEAR, "en", &cl, NULL, &err), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(cl.hazards, 0), "tag")), "S?");
	assert_non_null(json_object_get(json_array_get(cl.hazards, 0), "verify"));
	fc_checklist_release(&cl);
	json_decref(a);
	fc_template_free(tpl);
}

/* Obligations, outcome, record type, grade: through fc_checklist_evaluate(). */

static json_t *
evaluate_fails(const char *tpl_id, const char *base, const char *patch, const char *lang)
{
	struct fc_template *tpl = load_template(tpl_id);
	json_t *a = answers(base, patch);
	json_t *problems = json_array();
	struct fc_checklist cl;
	struct fc_error err = {0};

	assert_int_equal(fc_checklist_evaluate(tpl, a, YEAR, lang, &cl, problems, &err), -1);
	assert_int_equal(err.code, FC_E_INVALID);
	/* The count of problems is worded in lang, as the problems are. */
	assert_non_null(strstr(err.msg, strcmp(lang, "zh") == 0 ? " 处问题，第一处："
								: " in the answers; first: "));
	assert_null(cl.answers);
	json_decref(a);
	fc_template_free(tpl);
	return problems;
}

static void
evaluate_ok(const char *tpl_id, const char *base, const char *patch, struct fc_checklist *cl)
{
	struct fc_template *tpl = load_template(tpl_id);
	json_t *a = answers(base, patch);
	json_t *problems = json_array();
	struct fc_error err = {0};

	fc_checklist_evaluate(tpl, a, YEAR, "en", cl, problems, &err);
	assert_no_problems(problems, patch);
	json_decref(problems);
	json_decref(a);
	fc_template_free(tpl);
}

static const char *
problem(const json_t *problems, size_t i)
{
	return json_string_value(json_object_get(json_array_get(problems, i), "message"));
}

static void
test_a_major_gas_hazard_requires_the_notice_and_a_signature_or_refusal(void **state)
{
	json_t *p = evaluate_fails("gas", "gas-clean", "{\"G14\":\"yes\"}", "en");

	(void)state;
	assert_int_equal(json_array_size(p), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "item")),
			    "G70");
	assert_string_equal(
	    problem(p, 0),
	    "G70: Rectification notice issued: a major hazard requires a written rectification "
	    "notice and the user's signature or refusal (hazards: G14) [S "
	    "《城镇燃气经营安全重大隐患判定标准》(住建部 2023) 第九条 (一)–(四)]");
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 1), "item")),
			    "G71");
	json_decref(p);
}

static void
test_a_bad_answer_set_also_names_what_its_hazards_require(void **state)
{
	json_t *p = evaluate_fails("gas", "gas-clean", "{\"G14\":\"yes\",\"G24\":99}", "en");

	(void)state;
	assert_int_equal(json_array_size(p), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "item")),
			    "G24");
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 1), "item")),
			    "G70");
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 2), "item")),
			    "G71");
	json_decref(p);
	/* An item already named is not named twice. */
	p = evaluate_fails("gas", "gas-clean", "{\"G14\":\"yes\",\"G70\":\"perhaps\"}", "en");
	assert_int_equal(json_array_size(p), 2);
	assert_string_equal(problem(p, 0),
			    "G70: Rectification notice issued must be yes, no or na");
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 1), "item")),
			    "G71");
	json_decref(p);
}

static void
test_the_notice_obligation_speaks_chinese_too(void **state)
{
	json_t *p = evaluate_fails("gas", "gas-clean", "{\"G14\":\"yes\",\"G70\":\"yes\"}", "zh");

	(void)state;
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(problem(p, 0),
			    "G71：用户签字：重大隐患必须书面告知用户整改(开具隐患整改通知书)"
			    "，并记录用户签字或拒签（隐患：G14）[S "
			    "《城镇燃气经营安全重大隐患判定标准》(住建部 2023) 第九条 (一)–(四)]");
	json_decref(p);
}

static void
test_a_refused_signature_satisfies_the_notice_but_needs_a_witness_note(void **state)
{
	struct fc_checklist cl;
	json_t *p = evaluate_fails("gas", "gas-clean",
				   "{\"G14\":\"yes\",\"G70\":\"yes\",\"G71\":\"refused\"}", "en");

	(void)state;
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "item")),
			    "G73");
	json_decref(p);
	evaluate_ok(
	    "gas", "gas-clean",
	    "{\"G14\":\"yes\",\"G70\":\"yes\",\"G71\":\"refused\",\"G73\":\"物业王某见证\"}", &cl);
	assert_string_equal(cl.outcome, "major");
	assert_string_equal(cl.record_type, "inspection");
	fc_checklist_release(&cl);
}

static void
test_an_ordinary_hazard_requires_the_notice_only(void **state)
{
	struct fc_checklist cl;
	json_t *p = evaluate_fails("gas", "gas-clean", "{\"G19\":\"no\"}", "en");

	(void)state;
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(p, 0), "item")),
			    "G70");
	json_decref(p);
	evaluate_ok("gas", "gas-clean", "{\"G19\":\"no\",\"G70\":\"yes\"}", &cl);
	assert_string_equal(cl.outcome, "ordinary");
	fc_checklist_release(&cl);
}

static void
test_the_worst_severity_is_the_outcome_and_every_hazard_is_kept(void **state)
{
	struct fc_checklist cl;

	(void)state;
	evaluate_ok("gas", "gas-major", "{\"G40\":\"leak\",\"G42\":\"hose\"}", &cl);
	assert_string_equal(cl.outcome, "stop");
	assert_int_equal(json_array_size(cl.hazards), 3);
	fc_checklist_release(&cl);
	evaluate_ok("gas", "gas-clean", "{}", &cl);
	assert_string_equal(cl.outcome, "pass");
	assert_int_equal(json_array_size(cl.hazards), 0);
	fc_checklist_release(&cl);
}

static void
test_nobody_home_makes_a_visit_record_with_that_outcome(void **state)
{
	struct fc_checklist cl;

	(void)state;
	evaluate_ok("gas", "gas-nobody-home", "{}", &cl);
	assert_string_equal(cl.record_type, "visit");
	assert_string_equal(cl.outcome, "nobody_home");
	assert_int_equal(json_array_size(cl.hazards), 0);
	fc_checklist_release(&cl);
	evaluate_ok("gas", "gas-nobody-home",
		    "{\"G00\":\"refused\",\"G80\":null,\"G81\":null,\"G82\":null,\"G83\":null,"
		    "\"G88\":null,\"G84\":\"不方便\",\"G85\":\"yes\"}",
		    &cl);
	assert_string_equal(cl.record_type, "visit");
	assert_string_equal(cl.outcome, "refused");
	fc_checklist_release(&cl);
}

static void
test_the_selfbuilt_outcome_ignores_legality_findings(void **state)
{
	struct fc_checklist cl;

	(void)state;
	evaluate_ok("selfbuilt", "selfbuilt-clean", "{\"S11\":\"none\"}", &cl);
	assert_string_equal(cl.outcome, "none");
	assert_int_equal(json_array_size(cl.hazards), 1);
	fc_checklist_release(&cl);
}

static void
test_a_serious_selfbuilt_finding_requires_stop_evacuate_and_seal(void **state)
{
	struct fc_checklist cl;
	json_t *p = evaluate_fails("selfbuilt", "selfbuilt-clean", "{\"S24\":\"yes\"}", "en");

	(void)state;
	/* S61 lacks stop_use, evacuate and seal; S62 (measures in place) is not yes. */
	/* ... nor may it keep "monitor" (normal use) for a house with a hazard. */
	assert_int_equal(json_array_size(p), 5);
	assert_non_null(
	    strstr(problem(p, 0), "S61: Measures taken or ordered: a house with a serious hazard"));
	assert_non_null(strstr(problem(p, 3), "S62:"));
	assert_non_null(strstr(problem(p, 4), "S61: Measures taken or ordered: a house with a "
					      "hazard cannot be left in normal use"));
	json_decref(p);
	evaluate_ok("selfbuilt", "selfbuilt-clean",
		    "{\"S24\":\"yes\",\"S61\":[\"stop_use\",\"evacuate\",\"seal\",\"appraise\"],"
		    "\"S62\":\"yes\"}",
		    &cl);
	assert_string_equal(cl.outcome, "serious");
	/* Sliding ground (G5) makes the JGJ 125-2016 grade D at stage 1. */
	assert_non_null(cl.grade);
	assert_string_equal(json_string_value(json_object_get(cl.grade, "grade")), "D");
	assert_string_equal(json_string_value(json_object_get(cl.grade, "rule")), "J-6.2.3-1");
	fc_checklist_release(&cl);
}

static void
test_the_surveyor_may_raise_the_selfbuilt_conclusion_but_not_lower_it(void **state)
{
	struct fc_checklist cl;
	json_t *p =
	    evaluate_fails("selfbuilt", "selfbuilt-clean",
			   "{\"S30\":\"isolated\",\"S60\":\"none\",\"S61\":[\"appraise\"]}", "en");

	(void)state;
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(
	    problem(p, 0),
	    "S60: Screening conclusion (may be raised) cannot be lower than the outcome the "
	    "answers give, 'some'");
	json_decref(p);
	/* Raised, it needs a note saying why (docs/selfbuilt.md §2: "with a note"). */
	p = evaluate_fails("selfbuilt", "selfbuilt-clean",
			   "{\"S30\":\"isolated\",\"S60\":\"serious\",\"S61\":[\"stop_use\","
			   "\"evacuate\",\"seal\"],\"S62\":\"yes\"}",
			   "en");
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(problem(p, 0),
			    "S64: Notes: S60 raises the outcome from 'some hazard' to 'serious "
			    "hazard'; say why here");
	json_decref(p);
	p = evaluate_fails("selfbuilt", "selfbuilt-clean",
			   "{\"S30\":\"isolated\",\"S60\":\"serious\",\"S61\":[\"stop_use\","
			   "\"evacuate\",\"seal\"],\"S62\":\"yes\",\"S64\":\"\"}",
			   "zh");
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(problem(p, 0), "S64：备注：S60将结论从“存在一定安全隐患”上调为“存在严重"
					   "安全隐患”，须在此说明理由");
	json_decref(p);
	evaluate_ok("selfbuilt", "selfbuilt-clean",
		    "{\"S30\":\"isolated\",\"S60\":\"serious\",\"S61\":[\"stop_use\",\"evacuate\","
		    "\"seal\"],"
		    "\"S62\":\"yes\",\"S64\":\"墙体裂缝仍在发展\"}",
		    &cl);
	assert_string_equal(cl.outcome, "serious");
	assert_null(cl.grade); /* a screening: no ground danger, so no formal grade */
	fc_checklist_release(&cl);
}

static void
test_a_rural_house_is_graded_by_its_worst_part(void **state)
{
	struct fc_checklist cl;
	const json_t *in;

	(void)state;
	evaluate_ok("rural", "rural-c", "{}", &cl);
	assert_string_equal(cl.outcome, "C");
	assert_string_equal(json_string_value(json_object_get(cl.grade, "method")), "rural2019");
	assert_string_equal(json_string_value(json_object_get(cl.grade, "rule")), "R-worst");
	in = json_object_get(cl.grade, "input");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(in, "parts"), "bearing_wall")), "c");
	assert_true(json_is_false(json_object_get(in, "site_dangerous")));
	assert_null(json_object_get(in, "override")); /* nothing entered, nothing sent */
	fc_checklist_release(&cl);
}

static void
test_a_dangerous_rural_site_is_grade_d(void **state)
{
	struct fc_checklist cl;

	(void)state;
	evaluate_ok("rural", "rural-clean",
		    "{\"R10\":\"yes\",\"R11\":[\"landslide\"],\"R50\":\"relocate\"}", &cl);
	assert_string_equal(cl.outcome, "D");
	assert_string_equal(json_string_value(json_object_get(cl.grade, "rule")), "R-site");
	fc_checklist_release(&cl);
}

static void
test_the_rural_surveyor_raises_the_grade_with_a_note(void **state)
{
	struct fc_checklist cl;
	json_t *p;

	(void)state;
	evaluate_ok("rural", "rural-c", "{\"R30\":\"D\",\"R31\":\"整体老化\",\"R50\":\"rebuild\"}",
		    &cl);
	assert_string_equal(cl.outcome, "D");
	assert_string_equal(json_string_value(json_object_get(cl.grade, "computed_grade")), "C");
	fc_checklist_release(&cl);
	p = evaluate_fails("rural", "rural-c", "{\"R30\":\"A\",\"R31\":\"看着还行\"}", "en");
	assert_int_equal(json_array_size(p), 1);
	assert_non_null(strstr(problem(p, 0), "grading (rural2019): "));
	json_decref(p);
}

static void
test_a_three_storey_rural_house_is_sent_to_jgj_125(void **state)
{
	json_t *p = evaluate_fails(
	    "rural", "rural-clean",
	    "{\"R01\":\"3plus\",\"R20\":null,\"R21\":null,\"R22\":null,\"R23\":null,\"R24\":null,"
	    "\"R25\":null}",
	    "en");

	(void)state;
	assert_int_equal(json_array_size(p), 1);
	assert_non_null(
	    strstr(problem(p, 0), "R01: Storeys: this guide covers one- and two-storey"));
	json_decref(p);
}

/* The console's "major hazards": each programme's worst severity, never its mildest. */
static void
test_each_programmes_worst_severity_counts_as_major_and_its_mildest_does_not(void **state)
{
	static const char *const ids[] = {"gas", "selfbuilt", "rural"};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct fc_template *tpl = load_template(ids[i]);

		assert_true(tpl->n_severities >= 2);
		assert_true(fc_hazard_is_major(tpl->severities[0].id));
		assert_false(fc_hazard_is_major(tpl->severities[tpl->n_severities - 1].id));
		fc_template_free(tpl);
	}
	assert_true(fc_hazard_is_major("major"));
	assert_false(fc_hazard_is_major(NULL));
	assert_false(fc_hazard_is_major(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		test_each_programmes_worst_severity_counts_as_major_and_its_mildest_does_not),
	    cmocka_unit_test(test_every_gas_rule_fires_on_its_answers_and_only_on_them),
	    cmocka_unit_test(test_every_selfbuilt_rule_fires_on_its_answers_and_only_on_them),
	    cmocka_unit_test(test_every_rural_rule_fires_on_its_answers_and_only_on_them),
	    cmocka_unit_test(test_a_hazard_keeps_its_severity_note_tag_and_clause),
	    cmocka_unit_test(test_an_unverified_figure_says_so_in_the_hazard),
	    cmocka_unit_test(
		test_a_major_gas_hazard_requires_the_notice_and_a_signature_or_refusal),
	    cmocka_unit_test(test_a_bad_answer_set_also_names_what_its_hazards_require),
	    cmocka_unit_test(test_the_notice_obligation_speaks_chinese_too),
	    cmocka_unit_test(
		test_a_refused_signature_satisfies_the_notice_but_needs_a_witness_note),
	    cmocka_unit_test(test_an_ordinary_hazard_requires_the_notice_only),
	    cmocka_unit_test(test_the_worst_severity_is_the_outcome_and_every_hazard_is_kept),
	    cmocka_unit_test(test_nobody_home_makes_a_visit_record_with_that_outcome),
	    cmocka_unit_test(test_the_selfbuilt_outcome_ignores_legality_findings),
	    cmocka_unit_test(test_a_serious_selfbuilt_finding_requires_stop_evacuate_and_seal),
	    cmocka_unit_test(test_the_surveyor_may_raise_the_selfbuilt_conclusion_but_not_lower_it),
	    cmocka_unit_test(test_a_rural_house_is_graded_by_its_worst_part),
	    cmocka_unit_test(test_a_dangerous_rural_site_is_grade_d),
	    cmocka_unit_test(test_the_rural_surveyor_raises_the_grade_with_a_note),
	    cmocka_unit_test(test_a_three_storey_rural_house_is_sent_to_jgj_125),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
