/* The workload's durable limit on SQLite: the plainest program writing the same rows into a minimal table (WAL, synchronous=FULL), and the shared helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "tests/bench/workload_run.h"

const char *wb_expected_digest;

double wb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int64_t wb_sqlite_bytes(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	int64_t sum = 0;

	for (size_t i = 0; i < 3; i++) {
		char name[4200];
		struct stat st;

		snprintf(name, sizeof(name), "%s%s", path, sides[i]);
		if (stat(name, &st) == 0)
			sum += (int64_t)st.st_size;
	}
	return sum;
}

int wb_versions_init(wb_versions *vs, int64_t norders)
{
	vs->v = calloc((size_t)norders + 1, sizeof(*vs->v));
	return vs->v ? 0 : -1;
}

void wb_versions_free(wb_versions *vs)
{
	free(vs->v);
	vs->v = NULL;
}

void wb_digest(wb_out *o, const wl_fold *f, const char *expected)
{
	wl_fold_digest(f, o->digest, NULL, 0);
	o->digest_ok = !f->failed && expected && !strcmp(o->digest, expected);
}

/* ---- the limit ---------------------------------------------------------- */

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "workload: sqlite limit: %s: %s\n", what,
		db ? sqlite3_errmsg(db) : "out of memory");
	return -1;
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK
		   ? 0
		   : fail(db, sql);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(db, what);
}

static int insert(sqlite3 *db, sqlite3_stmt *ins, const wl_order *o, int seq,
		  int64_t version, char *data)
{
	char stream[32];
	size_t n = wl_render_data(o, seq, data);

	wl_stream(o->id, stream);
	sqlite3_bind_text(ins, 1, stream, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(ins, 2, version);
	sqlite3_bind_text(ins, 3, wl_type_name(o->types[seq]), -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, data, (int)n, SQLITE_STATIC);
	return step_done(db, ins, "INSERT");
}

static int write_phase(sqlite3 *db, const wb_job *j, const wl_workload *w,
		       wb_out *o)
{
	sqlite3_stmt *begin = NULL, *commit = NULL, *ins = NULL;
	char data[WL_DATA_MAX];
	wb_versions vs = {0};
	double t0;
	int rc = -1;

	if (exec(db, "CREATE TABLE events (position INTEGER PRIMARY KEY, "
		     "stream TEXT NOT NULL, version INTEGER NOT NULL, "
		     "type TEXT NOT NULL, data TEXT NOT NULL, "
		     "UNIQUE (stream, version))") < 0)
		return -1;
	if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) ||
	    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO events (stream, version, type, "
			       "data) VALUES (?, ?, ?, ?)",
			       -1, &ins, NULL) ||
	    wb_versions_init(&vs, w->norders) < 0) {
		fail(db, "preparing");
		goto done;
	}
	t0 = wb_now();
	if (j->phase == 'A') {
		/* one transaction per event; UNIQUE (stream, version) is the
		 * expected-version check: a version taken fails the insert */
		for (int64_t k = 0; k < j->a_events; k++) {
			const wl_event *e = &w->events[k];
			const wl_order *ord = wl_order_of(w, e);

			if (step_done(db, begin, "BEGIN") < 0 ||
			    insert(db, ins, ord, e->seq, ++vs.v[ord->id],
				   data) < 0 ||
			    step_done(db, commit, "COMMIT") < 0)
				goto done;
		}
		o->events = j->a_events;
	} else {
		/* one transaction per order, all of its events */
		for (int64_t i = 0; i < w->norders; i++) {
			const wl_order *ord = &w->orders[i];

			if (step_done(db, begin, "BEGIN") < 0)
				goto done;
			for (int s = 0; s < ord->nevents; s++)
				if (insert(db, ins, ord, s, s + 1, data) < 0)
					goto done;
			if (step_done(db, commit, "COMMIT") < 0)
				goto done;
		}
		o->events = (int64_t)w->nevents;
	}
	o->seconds = wb_now() - t0;
	rc = 0;
done:
	wb_versions_free(&vs);
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_finalize(ins);
	return rc;
}

/* Phase C: the whole table in position order, 1,000 rows a query. */
static int read_phase(sqlite3 *db, wb_out *o)
{
	sqlite3_stmt *q = NULL;
	int64_t after = 0, got;
	wl_fold f;
	double t0;
	int rc = 0;

	if (sqlite3_prepare_v2(db,
			       "SELECT position, type, data FROM events WHERE "
			       "position > ? ORDER BY position LIMIT 1000",
			       -1, &q, NULL) != SQLITE_OK)
		return fail(db, "preparing the read");
	wl_fold_init(&f);
	t0 = wb_now();
	do {
		got = 0;
		sqlite3_bind_int64(q, 1, after);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			int t = wl_type_from_name(
			    (const char *)sqlite3_column_text(q, 1));

			after = sqlite3_column_int64(q, 0);
			if (t < 0)
				f.failed = 1;
			else
				wl_fold_json(&f, (wl_type)t,
					     (const char *)sqlite3_column_text(
						 q, 2));
			got++;
		}
		sqlite3_reset(q);
	} while (rc == SQLITE_DONE && got > 0);
	o->seconds = wb_now() - t0;
	o->events = f.events;
	sqlite3_finalize(q);
	wb_digest(o, &f, wb_expected_digest);
	wl_fold_free(&f);
	return rc == SQLITE_DONE ? 0 : fail(db, "reading");
}

int wb_limit_sqlite(const wb_job *j, const wl_workload *w, wb_out *o)
{
	sqlite3 *db = NULL;
	int rc;

	if (sqlite3_open(j->where, &db) != SQLITE_OK)
		return fail(db, j->where);
	if ((rc = exec(db, "PRAGMA journal_mode = WAL")) == 0 &&
	    (rc = exec(db, "PRAGMA synchronous = FULL")) == 0)
		rc = j->phase == 'C' ? read_phase(db, o)
				     : write_phase(db, j, w, o);
	sqlite3_close(db);
	o->bytes = wb_sqlite_bytes(j->where);
	return rc;
}
