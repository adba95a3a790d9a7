/* The PostgreSQL no-skip test: writer processes append while a projector follows; the followed models equal a rebuild, and a naive reader misses events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "adapters/memory/memory_store.h"
#include "adapters/postgres/pg_store.h"
#include "domain/app.h"
#include "domain/app_projections.h"
#include "domain/projections/engine.h"
#include "tests/support/pg_shop.h"

/*
 * PostgreSQL draws an event's position when the row is inserted and shows
 * the row when its transaction commits, so positions can become visible
 * out of order. The store keeps readers safe (writers serialised by the
 * store's advisory lock, readers below the oldest running transaction:
 * adapters/postgres/event_store.c). This test proves it with processes:
 *
 *  - NOSKIP_WRITERS writer processes (default 4) each append NOSKIP_APPENDS
 *    notes (default 2,000) to an order of their own, one or two events per
 *    transaction, holding some transactions open a random 1-6 ms after
 *    the append;
 *  - a follower process reads the log through the port (read_all after its
 *    cursor, recording every event it is handed) and catches every
 *    projector up after each read, as `projections run --follow` does;
 *  - afterwards the events the follower saw are exactly the committed log
 *    (no gap, no duplicate, in increasing order) and verify finds the
 *    followed read models equal to a rebuild.
 *
 * The negative control runs the same writers with the store's lock turned
 * off (BACKOFFICE_PG_UNSERIALISED=1, a test-only switch) against a naive
 * follower that reads `position > cursor` straight from the table: it must
 * miss events, or this test could not catch the bug it is about.
 *
 * Skipped (with a note) without BACKOFFICE_TEST_PG: tests/support/with_pg.sh
 * provides it in make test. make soak-pg runs it at 8 writers x 100,000.
 */

static int env_int(const char *name, int dflt, int max)
{
	const char *s = getenv(name);
	char *end = NULL;
	long v;

	if (!s || !*s)
		return dflt;
	v = strtol(s, &end, 10);
	return end && *end == '\0' && v >= 1 && v <= max ? (int)v : dflt;
}

static int writers(void)
{
	return env_int("NOSKIP_WRITERS", 4, 64);
}

static int appends(void)
{
	return env_int("NOSKIP_APPENDS", RUNNING_ON_VALGRIND ? 150 : 2000,
		       10000000);
}

/* The negative control only has to show that the checker can fail: the
 * soak (make soak-pg) keeps it at the CI size with NOSKIP_CONTROL_APPENDS. */
