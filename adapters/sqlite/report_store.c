/* The report store port over SQLite: the reports projector's tables and their queries. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/sqlite/sqlite_internal.h"

static const char *const report_tables[] = {
    BO_REPORT_TABLE_ORDERS, BO_REPORT_TABLE_LINES, BO_REPORT_TABLE_DAYS,
    BO_REPORT_TABLE_PRODUCTS, NULL};

/* Steps a statement that returns no rows; 0 or the mapped error. */
static int step_done(bo_sqlite *c, sqlite3_stmt *st, const char *doing,
		     bo_err *err)
{
	int rc = sqlite3_step(st);

	return rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, doing, err);
}

#define ORDER_COLUMNS                                                          \
	"id, total, tax, paid, refunded, status, placed_at, paid_at, "         \
	"shipped_at, delivered_at"

static int db_order_get(bo_sqlite *c, int64_t id, bo_report_order *out,
			bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = bo_sq_acquire(c, SQ_RP_ORDER_GET,
			   "SELECT " ORDER_COLUMNS
			   " FROM report_orders WHERE id = ?",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 5);
		int s = bo_order_status_from_name(status ? status : "");

		if (s < 0) {
			rc = bo_err_set(err, BO_ESTORAGE,
					"report facts of order %" PRId64
					" have an unknown status",
					id);
			goto done;
		}
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(st, 0);
		out->total = sqlite3_column_int64(st, 1);
		out->tax = sqlite3_column_int64(st, 2);
		out->paid = sqlite3_column_int64(st, 3);
		out->refunded = sqlite3_column_int64(st, 4);
		out->status = (bo_order_status)s;
		out->placed_at = sqlite3_column_int64(st, 6);
		out->paid_at = sqlite3_column_int64(st, 7);
		out->shipped_at = sqlite3_column_int64(st, 8);
		out->delivered_at = sqlite3_column_int64(st, 9);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = bo_err_set(err, BO_ENOTFOUND,
				"order %" PRId64 " has no report facts", id);
	} else {
		rc = bo_sq_error(c, rc, "reading report facts", err);
	}
done:
	bo_sq_release(c, SQ_RP_ORDER_GET, st);
	return rc;
}

static int db_order_put(bo_sqlite *c, const bo_report_order *o, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write report facts", err)) < 0)
		return rc;
	if (o->status <= BO_ORDER_NONE || o->status > BO_ORDER_CANCELLED)
		return bo_err_set(
		    err, BO_EINVAL,
		    "report facts of order %" PRId64 " need a status", o->id);
	rc = bo_sq_acquire(c, SQ_RP_ORDER_PUT,
			   /* an upsert rather than REPLACE: only the index
			   * entries of columns that changed are touched */
			   "INSERT INTO report_orders (" ORDER_COLUMNS
			   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			   "ON CONFLICT (id) DO UPDATE SET total = "
			   "excluded.total, tax = excluded.tax, paid = "
			   "excluded.paid, refunded = excluded.refunded, "
			   "status = excluded.status, placed_at = "
			   "excluded.placed_at, paid_at = excluded.paid_at, "
			   "shipped_at = excluded.shipped_at, delivered_at = "
			   "excluded.delivered_at",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, o->id);
	sqlite3_bind_int64(st, 2, o->total);
	sqlite3_bind_int64(st, 3, o->tax);
	sqlite3_bind_int64(st, 4, o->paid);
	sqlite3_bind_int64(st, 5, o->refunded);
	bo_sq_bind_text(st, 6, bo_order_status_name(o->status));
	sqlite3_bind_int64(st, 7, o->placed_at);
	sqlite3_bind_int64(st, 8, o->paid_at);
	sqlite3_bind_int64(st, 9, o->shipped_at);
	sqlite3_bind_int64(st, 10, o->delivered_at);
	rc = step_done(c, st, "writing report facts", err);
	bo_sq_release(c, SQ_RP_ORDER_PUT, st);
	return rc;
}

