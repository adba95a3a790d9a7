/* The embedded SQLite backend: opens a store file and hands out every port over it. */
#ifndef BO_SQLITE_STORE_H
#define BO_SQLITE_STORE_H

#include "domain/ports/ports.h"

typedef enum {
	BO_SQLITE_OPEN = 0,  /* the file must exist and be a backoffice store */
	BO_SQLITE_CREATE = 1 /* bo_sqlite_create it first, then open it */
} bo_sqlite_mode;

/*
 * Opens (or creates) the store at path and fills *out with its ports.
 * path is a file name, never a SQLite URI ("file:x?mode=ro" is a file of
 * that name). Settings: WAL, synchronous=FULL, foreign_keys, a busy timeout,
 * defensive mode, trusted_schema off. Pending migrations are applied on open.
 * Refused without touching the file: a file that is not a SQLite database, or
 * a SQLite database that is not a backoffice store (application_id), a
 * directory, fifo or device, an empty file -> BO_EINVAL naming the path; a
 * missing file in OPEN mode -> BO_ENOTFOUND.
 * A store the user may not write (the file, or its directory when SQLite
 * would have to create its side files there) opens read-only: out->read_only,
 * every begin fails with BO_EPERM "the store at PATH is read-only ...", and
 * pending migrations are refused the same way. Close with bo_ports_close.
 */
int bo_sqlite_open(bo_ports *out, const char *path, bo_sqlite_mode mode,
		   bo_err *err);

/* Fills a store being created, on its own connection, before anyone else
 * can see it (bo_app_init_store, say). A failure abandons the store. */
typedef int (*bo_sqlite_fill_fn)(bo_ports *ports, void *ctx, bo_err *err);

/*
 * Creates a store at path in one step: it is built in a temporary file
 * beside path (created O_EXCL, mode 0600), migrated, filled by fill (NULL:
 * schema only), checkpointed, closed and synced, then linked into place
 * with link(2). So path either does not exist or holds a complete store:
 * a crash or a kill part-way leaves at most the hidden temporary file
 * (".backoffice-init-PID-..."; later creations in that directory remove
 * those of dead processes), and of two creations racing on one path one
 * wins. path itself is never truncated, replaced or removed.
 * BO_ECONFLICT "a store already exists at PATH" (also when it appears while
 * this one is built); BO_EINVAL for anything else already at path (an empty
 * file included), as bo_sqlite_open words it; BO_ESTORAGE naming path when
 * the directory cannot hold it; fill's own failure.
 */
int bo_sqlite_create(const char *path, bo_sqlite_fill_fn fill, void *ctx,
		     bo_err *err);

/*
 * Removes the store at path and its side files (-wal, -shm, -journal).
 * Only a backoffice store: BO_EINVAL naming path for any other file (left
 * as it is), BO_ENOTFOUND when there is none, BO_EPERM or BO_ESTORAGE when
 * it cannot be removed. No connection may be open on it.
 */
int bo_sqlite_destroy(const char *path, bo_err *err);

#endif
