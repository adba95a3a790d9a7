/* The event store port over PostgreSQL: the append-only log in table events, as stored records. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

#define EVENT_COLUMNS                                                          \
	"position, event_id, stream, version, type, schema_version, "          \
	"recorded_at, metadata, payload"

/*
 * The safe head. Positions come from an identity sequence when a row is
 * inserted, not when its transaction commits, so in general a transaction
 * holding position 10 may commit after one holding 11, and a reader that
 * saw 11 and resumes "after 11" would never see 10.
 *
 * Two things keep that from happening here:
 *  - every write transaction of the store takes the store's advisory lock
 *    at begin (pg_store.c), before it draws a position or is given a
 *    transaction id. So appending transactions run one at a time, and their
 *    transaction ids, their positions and their commits are all in the
 *    same order: whatever a reader sees, every lower position is settled.
 *  - the filter below, which holds back every row appended by a
 *    transaction that was not yet finished for this statement's snapshot
 *    or started after the oldest one that was not (xact_id at or above the
 *    snapshot's xmin), except this transaction's own rows. With the lock
 *    it only hides rows that the snapshot hides anyway, at the price of
 *    holding back new events while any older transaction of the database
 *    is still open. What it adds is that the head stays safe when a writer
 *    bypasses the lock (BACKOFFICE_PG_UNSERIALISED, a session by hand, a
 *    future mode with many writers): an append of a later transaction id
 *    is not shown until every earlier transaction has ended. The case it
 *    cannot cover on its own, an old transaction that draws a position
 *    after a younger one, is exactly what the lock rules out.
 * The two scalar subqueries are evaluated once per statement.
 *
 * The snapshot's xmin is the whole database's, though: any transaction that
 * writes anywhere in it (another store's schema, a long import elsewhere)
 * holds it back, and with the filter an export or a read model would then
 * miss events committed before it began. Under the lock the filter adds
 * nothing, so it is applied only where the lock is off (the test switch).
 */
#define SAFE                                                                   \
	"(xact_id < (SELECT pg_snapshot_xmin(pg_current_snapshot())) OR "      \
	"xact_id = (SELECT pg_current_xact_id_if_assigned()))"

/*
 * The test switch's writers draw positions from the identity sequence, which
 * the dense appends of ordinary writers (es_append) leave behind. Before
 * drawing, such a writer moves the sequence past the log's end under the
 * store's lock taken for this step only (a session lock: its own appends
 * must stay unserialised, or the switch would show nothing). Any later draw
 * of another writer is then above both.
 */
static int sync_sequence(bo_pg *c, bo_err *err)
{
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, c->schema);
	int rc = bo_pg_run(c, PG_NO_SLOT,
			   "SELECT pg_advisory_lock(1112493638, hashtext($1))",
			   &a, NULL, "taking the store's lock", err);
	if (rc < 0)
		return rc;
	size_t len = strlen(c->qschema) + sizeof ".events";
	char *table = malloc(len);
	if (!table)
		rc = bo_err_set(err, BO_ENOMEM, "out of memory appending");
	else {
		snprintf(table, len, "%s.events", c->qschema);
		bo_pg_args t = {0};
		bo_pg_arg_text(&t, table);
		rc = bo_pg_run(
		    c, PG_NO_SLOT,
		    "SELECT setval(s, m) FROM (SELECT "
		    "pg_get_serial_sequence($1, 'position')::regclass AS s, "
		    "(SELECT max(position) FROM @.events) AS m) x WHERE m IS "
		    "NOT NULL AND m > coalesce(pg_sequence_last_value(s), 0)",
		    &t, NULL, "moving the log's sequence on", err);
		free(table);
	}
	bo_err spare;
	int urc = bo_pg_run(
	    c, PG_NO_SLOT,
	    "SELECT pg_advisory_unlock(1112493638, hashtext($1))", &a, NULL,
	    "releasing the store's lock", rc < 0 ? &spare : err);
	return rc < 0 ? rc : urc;
}

/* How many rows scan holds at a time. */
#define SCAN_BATCH 1000

