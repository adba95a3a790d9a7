/* The door to the report store port: assertions, then the adapter. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "report_store.h"
#include "walk.h"

/* Trampolines: the stop rule for every walk (walk.h). */
static int walk_day(void *ctx, const bo_report_day *d)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_report_day_each_fn)w->fn)(w->ctx, d));
}

static int walk_product(void *ctx, const bo_report_product *p)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_report_product_each_fn)w->fn)(w->ctx, p));
}

static int walk_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	const bo_walk *w = ctx;

	return bo_walk_rc(((bo_diff_fn)w->fn)(w->ctx, row, side));
}

void bo_report_lines_free(bo_report_line *lines, size_t n)
{
	for (size_t i = 0; lines && i < n; i++) {
		free(lines[i].sku);
		free(lines[i].name);
	}
	free(lines);
}

void bo_report_product_clear(bo_report_product *p)
{
	if (!p)
		return;
	free(p->sku);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

int bo_rs_order_get(const bo_report_store *r, int64_t id, bo_report_order *out,
		    bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->order_get && out);
	return r->ops->order_get(r->self, id, out, err);
}

int bo_rs_order_put(const bo_report_store *r, const bo_report_order *o,
		    bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->order_put && o);
	return r->ops->order_put(r->self, o, err);
}

int bo_rs_lines_add(const bo_report_store *r, const bo_report_line *lines,
		    size_t n, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->lines_add && (lines || n == 0));
	return r->ops->lines_add(r->self, lines, n, err);
}

int bo_rs_lines_get(const bo_report_store *r, int64_t order_id,
		    bo_report_line **out, size_t *n, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->lines_get && out && n);
	return r->ops->lines_get(r->self, order_id, out, n, err);
}

int bo_rs_day_add(const bo_report_store *r, const bo_report_day *delta,
		  bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->day_add && delta);
	return r->ops->day_add(r->self, delta, err);
}

int bo_rs_product_add(const bo_report_store *r, const bo_report_product *delta,
		      bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->product_add && delta && delta->sku);
	return r->ops->product_add(r->self, delta, err);
}

int bo_rs_days(const bo_report_store *r, int64_t from_day, int64_t to_day,
	       bo_report_day_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->days && each);
	bo_walk w = BO_WALK(each, ctx);

	return r->ops->days(r->self, from_day, to_day, walk_day, &w, err);
}

int bo_rs_products(const bo_report_store *r, const bo_report_product_query *q,
		   bo_report_product_each_fn each, void *ctx, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->products && q && each);
	bo_walk w = BO_WALK(each, ctx);

	return r->ops->products(r->self, q, walk_product, &w, err);
}

int bo_rs_funnel(const bo_report_store *r, int64_t from_ms, int64_t to_ms,
		 int64_t counts[BO_ORDER_CANCELLED + 1], bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->funnel && counts);
	return r->ops->funnel(r->self, from_ms, to_ms, counts, err);
}

int bo_rs_durations(const bo_report_store *r, bo_report_leg leg,
		    int64_t from_ms, int64_t to_ms, int64_t **out, size_t *n,
		    bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->durations && out && n);
	return r->ops->durations(r->self, leg, from_ms, to_ms, out, n, err);
}

int bo_rs_reset(const bo_report_store *r, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->reset);
	return r->ops->reset(r->self, err);
}

int bo_rs_snapshot(const bo_report_store *r, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->snapshot);
	return r->ops->snapshot(r->self, err);
}

int bo_rs_diff(const bo_report_store *r, bo_diff_fn each, void *ctx,
	       bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops && r->ops->diff && each);
	bo_walk w = BO_WALK(each, ctx);

	return r->ops->diff(r->self, walk_diff, &w, err);
}

int bo_rs_bulk(const bo_report_store *r, int on, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops);
	return r->ops->bulk ? r->ops->bulk(r->self, on, err) : BO_OK;
}

int bo_rs_shadow_supported(const bo_report_store *r)
{
	assert(r && r->ops);
	return r->ops->shadow != NULL;
}

int bo_rs_shadow(const bo_report_store *r, int op, bo_err *err)
{
	BO_FAULT_POINT(err);
	assert(r && r->ops);
	if (!r->ops->shadow)
		return bo_err_set(err, BO_EINVAL,
				  "this backend cannot rebuild the reports "
				  "beside the live ones");
	return r->ops->shadow(r->self, op, err);
}
