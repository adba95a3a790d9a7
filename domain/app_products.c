/* Application services of products: the CRUD writes, each with its Product* event in the same transaction, and the reads. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "reactors.h"
#include "search_keys.h"
#include "text.h"

/* Makes e the act of user "system" (admin) caused by event cause_id. */
static int stamp_system(bo_event *e, const char *cause_id)
{
	free(e->meta.user);
	free(e->meta.role);
	free(e->meta.causation_id);
	free(e->meta.command_id);
	e->meta.command_id = NULL; /* the system's act, not the command's */
	free(e->meta.acted_by);
	e->meta.acted_by = NULL;
	e->meta.user = bo_strdup("system");
	e->meta.role = bo_strdup(bo_role_name(BO_ROLE_ADMIN));
	e->meta.causation_id = bo_strdup(cause_id);
	return e->meta.user && e->meta.role && e->meta.causation_id ? BO_OK
								    : BO_ENOMEM;
}

/* Publishes e (kind and its own payload set, owned, cleared here) with
 * snapshot p on the product's stream; by the system on behalf of event
 * cause_id when that is not NULL. */
static int publish_filled(bo_app *app, bo_event *ev, const bo_product *p,
			  int64_t now, const char *cause_id, bo_err *err)
{
	bo_event e = *ev;
	int64_t version = 0;
	int rc;

	memset(ev, 0, sizeof(*ev));
	if (bo_product_copy(&e.product, p) < 0 ||
	    bo_event_set_stream(&e, "product", p->id) < 0 ||
	    bo_app_stamp(app, &e, now) < 0 ||
	    (cause_id && stamp_system(&e, cause_id) < 0)) {
		rc = bo_app_nomem(err);
		goto done;
	}
	if ((rc = bo_event_store_stream_version(&app->ports->events, e.stream,
						&version, err)) < 0)
		goto done;
	rc = bo_app_append_one(app, e.stream, version, &e, err);
done:
	bo_event_clear(&e);
	return rc;
}

/* A product fact that is the snapshot alone (see publish_filled). */
static int publish_product_as(bo_app *app, bo_event_kind kind,
			      const bo_product *p, int64_t now,
			      const char *cause_id, bo_err *err)
{
	bo_event e = {0};

	e.kind = kind;
	return publish_filled(app, &e, p, now, cause_id, err);
}

static int publish_product(bo_app *app, bo_event_kind kind, const bo_product *p,
			   int64_t now, bo_err *err)
{
	return publish_product_as(app, kind, p, now, NULL, err);
}

int bo_app_product_set_stock_as_system(bo_app *app, bo_product *p,
				       int64_t stock, const char *cause_id,
				       bo_err *err)
{
	int64_t now = bo_clock_now(&app->clock);
	int rc;

	p->stock = stock;
	p->updated_at = now;
	if ((rc = bo_product_repo_update(&app->ports->products, p,
					 p->row_version, err)) < 0)
		return rc;
	return publish_product_as(app, BO_EV_PRODUCT_UPDATED, p, now, cause_id,
				  err);
}

static int missing_product(const char *sku, bo_err *err)
{
	return bo_err_set(err, BO_ENOTFOUND, "product %s does not exist", sku);
}

/* The fields of a product edit, in one fixed order, into a fingerprint. */
static void fp_edit(bo_fp *fp, const bo_product_edit *in)
{
	bo_fp_str(fp, in->sku);
	bo_fp_str(fp, in->name);
	bo_fp_str(fp, in->description);
	bo_fp_str(fp, in->price);
	bo_fp_str(fp, in->tax_rate);
	bo_fp_str(fp, in->stock);
	/* only when given: commands recorded before it keep their print */
	if (in->low_stock) {
		bo_fp_str(fp, "low-stock");
		bo_fp_str(fp, in->low_stock);
	}
	/* the same for categories and tags */
	if (in->category) {
		bo_fp_str(fp, "category");
		bo_fp_str(fp, in->category);
	}
	if (in->tags) {
		bo_fp_str(fp, "tags");
		bo_fp_str(fp, in->tags);
	}
	if (in->add_tags) {
		bo_fp_str(fp, "add-tags");
		bo_fp_str(fp, in->add_tags);
	}
	if (in->remove_tags) {
		bo_fp_str(fp, "remove-tags");
		bo_fp_str(fp, in->remove_tags);
	}
}

