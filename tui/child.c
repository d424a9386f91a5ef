/* SPDX-License-Identifier: Apache-2.0 */
/*
 * child.c: a job in a child process beside the screen, its lines read
 * without waiting (child.h). One place for the fork, the pipe and the line
 * buffer that the background sync and the background enrolment share.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/child.h"

int
fc_child_start(struct fc_child *c, fc_child_run_fn run, void *ctx)
{
	int fds[2];

	if (pipe(fds) != 0)
		return -1;
	/* Whatever stdio holds would otherwise be written twice, once by each process. */
	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		c->pid = 0;
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (c->pid == 0) {
		close(fds[0]);
		/* The parent's handlers only set its loop's flag: here Esc's SIGTERM must end it.
		 */
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGINT, SIG_IGN);
		run(ctx, fds[1]);
		/*
		 * The child's end, as main's return is the parent's: _exit, since the
		 * parent's curses state, stdio buffers and atexit handlers are not the
		 * child's to flush or run. The only exit below a main (tests/cli/style.sh).
		 */
		_exit(0);
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	c->fd = fds[0];
	c->len = 0;
	return 0;
}

/* Every whole line the pipe holds to line(); 1 at its end. */
static int
child_drain(struct fc_child *c, fc_child_line_fn line, void *ctx)
{
	ssize_t r;

	while ((r = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len)) > 0) {
		char *nl;

		c->len += (size_t)r;
		c->buf[c->len] = '\0';
		while ((nl = strchr(c->buf, '\n')) != NULL) {
			*nl = '\0';
			line(ctx, c->buf);
			c->len -= (size_t)(nl + 1 - c->buf);
			memmove(c->buf, nl + 1, c->len + 1);
		}
		if (c->len == sizeof c->buf - 1) /* a line longer than the buffer: drop it */
			c->len = 0;
	}
	return r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR);
}

int
fc_child_read(struct fc_child *c, fc_child_line_fn line, void *ctx)
{
	return c->pid > 0 && child_drain(c, line, ctx);
}

void
fc_child_reap(struct fc_child *c, fc_child_line_fn line, void *ctx)
{
	if (c->pid <= 0) /* none started: fd is not ours to close (0 in a zeroed struct) */
		return;
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (line != NULL)
		child_drain(c, line, ctx);
	close(c->fd);
	c->pid = 0;
	c->fd = -1;
}

int
fc_child_stop(const struct fc_child *c)
{
	if (c->pid <= 0)
		return 0;
	kill(c->pid, SIGTERM);
	return 1;
}

void
fc_child_write(int fd, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof line - 2)
		n = (int)sizeof line - 2;
	for (int i = 0; i < n; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	line[n++] = '\n';
	if (write(fd, line, (size_t)n) < 0)
		return; /* the screen is gone */
}
