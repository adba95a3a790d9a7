/* Checking the stored log against this build's upcasters (events upcast --dry-run), changing nothing. */
#ifndef BO_UPCAST_H
#define BO_UPCAST_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "ports/ports.h"
#include "status.h"

/* What this build makes of the events stored as one (type, version). */
typedef enum {
	BO_UPCAST_CURRENT, /* stored in the current shape */
	BO_UPCAST_UPCAST, /* an older shape the upcasters turn into the current */
	BO_UPCAST_UNKNOWN, /* a type this build does not know: kept, not projected */
	BO_UPCAST_NEWER /* a version newer than this build: kept, not projected */
} bo_upcast_state;

/* "current", "upcast", "unknown type", "newer than this build". */
const char *bo_upcast_state_name(bo_upcast_state s);

typedef struct bo_upcast_row {
	char *type;         /* stored type name */
	int stored_version; /* schema version as stored */
	int current_version; /* this build's version of the type; 0 when unknown */
	bo_upcast_state state;
	int64_t count;  /* events stored as (type, stored_version) */
	int64_t failed; /* of which cannot be read */
} bo_upcast_row;

/* The counts, rows sorted by type then stored version. Owned: clear it. */
typedef struct bo_upcast_report {
	bo_upcast_row *rows;
	size_t n;
	int64_t total;  /* events read */
	int64_t failed; /* events that cannot be read */
	int64_t
	    kept; /* events kept as stored but not projected (unknown, newer) */
} bo_upcast_report;

void bo_upcast_report_clear(bo_upcast_report *r);

/* Told about each event that cannot be read, as the scan meets it; a
 * negative return stops the check. reason is one sentence. */
typedef int (*bo_upcast_fail_fn)(void *ctx, int64_t position, const char *type,
				 int stored_version, const char *reason);

/*
 * Reads the whole stored history through the upcaster chain and counts it by
 * (type, stored version) into *out (the caller's, even on failure: clear it),
 * calling fail for every event that cannot be read. Changes nothing; admin
 * only (BO_EPERM). Returns 0 whether or not events failed: out->failed says.
 */
int bo_app_events_upcast_check(bo_app *app, bo_upcast_report *out,
			       bo_upcast_fail_fn fail, void *ctx, bo_err *err);

/*
 * How many stored events this build keeps without projecting them (unknown
 * types, newer versions): for the projection engine to report after a
 * rebuild. Reads the whole log; no role check (the engine's caller has done
 * it).
 */
int bo_events_count_unprojected(const bo_ports *p, int64_t *out, bo_err *err);

#endif
