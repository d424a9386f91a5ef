/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fc-faultproxy: a TCP proxy on 127.0.0.1 that misbehaves like a bad mobile
 * network, for the network-fault campaign (tests/faults/run.sh). Where
 * fc-proxy makes one exact cut, this one draws a fault for each connection.
 *
 *   fc-faultproxy LISTEN_PORT TARGET_PORT [--rate P] [--seed S] [--only KIND]
 *		[--latency MS] [--no-stall] [--max-at N]
 *
 * Each new connection gets, with probability P (0..1, default 0.5), one
 * fault drawn from these kinds (or always KIND with --only):
 *   cut-up N       forward N bytes from the client, then close both ways
 *   cut-down N     forward N bytes of the answer, then close (a truncated answer)
 *   stall-up N     after N bytes from the client, forward nothing more and
 *                  hold the connection open (the server must time out)
 *   stall-down N   after N bytes of the answer, forward nothing more and hold
 *                  the connection open (the client must time out)
 *   dup-down       the first chunk of the answer is sent twice
 *   dup-up         everything the client sends also goes to the server on a
 *                  second connection, whose answers are dropped (a request
 *                  delivered twice)
 *   slow MS        every chunk is delayed MS milliseconds (latency)
 * --latency MS adds that delay to every chunk of every connection; --no-stall
 * leaves the stalls out of the draw (each costs the client its stall timeout);
 * --max-at N makes every fault strike within the first N bytes.
 * Prints "ready" once it listens, then one line per fault drawn,
 * "fault <conn> <kind> <arg>", flushed at once. Runs until killed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum fault_kind {
	FAULT_NONE,
	FAULT_CUT_UP,
	FAULT_CUT_DOWN,
	FAULT_STALL_UP,
	FAULT_STALL_DOWN,
	FAULT_DUP_DOWN,
	FAULT_DUP_UP,
	FAULT_SLOW,
	FAULT_COUNT
};

static const char *const fault_names[FAULT_COUNT] = {
    "none", "cut-up", "cut-down", "stall-up", "stall-down", "dup-down", "dup-up", "slow",
};

/* How long a stalled connection is held before the proxy gives up itself. */
#define FAULT_STALL_MAX_SECONDS 300

struct fault_conn {
	int client;
	int server;
	int twin; /* dup-up: the second server connection, or -1 */
	long id;
	enum fault_kind kind;
	long long arg;
	long long sent[2]; /* bytes forwarded up (from the client) and down */
	int dup_done;	   /* dup-down: the first chunk went twice */
};

static unsigned short fault_target;
static double fault_rate = 0.5;
static long fault_latency_ms;
static int fault_only = -1;
static int fault_no_stall;
static long long fault_max_at; /* 0: no bound on the byte a fault strikes at */
static pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int fault_seed = 1;

static int
fault_connect(unsigned short port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
fault_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int
fault_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Hold a stalled connection until the client gives up (or a long time passes). */
static void
fault_hold(struct fault_conn *c)
{
	char buf[4096];
	struct pollfd p = {c->client, POLLIN, 0};
	time_t until = time(NULL) + FAULT_STALL_MAX_SECONDS;

	while (time(NULL) < until) {
		if (poll(&p, 1, 1000) > 0 && read(c->client, buf, sizeof buf) <= 0)
			break;
	}
}

/*
 * One chunk from one side to the other (up: from the client), under this
 * connection's fault; -1 when the pump is to stop (a side gone, a cut, a
 * stall held to its end).
 */
static int
fault_forward(struct fault_conn *c, int up, char *buf, size_t size)
{
	enum fault_kind cut = up ? FAULT_CUT_UP : FAULT_CUT_DOWN;
	enum fault_kind stall = up ? FAULT_STALL_UP : FAULT_STALL_DOWN;
	int from = up ? c->client : c->server, to = up ? c->server : c->client;
	long long *done = &c->sent[up ? 0 : 1];
	ssize_t r = read(from, buf, size);
	size_t len;

	if (r <= 0)
		return -1;
	len = (size_t)r;
	if ((c->kind == cut || c->kind == stall) && *done + (long long)len > c->arg)
		len = (size_t)(c->arg - *done);
	if (fault_latency_ms > 0 || c->kind == FAULT_SLOW)
		fault_sleep_ms(fault_latency_ms + (c->kind == FAULT_SLOW ? c->arg : 0));
	if (len > 0 && fault_write_all(to, buf, len) != 0)
		return -1;
	if (up && c->twin >= 0)
		fault_write_all(c->twin, buf, len);
	if (!up && c->kind == FAULT_DUP_DOWN && !c->dup_done) {
		c->dup_done = 1;
		fault_write_all(to, buf, len);
	}
	*done += (long long)len;
	if ((c->kind == cut || c->kind == stall) && *done >= c->arg) {
		if (c->kind == stall)
			fault_hold(c);
		return -1;
	}
	return 0;
}

static void *
fault_pump(void *arg)
{
	struct fault_conn *c = arg;
	char buf[65536];

	for (;;) {
		struct pollfd p[3] = {
		    {c->client, POLLIN, 0}, {c->server, POLLIN, 0}, {-1, POLLIN, 0}};
		int n = 2;

		if (c->twin >= 0) {
			p[2].fd = c->twin;
			n = 3;
		}
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (n == 3 && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) {
			/* The duplicate's answers are dropped. */
			if (read(c->twin, buf, sizeof buf) <= 0) {
				close(c->twin);
				c->twin = -1;
			}
		}
		if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    fault_forward(c, 1, buf, sizeof buf) != 0)
			break;
		if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    fault_forward(c, 0, buf, sizeof buf) != 0)
			break;
	}
	close(c->client);
	close(c->server);
	if (c->twin >= 0)
		close(c->twin);
	free(c);
	return NULL;
}

