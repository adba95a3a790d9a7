/* Tenants of one installation: the registry's record, name keys, time zone names. */
#ifndef BO_TENANT_H
#define BO_TENANT_H

#include <stdint.h>

#include "status.h"
#include "user.h"

/* Longest IANA time zone name accepted ("America/Argentina/ComodRivadavia"
 * is 32). */
#define BO_TIME_ZONE_MAX 64

/*
 * One registered tenant. The registry lives in the installation's own store
 * (the one --db names, or default.db in the data directory); each tenant is
 * a complete store of its own, found through backend and location:
 *   backend "sqlite":     location is a file name, relative to the
 *                         directory of the installation's store
 *                         ("acme.db"), or an absolute path;
 *   backend "postgresql": location is the tenant's schema in the
 *                         installation's database.
 */
typedef struct bo_tenant {
	char *name;
	char currency[4];
	char *time_zone; /* IANA name, "UTC" by default */
	char *backend;
	char *location;
	int64_t created_at; /* milliseconds since the epoch (bo_clock_now) */
	char *created_by;
} bo_tenant;

void bo_tenant_clear(bo_tenant *t);
/* A deep copy; BO_ENOMEM leaves dst cleared. */
int bo_tenant_copy(bo_tenant *dst, const bo_tenant *src, bo_err *err);

/*
 * The key two tenant names collide on: '-' and '_' are one character (the
 * name becomes part of a file and a schema name, and "acme-shop" beside
 * "acme_shop" is a mistake waiting to happen). out holds
 * BO_TENANT_NAME_MAX + 1 bytes; name must have passed bo_tenant_validate.
 */
void bo_tenant_key(const char *name, char *out);

/*
 * The spelling of an IANA time zone name: 1 to BO_TIME_ZONE_MAX of A-Z a-z
 * 0-9 / _ + -, parts between '/' not empty and not starting with '.' or
 * '-'. Whether the zone exists is the system tz database's answer
 * (bo_sys_time_zone_check). BO_EINVAL naming --time-zone otherwise.
 */
int bo_time_zone_validate(const char *name, bo_err *err);

#endif
