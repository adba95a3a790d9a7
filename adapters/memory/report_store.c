/* The report store port in memory: sorted arrays inside the transactional state. */
#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_internal.h"
#include "domain/calendar.h"

/* One set of report tables; the live ones carry the verification copy. */
typedef struct tables {
	bo_report_order *orders; /* by id */
	size_t norders;
	bo_report_line *lines; /* by (order_id, line_no) */
	size_t nlines;
	bo_report_day *days; /* by day */
	size_t ndays;
	bo_report_product *products; /* by (day, sku) */
	size_t nproducts;
} tables;

struct bo_mem_reports {
	tables live;
	tables copy; /* what snapshot set aside */
	int has_copy;
};

static void tables_free(tables *t)
{
	bo_report_lines_free(t->lines, t->nlines);
	for (size_t i = 0; i < t->nproducts; i++)
		bo_report_product_clear(&t->products[i]);
	free(t->products);
	free(t->orders);
	free(t->days);
	memset(t, 0, sizeof(*t));
}

void bo_mem_reports_free(struct bo_mem_reports *r)
{
	if (!r)
		return;
	tables_free(&r->live);
	tables_free(&r->copy);
	free(r);
}

static int line_copy(bo_report_line *dst, const bo_report_line *src)
{
	*dst = *src;
	dst->sku = dst->name = NULL;
	if (bo_mem_dup(&dst->sku, src->sku) ||
	    bo_mem_dup(&dst->name, src->name)) {
		free(dst->sku);
		free(dst->name);
		memset(dst, 0, sizeof(*dst));
		return BO_ENOMEM;
	}
	return BO_OK;
}

static int product_copy(bo_report_product *dst, const bo_report_product *src)
{
	*dst = *src;
	dst->sku = dst->name = NULL;
	if (bo_mem_dup(&dst->sku, src->sku) ||
	    bo_mem_dup(&dst->name, src->name)) {
		bo_report_product_clear(dst);
		return BO_ENOMEM;
	}
	return BO_OK;
}

/* Plain copy of n elements of size sz (NULL for none). */
static int dup_array(void *out, const void *src, size_t n, size_t sz)
{
	void **p = out;

	*p = NULL;
	if (n == 0)
		return BO_OK;
	if (!(*p = malloc(n * sz)))
		return BO_ENOMEM;
	memcpy(*p, src, n * sz);
	return BO_OK;
}

/* Deep copy into a zeroed dst; counts follow progress so tables_free can
 * release a half-made copy. */
static int tables_copy(tables *dst, const tables *src)
{
	if (dup_array(&dst->orders, src->orders, src->norders,
		      sizeof(*src->orders)))
		goto fail;
	dst->norders = src->norders;
	if (dup_array(&dst->days, src->days, src->ndays, sizeof(*src->days)))
		goto fail;
	dst->ndays = src->ndays;
	if (src->nlines &&
	    !(dst->lines = calloc(src->nlines, sizeof(*dst->lines))))
		goto fail;
	for (; dst->nlines < src->nlines; dst->nlines++)
		if (line_copy(&dst->lines[dst->nlines],
			      &src->lines[dst->nlines]))
			goto fail;
	if (src->nproducts &&
	    !(dst->products = calloc(src->nproducts, sizeof(*dst->products))))
		goto fail;
	for (; dst->nproducts < src->nproducts; dst->nproducts++)
		if (product_copy(&dst->products[dst->nproducts],
				 &src->products[dst->nproducts]))
			goto fail;
	return BO_OK;
fail:
	tables_free(dst);
	return BO_ENOMEM;
}

int bo_mem_reports_copy(struct bo_mem_reports **dst,
			const struct bo_mem_reports *src)
{
	struct bo_mem_reports *r;

	*dst = NULL;
	if (!src)
		return BO_OK;
	if (!(r = calloc(1, sizeof(*r))))
		return BO_ENOMEM;
	r->has_copy = src->has_copy;
	if (tables_copy(&r->live, &src->live) ||
	    tables_copy(&r->copy, &src->copy)) {
		bo_mem_reports_free(r);
		return BO_ENOMEM;
	}
	*dst = r;
	return BO_OK;
}

/* The tables of the current state, created on first use; NULL on ENOMEM. */
static struct bo_mem_reports *reports(bo_memory *m)
{
	struct bo_mem_reports **r =
	    m->cur.rs_shadow_on ? &m->cur.rs_shadow : &m->cur.reports;

