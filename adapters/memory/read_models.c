/* The in-memory order-side read models: order list, timeline, catalogue and checkpoints. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"

static bo_order_row *order_by_id(bo_mem_state *s, int64_t id)
{
	for (size_t i = 0; i < s->norders; i++)
		if (s->orders[i].id == id)
			return &s->orders[i];
	return NULL;
}

static int mem_order_get(void *self, int64_t id, bo_order_row *out, bo_err *err)
{
	bo_memory *m = self;
	bo_order_row *row = order_by_id(&m->cur, id);

	memset(out, 0, sizeof(*out));
	if (!row)
		return bo_err_set(err, BO_ENOTFOUND,
				  "order %" PRId64 " does not exist", id);
	if (bo_mem_order_row_copy(out, row))
		return bo_mem_nomem(err);
	return BO_OK;
}

static int mem_order_put(void *self, const bo_order_row *r, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_order_row *row, fresh;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write the order list", err)))
		return rc;
	if (bo_mem_order_row_copy(&fresh, r))
		return bo_mem_nomem(err);
	row = order_by_id(s, r->id);
	if (!row) {
		if (bo_mem_grow(&s->orders, s->norders, sizeof(bo_order_row))) {
			bo_order_row_clear(&fresh);
			return bo_mem_nomem(err);
		}
		row = &s->orders[s->norders++];
	}
	bo_order_row_clear(row);
	*row = fresh;
	return BO_OK;
}

static int order_matches(const bo_order_row *r, const bo_order_query *q)
{
	if (!q)
		return 1;
	if (q->status >= 0 && (int)r->status != q->status)
		return 0;
	if (r->id <= q->after_id)
		return 0;
	if (q->customer && *q->customer)
		return bo_mem_contains_ci(r->customer_email, q->customer) ||
		       bo_mem_contains_ci(r->customer_name, q->customer);
	return 1;
}

static int id_order(const void *a, const void *b)
{
	const bo_order_row *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Callbacks get copies, so they may use the store while the loop runs. */
static int mem_order_list(void *self, const bo_order_query *q,
			  bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_order_row *rows = NULL;
	size_t n = 0, i;
	int rc = BO_OK;

	if (s->norders && !(rows = calloc(s->norders, sizeof(*rows))))
		return bo_mem_nomem(err);
	for (i = 0; i < s->norders; i++) {
		if (!order_matches(&s->orders[i], q))
			continue;
		if (bo_mem_order_row_copy(&rows[n], &s->orders[i])) {
			rc = bo_mem_nomem(err);
			goto done;
		}
		n++;
	}
	if (n > 1)
		qsort(rows, n, sizeof(*rows), id_order);
	for (i = 0; i < n; i++) {
		if (q && q->limit > 0 && (int64_t)i >= q->limit)
			break;
		if ((rc = each(ctx, &rows[i])))
			break;
	}
done:
	for (i = 0; i < n; i++)
		bo_order_row_clear(&rows[i]);
	free(rows);
	return rc;
}

static int mem_timeline_add(void *self, const bo_timeline_row *r, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write the timeline", err)))
		return rc;
	for (size_t i = 0; i < s->ntimeline; i++)
		if (s->timeline[i].order_id == r->order_id &&
		    s->timeline[i].version == r->version)
			return bo_err_set(err, BO_ECONFLICT,
					  "order %" PRId64
					  " already has a timeline line for "
					  "version %" PRId64,
					  r->order_id, r->version);
	if (bo_mem_grow(&s->timeline, s->ntimeline, sizeof(bo_timeline_row)) ||
	    bo_mem_timeline_row_copy(&s->timeline[s->ntimeline], r))
		return bo_mem_nomem(err);
	s->ntimeline++;
	return BO_OK;
}

static int version_order(const void *a, const void *b)
{
	const bo_timeline_row *x = a, *y = b;

	return (x->version > y->version) - (x->version < y->version);
}

static int mem_timeline_list(void *self, int64_t order_id,
			     bo_timeline_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_timeline_row *rows = NULL;
	size_t n = 0, i;
	int rc = BO_OK;

	if (s->ntimeline && !(rows = calloc(s->ntimeline, sizeof(*rows))))
		return bo_mem_nomem(err);
	for (i = 0; i < s->ntimeline; i++) {
		if (s->timeline[i].order_id != order_id)
			continue;
		if (bo_mem_timeline_row_copy(&rows[n], &s->timeline[i])) {
			rc = bo_mem_nomem(err);
			goto done;
		}
		n++;
	}
	if (n > 1)
		qsort(rows, n, sizeof(*rows), version_order);
	for (i = 0; i < n; i++)
		if ((rc = each(ctx, &rows[i])))
			break;
done:
	for (i = 0; i < n; i++)
		bo_timeline_row_clear(&rows[i]);
	free(rows);
	return rc;
}

