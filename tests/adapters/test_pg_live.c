/* Live refresh and lost connections on PostgreSQL, through the store port: another process's commit wakes a poller of wait_fd within 100 ms; a lost connection wakes it too and reconnect brings it back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "adapters/memory/memory_store.h"
#include "adapters/postgres/pg_internal.h"
#include "adapters/postgres/pg_store.h"

#define ROUNDS 20
#define WAKE_LIMIT_MS 100.0

static const char *base_url;
static char url[512];

static double now_ms(void)
{
	struct timespec ts;
	/* CLOCK_MONOTONIC is one clock for every process of the machine */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int setup(void **state)
{
	bo_err err;
	char sep = strchr(base_url, '?') ? '&' : '?';
	snprintf(url, sizeof url, "%s%cschema=t_live_%d", base_url, sep,
		 (int)getpid());
	(void)bo_pg_destroy(url, &err);
	assert_int_equal(bo_pg_create(url, NULL, NULL, &err), 0);
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	bo_err err;
	(void)state;
	(void)bo_pg_destroy(url, &err);
	return 0;
}

static int write_one(bo_ports *p, int n, bo_err *err)
{
	char v[16];
	int rc;
	snprintf(v, sizeof v, "%d", n);
	if ((rc = bo_store_begin(&p->store, err)) < 0)
		return rc;
	if ((rc = bo_store_setting_set(&p->store, "live", v, err)) < 0) {
		bo_store_rollback(&p->store);
		return rc;
	}
	return bo_store_commit(&p->store, err);
}

/* The writer, another process with its own connection: each round waits
 * for the reader's go, then commits one change, and sends the time just
 * before it asked for the commit (so the figure below is an upper bound:
 * it includes the commit's own round trip and fsync). */
