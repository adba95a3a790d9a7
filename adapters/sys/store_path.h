/* Reads a --db / BACKOFFICE_DB value: which backend, and the file path or URL it names. */
#ifndef BO_STORE_PATH_H
#define BO_STORE_PATH_H

#include "domain/status.h"

typedef enum { BO_BACKEND_SQLITE, BO_BACKEND_POSTGRES } bo_backend_kind;

typedef struct bo_store_path {
	bo_backend_kind kind;
	char *path; /* sqlite: the file path exactly as the user meant it
		     * (scheme removed); NULL for postgres */
	char *url;  /* postgres: the URL as given; NULL for sqlite */
} bo_store_path;

/*
 * Pure: no file is looked at. The forms:
 *   postgresql://... or postgres://...  -> BO_BACKEND_POSTGRES, url as given
 *   sqlite:PATH                         -> BO_BACKEND_SQLITE, path = PATH
 *   anything else without a scheme      -> BO_BACKEND_SQLITE, path = db
 * A path is a file name and nothing else: "file:x.db?mode=ro" names a file
 * called exactly that (never a SQLite URI), and "?", "#", "%" and spaces are
 * ordinary characters. BO_EUSAGE naming --db for a NULL or empty value, an
 * empty sqlite: path, or another scheme ("mysql://..."); *out is then zeroed.
 * On success *out is the caller's (bo_store_path_free). BO_ENOMEM.
 */
int bo_store_path_parse(bo_store_path *out, const char *db, bo_err *err);

/* Frees what parse allocated and zeroes *p. NULL is fine. */
void bo_store_path_free(bo_store_path *p);

#endif
