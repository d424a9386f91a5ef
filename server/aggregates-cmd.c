/* SPDX-License-Identifier: Apache-2.0 */
/*
 * aggregates-cmd.c: `fieldcheck-server rebuild-aggregates [--check]`. The
 * summary reads counters kept as records arrive (server/store/aggregate.c);
 * this recounts them from the records, after a restore from an old backup
 * or to show they are right, and writes the audit line when it changed them.
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "core/opts.h"
#include "server/admin.h"

#define _(s) gettext(s)

int
fc_server_rebuild_aggregates_cmd(struct fc_sstore *st, const struct fc_server_args *a,
				 struct fc_error *err)
{
	struct fc_sagg_report rep;
	int check;

	if (a->argc != 1)
		return fc_error_set(err, FC_E_USAGE, _("usage: rebuild-aggregates [--check]"));
	check = fc_server_opt(a, "check") != NULL;
	if (fc_sstore_rebuild_aggregates(st, check, &rep, err) != 0)
		return -1;
	printf(_("recounted %lld households: %lld counters, %lld differed from the kept ones\n"),
	       (long long)rep.households, (long long)rep.rows, (long long)rep.differ);
	if (rep.differ > 0)
		printf(_("first difference: %s\n"), rep.first);
	if (check && rep.differ > 0)
		return fc_error_set(
		    err, FC_E_INVALID,
		    _("the kept counters differ from a recount; run rebuild-aggregates "
		      "to replace them"));
	if (check || rep.differ == 0)
		return 0;
	return fc_server_audit(st, err, "rebuild-aggregates", "%lld counters corrected",
			       (long long)rep.differ);
}
