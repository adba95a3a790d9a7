/* Port: the event codec, events to and from the text every backend stores. */
#ifndef BO_PORT_EVENT_CODEC_H
#define BO_PORT_EVENT_CODEC_H

#include "../event.h"
#include "../status.h"

/*
 * One implementation for every backend (adapters/json: bo_json_event_codec,
 * with its upcasters and fast path); the event store's wrappers call it, the
 * backends never do. The domain sees only this interface, so it stays free
 * of any JSON library.
 */
typedef struct bo_event_codec_ops {
	int version; /* BO_EVENT_CODEC_OPS_VERSION */

	/*
	 * Required. The text of e as it is stored: *metadata and *payload
	 * (the caller's, free()), and *schema_version, the version of the
	 * payload text as written (an unknown kind or an older shape kept in
	 * raw_payload is written back unchanged, under its own version).
	 * BO_EINVAL naming the field the text cannot hold, BO_ENOMEM; on
	 * failure nothing is the caller's.
	 */
	int (*encode)(void *self, const bo_event *e, char **metadata,
		      char **payload, int *schema_version, bo_err *err);

	/*
	 * Required. Fills e's kind, type_name, schema_version (the stored
	 * one), meta and payload fields from type_name, schema_version,
	 * metadata and payload text, upcasting an older shape (kept in
	 * raw_payload too). An unknown type or a newer schema version is not
	 * an error: e->kind = BO_EV_UNKNOWN, raw_payload holds the text. e is
	 * zeroed by the caller; on failure it may hold some fields
	 * (bo_event_clear). BO_EINVAL naming the key that cannot be read,
	 * BO_ENOMEM.
	 */
	int (*decode)(void *self, const char *type_name, int schema_version,
		      const char *metadata, const char *payload, bo_event *e,
		      bo_err *err);
} bo_event_codec_ops;

#define BO_EVENT_CODEC_OPS_VERSION 1

typedef struct bo_event_codec {
	const bo_event_codec_ops *ops;
	void *self;
} bo_event_codec;

#endif