static int current_version(bo_pg *c, const char *stream, int64_t *out,
			   bo_err *err)
{
	*out = 0;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, stream);
	PGresult *r;
	int rc = bo_pg_run(c, PG_EV_STREAM_VERSION,
			   "SELECT coalesce(max(version), 0) FROM @.events "
			   "WHERE stream = $1",
			   &a, &r, "reading a stream's version", err);
	if (rc < 0)
		return rc;
	*out = bo_pg_int64(r, 0, 0);
	PQclear(r);
	return 0;
}

static int check_batch(const char *stream, const bo_stored_event *events,
		       size_t n, bo_err *err)
{
	if (!stream || !*stream)
		return bo_err_set(err, BO_EINVAL, "stream name is required");
	if (n > 0 && !events)
		return bo_err_set(err, BO_EINVAL, "events are required");
	for (size_t i = 0; i < n; i++)
		if (!events[i].event_id || !*events[i].event_id)
			return bo_err_set(err, BO_EINVAL,
					  "event %zu of the batch has no "
					  "event id",
					  i + 1);
	return 0;
}

static int conflict(const char *stream, int64_t expected_version, bo_err *err)
{
	return bo_err_set(err, BO_ECONFLICT,
			  "stream %s was changed by someone else (expected "
			  "version %" PRId64 ")",
			  stream, expected_version);
}

/*
 * The version check refuses a stale writer with a clear message; the
 * events_stream_version constraint is the safety net behind it (a writer
 * that bypassed the lock). The whole batch runs in one savepoint, so it is
 * all or none and the transaction stays usable after a conflict.
 */
/* After an append that inserted nothing: BO_ECONFLICT for a stream that
 * moved on (1 is returned when it did not: the event id check refused it),
 * or the failure reading its version. */
static int stream_moved(bo_pg *c, const char *stream, int64_t expected_version,
			bo_err *err)
{
	int64_t current;
	int rc = current_version(c, stream, &current, err);
	if (rc < 0)
		return rc;
	if (current != expected_version)
		return conflict(stream, expected_version, err);
	return 1;
}

/*
 * One event, the common case (a command's single event): the version
 * check, the event id's and the insert are one statement, one round trip,
 * where the batch below takes four (version, savepoint, insert, release).
 * The statement inserts nothing when the stream has moved on or the event
 * id is taken, so nothing fails and no savepoint is needed to keep the
 * transaction usable; a second statement (on that path only) tells which.
 * Under the store's write lock (pg_begin) no other writer can slip in
 * between the checks and the insert.
 */
static int append_one(bo_pg *c, const char *stream, int64_t expected_version,
		      bo_stored_event *e, bo_err *err)
{
	bo_pg_args a = {0};
	PGresult *r;
	int rc;

	bo_pg_arg_text(&a, e->event_id);
	bo_pg_arg_text(&a, stream);
	bo_pg_arg_int(&a, expected_version + 1);
	bo_pg_arg_text(&a, e->type_name);
	bo_pg_arg_int(&a, e->schema_version);
	bo_pg_arg_int(&a, e->recorded_at);
	bo_pg_arg_text(&a, e->metadata);
	bo_pg_arg_text(&a, e->payload);
	c->wrote = true;
	rc = bo_pg_run(
	    c, PG_EV_INSERT_ONE,
	    "INSERT INTO @.events (position, event_id, stream, version, type, "
	    "schema_version, recorded_at, metadata, payload) OVERRIDING "
	    "SYSTEM VALUE SELECT coalesce(max(position), 0) + 1, $1, $2, $3, "
	    "$4, $5, $6, $7, $8 FROM @.events HAVING (SELECT "
	    "coalesce(max(version), 0) FROM @.events WHERE stream = $2) = "
	    "$3::bigint - 1 AND NOT EXISTS (SELECT 1 FROM @.events WHERE "
	    "event_id = $1) "
	    "RETURNING position",
	    &a, &r, "appending an event", err);
	if (rc == BO_ECONFLICT && strstr(err->msg, "(event_id)"))
		return bo_err_set(err, BO_ECONFLICT,
				  "event id %s is already stored", e->event_id);
	if (rc == BO_ECONFLICT)
		return conflict(stream, expected_version, err);
	if (rc < 0)
		return rc;
	if (PQntuples(r) == 1) {
		e->position = bo_pg_int64(r, 0, 0);
		e->version = expected_version + 1;
		PQclear(r);
		return 0;
	}
	PQclear(r);
	/* nothing inserted: which check refused it */
	if ((rc = stream_moved(c, stream, expected_version, err)) < 0)
		return rc;
	return bo_err_set(err, BO_ECONFLICT, "event id %s is already stored",
			  e->event_id);
}

