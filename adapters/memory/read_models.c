/* The in-memory order-side read models: order list, timeline, catalogue, projector state, checkpoints. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"
#include "domain/search_keys.h"

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
	bo_order_row *row = order_by_id(bo_mem_rm_state(m), id);

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
	bo_mem_state *s = bo_mem_rm_state(m);
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

/* A row's place in a sorted query: its key against the anchor's, then
 * the id (see bo_order_query). */
static int sort_cmp(const bo_order_row *r, int sort, int64_t value,
		    const char *text, int64_t id)
{
	int c = 0;

	if (sort == BO_ORDER_SORT_CUSTOMER) {
		char *key = bo_order_customer_key(r);

		c = key ? strcmp(key, text ? text : "") : 0;
		free(key);
		c = (c > 0) - (c < 0);
	} else {
		int64_t k = sort == BO_ORDER_SORT_PLACED  ? r->placed_at
			    : sort == BO_ORDER_SORT_TOTAL ? r->total
							  : (int64_t)r->status;

		c = (k > value) - (k < value);
	}
	return c ? c : (r->id > id) - (r->id < id);
}

static int order_matches(const bo_order_row *r, const bo_order_query *q)
{
	if (!q)
		return 1;
	if (q->status >= 0 && (int)r->status != q->status)
		return 0;
	if (q->sort != BO_ORDER_SORT_NUMBER) {
		int c = q->after_id > 0 ? sort_cmp(r, q->sort, q->after_value,
						   q->after_text, q->after_id)
			: q->descending ? -1
					: 1;

		if (q->descending ? c >= 0 : c <= 0)
			return 0;
	} else if (q->descending ? q->after_id > 0 && r->id >= q->after_id
				 : r->id <= q->after_id)
		return 0;
	if (q->placed_from && r->placed_at < q->placed_from)
		return 0;
	if (q->placed_to && r->placed_at >= q->placed_to)
		return 0;
	if (q->refunds &&
	    (r->refunded <= 0 ||
	     (q->refunds == BO_REFUNDS_FULL && r->refunded < r->paid) ||
	     (q->refunds == BO_REFUNDS_PART && r->refunded >= r->paid)))
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

static int id_order_desc(const void *a, const void *b)
{
	return id_order(b, a);
}

static int sort_of_qsort; /* the sort the comparators below use */

static int key_order(const void *a, const void *b)
{
	const bo_order_row *y = b;
	char *text = sort_of_qsort == BO_ORDER_SORT_CUSTOMER
			 ? bo_order_customer_key(y)
			 : NULL;
	int64_t v = sort_of_qsort == BO_ORDER_SORT_PLACED  ? y->placed_at
		    : sort_of_qsort == BO_ORDER_SORT_TOTAL ? y->total
							   : (int64_t)y->status;
	int c = sort_cmp(a, sort_of_qsort, v, text, y->id);

	free(text);
	return c;
}

static int key_order_desc(const void *a, const void *b)
{
	return key_order(b, a);
}

/* Callbacks get copies, so they may use the store while the loop runs. */
static int mem_order_list(void *self, const bo_order_query *q,
			  bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = bo_mem_rm_state(m);
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
	if (n > 1 && q && q->sort != BO_ORDER_SORT_NUMBER) {
		sort_of_qsort = q->sort;
		qsort(rows, n, sizeof(*rows),
		      q->descending ? key_order_desc : key_order);
	} else if (n > 1)
		qsort(rows, n, sizeof(*rows),
		      q && q->descending ? id_order_desc : id_order);
	for (i = 0; i < n; i++) {
		if (q && q->limit > 0 && (int64_t)i >= q->limit)
			break;
		if ((rc = each(ctx, &rows[i])) < 0)
			break;
	}
done:
	for (i = 0; i < n; i++)
		bo_order_row_clear(&rows[i]);
	free(rows);
	return rc;
}

static int mem_order_count(void *self, const bo_order_query *q, int64_t *out,
			   bo_err *err)
{
	bo_mem_state *s = bo_mem_rm_state(self);
	bo_order_query f = {.status = -1};

	(void)err;
	if (q) {
		f.status = q->status;
		f.customer = q->customer;
		f.placed_from = q->placed_from;
		f.placed_to = q->placed_to;
		f.refunds = q->refunds;
	}
	*out = 0;
	for (size_t i = 0; i < s->norders; i++)
		*out += order_matches(&s->orders[i], &f);
	return BO_OK;
}

/* ---- search keys ----------------------------------------------------------- */

int bo_mem_key_copy(bo_mem_key *dst, const bo_mem_key *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->order_id = src->order_id;
	if (bo_mem_dup(&dst->kind, src->kind) ||
	    bo_mem_dup(&dst->key, src->key)) {
		free(dst->kind);
		free(dst->key);
		memset(dst, 0, sizeof(*dst));
		return BO_ENOMEM;
	}
	return BO_OK;
}

void bo_mem_keys_free(bo_mem_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(keys[i].kind);
		free(keys[i].key);
	}
	free(keys);
}

