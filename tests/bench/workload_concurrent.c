/* Phase D of the workload on PostgreSQL: W writer processes append phase A's events (split by order id % W) while a follower reads the log; it must see every event exactly once. */
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adapters/sys/sys_env.h"
#include "tests/bench/workload_store.h"

/*
 * The limit's follower cannot read "position > cursor": with writers
 * committing concurrently a smaller position can commit after a larger one
 * was read. It does what a store with concurrent writers must: it reads
 * only rows of transactions older than every one still running
 * (pg_snapshot_xmin), in (transaction id, position) order, and resumes
 * after the last (transaction id, position) it read. The port's follower
 * is the store's own: read_all after the last position it read, which
 * stays at or below the safe head (event_store.h).
 */

#define MAX_VERSION 5

typedef struct gates {
	int ready[2]; /* each process says it is connected */
	int start[2]; /* closed by the coordinator: go */
	int done[2];  /* closed when every writer has exited */
	int result[2]; /* the follower's verdict */
} gates;

static void say_ready(const gates *g)
{
	char c;

	if (write(g->ready[1], "r", 1) != 1)
		_exit(1);
	while (read(g->start[0], &c, 1) < 0 && errno == EINTR)
		;
}

/* ---- writers ----------------------------------------------------------- */

static int limit_writer(const wb_job *j, const wl_workload *w, const gates *g,
			int part)
{
	PGconn *c = PQconnectdb(j->url);
	int rc = 0;

	if (PQstatus(c) != CONNECTION_OK ||
	    wb_pg_limit_prepare(c, j->where) < 0) {
		fprintf(stderr, "workload: D writer: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	say_ready(g);
	for (int64_t k = 0; k < j->a_events && rc == 0; k++) {
		const wl_event *e = &w->events[k];

		if (e->order % j->writers != part)
			continue;
		/* an order's events come in seq order: version = seq + 1 */
		rc = wb_pg_limit_insert(c, wl_order_of(w, e), e->seq,
					e->seq + 1);
	}
	PQfinish(c);
	return rc ? 1 : 0;
}

static int port_writer(const wb_job *j, const wl_workload *w, const gates *g,
		       int part)
{
	bo_ids ids = bo_sys_ids();
	wb_versions vs;
	bo_ports p;
	int rc = 0;

	if (wb_versions_init(&vs, w->norders) < 0 || wb_store_open(j, &p) < 0)
		return 1;
	say_ready(g);
	for (int64_t k = 0; k < j->a_events && rc == 0; k++) {
		const wl_event *e = &w->events[k];

		if (e->order % j->writers == part)
			rc = wb_port_append_one(&p, &ids, w, e, &vs);
	}
	bo_ports_close(&p);
	wb_versions_free(&vs);
	return rc ? 1 : 0;
}

/* ---- the follower --------------------------------------------------------- */

typedef struct tally {
	unsigned char *seen; /* by order * (MAX_VERSION + 1) + version */
	int64_t norders, events, dups, strays;
} tally;

static void see(tally *t, const char *stream, int64_t version)
{
	int64_t id = strncmp(stream, "order-", 6) ? 0
						   : strtoll(stream + 6, NULL, 10);

	if (id < 1 || id > t->norders || version < 1 ||
	    version > MAX_VERSION) {
		t->strays++;
		return;
	}
	if (t->seen[id * (MAX_VERSION + 1) + version]++)
		t->dups++;
	t->events++;
}

/* 1 once every writer has exited (the done pipe at end of file). */
static int writers_done(const gates *g)
{
	struct pollfd pf = {g->done[0], POLLIN, 0};
	char c;

	return poll(&pf, 1, 0) == 1 && read(g->done[0], &c, 1) == 0;
}

/* One batch after the cursor into t; how many rows, -1 on failure. */
typedef int (*batch_fn)(void *state, tally *t);

typedef struct limit_follow {
	PGconn *c;
	char xact[32], pos[32];
} limit_follow;

static int limit_batch(void *state, tally *t)
{
	limit_follow *lf = state;
	const char *v[2] = {lf->xact, lf->pos};
	PGresult *r = PQexecPrepared(lf->c, "follow", 2, v, NULL, NULL, 0);
	int n;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "workload: D follower: %s",
			PQerrorMessage(lf->c));
		PQclear(r);
		return -1;
	}
	n = PQntuples(r);
	for (int i = 0; i < n; i++)
		see(t, PQgetvalue(r, i, 2),
		    strtoll(PQgetvalue(r, i, 3), NULL, 10));
	if (n > 0) {
		snprintf(lf->xact, sizeof(lf->xact), "%s",
			 PQgetvalue(r, n - 1, 0));
		snprintf(lf->pos, sizeof(lf->pos), "%s",
			 PQgetvalue(r, n - 1, 1));
	}
	PQclear(r);
	return n;
}

