/* The backend table: which functions open, create and destroy a store of each --db scheme. */
#ifndef BO_BACKENDS_H
#define BO_BACKENDS_H

#include "adapters/sys/store_path.h"
#include "domain/ports/ports.h"

/* Fills a store being created, before anyone can see it (see create). */
typedef int (*bo_store_fill_fn)(bo_ports *ports, void *ctx, bo_err *err);

/*
 * One backend, by the kind bo_store_path_parse reads off --db. Adding a
 * backend is one row of the table in backends.c. where is the row's own
 * kind of location: a file path (SQLite), a URL (PostgreSQL).
 *
 * open: an existing store; BO_ENOTFOUND when there is none.
 * create: a new store, complete (fill has run in its transaction) or not
 *   at all; BO_ECONFLICT when one is already there.
 * destroy: removes a store and everything beside it that belongs to it;
 *   BO_ENOTFOUND when there is none, BO_EINVAL for something that is not
 *   a store (left as it is).
 * A row whose functions are NULL is a backend this build does not have:
 * bo_backend_find answers with its sentence instead.
 */
typedef struct bo_backend {
	bo_backend_kind kind;
	const char *name; /* "sqlite", "postgresql" */
	int (*open)(bo_ports *out, const char *where, bo_err *err);
	int (*create)(const char *where, bo_store_fill_fn fill, void *ctx,
		      bo_err *err);
	int (*destroy)(const char *where, bo_err *err);
	const char
	    *missing; /* why there are no functions, when there are none */
} bo_backend;

/*
 * The row of kind into *out. BO_ESTORAGE (exit status 7) with the row's
 * sentence for a backend this build does not have, "the PostgreSQL backend
 * is not built yet; use sqlite:PATH", before any file or server is touched.
 */
int bo_backend_find(const bo_backend **out, bo_backend_kind kind, bo_err *err);

#endif