static int control_appends(void)
{
	return env_int("NOSKIP_CONTROL_APPENDS", appends(), 10000000);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the store ------------------------------------------------------------ */

typedef struct ns_store {
	char url[1024];    /* BACKOFFICE_TEST_PG with this run's schema */
	char schema[64];   /* bo_noskip_<pid>_<n> */
	int64_t orders[64]; /* writer w appends to order-orders[w] */
} ns_store;

#define DAY0_MS BO_PG_SHOP_DAY0_MS
/* A follower that sees no new event for this long has hung. */
#define STALL_MS (5 * 60 * 1000)

static void pg_open(const ns_store *s, bo_ports *out)
{
	bo_err err = {0};

	if (bo_pg_open(out, s->url, &err) != BO_OK)
		fail_msg("open %s: %s", s->schema, err.msg);
}

/* A fresh store on a schema of its own, one order per writer. */
static void store_make(ns_store *s, int n)
{
	const char *base = getenv("BACKOFFICE_TEST_PG");
	bo_err err = {0};

	snprintf(s->schema, sizeof(s->schema), "bo_noskip_%d_%d", (int)getpid(),
		 n);
	snprintf(s->url, sizeof(s->url), "%s%sschema=%s", base,
		 strchr(base, '?') ? "&" : "?", s->schema);
	if (bo_pg_shop_make(s->url, writers(), s->orders, &err) != BO_OK)
		fail_msg("setting up %s: %s", s->schema, err.msg);
}

static void store_drop(ns_store *s)
{
	bo_err err = {0};

	if (bo_pg_destroy(s->url, &err) != BO_OK)
		print_error("dropping %s: %s\n", s->schema, err.msg);
}

/* ---- processes ------------------------------------------------------------ */

/*
 * ready: each child says it is connected; gate: closed by the parent to
 * start them together; done: writers hold its write end until they exit,
 * so the follower sees end of file once every writer is done.
 */
typedef struct ns_pipes {
	int ready[2];
	int gate[2];
	int done[2];
} ns_pipes;

static int writers_done(int fd)
{
	char c;
	ssize_t n = read(fd, &c, 1);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
}

static void child_wait_gate(ns_pipes *pp)
{
	char c;

	if (write(pp->ready[1], "r", 1) != 1)
		_exit(2);
	close(pp->ready[1]);
	while (read(pp->gate[0], &c, 1) < 0 && errno == EINTR)
		;
}

/* A note on stream order-<order> with an id no other writer uses. */
static int mk_note(bo_event *e, int w, int k, int i, int64_t order)
{
	char id[BO_UUID_LEN + 1];

	memset(e, 0, sizeof(*e));
	snprintf(id, sizeof(id), "5eed0000-0000-4000-8%03x-%012x",
		 (unsigned)w & 0xfffu, (unsigned)(2 * k + i));
	e->event_id = strdup(id);
	e->kind = BO_EV_NOTE_ADDED;
	e->type_name = strdup(bo_event_kind_name(BO_EV_NOTE_ADDED));
	e->schema_version = bo_event_kind_schema(BO_EV_NOTE_ADDED);
	e->recorded_at = DAY0_MS + 60000 + k;
	e->meta.user = strdup("ann");
	e->meta.role = strdup("admin");
	e->meta.tenant = strdup("default");
	e->meta.correlation_id = strdup(id);
	e->order_id = order;
	e->text = strdup("a note from a concurrent writer");
	return e->event_id && e->type_name && e->meta.user && e->meta.role &&
		       e->meta.tenant && e->meta.correlation_id && e->text
		   ? BO_OK
		   : BO_ENOMEM;
}

/* Busy means nothing was written: a caller sends it again. */
#define NS_RETRY(rc, call)                                                     \
	do {                                                                   \
		for (int try_ = 0; ((rc) = (call)) == BO_EBUSY && try_ < 200;  \
		     try_++)                                                   \
			usleep(5000);                                          \
	} while (0)

static int writer_run(const ns_store *s, int w, int n)
{
	char stream[32];
	int64_t version = 1; /* OrderPlaced */
	unsigned seed = (unsigned)(w * 7919 + 1);
	bo_ports p;
	bo_err err = {0};

	if (bo_pg_open(&p, s->url, &err) != BO_OK) {
		fprintf(stderr, "writer %d: %s\n", w, err.msg);
		return 1;
	}
	snprintf(stream, sizeof(stream), "order-%" PRId64, s->orders[w]);
	for (int k = 0; k < n; k++) {
		bo_event ev[2];
		int m = k % 5 == 4 ? 2 : 1, rc = BO_OK;

		for (int i = 0; i < m; i++)
			if (mk_note(&ev[i], w, k, i, s->orders[w]) != BO_OK)
				rc = bo_err_set(&err, BO_ENOMEM, "out of memory");
		if (rc == BO_OK)
			NS_RETRY(rc, bo_store_begin(&p.store, &err));
		if (rc == BO_OK) {
			rc = bo_event_store_append(&p.events, stream, version,
						   ev, (size_t)m, &err);
			if (rc == BO_OK && k % 3 == 0)
				usleep(1000 + (rand_r(&seed) % 5000));
			if (rc == BO_OK)
				rc = bo_store_commit(&p.store, &err);
			else
				bo_store_rollback(&p.store);
		}
		for (int i = 0; i < m; i++)
			bo_event_clear(&ev[i]);
		if (rc != BO_OK) {
			fprintf(stderr, "writer %d, append %d: %s\n", w, k,
				err.msg);
			bo_ports_close(&p);
			return 1;
		}
		version += m;
	}
	bo_ports_close(&p);
	return 0;
}

/* One event as the follower was handed it. */
typedef struct ns_obs {
	int64_t position;
	int64_t version;
	char stream[24];
} ns_obs;

static int put_obs(int fd, int64_t position, const char *stream,
		   int64_t version)
{
	ns_obs o = {position, version, {0}};

	snprintf(o.stream, sizeof(o.stream), "%s", stream);
	return write(fd, &o, sizeof(o)) == (ssize_t)sizeof(o) ? 0 : 1;
}

/*
 * The follower that keeps the contract: read_all after its cursor (the last
 * event it was handed), record, catch every projector up; until the writers
 * are done and a read after that finds nothing.
 */
static int follower_run(const ns_store *s, ns_pipes *pp, int out)
{
	bo_fixed_clock clock_state = {DAY0_MS + 3600000, 1};
	bo_counter_ids ids_state = {999000000u};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_ids ids = bo_counter_ids_port(&ids_state);
	/* the last time an event came: a follower that sees nothing new for
	 * STALL_MS gives up (a hang, not a size: the soak runs for an hour) */
	int64_t cursor = 0, moved = now_ms();
	bo_err err = {0};
	bo_ports p;
	bo_app app;
	int done = 0, rc;

	if (bo_pg_open(&p, s->url, &err) != BO_OK ||
	    bo_app_open(&app, &p, &clock, &ids, "ann", &err) != BO_OK) {
		fprintf(stderr, "follower: %s\n", err.msg);
		return 1;
	}
	child_wait_gate(pp);
	for (;;) {
		bo_event_list b = {0};

		/* looked at before the read: a read after done sees it all */
		if (!done)
			done = writers_done(pp->done[0]);
		rc = bo_event_store_read_all(&p.events, cursor, 50, &b, &err);
		for (size_t i = 0; rc == BO_OK && i < b.n; i++) {
			if (put_obs(out, b.items[i].position, b.items[i].stream,
				    b.items[i].version) != 0)
				rc = bo_err_set(&err, BO_ESTORAGE, "write");
			cursor = b.items[i].position;
		}
		if (rc == BO_OK)
			NS_RETRY(rc, bo_projections_catch_up(&p, &app.currency,
							     NULL, NULL, NULL,
							     &err));
		if (rc != BO_OK || (done && b.n == 0)) {
			bo_event_list_clear(&b);
			break;
		}
		if (b.n == 0)
			usleep(300);
		else
			moved = now_ms();
		bo_event_list_clear(&b);
		if (now_ms() - moved > STALL_MS) {
			rc = bo_err_set(&err, BO_ESTORAGE,
					"gave up: no new event for %d s at "
					"position %lld",
					STALL_MS / 1000, (long long)cursor);
			break;
		}
	}
	if (rc != BO_OK)
		fprintf(stderr, "follower: %s\n", err.msg);
	bo_app_close(&app);
	bo_ports_close(&p);
	return rc == BO_OK ? 0 : 1;
}

/*
 * The naive follower of the negative control: position > cursor straight
 * from the table, cursor at the last row read, as if positions became
 * visible in order.
 */
static int naive_run(const ns_store *s, ns_pipes *pp, int out)
{
	const char *base = getenv("BACKOFFICE_TEST_PG");
	char sql[256], after[24];
	int64_t cursor = 0;
	int done = 0;
	PGconn *c = PQconnectdb(base);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "naive: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	snprintf(sql, sizeof(sql),
		 "SELECT position, stream, version FROM \"%s\".events "
		 "WHERE position > $1 ORDER BY position LIMIT 50",
		 s->schema);
	child_wait_gate(pp);
	for (;;) {
		const char *v[1] = {after};
		PGresult *r;
		int n;

		if (!done)
			done = writers_done(pp->done[0]);
		snprintf(after, sizeof(after), "%" PRId64, cursor);
		r = PQexecParams(c, sql, 1, NULL, v, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "naive: %s", PQerrorMessage(c));
			PQclear(r);
			PQfinish(c);
			return 1;
		}
		n = PQntuples(r);
		for (int i = 0; i < n; i++) {
			cursor = strtoll(PQgetvalue(r, i, 0), NULL, 10);
			if (put_obs(out, cursor, PQgetvalue(r, i, 1),
				    strtoll(PQgetvalue(r, i, 2), NULL, 10))) {
				PQclear(r);
				PQfinish(c);
				return 1;
			}
		}
		PQclear(r);
		if (done && n == 0)
			break;
		if (n == 0)
			usleep(300);
	}
	PQfinish(c);
	return 0;
}

