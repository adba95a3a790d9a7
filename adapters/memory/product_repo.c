/* The in-memory product rows: unique SKUs, optimistic row versions, SKU-ordered listing. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

static bo_product *by_id(bo_mem_state *s, int64_t id)
{
	for (size_t i = 0; i < s->nproducts; i++)
		if (s->products[i].id == id)
			return &s->products[i];
	return NULL;
}

static bo_product *by_sku(bo_mem_state *s, const char *sku)
{
	for (size_t i = 0; i < s->nproducts; i++)
		if (strcmp(s->products[i].sku, sku) == 0)
			return &s->products[i];
	return NULL;
}

static int mem_insert(void *self, bo_product *p, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_product *row;
	int64_t id;
	int rc;

	if ((rc = bo_mem_need_tx(m, "insert a product", err)))
		return rc;
	if (!p->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	if (by_sku(s, p->sku))
		return bo_err_set(err, BO_ECONFLICT, "SKU %s is already taken",
				  p->sku);
	id = p->id ? p->id : s->last_product_id + 1;
	if (id < 0)
		return bo_err_set(err, BO_EINVAL,
				  "product id %" PRId64 " is not positive", id);
	if (by_id(s, id))
		return bo_err_set(err, BO_ECONFLICT,
				  "product id %" PRId64 " is already taken",
				  id);
	if (bo_mem_grow(&s->products, s->nproducts, sizeof(bo_product)))
		return bo_mem_nomem(err);
	row = &s->products[s->nproducts];
	if (bo_mem_product_copy(row, p))
		return bo_mem_nomem(err);
	row->id = id;
	row->row_version = 1;
	s->nproducts++;
	if (id > s->last_product_id)
		s->last_product_id = id;
	p->id = id;
	p->row_version = 1;
	return BO_OK;
}

/* The row with id at expected_row_version, or the reason it cannot be had. */
static int find_current(bo_mem_state *s, int64_t id, int64_t expected,
			bo_product **out, bo_err *err)
{
	*out = by_id(s, id);
	if (!*out)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product %" PRId64 " does not exist", id);
	if ((*out)->row_version != expected)
		return bo_err_set(err, BO_ECONFLICT,
				  "product %s was changed by someone else",
				  (*out)->sku);
	return BO_OK;
}

static int mem_update(void *self, bo_product *p, int64_t expected_row_version,
		      bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_product *row, *other, fresh;
	int rc;

	if ((rc = bo_mem_need_tx(m, "update a product", err)))
		return rc;
	if ((rc = find_current(s, p->id, expected_row_version, &row, err)))
		return rc;
	if (!p->sku)
		return bo_err_set(err, BO_EINVAL, "sku is required");
	other = by_sku(s, p->sku);
	if (other && other != row)
		return bo_err_set(err, BO_ECONFLICT, "SKU %s is already taken",
				  p->sku);
	if (bo_mem_product_copy(&fresh, p))
		return bo_mem_nomem(err);
	fresh.row_version = expected_row_version + 1;
	bo_product_clear(row);
	*row = fresh;
	p->row_version = fresh.row_version;
	return BO_OK;
}

static int mem_remove(void *self, int64_t id, int64_t expected_row_version,
		      bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_product *row;
	int rc;

	if ((rc = bo_mem_need_tx(m, "delete a product", err)))
		return rc;
	if ((rc = find_current(s, id, expected_row_version, &row, err)))
		return rc;
	bo_product_clear(row);
	*row = s->products[--s->nproducts];
	return BO_OK;
}

static int give(bo_product *out, const bo_product *row, bo_err *err)
{
	if (bo_mem_product_copy(out, row))
		return bo_mem_nomem(err);
	return BO_OK;
}

static int mem_get_by_sku(void *self, const char *sku, bo_product *out,
			  bo_err *err)
{
	bo_memory *m = self;
	bo_product *row = sku ? by_sku(&m->cur, sku) : NULL;

	memset(out, 0, sizeof(*out));
	if (!row)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product %s does not exist",
				  sku ? sku : "(none)");
	return give(out, row, err);
}

