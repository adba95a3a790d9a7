/* The event store port over SQLite: the append-only log in table events, as stored records. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

#define EVENT_COLUMNS                                                          \
	"position, event_id, stream, version, type, schema_version, "          \
	"recorded_at, metadata, payload"

static int current_version(bo_sqlite *c, const char *stream, int64_t *out,
			   bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	rc = bo_sq_acquire(c, SQ_EV_STREAM_VERSION,
			   "SELECT coalesce(max(version), 0) FROM events "
			   "WHERE stream = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, stream);
	return bo_sq_run_int64(c, SQ_EV_STREAM_VERSION, st, out,
			       "reading a stream's version", err);
}

/* The constraint that refused an insert says which conflict it was. */
static int insert_failed(bo_sqlite *c, int rc, const char *stream,
			 int64_t expected_version, const bo_stored_event *e,
			 bo_err *err)
{
	const char *msg = sqlite3_errmsg(c->db);

	if (rc == SQLITE_CONSTRAINT_UNIQUE ||
	    rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		if (strstr(msg, "events.event_id"))
			return bo_err_set(err, BO_ECONFLICT,
					  "event id %s is already stored",
					  e->event_id);
		return bo_err_set(err, BO_ECONFLICT,
				  "stream %s was changed by someone else "
				  "(expected version %" PRId64 ")",
				  stream, expected_version);
	}
	return bo_sq_error(c, rc, "appending an event", err);
}

/* Writes one record; *position receives its place in the log. */
static int insert_event(bo_sqlite *c, const char *stream,
			int64_t expected_version, int64_t version,
			const bo_stored_event *r, int64_t *position,
			bo_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = bo_sq_acquire(c, SQ_EV_INSERT,
			   "INSERT INTO events (event_id, stream, version, "
			   "type, schema_version, recorded_at, metadata, "
			   "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		goto done;
	bo_sq_bind_text(st, 1, r->event_id);
	bo_sq_bind_text(st, 2, stream);
	sqlite3_bind_int64(st, 3, version);
	bo_sq_bind_text(st, 4, r->type_name);
	sqlite3_bind_int(st, 5, r->schema_version);
	sqlite3_bind_int64(st, 6, r->recorded_at);
	bo_sq_bind_text(st, 7, r->metadata);
	bo_sq_bind_text(st, 8, r->payload);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = insert_failed(c, sqlite3_extended_errcode(c->db), stream,
				   expected_version, r, err);
		goto done;
	}
	*position = sqlite3_last_insert_rowid(c->db);
	rc = 0;
done:
	bo_sq_release(c, SQ_EV_INSERT, st);
	return rc;
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

/*
 * The version check refuses a stale writer with a clear message; the
 * UNIQUE (stream, version) constraint is the safety net behind it. A
 * savepoint makes the batch all or none even when the caller then commits.
 */
static int es_append(void *self, const char *stream, int64_t expected_version,
		     bo_stored_event *records, size_t n, bo_err *err)
{
	bo_sqlite *c = self;
	int64_t current, *positions = NULL;
	bool in_savepoint = false;
	size_t i;
	int rc;

	if ((rc = bo_sq_need_tx(c, "append events", err)) < 0)
		return rc;
	if ((rc = check_batch(stream, records, n, err)) < 0)
		return rc;
	if ((rc = current_version(c, stream, &current, err)) < 0)
		return rc;
	if (current != expected_version)
		return bo_err_set(err, BO_ECONFLICT,
				  "stream %s was changed by someone else "
				  "(expected version %" PRId64 ")",
				  stream, expected_version);
	if (n == 0)
		return 0;

	/* Everything that can run out of memory happens before the log or
	 * the caller's records change. */
	if (!(positions = calloc(n, sizeof(*positions)))) {
		rc = bo_err_set(err, BO_ENOMEM, "out of memory appending to %s",
				stream);
		goto done;
	}
	if ((rc = bo_sq_exec(c, SQ_EV_SAVEPOINT, "SAVEPOINT bo_append",
			     "appending events", err)) < 0)
		goto done;
	in_savepoint = true;
	for (i = 0; i < n; i++) {
		rc = insert_event(c, stream, expected_version,
				  expected_version + 1 + (int64_t)i,
				  &records[i], &positions[i], err);
		if (rc < 0)
			goto done;
	}
	rc = bo_sq_exec(c, SQ_EV_RELEASE, "RELEASE bo_append",
			"appending events", err);
	if (rc < 0)
		goto done;
	in_savepoint = false;

	for (i = 0; i < n; i++) {
		records[i].version = expected_version + 1 + (int64_t)i;
		records[i].position = positions[i];
	}
done:
	if (in_savepoint) {
		bo_sq_exec(c, SQ_EV_ROLLBACK_TO, "ROLLBACK TO bo_append",
			   "undoing an append", NULL);
		bo_sq_exec(c, SQ_EV_RELEASE, "RELEASE bo_append",
			   "undoing an append", NULL);
	}
	free(positions);
	return rc;
}

/* Fills r from one row of EVENT_COLUMNS, as stored. BO_ENOMEM. */
static int row_to_record(bo_stored_event *r, sqlite3_stmt *st, bo_err *err)
{
	r->position = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int64(st, 3);
	r->schema_version = sqlite3_column_int(st, 5);
	r->recorded_at = sqlite3_column_int64(st, 6);
	if (bo_sq_column_dup(&r->event_id, st, 1) < 0 ||
	    bo_sq_column_dup(&r->stream, st, 2) < 0 ||
	    bo_sq_column_dup(&r->type_name, st, 4) < 0 ||
	    bo_sq_column_dup(&r->metadata, st, 7) < 0 ||
	    bo_sq_column_dup(&r->payload, st, 8) < 0)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading event at position "
				  "%" PRId64,
				  r->position);
	return 0;
}

