/* Application services of the event log: export (all or the readable part) and import as a checked restore. */
#ifndef BO_APP_EVENTS_H
#define BO_APP_EVENTS_H

#include <stdint.h>

#include "event.h"

struct bo_app;

/* Events (admin). */
typedef int (*bo_event_each_fn)(void *ctx, const bo_event *e);

/* Every event in position order, read in batches (memory stays flat). An
 * event this build cannot read stops it: BO_ESTORAGE naming its position. */
int bo_app_events_export(struct bo_app *app, bo_event_each_fn each, void *ctx,
			 bo_err *err);

/* Told about a stored event that cannot be read: its position and why. A
 * negative return stops the export and is returned by it. */
typedef int (*bo_event_unreadable_fn)(void *ctx, int64_t position,
				      const char *reason);

/*
 * The same, but an event that cannot be read is handed to unreadable and
 * skipped, so every readable event still goes to each (one at a time, memory
 * flat). *skipped (may be NULL) receives how many were skipped.
 */
int bo_app_events_export_readable(struct bo_app *app, bo_event_each_fn each,
				  bo_event_unreadable_fn unreadable, void *ctx,
				  int64_t *skipped, bo_err *err);

/*
 * Hands the import its next event: fills *out (zeroed by the caller, cleared
 * by the import after use) and returns 1, returns 0 at the end, or a negative
 * status with err set.
 */
typedef int (*bo_event_next_fn)(void *ctx, bo_event *out, bo_err *err);

typedef struct bo_import_report {
	int64_t events; /* appended */
	int64_t kept; /* of which of an unknown type or a newer schema version:
			 kept as they are, unchecked, unprojected */
} bo_import_report;

/*
 * Appends the events next hands over, in their order, in ONE transaction:
 * all or none, whatever the number (one event is in memory at a time; order
 * states for the checks are kept in a bounded cache and folded back from the
 * store on a miss). Every event must be one the live commands could have
 * recorded: stream "order-<id>" or "product-<id>"; versions follow on from
 * what the store holds (BO_ECONFLICT otherwise); bo_order_check_event or
 * bo_product_check_event accepts it; event id and metadata are short text
 * (BO_EINVAL otherwise, one sentence naming the stream and the rule).
 * Event ids, times and metadata are kept; product events also restore the
 * product rows; read models are projected as usual; the reactors are moved
 * past the imported events (their effects are in the history already).
 * rep (may be NULL) is filled as far as the import got.
 */
int bo_app_events_import_stream(struct bo_app *app, bo_event_next_fn next,
				void *ctx, bo_import_report *rep, bo_err *err);

/* The same over an array (tests, tools); a refusal names "event N". */
int bo_app_events_import(struct bo_app *app, bo_event *events, size_t n,
			 bo_err *err);

#endif
