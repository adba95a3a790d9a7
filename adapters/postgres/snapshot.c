/* PLACEHOLDER until branch pg-read lands: its real snapshot.c replaces this file at the merge. Verify's side copies are not there yet on PostgreSQL. */
#include "adapters/postgres/pg_internal.h"

int bo_pg_snapshot_tables(bo_pg *c, const char *const *tables, bo_err *err)
{
	(void)c;
	(void)tables;
	return bo_err_set(err, BO_ESTORAGE,
			  "verify is not yet available on PostgreSQL");
}

int bo_pg_diff_tables(bo_pg *c, const char *const *tables, bo_diff_fn each,
		      void *ctx, bo_err *err)
{
	(void)c;
	(void)tables;
	(void)each;
	(void)ctx;
	return bo_err_set(err, BO_ESTORAGE,
			  "verify is not yet available on PostgreSQL");
}
