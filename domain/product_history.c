/* The per-field diff of product snapshots behind `product history`. */
#include "product_history.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const field_names[BO_PF__COUNT] = {
    "sku",   "name",      "description", "price",    "tax_rate",
    "stock", "low_stock", "status",      "category", "tags"};

const char *bo_product_field_name(bo_product_field f)
{
	return (unsigned)f < BO_PF__COUNT ? field_names[f] : "?";
}

int bo_product_field_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < BO_PF__COUNT; i++)
		if (strcmp(name, field_names[i]) == 0)
			return i;
	if (strcmp(name, "tax-rate") == 0)
		return BO_PF_TAX_RATE;
	return strcmp(name, "low-stock") == 0 ? BO_PF_LOW_STOCK : -1;
}

int bo_product_field_parse(bo_product_field *out, const char *name,
			   const char *what, bo_err *err)
{
	int f = bo_product_field_from_name(name);

	if (f < 0)
		return bo_err_set(
		    err, BO_EINVAL,
		    "%s must be sku, name, description, price, "
		    "tax_rate, stock, low_stock, status, category "
		    "or tags",
		    what);
	*out = (bo_product_field)f;
	return BO_OK;
}

void bo_history_clear(bo_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->rows[i].user);
		free(h->rows[i].role);
		free(h->rows[i].bulk_id);
		free(h->rows[i].old_value);
		free(h->rows[i].new_value);
		free(h->rows[i].reason);
		free(h->rows[i].note);
	}
	free(h->rows);
	memset(h, 0, sizeof(*h));
}

char *bo_product_field_text(const bo_product *p, bo_product_field f,
			    int deleted, const bo_currency *cur)
{
	char buf[BO_MONEY_BUFSZ + 8], money[BO_MONEY_BUFSZ], rate[32];

	switch (f) {
	case BO_PF_SKU:
		return bo_strdup(p->sku ? p->sku : "");
	case BO_PF_NAME:
		return bo_strdup(p->name ? p->name : "");
	case BO_PF_DESCRIPTION:
		return bo_strdup(p->description ? p->description : "");
	case BO_PF_PRICE:
		snprintf(buf, sizeof(buf), "%s %s",
			 bo_money_format(money, p->price, cur), cur->code);
		return bo_strdup(buf);
	case BO_PF_TAX_RATE:
		snprintf(buf, sizeof(buf), "%s%%",
			 bo_rate_format(rate, sizeof(rate), p->tax_bp));
		return bo_strdup(buf);
	case BO_PF_STOCK:
		if (p->stock == BO_STOCK_UNTRACKED)
			return bo_strdup("none");
		snprintf(buf, sizeof(buf), "%" PRId64, p->stock);
		return bo_strdup(buf);
	case BO_PF_LOW_STOCK:
		/* the tenant's threshold applies: "default", as edit takes it */
		if (!p->low_stock_threshold.set)
			return bo_strdup("default");
		snprintf(buf, sizeof(buf), "%" PRId64,
			 p->low_stock_threshold.value);
		return bo_strdup(buf);
	case BO_PF_CATEGORY:
		return bo_strdup(p->category ? p->category : "");
	case BO_PF_TAGS:
		return bo_strdup(p->tags ? p->tags : "");
	case BO_PF_STATUS:
	default:
		return bo_strdup(deleted      ? "deleted"
				 : p->retired ? "retired"
					      : "active");
	}
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether field f differs between a and b (status by retired alone). */
static int field_changed(const bo_product *a, const bo_product *b,
			 bo_product_field f)
{
	switch (f) {
	case BO_PF_SKU:
		return !same_text(a->sku, b->sku);
	case BO_PF_NAME:
		return !same_text(a->name, b->name);
	case BO_PF_DESCRIPTION:
		return !same_text(a->description, b->description);
	case BO_PF_PRICE:
		return a->price != b->price;
	case BO_PF_TAX_RATE:
		return a->tax_bp != b->tax_bp;
	case BO_PF_STOCK:
		return a->stock != b->stock;
	case BO_PF_LOW_STOCK:
		return a->low_stock_threshold.set != b->low_stock_threshold.set ||
		       (a->low_stock_threshold.set &&
			a->low_stock_threshold.value !=
			    b->low_stock_threshold.value);
	case BO_PF_CATEGORY:
		return !same_text(a->category, b->category);
	case BO_PF_TAGS:
		return !same_text(a->tags, b->tags);
	case BO_PF_STATUS:
	default:
		return a->retired != b->retired;
	}
}

static int push_row(bo_history *h, const bo_event *e, bo_product_field f,
		    char *old_value, char *new_value, bo_err *err)
{
	bo_history_row *r;

	if (!new_value)
		goto nomem;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		bo_history_row *rows = realloc(h->rows, cap * sizeof(*rows));
		if (!rows)
			goto nomem;
		h->rows = rows;
		h->cap = cap;
	}
	r = &h->rows[h->n];
	memset(r, 0, sizeof(*r));
	r->position = e->position;
	r->version = e->version;
	r->product_id = e->product.id;
	r->recorded_at = e->recorded_at;
	r->kind = e->kind;
	r->field = f;
	r->user = bo_strdup(e->meta.user ? e->meta.user : "");
	r->role = bo_strdup(e->meta.role ? e->meta.role : "");
	if (e->kind == BO_EV_PRODUCT_STOCK_ADJUSTED) {
		r->reason = bo_strdup(e->reason ? e->reason : "");
		r->note = e->text ? bo_strdup(e->text) : NULL;
	}
	r->bulk_id = e->meta.bulk_id ? bo_strdup(e->meta.bulk_id) : NULL;
	if (!r->user || !r->role || (e->meta.bulk_id && !r->bulk_id) ||
	    (e->kind == BO_EV_PRODUCT_STOCK_ADJUSTED &&
	     (!r->reason || (e->text && !r->note)))) {
		free(r->user);
		free(r->role);
		free(r->bulk_id);
		free(r->reason);
		free(r->note);
		goto nomem;
	}
	r->old_value = old_value;
	r->new_value = new_value;
	h->n++;
	return BO_OK;
nomem:
	free(old_value);
	free(new_value);
	return bo_err_set(err, BO_ENOMEM, "out of memory");
}

