/* The embedded SQLite backend: opens a store file and hands out every port over it. */
#ifndef BO_SQLITE_STORE_H
#define BO_SQLITE_STORE_H

#include "domain/ports/ports.h"

typedef enum {
	BO_SQLITE_OPEN = 0, /* the file must exist and be a backoffice store */
	BO_SQLITE_CREATE =
	    1 /* create it (missing or empty file); existing store: BO_ECONFLICT */
} bo_sqlite_mode;

/*
 * Opens (or creates) the store at path and fills *out with its ports.
 * Settings: WAL, synchronous=FULL, foreign_keys, a busy timeout, defensive
 * mode, trusted_schema off. Pending migrations are applied on open.
 * Refused without touching the file: a file that is not a SQLite database, or
 * a SQLite database that is not a backoffice store (application_id) -> BO_EINVAL
 * naming the path; a missing file in OPEN mode -> BO_ENOTFOUND.
 * Close with bo_ports_close.
 */
int bo_sqlite_open(bo_ports *out, const char *path, bo_sqlite_mode mode,
		   bo_err *err);

/*
 * Sets the page cache of the connection behind ports to kib KiB (the store
 * opens with 64 MiB, for rebuilds). A long import that touches most pages
 * once keeps its memory flat with less. Nothing happens when ports are not
 * SQLite's. BO_ESTORAGE.
 */
int bo_sqlite_set_cache_size(bo_ports *ports, int64_t kib, bo_err *err);

#endif
