/* Application services of a product's history: who changed which field when, and reverting one field. */
#include "app.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "projections/engine.h"
#include "projections/projections.h"
#include "text.h"

/* The ids of every product whose stream ever carried sku. */
typedef struct id_set {
	int64_t *ids;
	size_t n, cap;
	const char *sku;
	bo_err *err;
} id_set;

static int add_id(void *ctx, int64_t id)
{
	id_set *s = ctx;

	for (size_t i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		int64_t *ids = realloc(s->ids, cap * sizeof(*ids));
		if (!ids)
			return bo_app_nomem(s->err);
		s->ids = ids;
		s->cap = cap;
	}
	s->ids[s->n++] = id;
	return 0;
}

/* The log scan's step, for a read model that cannot answer (below). */
static int scan_ids(void *ctx, const bo_event *e, const char *failure)
{
	id_set *s = ctx;
	int64_t id = bo_stream_id(e->stream, "product");

	if (!id)
		return 0;
	if (failure)
		return bo_err_set(s->err, BO_ESTORAGE,
				  "event at position %" PRId64
				  " cannot be read: %s",
				  e->position, failure);
	if (!bo_event_is_product(e->kind) || !e->product.sku ||
	    strcmp(e->product.sku, s->sku) != 0)
		return 0;
	return add_id(s, id);
}

/*
 * Whether the orders projector's product SKUs hold every Product* event:
 * built by this version of the projector and at the head of the log. Not
 * so on a store opened by a read command after an upgrade (a read never
 * rebuilds: the next write does), on a read-only one, or while events
 * imported wait for `projections run`.
 */
static int index_current(bo_app *app, int *out, bo_err *err)
{
	int64_t checkpoint, head;
	int version, rc;

	*out = 0;
	if ((rc = bo_rm_projector_get(&app->ports->rm, BO_PROJECTOR_INLINE,
				      &version, &checkpoint, err)) < 0 ||
	    (rc = bo_event_store_head(&app->ports->events, &head, err)) < 0)
		return rc;
	*out = version == bo_projector_orders.version && checkpoint >= head;
	return BO_OK;
}

/*
 * The ids of the products that ever carried sku into *s, in increasing
 * order (by the read model's product SKUs, an index read; by a scan of the
 * whole log only when that is not current); BO_ENOTFOUND when there are
 * none.
 */
static int find_ids(bo_app *app, const char *sku, id_set *s, bo_err *err)
{
	int current, rc;

	s->sku = sku;
	s->err = err;
	if ((rc = index_current(app, &current, err)) < 0)
		return rc;
	if (current)
		rc = bo_rm_product_ids_by_sku(&app->ports->rm, sku, add_id, s,
					      err);
	else
		rc = bo_event_store_scan(&app->ports->events, 0, scan_ids, s,
					 err);
	if (rc < 0)
		return rc;
	if (s->n == 0)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product %s has no history: no product ever "
				  "had that SKU",
				  sku);
	return BO_OK;
}

static int by_position(const void *a, const void *b)
{
	const bo_history_row *x = a, *y = b;
	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return (int)x->field - (int)y->field;
}

/* The rows of one product's stream into *out. */
static int stream_rows(bo_app *app, int64_t id, int only, bo_history *out,
		       bo_err *err)
{
	bo_event_list l = {0};
	char stream[48];
	const bo_product *prev = NULL;
	int rc;

	snprintf(stream, sizeof(stream), "product-%" PRId64, id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream, 0, &l,
					     err)) < 0)
		return rc;
	for (size_t i = 0; i < l.n && rc >= 0; i++) {
		if (!bo_event_is_product(l.items[i].kind))
			continue;
		rc = bo_product_history_diff(out, prev, &l.items[i], only,
					     &app->currency, err);
		prev = &l.items[i].product;
	}
	bo_event_list_clear(&l);
	return rc < 0 ? rc : BO_OK;
}

int bo_app_product_history(bo_app *app, const char *sku, int only,
			   bo_history *out, bo_err *err)
{
	id_set s = {0};
	bo_product cur = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_READ, err)) < 0)
		return rc;
	if ((rc = find_ids(app, sku, &s, err)) < 0)
		goto done;
	for (size_t i = 0; i < s.n && rc >= 0; i++)
		rc = stream_rows(app, s.ids[i], only, out, err);
	if (rc < 0)
		goto done;
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), by_position);
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, &cur, err);
	if (rc == BO_OK) {
		out->current_id = cur.id;
		out->current_row_version = cur.row_version;
	} else if (rc == BO_ENOTFOUND) {
		rc = BO_OK;
	}
done:
	bo_product_clear(&cur);
	free(s.ids);
	if (rc < 0)
		bo_history_clear(out);
	return rc;
}

