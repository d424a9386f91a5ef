/* SPDX-License-Identifier: Apache-2.0 */
/*
 * warn.h: warnings for the city's platform (docs/warnings.md): which facts
 * of the ledger need a person, decided here once; the server store only
 * selects the facts and keeps what these functions return.
 *
 * The rules come from a settings file (schema/warnings.json): a hazard of a
 * listed severity found; an open hazard past its rectification deadline by
 * more than N days; a house graded C or D; a household overdue by more than N
 * days; a device silent for N days; a fork. Each warning has a dedup key, the
 * rule and its subject, so a rule fires once per subject however often the
 * rules run; a changed subject (a new deadline, a later sync) is a new one.
 * Deliveries are signed with HMAC-SHA-256 over "timestamp.body" and retried
 * with a doubling back-off.
 */
#ifndef FC_WARN_H
#define FC_WARN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"
#include "ids.h"
#include "record.h"

#define FC_WARN_RECEIVERS_MAX 8
#define FC_WARN_LIST_MAX 8
#define FC_WARN_SECRET_MAX 256
#define FC_WARN_DEDUP_MAX 320

struct fc_warn_receiver {
	char name[FC_ID_MAX];
	char url[512];
	unsigned char secret[FC_WARN_SECRET_MAX];
	size_t secret_len;
};

struct fc_warn_rules {
	int hazard_found; /* a hazard of a severity in severities */
	char severities[FC_WARN_LIST_MAX][16];
	int n_severities;
	int hazard_overdue; /* open past its deadline by more than hazard_overdue_days */
	int hazard_overdue_days;
	int house_grade; /* a house graded one of grades */
	char grades[FC_WARN_LIST_MAX][4];
	int n_grades;
	int household_overdue; /* a programme due more than household_overdue_days ago */
	int household_overdue_days;
	int device_silent; /* an unrevoked device without a sync for device_silent_days */
	int device_silent_days;
	int fork;
	int retry_first;    /* seconds before the first retry; doubled each time */
	int retry_max;	    /* at most this many seconds between tries */
	int retry_attempts; /* tries before a delivery is marked failed */
	int lease;	    /* seconds a claimed delivery is left to its deliverer */
	struct fc_warn_receiver receivers[FC_WARN_RECEIVERS_MAX];
	int n_receivers;
};

/*
 * Read and check the rules file at path (docs/warnings.md). Unknown keys,
 * wrong types and unreadable secret files are refused naming the key;
 * relative secret_file names are read beside the rules file.
 */
int fc_warn_rules_load(const char *path, struct fc_warn_rules *out, struct fc_error *err);
/*
 * Are the severities hazard_found names each one a checklist gives (known,
 * NULL-ended: every severity of the checklists the server holds)? A name no
 * checklist gives would leave the rule silently off for it: FC_E_INVALID
 * naming it and those there are.
 */
int fc_warn_rules_severities(const struct fc_warn_rules *r, const char *const *known,
			     struct fc_error *err);

enum fc_warn_fact_kind {
	FC_FACT_HAZARD,	   /* an open hazard of the ledger */
	FC_FACT_PROGRAMME, /* a household's programme: due date and grade */
	FC_FACT_DEVICE,	   /* an unrevoked device and its last sync */
	FC_FACT_FORK,	   /* a fork kept as evidence */
};

/* One row the store selected, as the rules read it; unused fields "" or 0. */
struct fc_warn_fact {
	enum fc_warn_fact_kind kind;
	char district[FC_ID_MAX];
	char household[FC_ID_MAX];
	char programme[16];
	char item[FC_ID_MAX];
	char record[FC_RECORD_ID_MAX];
	char severity[32];
	char found[11];
	char deadline[11];
	char due[11];
	char grade[4];
	char device[FC_ID_MAX];
	char inspector[FC_ID_MAX];
	int64_t last_sync; /* unix time; 0 never */
	int64_t enrolled_at;
	int64_t seq; /* a fork's sequence number */
};

/* A warning a rule raised: what the store keeps and every receiver gets. */
struct fc_warning {
	const char *rule;
	char dedup[FC_WARN_DEDUP_MAX];
	char district[FC_ID_MAX];
	char *body; /* compact JSON, malloc'd: caller frees */
};

typedef int (*fc_warning_fn)(struct fc_warning *w, void *ctx, struct fc_error *err);

/*
 * The warnings fact raises under rules on day today (YYYY-MM-DD) at now:
 * fn is called for each (zero, one or two: a hazard can be found and
 * overdue); fn owns w->body. -1 when fn fails or memory runs out.
 */
int fc_warn_check(const struct fc_warn_rules *rules, const struct fc_warn_fact *fact,
		  const char *today, time_t now, fc_warning_fn fn, void *ctx, struct fc_error *err);

/*
 * The delivery's signature header value: "sha256=" and the hex HMAC-SHA-256
 * under secret of "<timestamp>.<body>". out has room for 7 + 64 + 1.
 */
#define FC_WARN_SIG_MAX 72
void fc_warn_sign(const struct fc_warn_receiver *rc, long long timestamp, const char *body,
		  size_t len, char out[FC_WARN_SIG_MAX]);

/*
 * After attempt number attempts (1 = the first try) failed at now: *next_at
 * gets when to try again, and the return is 1 when the delivery is to be
 * given up (marked failed) instead.
 */
int fc_warn_backoff(const struct fc_warn_rules *rules, int attempts, time_t now, int64_t *next_at);

#endif
