/* The in-memory order-side read models: order list, timeline, catalogue, projector state, checkpoints. */
#include <inttypes.h>
#include <stdio.h>
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

static int order_matches(const bo_order_row *r, const bo_order_query *q)
{
	if (!q)
		return 1;
	if (q->status >= 0 && (int)r->status != q->status)
		return 0;
	if (q->descending ? q->after_id > 0 && r->id >= q->after_id
			  : r->id <= q->after_id)
		return 0;
	if (q->placed_from && r->placed_at < q->placed_from)
		return 0;
	if (q->placed_to && r->placed_at >= q->placed_to)
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
	if (n > 1)
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
	s->norders = s->ntimeline = s->ncatalog = 0;
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
	     !(snap->catalog = calloc(s->ncatalog, sizeof(*snap->catalog)))))
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

/* Rows as text the way SQLite's quote() writes them, so both backends
 * report a difference alike. */
static void q_int(FILE *f, int64_t v, int first)
{
	fprintf(f, "%s%" PRId64, first ? "" : ", ", v);
}

static void q_text(FILE *f, const char *t)
{
	fputs(", ", f);
	if (!t) {
		fputs("NULL", f);
		return;
	}
	fputc('\'', f);
	for (; *t; t++) {
		if (*t == '\'')
			fputc('\'', f);
		fputc(*t, f);
	}
	fputc('\'', f);
}

static void order_text(FILE *f, const bo_order_row *r)
{
	char cur[4] = {0};

	memcpy(cur, r->currency, 3);
	q_int(f, r->id, 1);
	q_int(f, r->version, 0);
	q_text(f, bo_order_status_name(r->status));
	q_text(f, cur);
	q_text(f, r->customer_email);
	q_text(f, r->customer_name);
	q_int(f, r->items, 0);
	q_int(f, r->total, 0);
	q_int(f, r->tax, 0);
	q_int(f, r->paid, 0);
	q_int(f, r->refunded, 0);
	q_int(f, r->payment_failures, 0);
	q_int(f, r->notes, 0);
	q_int(f, r->placed_at, 0);
	q_int(f, r->updated_at, 0);
}

static void timeline_text(FILE *f, const bo_timeline_row *r)
{
	q_int(f, r->order_id, 1);
	q_int(f, r->version, 0);
	q_int(f, r->position, 0);
	q_int(f, r->recorded_at, 0);
	q_text(f, r->event_id);
	q_text(f, r->user);
	q_text(f, r->role);
	q_text(f, r->type_name);
	q_text(f, r->summary);
}

static void catalog_text(FILE *f, const bo_product *p)
{
	q_int(f, p->id, 1);
	q_text(f, p->sku);
	q_text(f, p->name);
	q_text(f, p->description);
	q_int(f, p->price, 0);
	q_int(f, p->tax_bp, 0);
	q_int(f, p->stock, 0);
	q_int(f, p->retired ? 1 : 0, 0);
	q_int(f, p->row_version, 0);
	q_int(f, p->created_at, 0);
	q_int(f, p->updated_at, 0);
}

typedef enum { T_ORDERS, T_TIMELINE, T_CATALOG } table_kind;

/* Every row of one table (from the state or the copy) as sorted text. */
static int table_rows(char ***out, size_t *n, table_kind t, const void *rows,
		      size_t count)
{
	char **texts = count ? calloc(count, sizeof(*texts)) : NULL;
	size_t i;

	*out = texts;
	*n = 0;
	if (count && !texts)
		return BO_ENOMEM;
	for (i = 0; i < count; i++) {
		size_t size = 0;
		FILE *f = open_memstream(&texts[i], &size);

		if (!f)
			return BO_ENOMEM;
		*n = i + 1;
		if (t == T_ORDERS)
			order_text(f, &((const bo_order_row *)rows)[i]);
		else if (t == T_TIMELINE)
			timeline_text(f, &((const bo_timeline_row *)rows)[i]);
		else
			catalog_text(f, &((const bo_product *)rows)[i]);
		if (fclose(f) != 0)
			return BO_ENOMEM;
	}
	return BO_OK;
}

static int text_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_texts(char **t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i]);
	free(t);
}

/* Walks both sorted lists: what one has and the other lacks is reported. */
static int diff_table(const char *table, table_kind t, const void *live,
		      size_t nlive, const void *now, size_t nnow,
		      bo_diff_fn each, void *ctx, bo_err *err)
{
	char **a = NULL, **b = NULL;
	size_t na = 0, nb = 0, i = 0, j = 0;
	int rc = BO_OK;

	if (table_rows(&a, &na, t, live, nlive) ||
	    table_rows(&b, &nb, t, now, nnow)) {
		rc = bo_mem_nomem(err);
		goto done;
	}
	if (na > 1)
		qsort(a, na, sizeof(*a), text_order);
	if (nb > 1)
		qsort(b, nb, sizeof(*b), text_order);
	/* live-only rows first, then rebuild-only, as the SQLite walk does */
	for (i = 0, j = 0; i < na && rc == 0; i++) {
		while (j < nb && strcmp(b[j], a[i]) < 0)
			j++;
		if (j == nb || strcmp(b[j], a[i]) != 0)
			rc = each(ctx, table, BO_DIFF_ONLY_LIVE, a[i]);
	}
	for (i = 0, j = 0; j < nb && rc == 0; j++) {
		while (i < na && strcmp(a[i], b[j]) < 0)
			i++;
		if (i == na || strcmp(a[i], b[j]) != 0)
			rc = each(ctx, table, BO_DIFF_ONLY_REBUILD, b[j]);
	}
done:
	free_texts(a, na);
	free_texts(b, nb);
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
	rc = diff_table("order_list", T_ORDERS, snap->orders, snap->norders,
			s->orders, s->norders, each, ctx, err);
	if (rc == 0)
		rc = diff_table("order_timeline", T_TIMELINE, snap->timeline,
				snap->ntimeline, s->timeline, s->ntimeline,
				each, ctx, err);
	if (rc == 0)
		rc = diff_table("catalog", T_CATALOG, snap->catalog,
				snap->ncatalog, s->catalog, s->ncatalog, each,
				ctx, err);
	return rc;
}

/* Everything is in memory already: bulk mode only checks its caller. */
static int mem_bulk(void *self, int on, bo_err *err)
{
	(void)on;
	return bo_mem_need_tx(self, "hold the order list", err);
}

/* The shadow is a second state inside the current one (only its order
 * list, timeline and catalogue are used), so a rollback puts it back too. */
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
    .timeline_add = mem_timeline_add,
    .timeline_list = mem_timeline_list,
    .catalog_put = mem_catalog_put,
    .catalog_remove = mem_catalog_remove,
    .catalog_get_by_sku = mem_catalog_get_by_sku,
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
};
