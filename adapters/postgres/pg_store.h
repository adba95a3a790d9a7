/* The PostgreSQL backend: opens a store (a schema of a database) and hands out every port over it. */
#ifndef BO_PG_STORE_H
#define BO_PG_STORE_H

#include "adapters/sys/backends.h"
#include "domain/ports/ports.h"

/*
 * Opens the store named by url (postgresql://... or postgres://...; the
 * schema= parameter names its schema, default "backoffice") and fills *out.
 * BO_ENOTFOUND when the schema does not exist; BO_EINVAL, untouched, for a
 * schema that is not a backoffice store; BO_ESTORAGE, untouched, for a store
 * migrated by a newer backoffice; pending migrations are applied under the
 * store's lock. Connection failures as bo_pg_connect words them.
 */
int bo_pg_open(bo_ports *out, const char *url, bo_err *err);

/* Creates the schema, runs every migration and fill (NULL: schema only) in
 * one transaction, so the store is complete or absent. BO_ECONFLICT when a
 * store is there already, BO_EINVAL for a schema of something else. */
int bo_pg_create(const char *url, bo_store_fill_fn fill, void *ctx,
		 bo_err *err);

/* DROP SCHEMA ... CASCADE of a backoffice store only: BO_ENOTFOUND when
 * there is none, BO_EINVAL (untouched) for a schema that is not a store. */
int bo_pg_destroy(const char *url, bo_err *err);

/* The socket of the connection behind ports (poll it for change
 * notifications, then call data_version), -1 when ports are not
 * PostgreSQL's. */
int bo_pg_socket(bo_ports *p);

/* url as messages may show it: any password replaced by "***" (a malloc'd
 * copy, NULL when out of memory). For the command line's own sentences. */
char *bo_pg_shown_url(const char *url);

/* url with its schema= parameter set to schema (any other parameters kept,
 * in order); the caller frees it. NULL when out of memory. */
char *bo_pg_url_with_schema(const char *url, const char *schema);

/* How long begin waits for the store's lock (ms); for tests. */
void bo_pg_set_lock_timeout(bo_ports *p, int ms);

#endif