/* Steps a bound query and appends every row to out; on failure out is left
 * as it was. */
static int collect(bo_sqlite *c, sqlite3_stmt *st, bo_stored_event_list *out,
		   bo_err *err)
{
	size_t before = out->n;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_stored_event *e = bo_stored_event_list_push(out);
		if (!e) {
			rc = bo_err_set(err, BO_ENOMEM,
					"out of memory reading events");
			goto done;
		}
		if ((rc = row_to_record(e, st, err)) < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "reading events", err);
done:
	if (rc < 0) {
		while (out->n > before)
			bo_stored_event_clear(&out->items[--out->n]);
	}
	return rc;
}

static int es_read_stream(void *self, const char *stream, int64_t max_version,
			  bo_stored_event_list *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_EV_READ_STREAM,
			   "SELECT " EVENT_COLUMNS " FROM events "
			   "WHERE stream = ?1 AND (?2 <= 0 OR version <= ?2) "
			   "ORDER BY version",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, stream);
	sqlite3_bind_int64(st, 2, max_version);
	rc = collect(c, st, out, err);
	bo_sq_release(c, SQ_EV_READ_STREAM, st);
	return rc;
}

/* A single writer at a time (BEGIN IMMEDIATE) means positions become
 * visible in order: reading "after P" can never skip a later commit. */
static int es_read_all(void *self, int64_t after, size_t limit,
		       bo_stored_event_list *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_EV_READ_ALL,
			   "SELECT " EVENT_COLUMNS " FROM events "
			   "WHERE position > ? ORDER BY position LIMIT ?",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	/* limit 0 reads to the end, as the other ports' queries do */
	sqlite3_bind_int64(
	    st, 2, limit == 0 || limit > INT64_MAX ? -1 : (int64_t)limit);
	rc = collect(c, st, out, err);
	bo_sq_release(c, SQ_EV_READ_ALL, st);
	return rc;
}

static int es_head(void *self, int64_t *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	rc = bo_sq_acquire(c, SQ_EV_HEAD,
			   "SELECT coalesce(max(position), 0) FROM events", &st,
			   err);
	if (rc < 0)
		return rc;
	return bo_sq_run_int64(c, SQ_EV_HEAD, st, out, "reading the log's head",
			       err);
}

static int es_stream_version(void *self, const char *stream, int64_t *out,
			     bo_err *err)
{
	return current_version(self, stream, out, err);
}

/* Hands one row to the callback, as stored. */
static int scan_row(sqlite3_stmt *st, bo_stored_scan_fn each, void *ctx,
		    bo_err *err)
{
	bo_stored_event r = {0};
	int rc;

	if ((rc = row_to_record(&r, st, err)) == 0)
		rc = each(ctx, &r);
	bo_stored_event_clear(&r);
	return rc;
}

/* A statement of its own (not the cache): the callback may read the store. */
static int es_scan(void *self, int64_t after, bo_stored_scan_fn each, void *ctx,
		   bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db,
				"SELECT " EVENT_COLUMNS " FROM events "
				"WHERE position > ? ORDER BY position",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return bo_sq_error(c, rc, "scanning the log", err);
	sqlite3_bind_int64(st, 1, after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = scan_row(st, each, ctx, err)) < 0)
			goto done;
	rc =
	    rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "scanning the log", err);
done:
	sqlite3_finalize(st);
	return rc;
}

const bo_event_store_ops bo_sqlite_event_store_ops = {
    .version = BO_EVENT_STORE_OPS_VERSION,
    .append = es_append,
    .read_stream = es_read_stream,
    .read_all = es_read_all,
    .head = es_head,
    .stream_version = es_stream_version,
    .scan = es_scan,
};
