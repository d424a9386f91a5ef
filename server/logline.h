/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logline.h: lines for the journal. Under systemd the server's standard
 * error is the journal, which files a line by its sd-daemon(3) prefix
 * ("<3>" error ... "<7>" debug) so `journalctl -p err` finds faults; a line
 * without one is filed at the unit's default, info. So every line the
 * server writes while serving starts with a prefix, and text that came from
 * a request (a URL, a name in a body) can neither end the line early nor
 * forge a prefix or a field of its own.
 */
#ifndef FC_SERVER_LOGLINE_H
#define FC_SERVER_LOGLINE_H

#include <stddef.h>

/* sd-daemon(3) priorities used here. */
enum {
	FC_LOG_ERR = 3,	    /* a fault of the server or its store */
	FC_LOG_WARNING = 4, /* a client's doing, or a receiver down: worth a look */
	FC_LOG_NOTICE = 5,  /* start, stop, hangup; a refused request */
	FC_LOG_INFO = 6,    /* an answered request, a command's report */
};

/*
 * Copy s into out (size bytes, at least 8) for a log line: every control
 * byte, space, DEL, backslash and byte that is not part of a UTF-8
 * character written as \xNN, the rest as it is; cut with "..." (at a
 * character's start) when it does not fit.
 */
void fc_log_clean(const char *s, char *out, size_t size);

/* Called by serve: from now on every line goes to a log that wants prefixes. */
void fc_log_serving(void);

/*
 * "<N>" for priority N when the lines go to the journal: always while
 * serving, and for any other command when standard error is the journal's
 * stream ($JOURNAL_STREAM names its device and inode, as systemd sets it for
 * a unit such as the backup service); "" otherwise, so an administrator's
 * terminal shows plain messages.
 */
const char *fc_log_prio(int prio);

#endif