static int mem_key_add(void *self, int64_t order_id, const char *kind,
		       const char *key, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = bo_mem_rm_state(m);
	bo_mem_key k = {
	    .order_id = order_id, .kind = (char *)kind, .key = (char *)key};
	int rc;

	if ((rc = bo_mem_need_tx(m, "write the search keys", err)))
		return rc;
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].order_id == order_id &&
		    strcmp(s->keys[i].kind, kind) == 0 &&
		    strcmp(s->keys[i].key, key) == 0)
			return BO_OK;
	if (bo_mem_grow(&s->keys, s->nkeys, sizeof(*s->keys)) ||
	    bo_mem_key_copy(&s->keys[s->nkeys], &k))
		return bo_mem_nomem(err);
	s->nkeys++;
	return BO_OK;
}

/* Whether the key k lies in [text, hi) in byte order, of the kind asked. */
static int key_in(const bo_mem_key *k, const bo_order_find *q, const char *hi)
{
	return strcmp(k->key, q->text) >= 0 && strcmp(k->key, hi) < 0 &&
	       (!q->kind || strcmp(k->kind, q->kind) == 0);
}

static int find_matches(bo_mem_state *s, const bo_order_row *r,
			const bo_order_find *q, const char *hi)
{
	if (q->descending ? q->after_id > 0 && r->id >= q->after_id
			  : r->id <= q->after_id)
		return 0;
	if (q->order_id > 0 && r->id == q->order_id)
		return 1;
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].order_id == r->id && key_in(&s->keys[i], q, hi))
			return 1;
	return 0;
}

/* The same rule as the SQL adapters', by a walk of every order. */
static int mem_order_find(void *self, const bo_order_find *q,
			  bo_order_row_each_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = bo_mem_rm_state(m);
	bo_order_row *rows = NULL;
	char *hi = NULL;
	size_t n = 0, i;
	int rc = BO_OK;

	if (bo_search_upper(&hi, q->text, q->exact) != BO_OK)
		return bo_mem_nomem(err);
	if (s->norders && !(rows = calloc(s->norders, sizeof(*rows)))) {
		free(hi);
		return bo_mem_nomem(err);
	}
	for (i = 0; i < s->norders; i++) {
		if (!find_matches(s, &s->orders[i], q, hi))
			continue;
		if (bo_mem_order_row_copy(&rows[n], &s->orders[i])) {
			rc = bo_mem_nomem(err);
			goto done;
		}
		n++;
	}
	if (n > 1)
		qsort(rows, n, sizeof(*rows),
		      q->descending ? id_order_desc : id_order);
	for (i = 0; i < n; i++) {
		if (q->limit > 0 && (int64_t)i >= q->limit)
			break;
		if ((rc = each(ctx, &rows[i])) < 0)
			break;
	}
done:
	for (i = 0; i < n; i++)
		bo_order_row_clear(&rows[i]);
	free(rows);
	free(hi);
	return rc;
}

