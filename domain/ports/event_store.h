/* Port: the append-only event log. */
#ifndef BO_PORT_EVENT_STORE_H
#define BO_PORT_EVENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../event.h"
#include "../status.h"
#include "event_codec.h"

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
 * Decoding in one shared place. A backend stores and returns each event as
 * a stored record: the envelope and the encoded metadata and payload text,
 * as the codec wrote them. It never encodes, decodes or upcasts: the
 * wrappers below do, through the event store's codec (event_codec.h), which
 * is the same for every backend (adapters/json: bo_json_event_codec). So
 * what a backend must get right is storing text and numbers, and the
 * decoding rules (upcasters, unknown types kept, damage reported) are the
 * same whichever backend holds the log.
 */

/* One event as a backend stores it. Every pointer is owned by the record
 * (bo_stored_event_clear), except in append's input (see there). */
typedef struct bo_stored_event {
	int64_t position;
	char *event_id;
	char *stream;
	int64_t version;
	char *type_name; /* as stored: "OrderPlaced", or a type unknown here */
	int schema_version;  /* of the payload text as written */
	int64_t recorded_at; /* ms since the epoch, UTC */
	char *metadata;      /* encoded metadata text */
	char *payload;       /* encoded payload text */
} bo_stored_event;

/* Frees what r owns and zeroes it. NULL is fine. */
void bo_stored_event_clear(bo_stored_event *r);
/* Deep copy into dst (overwritten, not cleared first; NULL strings stay
 * NULL). BO_ENOMEM, after which dst holds nothing. */
int bo_stored_event_copy(bo_stored_event *dst, const bo_stored_event *src);

/* A growable list of stored records, for the read ops. */
typedef struct bo_stored_event_list {
	bo_stored_event *items;
	size_t n, cap;
} bo_stored_event_list;

/* Appends a zeroed record and returns it (NULL on ENOMEM). */
bo_stored_event *bo_stored_event_list_push(bo_stored_event_list *l);
void bo_stored_event_list_clear(bo_stored_event_list *l);

/*
 * Called by the scan op for each stored record, in position order; r is
 * borrowed for the call. Must not write to the store; a negative return
 * stops the scan and is returned by it.
 */
typedef int (*bo_stored_scan_fn)(void *ctx, const bo_stored_event *r);

/*
 * Called by bo_event_store_scan for each stored event, read-only. e is the
 * event decoded through the upcasters with e->schema_version the stored one
 * (an unknown type or a newer version comes as BO_EV_UNKNOWN with
 * raw_payload). When the stored event cannot be decoded, failure says why
 * and e carries only its envelope (position, event_id, stream, version,
 * type_name, schema_version, recorded_at). Both are borrowed for the call.
 * Must not write to the store; a negative return stops the scan and is
 * returned by it.
 */
typedef int (*bo_event_scan_fn)(void *ctx, const bo_event *e,
				const char *failure);

/*
 * The ops a backend implements, in stored records. What each op promises
 * about positions, the safe head and transactions holds for the wrapper of
 * the same name too (the wrapper adds only the codec).
 */
typedef struct bo_event_store_ops {
	int version; /* BO_EVENT_STORE_OPS_VERSION */

	/*
	 * Required. Appends n records to stream, inside a transaction begun on
	 * the store port. The stream must be at expected_version (0 = new
	 * stream), otherwise BO_ECONFLICT and nothing is written. All or none.
	 * The adapter reads event_id, type_name, schema_version, recorded_at,
	 * metadata and payload of each records[i] (the caller's, borrowed for
	 * the call; records[i].stream is not read: stream is) and sets only
	 * version (expected_version + 1 + i) and position (increasing in i;
	 * see above for what positions promise).
	 * Two writers appending to one stream at once: one wins, the other
	 * gets BO_ECONFLICT, whichever the backend ((stream, version) is
	 * unique). A duplicate event_id is BO_ECONFLICT; a record without an
	 * event_id is BO_EINVAL. BO_ESTORAGE otherwise.
	 */
	int (*append)(void *self, const char *stream, int64_t expected_version,
		      bo_stored_event *records, size_t n, bo_err *err);

	/* Required. Appends the records of stream with versions 1..max_version
	 * (0 = all) to *out, in version order. An unknown stream gives none.
	 * On failure *out is as it was. */
	int (*read_stream)(void *self, const char *stream, int64_t max_version,
			   bo_stored_event_list *out, bo_err *err);

	/* Required. Appends up to limit records (0: no limit) with position >
	 * after and at most the safe head to *out, in position order (see
	 * above: a reader that resumes after the last event it read never
	 * misses one that commits later). Outside a transaction it sees what
	 * is committed; inside one, also that transaction's own appends. On
	 * failure *out is as it was. */
	int (*read_all)(void *self, int64_t after, size_t limit,
			bo_stored_event_list *out, bo_err *err);

	/* Required. The safe head (see above; 0 for an empty log); outside
	 * a transaction never lower than a head read before it. A rebuild
	 * that records it as its checkpoint may do so only because nothing
	 * at or below it can still commit; on SQLite it is the highest
	 * stored position. */
	int (*head)(void *self, int64_t *out, bo_err *err);

	/* Required. Current version of a stream (0 when it has no events). */
	int (*stream_version)(void *self, const char *stream, int64_t *out,
			      bo_err *err);

	/* Required. Calls each for every stored record with position > after
	 * and at most the safe head, in position order, one at a time (memory
	 * stays flat): for checking and exporting a whole log. The callback
	 * may read the store. BO_ESTORAGE. */
	int (*scan)(void *self, int64_t after, bo_stored_scan_fn each,
		    void *ctx, bo_err *err);
} bo_event_store_ops;

#define BO_EVENT_STORE_OPS_VERSION 2

typedef struct bo_event_store {
	const bo_event_store_ops *ops;
	void *self;
	/* The shared decoding layer every backend hands out alike
	 * (bo_json_event_codec); bo_ports_check refuses a store without. */
	bo_event_codec codec;
} bo_event_store;

/*
 * The wrappers: the port in events, for the domain. Each encodes or decodes
 * through es->codec and calls the op of the same name.
 *
 * bo_event_store_append: the caller fills event_id, recorded_at, meta,
 * kind, type_name, schema_version and payload of each events[i]; the
 * stored schema_version is the codec's (the version of the text as
 * written). On success the wrapper sets stream, version and position in
 * each events[i]; on failure the caller's events are as they were. A
 * payload the codec refuses is BO_EINVAL naming the field, before anything
 * is written.
 *
 * bo_event_store_read_stream, bo_event_store_read_all: the events decoded
 * through the upcasters (an unknown type or a newer schema version comes as
 * BO_EV_UNKNOWN with raw_payload). A stored event that cannot be decoded
 * fails the read with BO_ESTORAGE, "event at position P cannot be read:
 * <why>" (the log is damaged; the caller did nothing wrong), and *out is as
 * it was.
 *
 * bo_event_store_scan: every stored event, decoded or with the reason it
 * cannot be (bo_event_scan_fn), including the ones read_all would refuse:
 * for checking a log (events upcast --dry-run) and exporting it.
 */
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
