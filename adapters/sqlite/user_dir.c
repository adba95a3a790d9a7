/* The user directory port over SQLite: table users, listed in name order. */
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

static int ud_add(void *self, const bo_user *u, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "add a user", err)) < 0)
		return rc;
	if (!u->name)
		return bo_err_set(err, BO_EINVAL, "user name is required");
	rc = bo_sq_acquire(c, SQ_US_ADD,
			   "INSERT INTO users (name, role, created_at, "
			   "disabled) VALUES (?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, u->name);
	bo_sq_bind_text(st, 2, bo_role_name(u->role));
	sqlite3_bind_int64(st, 3, u->created_at);
	sqlite3_bind_int(st, 4, u->disabled ? 1 : 0);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (sqlite3_extended_errcode(c->db) ==
		 SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = bo_err_set(err, BO_ECONFLICT, "user %s already exists",
				u->name);
	else if (sqlite3_extended_errcode(c->db) == SQLITE_CONSTRAINT_CHECK)
		rc = bo_err_set(err, BO_EINVAL,
				"role of user %s must be admin, support or "
				"manager",
				u->name);
	else
		rc = bo_sq_error(c, rc, "adding a user", err);
	bo_sq_release(c, SQ_US_ADD, st);
	return rc;
}

static int row_to_user(bo_user *out, sqlite3_stmt *st, bo_err *err)
{
	const char *role = (const char *)sqlite3_column_text(st, 1);
	bo_user u = {0};

	if (bo_sq_column_dup(&u.name, st, 0) < 0)
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading users");
	/* the CHECK constraint keeps the column to the three names */
	if (bo_role_parse(&u.role, role ? role : "", NULL) < 0) {
		free(u.name);
		return bo_err_set(err, BO_ESTORAGE,
				  "user %s has an unknown role %s",
				  (const char *)sqlite3_column_text(st, 0),
				  role ? role : "NULL");
	}
	u.created_at = sqlite3_column_int64(st, 2);
	u.disabled = sqlite3_column_int(st, 3) != 0;
	*out = u;
	return 0;
}

static int ud_get(void *self, const char *name, bo_user *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!name)
		return bo_err_set(err, BO_ENOTFOUND,
				  "user (none) does not exist");
	rc = bo_sq_acquire(c, SQ_US_GET,
			   "SELECT name, role, created_at, disabled FROM users "
			   "WHERE name = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = row_to_user(out, st, err);
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND, "user %s does not exist",
				name);
	else
		rc = bo_sq_error(c, rc, "reading a user", err);
	bo_sq_release(c, SQ_US_GET, st);
	return rc;
}

static int ud_list(void *self, bo_user_each_fn each, void *ctx, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_US_LIST,
			   "SELECT name, role, created_at, disabled FROM users "
			   "ORDER BY name",
			   &st, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_user u;
		if ((rc = row_to_user(&u, st, err)) < 0)
			goto done;
		rc = each(ctx, &u);
		bo_user_clear(&u);
		if (rc < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "listing users", err);
done:
	bo_sq_release(c, SQ_US_LIST, st);
	return rc;
}

/* One UPDATE of the named user's row (the statement binds the new value
 * as ?1 and the name as ?2); BO_ENOTFOUND when no row has that name. */
static int update_user(bo_sqlite *c, int slot, const char *sql,
		       const char *name, const char *text, int flag,
		       const char *what, const char *doing, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, what, err)) < 0)
		return rc;
	if ((rc = bo_sq_acquire(c, slot, sql, &st, err)) < 0)
		return rc;
	if (text)
		bo_sq_bind_text(st, 1, text);
	else
		sqlite3_bind_int(st, 1, flag);
	bo_sq_bind_text(st, 2, name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = bo_sq_error(c, rc, doing, err);
	else if (sqlite3_changes(c->db) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND, "user %s does not exist",
				name);
	else
		rc = 0;
	bo_sq_release(c, slot, st);
	return rc;
}

static int ud_set_role(void *self, const char *name, bo_role role, bo_err *err)
{
	return update_user(self, SQ_US_SET_ROLE,
			   "UPDATE users SET role = ?1 WHERE name = ?2", name,
			   bo_role_name(role), 0, "change a user's role",
			   "changing a user's role", err);
}

static int ud_set_disabled(void *self, const char *name, bool disabled,
			   bo_err *err)
{
	return update_user(
	    self, SQ_US_SET_DISABLED,
	    "UPDATE users SET disabled = ?1 WHERE name = ?2", name, NULL,
	    disabled ? 1 : 0, "disable or enable a user",
	    disabled ? "disabling a user" : "enabling a user", err);
}

const bo_user_dir_ops bo_sqlite_user_dir_ops = {
    .version = BO_USER_DIR_OPS_VERSION,
    .add = ud_add,
    .get = ud_get,
    .list = ud_list,
    .set_role = ud_set_role,
    .set_disabled = ud_set_disabled,
};
