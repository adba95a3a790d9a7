/* Application services: the tenants of an installation (create, list). */
#ifndef BO_APP_TENANTS_H
#define BO_APP_TENANTS_H

#include <stdint.h>

#include "app.h"
#include "ports/tenant_dir.h"

/*
 * Where the tenants' own stores are made: the composition root's, which
 * knows the backends. The app holds the installation's store (its registry
 * is ports->tenants); the site makes and measures the others.
 */
typedef struct bo_tenant_site_ops {
	/* Fills t->backend and t->location (malloc'd, the caller's) with
	 * where a new tenant called t->name lives. BO_EINVAL when the name
	 * cannot be a store there. */
	int (*place)(void *self, bo_tenant *t, bo_err *err);
	/* Makes the tenant's store at the place given: complete (its
	 * settings and admin as its first admin) or not at all. A store
	 * already there that a tenant create of this same name left
	 * unregistered (interrupted before its registry row committed:
	 * tenant t->name, an empty log) is replaced; any other store there is
	 * BO_ECONFLICT. */
	int (*provision)(void *self, const bo_tenant *t, const char *admin,
			 bo_err *err);
	/* Counts a tenant's events (the log's safe head) and orders (the
	 * list's size columns); t->location NULL: the installation's own. */
	int (*measure)(void *self, const bo_tenant *t, int64_t *events,
		       int64_t *orders, bo_err *err);
} bo_tenant_site_ops;

typedef struct bo_tenant_site {
	const bo_tenant_site_ops *ops;
	void *self;
} bo_tenant_site;

/*
 * Creates tenant name (currency NULL: EUR; time_zone NULL: UTC, its
 * existence already checked by the caller) and registers it in the
 * installation's registry, with the acting user as its first admin. The
 * registry row is added in a transaction of the installation's store that
 * stays open while the site provisions the store, and commits last: two
 * creates of one name meet on the registry, and an interrupted one leaves
 * no row (its store, if made, is replaced by the next create of the name).
 * *out gets the new row (the caller clears it). BO_EPERM unless the user
 * is an admin here, BO_EINVAL for a bad name, currency or zone,
 * BO_ECONFLICT when the name or its key is taken (the installation's own
 * tenant included).
 */
int bo_app_tenant_create(bo_app *app, const bo_tenant_site *site,
			 const char *name, const char *currency,
			 const char *time_zone, bo_tenant *out, bo_err *err);

/* The installation's own tenant first, then the registered ones in name
 * order; the own tenant's row has backend ports->backend and location
 * NULL. BO_EPERM unless an admin. */
int bo_app_tenant_list(bo_app *app, bo_tenant_each_fn each, void *ctx,
		       bo_err *err);

#endif
