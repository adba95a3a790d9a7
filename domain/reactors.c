/* Reactors: catching up with the log, idempotency by event id, the low-stock reactor. */
#include "reactors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_command.h"
#include "order.h"
#include "product.h"

#define BATCH 1000

const bo_reactor *const bo_reactors[] = {&bo_reactor_low_stock,
					 &bo_reactor_low_stock_adjusted, NULL};

/* ---- running ---------------------------------------------------------------*/

/* One event the reactor wants: handled at most once, with its checkpoint. */
static int react_to(bo_app *app, const bo_reactor *r, const bo_event *e,
		    bo_err *err)
{
	const bo_reactor_store *rs = &app->ports->reactors;
	bool done = false;
	int rc;

	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		return rc;
	/* Checked inside the write transaction: another process running the
	 * same reactor cannot slip in between. */
	if ((rc = bo_reactor_store_handled(rs, r->name, e->event_id, &done,
					   err)) < 0)
		goto fail;
	if (!done && ((rc = r->handle(app, e, err)) < 0 ||
		      (rc = bo_reactor_store_mark_handled(
			   rs, r->name, e->event_id, err)) < 0))
		goto fail;
	if ((rc = bo_reactor_store_checkpoint_set(rs, r->name, e->position,
						  err)) < 0)
		goto fail;
	/* a failed commit has rolled its level back already: a rollback
	 * here would undo the level below (the command around a reactor) */
	return bo_store_commit(&app->ports->store, err);
fail:
	bo_store_rollback(&app->ports->store);
	return rc;
}

static int save_checkpoint(bo_app *app, const bo_reactor *r, int64_t position,
			   bo_err *err)
{
	int rc;

	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		return rc;
	if ((rc = bo_reactor_store_checkpoint_set(
		 &app->ports->reactors, r->name, position, err)) < 0) {
		bo_store_rollback(&app->ports->store);
		return rc;
	}
	return bo_store_commit(&app->ports->store, err);
}

int bo_reactor_run(bo_app *app, const bo_reactor *r, bo_err *err)
{
	bo_event_list l = {0};
	int64_t at = 0, seen;
	int rc;

	rc = bo_reactor_store_checkpoint_get(&app->ports->reactors, r->name,
					     &at, err);
	if (rc == BO_ENOTFOUND) /* never ran: the whole log is new to it */
		at = 0;
	else if (rc < 0)
		return rc;
	for (;;) {
		if ((rc = bo_event_store_read_all(&app->ports->events, at,
						  BATCH, &l, err)) < 0 ||
		    l.n == 0)
			break;
		seen = at;
		for (size_t i = 0; i < l.n; i++) {
			const bo_event *e = &l.items[i];

			if (e->kind != r->kind)
				continue;
			if ((rc = react_to(app, r, e, err)) < 0)
				goto done;
			seen = e->position;
		}
		at = l.items[l.n - 1].position;
		/* The events it ignored only move the checkpoint, once a batch. */
		if (at != seen && (rc = save_checkpoint(app, r, at, err)) < 0)
			goto done;
		bo_event_list_clear(&l);
	}
done:
	bo_event_list_clear(&l);
	return rc;
}

int bo_reactors_run(bo_app *app, bo_err *err)
{
	int rc, first = BO_OK;
	bo_err one;

	/* One failing reactor does not hold the others back. */
	for (size_t i = 0; bo_reactors[i]; i++) {
		bo_err_clear(&one);
		rc = bo_reactor_run(app, bo_reactors[i], &one);
		if (rc < 0 && first == BO_OK) {
			first = rc;
			if (err)
				*err = one;
		}
	}
	return first;
}

int bo_reactors_skip_to_head(bo_app *app, bo_err *err)
{
	int64_t head;
	int rc;

	if ((rc = bo_event_store_head(&app->ports->events, &head, err)) < 0)
		return rc;
	for (size_t i = 0; bo_reactors[i]; i++)
		if ((rc = bo_reactor_store_checkpoint_set(&app->ports->reactors,
							  bo_reactors[i]->name,
							  head, err)) < 0)
			return rc;
	return BO_OK;
}

int bo_reactors_alert_list(bo_app *app, bo_alert_each_fn each, void *ctx,
			   bo_err *err)
{
	if (!bo_role_may(app->role, BO_CAP_PRODUCT_READ))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not read alerts", app->user,
				  bo_role_name(app->role));
	return bo_reactor_store_alert_list(&app->ports->reactors, each, ctx,
					   err);
}