static int lines_add(void *self, const bo_report_line *lines, size_t n,
		     bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write report lines", err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RP_LINE_ADD,
			   "INSERT INTO report_lines (order_id, line_no, sku, "
			   "name, quantity, gross) VALUES (?, ?, ?, ?, ?, ?)",
			   &st, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const bo_report_line *l = &lines[i];

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, l->order_id);
		sqlite3_bind_int(st, 2, l->line_no);
		bo_sq_bind_text(st, 3, l->sku ? l->sku : "");
		bo_sq_bind_text(st, 4, l->name ? l->name : "");
		sqlite3_bind_int(st, 5, l->quantity);
		sqlite3_bind_int64(st, 6, l->gross);
		rc = sqlite3_step(st);
		if ((rc & 0xff) == SQLITE_CONSTRAINT)
			rc = bo_err_set(err, BO_ECONFLICT,
					"line %d of order %" PRId64
					" is already stored",
					(int)l->line_no + 1, l->order_id);
		else
			rc = rc == SQLITE_DONE
				 ? 0
				 : bo_sq_error(c, rc, "writing report lines",
					       err);
	}
	bo_sq_release(c, SQ_RP_LINE_ADD, st);
	return rc;
}

static int lines_get(void *self, int64_t order_id, bo_report_line **out,
		     size_t *n, bo_err *err)
{
	bo_sqlite *c = self;
	bo_report_line *lines = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	rc = bo_sq_acquire(c, SQ_RP_LINES_GET,
			   "SELECT line_no, sku, name, quantity, gross FROM "
			   "report_lines WHERE order_id = ? ORDER BY line_no",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, order_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_report_line *l;

		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			bo_report_line *grown =
			    realloc(lines, ncap * sizeof(*lines));
			if (!grown)
				goto nomem;
			lines = grown;
			cap = ncap;
		}
		l = &lines[count];
		memset(l, 0, sizeof(*l));
		count++;
		l->order_id = order_id;
		l->line_no = sqlite3_column_int(st, 0);
		l->quantity = sqlite3_column_int(st, 3);
		l->gross = sqlite3_column_int64(st, 4);
		if (bo_sq_column_dup(&l->sku, st, 1) < 0 ||
		    bo_sq_column_dup(&l->name, st, 2) < 0)
			goto nomem;
	}
	if (rc != SQLITE_DONE) {
		rc = bo_sq_error(c, rc, "reading report lines", err);
		goto fail;
	}
	bo_sq_release(c, SQ_RP_LINES_GET, st);
	*out = lines;
	*n = count;
	return 0;
nomem:
	rc = bo_err_set(err, BO_ENOMEM, "out of memory reading report lines");
fail:
	bo_sq_release(c, SQ_RP_LINES_GET, st);
	bo_report_lines_free(lines, count);
	return rc;
}

static int db_day_add(bo_sqlite *c, const bo_report_day *d, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write daily figures", err)) < 0)
		return rc;
	rc = bo_sq_acquire(
	    c, SQ_RP_DAY_ADD,
	    "INSERT INTO report_days (day, orders_placed, placed_value, "
	    "orders_paid, payments, payment_failures, cancellations, gross, "
	    "tax, refunds, refund_tax) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?) "
	    "ON CONFLICT (day) DO UPDATE SET "
	    "orders_placed = orders_placed + excluded.orders_placed, "
	    "placed_value = placed_value + excluded.placed_value, "
	    "orders_paid = orders_paid + excluded.orders_paid, "
	    "payments = payments + excluded.payments, "
	    "payment_failures = payment_failures + excluded.payment_failures, "
	    "cancellations = cancellations + excluded.cancellations, "
	    "gross = gross + excluded.gross, tax = tax + excluded.tax, "
	    "refunds = refunds + excluded.refunds, "
	    "refund_tax = refund_tax + excluded.refund_tax",
	    &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->day);
	sqlite3_bind_int64(st, 2, d->orders_placed);
	sqlite3_bind_int64(st, 3, d->placed_value);
	sqlite3_bind_int64(st, 4, d->orders_paid);
	sqlite3_bind_int64(st, 5, d->payments);
	sqlite3_bind_int64(st, 6, d->payment_failures);
	sqlite3_bind_int64(st, 7, d->cancellations);
	sqlite3_bind_int64(st, 8, d->gross);
	sqlite3_bind_int64(st, 9, d->tax);
	sqlite3_bind_int64(st, 10, d->refunds);
	sqlite3_bind_int64(st, 11, d->refund_tax);
	rc = step_done(c, st, "writing daily figures", err);
	bo_sq_release(c, SQ_RP_DAY_ADD, st);
	return rc;
}