typedef struct port_follow {
	bo_ports p;
	int64_t after;
} port_follow;

static int port_batch(void *state, tally *t)
{
	port_follow *pf = state;
	bo_event_list b = {0};
	bo_err err = {0};
	int n;

	if (bo_event_store_read_all(&pf->p.events, pf->after, 1000, &b,
				    &err) < 0) {
		fprintf(stderr, "workload: D follower: %s\n", err.msg);
		return -1;
	}
	for (size_t i = 0; i < b.n; i++)
		see(t, b.items[i].stream, b.items[i].version);
	if (b.n > 0)
		pf->after = b.items[b.n - 1].position;
	n = (int)b.n;
	bo_event_list_clear(&b);
	return n;
}

static int follower(const wb_job *j, const wl_workload *w, const gates *g)
{
	tally t = {0};
	limit_follow lf = {NULL, "0", "0"};
	port_follow pf;
	batch_fn batch = j->path == WB_LIMIT ? limit_batch : port_batch;
	void *state = j->path == WB_LIMIT ? (void *)&lf : (void *)&pf;
	int64_t expected = j->a_events, missing = 0;
	int n, finished = 0;
	char line[128];

	memset(&pf, 0, sizeof(pf));
	t.norders = w->norders;
	t.seen = calloc((size_t)(w->norders + 1) * (MAX_VERSION + 1), 1);
	if (!t.seen)
		return 1;
	if (j->path == WB_LIMIT) {
		char text[512];
		PGresult *r;

		lf.c = PQconnectdb(j->url);
		snprintf(text, sizeof(text),
			 "SELECT xact_id::text, position, stream, version FROM "
			 "%s.events WHERE (xact_id, position) > ($1::xid8, "
			 "$2::bigint) AND xact_id < pg_snapshot_xmin("
			 "pg_current_snapshot()) ORDER BY xact_id, position "
			 "LIMIT 1000",
			 j->where);
		r = PQprepare(lf.c, "follow", text, 2, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "workload: D follower: %s",
				PQerrorMessage(lf.c));
			return 1;
		}
		PQclear(r);
	} else if (wb_store_open(j, &pf.p) < 0) {
		return 1;
	}
	say_ready(g);
	/* follow while they write; once they are all done, drain */
	for (;;) {
		int last = finished;

		if (!finished)
			finished = writers_done(g);
		if ((n = batch(state, &t)) < 0)
			return 1;
		if (n == 0 && last)
			break;
		if (n == 0)
			usleep(1000);
	}
	for (int64_t k = 0; k < j->a_events; k++) {
		const wl_event *e = &w->events[k];

		if (!t.seen[(int64_t)e->order * (MAX_VERSION + 1) + e->seq + 1])
			missing++;
	}
	snprintf(line, sizeof(line),
		 "%" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 "\n", t.events,
		 t.dups, t.strays, missing);
	if (write(g->result[1], line, strlen(line)) < 0)
		return 1;
	if (lf.c)
		PQfinish(lf.c);
	else
		bo_ports_close(&pf.p);
	free(t.seen);
	return t.events == expected && !t.dups && !t.strays && !missing ? 0
									  : 1;
}

