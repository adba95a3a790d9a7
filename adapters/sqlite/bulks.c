/* The product repository's bulk records over SQLite: table product_bulks (data/sqlite/014). Rare calls, so statements are prepared per call. */
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

#define BULK_COLUMNS                                                           \
	"id, at, user_name, action, product_count, from_position, "          \
	"to_position, undoes, undone_by, items"

static int prepare(bo_sqlite *c, const char *sql, sqlite3_stmt **st,
		   const char *doing, bo_err *err)
{
	int rc = sqlite3_prepare_v2(c->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return bo_sq_error(c, rc, doing, err);
	}
	return BO_OK;
}

static int from_row(bo_bulk_record *out, sqlite3_stmt *st, bo_err *err)
{
	bo_bulk_record r = {0};

	r.at = sqlite3_column_int64(st, 1);
	r.count = sqlite3_column_int64(st, 4);
	r.from_position = sqlite3_column_int64(st, 5);
	r.to_position = sqlite3_column_int64(st, 6);
	if (bo_sq_column_dup(&r.id, st, 0) < 0 ||
	    bo_sq_column_dup(&r.user, st, 2) < 0 ||
	    bo_sq_column_dup(&r.action, st, 3) < 0 ||
	    bo_sq_column_dup(&r.undoes, st, 7) < 0 ||
	    bo_sq_column_dup(&r.undone_by, st, 8) < 0 ||
	    bo_sq_column_dup(&r.items, st, 9) < 0) {
		bo_bulk_record_clear(&r);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	*out = r;
	return BO_OK;
}

int bo_sq_bulk_put(void *self, const bo_bulk_record *r, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = bo_sq_need_tx(c, "record a bulk action", err)) < 0)
		return rc;
	if (!r->id || !r->action || !r->items)
		return bo_err_set(err, BO_EINVAL,
				  "a bulk record needs its id, action and items");
	if ((rc = prepare(c,
			  "INSERT INTO product_bulks (" BULK_COLUMNS
			  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			  &st, "recording a bulk action", err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->at);
	bo_sq_bind_text(st, 3, r->user ? r->user : "");
	bo_sq_bind_text(st, 4, r->action);
	sqlite3_bind_int64(st, 5, r->count);
	sqlite3_bind_int64(st, 6, r->from_position);
	sqlite3_bind_int64(st, 7, r->to_position);
	bo_sq_bind_text(st, 8, r->undoes);
	bo_sq_bind_text(st, 9, r->undone_by);
	bo_sq_bind_text(st, 10, r->items);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = BO_OK;
	else if (sqlite3_extended_errcode(c->db) ==
		 SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = bo_err_set(err, BO_ECONFLICT,
				"a bulk action is already recorded under id %s",
				r->id);
	else
		rc = bo_sq_error(c, rc, "recording a bulk action", err);
	sqlite3_finalize(st);
	return rc;
}

int bo_sq_bulk_get(void *self, const char *id, bo_bulk_record *out,
		       bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = prepare(c,
			  "SELECT " BULK_COLUMNS
			  " FROM product_bulks WHERE id = ?",
			  &st, "reading a bulk action", err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = from_row(out, st, err);
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND, "no bulk action has id %s",
				id);
	else
		rc = bo_sq_error(c, rc, "reading a bulk action", err);
	sqlite3_finalize(st);
	return rc;
}

int bo_sq_bulk_list(void *self, int64_t limit, bo_bulk_each_fn each,
			void *ctx, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = prepare(c,
			  "SELECT " BULK_COLUMNS " FROM product_bulks "
			  "ORDER BY at DESC, id DESC LIMIT ?",
			  &st, "listing bulk actions", err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_bulk_record r;
		if ((rc = from_row(&r, st, err)) < 0)
			goto done;
		rc = each(ctx, &r);
		bo_bulk_record_clear(&r);
		if (rc < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? BO_OK
			       : bo_sq_error(c, rc, "listing bulk actions", err);
done:
	sqlite3_finalize(st);
	return rc;
}

int bo_sq_bulk_set_undone(void *self, const char *id, const char *by,
			      bo_err *err)
{
	bo_sqlite *c = self;
	bo_bulk_record r;
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = bo_sq_need_tx(c, "mark a bulk action undone", err)) < 0)
		return rc;
	if ((rc = bo_sq_bulk_get(self, id, &r, err)) < 0)
		return rc;
	if (r.undone_by) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"bulk action %s was undone already by %s", id,
				r.undone_by);
		bo_bulk_record_clear(&r);
		return rc;
	}
	bo_bulk_record_clear(&r);
	if ((rc = prepare(c,
			  "UPDATE product_bulks SET undone_by = ? WHERE id = ? "
			  "AND undone_by IS NULL",
			  &st, "marking a bulk action undone", err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, by);
	bo_sq_bind_text(st, 2, id);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE
		 ? BO_OK
		 : bo_sq_error(c, rc, "marking a bulk action undone", err);
	sqlite3_finalize(st);
	return rc;
}
