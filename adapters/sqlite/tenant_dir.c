/* The tenant registry port over SQLite: table tenants, listed in name order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

#define TN_COLUMNS                                                             \
	"name, currency, time_zone, backend, location, created_at, "           \
	"created_by"

/* The name of the tenant registered under key, into *out (the caller's);
 * BO_ENOTFOUND when none. */
static int name_of_key(bo_sqlite *c, const char *key, char **out, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	rc = bo_sq_acquire(c, SQ_TN_KEY,
			   "SELECT name FROM tenants WHERE name_key = ?", &st,
			   err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = bo_sq_column_dup(out, st, 0) < 0
			 ? bo_err_set(err, BO_ENOMEM, "out of memory")
			 : 0;
	else if (rc == SQLITE_DONE)
		rc = BO_ENOTFOUND;
	else
		rc = bo_sq_error(c, rc, "reading the tenant registry", err);
	bo_sq_release(c, SQ_TN_KEY, st);
	return rc;
}

static int tn_add(void *self, const bo_tenant *t, bo_err *err)
{
	bo_sqlite *c = self;
	char key[BO_TENANT_NAME_MAX + 1], *other = NULL;
	sqlite3_stmt *st;
	int rc, ext;

	if ((rc = bo_sq_need_tx(c, "register a tenant", err)) < 0)
		return rc;
	bo_tenant_key(t->name, key);
	rc = bo_sq_acquire(c, SQ_TN_ADD,
			   "INSERT INTO tenants (" TN_COLUMNS ", name_key) "
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, t->name);
	bo_sq_bind_text(st, 2, t->currency);
	bo_sq_bind_text(st, 3, t->time_zone ? t->time_zone : "UTC");
	bo_sq_bind_text(st, 4, t->backend);
	bo_sq_bind_text(st, 5, t->location);
	sqlite3_bind_int64(st, 6, t->created_at);
	bo_sq_bind_text(st, 7, t->created_by ? t->created_by : "");
	bo_sq_bind_text(st, 8, key);
	rc = sqlite3_step(st);
	ext = sqlite3_extended_errcode(c->db);
	bo_sq_release(c, SQ_TN_ADD, st);
	if (rc == SQLITE_DONE)
		return 0;
	if (ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return bo_err_set(err, BO_ECONFLICT, "tenant %s already exists",
				  t->name);
	if (ext == SQLITE_CONSTRAINT_UNIQUE) {
		int got = name_of_key(c, key, &other, err);

		if (got < 0 && got != BO_ENOTFOUND)
			return got;
		if (other && strcmp(other, t->name) == 0)
			rc = bo_err_set(err, BO_ECONFLICT,
					"tenant %s already exists", t->name);
		else
			rc = bo_err_set(err, BO_ECONFLICT,
					"tenant name %s collides with tenant "
					"%s (- and _ count as one)",
					t->name, other ? other : key);
		free(other);
		return rc;
	}
	return bo_sq_error(c, rc, "registering a tenant", err);
}

static int row_to_tenant(bo_tenant *out, sqlite3_stmt *st, bo_err *err)
{
	const char *cur = (const char *)sqlite3_column_text(st, 1);
	bo_tenant t = {0};

	snprintf(t.currency, sizeof(t.currency), "%s", cur ? cur : "");
	t.created_at = sqlite3_column_int64(st, 5);
	if (bo_sq_column_dup(&t.name, st, 0) < 0 ||
	    bo_sq_column_dup(&t.time_zone, st, 2) < 0 ||
	    bo_sq_column_dup(&t.backend, st, 3) < 0 ||
	    bo_sq_column_dup(&t.location, st, 4) < 0 ||
	    bo_sq_column_dup(&t.created_by, st, 6) < 0) {
		bo_tenant_clear(&t);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading tenants");
	}
	*out = t;
	return 0;
}

static int tn_get(void *self, const char *name, bo_tenant *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = bo_sq_acquire(c, SQ_TN_GET,
			   "SELECT " TN_COLUMNS " FROM tenants WHERE name = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = row_to_tenant(out, st, err);
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND, "tenant %s does not exist",
				name);
	else
		rc = bo_sq_error(c, rc, "reading a tenant", err);
	bo_sq_release(c, SQ_TN_GET, st);
	return rc;
}

static int tn_list(void *self, bo_tenant_each_fn each, void *ctx, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_TN_LIST,
			   "SELECT " TN_COLUMNS " FROM tenants ORDER BY name",
			   &st, err);
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_tenant t;

		if ((rc = row_to_tenant(&t, st, err)) < 0)
			goto done;
		rc = each(ctx, &t);
		bo_tenant_clear(&t);
		if (rc < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "listing tenants", err);
done:
	bo_sq_release(c, SQ_TN_LIST, st);
	return rc;
}

static int tn_relocate(void *self, const char *name, const char *backend,
		       const char *location, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "move a tenant", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_TN_RELOCATE,
			   "UPDATE tenants SET backend = ?, location = ? "
			   "WHERE name = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, backend);
	bo_sq_bind_text(st, 2, location);
	bo_sq_bind_text(st, 3, name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		rc = bo_sq_error(c, rc, "moving a tenant", err);
	else if (sqlite3_changes(c->db) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND, "tenant %s does not exist",
				name);
	else
		rc = 0;
	bo_sq_release(c, SQ_TN_RELOCATE, st);
	return rc;
}

const bo_tenant_dir_ops bo_sqlite_tenant_dir_ops = {
    .version = BO_TENANT_DIR_OPS_VERSION,
    .add = tn_add,
    .get = tn_get,
    .list = tn_list,
    .relocate = tn_relocate,
};