/* A product write sent again: *out (may be NULL) is the product as the
 * event it appended then left it. */
static int replay_product(bo_app *app, const char *result, bo_product *out,
			  bo_err *err)
{
	bo_event_list l = {0};
	int64_t id, version;
	char stream[48];
	int rc;

	if ((rc = bo_app_command_result_stream(result, "product", &id, &version,
					       err)) < 0 ||
	    !out)
		return rc;
	snprintf(stream, sizeof(stream), "product-%lld", (long long)id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream,
					     version, &l, err)) < 0)
		goto done;
	if (l.n == 0 || l.items[l.n - 1].version != version) {
		rc = bo_err_set(err, BO_ESTORAGE,
				"the event command %s appended (%s version "
				"%lld) is missing",
				app->command_id, stream, (long long)version);
		goto done;
	}
	if (bo_product_copy(out, &l.items[l.n - 1].product) < 0)
		rc = bo_app_nomem(err);
done:
	bo_event_list_clear(&l);
	return rc;
}

int bo_app_product_add(bo_app *app, const bo_product_edit *in, bo_product *out,
		       bo_err *err)
{
	bo_product p = {0};
	bo_fp fp = {0};
	char *seen = NULL;
	int64_t now;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	if (!in->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	if (!in->name)
		return bo_err_set(err, BO_EINVAL, "name is required");
	if (!in->price)
		return bo_err_set(err, BO_EINVAL, "price is required");
	p.stock = BO_STOCK_UNTRACKED;
	if (!(p.description = bo_strdup("")))
		return bo_app_nomem(err);
	if ((rc = bo_product_apply_edit(&p, in, &app->currency, err)) < 0)
		goto out;
	now = bo_clock_now(&app->clock);
	p.created_at = p.updated_at = now;
	bo_fp_init(&fp, app, "product add");
	fp_edit(&fp, in);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, &fp, &seen, err)) == 1) {
		rc = replay_product(app, seen, out, err);
		bo_store_rollback(&app->ports->store);
		goto out;
	}
	if (rc < 0 ||
	    (rc = bo_store_sequence_next(&app->ports->store, "product", &p.id,
					 err)) < 0 ||
	    (rc = bo_product_repo_insert(&app->ports->products, &p, err)) < 0 ||
	    (rc = publish_product(app, BO_EV_PRODUCT_CREATED, &p, now, err)) <
		0 ||
	    (rc = bo_app_command_record_stream(app, &fp, "product", p.id,
					       err)) < 0 ||
	    (rc = bo_app_commit_command(app, err)) < 0) {
		bo_store_rollback(&app->ports->store);
		goto out;
	}
	if (out) {
		*out = p;
		memset(&p, 0, sizeof(p));
	}
out:
	free(seen);
	bo_fp_free(&fp);
	bo_product_clear(&p);
	return rc;
}

/* The ProductStockAdjusted of an adjustment, with snapshot p. */
static int publish_adjusted(bo_app *app, const bo_product *p,
			    const bo_stock_change *c, int64_t delta,
			    int64_t now, bo_err *err)
{
	bo_event e = {0};

	e.kind = BO_EV_PRODUCT_STOCK_ADJUSTED;
	e.delta = delta;
	e.new_stock = p->stock;
	if (!(e.reason = bo_strdup(bo_stock_reason_name(c->reason))) ||
	    (c->note && !(e.text = bo_strdup(c->note)))) {
		bo_event_clear(&e);
		return bo_app_nomem(err);
	}
	return publish_filled(app, &e, p, now, NULL, err);
}

/* The shared shape of edit, stock, retire and delete: load by SKU in a
 * write transaction, check the version the caller saw, change, publish. */
typedef enum {
	CHANGE_EDIT,
	CHANGE_STOCK,
	CHANGE_RETIRE,
	CHANGE_DELETE,
	CHANGE_REACTIVATE
} change_kind;

