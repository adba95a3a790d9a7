/* The backend table of the composition root: --db scheme to open, create and destroy. */
#include "adapters/sys/backends.h"

#include "adapters/sqlite/sqlite_store.h"

static int sqlite_open_existing(bo_ports *out, const char *where, bo_err *err)
{
	return bo_sqlite_open(out, where, BO_SQLITE_OPEN, err);
}

static const bo_backend backends[] = {
    {BO_BACKEND_SQLITE, "sqlite", sqlite_open_existing, bo_sqlite_create,
     bo_sqlite_destroy, NULL},
    {BO_BACKEND_POSTGRES, "postgresql", NULL, NULL, NULL,
     "the PostgreSQL backend is not built yet; use sqlite:PATH"},
};

int bo_backend_find(const bo_backend **out, bo_backend_kind kind, bo_err *err)
{
	*out = NULL;
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		if (backends[i].kind != kind)
			continue;
		if (!backends[i].open || !backends[i].create ||
		    !backends[i].destroy)
			return bo_err_set(err, BO_ESTORAGE, "%s",
					  backends[i].missing);
		*out = &backends[i];
		return BO_OK;
	}
	return bo_err_set(err, BO_ESTORAGE,
			  "this build has no backend for that --db");
}
