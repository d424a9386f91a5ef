/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logline.c: prefixes and clean fields for the journal (see logline.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/utf8.h"
#include "server/logline.h"

static int log_serving;

void
fc_log_clean(const char *s, char *out, size_t size)
{
	/*
	 * A whole UTF-8 character stays as it is; a byte of no valid sequence is
	 * written out like a control byte, as the journal keeps a line that is
	 * not UTF-8 only as a blob journalctl hides.
	 */
	fc_utf8_escape(s, FC_UTF8_ESC_CONTROL | FC_UTF8_ESC_SPACE | FC_UTF8_ESC_MARK_CUT, out,
		       size);
}

void
fc_log_serving(void)
{
	log_serving = 1;
}

/* 1 when standard error is the stream $JOURNAL_STREAM ("DEV:INODE") names. */
static int
log_to_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(2, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

const char *
fc_log_prio(int prio)
{
	static const char *const prefix[] = {"<0>", "<1>", "<2>", "<3>",
					     "<4>", "<5>", "<6>", "<7>"};

	if (prio < 0 || prio > 7 || (!log_serving && !log_to_journal()))
		return "";
	return prefix[prio];
}