static int mem_catalog_put(void *self, const bo_product *p, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_product *row = NULL, fresh;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write the catalogue", err)))
		return rc;
	if (bo_mem_product_copy(&fresh, p))
		return bo_mem_nomem(err);
	for (size_t i = 0; i < s->ncatalog && !row; i++)
		if (s->catalog[i].id == p->id)
			row = &s->catalog[i];
	if (!row) {
		if (bo_mem_grow(&s->catalog, s->ncatalog, sizeof(bo_product))) {
			bo_product_clear(&fresh);
			return bo_mem_nomem(err);
		}
		row = &s->catalog[s->ncatalog++];
	}
	bo_product_clear(row);
	*row = fresh;
	return BO_OK;
}

static int mem_catalog_remove(void *self, int64_t product_id, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write the catalogue", err)))
		return rc;
	/* removing what is not there is fine: a replay may delete twice */
	for (size_t i = 0; i < s->ncatalog; i++) {
		if (s->catalog[i].id == product_id) {
			bo_product_clear(&s->catalog[i]);
			s->catalog[i] = s->catalog[--s->ncatalog];
			break;
		}
	}
	return BO_OK;
}

static int mem_catalog_get_by_sku(void *self, const char *sku, bo_product *out,
				  bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; sku && i < s->ncatalog; i++) {
		if (strcmp(s->catalog[i].sku, sku) == 0) {
			if (bo_mem_product_copy(out, &s->catalog[i]))
				return bo_mem_nomem(err);
			return BO_OK;
		}
	}
	return bo_err_set(err, BO_ENOTFOUND,
			  "product %s is not in the catalogue",
			  sku ? sku : "(none)");
}

static int mem_reset(void *self, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	size_t i;
	int rc;

	if ((rc = bo_mem_need_tx(m, "reset the read models", err)))
		return rc;
	for (i = 0; i < s->norders; i++)
		bo_order_row_clear(&s->orders[i]);
	for (i = 0; i < s->ntimeline; i++)
		bo_timeline_row_clear(&s->timeline[i]);
	for (i = 0; i < s->ncatalog; i++)
		bo_product_clear(&s->catalog[i]);
	for (i = 0; i < s->ncheckpoints; i++)
		free(s->checkpoints[i].name);
	s->norders = s->ntimeline = s->ncatalog = s->ncheckpoints = 0;
	return BO_OK;
}

static int mem_checkpoint_get(void *self, const char *projector, int64_t *out,
			      bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;

	(void)err;
	*out = 0;
	for (size_t i = 0; i < s->ncheckpoints; i++)
		if (strcmp(s->checkpoints[i].name, projector) == 0)
			*out = s->checkpoints[i].value;
	return BO_OK;
}

static int mem_checkpoint_set(void *self, const char *projector,
			      int64_t position, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	int rc;

	if ((rc = bo_mem_need_tx(m, "move a checkpoint", err)))
		return rc;
	for (size_t i = 0; i < s->ncheckpoints; i++) {
		if (strcmp(s->checkpoints[i].name, projector) == 0) {
			s->checkpoints[i].value = position;
			return BO_OK;
		}
	}
	if (bo_mem_grow(&s->checkpoints, s->ncheckpoints, sizeof(bo_mem_num)) ||
	    bo_mem_dup(&s->checkpoints[s->ncheckpoints].name, projector))
		return bo_mem_nomem(err);
	s->checkpoints[s->ncheckpoints++].value = position;
	return BO_OK;
}

const bo_read_models_ops bo_mem_read_models_ops = {
    .version = BO_READ_MODELS_OPS_VERSION,
    .order_get = mem_order_get,
    .order_put = mem_order_put,
    .order_list = mem_order_list,
    .timeline_add = mem_timeline_add,
    .timeline_list = mem_timeline_list,
    .catalog_put = mem_catalog_put,
    .catalog_remove = mem_catalog_remove,
    .catalog_get_by_sku = mem_catalog_get_by_sku,
    .reset = mem_reset,
    .checkpoint_get = mem_checkpoint_get,
    .checkpoint_set = mem_checkpoint_set,
};
