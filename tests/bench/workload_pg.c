/* The workload's durable limit on PostgreSQL (plain libpq INSERTs into a minimal table, fsync and synchronous_commit on) and the server helpers. */
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/bench/workload_run.h"

void wb_pg_url(char *out, size_t n, const char *url, const char *schema)
{
	snprintf(out, n, "%s%sschema=%s", url, strchr(url, '?') ? "&" : "?",
		 schema);
}

static PGconn *connect_to(const char *url)
{
	PGconn *c = PQconnectdb(url);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "workload: postgresql: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

static int sql(PGconn *c, const char *text)
{
	PGresult *r = PQexec(c, text);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
		 PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "workload: postgresql: %s: %s", text,
			PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

int64_t wb_pg_schema_bytes(const char *url, const char *schema)
{
	const char *v[1] = {schema};
	PGconn *c = connect_to(url);
	PGresult *r;
	int64_t bytes = -1;

	if (!c)
		return -1;
	r = PQexecParams(c,
			 "SELECT coalesce(sum(pg_total_relation_size(c.oid)), "
			 "0) FROM pg_class c JOIN pg_namespace n ON n.oid = "
			 "c.relnamespace WHERE n.nspname = $1 AND c.relkind "
			 "IN ('r', 'p', 'm')",
			 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		bytes = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	else
		fprintf(stderr, "workload: postgresql: sizes: %s",
			PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return bytes;
}

int wb_pg_analyze(const char *url, const char *schema)
{
	const char *v[1] = {schema};
	PGconn *c = connect_to(url);
	PGresult *r;
	int rc = 0;

	if (!c)
		return -1;
	r = PQexecParams(c,
			 "SELECT format('ANALYZE %I.%I', n.nspname, c.relname) "
			 "FROM pg_class c JOIN pg_namespace n ON n.oid = "
			 "c.relnamespace WHERE n.nspname = $1 AND c.relkind = "
			 "'r'",
			 1, NULL, v, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = -1;
	for (int i = 0; rc == 0 && i < PQntuples(r); i++)
		rc = sql(c, PQgetvalue(r, i, 0));
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* ---- the limit ---------------------------------------------------------- */

/* The minimal table, in a schema of its own. xact_id only for phase D,
 * whose follower needs it with concurrent writers. */
int wb_pg_limit_table(PGconn *c, const char *schema, int with_xact)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "SET client_min_messages = warning; CREATE SCHEMA %s; "
		 "CREATE TABLE %s.events (position bigint GENERATED ALWAYS "
		 "AS IDENTITY PRIMARY KEY, stream text NOT NULL, version "
		 "bigint NOT NULL, type text NOT NULL, data text NOT NULL%s, "
		 "UNIQUE (stream, version))%s",
		 schema, schema,
		 with_xact ? ", xact_id xid8 NOT NULL DEFAULT "
			     "pg_current_xact_id()"
			   : "",
		 "");
	if (sql(c, text) < 0)
		return -1;
	if (with_xact) {
		snprintf(text, sizeof(text),
			 "CREATE INDEX ON %s.events (xact_id, position)",
			 schema);
		return sql(c, text);
	}
	return 0;
}

/* Prepares "ins": one row of the limit's table. */
int wb_pg_limit_prepare(PGconn *c, const char *schema)
{
	char text[512];
	PGresult *r;
	int ok;

	snprintf(text, sizeof(text),
		 "INSERT INTO %s.events (stream, version, type, data) "
		 "VALUES ($1, $2, $3, $4)",
		 schema);
	r = PQprepare(c, "ins", text, 4, NULL);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "workload: postgresql: %s", PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

/* One row, rendered here. Outside BEGIN it is a transaction of its own. */
int wb_pg_limit_insert(PGconn *c, const wl_order *o, int seq, int64_t version)
{
	char stream[32], ver[24], data[WL_DATA_MAX];
	const char *v[4] = {stream, ver, wl_type_name(o->types[seq]), data};
	PGresult *r;
	int ok;

	wl_stream(o->id, stream);
	snprintf(ver, sizeof(ver), "%" PRId64, version);
	wl_render_data(o, seq, data);
	r = PQexecPrepared(c, "ins", 4, v, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "workload: postgresql: insert: %s",
			PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

static int write_phase(PGconn *c, const wb_job *j, const wl_workload *w,
		       wb_out *o)
{
	wb_versions vs;
	double t0;
	int rc = 0;

	if (wb_pg_limit_table(c, j->where, 0) < 0 ||
	    wb_pg_limit_prepare(c, j->where) < 0 ||
	    wb_versions_init(&vs, w->norders) < 0)
		return -1;
	t0 = wb_now();
	if (j->phase == 'A') {
		/* autocommit: each INSERT its own durable transaction;
		 * UNIQUE (stream, version) is the expected-version check */
		for (int64_t k = 0; k < j->a_events && rc == 0; k++) {
			const wl_event *e = &w->events[k];
			const wl_order *ord = wl_order_of(w, e);

			rc = wb_pg_limit_insert(c, ord, e->seq,
						++vs.v[ord->id]);
		}
		o->events = j->a_events;
	} else {
		for (int64_t i = 0; i < w->norders && rc == 0; i++) {
			const wl_order *ord = &w->orders[i];

			rc = sql(c, "BEGIN");
			for (int s = 0; s < ord->nevents && rc == 0; s++)
				rc = wb_pg_limit_insert(c, ord, s, s + 1);
			if (rc == 0)
				rc = sql(c, "COMMIT");
		}
		o->events = (int64_t)w->nevents;
	}
	o->seconds = wb_now() - t0;
	wb_versions_free(&vs);
	return rc;
}

static int read_phase(PGconn *c, const wb_job *j, wb_out *o)
{
	char text[512], after[24] = "0";
	const char *v[1] = {after};
	PGresult *r;
	wl_fold f;
	double t0;
	int rc = 0, n;

	snprintf(text, sizeof(text),
		 "SELECT position, type, data FROM %s.events WHERE position "
		 "> $1 ORDER BY position LIMIT 1000",
		 j->where);
	r = PQprepare(c, "page", text, 1, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "workload: postgresql: %s", PQerrorMessage(c));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	wl_fold_init(&f);
	t0 = wb_now();
	do {
		r = PQexecPrepared(c, "page", 1, v, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "workload: postgresql: read: %s",
				PQerrorMessage(c));
			PQclear(r);
			rc = -1;
			break;
		}
		n = PQntuples(r);
		for (int i = 0; i < n; i++) {
			int t = wl_type_from_name(PQgetvalue(r, i, 1));

			if (t < 0)
				f.failed = 1;
			else
				wl_fold_json(&f, (wl_type)t,
					     PQgetvalue(r, i, 2));
		}
		if (n > 0)
			snprintf(after, sizeof(after), "%s",
				 PQgetvalue(r, n - 1, 0));
		PQclear(r);
	} while (n > 0);
	o->seconds = wb_now() - t0;
	o->events = f.events;
	wb_digest(o, &f, wb_expected_digest);
	wl_fold_free(&f);
	return rc;
}

int wb_limit_pg(const wb_job *j, const wl_workload *w, wb_out *o)
{
	PGconn *c;
	int rc;

	if (j->phase == 'C' && wb_pg_analyze(j->url, j->where) < 0)
		return -1;
	if (!(c = connect_to(j->url)))
		return -1;
	/* the server's durable settings, checked rather than assumed */
	rc = sql(c, "DO $$ BEGIN IF current_setting('fsync') <> 'on' OR "
		    "current_setting('synchronous_commit') <> 'on' THEN "
		    "RAISE 'fsync and synchronous_commit must be on'; END IF; "
		    "END $$");
	if (rc == 0)
		rc = j->phase == 'C' ? read_phase(c, j, o)
				     : write_phase(c, j, w, o);
	PQfinish(c);
	o->bytes = wb_pg_schema_bytes(j->url, j->where);
	return rc;
}