	if (!*r)
		*r = calloc(1, sizeof(**r));
	return *r;
}

static const tables empty_tables;

/* The tables the row ops and queries use: the shadow during an online
 * rebuild. */
static const tables *live_of(const bo_memory *m)
{
	const struct bo_mem_reports *r =
	    m->cur.rs_shadow_on ? m->cur.rs_shadow : m->cur.reports;

	return r ? &r->live : &empty_tables;
}

/* Makes room at index i of an array of n elements of size sz. */
static int insert_at(void *arr, size_t n, size_t i, size_t sz)
{
	char *p;

	if (bo_mem_grow(arr, n, sz))
		return BO_ENOMEM;
	p = *(char **)arr;
	memmove(p + (i + 1) * sz, p + i * sz, (n - i) * sz);
	memset(p + i * sz, 0, sz);
	return BO_OK;
}

/* ---- orders and lines ----------------------------------------------------- */

/* Index of the first order with id >= id. */
static size_t order_pos(const tables *t, int64_t id)
{
	size_t lo = 0, hi = t->norders;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->orders[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int order_get(void *self, int64_t id, bo_report_order *out, bo_err *err)
{
	const tables *t = live_of(self);
	size_t i = order_pos(t, id);

	if (i == t->norders || t->orders[i].id != id)
		return bo_err_set(err, BO_ENOTFOUND,
				  "order %lld has no report facts",
				  (long long)id);
	*out = t->orders[i];
	return BO_OK;
}

static int order_put(void *self, const bo_report_order *o, bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reports *r;
	tables *t;
	size_t i;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write report facts", err)))
		return rc;
	if (!(r = reports(m)))
		return bo_mem_nomem(err);
	t = &r->live;
	i = order_pos(t, o->id);
	if (i == t->norders || t->orders[i].id != o->id) {
		if (insert_at(&t->orders, t->norders, i, sizeof(*t->orders)))
			return bo_mem_nomem(err);
		t->norders++;
	}
	t->orders[i] = *o;
	return BO_OK;
}

static int line_cmp(int64_t order_id, int32_t line_no, const bo_report_line *l)
{
	if (order_id != l->order_id)
		return order_id < l->order_id ? -1 : 1;
	return line_no < l->line_no ? -1 : line_no > l->line_no;
}

/* Index of the first line at or after (order_id, line_no). */
static size_t line_pos(const tables *t, int64_t order_id, int32_t line_no)
{
	size_t lo = 0, hi = t->nlines;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (line_cmp(order_id, line_no, &t->lines[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int lines_add(void *self, const bo_report_line *lines, size_t n,
		     bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reports *r;
	tables *t;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write report lines", err)))
		return rc;
	if (!(r = reports(m)))
		return bo_mem_nomem(err);
	t = &r->live;
	for (size_t k = 0; k < n; k++) {
		const bo_report_line *l = &lines[k];
		size_t i = line_pos(t, l->order_id, l->line_no);

		if (i < t->nlines &&
		    line_cmp(l->order_id, l->line_no, &t->lines[i]) == 0)
			return bo_err_set(err, BO_ECONFLICT,
					  "line %d of order %lld is already "
					  "stored",
					  (int)l->line_no + 1,
					  (long long)l->order_id);
		if (insert_at(&t->lines, t->nlines, i, sizeof(*t->lines)))
			return bo_mem_nomem(err);
		t->nlines++;
		if (line_copy(&t->lines[i], l)) {
			memmove(&t->lines[i], &t->lines[i + 1],
				(t->nlines - i - 1) * sizeof(*t->lines));
			t->nlines--;
			return bo_mem_nomem(err);
		}
	}
	return BO_OK;
}

static int lines_get(void *self, int64_t order_id, bo_report_line **out,
		     size_t *n, bo_err *err)
{
	const tables *t = live_of(self);
	size_t first = line_pos(t, order_id, INT32_MIN), k = 0;
	size_t last = first;

	*out = NULL;
	*n = 0;
	while (last < t->nlines && t->lines[last].order_id == order_id)
		last++;
	if (last == first)
		return BO_OK;
	if (!(*out = calloc(last - first, sizeof(**out))))
		return bo_mem_nomem(err);
	for (k = 0; first + k < last; k++) {
		if (line_copy(&(*out)[k], &t->lines[first + k])) {
			bo_report_lines_free(*out, k);
			*out = NULL;
			return bo_mem_nomem(err);
		}
	}
	*n = k;
	return BO_OK;
}

/* ---- days and products ---------------------------------------------------- */

static size_t day_pos(const tables *t, int64_t day)
{
	size_t lo = 0, hi = t->ndays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int day_add(void *self, const bo_report_day *dl, bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reports *r;
	bo_report_day *d;
	tables *t;
	size_t i;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write daily figures", err)))
		return rc;
	if (!(r = reports(m)))
		return bo_mem_nomem(err);
	t = &r->live;
	i = day_pos(t, dl->day);
	if (i == t->ndays || t->days[i].day != dl->day) {
		if (insert_at(&t->days, t->ndays, i, sizeof(*t->days)))
			return bo_mem_nomem(err);
		t->ndays++;
		t->days[i].day = dl->day;
	}
	d = &t->days[i];
	d->orders_placed += dl->orders_placed;
	d->placed_value += dl->placed_value;
	d->orders_paid += dl->orders_paid;
	d->payments += dl->payments;
	d->payment_failures += dl->payment_failures;
	d->cancellations += dl->cancellations;
	d->gross += dl->gross;
	d->tax += dl->tax;
	d->refunds += dl->refunds;
	d->refund_tax += dl->refund_tax;
	return BO_OK;
}

static int product_cmp(int64_t day, const char *sku, const bo_report_product *p)
{
	if (day != p->day)
		return day < p->day ? -1 : 1;
	return strcmp(sku, p->sku);
}

static size_t product_pos(const tables *t, int64_t day, const char *sku)
{
	size_t lo = 0, hi = t->nproducts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (product_cmp(day, sku, &t->products[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int product_add(void *self, const bo_report_product *dl, bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reports *r;
	bo_report_product *p;
	char *name = NULL;
	tables *t;
	size_t i;
	int rc;

	if ((rc = bo_mem_need_tx(m, "write product figures", err)))
		return rc;
	if (!(r = reports(m)) || bo_mem_dup(&name, dl->name ? dl->name : ""))
		return bo_mem_nomem(err);
	t = &r->live;
	i = product_pos(t, dl->day, dl->sku);
	if (i == t->nproducts ||
	    product_cmp(dl->day, dl->sku, &t->products[i]) != 0) {
		char *sku = NULL;
		if (bo_mem_dup(&sku, dl->sku) ||
		    insert_at(&t->products, t->nproducts, i,
			      sizeof(*t->products))) {
			free(sku);
			free(name);
			return bo_mem_nomem(err);
		}
		t->nproducts++;
		t->products[i].day = dl->day;
		t->products[i].sku = sku;
	}
	p = &t->products[i];
	free(p->name);
	p->name = name;
	p->units += dl->units;
	p->revenue += dl->revenue;
	p->refunds += dl->refunds;
	return BO_OK;
}

static int days(void *self, int64_t from_day, int64_t to_day,
		bo_report_day_each_fn each, void *ctx, bo_err *err)
{
	const tables *t = live_of(self);

	(void)err;
	for (size_t i = day_pos(t, from_day);
	     i < t->ndays && t->days[i].day <= to_day; i++) {
		int rc = each(ctx, &t->days[i]);
		if (rc < 0)
			return rc;
	}
	return BO_OK;
}

/* Revenue descending, then SKU. */
static int total_order(const void *a, const void *b)
{
	const bo_report_product *x = a, *y = b;

	if (x->revenue != y->revenue)
		return x->revenue > y->revenue ? -1 : 1;
	return strcmp(x->sku, y->sku);
}

static int by_sku(const void *a, const void *b)
{
	const bo_report_product *x = a, *y = b;

	return strcmp(x->sku, y->sku);
}

/*
 * Sums the day rows of the range per SKU into a scratch array whose strings
 * are borrowed from the tables, then sorts it as the port promises.
 */
static int products(void *self, const bo_report_product_query *q,
		    bo_report_product_each_fn each, void *ctx, bo_err *err)
{
	const tables *t = live_of(self);
	bo_report_product *sum = NULL;
	size_t n = 0, first = product_pos(t, q->from_day, "");
	int rc = BO_OK;

	for (size_t i = first;
	     i < t->nproducts && t->products[i].day <= q->to_day; i++) {
		const bo_report_product *p = &t->products[i];
		bo_report_product *s = NULL;

		if (q->sku && strcmp(q->sku, p->sku) != 0)
			continue;
		if (n > 0) {
			bo_report_product key = {.sku = p->sku};
			s = bsearch(&key, sum, n, sizeof(*sum), by_sku);
		}
		if (!s) {
			size_t at = 0;
			while (at < n && strcmp(sum[at].sku, p->sku) < 0)
				at++;
			if (insert_at(&sum, n, at, sizeof(*sum))) {
				rc = bo_mem_nomem(err);
				goto done;
			}
			n++;
			s = &sum[at];
			s->sku = p->sku;
		}
		/* rows come in day order, so the last one seen names it */
		s->day = p->day;
		s->name = p->name;
		s->units += p->units;
		s->revenue += p->revenue;
		s->refunds += p->refunds;
	}
	if (n > 1)
		qsort(sum, n, sizeof(*sum), total_order);
	for (size_t i = 0; i < n && (q->limit <= 0 || (int64_t)i < q->limit);
	     i++)
		if ((rc = each(ctx, &sum[i])) < 0)
			break;
done:
	free(sum);
	return rc;
}

static int funnel(void *self, int64_t from_ms, int64_t to_ms,
		  int64_t counts[BO_ORDER_CANCELLED + 1], bo_err *err)
{
	const tables *t = live_of(self);

	(void)err;
	memset(counts, 0, sizeof(int64_t) * (BO_ORDER_CANCELLED + 1));
	for (size_t i = 0; i < t->norders; i++) {
		const bo_report_order *o = &t->orders[i];
		if (o->placed_at >= from_ms && o->placed_at < to_ms &&
		    o->status > BO_ORDER_NONE &&
		    o->status <= BO_ORDER_CANCELLED)
			counts[o->status]++;
	}
	return BO_OK;
}

static int durations(void *self, bo_report_leg leg, int64_t from_ms,
		     int64_t to_ms, int64_t **out, size_t *n, bo_err *err)
{
	const tables *t = live_of(self);
	int64_t *d = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (t->norders && !(d = calloc(t->norders, sizeof(*d))))
		return bo_mem_nomem(err);
	for (size_t i = 0; i < t->norders; i++) {
		const bo_report_order *o = &t->orders[i];
		int64_t end =
		    leg == BO_REPORT_TO_SHIP ? o->shipped_at : o->delivered_at;
		int64_t start =
		    leg == BO_REPORT_TO_SHIP ? o->paid_at : o->shipped_at;
		if (end && end >= from_ms && end < to_ms)
			d[k++] = end - start;
	}
	if (k == 0) {
		free(d);
		return BO_OK;
	}
	*out = d;
	*n = k;
	return BO_OK;
}

/* ---- rebuild and verify --------------------------------------------------- */

static int reset(void *self, bo_err *err)
{
	bo_memory *m = self;
	int rc;

	if ((rc = bo_mem_need_tx(m, "reset the report tables", err)))
		return rc;
	if (m->cur.reports)
		tables_free(&m->cur.reports->live);
	return BO_OK;
}

static int snapshot(void *self, bo_err *err)
{
	bo_memory *m = self;
	struct bo_mem_reports *r;
	tables copy = {0};
	int rc;

	if ((rc = bo_mem_need_tx(m, "copy the report tables", err)))
		return rc;
	if (!(r = reports(m)) || tables_copy(&copy, &r->live))
		return bo_mem_nomem(err);
	tables_free(&r->copy);
	r->copy = copy;
	r->has_copy = 1;
	return BO_OK;
}

/* The columns of the report tables as 003_reports.sql declares them. */
static void order_fill(bo_mem_row *out, const void *src)
{
	const bo_report_order *o = src;

	bo_mem_col_int(out, "id", o->id);
	bo_mem_col_int(out, "total", o->total);
	bo_mem_col_int(out, "tax", o->tax);
	bo_mem_col_int(out, "paid", o->paid);
	bo_mem_col_int(out, "refunded", o->refunded);
	bo_mem_col_text(out, "status", bo_order_status_name(o->status));
	bo_mem_col_int(out, "placed_at", o->placed_at);
	bo_mem_col_int(out, "paid_at", o->paid_at);
	bo_mem_col_int(out, "shipped_at", o->shipped_at);
	bo_mem_col_int(out, "delivered_at", o->delivered_at);
}

static void line_fill(bo_mem_row *out, const void *src)
{
	const bo_report_line *l = src;

	bo_mem_col_int(out, "order_id", l->order_id);
	bo_mem_col_int(out, "line_no", l->line_no);
	bo_mem_col_text(out, "sku", l->sku);
	bo_mem_col_text(out, "name", l->name);
	bo_mem_col_int(out, "quantity", l->quantity);
	bo_mem_col_int(out, "gross", l->gross);
}

static void day_fill(bo_mem_row *out, const void *src)
{
	const bo_report_day *d = src;

	bo_mem_col_int(out, "day", d->day);
	bo_mem_col_int(out, "orders_placed", d->orders_placed);
	bo_mem_col_int(out, "placed_value", d->placed_value);
	bo_mem_col_int(out, "orders_paid", d->orders_paid);
	bo_mem_col_int(out, "payments", d->payments);
	bo_mem_col_int(out, "payment_failures", d->payment_failures);
	bo_mem_col_int(out, "cancellations", d->cancellations);
	bo_mem_col_int(out, "gross", d->gross);
	bo_mem_col_int(out, "tax", d->tax);
	bo_mem_col_int(out, "refunds", d->refunds);
	bo_mem_col_int(out, "refund_tax", d->refund_tax);
}

static void product_fill(bo_mem_row *out, const void *src)
{
	const bo_report_product *p = src;

	bo_mem_col_int(out, "day", p->day);
	bo_mem_col_text(out, "sku", p->sku);
	bo_mem_col_text(out, "name", p->name);
	bo_mem_col_int(out, "units", p->units);
	bo_mem_col_int(out, "revenue", p->revenue);
	bo_mem_col_int(out, "refunds", p->refunds);
}

static int diff(void *self, bo_diff_fn each, void *ctx, bo_err *err)
{
	bo_memory *m = self;
	const tables *now = live_of(m);
	const tables *was;
	int rc;

	if (!m->cur.reports || !m->cur.reports->has_copy)
		return bo_err_set(err, BO_EINVAL,
				  "the report tables were not copied aside; "
				  "take a snapshot first");
	was = &m->cur.reports->copy;

	if ((rc = bo_mem_diff_rows(BO_REPORT_TABLE_ORDERS, was->orders,
				   was->norders, now->orders, now->norders,
				   sizeof(*now->orders), order_fill, each, ctx,
				   err)) ||
	    (rc = bo_mem_diff_rows(BO_REPORT_TABLE_LINES, was->lines,
				   was->nlines, now->lines, now->nlines,
				   sizeof(*now->lines), line_fill, each, ctx,
				   err)) ||
	    (rc = bo_mem_diff_rows(BO_REPORT_TABLE_DAYS, was->days, was->ndays,
				   now->days, now->ndays, sizeof(*now->days),
				   day_fill, each, ctx, err)))
		return rc;
	return bo_mem_diff_rows(BO_REPORT_TABLE_PRODUCTS, was->products,
				was->nproducts, now->products, now->nproducts,
				sizeof(*now->products), product_fill, each, ctx,
				err);
}

/* Everything is in memory already: bulk mode only checks its caller. */
static int bulk(void *self, int on, bo_err *err)
{
	(void)on;
	return bo_mem_need_tx(self, "hold the report tables", err);
}

/* The shadow's tables are the live tables of a second set (rs_shadow),
 * inside the state like the first, so a rollback puts them back too. */
static int shadow(void *self, int op, bo_err *err)
{
	bo_memory *m = self;
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
	if (op == BO_SHADOW_SWAP && m->cur.rs_shadow_on) {
		struct bo_mem_reports *r;

		m->cur.rs_shadow_on = 0;
		if (!(r = reports(m)))
			return bo_mem_nomem(err);
		tables_free(&r->live);
		if (m->cur.rs_shadow) {
			r->live = m->cur.rs_shadow->live;
			memset(&m->cur.rs_shadow->live, 0, sizeof(r->live));
		}
	}
	bo_mem_reports_free(m->cur.rs_shadow);
	m->cur.rs_shadow = NULL;
	m->cur.rs_shadow_on = op == BO_SHADOW_BEGIN;
	return BO_OK;
}

const bo_report_store_ops bo_mem_report_store_ops = {
    .version = BO_REPORT_STORE_OPS_VERSION,
    .order_get = order_get,
    .order_put = order_put,
    .lines_add = lines_add,
    .lines_get = lines_get,
    .day_add = day_add,
    .product_add = product_add,
    .days = days,
    .products = products,
    .funnel = funnel,
    .durations = durations,
    .reset = reset,
    .snapshot = snapshot,
    .diff = diff,
    .bulk = bulk,
    .shadow = shadow,
};
