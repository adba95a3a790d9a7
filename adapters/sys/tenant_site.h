/* Where an installation's tenants live: their stores beside its own (a file, a schema). */
#ifndef BO_TENANT_SITE_H
#define BO_TENANT_SITE_H

#include "adapters/sys/backends.h"
#include "adapters/sys/sys_zone.h"
#include "domain/app_tenants.h"

/*
 * The installation's store is the one --db names (or default.db in the data
 * directory). On SQLite a tenant's store is a file in the same directory,
 * NAME.db (its registry location, relative to that directory); on
 * PostgreSQL a schema of the same database, tenant_KEY (KEY: the name with
 * '-' as '_'), reached with the installation's URL and schema= set to it.
 */
typedef struct bo_sys_tenant_site {
	bo_tenant_site site;  /* for bo_app_tenant_create and _move */
	const bo_backend *be; /* the installation's */
	const char *root;     /* its path or URL, borrowed */
	const bo_clock *clock;
	bo_sys_zone zone; /* of the stores open opened (one tenant's) */
} bo_sys_tenant_site;

void bo_sys_tenant_site_init(bo_sys_tenant_site *s, const bo_backend *be,
			     const char *root, const bo_clock *clock);
/* Releases what the site's open left for the stores it opened (their zone):
 * after those stores are closed. */
void bo_sys_tenant_site_done(bo_sys_tenant_site *s);

/* The backend and the path or URL of a registered tenant's store; *where
 * is the caller's. BO_ESTORAGE for a row this build cannot follow. */
int bo_sys_tenant_where(const bo_sys_tenant_site *s, const bo_tenant *t,
			const bo_backend **be, char **where, bo_err *err);

/* Where a tenant of this name lives when the registry does not say
 * (a store made by `init --tenant NAME` in the data directory): the
 * SQLite file NAME.db beside the installation's; NULL for PostgreSQL or
 * when out of memory. */
char *bo_sys_tenant_beside(const bo_sys_tenant_site *s, const char *name);

/* Whether an IANA zone exists in the system tz database ($TZDIR, else
 * /usr/share/zoneinfo): a TZif file. "UTC" always does. BO_EINVAL naming
 * --time-zone otherwise. */
int bo_sys_time_zone_check(const char *name, bo_err *err);

#endif