/*
 * Runs write inside one transaction under the command id of app, if any:
 * sent before with the same fingerprint, nothing is written again and the
 * first outcome (success) stands; other arguments under the id are a
 * conflict (bo_app_command_lookup).
 */
static int once(bo_app *app, bo_fp *fp,
		int (*write)(bo_app *app, void *ctx, bo_err *err), void *ctx,
		bo_err *err)
{
	char *seen = NULL;
	int rc;

	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, fp, &seen, err)) != BO_OK ||
	    (rc = write(app, ctx, err)) < 0 ||
	    (rc = bo_app_command_record(app, fp, NULL, err)) < 0) {
		/* 1: sent before, and done then */
		bo_store_rollback(&app->ports->store);
		rc = rc == 1 ? BO_OK : rc;
		goto out;
	}
	rc = bo_store_commit(&app->ports->store, err);
out:
	free(seen);
	bo_fp_free(fp);
	return rc;
}

static int ack(bo_app *app, void *ctx, bo_err *err)
{
	return bo_reactor_store_alert_ack(&app->ports->reactors,
					  *(int64_t *)ctx, app->user,
					  bo_clock_now(&app->clock), err);
}

int bo_reactors_alert_ack(bo_app *app, int64_t id, bo_err *err)
{
	bo_fp fp;

	if (!bo_role_may(app->role, BO_CAP_ORDER_SUPPORT))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not acknowledge alerts",
				  app->user, bo_role_name(app->role));
	bo_fp_init(&fp, app, "alerts ack");
	bo_fp_int(&fp, id);
	return once(app, &fp, ack, &id, err);
}

/* ---- low stock ------------------------------------------------------------*/

static int set_threshold(bo_app *app, void *ctx, bo_err *err)
{
	return bo_store_setting_set(&app->ports->store, BO_SETTING_LOW_STOCK,
				    ctx, err);
}

int bo_reactors_low_stock_threshold_set(bo_app *app, const char *text,
					bo_err *err)
{
	bo_opt_i64 v = {0};
	bo_fp fp;
	char buf[24];

	if (!bo_role_may(app->role, BO_CAP_PRODUCT_WRITE))
		return bo_err_set(err, BO_EPERM,
				  "user %s (%s) may not change the low-stock "
				  "threshold",
				  app->user, bo_role_name(app->role));
	/* the product's rule, without its "default": this is the default */
	if (!text || !*text || strcmp(text, "default") == 0 ||
	    bo_low_stock_parse(&v, text, err) < 0)
		return bo_err_set(err, BO_EINVAL,
				  "low-stock threshold must be a whole number "
				  "from 0 to %d",
				  BO_LOW_STOCK_MAX);
	snprintf(buf, sizeof(buf), "%lld", (long long)v.value);
	bo_fp_init(&fp, app, "settings set");
	bo_fp_str(&fp, buf);
	return once(app, &fp, set_threshold, buf, err);
}

int bo_reactors_low_stock_threshold(bo_app *app, int64_t *out, bo_err *err)
{
	char *text = NULL;
	int64_t v = 0;
	int rc;

	*out = BO_LOW_STOCK_DEFAULT;
	rc = bo_store_setting_get(&app->ports->store, BO_SETTING_LOW_STOCK,
				  &text, err);
	if (rc == BO_ENOTFOUND)
		return BO_OK;
	if (rc < 0)
		return rc;
	rc = *text ? BO_OK : BO_EINVAL;
	for (const char *s = text; *s && rc == BO_OK; s++) {
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
			rc = BO_EINVAL;
		else
			v = v * 10 + (*s - '0');
	}
	free(text);
	if (rc < 0)
		return bo_err_set(err, BO_EINVAL,
				  "setting %s must be a whole number 0 or more",
				  BO_SETTING_LOW_STOCK);
	*out = v;
	return BO_OK;
}

/* The order as it was right after e; *completed: e made it fully paid. */
static int order_after(bo_app *app, const bo_event *e, bo_order *o,
		       bool *completed, bo_err *err)
{
	bo_event_list l = {0};
	int rc = BO_OK;

	*completed = false;
	memset(o, 0, sizeof(*o));
	if ((rc = bo_event_store_read_stream(&app->ports->events, e->stream,
					     e->version, &l, err)) < 0)
		goto done;
	for (size_t i = 0; i < l.n; i++)
		if ((rc = bo_order_apply(o, &l.items[i])) < 0) {
			bo_err_set(err, rc, "order %lld cannot be read back",
				   (long long)e->order_id);
			goto done;
		}
	*completed = o->status == BO_ORDER_PAID && o->total > 0 &&
		     o->paid - e->amount < o->total;
done:
	bo_event_list_clear(&l);
	return rc;
}

