/* SPDX-License-Identifier: Apache-2.0 */
/*
 * deadline.c: the headers' deadline (see deadline.h). Each open connection
 * is on a list, under a lock, with the moment its headers began; the watcher
 * shuts down the socket of one that is past the deadline, and the connection's
 * own thread then finds it closed and ends it. MHD reports a connection
 * closed before it closes its socket, and the entry leaves the list under the
 * same lock, so the watcher never touches a descriptor reused by another.
 */
#include <libintl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "server/deadline.h"

#define _(s) gettext(s)

struct watched {
	struct MHD_Connection *conn;
	int fd;
	time_t since; /* CLOCK_MONOTONIC seconds the current headers began */
	int met;      /* the current request's headers are in */
	struct watched *next;
};

struct fc_deadline {
	unsigned seconds;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	int stop;
	struct watched *list;
};

static time_t
deadline_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

static void *
deadline_main(void *arg)
{
	struct fc_deadline *d = arg;
	struct timespec until;

	pthread_mutex_lock(&d->lock);
	while (!d->stop) {
		time_t now = deadline_now();

		for (struct watched *w = d->list; w != NULL; w = w->next)
			if (!w->met && w->fd >= 0 && now - w->since >= (time_t)d->seconds) {
				shutdown(w->fd, SHUT_RDWR);
				w->fd = -1; /* once */
			}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&d->wake, &d->lock, &until);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

int
fc_deadline_start(unsigned seconds, struct fc_deadline **out, struct fc_error *err)
{
	struct fc_deadline *d = calloc(1, sizeof *d);

	*out = NULL;
	if (d == NULL)
		return fc_error_set(err, FC_E_NOMEM, _("out of memory starting the server"));
	d->seconds = seconds;
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->wake, NULL);
	if (pthread_create(&d->thread, NULL, deadline_main, d) != 0) {
		pthread_cond_destroy(&d->wake);
		pthread_mutex_destroy(&d->lock);
		free(d);
		return fc_error_set(err, FC_E_NOMEM, _("cannot start the headers' watcher"));
	}
	*out = d;
	return 0;
}

void
fc_deadline_stop(struct fc_deadline *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = 1;
	pthread_cond_signal(&d->wake);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	while (d->list != NULL) {
		struct watched *w = d->list;

		d->list = w->next;
		free(w);
	}
	pthread_cond_destroy(&d->wake);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

void
fc_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		   enum MHD_ConnectionNotificationCode toe)
{
	struct fc_deadline *d = cls;
	struct watched *w = *socket_context, **p;

	pthread_mutex_lock(&d->lock);
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		w = calloc(1, sizeof *w);
		if (w != NULL && ci != NULL) {
			*w = (struct watched){conn, ci->connect_fd, deadline_now(), 0, d->list};
			d->list = w;
			*socket_context = w;
		} else {
			free(w); /* unwatched: the idle timeout still holds */
		}
	} else if (w != NULL) {
		for (p = &d->list; *p != NULL && *p != w; p = &(*p)->next)
			;
		if (*p == w)
			*p = w->next;
		free(w);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&d->lock);
}

/* Mark conn's entry met (1) or start its deadline again (0). */
static void
deadline_mark(struct fc_deadline *d, struct MHD_Connection *conn, int met)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	for (struct watched *w = d->list; w != NULL; w = w->next)
		if (w->conn == conn) {
			w->met = met;
			w->since = deadline_now();
			break;
		}
	pthread_mutex_unlock(&d->lock);
}

void
fc_deadline_met(struct fc_deadline *d, struct MHD_Connection *conn)
{
	deadline_mark(d, conn, 1);
}

void
fc_deadline_again(struct fc_deadline *d, struct MHD_Connection *conn)
{
	deadline_mark(d, conn, 0);
}