/* Runs the writers and one follower (naive or not); 0 when all exited 0. */
static int race(const ns_store *s, int naive, int out)
{
	int nw = writers(), n = naive ? control_appends() : appends();
	int failed = 0;
	pid_t pids[65];
	ns_pipes pp;
	char c;

	assert_int_equal(pipe(pp.ready), 0);
	assert_int_equal(pipe(pp.gate), 0);
	assert_int_equal(pipe(pp.done), 0);
	assert_int_equal(fcntl(pp.done[0], F_SETFL, O_NONBLOCK), 0);
	fflush(NULL);
	for (int i = 0; i <= nw; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] != 0)
			continue;
		close(pp.gate[1]);
		close(pp.ready[0]);
		if (i == nw) {
			close(pp.done[1]);
			_exit(naive ? naive_run(s, &pp, out)
				    : follower_run(s, &pp, out));
		}
		if (naive)
			setenv("BACKOFFICE_PG_UNSERIALISED", "1", 1);
		child_wait_gate(&pp);
		_exit(writer_run(s, i, n));
	}
	close(pp.ready[1]);
	close(pp.done[1]);
	/* writers open their connection after the gate, the follower before */
	for (int got = 0; got <= nw;) {
		ssize_t r = read(pp.ready[0], &c, 1);

		if (r == 1)
			got++;
		else if (r == 0 || errno != EINTR)
			break;
	}
	close(pp.ready[0]);
	close(pp.gate[0]);
	close(pp.gate[1]);
	for (int i = 0; i <= nw; i++) {
		int st = 0;

		while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			print_error("child %d ended with status %d\n", i, st);
			failed++;
		}
	}
	close(pp.done[0]);
	return failed;
}

