/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ledger-verify.h: whether the device store's ledger rows (hazards,
 * programmes, versions) are what the ledger computes from the signed
 * records. The rows are unsigned copies the TUI and the CLI show, so anyone
 * who can write store.db could make them say something the records do not;
 * `fieldcheck verify` recomputes every household with fc_ledger_compute(),
 * through the store exactly as appending a record does, and compares every
 * column of every row.
 */
#ifndef FC_LEDGER_VERIFY_H
#define FC_LEDGER_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "ledger.h"

#define FC_LEDGER_ROW_COLS 24
/* Twice the longest value the ledger writes, so a longer stored one never compares equal. */
#define FC_LEDGER_VALUE_MAX (2 * FC_LEDGER_NOTE_MAX)

/* One row of a ledger table: its columns by name, each as text. */
struct fc_ledger_row {
	char table[16];
	size_t n;
	char name[FC_LEDGER_ROW_COLS][32];
	char value[FC_LEDGER_ROW_COLS][FC_LEDGER_VALUE_MAX];
};

struct fc_ledger_verify_report {
	int64_t households;	   /* households whose rows matched */
	char household[FC_ID_MAX]; /* the first whose rows differ, or "" */
	char reason[768];	   /* what differs, in the user's language */
};

struct fc_store;

/*
 * Compare every household's ledger rows with what its signed records give.
 * 0 when all match; -1 with FC_E_CHAIN and report filled at the first
 * difference, or another code when the store could not be read. Check the
 * chain first (fc_chain_verify_store()): the bodies are trusted here.
 */
int fc_ledger_verify_store(struct fc_store *st, struct fc_ledger_verify_report *report,
			   struct fc_error *err);

#endif
