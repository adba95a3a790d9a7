/* The read models port over SQLite: order list, timeline, catalogue, checkpoints. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

/* Statuses are stored by name so the tables read well in the sqlite3 shell. */
static const char *const status_names[] = {
#define BO_X(name, text) [name] = text,
    BO_ORDER_STATUS_TABLE(BO_X)
#undef BO_X
};

#define NSTATUS ((int)(sizeof(status_names) / sizeof(status_names[0])))

static const char *status_name(int s)
{
	return s >= 0 && s < NSTATUS ? status_names[s] : NULL;
}

static int status_parse(const char *text)
{
	for (int s = 0; text && s < NSTATUS; s++)
		if (strcmp(status_names[s], text) == 0)
			return s;
	return -1;
}

#define ORDER_COLUMNS                                                          \
	"id, version, status, currency, customer_email, customer_name, "       \
	"items, total, tax, paid, refunded, payment_failures, notes, "         \
	"placed_at, updated_at"

static int row_to_order(bo_order_row *out, sqlite3_stmt *st, bo_err *err)
{
	bo_order_row r = {0};
	const char *status = (const char *)sqlite3_column_text(st, 2);
	const char *currency = (const char *)sqlite3_column_text(st, 3);
	int s;

	r.id = sqlite3_column_int64(st, 0);
	if ((s = status_parse(status)) < 0)
		return bo_err_set(err, BO_ESTORAGE,
				  "order %" PRId64 " has an unknown status %s",
				  r.id, status ? status : "NULL");
	r.version = sqlite3_column_int64(st, 1);
	r.status = (bo_order_status)s;
	if (currency)
		/* the column holds three letters; strncpy-like copy that
		 * always terminates */
		for (size_t i = 0; i < sizeof(r.currency) - 1 && currency[i];
		     i++)
			r.currency[i] = currency[i];
	if (bo_sq_column_dup(&r.customer_email, st, 4) < 0 ||
	    bo_sq_column_dup(&r.customer_name, st, 5) < 0) {
		bo_order_row_clear(&r);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading order %" PRId64, r.id);
	}
	r.items = sqlite3_column_int64(st, 6);
	r.total = sqlite3_column_int64(st, 7);
	r.tax = sqlite3_column_int64(st, 8);
	r.paid = sqlite3_column_int64(st, 9);
	r.refunded = sqlite3_column_int64(st, 10);
	r.payment_failures = sqlite3_column_int(st, 11);
	r.notes = sqlite3_column_int(st, 12);
	r.placed_at = sqlite3_column_int64(st, 13);
	r.updated_at = sqlite3_column_int64(st, 14);
	*out = r;
	return 0;
}

static int rm_order_get(void *self, int64_t id, bo_order_row *out, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = bo_sq_acquire(
	    c, SQ_RM_ORDER_GET,
	    "SELECT " ORDER_COLUMNS " FROM order_list WHERE id = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = row_to_order(out, st, err);
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"order %" PRId64 " does not exist", id);
	else
		rc = bo_sq_error(c, rc, "reading the order list", err);
	bo_sq_release(c, SQ_RM_ORDER_GET, st);
	return rc;
}

static int rm_order_put(void *self, const bo_order_row *r, bo_err *err)
{
	bo_sqlite *c = self;
	const char *status = status_name((int)r->status);
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the order list", err)) < 0)
		return rc;
	if (!status)
		return bo_err_set(err, BO_EINVAL,
				  "order %" PRId64 " has an unknown status %d",
				  r->id, (int)r->status);
	rc = bo_sq_acquire(c, SQ_RM_ORDER_PUT,
			   "INSERT OR REPLACE INTO order_list (" ORDER_COLUMNS
			   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			   "?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_int64(st, 2, r->version);
	bo_sq_bind_text(st, 3, status);
	sqlite3_bind_text(st, 4, r->currency, (int)strnlen(r->currency, 3),
			  SQLITE_TRANSIENT);
	bo_sq_bind_text(st, 5, r->customer_email);
	bo_sq_bind_text(st, 6, r->customer_name);
	sqlite3_bind_int64(st, 7, r->items);
	sqlite3_bind_int64(st, 8, r->total);
	sqlite3_bind_int64(st, 9, r->tax);
	sqlite3_bind_int64(st, 10, r->paid);
	sqlite3_bind_int64(st, 11, r->refunded);
	sqlite3_bind_int(st, 12, r->payment_failures);
	sqlite3_bind_int(st, 13, r->notes);
	sqlite3_bind_int64(st, 14, r->placed_at);
	sqlite3_bind_int64(st, 15, r->updated_at);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "writing the order list", err);
	bo_sq_release(c, SQ_RM_ORDER_PUT, st);
	return rc;
}

