/* The reactor store port over PostgreSQL: tables reactor_state, reactor_handled and alerts. */
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

/* Whether an INSERT ... ON CONFLICT DO NOTHING left the row out: a
 * conflict found this way spoils no transaction, so no savepoint is
 * needed. */
static bool inserted_none(const PGresult *res)
{
	const char *n = PQcmdTuples((PGresult *)res);
	return n && strcmp(n, "0") == 0;
}

static int checkpoint_get(void *self, const char *name, int64_t *out,
			  bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	*out = 0;
	bo_pg_arg_text(&a, name);
	if ((rc = bo_pg_run(c, PG_RX_CHECKPOINT_GET,
			    "SELECT checkpoint FROM @.reactor_state "
			    "WHERE name = $1",
			    &a, &res, "reading a reactor's checkpoint", err)) <
	    0)
		return rc;
	if (PQntuples(res) == 0)
		rc = bo_err_set(err, BO_ENOTFOUND,
				"reactor %s has no checkpoint yet", name);
	else
		*out = bo_pg_int64(res, 0, 0);
	PQclear(res);
	return rc;
}

static int checkpoint_set(void *self, const char *name, int64_t position,
			  bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "move a reactor's checkpoint", err)) < 0)
		return rc;
	bo_pg_arg_text(&a, name);
	bo_pg_arg_int(&a, position);
	rc = bo_pg_run(c, PG_RX_CHECKPOINT_SET,
		       "INSERT INTO @.reactor_state (name, checkpoint) "
		       "VALUES ($1, $2) ON CONFLICT (name) DO UPDATE "
		       "SET checkpoint = excluded.checkpoint",
		       &a, NULL, "moving a reactor's checkpoint", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

static int handled(void *self, const char *name, const char *event_id,
		   bool *out, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	*out = false;
	bo_pg_arg_text(&a, name);
	bo_pg_arg_text(&a, event_id);
	if ((rc = bo_pg_run(c, PG_RX_HANDLED,
			    "SELECT 1 FROM @.reactor_handled "
			    "WHERE reactor = $1 AND event_id = $2",
			    &a, &res, "reading a reactor's handled events",
			    err)) < 0)
		return rc;
	*out = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}

static int mark_handled(void *self, const char *name, const char *event_id,
			bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	if ((rc = bo_pg_need_tx(c, "record a handled event", err)) < 0)
		return rc;
	bo_pg_arg_text(&a, name);
	bo_pg_arg_text(&a, event_id);
	if ((rc = bo_pg_run(c, PG_RX_MARK_HANDLED,
			    "INSERT INTO @.reactor_handled (reactor, event_id) "
			    "VALUES ($1, $2) ON CONFLICT DO NOTHING",
			    &a, &res, "recording a handled event", err)) < 0)
		return rc;
	if (inserted_none(res))
		rc = bo_err_set(err, BO_ECONFLICT,
				"reactor %s has already handled event %s", name,
				event_id);
	else
		c->wrote = true;
	PQclear(res);
	return rc;
}

static int alert_add(void *self, const bo_alert *al, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	if ((rc = bo_pg_need_tx(c, "add an alert", err)) < 0)
		return rc;
	bo_pg_arg_text(&a, al->event_id);
	bo_pg_arg_int(&a, al->order_id);
	bo_pg_arg_int(&a, al->product_id);
	bo_pg_arg_text(&a, al->sku);
	bo_pg_arg_text(&a, al->name);
	bo_pg_arg_int(&a, al->stock);
	bo_pg_arg_int(&a, al->threshold);
	bo_pg_arg_int(&a, al->created_at);
	bo_pg_arg_text(&a, al->acked_by);
	if (al->acked_by)
		bo_pg_arg_int(&a, al->acked_at);
	else
		bo_pg_arg_text(&a, NULL);
	if ((rc = bo_pg_run(c, PG_RX_ALERT_ADD,
			    "INSERT INTO @.alerts (event_id, order_id, "
			    "product_id, sku, name, stock, threshold, "
			    "created_at, acked_by, acked_at) VALUES ($1, $2, "
			    "$3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT "
			    "(event_id, product_id) DO NOTHING",
			    &a, &res, "adding an alert", err)) < 0)
		return rc;
	if (inserted_none(res))
		rc = bo_err_set(err, BO_ECONFLICT,
				"event %s already raised an alert for product "
				"%s",
				al->event_id, al->sku);
	else
		c->wrote = true;
	PQclear(res);
	return rc;
}

static int alert_list(void *self, bo_alert_each_fn each, void *ctx, bo_err *err)
{
	bo_pg *c = self;
	PGresult *res;
	bo_alert a;
	int rc;

	if ((rc = bo_pg_run(c, PG_RX_ALERT_LIST,
			    "SELECT event_id, order_id, product_id, sku, "
			    "name, stock, threshold, created_at, id, "
			    "acked_by, coalesce(acked_at, 0) FROM @.alerts "
			    "ORDER BY id",
			    NULL, &res, "reading alerts", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		memset(&a, 0, sizeof(a));
		if ((rc = bo_pg_dup(&a.event_id, res, i, 0, err)) < 0 ||
		    (rc = bo_pg_dup(&a.sku, res, i, 3, err)) < 0 ||
		    (rc = bo_pg_dup(&a.name, res, i, 4, err)) < 0 ||
		    (rc = bo_pg_dup(&a.acked_by, res, i, 9, err)) < 0) {
			bo_alert_clear(&a);
			break;
		}
		a.order_id = bo_pg_int64(res, i, 1);
		a.product_id = bo_pg_int64(res, i, 2);
		a.stock = bo_pg_int64(res, i, 5);
		a.threshold = bo_pg_int64(res, i, 6);
		a.created_at = bo_pg_int64(res, i, 7);
		a.id = bo_pg_int64(res, i, 8);
		a.acked_at = bo_pg_int64(res, i, 10);
		rc = each(ctx, &a);
		bo_alert_clear(&a);
		if (rc < 0)
			break;
	}
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int alert_ack(void *self, int64_t id, const char *user, int64_t at,
		     bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	if ((rc = bo_pg_need_tx(c, "acknowledge an alert", err)) < 0)
		return rc;
	bo_pg_arg_text(&a, user);
	bo_pg_arg_int(&a, at);
	bo_pg_arg_int(&a, id);
	if ((rc = bo_pg_run(c, PG_RX_ALERT_ACK,
			    "UPDATE @.alerts SET acked_by = $1, acked_at = $2 "
			    "WHERE id = $3 AND acked_by IS NULL",
			    &a, &res, "acknowledging an alert", err)) < 0)
		return rc;
	if (!inserted_none(res)) {
		c->wrote = true;
		PQclear(res);
		return 0;
	}
	PQclear(res);
	/* no row changed: no such alert, or acknowledged before */
	a = (bo_pg_args){0};
	bo_pg_arg_int(&a, id);
	if ((rc = bo_pg_run(c, PG_NO_SLOT,
			    "SELECT acked_by FROM @.alerts WHERE id = $1", &a,
			    &res, "reading an alert", err)) < 0)
		return rc;
	if (PQntuples(res) == 1)
		rc = bo_err_set(err, BO_ECONFLICT,
				"alert %lld was already acknowledged by %s",
				(long long)id, PQgetvalue(res, 0, 0));
	else
		rc = bo_err_set(err, BO_ENOTFOUND, "alert %lld does not exist",
				(long long)id);
	PQclear(res);
	return rc;
}

const bo_reactor_store_ops bo_pg_reactor_store_ops = {
    .version = BO_REACTOR_STORE_OPS_VERSION,
    .checkpoint_get = checkpoint_get,
    .checkpoint_set = checkpoint_set,
    .handled = handled,
    .mark_handled = mark_handled,
    .alert_add = alert_add,
    .alert_list = alert_list,
    .alert_ack = alert_ack,
};