static int db_product_add(bo_sqlite *c, const bo_report_product *p, bo_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = bo_sq_need_tx(c, "write product figures", err)) < 0)
		return rc;
	rc = bo_sq_acquire(
	    c, SQ_RP_PRODUCT_ADD,
	    "INSERT INTO report_products (day, sku, name, units, revenue, "
	    "refunds) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, sku) DO "
	    "UPDATE SET name = excluded.name, units = units + excluded.units, "
	    "revenue = revenue + excluded.revenue, "
	    "refunds = refunds + excluded.refunds",
	    &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->day);
	bo_sq_bind_text(st, 2, p->sku);
	bo_sq_bind_text(st, 3, p->name ? p->name : "");
	sqlite3_bind_int64(st, 4, p->units);
	sqlite3_bind_int64(st, 5, p->revenue);
	sqlite3_bind_int64(st, 6, p->refunds);
	rc = step_done(c, st, "writing product figures", err);
	bo_sq_release(c, SQ_RP_PRODUCT_ADD, st);
	return rc;
}

/* ---- bulk mode: report rows held in memory during a replay --------------- */

/*
 * Three open-addressing tables with linear probing, each filled to half its
 * slots at most: past that everything held is written out and forgotten, so
 * memory stays bounded however long the replay. Order facts are whole rows
 * (written as they are); days and products are deltas, added to the stored
 * rows when written, so they are forgotten once written.
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

struct bo_sq_rp_held {
	order_slot *orders;
	day_slot *days;
	product_slot *products;
	size_t norders, ndays, nproducts;
};

/* The slot holding order id, or the empty one where it would go. Order ids
 * are dense, so the id itself spreads them and the rows are written back in
 * nearly id order, which the b-tree likes. */
static order_slot *held_order(struct bo_sq_rp_held *h, int64_t id)
{
	size_t i = (size_t)((uint64_t)id & (ORDER_SLOTS - 1));

	for (;; i = (i + 1) & (ORDER_SLOTS - 1))
		if (!h->orders[i].used || h->orders[i].o.id == id)
			return &h->orders[i];
}

static day_slot *held_day(struct bo_sq_rp_held *h, int64_t day)
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

static product_slot *held_product(struct bo_sq_rp_held *h, uint64_t hash,
				  int64_t day, const char *sku)
{
	size_t i = (size_t)(hash & (PRODUCT_SLOTS - 1));

	for (;; i = (i + 1) & (PRODUCT_SLOTS - 1)) {
		product_slot *s = &h->products[i];

		if (!s->used || (s->hash == hash && s->p.day == day &&
				 strcmp(s->p.sku, sku) == 0))
			return s;
	}
}

static void forget_orders(struct bo_sq_rp_held *h)
{
	memset(h->orders, 0, ORDER_SLOTS * sizeof(*h->orders));
	h->norders = 0;
}

static void forget_deltas(struct bo_sq_rp_held *h)
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

/* The product deltas in key order: the b-tree takes them far faster than in
 * hash order. Unsorted when there is no memory for the order. */