static int mem_get_by_id(void *self, int64_t id, bo_product *out, bo_err *err)
{
	bo_memory *m = self;
	bo_product *row = by_id(&m->cur, id);

	memset(out, 0, sizeof(*out));
	if (!row)
		return bo_err_set(err, BO_ENOTFOUND,
				  "product %" PRId64 " does not exist", id);
	return give(out, row, err);
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* x against y in q's order: the sort column, then the SKU, maybe reversed. */
static int compare(const bo_product *x, const bo_product *y,
		   const bo_product_query *q)
{
	int c = 0;

	switch (q ? q->sort : BO_PRODUCT_SORT_SKU) {
	case BO_PRODUCT_SORT_NAME:
		c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
		break;
	case BO_PRODUCT_SORT_PRICE:
		c = cmp_i64(x->price, y->price);
		break;
	case BO_PRODUCT_SORT_TAX:
		c = cmp_i64(x->tax_bp, y->tax_bp);
		break;
	case BO_PRODUCT_SORT_STOCK:
		c = cmp_i64(x->stock, y->stock);
		break;
	case BO_PRODUCT_SORT_STATUS:
		c = cmp_i64(x->retired, y->retired);
		break;
	default:
		break;
	}
	if (c == 0)
		c = strcmp(x->sku, y->sku);
	return q && q->descending ? -c : c;
}

/* The paging position as a row, so it compares like one. */
static void after_row(bo_product *out, const bo_product_query *q)
{
	memset(out, 0, sizeof(*out));
	out->sku = (char *)q->after_sku;
	out->name = (char *)q->after_name;
	out->price = q->after_value;
	out->tax_bp = (int32_t)q->after_value;
	out->stock = q->after_value;
	out->retired = q->after_value != 0;
}

static int matches(const bo_product *p, const bo_product_query *q,
		   const bo_product *after)
{
	if (!q)
		return !p->retired;
	if (q->retired_only ? !p->retired : !q->include_retired && p->retired)
		return 0;
	if (q->after_sku && compare(p, after, q) <= 0)
		return 0;
	if (q->category && !bo_category_under(p->category, q->category))
		return 0;
	for (size_t i = 0; i < q->ntags; i++)
		if (!bo_tags_has(p->tags, q->tags[i]))
			return 0;
	if ((q->stock == BO_STOCK_FILTER_OUT && p->stock != 0) ||
	    (q->stock == BO_STOCK_FILTER_UNTRACKED &&
	     p->stock != BO_STOCK_UNTRACKED) ||
	    (q->stock == BO_STOCK_FILTER_LOW &&
	     (p->stock == BO_STOCK_UNTRACKED ||
	      p->stock > (p->low_stock_threshold.set
			      ? p->low_stock_threshold.value
			      : q->low_stock_default))))
		return 0;
	if ((q->price_min.set && p->price < q->price_min.value) ||
	    (q->price_max.set && p->price > q->price_max.value))
		return 0;
	if (q->search && *q->search)
		return bo_mem_contains_ci(p->sku, q->search) ||
		       bo_mem_contains_ci(p->name, q->search);
	return 1;
}

/* Insertion sort: qsort takes no context, and memory stores stay small. */
static void sort_rows(bo_product *rows, size_t n, const bo_product_query *q)
{
	for (size_t i = 1; i < n; i++) {
		bo_product hold = rows[i];
		size_t j = i;

		while (j > 0 && compare(&rows[j - 1], &hold, q) > 0) {
			rows[j] = rows[j - 1];
			j--;
		}
		rows[j] = hold;
	}
}

/*
 * The callback gets copies, so it may use the store (even write to it)
 * without pulling rows from under the loop.
 */
static int mem_list(void *self, const bo_product_query *q,
		    bo_product_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_product *rows = NULL, after = {0};
	size_t n = 0, i;
	int rc = BO_OK;

	if (q && (q->sort < 0 || q->sort >= BO_PRODUCT_SORT__COUNT))
		return bo_err_set(err, BO_EINVAL, "product sort %d is unknown",
				  (int)q->sort);
	if (q)
		after_row(&after, q);
	if (s->nproducts && !(rows = calloc(s->nproducts, sizeof(*rows))))
		return bo_mem_nomem(err);
	for (i = 0; i < s->nproducts; i++) {
		if (!matches(&s->products[i], q, &after))
			continue;
		if (bo_mem_product_copy(&rows[n], &s->products[i])) {
			rc = bo_mem_nomem(err);
			goto done;
		}
		n++;
	}
	sort_rows(rows, n, q);
	for (i = 0; i < n; i++) {
		if (q && q->limit > 0 && (int64_t)i >= q->limit)
			break;
		if ((rc = each(ctx, &rows[i])) < 0)
			break;
	}
done:
	for (i = 0; i < n; i++)
		bo_product_clear(&rows[i]);
	free(rows);
	return rc;
}

const bo_product_repo_ops bo_mem_product_repo_ops = {
    .version = BO_PRODUCT_REPO_OPS_VERSION,
    .insert = mem_insert,
    .update = mem_update,
    .remove = mem_remove,
    .get_by_sku = mem_get_by_sku,
    .get_by_id = mem_get_by_id,
    .list = mem_list,
    .bulk_put = bo_mem_bulk_put,
    .bulk_get = bo_mem_bulk_get,
    .bulk_list = bo_mem_bulk_list,
    .bulk_set_undone = bo_mem_bulk_set_undone,
};
