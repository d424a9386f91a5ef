/* SPDX-License-Identifier: Apache-2.0 */
/*
 * households-gen.h: made-up but realistic households for demos and benches.
 *
 * Deterministic: the same seed gives the same households, row by row, so a
 * bench run is comparable to the last one and household i can be generated
 * again without keeping the file (bench-search picks its queries that way).
 * Chinese districts, street addresses (路/街/巷 + 号 + 栋/单元/室), villages
 * (村/组) for rural houses, shop names for catering and business users,
 * common surnames with given names, mobile numbers 1[3-9]xxxxxxxxx, the five
 * kinds in the proportions of a mixed urban-rural district, and last checks
 * spread over the three years before a reference day (some never checked).
 *
 * Header-only (static inline) because each bench source builds into its own
 * program: gen-households writes CSV with it, bench-search fills a store.
 */
#ifndef FC_BENCH_HOUSEHOLDS_GEN_H
#define FC_BENCH_HOUSEHOLDS_GEN_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/store.h"

#define GEN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const gen_districts[] = {
    "新华区", "解放区", "东城区",   "西城区",	"长安区", "桥西区",
    "高新区", "开发区", "南湖街道", "北关街道", "城关镇",
};
static const char *const gen_towns[] = {
    "城关镇", "石门镇", "柳林乡", "王庄乡", "李家镇", "河口镇", "青山乡", "杨柳镇",
};
static const char *const gen_streets[] = {
    "新华", "解放", "人民", "建设", "胜利", "和平", "中山", "东风", "光明", "幸福", "团结", "文化",
    "青年", "朝阳", "红旗", "育才", "振兴", "长江", "黄河", "泰山", "华山", "迎宾", "友谊", "民主",
    "健康", "工农", "花园", "石榴", "槐荫", "北大", "南关", "西门", "东门", "府前", "鼓楼", "钟楼",
    "新民", "永安", "太平", "复兴", "兴华", "平安", "长青", "金桥", "银河", "丰收", "前进", "滨河",
    "沿江", "望湖", "凤凰", "龙泉", "桃园", "梨园", "杏林", "松柏", "翠竹", "清风", "明月", "锦绣",
};
static const char *const gen_street_kinds[] = {"路", "路", "路", "街", "街", "巷", "大道"};
static const char *const gen_villages[] = {
    "石门", "柳树", "王庄", "李家", "张家", "后沟", "前进", "红星", "杨湾", "马坡",
    "河西", "东岭", "南塬", "北坪", "黄土", "白杨", "槐树", "枣林", "桃花", "梨树",
    "陈家", "刘家", "赵庄", "孙家", "周家", "吴堡", "郑村", "冯庄", "高家", "谢家",
};
static const char *const gen_shops[] = {
    "面馆", "饭店", "小吃", "火锅店", "烧烤", "饺子馆", "包子铺", "快餐", "酒楼", "茶餐厅",
};
static const char *const gen_businesses[] = {
    "超市", "五金店", "药房", "理发店", "洗衣店", "便利店", "建材店", "服装店", "文具店", "汽修厂",
};
/* Roughly by frequency: the first ones come up far more often. */
static const char *const gen_surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐",	"孙",	"马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐",	"许",	"韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋",	"蔡",	"余", "杜",
    "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜",	"崔",	"钟", "谭",
    "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "方", "白",	"邹",	"孟", "熊",
    "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "欧阳", "司马",
};
static const char *const gen_given[] = {
    "伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",   "洋",   "勇",   "艳",
    "杰",   "娟",   "涛",   "明",   "超",   "秀英", "霞",   "平",   "刚",   "桂英", "建国", "建华",
    "国强", "志强", "玉兰", "海燕", "春梅", "秀兰", "文",   "华",   "红",   "英",   "辉",   "鹏",
    "斌",   "宇",   "浩",   "凯",   "婷",   "雪",   "琳",   "晨",   "阳",   "鑫",   "佳",   "欣",
    "子涵", "梓轩", "雨桐", "思远", "德福", "长顺", "金凤", "翠花", "有才", "保国", "振华", "淑珍",
};

struct gen {
	uint64_t seed;
	long today; /* days since 1970-01-01 of the reference day */
};