static int write_products(bo_sqlite *c, struct bo_sq_rp_held *h, bo_err *err)
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
static int held_write(bo_sqlite *c, bo_err *err)
{
	struct bo_sq_rp_held *h = c->rp_held;
	int rc;

	if (!h)
		return 0;
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

int bo_sq_rp_held_flush(bo_sqlite *c, bo_err *err)
{
	return held_write(c, err);
}

void bo_sq_rp_held_drop(bo_sqlite *c)
{
	struct bo_sq_rp_held *h = c->rp_held;

	if (!h)
		return;
	if (h->products)
		forget_deltas(h);
	free(h->orders);
	free(h->days);
	free(h->products);
	free(h);
	c->rp_held = NULL;
}

static int bulk(void *self, int on, bo_err *err)
{
	bo_sqlite *c = self;
	struct bo_sq_rp_held *h;
	int rc;

	if ((rc = bo_sq_need_tx(c, "hold the report tables", err)) < 0)
		return rc;
	if (!on) {
		rc = held_write(c, err);
		bo_sq_rp_held_drop(c);
		return rc;
	}
	if (c->rp_held)
		return 0;
	if (!(h = calloc(1, sizeof(*h))))
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	c->rp_held = h;
	h->orders = calloc(ORDER_SLOTS, sizeof(*h->orders));
	h->days = calloc(DAY_SLOTS, sizeof(*h->days));
	h->products = calloc(PRODUCT_SLOTS, sizeof(*h->products));
	if (!h->orders || !h->days || !h->products) {
		bo_sq_rp_held_drop(c);
		return bo_err_set(err, BO_ENOMEM, "out of memory");
	}
	return 0;
}

/* Keeps o in its slot (replacing what was there). */
static int keep_order(bo_sqlite *c, const bo_report_order *o, bool dirty,
		      bo_err *err)
{
	struct bo_sq_rp_held *h = c->rp_held;
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
	bo_sqlite *c = self;
	order_slot *s;
	int rc;

	if (!c->rp_held)
		return db_order_get(c, id, out, err);
	s = held_order(c->rp_held, id);
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
	bo_sqlite *c = self;
	int rc;

	if (!c->rp_held)
		return db_order_put(c, o, err);
	if ((rc = bo_sq_need_tx(c, "write report facts", err)) < 0)
		return rc;
	if (o->status <= BO_ORDER_NONE || o->status > BO_ORDER_CANCELLED)
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
	bo_sqlite *c = self;
	struct bo_sq_rp_held *h = c->rp_held;
	day_slot *s;
	int rc;

	if (!h)
		return db_day_add(c, d, err);
	if ((rc = bo_sq_need_tx(c, "write daily figures", err)) < 0)
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
	bo_sqlite *c = self;
	struct bo_sq_rp_held *h = c->rp_held;
	const char *name = p->name ? p->name : "";
	product_slot *s;
	uint64_t hash;
	int rc;

	if (!h || !p->sku)
		return db_product_add(c, p, err);
	if ((rc = bo_sq_need_tx(c, "write product figures", err)) < 0)
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
			return bo_err_set(err, BO_ENOMEM, "out of memory");
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
			return bo_err_set(err, BO_ENOMEM, "out of memory");
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
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	/* whatever is held is written before it is read */
	if ((rc = held_write(c, err)) < 0)
		return rc;
	rc = bo_sq_acquire(
	    c, SQ_RP_DAYS,
	    "SELECT day, orders_placed, placed_value, orders_paid, payments, "
	    "payment_failures, cancellations, gross, tax, refunds, refund_tax "
	    "FROM report_days WHERE day BETWEEN ? AND ? ORDER BY day",
	    &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, from_day);
	sqlite3_bind_int64(st, 2, to_day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_report_day d = {
		    .day = sqlite3_column_int64(st, 0),
		    .orders_placed = sqlite3_column_int64(st, 1),
		    .placed_value = sqlite3_column_int64(st, 2),
		    .orders_paid = sqlite3_column_int64(st, 3),
		    .payments = sqlite3_column_int64(st, 4),
		    .payment_failures = sqlite3_column_int64(st, 5),
		    .cancellations = sqlite3_column_int64(st, 6),
		    .gross = sqlite3_column_int64(st, 7),
		    .tax = sqlite3_column_int64(st, 8),
		    .refunds = sqlite3_column_int64(st, 9),
		    .refund_tax = sqlite3_column_int64(st, 10),
		};
		if ((rc = each(ctx, &d)) < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading daily figures", err);
done:
	bo_sq_release(c, SQ_RP_DAYS, st);
	return rc;
}

static int products(void *self, const bo_report_product_query *q,
		    bo_report_product_each_fn each, void *ctx, bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	if ((rc = held_write(c, err)) < 0)
		return rc;
	rc = bo_sq_acquire(
	    c, SQ_RP_PRODUCTS,
	    "SELECT sku, max(day), (SELECT name FROM report_products n "
	    "WHERE n.sku = p.sku AND n.day BETWEEN ?1 AND ?2 "
	    "ORDER BY n.day DESC LIMIT 1), "
	    "sum(units), sum(revenue), sum(refunds) "
	    "FROM report_products p WHERE day BETWEEN ?1 AND ?2 "
	    "AND (?3 IS NULL OR sku = ?3) GROUP BY sku "
	    "ORDER BY sum(revenue) DESC, sku LIMIT ?4",
	    &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, q->from_day);
	sqlite3_bind_int64(st, 2, q->to_day);
	bo_sq_bind_text(st, 3, q->sku);
	sqlite3_bind_int64(st, 4, q->limit > 0 ? q->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bo_report_product p = {
		    .day = sqlite3_column_int64(st, 1),
		    .sku = (char *)sqlite3_column_text(st, 0),
		    .name = (char *)sqlite3_column_text(st, 2),
		    .units = sqlite3_column_int64(st, 3),
		    .revenue = sqlite3_column_int64(st, 4),
		    .refunds = sqlite3_column_int64(st, 5),
		};
		if (!p.sku || !p.name) {
			rc = bo_err_set(err, BO_ENOMEM,
					"out of memory reading product "
					"figures");
			goto done;
		}
		if ((rc = each(ctx, &p)) < 0)
			goto done;
	}
	rc = rc == SQLITE_DONE
		 ? 0
		 : bo_sq_error(c, rc, "reading product figures", err);
done:
	bo_sq_release(c, SQ_RP_PRODUCTS, st);
	return rc;
}

static int funnel(void *self, int64_t from_ms, int64_t to_ms,
		  int64_t counts[BO_ORDER_CANCELLED + 1], bo_err *err)
{
	bo_sqlite *c = self;
	sqlite3_stmt *st;
	int rc;

	memset(counts, 0, sizeof(int64_t) * (BO_ORDER_CANCELLED + 1));
	if ((rc = held_write(c, err)) < 0)
		return rc;
	rc = bo_sq_acquire(c, SQ_RP_FUNNEL,
			   "SELECT status, count(*) FROM report_orders WHERE "
			   "placed_at >= ? AND placed_at < ? GROUP BY status",
			   &st, err);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, from_ms);
	sqlite3_bind_int64(st, 2, to_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int s = bo_order_status_from_name(name ? name : "");

		if (s > BO_ORDER_NONE && s <= BO_ORDER_CANCELLED)
			counts[s] += sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_DONE ? 0 : bo_sq_error(c, rc, "counting orders", err);
	bo_sq_release(c, SQ_RP_FUNNEL, st);
	return rc;
}

static int durations(void *self, bo_report_leg leg, int64_t from_ms,
		     int64_t to_ms, int64_t **out, size_t *n, bo_err *err)
{
	bo_sqlite *c = self;
	bo_sq_slot slot =
	    leg == BO_REPORT_TO_SHIP ? SQ_RP_TO_SHIP : SQ_RP_TO_DELIVER;
	const char *sql =
	    leg == BO_REPORT_TO_SHIP
		? "SELECT shipped_at - paid_at FROM report_orders WHERE "
		  "shipped_at > 0 AND shipped_at >= ? AND shipped_at < ?"
		: "SELECT delivered_at - shipped_at FROM report_orders WHERE "
		  "delivered_at > 0 AND delivered_at >= ? AND "
		  "delivered_at < ?";
	int64_t *d = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = held_write(c, err)) < 0 ||
	    (rc = bo_sq_acquire(c, slot, sql, &st, err)) < 0)
		return rc;
	sqlite3_bind_int64(st, 1, from_ms);
	sqlite3_bind_int64(st, 2, to_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			int64_t *grown = realloc(d, ncap * sizeof(*d));
			if (!grown) {
				rc = bo_err_set(err, BO_ENOMEM,
						"out of memory reading "
						"durations");
				goto fail;
			}
			d = grown;
			cap = ncap;
		}
		d[count++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		rc = bo_sq_error(c, rc, "reading durations", err);
		goto fail;
	}
	bo_sq_release(c, slot, st);
	if (count == 0) {
		free(d);
		d = NULL;
	}
	*out = d;
	*n = count;
	return 0;
fail:
	bo_sq_release(c, slot, st);
	free(d);
	return rc;
}

static int reset(void *self, bo_err *err)
{
	bo_sqlite *c = self;
	int rc;

	if ((rc = bo_sq_need_tx(c, "reset the report tables", err)) < 0)
		return rc;
	if (c->rp_held) {
		forget_orders(c->rp_held);
		forget_deltas(c->rp_held);
	}
	rc =
	    sqlite3_exec(c->db,
			 "DELETE FROM report_orders; DELETE FROM report_lines; "
			 "DELETE FROM report_days; DELETE FROM report_products",
			 NULL, NULL, NULL);
	return rc == SQLITE_OK
		   ? 0
		   : bo_sq_error(c, rc, "resetting the report tables", err);
}

static int snapshot(void *self, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc : bo_sq_snapshot_tables(self, report_tables, err);
}

static int diff(void *self, bo_diff_fn each, void *ctx, bo_err *err)
{
	int rc = held_write(self, err);

	return rc < 0 ? rc
		      : bo_sq_diff_tables(self, report_tables, each, ctx, err);
}

static int shadow(void *self, int op, bo_err *err)
{
	return bo_sq_shadow(self, BO_SQ_SHADOW_REPORTS, op, err);
}

const bo_report_store_ops bo_sqlite_report_store_ops = {
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