/* ---- the coordinator ------------------------------------------------------- */

static int setup(const wb_job *j)
{
	bo_ports p;

	if (j->path == WB_LIMIT) {
		PGconn *c = PQconnectdb(j->url);
		int rc = PQstatus(c) == CONNECTION_OK
			     ? wb_pg_limit_table(c, j->where, 1)
			     : -1;

		PQfinish(c);
		return rc;
	}
	if (wb_store_make(j, &p) < 0)
		return -1;
	bo_ports_close(&p);
	return 0;
}

int wb_concurrent(const wb_job *j, const wl_workload *w, wb_out *o)
{
	gates g;
	pid_t pids[65], fpid;
	int failed = 0, st;
	char line[128] = "";
	int64_t seen = 0, dups = 0, strays = 0, missing = 0;
	struct rusage ru;
	double t0;
	FILE *in;

	if (j->backend != WB_PG || j->writers < 1 || j->writers > 64 ||
	    setup(j) < 0)
		return -1;
	if (pipe(g.ready) || pipe(g.start) || pipe(g.done) || pipe(g.result))
		return -1;
	fflush(stdout);
	if ((fpid = fork()) == 0) {
		close(g.ready[0]);
		close(g.start[1]);
		close(g.done[1]);
		close(g.result[0]);
		_exit(follower(j, w, &g));
	}
	for (int i = 0; i < j->writers; i++)
		if ((pids[i] = fork()) == 0) {
			close(g.ready[0]);
			close(g.start[1]);
			close(g.done[0]);
			close(g.done[1]);
			close(g.result[0]);
			close(g.result[1]);
			_exit(j->path == WB_LIMIT ? limit_writer(j, w, &g, i)
						  : port_writer(j, w, &g, i));
		}
	close(g.ready[1]);
	close(g.result[1]);
	close(g.done[0]);
	for (int got = 0; got < j->writers + 1;) {
		char c;
		ssize_t k = read(g.ready[0], &c, 1);

		if (k == 1)
			got++;
		else if (k == 0 || errno != EINTR)
			break; /* one died before the start: counted below */
	}
	t0 = wb_now();
	close(g.start[1]);
	for (int i = 0; i < j->writers; i++) {
		while (wait4(pids[i], &st, 0, &ru) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
		if (ru.ru_maxrss > o->rss_kb)
			o->rss_kb = ru.ru_maxrss;
	}
	o->seconds = wb_now() - t0;
	o->events = j->a_events;
	close(g.done[1]); /* the follower drains, then answers */
	in = fdopen(g.result[0], "r");
	if (in && fgets(line, sizeof(line), in))
		sscanf(line, "%" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64,
		       &seen, &dups, &strays, &missing);
	if (in)
		fclose(in);
	while (wait4(fpid, &st, 0, &ru) < 0 && errno == EINTR)
		;
	if (ru.ru_maxrss > o->rss_kb)
		o->rss_kb = ru.ru_maxrss;
	o->digest_ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	snprintf(o->digest, sizeof(o->digest), "%s",
		 o->digest_ok ? "once" : "wrong");
	fprintf(stderr,
		"  D %s, %d writer(s): the follower saw %" PRId64
		" of %" PRId64 " events, %" PRId64 " twice, %" PRId64
		" strays, %" PRId64 " missing\n",
		j->path == WB_LIMIT ? "limit" : "port", j->writers, seen,
		j->a_events, dups, strays, missing);
	close(g.ready[0]);
	close(g.start[0]);
	o->bytes = wb_pg_schema_bytes(j->url, j->where);
	if (failed)
		fprintf(stderr, "workload: D: %d writer(s) failed\n", failed);
	return failed ? -1 : 0;
}