static void writer(int go, int times)
{
	bo_ports p;
	bo_err err;
	if (bo_pg_open(&p, url, &err) < 0)
		_exit(2);
	for (int i = 0; i < ROUNDS; i++) {
		char c;
		if (read(go, &c, 1) != 1)
			_exit(3);
		usleep(20000); /* the reader is in poll() by now */
		double t = now_ms();
		if (write_one(&p, i, &err) < 0)
			_exit(4);
		if (write(times, &t, sizeof t) != (ssize_t)sizeof t)
			_exit(5);
	}
	p.store.ops->close(p.store.self);
	_exit(0);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void another_process_commit_wakes_the_poller_within_100ms(void **state)
{
	(void)state;
	bo_ports p;
	bo_err err;
	assert_int_equal(bo_pg_open(&p, url, &err), 0);
	int64_t v, seen;
	assert_int_equal(bo_store_data_version(&p.store, &seen, &err), 0);
	int go[2], times[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(times), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(go[1]);
		close(times[0]);
		writer(go[0], times[1]);
	}
	close(go[0]);
	close(times[1]);
	double lat[ROUNDS];
	for (int i = 0; i < ROUNDS; i++) {
		int fd = bo_store_wait_fd(&p.store);
		assert_true(fd >= 0);
		assert_int_equal(write(go[1], "g", 1), 1);
		/* a far longer wait than any poll tick: only a wake-up ends
		 * it early */
		struct pollfd pfd = {fd, POLLIN, 0};
		assert_int_equal(poll(&pfd, 1, 5000), 1);
		double woke = now_ms(), sent;
		assert_int_equal(bo_store_data_version(&p.store, &v, &err), 0);
		assert_true(v != seen); /* the wake-up was a real change */
		seen = v;
		assert_int_equal(read(times[0], &sent, sizeof sent),
				 (ssize_t)sizeof sent);
		lat[i] = woke - sent;
		/* drained: quiet until the next commit */
		pfd.revents = 0;
		assert_int_equal(poll(&pfd, 1, 0), 0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(go[1]);
	close(times[0]);
	qsort(lat, ROUNDS, sizeof lat[0], cmp);
	printf("test_pg_live: commit-to-wake-up over %d rounds: min %.2f ms, "
	       "median %.2f ms, max %.2f ms (limit %.0f ms)\n",
	       ROUNDS, lat[0], lat[ROUNDS / 2], lat[ROUNDS - 1], WAKE_LIMIT_MS);
	assert_true(lat[ROUNDS - 1] < WAKE_LIMIT_MS);
	p.store.ops->close(p.store.self);
}

static void a_lost_connection_wakes_the_poller_and_reconnects(void **state)
{
	(void)state;
	bo_ports p, w;
	bo_err err;
	int64_t v;
	assert_int_equal(bo_pg_open(&p, url, &err), 0);
	assert_int_equal(bo_pg_open(&w, url, &err), 0);
	/* fine: nothing to do */
	assert_int_equal(bo_store_reconnect(&p.store, 3, &err), 0);
	int fd = bo_store_wait_fd(&p.store);
	assert_true(fd >= 0);
	PGconn *k = PQconnectdb(base_url);
	assert_int_equal(PQstatus(k), CONNECTION_OK);
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)",
		 PQbackendPID(((bo_pg *)p.store.self)->conn));
	PQclear(PQexec(k, sql));
	/* the end of the connection wakes the poller too */
	struct pollfd pfd = {fd, POLLIN, 0};
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	assert_true(bo_store_data_version(&p.store, &v, &err) < 0);
	assert_non_null(strstr(err.msg, "lost the connection"));
	assert_int_equal(bo_store_wait_fd(&p.store), -1);
	assert_int_equal(bo_store_reconnect(&p.store, 3, &err), 1);
	/* back, listening again: the next commit elsewhere wakes it */
	fd = bo_store_wait_fd(&p.store);
	assert_true(fd >= 0);
	assert_int_equal(bo_store_data_version(&p.store, &v, &err), 0);
	assert_int_equal(write_one(&w, 99, &err), 0);
	pfd = (struct pollfd){fd, POLLIN, 0};
	assert_int_equal(poll(&pfd, 1, 5000), 1);
	int64_t v2;
	assert_int_equal(bo_store_data_version(&p.store, &v2, &err), 0);
	assert_true(v2 != v);
	/* prepared statements are redone on the new session */
	char *out = NULL;
	assert_int_equal(bo_store_setting_get(&p.store, "live", &out, &err), 0);
	assert_string_equal(out, "99");
	free(out);
	PQfinish(k);
	w.store.ops->close(w.store.self);
	p.store.ops->close(p.store.self);
}

static void a_server_that_stays_away_is_one_line(void **state)
{
	(void)state;
	bo_ports p;
	bo_err err;
	int64_t v;
	assert_int_equal(bo_pg_open(&p, url, &err), 0);
	/* the store's connection swapped for one to a port where no server
	 * listens, as after the server went away: PQreset keeps failing */
	bo_pg *c = p.store.self;
	PQfinish(c->conn);
	c->conn = PQconnectdb("host=127.0.0.1 port=1 connect_timeout=2 "
			      "password=not-this-one");
	assert_true(bo_store_data_version(&p.store, &v, &err) < 0);
	double t0 = now_ms();
	assert_int_equal(bo_store_reconnect(&p.store, 3, &err), BO_ESTORAGE);
	double took = now_ms() - t0;
	/* bounded: three tries, 100 ms then 200 ms apart */
	assert_true(took >= 300.0 && took < 5000.0);
	assert_non_null(strstr(err.msg, "lost the connection"));
	assert_non_null(strstr(err.msg, "127.0.0.1:1"));
	assert_non_null(strstr(err.msg, "tried 3 times"));
	assert_null(strchr(err.msg, '\n'));
	assert_null(strstr(err.msg, "not-this-one"));
	p.store.ops->close(p.store.self);
}

static void stores_without_a_descriptor_say_minus_one(void **state)
{
	(void)state;
	bo_ports m;
	bo_err err;
	assert_int_equal(bo_memory_open(&m, &err), 0);
	assert_int_equal(bo_store_wait_fd(&m.store), -1);
	assert_int_equal(bo_store_reconnect(&m.store, 3, &err), 0);
	m.store.ops->close(m.store.self);
}

int main(void)
{
	base_url = getenv("BACKOFFICE_TEST_PG");
	/* pg_internal.h makes this file's PQexec, PQfinish, ... calls go
	 * through the adapter's libpq table (pq_api.h): filled first. */
	bo_err pq_err;
	if (bo_pq_load(&pq_err) < 0) {
		printf("test_pg_live: %s\n", pq_err.msg);
		return 1;
	}
	const struct CMUnitTest offline[] = {
	    cmocka_unit_test(stores_without_a_descriptor_say_minus_one),
	};
	int failed =
	    cmocka_run_group_tests_name("pg_live_offline", offline, NULL, NULL);
	if (!base_url || !*base_url) {
		printf("test_pg_live: BACKOFFICE_TEST_PG is not set; the "
		       "server tests skipped (run under "
		       "tests/support/with_pg.sh)\n");
		return failed;
	}
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	    T(another_process_commit_wakes_the_poller_within_100ms),
	    T(a_lost_connection_wakes_the_poller_and_reconnects),
	    T(a_server_that_stays_away_is_one_line),
#undef T
	};
	return failed |
	       cmocka_run_group_tests_name("pg_live", tests, NULL, NULL);
}