void bo_product_revert_clear(bo_product_revert *r)
{
	if (!r)
		return;
	free(r->old_value);
	free(r->new_value);
	bo_product_clear(&r->product);
	memset(r, 0, sizeof(*r));
}

/* The snapshot of product id after its event at position, and whether the
 * stream ends deleted. */
static int snapshot_at(bo_app *app, int64_t id, int64_t position,
		       bo_product *out, int *deleted, int *found, bo_err *err)
{
	bo_event_list l = {0};
	char stream[48];
	int rc;

	snprintf(stream, sizeof(stream), "product-%" PRId64, id);
	if ((rc = bo_event_store_read_stream(&app->ports->events, stream, 0, &l,
					     err)) < 0)
		return rc;
	*found = 0;
	*deleted = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (l.items[i].kind == BO_EV_PRODUCT_DELETED)
			*deleted = 1;
		if (l.items[i].position == position &&
		    bo_event_is_product(l.items[i].kind)) {
			*found = 1;
			bo_product_clear(out);
			if (bo_product_copy(out, &l.items[i].product) < 0)
				rc = bo_app_nomem(err);
		}
	}
	bo_event_list_clear(&l);
	return rc;
}

static int revert(bo_app *app, const char *sku, bo_product_field field,
		  int64_t position, int64_t expected_row_version,
		  bo_product_revert *out, bo_err *err)
{
	id_set s = {0};
	bo_product then = {0}, now = {0};
	bo_product_edit edit = {0};
	char money[BO_MONEY_BUFSZ], rate[32], stock[32];
	int64_t owner = 0;
	int deleted = 0, found = 0, rc;

	memset(out, 0, sizeof(*out));
	out->field = field;
	if ((rc = bo_app_require(app, BO_CAP_PRODUCT_WRITE, err)) < 0)
		return rc;
	if ((unsigned)field >= BO_PF__COUNT)
		return bo_err_set(err, BO_EINVAL,
				  "field is not a product field");
	if (field == BO_PF_STATUS)
		return bo_err_set(
		    err, BO_EINVAL,
		    "status cannot be reverted: a retired product "
		    "is never made active again, and retiring "
		    "is its own command");
	if ((rc = find_ids(app, sku, &s, err)) < 0)
		goto done;
	for (size_t i = 0; i < s.n && !found; i++) {
		if ((rc = snapshot_at(app, s.ids[i], position, &then, &deleted,
				      &found, err)) < 0)
			goto done;
		owner = s.ids[i];
	}
	if (!found) {
		rc = bo_err_set(err, BO_ENOTFOUND,
				"event %" PRId64
				" is not in the history of product %s",
				position, sku);
		goto done;
	}
	rc = bo_product_repo_get_by_sku(&app->ports->products, sku, &now, err);
	if (rc == BO_ENOTFOUND || (rc == BO_OK && now.id != owner)) {
		rc = bo_err_set(err, BO_ECONFLICT,
				deleted ? "product %s was deleted; a deleted "
					  "product cannot be reverted"
					: "product %s no longer has this SKU; "
					  "revert it under its new one",
				sku);
		if (deleted && now.id && now.id != owner)
			rc = bo_err_set(err, BO_ECONFLICT,
					"event %" PRId64
					" belongs to an earlier product %s, "
					"deleted since; a deleted product "
					"cannot be reverted",
					position, sku);
		goto done;
	}
	if (rc < 0)
		goto done;
	if (expected_row_version > 0 &&
	    now.row_version != expected_row_version) {
		rc = bo_err_set(err, BO_ECONFLICT,
				"product %s was changed by someone else since "
				"you opened it; reload it",
				sku);
		goto done;
	}
	if (!(out->old_value =
		  bo_product_field_text(&now, field, 0, &app->currency)) ||
	    !(out->new_value =
		  bo_product_field_text(&then, field, 0, &app->currency))) {
		rc = bo_app_nomem(err);
		goto done;
	}
	if (strcmp(out->old_value, out->new_value) == 0) {
		/* Nothing to do: say so through changed = false. */
		out->changed = false;
		rc = bo_product_copy(&out->product, &now) < 0
			 ? bo_app_nomem(err)
			 : BO_OK;
		goto done;
	}
	switch (field) {
	case BO_PF_SKU:
		edit.sku = then.sku;
		break;
	case BO_PF_NAME:
		edit.name = then.name;
		break;
	case BO_PF_DESCRIPTION:
		edit.description = then.description ? then.description : "";
		break;
	case BO_PF_PRICE:
		edit.price = bo_money_format(money, then.price, &app->currency);
		break;
	case BO_PF_TAX_RATE:
		edit.tax_rate = bo_rate_format(rate, sizeof(rate), then.tax_bp);
		break;
	case BO_PF_LOW_STOCK:
		if (then.low_stock_threshold.set)
			snprintf(stock, sizeof(stock), "%" PRId64,
				 then.low_stock_threshold.value);
		else
			snprintf(stock, sizeof(stock), "default");
		edit.low_stock = stock;
		break;
	case BO_PF_CATEGORY:
		edit.category = then.category ? then.category : "";
		break;
	case BO_PF_TAGS:
		edit.tags = then.tags ? then.tags : "";
		break;
	case BO_PF_STOCK:
	default:
		if (then.stock == BO_STOCK_UNTRACKED)
			snprintf(stock, sizeof(stock), "none");
		else
			snprintf(stock, sizeof(stock), "%" PRId64, then.stock);
		edit.stock = stock;
		break;
	}
	/* A normal edit, checked against the version just compared with, so
	 * a change made meanwhile is a conflict rather than overwritten. */
	rc = bo_app_product_edit(app, sku, &edit, now.row_version,
				 &out->product, err);
	if (rc == BO_OK)
		out->changed = true;
done:
	bo_product_clear(&then);
	bo_product_clear(&now);
	free(s.ids);
	if (rc < 0)
		bo_product_revert_clear(out);
	return rc;
}

