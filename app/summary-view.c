/* SPDX-License-Identifier: Apache-2.0 */
/*
 * summary-view.c: lays out the supervisors' summary (see summary-view.h) from
 * the figures app/summary.c reads.
 */
#include <string.h>

#include "app/summary-view.h"
#include "app/summary.h"

/* The severity as a checklist names it, or its id when none does. */
static const char *
sv_severity(const struct fc_templates *set, const char *id, const char *lang)
{
	for (size_t i = 0; set != NULL && i < set->n; i++)
		for (size_t j = 0; j < set->v[i]->n_severities; j++)
			if (strcmp(set->v[i]->severities[j].id, id) == 0)
				return fc_label_get(&set->v[i]->severities[j].label, lang);
	return id;
}

/* "k1 n1, k2 n2" from an object of counts; severities named when set is given. */
static void
sv_counts(struct fc_view *v, const json_t *counts, const struct fc_templates *set)
{
	const char *k;
	json_t *n;
	int first = 1;

	json_object_foreach((json_t *)counts, k, n) {
		if (!first)
			fc_view_addf(v, "%s", fc_view_word(v, ", ", "，"));
		fc_view_str(v, set != NULL ? sv_severity(set, k, v->lang) : k);
		fc_view_addf(v, " %lld", (long long)json_integer_value(n));
		first = 0;
	}
}

static void
sv_title(struct fc_view *v, const json_t *summary, int by_inspector)
{
	const char *since = fc_summary_since(summary);

	if (v->zh)
		fc_view_addf(v, "汇总（按%s），", by_inspector ? "检查员" : "区域");
	else
		fc_view_addf(v, "Summary by %s, ", by_inspector ? "inspector" : "district");
	fc_view_str(v, since[0] != '\0' ? since : fc_view_word(v, "the start", "开始"));
	fc_view_addf(v, "%s", fc_view_word(v, " to ", " 至 "));
	fc_view_str(v, fc_summary_until(summary));
	fc_view_end(v, FC_VIEW_STRONG);
}

/* Hazards: found by severity and by item, then what is still open. */
static void
sv_hazards(struct fc_view *v, const struct fc_summary_group *g, const struct fc_templates *set)
{
	fc_view_addf(v, "%s", fc_view_word(v, "  Hazards found: ", "  发现隐患："));
	if (json_object_size(g->by_severity) == 0)
		fc_view_addf(v, "0");
	sv_counts(v, g->by_severity, set);
	fc_view_end(v, FC_VIEW_PLAIN);
	if (json_object_size(g->by_item) > 0) {
		fc_view_addf(v, "%s", fc_view_word(v, "  Hazards by item: ", "  隐患按项目："));
		sv_counts(v, g->by_item, NULL);
		fc_view_end(v, FC_VIEW_PLAIN);
	}
	fc_view_addf(v,
		     v->zh ? "  未整改隐患 %lld，整改超期 %lld"
			   : "  Hazards open %lld, overdue for follow-up %lld",
		     g->hazards_open, g->hazards_overdue);
	fc_view_end(v, g->hazards_overdue > 0 ? FC_VIEW_STRONG : FC_VIEW_PLAIN);
}

/* "  设备 ea6514ef（ana" or "  Device ea6514ef (ana": who a device line is about. */
static void
sv_device(struct fc_view *v, const char *en, const char *zh, const char *device,
	  const char *inspector)
{
	fc_view_addf(v, "  %s ", fc_view_word(v, en, zh));
	fc_view_str(v, device);
	fc_view_addf(v, "%s", fc_view_word(v, " (", "（"));
	fc_view_str(v, inspector);
}

/* Each device's last sync and what the server holds; a fork is never missed. */
static void
sv_devices(struct fc_view *v, const struct fc_summary_group *g)
{
	struct fc_summary_device d;
	struct fc_summary_fork f;
	char when[32];

	for (size_t j = 0; j < g->n_devices; j++) {
		fc_summary_device(g, j, &d);
		fc_summary_when(d.last_sync, fc_view_word(v, "never", "从未"), when, sizeof when);
		sv_device(v, "Device", "设备", d.device, d.inspector);
		fc_view_addf(v,
			     v->zh ? "）：最近同步 %s，服务器持有 %lld 条"
				   : "): last sync %s, %lld records held",
			     when, d.held);
		fc_view_end(v, FC_VIEW_PLAIN);
	}
	for (size_t j = 0; j < g->n_forks; j++) {
		fc_summary_fork(g, j, &f);
		sv_device(v, "FORK: device", "分叉：设备", f.device, f.inspector);
		fc_view_addf(v,
			     v->zh ? "）第 %lld 条记录出现两个不同版本"
				   : ") sent a second, different record %lld",
			     f.seq);
		fc_view_end(v, FC_VIEW_STRONG);
	}
}

static void
sv_group(struct fc_view *v, const struct fc_summary_group *g, const struct fc_templates *set)
{
	fc_view_end(v, FC_VIEW_PLAIN);
	fc_view_str(v, g->key);
	fc_view_end(v, FC_VIEW_SECTION);
	fc_view_addf(v,
		     v->zh ? "  入户检查 %lld，到访不遇 %lld，拒绝入户 %lld"
			   : "  Inspections %lld, nobody home %lld, refused %lld",
		     g->inspections, g->nobody_home, g->refusals);
	fc_view_end(v, FC_VIEW_PLAIN);
	sv_hazards(v, g, set);
	fc_view_addf(v, v->zh ? "  逾期未检住户：%lld" : "  Households overdue for a check: %lld",
		     g->households_overdue);
	fc_view_end(v, FC_VIEW_PLAIN);
	if (json_object_size(g->grades) > 0) {
		fc_view_addf(v, "%s", fc_view_word(v, "  House grades: ", "  房屋等级："));
		sv_counts(v, g->grades, NULL);
		fc_view_end(v, FC_VIEW_PLAIN);
	}
	sv_devices(v, g);
}

int
fc_summary_view(const json_t *summary, int by_inspector, const struct fc_templates *set,
		struct fc_view *out, struct fc_error *err)
{
	struct fc_summary_group g;
	size_t n = fc_summary_group_count(summary);

	sv_title(out, summary, by_inspector);
	for (size_t i = 0; i < n; i++) {
		fc_summary_group(summary, i, &g);
		sv_group(out, &g, set);
	}
	if (n == 0) {
		fc_view_addf(out, "%s",
			     fc_view_word(out, "Nothing synced in this period.",
					  "这段时间没有同步的数据。"));
		fc_view_end(out, FC_VIEW_PLAIN);
	}
	return fc_view_status(out, err);
}