/* splitmix64 on (seed, i, salt): household i is the same whatever came before. */
static inline uint64_t
gen_rand(const struct gen *g, long i, unsigned salt)
{
	uint64_t z = g->seed + (uint64_t)i * 0x9E3779B97F4A7C15ULL + salt * 0xD1B54A32D192ED03ULL;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline unsigned
gen_pick(const struct gen *g, long i, unsigned salt, unsigned n)
{
	return (unsigned)(gen_rand(g, i, salt) % n);
}

/* Favour the front of a list (squared uniform): common surnames, main streets. */
static inline unsigned
gen_pick_skewed(const struct gen *g, long i, unsigned salt, unsigned n)
{
	double u = (double)(gen_rand(g, i, salt) >> 11) / 9007199254740992.0;

	return (unsigned)(u * u * n);
}

/* Civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm). */
static inline void
gen_date(long days, char out[11])
{
	long z = days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;

	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y + (m <= 2)) % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

/* today_iso "YYYY-MM-DD" or NULL for the current UTC day. */
static inline void
gen_init(struct gen *g, uint64_t seed, const char *today_iso)
{
	int y, m, d;

	g->seed = seed * 0x2545F4914F6CDD1DULL + 1;
	if (today_iso != NULL && sscanf(today_iso, "%d-%d-%d", &y, &m, &d) == 3) {
		/* Days from civil, the inverse of gen_date. */
		long yy = y - (m <= 2);
		long era = (yy >= 0 ? yy : yy - 399) / 400;
		long yoe = yy - era * 400;
		long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
		long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		g->today = era * 146097 + doe - 719468;
	} else {
		g->today = (long)(time(NULL) / 86400);
	}
}

/* Household i's district: one of the urban ones, or for a rural house its town. */
static inline const char *
gen_district(const struct gen *g, long i)
{
	if (gen_pick(g, i, 1, 100) >= 92)
		return gen_towns[gen_pick(g, i, 17, GEN_COUNT(gen_towns))];
	return gen_districts[gen_pick(g, i, 8, GEN_COUNT(gen_districts))];
}

/* Household number i (from 1) of this generator. */
static inline void
gen_household(const struct gen *g, long i, struct fc_household *h)
{
	unsigned k = gen_pick(g, i, 1, 100);
	const char *surname = gen_surnames[gen_pick_skewed(g, i, 2, GEN_COUNT(gen_surnames))];
	const char *given = gen_given[gen_pick(g, i, 3, GEN_COUNT(gen_given))];
	const char *street = gen_streets[gen_pick_skewed(g, i, 4, GEN_COUNT(gen_streets))];
	const char *skind = gen_street_kinds[gen_pick(g, i, 5, GEN_COUNT(gen_street_kinds))];
	unsigned num = 1 + gen_pick(g, i, 6, 300);
	uint64_t phone = gen_rand(g, i, 7);

	memset(h, 0, sizeof *h);
	snprintf(h->id, sizeof h->id, "HH-%06ld", i);
	snprintf(h->resident, sizeof h->resident, "%s%s", surname, given);
	snprintf(h->phone, sizeof h->phone, "1%u%09llu", 3 + (unsigned)(phone % 7),
		 (unsigned long long)((phone >> 8) % 1000000000ULL));
	snprintf(h->district, sizeof h->district, "%s", gen_district(g, i));

	if (k < 70) {
		strcpy(h->kind, "residential");
		if (gen_pick(g, i, 9, 4) == 0) /* an old lane house, no flats */
			snprintf(h->address, sizeof h->address, "%s巷%u号", street, num % 60 + 1);
		else
			snprintf(h->address, sizeof h->address, "%s%s%u号%u栋%u单元%u%02u室",
				 street, skind, num, 1 + gen_pick(g, i, 10, 20),
				 1 + gen_pick(g, i, 11, 4), 1 + gen_pick(g, i, 12, 18),
				 1 + gen_pick(g, i, 13, 4));
	} else if (k < 78) {
		strcpy(h->kind, "catering");
		snprintf(h->address, sizeof h->address, "%s%s%u号(%s记%s)", street, skind, num,
			 surname, gen_shops[gen_pick(g, i, 14, GEN_COUNT(gen_shops))]);
	} else if (k < 86) {
		strcpy(h->kind, "business");
		snprintf(h->address, sizeof h->address, "%s%s%u号(%s%s)", street, skind, num,
			 street, gen_businesses[gen_pick(g, i, 15, GEN_COUNT(gen_businesses))]);
	} else if (k < 92) {
		strcpy(h->kind, "selfbuilt");
		snprintf(h->address, sizeof h->address, "%s%s%u号附%u号", street, skind, num,
			 1 + gen_pick(g, i, 16, 9));
	} else {
		strcpy(h->kind, "rural");
		snprintf(h->address, sizeof h->address, "%s村%u组%u号",
			 gen_villages[gen_pick_skewed(g, i, 18, GEN_COUNT(gen_villages))],
			 1 + gen_pick(g, i, 19, 12), 1 + gen_pick(g, i, 20, 80));
	}
	/* 15% never checked; the rest within the last three years. */
	if (gen_pick(g, i, 21, 100) >= 15)
		gen_date(g->today - 1 - (long)gen_pick(g, i, 22, 3 * 365), h->last_check);
}

#endif
