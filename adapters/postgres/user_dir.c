/* The user directory port over PostgreSQL: table users, listed in name order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"
#include "domain/user.h"

/* PostgreSQL's longest identifier (NAMEDATALEN - 1). */
#define PG_NAME_MAX 63

/* 1 when the query (one boolean, EXISTS (...)) with its arguments says
 * true, 0 when false, < 0 when it failed: the answer only decides whether a
 * refused statement was someone else's doing (its own error stays). */
static int pg_exists(bo_pg *c, const char *sql, const bo_pg_args *a,
		     const char *doing)
{
	PGresult *r;
	bo_err spare = {0};
	int rc = bo_pg_run(c, PG_NO_SLOT, sql, a, &r, doing, &spare);
	if (rc < 0)
		return rc;
	rc = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return rc;
}

/* 1 when a login role name exists now, 0 when not, < 0 on error. */
static int login_exists(bo_pg *c, const char *name)
{
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, name);
	return pg_exists(c,
			 "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE "
			 "rolname = $1)",
			 &a, "looking up the user's login");
}

/* 1 when login is a member of this store's own group of role now, 0 when
 * not, < 0 on error. Only this store's group counts: a login may be staff
 * of several stores (tenants), each through its own group. */
static int member_of(bo_pg *c, const char *login, const char *role)
{
	char group[BO_PG_GROUP_MAX + 1];
	bo_pg_group_name(c, role, group);
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, login);
	bo_pg_arg_text(&a, group);
	return pg_exists(c,
			 "SELECT EXISTS (SELECT 1 FROM pg_auth_members m "
			 "JOIN pg_roles u ON u.oid = m.member JOIN pg_roles "
			 "g ON g.oid = m.roleid WHERE u.rolname = $1 AND "
			 "g.rolname = $2)",
			 &a, "looking up the user's group");
}

/*
 * The login role of a new staff user: created (LOGIN, no password: the
 * database administrator sets one, never this tool's command line) when
 * missing, then made a member of its role's group of this store
 * (bo_<schema>_<role>, data/postgres/007). A login that exists already,
 * staff of another store or tenant say, is only granted this store's
 * group: it then works in both, each store through its own group, and
 * neither group reaches the other's schema. Nothing to do for the
 * connection's own login (init's first admin is usually the owner, who
 * already may do everything). In the caller's transaction, so the staff
 * record and the role come together or not at all (roles are
 * cluster-wide, but CREATE ROLE is transactional).
 */
static int add_login(bo_pg *c, const bo_user *u, bo_err *err)
{
	if (c->session_user && !strcmp(u->name, c->session_user))
		return 0;
	if (strlen(u->name) > PG_NAME_MAX)
		return bo_err_set(err, BO_EINVAL,
				  "user name %s is longer than the %d bytes "
				  "a PostgreSQL login may have",
				  u->name, PG_NAME_MAX);
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, u->name);
	PGresult *r;
	int rc = bo_pg_run(c, PG_NO_SLOT,
			   "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE "
			   "rolname = $1), (SELECT rolcreaterole OR rolsuper "
			   "FROM pg_roles WHERE rolname = current_user)",
			   &a, &r, "looking up the user's login", err);
	if (rc < 0)
		return rc;
	bool exists = PQgetvalue(r, 0, 0)[0] == 't';
	bool may = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	/* Granting a group needs CREATEROLE (or its admin option) as well, so
	 * refuse before anything is sent rather than half-way. */
	if (!may)
		return bo_err_set(err, BO_EPERM,
				  "database login %s may not create or grant "
				  "roles (it lacks CREATEROLE), so it cannot "
				  "add user %s; ask the database administrator",
				  c->session_user, u->name);
	/* The name passed bo_user_validate_name (letters, digits, . _ @ -);
	 * quoted all the same, as every identifier is. The group's name is
	 * the schema's (a-z 0-9 _) and a fixed role word: no quoting needed. */
	char group[BO_PG_GROUP_MAX + 1];
	for (int i = 0; i < 3; i++) {
		bo_pg_group_name(c, bo_role_name((bo_role)i), group);
		if (!strcmp(u->name, group))
			return bo_err_set(err, BO_EINVAL,
					  "user name %s is the name of one of "
					  "this store's group roles; choose "
					  "another",
					  u->name);
	}
	bo_pg_group_name(c, bo_role_name(u->role), group);
	char *q = PQescapeIdentifier(c->conn, u->name, strlen(u->name));
	if (!q)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory adding a login role");
	char sql[2 * PG_NAME_MAX + BO_PG_GROUP_MAX + 96];
	rc = 0;
	if (!exists) {
		/* Roles are shared by every store of the cluster: another
		 * store may create the same login at the same moment (its
		 * commit makes ours fail on the name). Guarded, so that loss
		 * leaves the transaction usable; then the login exists and
		 * only the grant is left to do. */
		snprintf(sql, sizeof sql, "CREATE ROLE %s LOGIN", q);
		rc = bo_pg_run_guarded(c, PG_NO_SLOT, sql, NULL, NULL,
				       "creating the user's login role", err);
		if (rc < 0 && login_exists(c, u->name) == 1)
			rc = 0;
	}
	/* a disabled user (a tenant move copies them) gets the login only */
	if (rc == 0 && !u->disabled) {
		snprintf(sql, sizeof sql, "GRANT %s TO %s", group, q);
		/* guarded for the same reason: the same grant made by another
		 * session at once fails here though the login is then a
		 * member */
		rc = bo_pg_run_guarded(c, PG_NO_SLOT, sql, NULL, NULL,
				       "granting the user's group role", err);
		if (rc < 0 && member_of(c, u->name, bo_role_name(u->role)) == 1)
			rc = 0;
	}
	PQfreemem(q);
	return rc;
}

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
	bo_pg_arg_text(&a, u->disabled ? "true" : "false");
	c->wrote = true;
	/* guarded: a name already taken is an answer the caller goes on from */
	rc = bo_pg_run_guarded(c, PG_US_ADD,
			       "INSERT INTO @.users (name, role, created_at, "
			       "disabled) VALUES ($1, $2, $3, $4)",
			       &a, NULL, "adding a user", err);
	if (rc == BO_ECONFLICT)
		return bo_err_set(err, BO_ECONFLICT, "user %s already exists",
				  u->name);
	if (rc < 0)
		return rc;
	return add_login(c, u, err);
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
	u.disabled = PQgetvalue(r, row, 3)[0] == 't';
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
			   "SELECT name, role, created_at, disabled FROM "
			   "@.users WHERE name = $1",
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
			   "SELECT name, role, created_at, disabled FROM "
			   "@.users ORDER BY name COLLATE \"C\"",
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

