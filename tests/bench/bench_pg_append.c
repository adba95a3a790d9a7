/* Append rate on PostgreSQL with 1, 4 and 8 concurrent writer processes, against plain durable INSERTs in the same run. */
/*
 * Run with `make bench-pg-append` (a throwaway cluster beside it), or
 * directly with BACKOFFICE_TEST_PG set to a server's URL:
 *   build/tests/bench/bench_pg_append [--writers LIST] [--events N]
 *                                     [--rounds R]
 * Defaults: writers 1,4,8; 400 events per writer; 3 rounds.
 * For each writer count, every round times two runs on the same server:
 *   services  W processes, each with its own connection, adding N notes
 *             to an order of its own through bo_app_order_note (the
 *             command `order note` runs: role check, load the stream,
 *             append with the inline projections, commit, NOTIFY);
 *   baseline  W processes, each INSERTing N rows into a plain table with
 *             the events' shape and UNIQUE(stream, version), one commit
 *             per row: what the server can commit durably at that
 *             concurrency, the limit the services are held against.
 * The two alternate (which goes first flips every round) so the machine's
 * noise falls on both. Each run starts its writers together (a pipe
 * closed by the parent) and is timed from that moment to the last exit.
 * Prints events/s per run, services/baseline per round and the median
 * ratio per writer count. Exit 0, 1 on a failure, 2 on bad usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "adapters/memory/memory_store.h"
#include "adapters/postgres/pg_store.h"
#include "adapters/sys/sys_env.h"
#include "domain/app.h"
#include "tests/support/pg_shop.h"

#define MAX_WRITERS 32
#define MAX_ROUNDS 20
#define DAY0_MS BO_PG_SHOP_DAY0_MS

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bench_pg_append: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *base_url;

static void url_for(char *out, size_t n, const char *schema)
{
	snprintf(out, n, "%s%sschema=%s", base_url,
		 strchr(base_url, '?') ? "&" : "?", schema);
}

/* A fresh store with one order per writer; their ids go to orders[]. */
static void store_make(const char *url, int w, int64_t *orders)
{
	bo_err err = {0};

	if (bo_pg_shop_make(url, w, orders, &err) != BO_OK)
		die("setting up the store: %s", err.msg);
}

static void store_drop(const char *url)
{
	bo_err err = {0};

	if (bo_pg_destroy(url, &err) != BO_OK)
		die("dropping the store: %s", err.msg);
}

/* ---- the two kinds of writer ---------------------------------------------- */

/* Each writer connects first, says so on ready, then waits for the gate to
 * close, so the timer starts with every connection made. */
static int ready_fd = -1, gate_fd = -1;

static void wait_gate(void)
{
	char c;

	if (write(ready_fd, "r", 1) != 1)
		_exit(1);
	while (read(gate_fd, &c, 1) < 0 && errno == EINTR)
		;
}

/* Busy means nothing was written: the command is sent again. */
static int services_writer(const char *url, int64_t order, int n)
{
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	bo_err err = {0};
	bo_ports p;
	bo_app app;

	if (bo_pg_open(&p, url, &err) != BO_OK ||
	    bo_app_open(&app, &p, &clock, &ids, "ann", &err) != BO_OK) {
		fprintf(stderr, "writer: %s\n", err.msg);
		return 1;
	}
	wait_gate();
	for (int i = 0; i < n; i++) {
		int rc, tries = 0;

		while ((rc = bo_app_order_note(&app, order, "a benchmark note",
					       &err)) == BO_EBUSY &&
		       tries++ < 100)
			usleep(2000);
		if (rc != BO_OK) {
			fprintf(stderr, "writer: note %d: %s\n", i, err.msg);
			return 1;
		}
	}
	bo_app_close(&app);
	bo_ports_close(&p);
	return 0;
}

static int baseline_writer(const char *schema, int w, int n)
{
	char sql[256];
	PGconn *c = PQconnectdb(base_url);
	int status = 0;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "baseline writer: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO %s.bench_events (stream, version, type, data, "
	    "recorded_at, xact_id) VALUES ($1, $2, 'NoteAdded', $3::jsonb, "
	    "$4, pg_current_xact_id())",
	    schema);
	PGresult *r = PQprepare(c, "ins", sql, 4, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "baseline writer: %s", PQerrorMessage(c));
		status = 1;
	}
	PQclear(r);
	wait_gate();
	for (int i = 0; i < n && !status; i++) {
		char stream[32], version[24], at[24];
		const char *v[4] = {stream, version,
				    "{\"text\":\"a benchmark note\"}", at};

		snprintf(stream, sizeof(stream), "order-%d", w + 1);
		snprintf(version, sizeof(version), "%d", i + 1);
		snprintf(at, sizeof(at), "%" PRId64, DAY0_MS + i);
		r = PQexecPrepared(c, "ins", 4, v, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			fprintf(stderr, "baseline writer: %s",
				PQerrorMessage(c));
			status = 1;
		}
		PQclear(r);
	}
	PQfinish(c);
	return status;
}

