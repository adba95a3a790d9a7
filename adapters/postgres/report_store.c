/* The report store port over PostgreSQL: the reports projector's tables and their queries. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/postgres/pg_internal.h"

static const char *const report_tables[] = {
    BO_REPORT_TABLE_ORDERS, BO_REPORT_TABLE_LINES, BO_REPORT_TABLE_DAYS,
    BO_REPORT_TABLE_PRODUCTS, NULL};

#define ORDER_COLUMNS                                                          \
	"id, total, tax, paid, refunded, status, placed_at, paid_at, "         \
	"shipped_at, delivered_at"

/* Sums come back as bigint: sum() of a bigint column is numeric on
 * PostgreSQL, and a sum past 64 bits is then an error, not a wrong
 * number. */

static int db_order_get(bo_pg *c, int64_t id, bo_report_order *out, bo_err *err)
{
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	bo_pg_arg_int(&a, id);
	if ((rc = bo_pg_run(c, PG_RP_ORDER_GET,
			    "SELECT " ORDER_COLUMNS
			    " FROM @.report_orders WHERE id = $1",
			    &a, &res, "reading report facts", err)) < 0)
		return rc;
	if (PQntuples(res) == 0) {
		rc = bo_err_set(err, BO_ENOTFOUND,
				"order %" PRId64 " has no report facts", id);
	} else {
		int s = bo_order_status_from_name(PQgetvalue(res, 0, 5));

		if (s < 0) {
			rc = bo_err_set(err, BO_ESTORAGE,
					"report facts of order %" PRId64
					" have an unknown status",
					id);
		} else {
			memset(out, 0, sizeof(*out));
			out->id = bo_pg_int64(res, 0, 0);
			out->total = bo_pg_int64(res, 0, 1);
			out->tax = bo_pg_int64(res, 0, 2);
			out->paid = bo_pg_int64(res, 0, 3);
			out->refunded = bo_pg_int64(res, 0, 4);
			out->status = (bo_order_status)s;
			out->placed_at = bo_pg_int64(res, 0, 6);
			out->paid_at = bo_pg_int64(res, 0, 7);
			out->shipped_at = bo_pg_int64(res, 0, 8);
			out->delivered_at = bo_pg_int64(res, 0, 9);
		}
	}
	PQclear(res);
	return rc;
}

static bool status_ok(const bo_report_order *o)
{
	return o->status > BO_ORDER_NONE && o->status <= BO_ORDER_CANCELLED;
}

