/* The user directory port over PostgreSQL: table users, listed in name order. */
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"
#include "domain/user.h"

static int ud_add(void *self, const bo_user *u, bo_err *err)
{
	bo_pg *c = self;
	int rc;
	if ((rc = bo_pg_need_tx(c, "add a user", err)) < 0)
		return rc;
	if (!u->name)
		return bo_err_set(err, BO_EINVAL, "user name is required");
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, u->name);
	bo_pg_arg_text(&a, bo_role_name(u->role));
	bo_pg_arg_int(&a, u->created_at);
	c->wrote = true;
	/* guarded: a name already taken is an answer the caller goes on from */
	rc = bo_pg_run_guarded(c, PG_US_ADD,
			       "INSERT INTO @.users (name, role, created_at) "
			       "VALUES ($1, $2, $3)",
			       &a, NULL, "adding a user", err);
	if (rc == BO_ECONFLICT)
		return bo_err_set(err, BO_ECONFLICT, "user %s already exists",
				  u->name);
	return rc;
}

static int row_to_user(bo_user *out, const PGresult *r, int row, bo_err *err)
{
	const char *role = PQgetvalue(r, row, 1);
	bo_user u = {0};
	if (bo_pg_dup(&u.name, r, row, 0, err) < 0)
		return BO_ENOMEM;
	/* the CHECK constraint keeps the column to the three names */
	if (bo_role_parse(&u.role, role, NULL) < 0) {
		free(u.name);
		return bo_err_set(err, BO_ESTORAGE,
				  "user %s has an unknown role %s",
				  PQgetvalue(r, row, 0), role);
	}
	u.created_at = bo_pg_int64(r, row, 2);
	*out = u;
	return 0;
}

static int ud_get(void *self, const char *name, bo_user *out, bo_err *err)
{
	bo_pg *c = self;
	memset(out, 0, sizeof *out);
	if (!name)
		return bo_err_set(err, BO_ENOTFOUND,
				  "user (none) does not exist");
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, name);
	PGresult *r;
	int rc = bo_pg_run(c, PG_US_GET,
			   "SELECT name, role, created_at FROM @.users WHERE "
			   "name = $1",
			   &a, &r, "reading a user", err);
	if (rc < 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND, "user %s does not exist",
				name);
	else
		rc = row_to_user(out, r, 0, err);
	PQclear(r);
	return rc;
}

static int ud_list(void *self, bo_user_each_fn each, void *ctx, bo_err *err)
{
	bo_pg *c = self;
	PGresult *r;
	/* byte order, as on SQLite, whatever the database's collation */
	int rc = bo_pg_run(c, PG_US_LIST,
			   "SELECT name, role, created_at FROM @.users ORDER "
			   "BY name COLLATE \"C\"",
			   NULL, &r, "listing users", err);
	if (rc < 0)
		return rc;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		bo_user u;
		if ((rc = row_to_user(&u, r, i, err)) < 0)
			break;
		rc = each(ctx, &u);
		bo_user_clear(&u);
	}
	PQclear(r);
	return rc;
}

const bo_user_dir_ops bo_pg_user_dir_ops = {
    .version = BO_USER_DIR_OPS_VERSION,
    .add = ud_add,
    .get = ud_get,
    .list = ud_list,
};