/* What a revert answered, as its command id keeps it: "yes" or "no", then
 * the old and the new value, each length-prefixed ("6:12.50 EUR"). */
static char *answer_text(const bo_product_revert *r)
{
	const char *o = r->old_value ? r->old_value : "";
	const char *n = r->new_value ? r->new_value : "";
	size_t size = strlen(o) + strlen(n) + 64;
	char *t = malloc(size);

	if (t)
		snprintf(t, size, "%s;%zu:%s;%zu:%s", r->changed ? "yes" : "no",
			 strlen(o), o, strlen(n), n);
	return t;
}

/* One length-prefixed value of answer_text at *p, copied; NULL when the
 * text is not what answer_text writes (or out of memory). */
static char *answer_value(const char **p)
{
	char *end;
	unsigned long long n = strtoull(*p, &end, 10);
	char *v;

	if (end == *p || *end != ':' || strlen(end + 1) < n)
		return NULL;
	if (!(v = strndup(end + 1, (size_t)n)))
		return NULL;
	*p = end + 1 + n;
	if (**p == ';')
		(*p)++;
	return v;
}

/* The answer recorded under the command id, and the product as it is. */
static int replay(bo_app *app, const char *sku, const char *text,
		  bo_product_revert *out, bo_err *err)
{
	const char *p = text ? strchr(text, ';') : NULL;

	if (!p)
		goto bad;
	out->changed = strncmp(text, "yes;", 4) == 0;
	p++;
	if (!(out->old_value = answer_value(&p)) ||
	    !(out->new_value = answer_value(&p)))
		goto bad;
	return bo_product_repo_get_by_sku(&app->ports->products, sku,
					  &out->product, err);
bad:
	return bo_err_set(err, BO_ESTORAGE,
			  "the answer recorded for command id %s cannot be "
			  "read",
			  app->command_id);
}

int bo_app_product_revert(bo_app *app, const char *sku, bo_product_field field,
			  int64_t position, int64_t expected_row_version,
			  bo_product_revert *out, bo_err *err)
{
	const char *id = app->command_id;
	char *seen = NULL, *answer = NULL;
	bo_fp fp;
	int rc;

	if (!id)
		return revert(app, sku, field, position, expected_row_version,
			      out, err);
	/* under a command id: the revert's own fingerprint, and its edit
	 * inside it without one (the id is the revert's) */
	memset(out, 0, sizeof(*out));
	bo_fp_init(&fp, app, "product revert");
	bo_fp_str(&fp, sku);
	bo_fp_int(&fp, field);
	bo_fp_int(&fp, position);
	bo_fp_int(&fp, expected_row_version);
	if ((rc = bo_store_begin(&app->ports->store, err)) < 0)
		goto out;
	rc = bo_app_command_lookup(app, &fp, &seen, err);
	if (rc == 1) {
		rc = replay(app, sku, seen, out, err);
		out->field = field;
		bo_store_rollback(&app->ports->store);
		goto out;
	}
	if (rc < 0) {
		bo_store_rollback(&app->ports->store);
		goto out;
	}
	app->command_id = NULL;
	rc = revert(app, sku, field, position, expected_row_version, out, err);
	app->command_id = id;
	if (rc == BO_OK && !(answer = answer_text(out)))
		rc = bo_app_nomem(err);
	if (rc < 0 || (rc = bo_app_command_record(app, &fp, answer, err)) < 0 ||
	    (rc = bo_store_commit(&app->ports->store, err)) < 0) {
		bo_store_rollback(&app->ports->store);
		goto out;
	}
out:
	if (rc < 0)
		bo_product_revert_clear(out);
	free(seen);
	free(answer);
	bo_fp_free(&fp);
	return rc;
}
