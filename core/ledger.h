/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ledger.h: what a household's signed records mean, computed by pure
 * functions that the device store and the server store both call and whose
 * results are all they keep (docs/ledger.md).
 *
 * The input is one household's records, each reduced to a struct
 * fc_ledger_entry (fc_ledger_entry_from_model()), in any order: the ledger
 * takes them in the order they happened (fc_ledger_sort(): signed time, then
 * id, a correction or follow-up after the record it names). The output (struct
 * fc_ledger_state) is:
 *
 *   - versions: for every inspection, visit and correction, the record it
 *     is a version of (its root: the original) and that root's current
 *     version (the last correction in order) with its kind;
 *   - programmes: per programme the household has records of, or that
 *     covers its kind in the intervals, the last completed inspection, the
 *     due date, its outcome and grade, the visits since, revisit and
 *     escalation;
 *   - hazards: one row per (programme, item) ever raised by a current
 *     version, with its state (open, rectified, superseded, reinspected),
 *     and who changed it last, when and with which record.
 *
 * The rules, each in one place in ledger.c:
 *   - only current versions count, at the place of their original: a
 *     correction into a visit un-does the inspection (due date, hazards),
 *     one into an inspection does the reverse;
 *   - a completed inspection of a programme closes the open hazards of that
 *     programme it does not raise again (reinspected) and opens what it
 *     raises;
 *   - a follow-up result changes only its item: rectified closes it,
 *     not_rectified counts on it and may set a new deadline; a format-1
 *     follow-up applies its one outcome to every open hazard of the record
 *     it follows;
 *   - a hazard a correction no longer raises is superseded; one already
 *     rectified stays rectified;
 *   - due = last completed inspection of the programme + the interval of
 *     the household's kind in that programme (its district's rows applied);
 *     visits never move it; escalation after escalate_after visits since
 *     the last completed inspection.
 *
 * fc_ledger_check() refuses a new record that the rules cannot apply (a
 * follow-up of a visit or of an item that is not open, a record naming a
 * version that is no longer current), naming the record and item.
 */
#ifndef FC_LEDGER_H
#define FC_LEDGER_H

#include <stddef.h>

#include "due.h"
#include "error.h"
#include "record-model.h"
#include "template.h"

#define FC_LEDGER_ESCALATE_DEFAULT 3 /* visits since the last inspection */
#define FC_LEDGER_NOTE_MAX 256

/* Hazard states */
#define FC_HAZARD_OPEN "open"
#define FC_HAZARD_RECTIFIED "rectified"
#define FC_HAZARD_SUPERSEDED "superseded"
#define FC_HAZARD_REINSPECTED "reinspected"

struct fc_ledger_item {
	char item[FC_ID_MAX];
	char severity[16];
	char note[FC_LEDGER_NOTE_MAX];
	char rule[FC_ID_MAX];
};

struct fc_ledger_result {
	char item[FC_ID_MAX];
	int rectified; /* 1 rectified, 0 not_rectified */
	char note[FC_LEDGER_NOTE_MAX];
	char deadline[11]; /* YYYY-MM-DD or "" */
};

/* One record as the ledger sees it. */
struct fc_ledger_entry {
	char id[FC_RECORD_ID_MAX];
	char type[16];
	char kind[16]; /* inspection, visit (also of a correction), or "" */
	char inspector[FC_ID_MAX];
	char household[FC_ID_MAX];
	char programme[16];
	char time[32];
	char date[11];
	char outcome[32];
	char grade[8];
	char follows[FC_RECORD_ID_MAX];
	char corrects[FC_RECORD_ID_MAX];
	struct fc_ledger_item *hazards; /* owned */
	size_t n_hazards;
	struct fc_ledger_result *results; /* owned; none in a format-1 follow-up */
	size_t n_results;
};

/*
 * The programme of a template: its "programme" member, else by its id
 * (gas, selfbuilt, rural; an id "x-y" counts as "x"). tpl may be NULL.
 */
void fc_ledger_programme(const struct fc_template *tpl, const char *template_id, char out[16]);

/* Fill e from m; programme as fc_ledger_programme() gives it ("" for none). */
int fc_ledger_entry_from_model(const struct fc_record_model *m, const char *programme,
			       struct fc_ledger_entry *e, struct fc_error *err);
void fc_ledger_entry_release(struct fc_ledger_entry *e);
/* A deep copy of src into dst (released with fc_ledger_entry_release()). */
int fc_ledger_entry_copy(struct fc_ledger_entry *dst, const struct fc_ledger_entry *src,
			 struct fc_error *err);

/*
 * An entry as text a store keeps beside the record (ledger-pack.c), added to
 * out; and back. Unpack fails (FC_E_INVALID) on text of another version or
 * that does not read back whole: the caller then parses the record's body.
 * Change the version whenever fc_ledger_entry_from_model() or
 * fc_ledger_programme() derive anything differently, so entries packed by an
 * older program are derived again from the bodies.
 */
#define FC_LEDGER_PACK_VERSION "L1;"
struct fc_buf;
int fc_ledger_entry_pack(const struct fc_ledger_entry *e, struct fc_buf *out, struct fc_error *err);
int fc_ledger_entry_unpack(const char *s, size_t len, struct fc_ledger_entry *e,
			   struct fc_error *err);

/*
 * The entry a draft will become (for fc_ledger_check() before signing): no
 * id, inspector or time; the programme from the draft's template id.
 */
int fc_ledger_entry_from_draft(const struct fc_record_draft *d, struct fc_ledger_entry *e,
			       struct fc_error *err);