static int mem_timeline_add(void *self, const bo_timeline_row *r, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = bo_mem_rm_state(m);
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
	bo_mem_state *s = bo_mem_rm_state(m);
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
		if ((rc = each(ctx, &rows[i])) < 0)
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
	bo_mem_state *s = bo_mem_rm_state(m);
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
	bo_mem_state *s = bo_mem_rm_state(m);
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
	bo_mem_state *s = bo_mem_rm_state(m);

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

/* ---- product SKUs -------------------------------------------------------- */

int bo_mem_sku_copy(bo_mem_sku *dst, const bo_mem_sku *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->product_id = src->product_id;
	return bo_mem_dup(&dst->sku, src->sku) ? BO_ENOMEM : BO_OK;
}

void bo_mem_skus_free(bo_mem_sku *skus, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(skus[i].sku);
	free(skus);
}

static int mem_product_sku_add(void *self, const char *sku, int64_t product_id,
			       bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = bo_mem_rm_state(m);
	bo_mem_sku k = {.sku = (char *)sku, .product_id = product_id};
	int rc;

	if ((rc = bo_mem_need_tx(m, "write the product SKUs", err)))
		return rc;
	for (size_t i = 0; i < s->nskus; i++)
		if (s->skus[i].product_id == product_id &&
		    strcmp(s->skus[i].sku, sku) == 0)
			return BO_OK;
	if (bo_mem_grow(&s->skus, s->nskus, sizeof(*s->skus)) ||
	    bo_mem_sku_copy(&s->skus[s->nskus], &k))
		return bo_mem_nomem(err);
	s->nskus++;
	return BO_OK;
}

static int id_increasing(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int mem_product_ids_by_sku(void *self, const char *sku,
				  bo_product_id_each_fn each, void *ctx,
				  bo_err *err)
{
	bo_mem_state *s = bo_mem_rm_state(self);
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc = BO_OK;

	if (s->nskus && !(ids = calloc(s->nskus, sizeof(*ids))))
		return bo_mem_nomem(err);
	for (i = 0; i < s->nskus; i++)
		if (strcmp(s->skus[i].sku, sku) == 0)
			ids[n++] = s->skus[i].product_id;
	if (n > 1)
		qsort(ids, n, sizeof(*ids), id_increasing);
	for (i = 0; i < n && rc >= 0; i++)
		rc = each(ctx, ids[i]);
	free(ids);
	return rc < 0 ? rc : BO_OK;
}

static int mem_reset(void *self, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = bo_mem_rm_state(m);
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
	bo_mem_keys_free(s->keys, s->nkeys);
	s->keys = NULL;
	bo_mem_skus_free(s->skus, s->nskus);
	s->skus = NULL;
	s->norders = s->ntimeline = s->ncatalog = s->nkeys = s->nskus = 0;
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

static bo_mem_projector *projector_by_name(bo_mem_state *s, const char *name)
{
	for (size_t i = 0; i < s->nprojectors; i++)
		if (strcmp(s->projectors[i].name, name) == 0)
			return &s->projectors[i];
	return NULL;
}

static int mem_projector_get(void *self, const char *name, int *version,
			     int64_t *checkpoint, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_projector *pr = projector_by_name(&m->cur, name);

	(void)err;
	*version = pr ? pr->version : 0;
	*checkpoint = pr ? pr->checkpoint : 0;
	return BO_OK;
}

/* The named projector's state, created (version 0) when missing. */
static int projector_row(bo_memory *m, const char *name, bo_mem_projector **out,
			 bo_err *err)
{
	bo_mem_state *s = &m->cur;
	int rc;

	if ((rc = bo_mem_need_tx(m, "record a projector's state", err)))
		return rc;
	if ((*out = projector_by_name(s, name)))
		return BO_OK;
	if (bo_mem_grow(&s->projectors, s->nprojectors,
			sizeof(bo_mem_projector)) ||
	    bo_mem_dup(&s->projectors[s->nprojectors].name, name))
		return bo_mem_nomem(err);
	*out = &s->projectors[s->nprojectors++];
	return BO_OK;
}

static int mem_projector_set(void *self, const char *name, int version,
			     int64_t checkpoint, bo_err *err)
{
	bo_mem_projector *pr;
	int rc = projector_row(self, name, &pr, err);

	if (rc)
		return rc;
	pr->version = version;
	pr->checkpoint = checkpoint;
	return BO_OK;
}

static int mem_projector_advance(void *self, const char *name,
				 int64_t checkpoint, bo_err *err)
{
	bo_mem_projector *pr;
	int rc = projector_row(self, name, &pr, err);

	if (rc)
		return rc;
	pr->checkpoint = checkpoint;
	return BO_OK;
}

/* ---- verify: a copy of the tables and the rows that differ ---------------- */

static int mem_snapshot(void *self, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_mem_snapshot *snap = &m->snap;
	size_t i;
	int rc;

	if ((rc = bo_mem_need_tx(m, "copy the read models aside", err)))
		return rc;
	bo_mem_snapshot_free(snap);
	snap->taken = 1;
	if ((s->norders &&
	     !(snap->orders = calloc(s->norders, sizeof(*snap->orders)))) ||
	    (s->ntimeline && !(snap->timeline = calloc(
				   s->ntimeline, sizeof(*snap->timeline)))) ||
	    (s->ncatalog &&
	     !(snap->catalog = calloc(s->ncatalog, sizeof(*snap->catalog)))) ||
	    (s->nkeys &&
	     !(snap->keys = calloc(s->nkeys, sizeof(*snap->keys)))) ||
	    (s->nskus && !(snap->skus = calloc(s->nskus, sizeof(*snap->skus)))))
		goto nomem;
	for (i = 0; i < s->nskus; i++, snap->nskus++)
		if (bo_mem_sku_copy(&snap->skus[i], &s->skus[i]))
			goto nomem;
	for (i = 0; i < s->nkeys; i++, snap->nkeys++)
		if (bo_mem_key_copy(&snap->keys[i], &s->keys[i]))
			goto nomem;
	for (i = 0; i < s->norders; i++, snap->norders++)
		if (bo_mem_order_row_copy(&snap->orders[i], &s->orders[i]))
			goto nomem;
	for (i = 0; i < s->ntimeline; i++, snap->ntimeline++)
		if (bo_mem_timeline_row_copy(&snap->timeline[i],
					     &s->timeline[i]))
			goto nomem;
	for (i = 0; i < s->ncatalog; i++, snap->ncatalog++)
		if (bo_mem_product_copy(&snap->catalog[i], &s->catalog[i]))
			goto nomem;
	return BO_OK;
nomem:
	bo_mem_snapshot_free(snap);
	return bo_mem_nomem(err);
}

void bo_mem_col_int(bo_mem_row *r, const char *name, int64_t v)
{
	if (r->row.ncols < BO_MEM_ROW_COLS)
		r->cols[r->row.ncols++] =
		    (bo_row_column){.name = name, .kind = BO_VALUE_INT, .i = v};
}

void bo_mem_col_text(bo_mem_row *r, const char *name, const char *t)
{
	if (r->row.ncols < BO_MEM_ROW_COLS)
		r->cols[r->row.ncols++] =
		    (bo_row_column){.name = name,
				    .kind = t ? BO_VALUE_TEXT : BO_VALUE_NULL,
				    .text = t};
}

/* The columns of order_list, order_timeline and catalog as 001_init.sql
 * declares them, of order_keys as 007_order_keys.sql does, and of
 * product_skus as 012_product_skus.sql does. */
static void order_fill(bo_mem_row *out, const void *src)
{
	const bo_order_row *r = src;

	memcpy(out->cur, r->currency, 3);
	bo_mem_col_int(out, "id", r->id);
	bo_mem_col_int(out, "version", r->version);
	bo_mem_col_text(out, "status", bo_order_status_name(r->status));
	bo_mem_col_text(out, "currency", out->cur);
	bo_mem_col_text(out, "customer_email", r->customer_email);
	bo_mem_col_text(out, "customer_name", r->customer_name);
	bo_mem_col_int(out, "items", r->items);
	bo_mem_col_int(out, "total", r->total);
	bo_mem_col_int(out, "tax", r->tax);
	bo_mem_col_int(out, "paid", r->paid);
	bo_mem_col_int(out, "refunded", r->refunded);
	bo_mem_col_int(out, "payment_failures", r->payment_failures);
	bo_mem_col_int(out, "notes", r->notes);
	bo_mem_col_int(out, "placed_at", r->placed_at);
	bo_mem_col_int(out, "updated_at", r->updated_at);
}

static void key_fill(bo_mem_row *out, const void *src)
{
	const bo_mem_key *k = src;

	bo_mem_col_int(out, "order_id", k->order_id);
	bo_mem_col_text(out, "kind", k->kind);
	bo_mem_col_text(out, "key", k->key);
}

static void sku_fill(bo_mem_row *out, const void *src)
{
	const bo_mem_sku *k = src;

	bo_mem_col_text(out, "sku", k->sku);
	bo_mem_col_int(out, "product_id", k->product_id);
}

static void timeline_fill(bo_mem_row *out, const void *src)
{
	const bo_timeline_row *r = src;

	bo_mem_col_int(out, "order_id", r->order_id);
	bo_mem_col_int(out, "version", r->version);
	bo_mem_col_int(out, "position", r->position);
	bo_mem_col_int(out, "recorded_at", r->recorded_at);
	bo_mem_col_text(out, "event_id", r->event_id);
	bo_mem_col_text(out, "user", r->user);
	bo_mem_col_text(out, "role", r->role);
	bo_mem_col_text(out, "type", r->type_name);
	bo_mem_col_text(out, "summary", r->summary);
}

static void catalog_fill(bo_mem_row *out, const void *src)
{
	const bo_product *p = src;

	bo_mem_col_int(out, "product_id", p->id);
	bo_mem_col_text(out, "sku", p->sku);
	bo_mem_col_text(out, "name", p->name);
	bo_mem_col_text(out, "description", p->description);
	bo_mem_col_int(out, "price", p->price);
	bo_mem_col_int(out, "tax_bp", p->tax_bp);
	bo_mem_col_int(out, "stock", p->stock);
	bo_mem_col_int(out, "retired", p->retired ? 1 : 0);
	bo_mem_col_int(out, "row_version", p->row_version);
	bo_mem_col_int(out, "created_at", p->created_at);
	bo_mem_col_int(out, "updated_at", p->updated_at);
}

static int row_order(const void *a, const void *b)
{
	return bo_row_compare(&(*(bo_mem_row *const *)a)->row,
			      &(*(bo_mem_row *const *)b)->row);
}

/* The typed rows of n source rows (*rows, caller frees) and pointers to
 * them in bo_row_compare order (*sorted, caller frees). */
static int typed_rows(bo_mem_row **rows, bo_mem_row ***sorted,
		      const char *table, const char *src, size_t n, size_t size,
		      bo_mem_row_fill_fn fill)
{
	*rows = n ? calloc(n, sizeof(**rows)) : NULL;
	*sorted = n ? calloc(n, sizeof(**sorted)) : NULL;
	if (n && (!*rows || !*sorted))
		return BO_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		bo_mem_row *r = &(*rows)[i];

		r->row.table = table;
		r->row.cols = r->cols;
		fill(r, src + i * size);
		(*sorted)[i] = r;
	}
	if (n > 1)
		qsort(*sorted, n, sizeof(**sorted), row_order);
	return BO_OK;
}

/* Each row of a (sorted) that b (sorted) lacks, reported on side. */
static int only_in(bo_mem_row **a, size_t na, bo_mem_row **b, size_t nb,
		   bo_row_side side, bo_diff_fn each, void *ctx)
{
	size_t j = 0;
	int rc = BO_OK;

	for (size_t i = 0; i < na && rc == BO_OK; i++) {
		int c = 1;

		while (j < nb &&
		       (c = bo_row_compare(&b[j]->row, &a[i]->row)) < 0)
			j++;
		if (j == nb || c != 0)
			rc = each(ctx, &a[i]->row, side);
	}
	return rc;
}

int bo_mem_diff_rows(const char *table, const void *live, size_t nlive,
		     const void *now, size_t nnow, size_t size,
		     bo_mem_row_fill_fn fill, bo_diff_fn each, void *ctx,
		     bo_err *err)
{
	bo_mem_row *ra = NULL, *rb = NULL, **a = NULL, **b = NULL;
	int rc;

	if (typed_rows(&ra, &a, table, live, nlive, size, fill) ||
	    typed_rows(&rb, &b, table, now, nnow, size, fill)) {
		rc = bo_mem_nomem(err);
		goto done;
	}
	/* live-only rows first, then rebuild-only, as the SQLite walk does */
	rc = only_in(a, nlive, b, nnow, BO_ROW_ONLY_LIVE, each, ctx);
	if (rc == BO_OK)
		rc = only_in(b, nnow, a, nlive, BO_ROW_ONLY_REBUILD, each, ctx);
done:
	free(ra);
	free(rb);
	free(a);
	free(b);
	return rc;
}

static int mem_diff(void *self, bo_diff_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *s = &m->cur;
	bo_mem_snapshot *snap = &m->snap;
	int rc;

	if (!snap->taken)
		return bo_err_set(err, BO_EINVAL,
				  "the read models were not copied aside; take "
				  "a snapshot first");
	rc = bo_mem_diff_rows("order_list", snap->orders, snap->norders,
			      s->orders, s->norders, sizeof(*s->orders),
			      order_fill, each, ctx, err);
	if (rc == 0)
		rc = bo_mem_diff_rows("order_keys", snap->keys, snap->nkeys,
				      s->keys, s->nkeys, sizeof(*s->keys),
				      key_fill, each, ctx, err);
	if (rc == 0)
		rc = bo_mem_diff_rows("order_timeline", snap->timeline,
				      snap->ntimeline, s->timeline,
				      s->ntimeline, sizeof(*s->timeline),
				      timeline_fill, each, ctx, err);
	if (rc == 0)
		rc = bo_mem_diff_rows("catalog", snap->catalog, snap->ncatalog,
				      s->catalog, s->ncatalog,
				      sizeof(*s->catalog), catalog_fill, each,
				      ctx, err);
	if (rc == 0)
		rc = bo_mem_diff_rows("product_skus", snap->skus, snap->nskus,
				      s->skus, s->nskus, sizeof(*s->skus),
				      sku_fill, each, ctx, err);
	return rc;
}

/* Everything is in memory already: bulk mode only checks its caller. */
static int mem_bulk(void *self, int on, bo_err *err)
{
	(void)on;
	return bo_mem_need_tx(self, "hold the order list", err);
}

/* The shadow is a second state inside the current one (only its order
 * list, keys, timeline, catalogue and SKUs are used), so a rollback puts it back too. */
static int mem_shadow(void *self, int op, bo_err *err)
{
	bo_memory *m = self;
	bo_mem_state *sh = m->cur.rm_shadow;
	int rc;

	/* one connection: no other rebuild can own the shadow, so leaving
	 * it is ending it (LEAVE runs outside a transaction too) */
	if (op == BO_SHADOW_LEAVE && !m->in_tx)
		return BO_OK;
	if (op == BO_SHADOW_LEAVE)
		op = BO_SHADOW_END;
	if ((rc = bo_mem_need_tx(m, "change the shadow tables", err)))
		return rc;
	if (op != BO_SHADOW_BEGIN && op != BO_SHADOW_SWAP &&
	    op != BO_SHADOW_END)
		return bo_err_set(err, BO_EINVAL, "unknown shadow step %d", op);
	if (op == BO_SHADOW_SWAP && sh) {
		bo_mem_state live = {0};

		/* the live tables go, the shadow's take their place */
		live.orders = m->cur.orders;
		live.norders = m->cur.norders;
		live.timeline = m->cur.timeline;
		live.ntimeline = m->cur.ntimeline;
		live.catalog = m->cur.catalog;
		live.ncatalog = m->cur.ncatalog;
		live.keys = m->cur.keys;
		live.nkeys = m->cur.nkeys;
		m->cur.keys = sh->keys;
		m->cur.nkeys = sh->nkeys;
		sh->keys = NULL;
		sh->nkeys = 0;
		live.skus = m->cur.skus;
		live.nskus = m->cur.nskus;
		m->cur.skus = sh->skus;
		m->cur.nskus = sh->nskus;
		sh->skus = NULL;
		sh->nskus = 0;
		m->cur.orders = sh->orders;
		m->cur.norders = sh->norders;
		m->cur.timeline = sh->timeline;
		m->cur.ntimeline = sh->ntimeline;
		m->cur.catalog = sh->catalog;
		m->cur.ncatalog = sh->ncatalog;
		sh->orders = NULL;
		sh->timeline = NULL;
		sh->catalog = NULL;
		sh->norders = sh->ntimeline = sh->ncatalog = 0;
		bo_mem_state_free(&live);
	}
	if (sh) {
		bo_mem_state_free(sh);
		free(sh);
		m->cur.rm_shadow = NULL;
	}
	if (op == BO_SHADOW_BEGIN &&
	    !(m->cur.rm_shadow = calloc(1, sizeof(*m->cur.rm_shadow))))
		return bo_mem_nomem(err);
	return BO_OK;
}

const bo_read_models_ops bo_mem_read_models_ops = {
    .version = BO_READ_MODELS_OPS_VERSION,
    .order_get = mem_order_get,
    .order_put = mem_order_put,
    .order_list = mem_order_list,
    .key_add = mem_key_add,
    .order_find = mem_order_find,
    .timeline_add = mem_timeline_add,
    .timeline_list = mem_timeline_list,
    .catalog_put = mem_catalog_put,
    .catalog_remove = mem_catalog_remove,
    .catalog_get_by_sku = mem_catalog_get_by_sku,
    .product_sku_add = mem_product_sku_add,
    .product_ids_by_sku = mem_product_ids_by_sku,
    .reset = mem_reset,
    .checkpoint_get = mem_checkpoint_get,
    .checkpoint_set = mem_checkpoint_set,
    .projector_get = mem_projector_get,
    .projector_set = mem_projector_set,
    .projector_advance = mem_projector_advance,
    .snapshot = mem_snapshot,
    .diff = mem_diff,
    .bulk = mem_bulk,
    .shadow = mem_shadow,
    .order_count = mem_order_count,
};
