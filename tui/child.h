/* SPDX-License-Identifier: Apache-2.0 */
/*
 * child.h: a job that runs in a child process beside the screen and tells
 * the parent how it goes in lines on a pipe (sync-bg.c, enrol-bg.c): the
 * parent reads them without ever waiting, so a hung server never freezes
 * the TUI, and stops the child with SIGTERM when the inspector presses Esc.
 */
#ifndef FC_TUI_CHILD_H
#define FC_TUI_CHILD_H

#include <stddef.h>
#include <sys/types.h>

/* All zero when no child runs. */
struct fc_child {
	pid_t pid;	/* the child, or 0 */
	int fd;		/* its pipe's read end while pid > 0 */
	char buf[2048]; /* a line not yet whole */
	size_t len;
};

/* Runs in the child with the pipe's write end; the child ends when it returns. */
typedef void (*fc_child_run_fn)(void *ctx, int fd);
/* One whole line the child wrote, its newline taken off. */
typedef void (*fc_child_line_fn)(void *ctx, char *line);

/* Fork a child running run(ctx, fd); 0, or -1 with errno when it cannot start. */
int fc_child_start(struct fc_child *c, fc_child_run_fn run, void *ctx);
/* Hand every whole line the pipe holds to line(ctx, ...); 1 at its end (the child is gone). */
int fc_child_read(struct fc_child *c, fc_child_line_fn line, void *ctx);
/*
 * Wait for the child (gone or stopped) and close the pipe; pid 0, fd -1 after
 * (nothing when none runs).
 * With line, the lines it wrote before it went are read first (NULL: dropped).
 */
void fc_child_reap(struct fc_child *c, fc_child_line_fn line, void *ctx);
/*
 * In the child: one line into the pipe (cut to 1 KiB), newlines in a message
 * made spaces so it cannot split into two. A parent gone is no error: the
 * job still finishes or stops.
 */
void fc_child_write(int fd, const char *fmt, ...) __attribute__((__format__(printf, 2, 3)));
/* Ask a running child to stop (SIGTERM); 1 when one was running. */
int fc_child_stop(const struct fc_child *c);

#endif