/* instr() rather than LIKE: '%' and '_' in a search are plain characters. */
static int rm_order_list(void *self, const bo_order_query *q,
			 bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	static const bo_order_query any = {.status = -1};
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if (!q)
		q = &any;
	rc = bo_sq_acquire(c, SQ_RM_ORDER_LIST,
			   "SELECT " ORDER_COLUMNS " FROM order_list "
			   "WHERE (?1 IS NULL OR status = ?1) "
			   "AND (?2 IS NULL "
			   "OR instr(lower(customer_email), lower(?2)) > 0 "
			   "OR instr(lower(customer_name), lower(?2)) > 0) "
			   "AND id > ?3 ORDER BY id LIMIT ?4",
			   &st, err);
	if (rc < 0)
		return rc;
	if (q->status >= 0) {
		const char *status = status_name(q->status);
		/* a status that does not exist matches no order */
		bo_sq_bind_text(st, 1, status ? status : "");
	}
	bo_sq_bind_text(st, 2,
			q->customer && *q->customer ? q->customer : NULL);
	sqlite3_bind_int64(st, 3, q->after_id);
	sqlite3_bind_int64(st, 4, q->limit > 0 ? q->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_order_row r;
		if ((rc = row_to_order(&r, st, err)) < 0)
			goto done;
		rc = each(ctx, &r);
		bo_order_row_clear(&r);
		if (rc != 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "listing orders", err);
done:
	bo_sq_release(c, SQ_RM_ORDER_LIST, st);
	return rc;
}

static int rm_timeline_add(void *self, const bo_timeline_row *r, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the timeline", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_TIMELINE_ADD,
			   "INSERT INTO order_timeline (order_id, version, "
			   "position, recorded_at, event_id, user, role, type, "
			   "summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->order_id);
	sqlite3_bind_int64(st, 2, r->version);
	sqlite3_bind_int64(st, 3, r->position);
	sqlite3_bind_int64(st, 4, r->recorded_at);
	bo_sq_bind_text(st, 5, r->event_id);
	bo_sq_bind_text(st, 6, r->user);
	bo_sq_bind_text(st, 7, r->role);
	bo_sq_bind_text(st, 8, r->type_name);
	bo_sq_bind_text(st, 9, r->summary);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (sqlite3_extended_errcode(c->db) ==
		 SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = bo_err_set(err, BO_ECONFLICT,
				"order %" PRId64
				" already has a timeline line for version "
				"%" PRId64,
				r->order_id, r->version);
	else
		rc = bo_sq_error(c, rc, "writing the timeline", err);
	bo_sq_release(c, SQ_RM_TIMELINE_ADD, st);
	return rc;
}

static int row_to_timeline(bo_timeline_row *out, sqlite3_stmt *st, bo_err *err)
{
	bo_timeline_row r = {0};

	r.order_id = sqlite3_column_int64(st, 0);
	r.version = sqlite3_column_int64(st, 1);
	r.position = sqlite3_column_int64(st, 2);
	r.recorded_at = sqlite3_column_int64(st, 3);
	if (bo_sq_column_dup(&r.event_id, st, 4) < 0 ||
	    bo_sq_column_dup(&r.user, st, 5) < 0 ||
	    bo_sq_column_dup(&r.role, st, 6) < 0 ||
	    bo_sq_column_dup(&r.type_name, st, 7) < 0 ||
	    bo_sq_column_dup(&r.summary, st, 8) < 0) {
		bo_timeline_row_clear(&r);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading the timeline of "
				  "order %" PRId64,
				  r.order_id);
	}
	*out = r;
	return 0;
}

static int rm_timeline_list(void *self, int64_t order_id,
			    bo_timeline_each_fn each, void *ctx, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_RM_TIMELINE_LIST,
			   "SELECT order_id, version, position, recorded_at, "
			   "event_id, user, role, type, summary "
			   "FROM order_timeline WHERE order_id = ? "
			   "ORDER BY version",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, order_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_timeline_row r;
		if ((rc = row_to_timeline(&r, st, err)) < 0)
			goto done;
		rc = each(ctx, &r);
		bo_timeline_row_clear(&r);
		if (rc != 0)
			goto done;
	}
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading the timeline", err);
done:
	bo_sq_release(c, SQ_RM_TIMELINE_LIST, st);
	return rc;
}

