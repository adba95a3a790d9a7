/* What the workload benchmark's parts share: one job (backend, path, phase), its outcome, and each path's runner. */
#ifndef BO_BENCH_WORKLOAD_RUN_H
#define BO_BENCH_WORKLOAD_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "tests/support/workload_gen.h"

typedef enum { WB_SQLITE, WB_PG, WB__BACKENDS } wb_backend;

/* limit: the plainest program on a minimal table; port: the event store
 * port on the real adapter; services: the application services (phase C:
 * a full projections rebuild of the services' store). */
typedef enum { WB_LIMIT, WB_PORT, WB_SERVICES, WB__PATHS } wb_path;

typedef struct wb_job {
	wb_backend backend;
	wb_path path;
	char phase; /* 'A', 'B', 'C' or 'D' */
	/* SQLite: the store's file; PostgreSQL: the schema (server in url) */
	const char *where;
	const char *url; /* PostgreSQL: the server's URL, no schema */
	int64_t a_events; /* events of phase A and D */
	int writers;      /* phase D */
} wb_job;

typedef struct wb_out {
	int64_t events;
	double seconds;
	int64_t bytes;   /* on disk after the phase; 0: not measured */
	int digest_ok;   /* 1 yes, 0 no, -1 not checked in this phase */
	char digest[17]; /* what the fold gave */
	long rss_kb;     /* the largest of the processes the job forked */
} wb_out;

/* Each returns 0, or -1 after saying why on stderr. */
int wb_limit_sqlite(const wb_job *j, const wl_workload *w, wb_out *o);
int wb_limit_pg(const wb_job *j, const wl_workload *w, wb_out *o);
int wb_port(const wb_job *j, const wl_workload *w, wb_out *o);
int wb_services(const wb_job *j, const wl_workload *w, wb_out *o);
/* Phase D on PostgreSQL, limit or port: writers and a follower. */
int wb_concurrent(const wb_job *j, const wl_workload *w, wb_out *o);

/* ---- helpers ---------------------------------------------------------- */

double wb_now(void);
/* db + -wal + -shm of a SQLite file, in bytes. */
int64_t wb_sqlite_bytes(const char *path);
/* heap + TOAST + indexes of every table in schema; -1 on failure. */
int64_t wb_pg_schema_bytes(const char *url, const char *schema);
/* url with "schema=NAME" added, into out. */
void wb_pg_url(char *out, size_t n, const char *url, const char *schema);
/* ANALYZE every table of schema (phase C, not timed). */
int wb_pg_analyze(const char *url, const char *schema);
/* The limit's table and its one statement (workload_pg.c), for phase D.
 * with_xact adds the transaction id column and index its follower needs. */
struct pg_conn;
int wb_pg_limit_table(struct pg_conn *c, const char *schema, int with_xact);
int wb_pg_limit_prepare(struct pg_conn *c, const char *schema);
int wb_pg_limit_insert(struct pg_conn *c, const wl_order *o, int seq,
		       int64_t version);

/* The expected version of each order's stream as events are appended:
 * one counter per order. */
typedef struct wb_versions {
	int64_t *v;
} wb_versions;
int wb_versions_init(wb_versions *vs, int64_t norders);
void wb_versions_free(wb_versions *vs);
/* The digest check shared by the phases: o->digest from f, o->digest_ok
 * against expected (NULL: not checked). */
void wb_digest(wb_out *o, const wl_fold *f, const char *expected);
/* The expected digest of this run (set by main before the phases). */
extern const char *wb_expected_digest;

#endif
