/* Port: the append-only event log. */
#ifndef BO_PORT_EVENT_STORE_H
#define BO_PORT_EVENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../event.h"
#include "../status.h"

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
	 * (expected_version + 1 + i) and position in each events[i].
	 * A duplicate event_id is BO_ECONFLICT. BO_ESTORAGE otherwise.
	 */
	int (*append)(void *self, const char *stream, int64_t expected_version,
		      bo_event *events, size_t n, bo_err *err);

	/* Required. Appends the events of stream with versions 1..max_version
	 * (0 = all) to *out, in version order. An unknown stream gives none. */
	int (*read_stream)(void *self, const char *stream, int64_t max_version,
			   bo_event_list *out, bo_err *err);

	/* Required. Appends up to limit events with position > after to *out in
	 * position order. Never skips an event that commits later with a smaller
	 * position (see DESIGN.md). */
	int (*read_all)(void *self, int64_t after, size_t limit,
			bo_event_list *out, bo_err *err);

	/* Required. Highest stored position (0 for an empty log). */
	int (*head)(void *self, int64_t *out, bo_err *err);

	/* Required. Current version of a stream (0 when it has no events). */
	int (*stream_version)(void *self, const char *stream, int64_t *out,
			      bo_err *err);

	/* Required. Calls each for every stored event with position > after,
	 * in position order, one at a time (memory stays flat), including the
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
