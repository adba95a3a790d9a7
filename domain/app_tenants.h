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
	 * BO_ECONFLICT. admin_since is when the admin was made staff (0:
	 * now; a move keeps the time the source holds). */
	int (*provision)(void *self, const bo_tenant *t, const char *admin,
			 int64_t admin_since, bo_err *err);
	/* Counts a tenant's events (the log's safe head) and orders (the
	 * list's size columns); t->location NULL: the installation's own. */
	int (*measure)(void *self, const bo_tenant *t, int64_t *events,
		       int64_t *orders, bo_err *err);
	/* For tenant move; all three or none (NULL: moving is not offered).
	 * locate: fills moved->backend and moved->location (malloc'd, the
	 * caller's) with where tenant t would live at url, a --db URL of
	 * another store (sqlite:PATH, postgresql://...); BO_EINVAL (or
	 * BO_EUSAGE for a URL no backend reads) naming --to.
	 * open: opens t's store, its business zone set in out->zone;
	 * bo_ports_close closes it. BO_ENOTFOUND when there is none.
	 * discard: removes the store at t's place when it is the leftover of
	 * an earlier move of t that never switched (its tenant setting is
	 * t->name: no registry row points there); nothing there is 0; a store
	 * of anything else is BO_ECONFLICT, left alone. */
	int (*locate)(void *self, const bo_tenant *t, const char *url,
		      bo_tenant *moved, bo_err *err);
	int (*open)(void *self, const bo_tenant *t, bo_ports *out, bo_err *err);
	int (*discard)(void *self, const bo_tenant *t, bo_err *err);
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

/* What a move did: the copy's counts and checksum, and both places. */
typedef struct bo_tenant_move_report {
	int64_t events;    /* copied, as counted on both sides */
	int64_t users;     /* staff copied besides the mover */
	uint64_t checksum; /* of the canonical log, equal on both sides */
	char *backend, *location;           /* where it lives now */
	char *from_backend, *from_location; /* where it lived: left as it was */
} bo_tenant_move_report;

void bo_tenant_move_report_clear(bo_tenant_move_report *r);

/*
 * Moves tenant name's whole store to url (see the site's locate), from
 * SQLite to PostgreSQL or back: a new store is made there (a leftover of
 * an earlier, unswitched move of the tenant is made anew), the users,
 * the low-stock threshold and the alerts are copied, the log is imported
 * in position order with its envelopes as they were (event ids,
 * metadata, recorded-at; positions are the target's own numbering, dense
 * from 1), the read models are projected there and caught up. Then it is
 * verified: the same number of events and the same checksum over the
 * canonical log on both sides, projections verify on the target finding
 * nothing, every report (summary, daily, products, funnel, shipping over
 * the log's days) equal, and the source's head unchanged. Only then does
 * the registry point at the target, in one transaction. Any failure leaves
 * the registry and the source as they were (the target, if made, is no
 * tenant's and is replaced by the next move).
 *
 * Needs an admin of the installation who is also an admin of the tenant
 * (BO_EPERM). BO_ENOTFOUND for an unknown tenant; BO_EINVAL for the
 * installation's own tenant or the place it already lives; BO_ECONFLICT
 * when the source was written to during the move, or a store of something
 * else sits at the target; BO_ESTORAGE when the copy does not verify.
 * *rep (cleared with bo_tenant_move_report_clear) is filled on success.
 */
int bo_app_tenant_move(bo_app *app, const bo_tenant_site *site,
		       const char *name, const char *url,
		       bo_tenant_move_report *rep, bo_err *err);

#endif