typedef struct change {
	change_kind kind;
	const bo_product_edit *edit;  /* CHANGE_EDIT's */
	const bo_stock_change *stock; /* CHANGE_STOCK's */
} change;

/* fp (the caller's fingerprint of the command; freed here) is looked up
 * and recorded under app's command id. */
static int change_product(bo_app *app, const char *sku, const change *ch,
			  int64_t expected_row_version, bo_fp *fp,
			  bo_product *out, bo_err *err)
{
	static const bo_event_kind events[] = {
	    BO_EV_PRODUCT_UPDATED, BO_EV_PRODUCT_STOCK_ADJUSTED,
	    BO_EV_PRODUCT_RETIRED, BO_EV_PRODUCT_DELETED,
	    BO_EV_PRODUCT_REACTIVATED};
	bo_product p = {0};
	char *sent = NULL;
	int64_t now, seen, delta = 0;
	int rc;

	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	if ((rc = bo_app_command_lookup(app, fp, &sent, err)) == 1) {
		rc = replay_product(app, sent, out, err);
		goto fail;
	}
	if (rc < 0)
		goto fail;
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, &p, err);
	if (rc == BO_ENOTFOUND)
		rc = missing_product(sku, err);
	if (rc < 0)
		goto fail;
	if (expected_row_version > 0 && p.row_version != expected_row_version) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s was changed by someone else since "
				"you opened it; reload it",
				sku);
		goto fail;
	}
	seen = p.row_version;
	now = bo_clock_now(&app->clock);
	switch (ch->kind) {
	case CHANGE_EDIT:
		rc = bo_product_apply_edit(&p, ch->edit, &app->currency, err);
		break;
	case CHANGE_STOCK:
		rc = bo_stock_change_apply(&p, ch->stock, &delta, err);
		break;
	case CHANGE_RETIRE:
		if (p.retired)
			rc = bo_err_set(err, BO_ECONFLICT,
					"product %s is already retired", sku);
		p.retired = true;
		break;
	case CHANGE_REACTIVATE:
		if (!p.retired)
			rc = bo_err_set(err, BO_ECONFLICT,
					"product %s is not retired", sku);
		p.retired = false;
		break;
	case CHANGE_DELETE:
		break;
	}
	if (rc < 0)
		goto fail;
	if (ch->kind == CHANGE_DELETE) {
		rc = bo_product_repo_remove(&app->ports->products, p.id, seen,
					    err);
	} else {
		p.updated_at = now;
		rc = bo_product_repo_update(&app->ports->products, &p, seen,
					    err);
	}
	if (rc < 0)
		goto fail;
	rc = ch->kind == CHANGE_STOCK
		 ? publish_adjusted(app, &p, ch->stock, delta, now, err)
		 : publish_product(app, events[ch->kind], &p, now, err);
	if (rc < 0 ||
	    (rc = bo_app_command_record_stream(app, fp, "product", p.id,
					       err)) < 0 ||
	    (rc = bo_app_commit_command(app, err)) < 0)
		goto fail;
	if (out) {
		*out = p;
		memset(&p, 0, sizeof(p));
	}
	goto out;
fail:
	bo_store_rollback(&app->ports->store);
out:
	free(sent);
	bo_fp_free(fp);
	bo_product_clear(&p);
	return rc;
}

/* Edit, retire and delete: their fingerprint is the command, the SKU, the
 * version seen and the edit's fields. */
static int change_simple(bo_app *app, const char *name, const char *sku,
			 const change *ch, int64_t expected_row_version,
			 bo_product *out, bo_err *err)
{
	bo_fp fp;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	bo_fp_init(&fp, app, name);
	bo_fp_str(&fp, sku);
	bo_fp_int(&fp, expected_row_version);
	if (ch->edit)
		fp_edit(&fp, ch->edit);
	return change_product(app, sku, ch, expected_row_version, &fp, out,
			      err);
}

