/* Port: the append-only event log. */
#ifndef BO_PORT_EVENT_STORE_H
#define BO_PORT_EVENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../event.h"
#include "../status.h"

/*
 * Positions, cursors and the safe head: what every backend promises readers
 * of the log, however many processes write it at once (proven with real
 * processes in tests/support/contract_concurrency.c).
 *
 * - A position is unique in the log. Positions increase but may have gaps
 *   (a rolled-back append, a sequence that skips): nothing may count events
 *   by subtracting positions, except to show an estimate (lag).
 * - The safe head is the highest position at or below which no event can
 *   still commit: every event up to it is either committed or will never
 *   exist. head returns it; read_all and scan hand out only events at or
 *   below the safe head of the moment they read.
 * - So a reader that has seen every event up to cursor C, and then reads
 *   "after C", never misses an event that commits later with a smaller
 *   number: by the time C was handed out, no such event could still come.
 *   A reader moves its cursor to the last event it read, never to head
 *   (a later head may lie beyond events it has not read yet).
 *
 * How a backend keeps it. Write transactions of one store are serialised
 * (store.h) and a position is drawn inside that lock, so positions commit
 * in increasing order and the safe head is simply the highest committed
 * position: SQLite (BEGIN IMMEDIATE) and PostgreSQL (an advisory lock
 * taken at begin, positions from a sequence drawn after it; a commit is
 * visible before the lock passes to the next writer) alike.
 *
 * The cursor, decided with the PostgreSQL reader in mind: one int64_t (the
 * `after` of read_all and scan, head, the checkpoints of projectors and
 * reactors), because with serialised writers one position says where to
 * resume. The domain treats it as opaque all the same: it compares
 * cursors, stores them and hands them back, and subtracts them only for
 * what it displays (lag, progress). Should a backend ever let writers commit
 * concurrently, positions drawn at insert would commit out of order and
 * one number would no longer do: that backend stores each event's
 * transaction id (PostgreSQL: pg_current_xact_id()), hands out only events
 * of transactions older than the oldest one still running
 * (pg_snapshot_xmin of the current snapshot) in (transaction id, position)
 * order, and the cursor becomes a struct of those two int64_t (SQLite
 * keeping the first at 0) with a compare function, stored as two columns
 * in every checkpoint, lag becoming a count the store reports. The
 * contract above does not change with it, and neither does the
 * concurrency contract test.
 */

/*
 * Called by scan for each stored event, read-only. e is the event decoded
 * through the upcasters with e->schema_version the stored one (an unknown type
 * or a newer version comes as BO_EV_UNKNOWN with raw_payload). When the stored
 * event cannot be decoded, failure says why and e carries only its envelope
 * (position, event_id, stream, version, type_name, schema_version,
 * recorded_at). Both are borrowed for the call. Must not write to the store;
 * a negative return stops the scan and is returned by it.
 */
typedef int (*bo_event_scan_fn)(void *ctx, const bo_event *e,
				const char *failure);

typedef struct bo_event_store_ops {
	int version; /* BO_EVENT_STORE_OPS_VERSION */

	/*
	 * Required. Appends n events to stream, inside a transaction begun on the
	 * store port. The stream must be at expected_version (0 = new stream),
	 * otherwise BO_ECONFLICT and nothing is written. All or none.
	 * The caller fills event_id, recorded_at, meta, kind, type_name,
	 * schema_version and payload; the store sets stream, version
	 * (expected_version + 1 + i) and position in each events[i]
	 * (increasing in i; see above for what positions promise).
	 * Two writers appending to one stream at once: one wins, the other
	 * gets BO_ECONFLICT, whichever the backend ((stream, version) is
	 * unique). A duplicate event_id is BO_ECONFLICT. BO_ESTORAGE
	 * otherwise.
	 */
	int (*append)(void *self, const char *stream, int64_t expected_version,
		      bo_event *events, size_t n, bo_err *err);

	/* Required. Appends the events of stream with versions 1..max_version
	 * (0 = all) to *out, in version order. An unknown stream gives none. */
	int (*read_stream)(void *self, const char *stream, int64_t max_version,
			   bo_event_list *out, bo_err *err);

	/* Required. Appends up to limit events (0: no limit) with position >
	 * after and at most the safe head to *out, in position order (see
	 * above: a reader that resumes after the last event it read never
	 * misses one that commits later). Outside a transaction it sees what
	 * is committed; inside one, also that transaction's own appends. */
	int (*read_all)(void *self, int64_t after, size_t limit,
			bo_event_list *out, bo_err *err);

	/* Required. The safe head (see above; 0 for an empty log); outside
	 * a transaction never lower than a head read before it. A rebuild
	 * that records it as its checkpoint may do so only because nothing
	 * at or below it can still commit; on SQLite it is the highest
	 * stored position. */
	int (*head)(void *self, int64_t *out, bo_err *err);

	/* Required. Current version of a stream (0 when it has no events). */
	int (*stream_version)(void *self, const char *stream, int64_t *out,
			      bo_err *err);

	/* Required. Calls each for every stored event with position > after
	 * and at most the safe head, in position order, one at a time (memory
	 * stays flat), including the
	 * ones read_all would refuse to decode (see bo_event_scan_fn): for
	 * checking a log (events upcast --dry-run). BO_ESTORAGE. */
	int (*scan)(void *self, int64_t after, bo_event_scan_fn each, void *ctx,
		    bo_err *err);
} bo_event_store_ops;

#define BO_EVENT_STORE_OPS_VERSION 1

typedef struct bo_event_store {
	const bo_event_store_ops *ops;
	void *self;
} bo_event_store;

int bo_event_store_append(const bo_event_store *es, const char *stream,
			  int64_t expected_version, bo_event *events, size_t n,
			  bo_err *err);
int bo_event_store_read_stream(const bo_event_store *es, const char *stream,
			       int64_t max_version, bo_event_list *out,
			       bo_err *err);
int bo_event_store_read_all(const bo_event_store *es, int64_t after,
			    size_t limit, bo_event_list *out, bo_err *err);
int bo_event_store_head(const bo_event_store *es, int64_t *out, bo_err *err);
int bo_event_store_stream_version(const bo_event_store *es, const char *stream,
				  int64_t *out, bo_err *err);
int bo_event_store_scan(const bo_event_store *es, int64_t after,
			bo_event_scan_fn each, void *ctx, bo_err *err);

#endif