/* ---- checking ------------------------------------------------------------- */

typedef struct ns_count {
	size_t seen, missing, twice, backwards;
	char first[160];
} ns_count;

/* Reads back what the follower saw and compares it with the committed log
 * (every committed event once, nothing else, in increasing order). */
static void compare(const ns_store *s, int fd, ns_count *out)
{
	bo_stored_event_list log = {0};
	ns_obs *seen = NULL;
	size_t n = 0, cap = 0, j = 0;
	bo_err err = {0};
	bo_ports p;
	ns_obs o;

	memset(out, 0, sizeof(*out));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	while (read(fd, &o, sizeof(o)) == (ssize_t)sizeof(o)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			seen = realloc(seen, cap * sizeof(*seen));
			assert_non_null(seen);
		}
		if (n > 0 && o.position <= seen[n - 1].position)
			out->backwards++;
		seen[n++] = o;
	}
	out->seen = n;
	pg_open(s, &p);
	if (p.events.ops->read_all(p.events.self, 0, 0, &log, &err) != BO_OK)
		fail_msg("reading the log: %s", err.msg);
	bo_ports_close(&p);
	/* both in increasing position order (seen: when nothing went back) */
	for (size_t i = 0; i < log.n; i++) {
		const bo_stored_event *e = &log.items[i];

		while (j < n && seen[j].position < e->position)
			j++;
		if (j < n && seen[j].position == e->position) {
			if (strcmp(seen[j].stream, e->stream) != 0 ||
			    seen[j].version != e->version)
				fail_msg("position %" PRId64 " seen as %s v%" PRId64
					 ", stored as %s v%" PRId64,
					 e->position, seen[j].stream,
					 seen[j].version, e->stream, e->version);
			j++;
			while (j < n && seen[j].position == e->position) {
				out->twice++;
				j++;
			}
		} else {
			if (!out->missing)
				snprintf(out->first, sizeof(out->first),
					 "position %" PRId64 " (%s v%" PRId64 ")",
					 e->position, e->stream, e->version);
			out->missing++;
		}
	}
	if (n != log.n + out->twice - out->missing && !out->backwards)
		fail_msg("the follower saw %zu events the log does not hold",
			 n - (log.n + out->twice - out->missing));
	bo_stored_event_list_clear(&log);
	free(seen);
}

