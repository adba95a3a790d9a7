/* The tenant registry port over PostgreSQL: table tenants, listed in name order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

#define TN_COLUMNS                                                             \
	"name, currency, time_zone, backend, location, created_at, "           \
	"created_by"

static int tn_add(void *self, const bo_tenant *t, bo_err *err)
{
	bo_pg *c = self;
	char key[BO_TENANT_NAME_MAX + 1];
	int rc;

	if ((rc = bo_pg_need_tx(c, "register a tenant", err)) < 0)
		return rc;
	bo_tenant_key(t->name, key);
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, t->name);
	bo_pg_arg_text(&a, t->currency);
	bo_pg_arg_text(&a, t->time_zone ? t->time_zone : "UTC");
	bo_pg_arg_text(&a, t->backend);
	bo_pg_arg_text(&a, t->location);
	bo_pg_arg_int(&a, t->created_at);
	bo_pg_arg_text(&a, t->created_by ? t->created_by : "");
	bo_pg_arg_text(&a, key);
	c->wrote = true;
	/* guarded: a name already taken is an answer, not a broken
	 * transaction */
	rc = bo_pg_run_guarded(c, PG_TN_ADD,
			       "INSERT INTO @.tenants (" TN_COLUMNS
			       ", name_key) VALUES ($1, $2, $3, $4, $5, $6, "
			       "$7, $8)",
			       &a, NULL, "registering a tenant", err);
	if (rc != BO_ECONFLICT)
		return rc;
	/* which one: the same name, or another with the same key */
	bo_pg_args k = {0};
	bo_pg_arg_text(&k, key);
	PGresult *r;
	bo_err spare = {0};
	char *other = NULL;
	if (bo_pg_run(c, PG_NO_SLOT,
		      "SELECT name FROM @.tenants WHERE name_key = $1", &k, &r,
		      "reading the tenant registry", &spare) == 0) {
		if (PQntuples(r) > 0)
			other = strdup(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	if (!other || strcmp(other, t->name) == 0)
		rc = bo_err_set(err, BO_ECONFLICT, "tenant %s already exists",
				t->name);
	else
		rc = bo_err_set(err, BO_ECONFLICT,
				"tenant name %s collides with tenant %s (- "
				"and _ count as one)",
				t->name, other);
	free(other);
	return rc;
}

static int row_to_tenant(bo_tenant *out, const PGresult *r, int row,
			 bo_err *err)
{
	bo_tenant t = {0};

	snprintf(t.currency, sizeof(t.currency), "%s", PQgetvalue(r, row, 1));
	t.created_at = bo_pg_int64(r, row, 5);
	if (bo_pg_dup(&t.name, r, row, 0, err) < 0 ||
	    bo_pg_dup(&t.time_zone, r, row, 2, err) < 0 ||
	    bo_pg_dup(&t.backend, r, row, 3, err) < 0 ||
	    bo_pg_dup(&t.location, r, row, 4, err) < 0 ||
	    bo_pg_dup(&t.created_by, r, row, 6, err) < 0) {
		bo_tenant_clear(&t);
		return BO_ENOMEM;
	}
	*out = t;
	return 0;
}

static int tn_get(void *self, const char *name, bo_tenant *out, bo_err *err)
{
	bo_pg *c = self;
	memset(out, 0, sizeof *out);
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, name);
	PGresult *r;
	int rc =
	    bo_pg_run(c, PG_TN_GET,
		      "SELECT " TN_COLUMNS " FROM @.tenants WHERE name = $1",
		      &a, &r, "reading a tenant", err);
	if (rc < 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND, "tenant %s does not exist",
				name);
	else
		rc = row_to_tenant(out, r, 0, err);
	PQclear(r);
	return rc;
}

static int tn_list(void *self, bo_tenant_each_fn each, void *ctx, bo_err *err)
{
	bo_pg *c = self;
	PGresult *r;
	/* byte order, as on SQLite, whatever the database's collation */
	int rc = bo_pg_run(c, PG_TN_LIST,
			   "SELECT " TN_COLUMNS " FROM @.tenants ORDER BY "
			   "name COLLATE \"C\"",
			   NULL, &r, "listing tenants", err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		bo_tenant t;
		if ((rc = row_to_tenant(&t, r, i, err)) < 0)
			break;
		rc = each(ctx, &t);
		bo_tenant_clear(&t);
	}
	PQclear(r);
	return rc;
}

static int tn_relocate(void *self, const char *name, const char *backend,
		       const char *location, bo_err *err)
{
	bo_pg *c = self;
	PGresult *r;
	bool changed;
	int rc;

	if ((rc = bo_pg_need_tx(c, "move a tenant", err)) < 0)
		return rc;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, backend);
	bo_pg_arg_text(&a, location);
	bo_pg_arg_text(&a, name);
	c->wrote = true;
	rc = bo_pg_run(c, PG_NO_SLOT,
		       "UPDATE @.tenants SET backend = $1, location = $2 "
		       "WHERE name = $3",
		       &a, &r, "moving a tenant", err);
	if (rc < 0)
		return rc;
	changed = strcmp(PQcmdTuples(r), "0") != 0;
	PQclear(r);
	return changed ? 0
		       : bo_err_set(err, BO_ENOTFOUND,
				    "tenant %s does not exist", name);
}

const bo_tenant_dir_ops bo_pg_tenant_dir_ops = {
    .version = BO_TENANT_DIR_OPS_VERSION,
    .add = tn_add,
    .get = tn_get,
    .list = tn_list,
    .relocate = tn_relocate,
};