/* Draw this connection's fault. */
static void
fault_draw(struct fault_conn *c)
{
	double u;
	int kind;
	long long pos;

	pthread_mutex_lock(&fault_lock);
	u = (double)rand_r(&fault_seed) / RAND_MAX;
	do
		kind = fault_only >= 0 ? fault_only : 1 + rand_r(&fault_seed) % (FAULT_COUNT - 1);
	while (fault_only < 0 && fault_no_stall &&
	       (kind == FAULT_STALL_UP || kind == FAULT_STALL_DOWN));
	/* Mostly inside the headers or a small answer, sometimes deep in a batch. */
	pos = rand_r(&fault_seed) % 4 == 0 ? rand_r(&fault_seed) % 200000
					   : rand_r(&fault_seed) % 1500;
	pthread_mutex_unlock(&fault_lock);
	if (fault_max_at > 0)
		pos %= fault_max_at;
	c->kind = FAULT_NONE;
	c->arg = 0;
	if (fault_only < 0 && u >= fault_rate)
		return;
	c->kind = (enum fault_kind)kind;
	if (c->kind == FAULT_SLOW)
		c->arg = 200 + pos % 800;
	else if (c->kind != FAULT_DUP_DOWN && c->kind != FAULT_DUP_UP)
		c->arg = pos;
	printf("fault %ld %s %lld\n", c->id, fault_names[c->kind], c->arg);
	fflush(stdout);
}

static int
fault_usage(void)
{
	fprintf(stderr, "usage: fc-faultproxy LISTEN_PORT TARGET_PORT [--rate P] [--seed S] "
			"[--only KIND] [--latency MS] [--no-stall] [--max-at N]\n");
	return 2;
}

/* The options after the two ports into the fault_* settings; -1 on bad usage. */
static int
fault_options(int argc, char **argv)
{
	for (int i = 3; i < argc; i += 2) {
		if (strcmp(argv[i], "--no-stall") == 0) {
			fault_no_stall = 1;
			i--;
		} else if (i + 1 >= argc) {
			return -1;
		} else if (strcmp(argv[i], "--rate") == 0) {
			fault_rate = strtod(argv[i + 1], NULL);
		} else if (strcmp(argv[i], "--seed") == 0) {
			fault_seed = (unsigned int)strtoul(argv[i + 1], NULL, 10);
		} else if (strcmp(argv[i], "--max-at") == 0) {
			fault_max_at = strtoll(argv[i + 1], NULL, 10);
		} else if (strcmp(argv[i], "--latency") == 0) {
			fault_latency_ms = strtol(argv[i + 1], NULL, 10);
		} else if (strcmp(argv[i], "--only") == 0) {
			for (int k = 1; k < FAULT_COUNT; k++)
				if (strcmp(argv[i + 1], fault_names[k]) == 0)
					fault_only = k;
			if (fault_only < 0)
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

/* A client at cfd: its server connection, its fault and its pump thread. */
static void
fault_serve(int cfd, long id)
{
	struct fault_conn *c = calloc(1, sizeof *c);
	pthread_t t;

	if (c == NULL) {
		close(cfd);
		return;
	}
	c->client = cfd;
	c->twin = -1;
	c->id = id;
	c->server = fault_connect(fault_target);
	if (c->server < 0) {
		/* Server down (a restart): the client sees the connection close. */
		close(cfd);
		free(c);
		return;
	}
	fault_draw(c);
	if (c->kind == FAULT_DUP_UP)
		c->twin = fault_connect(fault_target);
	if (pthread_create(&t, NULL, fault_pump, c) != 0) {
		close(c->client);
		close(c->server);
		if (c->twin >= 0)
			close(c->twin);
		free(c);
		return;
	}
	pthread_detach(t);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	int lfd, one = 1;
	long next_id = 1;

	if (argc < 3)
		return fault_usage();
	fault_target = (unsigned short)strtoul(argv[2], NULL, 10);
	if (fault_options(argc, argv) != 0)
		return fault_usage();
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		return 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)strtoul(argv[1], NULL, 10));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 128) != 0) {
		perror("fc-faultproxy: listen");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int cfd = accept(lfd, NULL, NULL);

		if (cfd >= 0)
			fault_serve(cfd, next_id++);
		else if (errno != EINTR)
			return 1;
	}
}
