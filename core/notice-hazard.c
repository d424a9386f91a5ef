/* SPDX-License-Identifier: Apache-2.0 */
/*
 * notice-hazard.c: a hazard as a notice words it (core/notice.h): the
 * template's question and severity in Chinese, the clause of the rule that
 * found it (else the item's), and the deadline its severity allows: the
 * ledger's, which the console and the warnings hold the household to.
 */
#include <stdio.h>
#include <string.h>

#include "hazard.h"
#include "ledger.h"
#include "notice.h"
#include "record-model.h"
#include "template.h"

/*
 * The measures the domain orders at once for a severity, beside its deadline:
 * gas.md `stop` (立即停气/停用: the valve is shut on site, the supply stays
 * off) [P for the action]; selfbuilt.md `serious` (第五条(一): 立即停用,
 * 疏散房屋内和周边群众, 封闭处置, 现场排险, use again only after a
 * professional appraisal) [S]. A rural house's `serious` part is graded by
 * the appraisal, whose §7.0.5 treatment it names: no measure is implied.
 */
static const struct {
	const char *programme, *severity, *action;
} notice_actions[] = {
    {"gas", "stop", "立即停气停用：阀门已当场关闭，整改合格前不得恢复用气。"},
    {"selfbuilt", "serious",
     "立即停止使用房屋，疏散房屋内和周边人员，封闭处置、现场排险；经专业机构安全鉴定前不得继续使用"
     "。"},
};

const char *
fc_notice_action(const char *programme, const char *severity)
{
	for (size_t i = 0; severity != NULL && i < sizeof notice_actions / sizeof notice_actions[0];
	     i++)
		/* A stop hazard is the gas checklist's alone: it needs no programme to be known. */
		if (strcmp(notice_actions[i].severity, severity) == 0 &&
		    ((programme != NULL && strcmp(notice_actions[i].programme, programme) == 0) ||
		     (programme == NULL && strcmp(severity, "stop") == 0)))
			return notice_actions[i].action;
	return "";
}

/* The rule whose id is id, or NULL. */
static const struct fc_rule *
notice_rule(const struct fc_template *tpl, const char *id)
{
	for (size_t i = 0; tpl != NULL && id != NULL && i < tpl->n_rules; i++)
		if (strcmp(tpl->rules[i].id, id) == 0)
			return &tpl->rules[i];
	return NULL;
}

void
fc_notice_hazard_fill(const struct fc_template *tpl, const struct fc_record_hazard *h,
		      const struct fc_date *day, const char *deadline, struct fc_notice_hazard *out)
{
	const struct fc_item *item = tpl != NULL ? fc_template_item(tpl, h->item) : NULL;
	const struct fc_rule *rule = notice_rule(tpl, h->rule);
	const char *clause = rule != NULL && rule->clause != NULL   ? rule->clause
			     : item != NULL && item->clause != NULL ? item->clause
								    : "";

	snprintf(out->item, sizeof out->item, "%s", h->item);
	snprintf(out->label, sizeof out->label, "%s",
		 item != NULL ? fc_label_get(&item->label, "zh") : h->item);
	snprintf(out->severity, sizeof out->severity, "%s",
		 fc_hazard_outcome_label(tpl, h->severity, "zh"));
	snprintf(out->note, sizeof out->note, "%s", h->note);
	snprintf(out->clause, sizeof out->clause, "%s", clause);
	snprintf(out->action, sizeof out->action, "%s",
		 fc_notice_action(tpl != NULL ? tpl->programme : NULL, h->severity));
	if (deadline != NULL)
		snprintf(out->deadline, sizeof out->deadline, "%s", deadline);
	else
		fc_date_format(fc_date_add_days(*day, fc_ledger_hazard_days(h->severity)),
			       out->deadline);
}