static int rm_catalog_put(void *self, const bo_product *p, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the catalogue", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_CATALOG_PUT,
			   "INSERT OR REPLACE INTO catalog (product_id, sku, "
			   "name, description, price, tax_bp, stock, retired, "
			   "row_version, created_at, updated_at) "
			   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->id);
	bo_sq_product_bind(st, 2, p, p->row_version);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "writing the catalogue", err);
	bo_sq_release(c, SQ_RM_CATALOG_PUT, st);
	return rc;
}

/* Removing what is not there is fine: a replay may delete twice. */
static int rm_catalog_remove(void *self, int64_t product_id, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write the catalogue", err)) < 0)
		return rc;
	rc =
	    bo_sq_acquire(c, SQ_RM_CATALOG_REMOVE,
			  "DELETE FROM catalog WHERE product_id = ?", &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, product_id);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "writing the catalogue", err);
	bo_sq_release(c, SQ_RM_CATALOG_REMOVE, st);
	return rc;
}

static int rm_catalog_get_by_sku(void *self, const char *sku, bo_product *out,
				 bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!sku)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product (none) is not in the catalogue");
	/* The newest id wins should a SKU ever appear twice. */
	rc = bo_sq_acquire(c, SQ_RM_CATALOG_GET_BY_SKU,
			   "SELECT product_id, sku, name, description, price, "
			   "tax_bp, stock, retired, row_version, created_at, "
			   "updated_at FROM catalog WHERE sku = ? "
			   "ORDER BY product_id DESC LIMIT 1",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, sku);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = bo_sq_product_from_row(out, st, err);
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"product %s is not in the catalogue", sku);
	else
		rc = bo_sq_error(c, rc, "reading the catalogue", err);
	bo_sq_release(c, SQ_RM_CATALOG_GET_BY_SKU, st);
	return rc;
}

static int rm_reset(void *self, bo_err *err)
{
	static const struct {
		bo_sq_slot slot;
		const char *sql;
	} wipe[] = {
	    {SQ_RM_RESET_ORDERS, "DELETE FROM order_list"},
	    {SQ_RM_RESET_TIMELINE, "DELETE FROM order_timeline"},
	    {SQ_RM_RESET_CATALOG, "DELETE FROM catalog"},
	    {SQ_RM_RESET_CHECKPOINTS, "DELETE FROM checkpoints"},
	};
	bo_sqlite *c = self;
	int rc;

	if ((rc = bo_sq_need_tx(c, "reset the read models", err)) < 0)
		return rc;
	for (size_t i = 0; i < sizeof(wipe) / sizeof(wipe[0]); i++)
		if ((rc = bo_sq_exec(c, wipe[i].slot, wipe[i].sql,
				     "resetting the read models", err)) < 0)
			return rc;
	return 0;
}

static int rm_checkpoint_get(void *self, const char *projector, int64_t *out,
			     bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	rc = bo_sq_acquire(c, SQ_RM_CHECKPOINT_GET,
			   "SELECT position FROM checkpoints "
			   "WHERE projector = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, projector);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading a checkpoint", err);
	bo_sq_release(c, SQ_RM_CHECKPOINT_GET, st);
	return rc;
}

static int rm_checkpoint_set(void *self, const char *projector,
			     int64_t position, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "move a checkpoint", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RM_CHECKPOINT_SET,
			   "INSERT INTO checkpoints (projector, position) "
			   "VALUES (?, ?) ON CONFLICT (projector) "
			   "DO UPDATE SET position = excluded.position",
			   &st, err);
	if (rc < 0)
		return rc;
	bo_sq_bind_text(st, 1, projector);
	sqlite3_bind_int64(st, 2, position);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE ? 0
			       : bo_sq_error(c, rc, "moving a checkpoint", err);
	bo_sq_release(c, SQ_RM_CHECKPOINT_SET, st);
	return rc;
}

const bo_read_models_ops bo_sqlite_read_models_ops = {
    .version = BO_READ_MODELS_OPS_VERSION,
    .order_get = rm_order_get,
    .order_put = rm_order_put,
    .order_list = rm_order_list,
    .timeline_add = rm_timeline_add,
    .timeline_list = rm_timeline_list,
    .catalog_put = rm_catalog_put,
    .catalog_remove = rm_catalog_remove,
    .catalog_get_by_sku = rm_catalog_get_by_sku,
    .reset = rm_reset,
    .checkpoint_get = rm_checkpoint_get,
    .checkpoint_set = rm_checkpoint_set,
};