static int db_order_put(bo_pg *c, const bo_report_order *o, bo_err *err)
{
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write report facts", err)) < 0)
		return rc;
	if (!status_ok(o))
		return bo_err_set(
		    err, BO_EINVAL,
		    "report facts of order %" PRId64 " need a status", o->id);
	bo_pg_arg_int(&a, o->id);
	bo_pg_arg_int(&a, o->total);
	bo_pg_arg_int(&a, o->tax);
	bo_pg_arg_int(&a, o->paid);
	bo_pg_arg_int(&a, o->refunded);
	bo_pg_arg_text(&a, bo_order_status_name(o->status));
	bo_pg_arg_int(&a, o->placed_at);
	bo_pg_arg_int(&a, o->paid_at);
	bo_pg_arg_int(&a, o->shipped_at);
	bo_pg_arg_int(&a, o->delivered_at);
	rc = bo_pg_run(c, PG_RP_ORDER_PUT,
		       "INSERT INTO @.report_orders (" ORDER_COLUMNS
		       ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
		       "ON CONFLICT (id) DO UPDATE SET total = "
		       "excluded.total, tax = excluded.tax, paid = "
		       "excluded.paid, refunded = excluded.refunded, "
		       "status = excluded.status, placed_at = "
		       "excluded.placed_at, paid_at = excluded.paid_at, "
		       "shipped_at = excluded.shipped_at, delivered_at = "
		       "excluded.delivered_at",
		       &a, NULL, "writing report facts", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

static int lines_add(void *self, const bo_report_line *lines, size_t n,
		     bo_err *err)
{
	bo_pg *c = self;
	int rc;

	if ((rc = bo_pg_need_tx(c, "write report lines", err)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bo_report_line *l = &lines[i];
		bo_pg_args a = {0};
		PGresult *res;

		bo_pg_arg_int(&a, l->order_id);
		bo_pg_arg_int(&a, l->line_no);
		bo_pg_arg_text(&a, l->sku ? l->sku : "");
		bo_pg_arg_text(&a, l->name ? l->name : "");
		bo_pg_arg_int(&a, l->quantity);
		bo_pg_arg_int(&a, l->gross);
		/* DO NOTHING tells a stored line without spoiling the
		 * transaction */
		if ((rc = bo_pg_run(c, PG_RP_LINE_ADD,
				    "INSERT INTO @.report_lines (order_id, "
				    "line_no, sku, name, quantity, gross) "
				    "VALUES ($1, $2, $3, $4, $5, $6) ON "
				    "CONFLICT (order_id, line_no) DO NOTHING",
				    &a, &res, "writing report lines", err)) < 0)
			return rc;
		bool none = strcmp(PQcmdTuples(res), "0") == 0;
		PQclear(res);
		c->wrote = true;
		if (none)
			return bo_err_set(err, BO_ECONFLICT,
					  "line %d of order %" PRId64
					  " is already stored",
					  (int)l->line_no + 1, l->order_id);
	}
	return 0;
}

static int lines_get(void *self, int64_t order_id, bo_report_line **out,
		     size_t *n, bo_err *err)
{
	bo_pg *c = self;
	bo_report_line *lines = NULL;
	bo_pg_args a = {0};
	PGresult *res;
	size_t count;
	int rc;

	*out = NULL;
	*n = 0;
	bo_pg_arg_int(&a, order_id);
	if ((rc = bo_pg_run(c, PG_RP_LINES_GET,
			    "SELECT line_no, sku, name, quantity, gross FROM "
			    "@.report_lines WHERE order_id = $1 ORDER BY "
			    "line_no",
			    &a, &res, "reading report lines", err)) < 0)
		return rc;
	count = (size_t)PQntuples(res);
	if (count > 0 && !(lines = calloc(count, sizeof(*lines)))) {
		PQclear(res);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading report lines");
	}
	for (size_t i = 0; i < count; i++) {
		bo_report_line *l = &lines[i];
		int row = (int)i;

		l->order_id = order_id;
		l->line_no = (int)bo_pg_int64(res, row, 0);
		l->quantity = (int)bo_pg_int64(res, row, 3);
		l->gross = bo_pg_int64(res, row, 4);
		if ((rc = bo_pg_dup(&l->sku, res, row, 1, err)) < 0 ||
		    (rc = bo_pg_dup(&l->name, res, row, 2, err)) < 0) {
			PQclear(res);
			bo_report_lines_free(lines, count);
			return rc;
		}
	}
	PQclear(res);
	*out = lines;
	*n = count;
	return 0;
}

static int db_day_add(bo_pg *c, const bo_report_day *d, bo_err *err)
{
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write daily figures", err)) < 0)
		return rc;
	bo_pg_arg_int(&a, d->day);
	bo_pg_arg_int(&a, d->orders_placed);
	bo_pg_arg_int(&a, d->placed_value);
	bo_pg_arg_int(&a, d->orders_paid);
	bo_pg_arg_int(&a, d->payments);
	bo_pg_arg_int(&a, d->payment_failures);
	bo_pg_arg_int(&a, d->cancellations);
	bo_pg_arg_int(&a, d->gross);
	bo_pg_arg_int(&a, d->tax);
	bo_pg_arg_int(&a, d->refunds);
	bo_pg_arg_int(&a, d->refund_tax);
	rc = bo_pg_run(
	    c, PG_RP_DAY_ADD,
	    "INSERT INTO @.report_days AS t (day, orders_placed, placed_value, "
	    "orders_paid, payments, payment_failures, cancellations, gross, "
	    "tax, refunds, refund_tax) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	    "$9, $10, $11) "
	    "ON CONFLICT (day) DO UPDATE SET "
	    "orders_placed = t.orders_placed + excluded.orders_placed, "
	    "placed_value = t.placed_value + excluded.placed_value, "
	    "orders_paid = t.orders_paid + excluded.orders_paid, "
	    "payments = t.payments + excluded.payments, "
	    "payment_failures = t.payment_failures + "
	    "excluded.payment_failures, "
	    "cancellations = t.cancellations + excluded.cancellations, "
	    "gross = t.gross + excluded.gross, tax = t.tax + excluded.tax, "
	    "refunds = t.refunds + excluded.refunds, "
	    "refund_tax = t.refund_tax + excluded.refund_tax",
	    &a, NULL, "writing daily figures", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

static int db_product_add(bo_pg *c, const bo_report_product *p, bo_err *err)
{
	bo_pg_args a = {0};
	int rc;

	if ((rc = bo_pg_need_tx(c, "write product figures", err)) < 0)
		return rc;
	bo_pg_arg_int(&a, p->day);
	bo_pg_arg_text(&a, p->sku);
	bo_pg_arg_text(&a, p->name ? p->name : "");
	bo_pg_arg_int(&a, p->units);
	bo_pg_arg_int(&a, p->revenue);
	bo_pg_arg_int(&a, p->refunds);
	rc = bo_pg_run(
	    c, PG_RP_PRODUCT_ADD,
	    "INSERT INTO @.report_products AS t (day, sku, name, units, "
	    "revenue, refunds) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT "
	    "(day, sku) DO UPDATE SET name = excluded.name, units = t.units + "
	    "excluded.units, revenue = t.revenue + excluded.revenue, "
	    "refunds = t.refunds + excluded.refunds",
	    &a, NULL, "writing product figures", err);
	if (rc == 0)
		c->wrote = true;
	return rc;
}

/* ---- bulk mode: report rows held in memory during a replay --------------- */

/*
 * As on SQLite: three open-addressing tables with linear probing, each
 * filled to half its slots at most; past that everything held is written
 * out and forgotten, so memory stays bounded. Order facts are whole rows;
 * days and products are deltas added to the stored rows when written, so
 * they are forgotten once written.
 */
#define ORDER_SLOTS 65536u
#define DAY_SLOTS 4096u
#define PRODUCT_SLOTS 65536u

typedef struct order_slot {
	bo_report_order o;
	bool used, dirty;
} order_slot;

typedef struct day_slot {
	bo_report_day d;
	bool used;
} day_slot;

typedef struct product_slot {
	bo_report_product p; /* sku and name owned */
	uint64_t hash;
	bool used;
} product_slot;

typedef struct rp_held {
	order_slot *orders;
	day_slot *days;
	product_slot *products;
	size_t norders, ndays, nproducts;
} rp_held;

static rp_held *held_of(const bo_pg *c)
{
	return c->hook_state[BO_PG_HOOK_REPORTS];
}

static order_slot *held_order(rp_held *h, int64_t id)
{
	size_t i = (size_t)((uint64_t)id & (ORDER_SLOTS - 1));

	for (;; i = (i + 1) & (ORDER_SLOTS - 1))
		if (!h->orders[i].used || h->orders[i].o.id == id)
			return &h->orders[i];
}

static day_slot *held_day(rp_held *h, int64_t day)
{
	size_t i = (size_t)((uint64_t)day & (DAY_SLOTS - 1));

	for (;; i = (i + 1) & (DAY_SLOTS - 1))
		if (!h->days[i].used || h->days[i].d.day == day)
			return &h->days[i];
}

/* FNV-1a over the day's bytes and the SKU. */
static uint64_t product_hash(int64_t day, const char *sku)
{
	uint64_t x = 14695981039346656037u, d = (uint64_t)day;

	for (int i = 0; i < 8; i++, d >>= 8)
		x = (x ^ (d & 0xff)) * 1099511628211u;
	for (const unsigned char *s = (const unsigned char *)sku; *s; s++)
		x = (x ^ *s) * 1099511628211u;
	return x;
}

static product_slot *held_product(rp_held *h, uint64_t hash, int64_t day,
				  const char *sku)
{
	size_t i = (size_t)(hash & (PRODUCT_SLOTS - 1));

	for (;; i = (i + 1) & (PRODUCT_SLOTS - 1)) {
		product_slot *s = &h->products[i];

		if (!s->used || (s->hash == hash && s->p.day == day &&
				 strcmp(s->p.sku, sku) == 0))
			return s;
	}
}

static void forget_orders(rp_held *h)
{
	memset(h->orders, 0, ORDER_SLOTS * sizeof(*h->orders));
	h->norders = 0;
}

static void forget_deltas(rp_held *h)
{
	for (size_t i = 0; i < PRODUCT_SLOTS; i++)
		if (h->products[i].used)
			bo_report_product_clear(&h->products[i].p);
	memset(h->products, 0, PRODUCT_SLOTS * sizeof(*h->products));
	memset(h->days, 0, DAY_SLOTS * sizeof(*h->days));
	h->nproducts = h->ndays = 0;
}

static int product_order(const void *a, const void *b)
{
	const bo_report_product *x = *(const bo_report_product *const *)a;
	const bo_report_product *y = *(const bo_report_product *const *)b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return strcmp(x->sku, y->sku);
}

/* The product deltas in key order, which the index takes faster than hash
 * order (unsorted when there is no memory for the order). */
static int write_products(bo_pg *c, rp_held *h, bo_err *err)
{
	const bo_report_product **sorted = NULL;
	size_t n = 0;
	int rc = 0;

	if (h->nproducts > 0)
		sorted = malloc(h->nproducts * sizeof(*sorted));
	if (!sorted) {
		for (size_t i = 0; i < PRODUCT_SLOTS && rc == 0; i++)
			if (h->products[i].used)
				rc = db_product_add(c, &h->products[i].p, err);
		return rc;
	}
	for (size_t i = 0; i < PRODUCT_SLOTS; i++)
		if (h->products[i].used)
			sorted[n++] = &h->products[i].p;
	qsort(sorted, n, sizeof(*sorted), product_order);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = db_product_add(c, sorted[i], err);
	free(sorted);
	return rc;
}

/* Writes every changed order row (they stay held, clean) and every delta
 * (forgotten, being in the tables now). */
static int held_write_all(bo_pg *c, rp_held *h, bo_err *err)
{
	int rc;

	for (size_t i = 0; i < ORDER_SLOTS; i++) {
		order_slot *s = &h->orders[i];

		if (!s->used || !s->dirty)
			continue;
		if ((rc = db_order_put(c, &s->o, err)) < 0)
			return rc;
		s->dirty = false;
	}
	for (size_t i = 0; i < DAY_SLOTS; i++)
		if (h->days[i].used &&
		    (rc = db_day_add(c, &h->days[i].d, err)) < 0)
			return rc;
	if ((rc = write_products(c, h, err)) < 0)
		return rc;
	forget_deltas(h);
	return 0;
}

/* The same, pipelined: tens of thousands of rows in a few hundred round
 * trips. A failure of a pipelined write comes out here at the latest. */
static int held_write(bo_pg *c, bo_err *err)
{
	rp_held *h = held_of(c);
	bo_err spare;
	int rc, end;

	if (!h)
		return 0;
	if ((rc = bo_pg_batch_begin(c, err)) < 0)
		return rc;
	rc = held_write_all(c, h, err);
	end = bo_pg_batch_end(c, "writing the report figures",
			      rc < 0 ? &spare : err);
	return rc < 0 ? rc : end;
}

/* Ends bulk mode: frees what is held and the hook. */
static void held_drop(bo_pg *c)
{
	rp_held *h = held_of(c);

	c->hooks[BO_PG_HOOK_REPORTS] = (bo_pg_hook){0};
	c->hook_state[BO_PG_HOOK_REPORTS] = NULL;
	if (!h)
		return;
	if (h->products)
		forget_deltas(h);
	free(h->orders);
	free(h->days);
	free(h->products);
	free(h);
}

/* The commit's hook: what is held is written before COMMIT. */
static int held_flush(bo_pg *c, bo_err *err)
{
	int rc = held_write(c, err);

	held_drop(c);
	return rc;
}

static int bulk(void *self, int on, bo_err *err)
{
	bo_pg *c = self;
	rp_held *h;
	int rc;

	if ((rc = bo_pg_need_tx(c, "hold the report tables", err)) < 0)
		return rc;
	if (!on) {
		rc = held_write(c, err);
		held_drop(c);
		return rc;
	}
	if (held_of(c))
		return 0;
	if (!(h = calloc(1, sizeof(*h))))
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory holding the report tables");
	c->hook_state[BO_PG_HOOK_REPORTS] = h;
	c->hooks[BO_PG_HOOK_REPORTS] =
	    (bo_pg_hook){.flush = held_flush, .drop = held_drop};
	h->orders = calloc(ORDER_SLOTS, sizeof(*h->orders));
	h->days = calloc(DAY_SLOTS, sizeof(*h->days));
	h->products = calloc(PRODUCT_SLOTS, sizeof(*h->products));
	if (!h->orders || !h->days || !h->products) {
		held_drop(c);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory holding the report tables");
	}
	return 0;
}

static int keep_order(bo_pg *c, const bo_report_order *o, bool dirty,
		      bo_err *err)
{
	rp_held *h = held_of(c);
	order_slot *s = held_order(h, o->id);
	int rc;

	if (!s->used && h->norders >= ORDER_SLOTS / 2) {
		if ((rc = held_write(c, err)) < 0)
			return rc;
		forget_orders(h);
		s = held_order(h, o->id);
	}
	if (!s->used) {
		s->used = true;
		h->norders++;
	}
	s->o = *o;
	s->dirty = s->dirty || dirty;
	return 0;
}

static int order_get(void *self, int64_t id, bo_report_order *out, bo_err *err)
{
	bo_pg *c = self;
	rp_held *h = held_of(c);
	order_slot *s;
	int rc;

	if (!h)
		return db_order_get(c, id, out, err);
	s = held_order(h, id);
	if (s->used) {
		*out = s->o;
		return 0;
	}
	if ((rc = db_order_get(c, id, out, err)) < 0)
		return rc;
	return keep_order(c, out, false, err);
}

static int order_put(void *self, const bo_report_order *o, bo_err *err)
{
	bo_pg *c = self;
	int rc;

	if (!held_of(c))
		return db_order_put(c, o, err);
	if ((rc = bo_pg_need_tx(c, "write report facts", err)) < 0)
		return rc;
	if (!status_ok(o))
		return bo_err_set(
		    err, BO_EINVAL,
		    "report facts of order %" PRId64 " need a status", o->id);
	return keep_order(c, o, true, err);
}

/* a + b without overflow; false when it would not fit. */
static bool sum_fits(int64_t a, int64_t b)
{
	return b >= 0 ? a <= INT64_MAX - b : a >= INT64_MIN - b;
}

static bool day_sum_fits(const bo_report_day *a, const bo_report_day *b)
{
	return sum_fits(a->orders_placed, b->orders_placed) &&
	       sum_fits(a->placed_value, b->placed_value) &&
	       sum_fits(a->orders_paid, b->orders_paid) &&
	       sum_fits(a->payments, b->payments) &&
	       sum_fits(a->payment_failures, b->payment_failures) &&
	       sum_fits(a->cancellations, b->cancellations) &&
	       sum_fits(a->gross, b->gross) && sum_fits(a->tax, b->tax) &&
	       sum_fits(a->refunds, b->refunds) &&
	       sum_fits(a->refund_tax, b->refund_tax);
}

static void day_sum(bo_report_day *a, const bo_report_day *b)
{
	a->orders_placed += b->orders_placed;
	a->placed_value += b->placed_value;
	a->orders_paid += b->orders_paid;
	a->payments += b->payments;
	a->payment_failures += b->payment_failures;
	a->cancellations += b->cancellations;
	a->gross += b->gross;
	a->tax += b->tax;
	a->refunds += b->refunds;
	a->refund_tax += b->refund_tax;
}

static int day_add(void *self, const bo_report_day *d, bo_err *err)
{
	bo_pg *c = self;
	rp_held *h = held_of(c);
	day_slot *s;
	int rc;

	if (!h)
		return db_day_add(c, d, err);
	if ((rc = bo_pg_need_tx(c, "write daily figures", err)) < 0)
		return rc;
	s = held_day(h, d->day);
	if (!s->used && h->ndays >= DAY_SLOTS / 2) {
		if ((rc = held_write(c, err)) < 0)
			return rc;
		s = held_day(h, d->day);
	}
	/* A sum too large to hold goes to the table as it is: the row ends
	 * as the one-by-one writes would leave it. */
	if (s->used && !day_sum_fits(&s->d, d)) {
		if ((rc = db_day_add(c, &s->d, err)) < 0)
			return rc;
		s->used = false;
		h->ndays--;
	}
	if (!s->used) {
		memset(&s->d, 0, sizeof(s->d));
		s->d.day = d->day;
		s->used = true;
		h->ndays++;
	}
	day_sum(&s->d, d);
	return 0;
}

static int product_add(void *self, const bo_report_product *p, bo_err *err)
{
	bo_pg *c = self;
	rp_held *h = held_of(c);
	const char *name = p->name ? p->name : "";
	product_slot *s;
	uint64_t hash;
	int rc;

	if (!h || !p->sku)
		return db_product_add(c, p, err);
	if ((rc = bo_pg_need_tx(c, "write product figures", err)) < 0)
		return rc;
	hash = product_hash(p->day, p->sku);
	s = held_product(h, hash, p->day, p->sku);
	if (!s->used && h->nproducts >= PRODUCT_SLOTS / 2) {
		if ((rc = held_write(c, err)) < 0)
			return rc;
		s = held_product(h, hash, p->day, p->sku);
	}
	if (!s->used) {
		memset(&s->p, 0, sizeof(s->p));
		s->p.day = p->day;
		if (!(s->p.sku = strdup(p->sku))) {
			bo_report_product_clear(&s->p);
			return bo_err_set(err, BO_ENOMEM,
					  "out of memory holding product "
					  "figures");
		}
		s->hash = hash;
		s->used = true;
		h->nproducts++;
	}
	if (!sum_fits(s->p.units, p->units) ||
	    !sum_fits(s->p.revenue, p->revenue) ||
	    !sum_fits(s->p.refunds, p->refunds)) {
		if ((rc = db_product_add(c, &s->p, err)) < 0)
			return rc;
		s->p.units = s->p.revenue = s->p.refunds = 0;
	}
	/* the last name given wins, as in the table */
	if (!s->p.name || strcmp(s->p.name, name) != 0) {
		char *copy = strdup(name);

		if (!copy)
			return bo_err_set(err, BO_ENOMEM,
					  "out of memory holding product "
					  "figures");
		free(s->p.name);
		s->p.name = copy;
	}
	s->p.units += p->units;
	s->p.revenue += p->revenue;
	s->p.refunds += p->refunds;
	return 0;
}

static int days(void *self, int64_t from_day, int64_t to_day,
		bo_report_day_each_fn each, void *ctx, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	/* whatever is held is written before it is read */
	if ((rc = held_write(c, err)) < 0)
		return rc;
	bo_pg_arg_int(&a, from_day);
	bo_pg_arg_int(&a, to_day);
	if ((rc = bo_pg_run(
		 c, PG_RP_DAYS,
		 "SELECT day, orders_placed, placed_value, orders_paid, "
		 "payments, payment_failures, cancellations, gross, tax, "
		 "refunds, refund_tax FROM @.report_days WHERE day BETWEEN $1 "
		 "AND $2 ORDER BY day",
		 &a, &res, "reading daily figures", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		bo_report_day d = {
		    .day = bo_pg_int64(res, i, 0),
		    .orders_placed = bo_pg_int64(res, i, 1),
		    .placed_value = bo_pg_int64(res, i, 2),
		    .orders_paid = bo_pg_int64(res, i, 3),
		    .payments = bo_pg_int64(res, i, 4),
		    .payment_failures = bo_pg_int64(res, i, 5),
		    .cancellations = bo_pg_int64(res, i, 6),
		    .gross = bo_pg_int64(res, i, 7),
		    .tax = bo_pg_int64(res, i, 8),
		    .refunds = bo_pg_int64(res, i, 9),
		    .refund_tax = bo_pg_int64(res, i, 10),
		};
		if ((rc = each(ctx, &d)) < 0)
			break;
	}
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int products(void *self, const bo_report_product_query *q,
		    bo_report_product_each_fn each, void *ctx, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	if ((rc = held_write(c, err)) < 0)
		return rc;
	bo_pg_arg_int(&a, q->from_day);
	bo_pg_arg_int(&a, q->to_day);
	bo_pg_arg_text(&a, q->sku);
	if (q->limit > 0)
		bo_pg_arg_int(&a, q->limit);
	else
		bo_pg_arg_text(&a, NULL); /* LIMIT NULL: no limit */
	/* COLLATE "C": SKUs tie-break by bytes, as on SQLite */
	if ((rc = bo_pg_run(
		 c, PG_RP_PRODUCTS,
		 "SELECT sku, max(day), (SELECT name FROM @.report_products n "
		 "WHERE n.sku = p.sku AND n.day BETWEEN $1 AND $2 "
		 "ORDER BY n.day DESC LIMIT 1), "
		 "sum(units)::bigint, sum(revenue)::bigint, "
		 "sum(refunds)::bigint "
		 "FROM @.report_products p WHERE day BETWEEN $1 AND $2 "
		 "AND ($3::text IS NULL OR sku = $3) GROUP BY sku "
		 "ORDER BY sum(revenue) DESC, sku COLLATE \"C\" LIMIT $4",
		 &a, &res, "reading product figures", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		bo_report_product p = {
		    .day = bo_pg_int64(res, i, 1),
		    .sku = PQgetvalue(res, i, 0),
		    .name = PQgetvalue(res, i, 2),
		    .units = bo_pg_int64(res, i, 3),
		    .revenue = bo_pg_int64(res, i, 4),
		    .refunds = bo_pg_int64(res, i, 5),
		};
		if ((rc = each(ctx, &p)) < 0)
			break;
	}
	PQclear(res);
	return rc < 0 ? rc : 0;
}

static int funnel(void *self, int64_t from_ms, int64_t to_ms,
		  int64_t counts[BO_ORDER_CANCELLED + 1], bo_err *err)
{
	bo_pg *c = self;
	bo_pg_args a = {0};
	PGresult *res;
	int rc;

	memset(counts, 0, sizeof(int64_t) * (BO_ORDER_CANCELLED + 1));
	if ((rc = held_write(c, err)) < 0)
		return rc;
	bo_pg_arg_int(&a, from_ms);
	bo_pg_arg_int(&a, to_ms);
	if ((rc = bo_pg_run(c, PG_RP_FUNNEL,
			    "SELECT status, count(*) FROM @.report_orders "
			    "WHERE placed_at >= $1 AND placed_at < $2 GROUP "
			    "BY status",
			    &a, &res, "counting orders", err)) < 0)
		return rc;
	for (int i = 0, n = PQntuples(res); i < n; i++) {
		int s = bo_order_status_from_name(PQgetvalue(res, i, 0));

		if (s > BO_ORDER_NONE && s <= BO_ORDER_CANCELLED)
			counts[s] += bo_pg_int64(res, i, 1);
	}
	PQclear(res);
	return 0;
}

static int durations(void *self, bo_report_leg leg, int64_t from_ms,
		     int64_t to_ms, int64_t **out, size_t *n, bo_err *err)
{
	bo_pg *c = self;
	bo_pg_slot slot =
	    leg == BO_REPORT_TO_SHIP ? PG_RP_TO_SHIP : PG_RP_TO_DELIVER;
	const char *sql =
	    leg == BO_REPORT_TO_SHIP
		? "SELECT shipped_at - paid_at FROM @.report_orders WHERE "
		  "shipped_at > 0 AND shipped_at >= $1 AND shipped_at < $2"
		: "SELECT delivered_at - shipped_at FROM @.report_orders WHERE "
		  "delivered_at > 0 AND delivered_at >= $1 AND "
		  "delivered_at < $2";
	bo_pg_args a = {0};
	PGresult *res;
	int64_t *d = NULL;
	size_t count;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = held_write(c, err)) < 0)
		return rc;
	bo_pg_arg_int(&a, from_ms);
	bo_pg_arg_int(&a, to_ms);
	if ((rc = bo_pg_run(c, slot, sql, &a, &res, "reading durations", err)) <
	    0)
		return rc;
	count = (size_t)PQntuples(res);
	if (count > 0 && !(d = malloc(count * sizeof(*d)))) {
		PQclear(res);
		return bo_err_set(err, BO_ENOMEM,
				  "out of memory reading durations");
	}
	for (size_t i = 0; i < count; i++)
		d[i] = bo_pg_int64(res, (int)i, 0);
	PQclear(res);
	*out = d;
	*n = count;
	return 0;
}

static int reset(void *self, bo_err *err)
{
	/* not a slot, so not rewritten: the shadow's names are its own */
	static const char *const wipe[2][4] = {
	    {"DELETE FROM @.report_orders", "DELETE FROM @.report_lines",
	     "DELETE FROM @.report_days", "DELETE FROM @.report_products"},
	    {"DELETE FROM @.report_orders__rebuild",
	     "DELETE FROM @.report_lines__rebuild",
	     "DELETE FROM @.report_days__rebuild",
	     "DELETE FROM @.report_products__rebuild"}};
	bo_pg *c = self;
	int sh = (c->shadow & BO_PG_SHADOW_REPORTS) != 0;
	rp_held *h = held_of(c);
	int rc;

	if ((rc = bo_pg_need_tx(c, "reset the report tables", err)) < 0)
		return rc;
	if (h) {
		forget_orders(h);
		forget_deltas(h);
	}
	for (size_t i = 0; i < 4; i++)
		if ((rc = bo_pg_run(c, PG_NO_SLOT, wipe[sh][i], NULL, NULL,
				    "resetting the report tables", err)) < 0)
			return rc;
	c->wrote = true;
	return 0;
}

static int snapshot(void *self, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc : bo_pg_snapshot_tables(self, report_tables, err);
}

static int diff(void *self, bo_diff_fn each, void *ctx, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc
		      : bo_pg_diff_tables(self, report_tables, each, ctx, err);
}

static int shadow(void *self, int op, bo_err *err)
{
	return bo_pg_shadow(self, BO_PG_SHADOW_REPORTS, op, err);
}

const bo_report_store_ops bo_pg_report_store_ops = {
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
