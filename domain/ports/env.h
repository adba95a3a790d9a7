/* Ports: the clock, the source of unique ids and the business time zone (swapped for fixed ones in tests). */
#ifndef BO_PORT_ENV_H
#define BO_PORT_ENV_H

#include <stddef.h>
#include <stdint.h>

#define BO_UUID_LEN 36

typedef struct bo_clock {
	/* Required. Milliseconds since the epoch, UTC. */
	int64_t (*now_ms)(void *self);
	void *self;
} bo_clock;

typedef struct bo_ids {
	/* Required. Writes a fresh UUID (36 chars + NUL) into out. */
	void (*uuid)(void *self, char out[BO_UUID_LEN + 1]);
	void *self;
} bo_ids;

/*
 * The tenant's business time zone, as the system's tz database knows it.
 * The domain never reads that database: it asks this port how far local
 * time is ahead of UTC at a moment, and counts local days and local clock
 * times from the answer (calendar.h). A NULL zone, or one whose offset_ms
 * is NULL, is UTC.
 */
typedef struct bo_zone {
	/* Required. Local time minus UTC at utc_ms, in ms (+3600000 for
	 * Europe/Berlin in winter, +7200000 in summer). */
	int64_t (*offset_ms)(void *self, int64_t utc_ms);
	/* Optional. The abbreviation in force at utc_ms ("CET", "CEST"), at
	 * most size - 1 bytes into buf; NULL leaves the faces to show the
	 * offset ("+02:00"). */
	void (*abbrev)(void *self, int64_t utc_ms, char *buf, size_t size);
	void *self;
	const char *name; /* IANA name ("Europe/Berlin"), borrowed */
} bo_zone;

int64_t bo_clock_now(const bo_clock *c);
/* Local time minus UTC at ms, in ms (0 for a NULL zone: UTC). */
int64_t bo_zone_offset(const bo_zone *z, int64_t ms);
void bo_ids_uuid(const bo_ids *ids, char out[BO_UUID_LEN + 1]);

#endif