/* A row of field f from prev (NULL: none) to now. */
static int add_change(bo_history *h, const bo_event *e, const bo_product *prev,
		      int prev_deleted, bo_product_field f, int deleted,
		      const bo_currency *cur, bo_err *err)
{
	char *old_value = NULL;

	if (prev &&
	    !(old_value = bo_product_field_text(prev, f, prev_deleted, cur)))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	return push_row(h, e, f, old_value,
			bo_product_field_text(&e->product, f, deleted, cur),
			err);
}

int bo_product_history_diff(bo_history *h, const bo_product *prev,
			    const bo_event *e, int only, const bo_currency *cur,
			    bo_err *err)
{
	int rc;

	if (!bo_event_is_product(e->kind))
		return BO_OK;
	if (e->kind == BO_EV_PRODUCT_DELETED) {
		if (only >= 0 && only != BO_PF_STATUS)
			return BO_OK;
		return add_change(h, e, prev ? prev : &e->product, 0,
				  BO_PF_STATUS, 1, cur, err);
	}
	for (int f = 0; f < BO_PF__COUNT; f++) {
		if (only >= 0 && only != f)
			continue;
		/* a creation lists what it set: not an empty description,
		 * nor the tenant's threshold a product starts with */
		if (prev ? !field_changed(prev, &e->product, f)
			 : (f == BO_PF_DESCRIPTION &&
			    same_text(e->product.description, "")) ||
			       (f == BO_PF_LOW_STOCK &&
				!e->product.low_stock_threshold.set) ||
			       (f == BO_PF_CATEGORY && !e->product.category) ||
			       (f == BO_PF_TAGS && !e->product.tags))
			continue;
		if ((rc = add_change(h, e, prev, 0, f, 0, cur, err)) < 0)
			return rc;
	}
	return BO_OK;
}
