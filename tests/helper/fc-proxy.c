/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fc-proxy: a TCP proxy on 127.0.0.1 for the sync fault tests, which cuts a
 * connection after a given number of bytes, and can record and replay what
 * a client sent.
 *
 *   fc-proxy LISTEN_PORT TARGET_PORT [--cut-up N | --cut-down N] [--record FILE]
 *	forward every connection to 127.0.0.1:TARGET_PORT. With --cut-up N the
 *	proxy forwards exactly N bytes from clients to the server (counted over
 *	the proxy's life) and then closes that connection in both directions;
 *	--cut-down N does the same for bytes from the server. One cut per run:
 *	later connections pass untouched, so a retry through the same proxy
 *	goes through. --record FILE appends everything clients send to FILE.
 *	Prints "ready" on stdout once it listens; runs until killed.
 *   fc-proxy replay TARGET_PORT FILE
 *	send FILE's bytes to the server as one connection and print what comes
 *	back (a replayed request must be refused).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static long long cut_up = -1, cut_down = -1; /* bytes left before the cut; -1 = none */
static int cut_done;
static FILE *record;
static unsigned short target_port;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int
proxy_connect(unsigned short port)
{
	struct sockaddr_in sa = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int
proxy_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * How many of n bytes going up (or down) may pass; *cut set when the budget
 * runs out with this chunk.
 */
static size_t
proxy_budget(int up, size_t n, int *cut)
{
	long long *left = up ? &cut_up : &cut_down;
	size_t pass = n;

	pthread_mutex_lock(&lock);
	*cut = 0;
	if (!cut_done && *left >= 0) {
		if ((long long)n >= *left) {
			pass = (size_t)*left;
			*cut = 1;
			cut_done = 1;
		}
		*left -= (long long)pass;
	}
	pthread_mutex_unlock(&lock);
	return pass;
}

static void *
proxy_conn(void *arg)
{
	int client = (int)(intptr_t)arg, server = proxy_connect(target_port);
	struct pollfd p[2];
	char buf[16384];

	if (server < 0) {
		close(client);
		return NULL;
	}
	p[0] = (struct pollfd){.fd = client, .events = POLLIN};
	p[1] = (struct pollfd){.fd = server, .events = POLLIN};
	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		int stop = 0;
		for (int i = 0; i < 2 && !stop; i++) {
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(p[i].fd, buf, sizeof buf);
			int cut = 0;
			if (n <= 0) {
				stop = 1;
				break;
			}
			size_t pass = proxy_budget(i == 0, (size_t)n, &cut);
			if (i == 0 && record != NULL && pass > 0) {
				pthread_mutex_lock(&lock);
				fwrite(buf, 1, pass, record);
				fflush(record);
				pthread_mutex_unlock(&lock);
			}
			if (pass > 0 && proxy_write_all(p[1 - i].fd, buf, pass) != 0)
				stop = 1;
			if (cut)
				stop = 1;
		}
		if (stop)
			break;
	}
	/* A hard cut: both sides see the connection end at once. */
	shutdown(client, SHUT_RDWR);
	shutdown(server, SHUT_RDWR);
	close(client);
	close(server);
	return NULL;
}

static int
proxy_replay(unsigned short port, const char *file)
{
	FILE *f = fopen(file, "rb");
	char buf[16384];
	size_t n;
	ssize_t got;
	int fd;

	if (f == NULL) {
		perror(file);
		return 1;
	}
	fd = proxy_connect(port);
	if (fd < 0) {
		perror("connect");
		fclose(f);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (proxy_write_all(fd, buf, n) != 0)
			break;
	fclose(f);
	shutdown(fd, SHUT_WR);
	while ((got = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t)got, stdout);
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa = {0};
	int one = 1, lfd;

	signal(SIGPIPE, SIG_IGN);
	if (argc == 4 && strcmp(argv[1], "replay") == 0)
		return proxy_replay((unsigned short)atoi(argv[2]), argv[3]);
	if (argc < 3) {
		fprintf(stderr,
			"usage: fc-proxy LISTEN_PORT TARGET_PORT [--cut-up N | --cut-down N] "
			"[--record FILE]\n       fc-proxy replay TARGET_PORT FILE\n");
		return 2;
	}
	target_port = (unsigned short)atoi(argv[2]);
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--cut-up") == 0)
			cut_up = atoll(argv[i + 1]);
		else if (strcmp(argv[i], "--cut-down") == 0)
			cut_down = atoll(argv[i + 1]);
		else if (strcmp(argv[i], "--record") == 0 &&
			 (record = fopen(argv[i + 1], "ab")) == NULL)
			return perror(argv[i + 1]), 1;
	}
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 64) != 0) {
		perror("fc-proxy: listen");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int c = accept(lfd, NULL, NULL);
		pthread_t t;

		if (c < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pthread_create(&t, NULL, proxy_conn, (void *)(intptr_t)c) == 0)
			pthread_detach(t);
		else
			close(c);
	}
	return 0;
}