/*
 * Sort entries by signed time (UTC), then id; then move a correction or
 * follow-up signed before the record it names to just after that record.
 */
void fc_ledger_sort(struct fc_ledger_entry *e, size_t n);

struct fc_ledger_version {
	char id[FC_RECORD_ID_MAX];
	char root[FC_RECORD_ID_MAX];	/* the original it is a version of */
	char current[FC_RECORD_ID_MAX]; /* that original's current version */
	char kind[16];			/* this version's kind */
	int conflict; /* a correction that named a version no longer current (a race) */
};

struct fc_ledger_programme {
	char programme[16];
	char last[FC_RECORD_ID_MAX]; /* current version of the last completed inspection, or "" */
	char last_date[11];	     /* its original's date, or "" (never inspected) */
	char due[11];		     /* "" when never inspected or no interval */
	int months;		     /* the interval used; 0 when none */
	char outcome[32];	     /* of the last inspection */
	char grade[8];
	int finding; /* the last inspection raised hazards or graded the house C or D */
	int visits;  /* visits since the last completed inspection */
	int revisit; /* the newest inspection-or-visit is a visit */
	char visit[FC_RECORD_ID_MAX]; /* that visit (current version) */
	char visit_date[11];
	char visit_outcome[32];
	int escalated;	 /* visits >= escalate_after */
	int inspections; /* completed inspections (current versions, each original once) */
	int visits_total;
};

struct fc_ledger_hazard {
	char programme[16];
	char item[FC_ID_MAX];
	char severity[16];
	char note[FC_LEDGER_NOTE_MAX];
	char rule[FC_ID_MAX];
	const char *state;	       /* FC_HAZARD_* */
	char record[FC_RECORD_ID_MAX]; /* the version that raised it */
	char root[FC_RECORD_ID_MAX];   /* that version's original */
	char found[11];		       /* the original's date */
	char by[FC_RECORD_ID_MAX];     /* the record of the last change ("" while never changed) */
	char by_inspector[FC_ID_MAX];
	char when[11];
	int followups; /* not_rectified results */
	char deadline[11];
};

struct fc_ledger_state {
	char household[FC_ID_MAX];
	struct fc_ledger_version *versions;
	size_t n_versions;
	struct fc_ledger_programme *programmes;
	size_t n_programmes;
	struct fc_ledger_hazard *hazards;
	size_t n_hazards;
};

struct fc_ledger_household {
	const char *id;
	const char *kind;     /* residential, catering, ... ("" when unknown) */
	const char *district; /* for the caller's choice of intervals; informative */
	/*
	 * The registry's last check (YYYY-MM-DD, or ""/NULL): a floor under the
	 * last completed inspection of the kind's own programme, for households
	 * whose earlier checks were on paper.
	 */
	const char *last_check;
};

struct fc_ledger_config {
	const struct fc_intervals *iv; /* for the household's district; NULL: no due dates */
	int escalate_after;	       /* 0: FC_LEDGER_ESCALATE_DEFAULT */
};

/*
 * The state of household hh after entries e[0..n) (its records, in any
 * order: sorted here with fc_ledger_sort(); records of other households are
 * ignored). out is released with
 * fc_ledger_state_release(), also after a failure (FC_E_NOMEM only).
 */
int fc_ledger_compute(const struct fc_ledger_config *cfg, const struct fc_ledger_household *hh,
		      const struct fc_ledger_entry *e, size_t n, struct fc_ledger_state *out,
		      struct fc_error *err);
void fc_ledger_state_release(struct fc_ledger_state *s);

/*
 * The date by which an open hazard must be rectified: the newest deadline a
 * follow-up set, else the day it was found plus 7 days for a stop, major or
 * serious hazard and 30 days for the others (docs/ledger.md). Into out[11];
 * "" when found is not a date.
 */
void fc_ledger_hazard_deadline(const struct fc_ledger_hazard *h, char out[11]);

/*
 * Days from the day found a hazard of severity has when no follow-up set a
 * deadline: 7 for stop, major and serious, 30 for the others. The notices
 * print it too (core/notice-hazard.c), so the household's paper names the
 * deadline the ledger, the console and the warnings hold it to.
 */
int fc_ledger_hazard_days(const char *severity);

/* The date of the last not_rectified result a hazard still shows: "" once rectified. */
const char *fc_ledger_hazard_last_followup(const struct fc_ledger_hazard *h);

/*
 * The programme whose newest visit makes the household one to revisit (the
 * newest visit_date among those with revisit set), or NULL.
 */
const struct fc_ledger_programme *fc_ledger_revisit(const struct fc_ledger_state *s);

/* Lookups in a state; NULL when absent. */
const struct fc_ledger_version *fc_ledger_version(const struct fc_ledger_state *s, const char *id);
const struct fc_ledger_programme *fc_ledger_programme_state(const struct fc_ledger_state *s,
							    const char *programme);
const struct fc_ledger_hazard *fc_ledger_hazard(const struct fc_ledger_state *s,
						const char *programme, const char *item);

/*
 * May next be added after the records that gave s? FC_E_INVALID with the
 * reason, naming next's target and item, when it may not:
 *   - a follow-up of an unknown record, of a visit, of a version that is not
 *     current (naming the current one), of an item that is not open, or a
 *     format-1 follow-up of a record with nothing open;
 *   - a correction of an unknown record, of a follow-up, or of a version
 *     that is not current (naming the current one).
 */
int fc_ledger_check(const struct fc_ledger_state *s, const struct fc_ledger_entry *next,
		    struct fc_error *err);

#endif
