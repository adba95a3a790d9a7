/* The reactor store port over SQLite: tables reactor_state, reactor_handled and alerts. */
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

static int checkpoint_get(void *self, const char *name, int64_t *out,
			  bo_err *err)
{
	static const char doing[] = "reading a reactor's checkpoint";
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	*out = 0;
	if ((rc = bo_sq_acquire(c, SQ_RX_CHECKPOINT_GET,
				"SELECT checkpoint FROM reactor_state "
				"WHERE name = ?",
				&st, err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = bo_err_set(err, BO_ENOTFOUND,
				"reactor %s has no checkpoint yet", name);
	} else {
		rc = bo_sq_error(c, rc, doing, err);
	}
	bo_sq_release(c, SQ_RX_CHECKPOINT_GET, st);
	return rc;
}

static int checkpoint_set(void *self, const char *name, int64_t position,
			  bo_err *err)
{
	static const char doing[] = "moving a reactor's checkpoint";
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "move a reactor's checkpoint", err)) < 0 ||
	    (rc = bo_sq_acquire(c, SQ_RX_CHECKPOINT_SET,
				"INSERT INTO reactor_state (name, checkpoint) "
				"VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
				"SET checkpoint = excluded.checkpoint",
				&st, err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, position);
	return bo_sq_run(c, SQ_RX_CHECKPOINT_SET, st, doing, err);
}

static int handled(void *self, const char *name, const char *event_id,
		   bool *out, bo_err *err)
{
	static const char doing[] = "reading a reactor's handled events";
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	*out = false;
	if ((rc = bo_sq_acquire(c, SQ_RX_HANDLED,
				"SELECT 1 FROM reactor_handled "
				"WHERE reactor = ? AND event_id = ?",
				&st, err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	bo_sq_bind_text(st, 2, event_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*out = rc == SQLITE_ROW;
		rc = 0;
	} else {
		rc = bo_sq_error(c, rc, doing, err);
	}
	bo_sq_release(c, SQ_RX_HANDLED, st);
	return rc;
}

static int mark_handled(void *self, const char *name, const char *event_id,
			bo_err *err)
{
	static const char doing[] = "recording a handled event";
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "record a handled event", err)) < 0 ||
	    (rc = bo_sq_acquire(c, SQ_RX_MARK_HANDLED,
				"INSERT INTO reactor_handled (reactor, "
				"event_id) VALUES (?, ?)",
				&st, err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, name);
	bo_sq_bind_text(st, 2, event_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (sqlite3_extended_errcode(c->db) ==
		 SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = bo_err_set(err, BO_ECONFLICT,
				"reactor %s has already handled event %s", name,
				event_id);
	else
		rc = bo_sq_error(c, rc, doing, err);
	bo_sq_release(c, SQ_RX_MARK_HANDLED, st);
	return rc;
}

static int alert_add(void *self, const bo_alert *a, bo_err *err)
{
	static const char doing[] = "adding an alert";
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "add an alert", err)) < 0 ||
	    (rc = bo_sq_acquire(c, SQ_RX_ALERT_ADD,
				"INSERT INTO alerts (event_id, order_id, "
				"product_id, sku, name, stock, threshold, "
				"created_at, acked_by, acked_at) VALUES "
				"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				&st, err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, a->event_id);
	sqlite3_bind_int64(st, 2, a->order_id);
	sqlite3_bind_int64(st, 3, a->product_id);
	bo_sq_bind_text(st, 4, a->sku);
	bo_sq_bind_text(st, 5, a->name);
	sqlite3_bind_int64(st, 6, a->stock);
	sqlite3_bind_int64(st, 7, a->threshold);
	sqlite3_bind_int64(st, 8, a->created_at);
	bo_sq_bind_text(st, 9, a->acked_by);
	if (a->acked_by)
		sqlite3_bind_int64(st, 10, a->acked_at);
	else
		sqlite3_bind_null(st, 10);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (sqlite3_extended_errcode(c->db) == SQLITE_CONSTRAINT_UNIQUE)
		rc = bo_err_set(err, BO_ECONFLICT,
				"event %s already raised an alert for product "
				"%s",
				a->event_id, a->sku);
	else
		rc = bo_sq_error(c, rc, doing, err);
	bo_sq_release(c, SQ_RX_ALERT_ADD, st);
	return rc;
}

static int alert_list(void *self, bo_alert_each_fn each, void *ctx, bo_err *err)
{
	static const char doing[] = "reading alerts";
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	bo_alert a;
	int rc;

	if ((rc = bo_sq_acquire(c, SQ_RX_ALERT_LIST,
				"SELECT event_id, order_id, product_id, sku, "
				"name, stock, threshold, created_at, id, "
				"acked_by, coalesce(acked_at, 0) FROM alerts "
				"ORDER BY id",
				&st, err)) < 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&a, 0, sizeof(a));
		if (bo_sq_column_dup(&a.event_id, st, 0) < 0 ||
		    bo_sq_column_dup(&a.sku, st, 3) < 0 ||
		    bo_sq_column_dup(&a.name, st, 4) < 0 ||
		    bo_sq_column_dup(&a.acked_by, st, 9) < 0) {
			bo_alert_clear(&a);
			rc = bo_err_set(err, BO_ENOMEM,
					"out of memory reading alerts");
			goto done;
		}
		a.order_id = sqlite3_column_int64(st, 1);
		a.product_id = sqlite3_column_int64(st, 2);
		a.stock = sqlite3_column_int64(st, 5);
		a.threshold = sqlite3_column_int64(st, 6);
		a.created_at = sqlite3_column_int64(st, 7);
		a.id = sqlite3_column_int64(st, 8);
		a.acked_at = sqlite3_column_int64(st, 10);
		rc = each(ctx, &a);
		bo_alert_clear(&a);
		if (rc < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, doing, err);
done:
	bo_sq_release(c, SQ_RX_ALERT_LIST, st);
	return rc;
}

/* Why an acknowledgement changed no row: no such alert, or acked before. */
static int explain_ack_miss(bo_sqlite *c, int64_t id, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_acquire(c, SQ_RX_ALERT_ACKED_BY,
				"SELECT acked_by FROM alerts WHERE id = ?", &st,
				err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = bo_err_set(err, BO_ECONFLICT,
				"alert %lld was already acknowledged by %s",
				(long long)id,
				(const char *)sqlite3_column_text(st, 0));
	else if (rc == SQLITE_DONE)
		rc = bo_err_set(err, BO_ENOTFOUND, "alert %lld does not exist",
				(long long)id);
	else
		rc = bo_sq_error(c, rc, "reading an alert", err);
	bo_sq_release(c, SQ_RX_ALERT_ACKED_BY, st);
	return rc;
}

static int alert_ack(void *self, int64_t id, const char *user, int64_t at,
		     bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "acknowledge an alert", err)) < 0 ||
	    (rc = bo_sq_acquire(c, SQ_RX_ALERT_ACK,
				"UPDATE alerts SET acked_by = ?, acked_at = ? "
				"WHERE id = ? AND acked_by IS NULL",
				&st, err)) < 0)
		return rc;
	bo_sq_bind_text(st, 1, user);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = bo_sq_run(c, SQ_RX_ALERT_ACK, st, "acknowledging an alert",
			    err)) < 0)
		return rc;
	return sqlite3_changes(c->db) == 1 ? 0 : explain_ack_miss(c, id, err);
}

const bo_reactor_store_ops bo_sqlite_reactor_store_ops = {
    .version = BO_REACTOR_STORE_OPS_VERSION,
    .checkpoint_get = checkpoint_get,
    .checkpoint_set = checkpoint_set,
    .handled = handled,
    .mark_handled = mark_handled,
    .alert_add = alert_add,
    .alert_list = alert_list,
    .alert_ack = alert_ack,
};