static void raw_sql(const char *sql, const char *what)
{
	PGconn *c = PQconnectdb(base_url);

	if (PQstatus(c) != CONNECTION_OK)
		die("connecting: %s", PQerrorMessage(c));
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		die("%s: %s", what, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* The baseline's table, in a schema of its own, made again for each run. */
static void baseline_make(const char *schema)
{
	char sql[1024];

	snprintf(
	    sql, sizeof(sql),
	    "CREATE SCHEMA %s;"
	    "CREATE TABLE %s.bench_events (position bigserial PRIMARY KEY,"
	    " stream text NOT NULL, version bigint NOT NULL, type text NOT "
	    "NULL, data jsonb NOT NULL, recorded_at bigint NOT NULL,"
	    " xact_id xid8 NOT NULL, UNIQUE (stream, version))",
	    schema, schema);
	raw_sql(sql, "making the baseline table");
}

static void baseline_drop(const char *schema)
{
	char sql[128];

	snprintf(sql, sizeof(sql),
		 "SET client_min_messages = warning; DROP SCHEMA %s CASCADE",
		 schema);
	raw_sql(sql, "dropping the baseline table");
}

/* ---- one timed run -------------------------------------------------------- */

enum { RUN_SERVICES, RUN_BASELINE };

static double timed_run(int kind, int w, int n)
{
	char schema[64], url[1024];
	int64_t orders[MAX_WRITERS];
	int gate[2], ready[2];
	pid_t pid[MAX_WRITERS];

	snprintf(schema, sizeof(schema), "bo_bench_%s_%d",
		 kind == RUN_SERVICES ? "svc" : "raw", (int)getpid());
	url_for(url, sizeof(url), schema);
	if (kind == RUN_SERVICES)
		store_make(url, w, orders);
	else
		baseline_make(schema);
	if (pipe(gate) != 0 || pipe(ready) != 0)
		die("pipe: %s", strerror(errno));
	for (int i = 0; i < w; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			die("fork: %s", strerror(errno));
		if (pid[i] == 0) {
			close(gate[1]);
			close(ready[0]);
			gate_fd = gate[0];
			ready_fd = ready[1];
			_exit(kind == RUN_SERVICES
				  ? services_writer(url, orders[i], n)
				  : baseline_writer(schema, i, n));
		}
	}
	close(gate[0]);
	close(ready[1]);
	for (int got = 0; got < w;) {
		char c;
		ssize_t k = read(ready[0], &c, 1);

		if (k == 1)
			got++;
		else if (k == 0 || errno != EINTR)
			break; /* a writer died before the gate: counted below */
	}
	close(ready[0]);
	double t0 = now_s();
	close(gate[1]);
	int failed = 0;
	for (int i = 0; i < w; i++) {
		int st;

		while (waitpid(pid[i], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	double dt = now_s() - t0;
	if (failed)
		die("%d writer(s) failed", failed);
	if (kind == RUN_SERVICES)
		store_drop(url);
	else
		baseline_drop(schema);
	return (double)w * n / dt;
}

/* ---- main ----------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void usage(void)
{
	fputs("usage: bench_pg_append [--writers 1,4,8] [--events N] "
	      "[--rounds R]\n(BACKOFFICE_TEST_PG: the server's URL)\n",
	      stderr);
	exit(2);
}

static int parse_count(const char *s, int max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || (*end && *end != ',') || v < 1 || v > max)
		usage();
	return (int)v;
}

int main(int argc, char **argv)
{
	int wl[MAX_WRITERS], nw = 0, n = 400, rounds = 3;
	const char *list = "1,4,8";

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--writers") && i + 1 < argc)
			list = argv[++i];
		else if (!strcmp(argv[i], "--events") && i + 1 < argc)
			n = parse_count(argv[++i], 10000000);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = parse_count(argv[++i], MAX_ROUNDS);
		else
			usage();
	}
	for (const char *p = list; *p && nw < MAX_WRITERS;) {
		wl[nw++] = parse_count(p, MAX_WRITERS);
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	if (!(base_url = getenv("BACKOFFICE_TEST_PG")) || !*base_url) {
		fputs("bench_pg_append: BACKOFFICE_TEST_PG is not set (make "
		      "bench-pg-append starts a server)\n",
		      stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("%d events per writer, %d round(s); events/s, one commit per "
	       "event\n",
	       n, rounds);
	printf("%-8s %-6s %12s %12s %8s\n", "writers", "round", "services",
	       "baseline", "ratio");
	for (int k = 0; k < nw; k++) {
		double ratio[MAX_ROUNDS], svc_sum = 0, raw_sum = 0;

		for (int r = 0; r < rounds; r++) {
			double svc, raw;

			if (r % 2 == 0) {
				svc = timed_run(RUN_SERVICES, wl[k], n);
				raw = timed_run(RUN_BASELINE, wl[k], n);
			} else {
				raw = timed_run(RUN_BASELINE, wl[k], n);
				svc = timed_run(RUN_SERVICES, wl[k], n);
			}
			ratio[r] = svc / raw;
			svc_sum += svc;
			raw_sum += raw;
			printf("%-8d %-6d %12.0f %12.0f %8.2f\n", wl[k], r + 1,
			       svc, raw, ratio[r]);
		}
		qsort(ratio, (size_t)rounds, sizeof(ratio[0]), cmp_double);
		printf("%-8d %-6s %12.0f %12.0f %8.2f  (means; median ratio)\n",
		       wl[k], "all", svc_sum / rounds, raw_sum / rounds,
		       ratio[rounds / 2]);
	}
	return 0;
}