/* A text[] literal of n values picked by each ({"a","b\"c"}: every value
 * quoted, backslash and quote escaped), or NULL when out of memory. */
static char *text_array(const bo_stored_event *records, size_t n,
			const char *(*pick)(const bo_stored_event *))
{
	size_t cap = 3;
	for (size_t i = 0; i < n; i++)
		cap += 2 * strlen(pick(&records[i])) + 3;
	char *out = malloc(cap), *w = out;
	if (!out)
		return NULL;
	*w++ = '{';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*w++ = ',';
		*w++ = '"';
		for (const char *r = pick(&records[i]); *r; r++) {
			if (*r == '"' || *r == '\\')
				*w++ = '\\';
			*w++ = *r;
		}
		*w++ = '"';
	}
	*w++ = '}';
	*w = '\0';
	return out;
}

/* An int[] / bigint[] literal of n values picked by each, or NULL. */
static char *int_array(const bo_stored_event *records, size_t n,
		       int64_t (*pick)(const bo_stored_event *))
{
	char *out = malloc(n * 22 + 3), *w = out;
	if (!out)
		return NULL;
	*w++ = '{';
	for (size_t i = 0; i < n; i++)
		w += sprintf(w, "%s%" PRId64, i > 0 ? "," : "",
			     pick(&records[i]));
	*w++ = '}';
	*w = '\0';
	return out;
}

static const char *pick_id(const bo_stored_event *e)
{
	return e->event_id;
}
static const char *pick_type(const bo_stored_event *e)
{
	return e->type_name;
}
static const char *pick_meta(const bo_stored_event *e)
{
	return e->metadata;
}
static const char *pick_payload(const bo_stored_event *e)
{
	return e->payload;
}
static int64_t pick_schema(const bo_stored_event *e)
{
	return e->schema_version;
}
static int64_t pick_at(const bo_stored_event *e)
{
	return e->recorded_at;
}

/*
 * Several events (an order's, an import's batch): as append_one, one
 * statement for the checks and the inserts of the whole batch, its values
 * as arrays, instead of the version, a savepoint, one insert an event and
 * the release. All or none: the statement inserts every event or, when a
 * check refuses the batch, none (nothing fails, so the transaction stays
 * usable). Twins inside the batch are refused before it is sent.
 */
