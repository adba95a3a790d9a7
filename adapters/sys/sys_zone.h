/* The business time zone from the system's tz database, through the C library. */
#ifndef BO_SYS_ZONE_H
#define BO_SYS_ZONE_H

#include "domain/ports/env.h"
#include "domain/status.h"

/*
 * One open zone. The C library keeps a single current zone per process
 * (TZ and tzset), so this adapter switches TZ to the zone it is asked
 * about when another one was current: any number may be open, and a
 * process that opens one zone at a time (every command, the TUI between
 * tenant switches) switches once. Not for threads.
 */
typedef struct bo_sys_zone {
	bo_zone zone; /* hand &zone to the domain */
	char *name;
} bo_sys_zone;

/*
 * Opens name ("UTC", "Europe/Berlin"). The zone must be in the system's tz
 * database (TZDIR, else /usr/share/zoneinfo): the C library would count a
 * missing one as UTC without a word, so this refuses it, BO_ESTORAGE
 * naming the zone and the tzdata package. BO_ENOMEM. On success z is the
 * caller's, released with bo_sys_zone_close.
 */
int bo_sys_zone_open(bo_sys_zone *z, const char *name, bo_err *err);
void bo_sys_zone_close(bo_sys_zone *z);

#endif
