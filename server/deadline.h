/* SPDX-License-Identifier: Apache-2.0 */
/*
 * deadline.h: a deadline for a request's headers, and for the body of one
 * not yet authenticated. libmicrohttpd's connection timeout is an idle time:
 * a client that sends one byte every few seconds is never idle and would
 * hold its connection for ever. Here every connection's headers must be
 * complete within the deadline from the moment the connection opens (or the
 * last request on it ended), and so must the body of a request that no
 * signature has authenticated (an enrolment, a console login: a few KiB at
 * most); one that is not is shut down by a watcher thread, which makes MHD
 * close it. The server marks the deadline met once the request is
 * authenticated (X-FC-Body-Hash, checked with the headers) or whole.
 */
#ifndef FC_SERVER_DEADLINE_H
#define FC_SERVER_DEADLINE_H

#include <microhttpd.h>

#include "core/error.h"

struct fc_deadline;

/* The watcher, checking once a second; *out NULL on failure (err filled). */
int fc_deadline_start(unsigned seconds, struct fc_deadline **out, struct fc_error *err);
/* Stop and free it; after MHD_stop_daemon (every connection is closed by then). */
void fc_deadline_stop(struct fc_deadline *d);

/* MHD_OPTION_NOTIFY_CONNECTION's callback, cls the fc_deadline: watch from open to close. */
void fc_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
			enum MHD_ConnectionNotificationCode toe);
/* The request is authenticated, or all of it is in: no deadline now. */
void fc_deadline_met(struct fc_deadline *d, struct MHD_Connection *conn);
/* The request ended: the next request on the connection has the deadline again. */
void fc_deadline_again(struct fc_deadline *d, struct MHD_Connection *conn);

#endif