static int append_batch(bo_pg *c, const char *stream, int64_t expected_version,
			bo_stored_event *records, size_t n, bo_err *err)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(records[i].event_id, records[j].event_id) ==
			    0)
				return bo_err_set(err, BO_ECONFLICT,
						  "event id %s appears twice "
						  "in the batch",
						  records[i].event_id);
	char *arr[6] = {
	    text_array(records, n, pick_id),
	    text_array(records, n, pick_type),
	    int_array(records, n, pick_schema),
	    int_array(records, n, pick_at),
	    text_array(records, n, pick_meta),
	    text_array(records, n, pick_payload),
	};
	PGresult *r = NULL;
	int rc = 0;
	for (int k = 0; k < 6; k++)
		if (!arr[k])
			rc =
			    bo_err_set(err, BO_ENOMEM,
				       "out of memory appending to %s", stream);
	if (rc == 0) {
		bo_pg_args a = {0};
		bo_pg_arg_text(&a, arr[0]);
		bo_pg_arg_text(&a, stream);
		bo_pg_arg_int(&a, expected_version);
		bo_pg_arg_text(&a, arr[1]);
		bo_pg_arg_text(&a, arr[2]);
		bo_pg_arg_text(&a, arr[3]);
		bo_pg_arg_text(&a, arr[4]);
		bo_pg_arg_text(&a, arr[5]);
		c->wrote = true;
		rc = bo_pg_run(
		    c, PG_EV_INSERT_MANY,
		    "INSERT INTO @.events (position, event_id, stream, "
		    "version, "
		    "type, schema_version, recorded_at, metadata, payload) "
		    "OVERRIDING SYSTEM VALUE SELECT b.p + t.n, t.id, $2, "
		    "$3::bigint + t.n, t.ty, t.sv, t.at, t.meta, t.pl FROM "
		    "(SELECT coalesce(max(position), 0) AS p FROM @.events) b, "
		    "unnest($1::text[], $4::text[], $5::integer[], "
		    "$6::bigint[], $7::text[], $8::text[]) WITH ORDINALITY AS "
		    "t(id, ty, sv, at, meta, pl, n) WHERE (SELECT "
		    "coalesce(max(version), 0) FROM @.events WHERE stream = "
		    "$2) = $3::bigint AND NOT EXISTS (SELECT 1 FROM @.events "
		    "WHERE event_id = ANY($1::text[])) RETURNING position, "
		    "version",
		    &a, &r, "appending events", err);
	}
	for (int k = 0; k < 6; k++)
		free(arr[k]);
	if (rc == BO_ECONFLICT)
		return conflict(stream, expected_version, err);
	if (rc < 0)
		return rc;
	if ((size_t)PQntuples(r) == n) {
		for (int row = 0; row < PQntuples(r); row++) {
			int64_t v = bo_pg_int64(r, row, 1);
			size_t i = (size_t)(v - expected_version - 1);
			if (v > expected_version && i < n) {
				records[i].version = v;
				records[i].position = bo_pg_int64(r, row, 0);
			}
		}
		PQclear(r);
		return 0;
	}
	PQclear(r);
	/* nothing inserted: which check refused it */
	if ((rc = stream_moved(c, stream, expected_version, err)) < 0)
		return rc;
	bo_pg_args a = {0};
	char *ids = text_array(records, n, pick_id);
	if (!ids)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory appending to %s", stream);
	bo_pg_arg_text(&a, ids);
	rc = bo_pg_run(c, PG_NO_SLOT,
		       "SELECT event_id FROM @.events WHERE event_id = "
		       "ANY($1::text[]) LIMIT 1",
		       &a, &r, "appending events", err);
	free(ids);
	if (rc < 0)
		return rc;
	rc = bo_err_set(err, BO_ECONFLICT, "event id %s is already stored",
			PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "(unknown)");
	PQclear(r);
	return rc;
}

