/* The product repository's bulk records over PostgreSQL: table product_bulks (data/postgres/015). Rare calls, so no prepared slots. */
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

#define BULK_COLUMNS                                                           \
	"id, at, user_name, action, product_count, from_position, "          \
	"to_position, undoes, undone_by, items"

static int from_row(bo_bulk_record *out, const PGresult *res, int row,
		    bo_err *err)
{
	bo_bulk_record r = {0};
	int rc;

	r.at = bo_pg_int64(res, row, 1);
	r.count = bo_pg_int64(res, row, 4);
	r.from_position = bo_pg_int64(res, row, 5);
	r.to_position = bo_pg_int64(res, row, 6);
	if ((rc = bo_pg_dup(&r.id, res, row, 0, err)) < 0 ||
	    (rc = bo_pg_dup(&r.user, res, row, 2, err)) < 0 ||
	    (rc = bo_pg_dup(&r.action, res, row, 3, err)) < 0 ||
	    (rc = bo_pg_dup(&r.undoes, res, row, 7, err)) < 0 ||
	    (rc = bo_pg_dup(&r.undone_by, res, row, 8, err)) < 0 ||
	    (rc = bo_pg_dup(&r.items, res, row, 9, err)) < 0) {
		bo_bulk_record_clear(&r);
		return rc;
	}
	*out = r;
	return BO_OK;
}

int bo_pg_bulk_put(void *self, const bo_bulk_record *r, bo_err *err)
{
	bo_pg *c = self;
	int rc;

	if ((rc = bo_pg_need_tx(c, "record a bulk action", err)) < 0)
		return rc;
	if (!r->id || !r->action || !r->items)
		return bo_err_set(err, BO_EINVAL,
				  "a bulk record needs its id, action and items");
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, r->id);
	bo_pg_arg_int(&a, r->at);
	bo_pg_arg_text(&a, r->user ? r->user : "");
	bo_pg_arg_text(&a, r->action);
	bo_pg_arg_int(&a, r->count);
	bo_pg_arg_int(&a, r->from_position);
	bo_pg_arg_int(&a, r->to_position);
	bo_pg_arg_text(&a, r->undoes);
	bo_pg_arg_text(&a, r->undone_by);
	bo_pg_arg_text(&a, r->items);
	c->wrote = true;
	rc = bo_pg_run_guarded(c, PG_NO_SLOT,
			       "INSERT INTO @.product_bulks (" BULK_COLUMNS
			       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
			       "$10)",
			       &a, NULL, "recording a bulk action", err);
	if (rc == BO_ECONFLICT)
		return bo_err_set(err, BO_ECONFLICT,
				  "a bulk action is already recorded under id %s",
				  r->id);
	return rc;
}

int bo_pg_bulk_get(void *self, const char *id, bo_bulk_record *out,
		   bo_err *err)
{
	bo_pg *c = self;
	PGresult *res;
	int rc;

	memset(out, 0, sizeof(*out));
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, id);
	if ((rc = bo_pg_run(c, PG_NO_SLOT,
			    "SELECT " BULK_COLUMNS
			    " FROM @.product_bulks WHERE id = $1",
			    &a, &res, "reading a bulk action", err)) < 0)
		return rc;
	if (PQntuples(res) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND, "no bulk action has id %s",
				id);
	else
		rc = from_row(out, res, 0, err);
	PQclear(res);
	return rc;
}

int bo_pg_bulk_list(void *self, int64_t limit, bo_bulk_each_fn each,
		    void *ctx, bo_err *err)
{
	bo_pg *c = self;
	PGresult *res;
	int rc;

	bo_pg_args a = {0};
	if (limit > 0)
		bo_pg_arg_int(&a, limit);
	else
		bo_pg_arg_text(&a, NULL);
	if ((rc = bo_pg_run(c, PG_NO_SLOT,
			    "SELECT " BULK_COLUMNS " FROM @.product_bulks "
			    "ORDER BY at DESC, id DESC LIMIT $1::bigint",
			    &a, &res, "listing bulk actions", err)) < 0)
		return rc;
	for (int i = 0; i < PQntuples(res) && rc >= 0; i++) {
		bo_bulk_record r;
		if ((rc = from_row(&r, res, i, err)) < 0)
			break;
		rc = each(ctx, &r);
		bo_bulk_record_clear(&r);
	}
	PQclear(res);
	return rc < 0 ? rc : BO_OK;
}

int bo_pg_bulk_set_undone(void *self, const char *id, const char *by,
			  bo_err *err)
{
	bo_pg *c = self;
	bo_bulk_record r;
	int rc;

	if ((rc = bo_pg_need_tx(c, "mark a bulk action undone", err)) < 0)
		return rc;
	/* FOR UPDATE would be the same here: writers are serialised */
	if ((rc = bo_pg_bulk_get(self, id, &r, err)) < 0)
		return rc;
	if (r.undone_by) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"bulk action %s was undone already by %s", id,
				r.undone_by);
		bo_bulk_record_clear(&r);
		return rc;
	}
	bo_bulk_record_clear(&r);
	bo_pg_args a = {0};
	bo_pg_arg_text(&a, by);
	bo_pg_arg_text(&a, id);
	c->wrote = true;
	return bo_pg_run(c, PG_NO_SLOT,
			 "UPDATE @.product_bulks SET undone_by = $1 WHERE "
			 "id = $2 AND undone_by IS NULL",
			 &a, NULL, "marking a bulk action undone", err);
}