/*
 * Puts login in this store's group of role and takes it out of the store's
 * other groups (role NULL: out of all three, for a disabled user). Only
 * this store's groups are touched: the login's membership of other stores'
 * groups, and the login itself, stay as they are, since one login may be
 * staff of several stores (tenants). Nothing to do for the connection's own
 * login (the owner) or a staff record without a login. In the caller's
 * transaction, as add_login. Granting and revoking need CREATEROLE.
 */
static int move_login(bo_pg *c, const char *login, const char *role,
		      bo_err *err)
{
	if (c->session_user && !strcmp(login, c->session_user))
		return 0;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, login);
	PGresult *r;
	int rc = bo_pg_run(c, PG_NO_SLOT,
			   "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE "
			   "rolname = $1), (SELECT rolcreaterole OR rolsuper "
			   "FROM pg_roles WHERE rolname = current_user)",
			   &a, &r, "looking up the user's login", err);
	if (rc < 0)
		return rc;
	bool exists = PQgetvalue(r, 0, 0)[0] == 't';
	bool may = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	if (!exists)
		return 0;
	if (!may)
		return bo_err_set(err, BO_EPERM,
				  "database login %s may not grant or revoke "
				  "roles (it lacks CREATEROLE), so it cannot "
				  "change user %s; ask the database "
				  "administrator",
				  c->session_user, login);
	char *q = PQescapeIdentifier(c->conn, login, strlen(login));
	if (!q)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory changing a login's groups");
	char group[BO_PG_GROUP_MAX + 1];
	char sql[PG_NAME_MAX * 2 + BO_PG_GROUP_MAX + 64];
	for (int i = 0; i < 3 && rc == 0; i++) {
		const char *each = bo_role_name((bo_role)i);
		if (role && !strcmp(role, each))
			continue;
		bo_pg_group_name(c, each, group);
		/* revoking a group the login is not in is only a warning */
		snprintf(sql, sizeof sql, "REVOKE %s FROM %s", group, q);
		rc = bo_pg_run(c, PG_NO_SLOT, sql, NULL, NULL,
			       "taking the user's login out of a group", err);
	}
	if (rc == 0 && role) {
		bo_pg_group_name(c, role, group);
		snprintf(sql, sizeof sql, "GRANT %s TO %s", group, q);
		rc = bo_pg_run(c, PG_NO_SLOT, sql, NULL, NULL,
			       "granting the user's group role", err);
	}
	PQfreemem(q);
	return rc;
}

/* Runs an UPDATE ... RETURNING role, disabled of the named user; *role and
 * *disabled are the row as it is now. BO_ENOTFOUND when no row has it. */
static int update_user(bo_pg *c, bo_pg_slot slot, const char *sql,
		       const char *name, const char *value, const char *what,
		       const char *doing, char *role, bool *disabled,
		       bo_err *err)
{
	int rc;
	if ((rc = bo_pg_need_tx(c, what, err)) < 0)
		return rc;
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, value);
	bo_pg_arg_text(&a, name);
	PGresult *r;
	c->wrote = true;
	if ((rc = bo_pg_run(c, slot, sql, &a, &r, doing, err)) < 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND, "user %s does not exist",
				name);
	else {
		snprintf(role, 16, "%s", PQgetvalue(r, 0, 0));
		*disabled = PQgetvalue(r, 0, 1)[0] == 't';
	}
	PQclear(r);
	return rc;
}

static int ud_set_role(void *self, const char *name, bo_role role, bo_err *err)
{
	bo_pg *c = self;
	char now[16];
	bool disabled;
	int rc = update_user(c, PG_US_SET_ROLE,
			     "UPDATE @.users SET role = $1 WHERE name = $2 "
			     "RETURNING role, disabled",
			     name, bo_role_name(role), "change a user's role",
			     "changing a user's role", now, &disabled, err);
	if (rc < 0 || disabled)
		return rc; /* a disabled login stays out of every group */
	return move_login(c, name, now, err);
}

static int ud_set_disabled(void *self, const char *name, bool disabled,
			   bo_err *err)
{
	bo_pg *c = self;
	char role[16];
	bool now;
	int rc = update_user(
	    c, PG_US_SET_DISABLED,
	    "UPDATE @.users SET disabled = $1 WHERE name = $2 "
	    "RETURNING role, disabled",
	    name, disabled ? "true" : "false", "disable or enable a user",
	    disabled ? "disabling a user" : "enabling a user", role, &now, err);
	if (rc < 0)
		return rc;
	return move_login(c, name, now ? NULL : role, err);
}

const bo_user_dir_ops bo_pg_user_dir_ops = {
    .version = BO_USER_DIR_OPS_VERSION,
    .add = ud_add,
    .get = ud_get,
    .list = ud_list,
    .set_role = ud_set_role,
    .set_disabled = ud_set_disabled,
};