static int es_append(void *self, const char *stream, int64_t expected_version,
		     bo_stored_event *records, size_t n, bo_err *err)
{
	bo_pg *c = self;
	int64_t current, *positions = NULL;
	int rc;

	if ((rc = bo_pg_need_tx(c, "append events", err)) < 0)
		return rc;
	if ((rc = check_batch(stream, records, n, err)) < 0)
		return rc;
	if (n == 1 && !c->unserialised)
		return append_one(c, stream, expected_version, records, err);
	if (n > 1 && !c->unserialised)
		return append_batch(c, stream, expected_version, records, n,
				    err);
	if ((rc = current_version(c, stream, &current, err)) < 0)
		return rc;
	if (current != expected_version)
		return conflict(stream, expected_version, err);
	if (n == 0)
		return 0;
	if (!(positions = calloc(n, sizeof *positions)))
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory appending to %s", stream);
	if (c->unserialised && (rc = sync_sequence(c, err)) < 0)
		goto done;
	if ((rc = bo_pg_exec(c, "SAVEPOINT bo_append", "appending events",
			     err)) < 0)
		goto done;
	c->wrote = true;
	size_t i;
	for (i = 0; i < n; i++) {
		const bo_stored_event *e = &records[i];
		bo_pg_args a = {0};
		bo_pg_arg_text(&a, e->event_id);
		bo_pg_arg_text(&a, stream);
		bo_pg_arg_int(&a, expected_version + 1 + (int64_t)i);
		bo_pg_arg_text(&a, e->type_name);
		bo_pg_arg_int(&a, e->schema_version);
		bo_pg_arg_int(&a, e->recorded_at);
		bo_pg_arg_text(&a, e->metadata);
		bo_pg_arg_text(&a, e->payload);
		PGresult *r;
		/* Positions are dense, as on SQLite: a sequence would keep
		 * the numbers a rolled-back append drew (a refused import, a
		 * conflict), and an exported log imported elsewhere would
		 * come back with other positions. The store's write lock
		 * (pg_begin) makes max + 1 safe. Only the test switch that
		 * runs writers without the lock keeps the identity
		 * sequence, whose out-of-order draws it exists to show. */
		if (c->unserialised)
			rc = bo_pg_run(
			    c, PG_NO_SLOT,
			    "INSERT INTO @.events (event_id, stream, "
			    "version, type, schema_version, recorded_at, "
			    "metadata, payload) VALUES ($1, $2, $3, $4, $5, "
			    "$6, $7, $8) RETURNING position",
			    &a, &r, "appending an event", err);
		else
			rc = bo_pg_run(
			    c, PG_EV_INSERT,
			    "INSERT INTO @.events (position, event_id, "
			    "stream, version, type, schema_version, "
			    "recorded_at, metadata, payload) OVERRIDING "
			    "SYSTEM VALUE SELECT coalesce(max(position), 0) + "
			    "1, $1, $2, $3, $4, $5, $6, $7, $8 FROM @.events "
			    "RETURNING position",
			    &a, &r, "appending an event", err);
		if (rc == BO_ECONFLICT) {
			/* the server's detail names the key: Key (event_id)=... */
			if (strstr(err->msg, "(event_id)"))
				rc = bo_err_set(err, BO_ECONFLICT,
						"event id %s is already stored",
						e->event_id);
			else
				rc = conflict(stream, expected_version, err);
		}
		if (rc < 0)
			break;
		positions[i] = bo_pg_int64(r, 0, 0);
		PQclear(r);
	}
	bo_err spare;
	if (rc < 0) {
		(void)bo_pg_exec(c, "ROLLBACK TO SAVEPOINT bo_append",
				 "undoing an append", &spare);
		(void)bo_pg_exec(c, "RELEASE SAVEPOINT bo_append",
				 "undoing an append", &spare);
		goto done;
	}
	if ((rc = bo_pg_exec(c, "RELEASE SAVEPOINT bo_append",
			     "appending events", err)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		records[i].version = expected_version + 1 + (int64_t)i;
		records[i].position = positions[i];
	}
done:
	free(positions);
	return rc;
}

/* Fills r from one row of EVENT_COLUMNS, as stored. BO_ENOMEM. */
static int row_to_record(bo_stored_event *r, const PGresult *res, int row,
			 bo_err *err)
{
	r->position = bo_pg_int64(res, row, 0);
	r->version = bo_pg_int64(res, row, 3);
	r->schema_version = (int)bo_pg_int64(res, row, 5);
	r->recorded_at = bo_pg_int64(res, row, 6);
	if (bo_pg_dup(&r->event_id, res, row, 1, err) < 0 ||
	    bo_pg_dup(&r->stream, res, row, 2, err) < 0 ||
	    bo_pg_dup(&r->type_name, res, row, 4, err) < 0 ||
	    bo_pg_dup(&r->metadata, res, row, 7, err) < 0 ||
	    bo_pg_dup(&r->payload, res, row, 8, err) < 0)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading event at position "
				  "%" PRId64,
				  r->position);
	return 0;
}

/* Appends every row of res to out; on failure out is as it was. */
static int collect(const PGresult *res, bo_stored_event_list *out, bo_err *err)
{
	size_t before = out->n;
	int rc = 0;
	for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
		bo_stored_event *e = bo_stored_event_list_push(out);
		if (!e)
			rc = bo_err_set(err, BO_ENOMEM,
					"out of memory reading events");
		else
			rc = row_to_record(e, res, i, err);
	}
	if (rc < 0)
		while (out->n > before)
			bo_stored_event_clear(&out->items[--out->n]);
	return rc;
}