int bo_app_product_edit(bo_app *app, const char *sku, const bo_product_edit *in,
			int64_t expected_row_version, bo_product *out,
			bo_err *err)
{
	change ch = {CHANGE_EDIT, in, NULL};

	return change_simple(app, "product edit", sku, &ch,
			     expected_row_version, out, err);
}

int bo_app_product_retire(bo_app *app, const char *sku, bo_product *out,
			  bo_err *err)
{
	change ch = {CHANGE_RETIRE, NULL, NULL};

	return change_simple(app, "product retire", sku, &ch, 0, out, err);
}

int bo_app_product_reactivate(bo_app *app, const char *sku, bo_product *out,
			      bo_err *err)
{
	change ch = {CHANGE_REACTIVATE, NULL, NULL};

	return change_simple(app, "product reactivate", sku, &ch, 0, out, err);
}

int bo_app_product_delete(bo_app *app, const char *sku, bo_err *err)
{
	change ch = {CHANGE_DELETE, NULL, NULL};

	return change_simple(app, "product delete", sku, &ch, 0, NULL, err);
}

int bo_app_product_stock(bo_app *app, const char *sku,
			 const bo_stock_adjust *in, int64_t expected_row_version,
			 bo_product *out, bo_err *err)
{
	bo_stock_change c;
	change ch = {CHANGE_STOCK, NULL, &c};
	bo_fp fp;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	if ((rc = bo_stock_change_parse(&c, in, err)) < 0)
		return rc;
	bo_fp_init(&fp, app, "product stock");
	bo_fp_str(&fp, sku);
	bo_fp_int(&fp, expected_row_version);
	bo_fp_str(&fp, c.set ? "set" : "add");
	bo_fp_int(&fp, c.amount);
	bo_fp_str(&fp, bo_stock_reason_name(c.reason));
	bo_fp_str(&fp, c.note);
	return change_product(app, sku, &ch, expected_row_version, &fp, out,
			      err);
}

int bo_app_product_get(bo_app *app, const char *sku, bo_product *out,
		       bo_err *err)
{
	int rc = bo_app_require(app, BO_CAP_PRODUCT_READ, err);
	if (rc < 0)
		return rc;
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, out, err);
	return rc == BO_ENOTFOUND ? missing_product(sku, err) : rc;
}

int bo_app_product_list(bo_app *app, const bo_product_query *q,
			bo_product_each_fn each, void *ctx, bo_err *err)
{
	int rc = bo_app_require(app, BO_CAP_PRODUCT_READ, err);
	bo_product_query low;

	if (rc < 0)
		return rc;
	/* "low" means at or below the product's own threshold, else the
	 * tenant's, as the low-stock reactor decides */
	if (q && q->stock == BO_STOCK_FILTER_LOW) {
		low = *q;
		if ((rc = bo_reactors_low_stock_threshold(
			 app, &low.low_stock_default, err)) < 0)
			return rc;
		q = &low;
	}
	return bo_product_repo_list(&app->ports->products, q, each, ctx, err);
}

typedef struct sales_count {
	int64_t n, cap;
} sales_count;

static int count_sale(void *ctx, const bo_order_row *r)
{
	sales_count *c = ctx;

	(void)r;
	c->n++;
	return 0;
}

int bo_app_product_orders(bo_app *app, const char *sku, int64_t cap,
			  int64_t *out, bo_err *err)
{
	bo_order_find q = {0};
	sales_count c = {0, cap};
	char *norm = NULL;
	int rc;

	if ((rc = bo_app_require(app, BO_CAP_ORDER_READ, err)) < 0)
		return rc;
	if (!sku || !*sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	if ((rc = bo_search_norm(&norm, sku)) < 0)
		return bo_err_set(err, rc, "out of memory");
	/* the SKU keys the orders projector keeps for every line (exact) */
	q.text = norm;
	q.kind = BO_KEY_SKU;
	q.exact = 1;
	q.limit = cap > 0 ? cap : 0;
	rc = bo_rm_order_find(&app->ports->rm, &q, count_sale, &c, err);
	free(norm);
	if (rc < 0)
		return rc;
	*out = c.n;
	return BO_OK;
}