/* Takes qty off one product; missing and untracked products are left be. */
static int take_stock(bo_app *app, const bo_event *e, int64_t product_id,
		      int64_t qty, int64_t threshold, bo_err *err)
{
	bo_product p = {0};
	bo_alert a = {0};
	int64_t left;
	int rc;

	rc = bo_product_repo_get_by_id(&app->ports->products, product_id, &p,
				       err);
	if (rc == BO_ENOTFOUND) /* deleted since: nothing to count down */
		return BO_OK;
	if (rc < 0)
		return rc;
	if (p.stock == BO_STOCK_UNTRACKED)
		goto done;
	/* the product's own threshold, when it has one, wins */
	if (p.low_stock_threshold.set)
		threshold = p.low_stock_threshold.value;
	left = p.stock > qty ? p.stock - qty : 0;
	if (left != p.stock && (rc = bo_app_product_set_stock_as_system(
				    app, &p, left, e->event_id, err)) < 0)
		goto done;
	if (left <= threshold) {
		a.event_id = e->event_id;
		a.order_id = e->order_id;
		a.product_id = p.id;
		a.sku = p.sku;
		a.name = p.name;
		a.stock = left;
		a.threshold = threshold;
		a.created_at = bo_clock_now(&app->clock);
		rc = bo_reactor_store_alert_add(&app->ports->reactors, &a, err);
	}
done:
	bo_product_clear(&p);
	return rc;
}

static int low_stock_handle(bo_app *app, const bo_event *e, bo_err *err)
{
	bo_order o;
	bool completed;
	int64_t threshold;
	int rc;

	if ((rc = order_after(app, e, &o, &completed, err)) < 0 || !completed)
		goto done;
	if ((rc = bo_reactors_low_stock_threshold(app, &threshold, err)) < 0)
		goto done;
	/* One change (and at most one alert) per product, however many
	 * lines name it. */
	for (size_t i = 0; i < o.nlines && rc == BO_OK; i++) {
		int64_t id = o.lines[i].product_id, qty = 0;
		bool earlier = false;

		for (size_t j = 0; j < i && !earlier; j++)
			earlier = o.lines[j].product_id == id;
		if (earlier)
			continue;
		for (size_t j = i; j < o.nlines; j++)
			if (o.lines[j].product_id == id)
				qty += o.lines[j].quantity;
		rc = take_stock(app, e, id, qty, threshold, err);
	}
done:
	bo_order_clear(&o);
	return rc;
}

const bo_reactor bo_reactor_low_stock = {
    .name = "low_stock",
    .kind = BO_EV_PAYMENT_RECEIVED,
    .handle = low_stock_handle,
};

/* An adjustment that left the product at or below its threshold (its own
 * as the snapshot had it, else the tenant's) raises an alert with no
 * order; a product deleted since is left be, as a payment leaves it. */
static int adjusted_handle(bo_app *app, const bo_event *e, bo_err *err)
{
	const bo_product *p = &e->product;
	bo_product now = {0};
	bo_alert a = {0};
	int64_t threshold;
	int rc;

	if (p->stock == BO_STOCK_UNTRACKED)
		return BO_OK;
	if (p->low_stock_threshold.set)
		threshold = p->low_stock_threshold.value;
	else if ((rc = bo_reactors_low_stock_threshold(app, &threshold,
							 err)) < 0)
		return rc;
	if (p->stock > threshold)
		return BO_OK;
	rc = bo_product_repo_get_by_id(&app->ports->products, p->id, &now,
				       err);
	bo_product_clear(&now);
	if (rc == BO_ENOTFOUND) {
		bo_err_clear(err);
		return BO_OK;
	}
	if (rc < 0)
		return rc;
	a.event_id = e->event_id;
	a.order_id = 0;
	a.product_id = p->id;
	a.sku = p->sku;
	a.name = p->name;
	a.stock = p->stock;
	a.threshold = threshold;
	a.created_at = bo_clock_now(&app->clock);
	return bo_reactor_store_alert_add(&app->ports->reactors, &a, err);
}

const bo_reactor bo_reactor_low_stock_adjusted = {
    .name = "low_stock_adjusted",
    .kind = BO_EV_PRODUCT_STOCK_ADJUSTED,
    .handle = adjusted_handle,
};
