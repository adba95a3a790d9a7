/* Port: the append-only event log. */
#ifndef BO_PORT_EVENT_STORE_H
#define BO_PORT_EVENT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../event.h"
#include "../status.h"

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

#endif