static int es_read_stream(void *self, const char *stream, int64_t max_version,
			  bo_stored_event_list *out, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, stream);
	bo_pg_arg_int(&a, max_version);
	PGresult *r;
	int rc = bo_pg_run(c, PG_EV_READ_STREAM,
			   "SELECT " EVENT_COLUMNS " FROM @.events WHERE "
			   "stream = $1 AND ($2::bigint <= 0 OR version <= "
			   "$2::bigint) ORDER BY version",
			   &a, &r, "reading a stream", err);
	if (rc < 0)
		return rc;
	rc = collect(r, out, err);
	PQclear(r);
	return rc;
}

/* Up to limit (0: all) safe rows after after, at most upto (0: no bound). */
static int read_after(bo_pg *c, int64_t after, int64_t upto, size_t limit,
		      PGresult **res, bo_err *err)
{
	bo_pg_args a = {0};
	bo_pg_arg_int(&a, after);
	if (limit == 0 || limit > INT64_MAX)
		bo_pg_arg_text(&a, NULL);
	else
		bo_pg_arg_int(&a, (int64_t)limit);
	bo_pg_arg_int(&a, upto);
	if (c->unserialised)
		return bo_pg_run(
		    c, PG_NO_SLOT,
		    "SELECT " EVENT_COLUMNS " FROM @.events WHERE "
		    "position > $1 AND ($3::bigint <= 0 OR position <= "
		    "$3::bigint) AND " SAFE " ORDER BY position LIMIT $2",
		    &a, res, "reading the log", err);
	return bo_pg_run(c, PG_EV_READ_ALL,
			 "SELECT " EVENT_COLUMNS " FROM @.events WHERE "
			 "position > $1 AND ($3::bigint <= 0 OR position <= "
			 "$3::bigint) ORDER BY position LIMIT $2",
			 &a, res, "reading the log", err);
}

static int es_read_all(void *self, int64_t after, size_t limit,
		       bo_stored_event_list *out, bo_err *err)
{
	PGresult *r;
	int rc = read_after(self, after, 0, limit, &r, err);
	if (rc < 0)
		return rc;
	rc = collect(r, out, err);
	PQclear(r);
	return rc;
}

static int es_head(void *self, int64_t *out, bo_err *err)
{
	bo_pg *c = self;
	*out = 0;
	PGresult *r;
	int rc = c->unserialised
		     ? bo_pg_run(c, PG_NO_SLOT,
				 "SELECT coalesce(max(position), 0) FROM "
				 "@.events WHERE " SAFE,
				 NULL, &r, "reading the log's head", err)
		     : bo_pg_run(c, PG_EV_HEAD,
				 "SELECT coalesce(max(position), 0) FROM "
				 "@.events",
				 NULL, &r, "reading the log's head", err);
	if (rc < 0)
		return rc;
	*out = bo_pg_int64(r, 0, 0);
	PQclear(r);
	return 0;
}

static int es_stream_version(void *self, const char *stream, int64_t *out,
			     bo_err *err)
{
	return current_version(self, stream, out, err);
}

/* In batches of SCAN_BATCH up to the head read at the start, so memory
 * stays flat and the callback may read the store between rows. */
static int es_scan(void *self, int64_t after, bo_stored_scan_fn each, void *ctx,
		   bo_err *err)
{
	bo_pg *c = self;
	int64_t head;
	int rc = es_head(c, &head, err);
	while (rc == 0 && after < head) {
		PGresult *r;
		if ((rc = read_after(c, after, head, SCAN_BATCH, &r, err)) < 0)
			break;
		int n = PQntuples(r);
		for (int i = 0; i < n && rc == 0; i++) {
			bo_stored_event e = {0};
			if ((rc = row_to_record(&e, r, i, err)) == 0)
				rc = each(ctx, &e);
			after = e.position;
			bo_stored_event_clear(&e);
		}
		PQclear(r);
		if (n < SCAN_BATCH)
			break;
	}
	return rc;
}

const bo_event_store_ops bo_pg_event_store_ops = {
    .version = BO_EVENT_STORE_OPS_VERSION,
    .append = es_append,
    .read_stream = es_read_stream,
    .read_all = es_read_all,
    .head = es_head,
    .stream_version = es_stream_version,
    .scan = es_scan,
};