static int scratch(void)
{
	char name[] = "/tmp/bo-noskip-XXXXXX";
	int fd = mkstemp(name);

	if (fd >= 0)
		unlink(name);
	return fd;
}

static int count_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	(void)row;
	(void)side;
	(*(int64_t *)ctx)++;
	return 0;
}

/* ---- the tests ------------------------------------------------------------ */

static int need_pg(void)
{
	if (getenv("BACKOFFICE_TEST_PG"))
		return 1;
	print_message("[ NOTE     ] BACKOFFICE_TEST_PG is not set (make test "
		      "sets it through tests/support/with_pg.sh); skipped\n");
	return 0;
}

static void a_follower_sees_every_committed_event_once(void **state)
{
	int64_t expected = 0, diffs = 0, ndiff = -1, started;
	bo_fixed_clock clock_state = {DAY0_MS + 7200000, 1};
	bo_counter_ids ids_state = {888000000u};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_ids ids = bo_counter_ids_port(&ids_state);
	bo_err err = {0};
	ns_store s = {0};
	ns_count cnt;
	bo_ports p;
	bo_app app;
	int fd;

	(void)state;
	if (!need_pg()) {
		skip();
		return;
	}
	store_make(&s, 1);
	fd = scratch();
	assert_true(fd >= 0);
	started = now_ms();
	assert_int_equal(race(&s, 0, fd), 0);
	compare(&s, fd, &cnt);
	close(fd);
	for (int k = 0; k < appends(); k++)
		expected += k % 5 == 4 ? 2 : 1;
	expected = expected * writers() + 1 + writers(); /* + product, orders */
	if (cnt.missing || cnt.twice || cnt.backwards)
		fail_msg("%zu missing, %zu twice, %zu backwards; first missing "
			 "%s",
			 cnt.missing, cnt.twice, cnt.backwards, cnt.first);
	assert_int_equal(cnt.seen, expected);

	/* the followed read models are what a rebuild makes of the log */
	pg_open(&s, &p);
	if (bo_app_open(&app, &p, &clock, &ids, "ann", &err) != BO_OK)
		fail_msg("%s", err.msg);
	if (bo_app_projections_verify(&app, NULL, NULL, NULL, count_diff,
				      &diffs, &ndiff, &err) != BO_OK)
		fail_msg("verify: %s", err.msg);
	assert_int_equal(ndiff, 0);
	assert_int_equal(diffs, 0);
	bo_app_close(&app);
	bo_ports_close(&p);
	print_message("[ FIGURES  ] %d writers x %d appends: %zu events followed "
		      "in %.1f s, none missed, none twice; verify equal\n",
		      writers(), appends(), cnt.seen,
		      (double)(now_ms() - started) / 1000.0);
	store_drop(&s);
}

static void a_naive_reader_of_unserialised_writers_misses_events(void **state)
{
	ns_store s = {0};
	ns_count cnt;
	int fd;

	(void)state;
	if (!need_pg()) {
		skip();
		return;
	}
	store_make(&s, 2);
	fd = scratch();
	assert_true(fd >= 0);
	assert_int_equal(race(&s, 1, fd), 0);
	compare(&s, fd, &cnt);
	close(fd);
	/* the checker sees the bug this test is about */
	if (cnt.missing == 0)
		fail_msg("the naive reader missed nothing in %zu events: the "
			 "negative control did not catch the bug",
			 cnt.seen);
	print_message("[ FIGURES  ] negative control: without the store's "
		      "lock a position > cursor reader missed %zu of the "
		      "committed events (first %s)\n",
		      cnt.missing, cnt.first);
	store_drop(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_follower_sees_every_committed_event_once),
	    cmocka_unit_test(
		a_naive_reader_of_unserialised_writers_misses_events),
	};

	return cmocka_run_group_tests_name("postgres no-skip", tests, NULL,
					   NULL);
}
