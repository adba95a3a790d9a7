/* Contract tests of the report store port (the reports projector's tables), for every backend. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support/contract_internal.h"

#define RS (&f->p.reports)

static bo_report_order mk_order(int64_t id, bo_order_status status,
				int64_t placed_at)
{
	bo_report_order o = {.id = id,
			     .total = 2550,
			     .tax = 383,
			     .paid = 1000,
			     .refunded = 15,
			     .status = status,
			     .placed_at = placed_at,
			     .paid_at = placed_at + 10,
			     .shipped_at = 0,
			     .delivered_at = 0};
	return o;
}

/* Field by field: the struct has padding that memcmp would read. */
static void order_eq(const bo_report_order *got, const bo_report_order *want)
{
	INT_EQ(got->id, want->id);
	INT_EQ(got->total, want->total);
	INT_EQ(got->tax, want->tax);
	INT_EQ(got->paid, want->paid);
	INT_EQ(got->refunded, want->refunded);
	INT_EQ(got->status, want->status);
	INT_EQ(got->placed_at, want->placed_at);
	INT_EQ(got->paid_at, want->paid_at);
	INT_EQ(got->shipped_at, want->shipped_at);
	INT_EQ(got->delivered_at, want->delivered_at);
}

static void put_order(ct_fx *f, const bo_report_order *o)
{
	BEGIN();
	OK(bo_rs_order_put(RS, o, &f->err));
	COMMIT();
}

static void order_facts_round_trip_and_are_replaced(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(12, BO_ORDER_PLACED, T0), got;

	STATUS(BO_ENOTFOUND, bo_rs_order_get(RS, 12, &got, &f->err));
	put_order(f, &o);
	OK(bo_rs_order_get(RS, 12, &got, &f->err));
	order_eq(&got, &o);
	o.status = BO_ORDER_DELIVERED;
	o.paid = o.total;
	o.shipped_at = T0 + 100;
	o.delivered_at = BIG;
	put_order(f, &o);
	OK(bo_rs_order_get(RS, 12, &got, &f->err));
	order_eq(&got, &o);
	STATUS(BO_ENOTFOUND, bo_rs_order_get(RS, 13, &got, &f->err));
}

static void writes_need_a_transaction(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(1, BO_ORDER_PLACED, T0);
	bo_report_line l = {.order_id = 1, .sku = "A", .name = "a"};
	bo_report_day d = {.day = 3, .gross = 1};
	bo_report_product p = {.day = 3, .sku = "A", .name = "a"};

	STATUS(BO_ESTORAGE, bo_rs_order_put(RS, &o, &f->err));
	STATUS(BO_ESTORAGE, bo_rs_lines_add(RS, &l, 1, &f->err));
	STATUS(BO_ESTORAGE, bo_rs_day_add(RS, &d, &f->err));
	STATUS(BO_ESTORAGE, bo_rs_product_add(RS, &p, &f->err));
	STATUS(BO_ESTORAGE, bo_rs_reset(RS, &f->err));
}

static void lines_come_back_in_line_order_per_order(void **state)
{
	ct_fx *f = *state;
	bo_report_line in[] = {{.order_id = 7,
				.line_no = 1,
				.sku = "B-2",
				.name = "Bowl \"big\"",
				.quantity = 3,
				.gross = 1650},
			       {.order_id = 7,
				.line_no = 0,
				.sku = "A-1",
				.name = "Mug",
				.quantity = 1,
				.gross = BIG},
			       {.order_id = 8,
				.line_no = 0,
				.sku = "C",
				.name = "Cup",
				.quantity = 2,
				.gross = 10}};
	bo_report_line *out = NULL;
	size_t n = 9;

	BEGIN();
	OK(bo_rs_lines_add(RS, in, 3, &f->err));
	COMMIT();
	OK(bo_rs_lines_get(RS, 7, &out, &n, &f->err));
	INT_EQ(n, 2);
	for (size_t i = 0; i < 2; i++) {
		const bo_report_line *w = &in[1 - i];
		INT_EQ(out[i].order_id, 7);
		INT_EQ(out[i].line_no, w->line_no);
		STR_EQ(out[i].sku, w->sku);
		STR_EQ(out[i].name, w->name);
		INT_EQ(out[i].quantity, w->quantity);
		INT_EQ(out[i].gross, w->gross);
	}
	bo_report_lines_free(out, n);
	OK(bo_rs_lines_get(RS, 9, &out, &n, &f->err));
	INT_EQ(n, 0);
	assert_null(out);
	/* a line stored twice is a conflict */
	BEGIN();
	STATUS(BO_ECONFLICT, bo_rs_lines_add(RS, &in[2], 1, &f->err));
	ROLLBACK();
}

typedef struct days_seen {
	bo_report_day d[8];
	size_t n;
	size_t stop_at;
} days_seen;

static int keep_day(void *ctx, const bo_report_day *d)
{
	days_seen *s = ctx;

	if (s->n == 8)
		return -1;
	s->d[s->n++] = *d;
	return s->stop_at && s->n == s->stop_at ? CT_STOP : 0;
}

static void day_deltas_add_up_and_are_listed_in_day_order(void **state)
{
	ct_fx *f = *state;
	bo_report_day a = {.day = 20454,
			   .orders_placed = 1,
			   .placed_value = 2550,
			   .payments = 1,
			   .gross = 1000,
			   .tax = 150};
	bo_report_day b = {.day = 20454,
			   .orders_paid = 1,
			   .payments = 1,
			   .payment_failures = 2,
			   .cancellations = 1,
			   .gross = 1550,
			   .tax = 233,
			   .refunds = 7,
			   .refund_tax = 1};
	bo_report_day c = {.day = 20456, .gross = BIG};
	bo_report_day early = {.day = -3, .refunds = 5};
	days_seen s = {0};

	BEGIN();
	OK(bo_rs_day_add(RS, &c, &f->err));
	OK(bo_rs_day_add(RS, &a, &f->err));
	OK(bo_rs_day_add(RS, &b, &f->err));
	OK(bo_rs_day_add(RS, &early, &f->err));
	COMMIT();
	OK(bo_rs_days(RS, 20454, 20456, keep_day, &s, &f->err));
	INT_EQ(s.n, 2);
	INT_EQ(s.d[0].day, 20454);
	INT_EQ(s.d[0].orders_placed, 1);
	INT_EQ(s.d[0].placed_value, 2550);
	INT_EQ(s.d[0].orders_paid, 1);
	INT_EQ(s.d[0].payments, 2);
	INT_EQ(s.d[0].payment_failures, 2);
	INT_EQ(s.d[0].cancellations, 1);
	INT_EQ(s.d[0].gross, 2550);
	INT_EQ(s.d[0].tax, 383);
	INT_EQ(s.d[0].refunds, 7);
	INT_EQ(s.d[0].refund_tax, 1);
	INT_EQ(s.d[1].day, 20456);
	INT_EQ(s.d[1].gross, BIG);
	/* the range is inclusive at both ends and may be before the epoch */
	s.n = 0;
	OK(bo_rs_days(RS, -3, 20454, keep_day, &s, &f->err));
	INT_EQ(s.n, 2);
	INT_EQ(s.d[0].day, -3);
	s.n = 0;
	OK(bo_rs_days(RS, 20455, 20455, keep_day, &s, &f->err));
	INT_EQ(s.n, 0);
	/* a negative return stops the walk and comes back as it is */
	s.n = 0;
	s.stop_at = 1;
	INT_EQ(bo_rs_days(RS, -10, 30000, keep_day, &s, &f->err), CT_STOP);
	INT_EQ(s.n, 1);
}

typedef struct prods_seen {
	bo_report_product p[8];
	size_t n;
	size_t stop_at;
} prods_seen;

static int keep_product(void *ctx, const bo_report_product *p)
{
	prods_seen *s = ctx;
	bo_report_product *d;

	if (s->n == 8)
		return -1;
	d = &s->p[s->n++];
	*d = *p;
	d->sku = ct_xstrdup(p->sku);
	d->name = ct_xstrdup(p->name);
	return s->stop_at && s->n == s->stop_at ? CT_STOP : 0;
}

static void clear_products(prods_seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		bo_report_product_clear(&s->p[i]);
	s->n = 0;
}

static void add_product_row(ct_fx *f, int64_t day, const char *sku,
			    const char *name, int64_t units, int64_t revenue,
			    int64_t refunds)
{
	bo_report_product p = {.day = day,
			       .sku = (char *)sku,
			       .name = (char *)name,
			       .units = units,
			       .revenue = revenue,
			       .refunds = refunds};
	OK(bo_rs_product_add(RS, &p, &f->err));
}

static void product_rows_sum_over_the_range_best_revenue_first(void **state)
{
	ct_fx *f = *state;
	bo_report_product_query q = {.from_day = 10, .to_day = 12};
	prods_seen s = {0};

	BEGIN();
	add_product_row(f, 10, "MUG", "Mug", 2, 2000, 0);
	add_product_row(f, 11, "MUG", "Mug (blue)", 1, 1000, 78);
	add_product_row(f, 11, "BOWL", "Bowl", 3, 1650, 0);
	add_product_row(f, 12, "BOWL", "Bowl", 0, 0, 27);
	add_product_row(f, 12, "CUP", "Cup", 5, 1650, 0);
	add_product_row(f, 13, "CUP", "Cup later", 100, 100000, 0);
	add_product_row(f, 9, "SPOON", "Spoon", 1, 99999, 0);
	/* the same day and SKU again: figures add up, the name is replaced */
	add_product_row(f, 10, "MUG", "Mug (red)", 1, 0, 0);
	COMMIT();
	OK(bo_rs_products(RS, &q, keep_product, &s, &f->err));
	INT_EQ(s.n, 3);
	STR_EQ(s.p[0].sku, "MUG");
	STR_EQ(s.p[0].name, "Mug (blue)"); /* the last day's name */
	INT_EQ(s.p[0].day, 11);
	INT_EQ(s.p[0].units, 4);
	INT_EQ(s.p[0].revenue, 3000);
	INT_EQ(s.p[0].refunds, 78);
	/* equal revenue: by SKU */
	STR_EQ(s.p[1].sku, "BOWL");
	INT_EQ(s.p[1].units, 3);
	INT_EQ(s.p[1].refunds, 27);
	INT_EQ(s.p[1].day, 12);
	STR_EQ(s.p[2].sku, "CUP");
	STR_EQ(s.p[2].name, "Cup");
	INT_EQ(s.p[2].revenue, 1650);
	clear_products(&s);
	q.limit = 1;
	OK(bo_rs_products(RS, &q, keep_product, &s, &f->err));
	INT_EQ(s.n, 1);
	STR_EQ(s.p[0].sku, "MUG");
	clear_products(&s);
	q.limit = 0;
	q.sku = "CUP";
	q.to_day = 13;
	OK(bo_rs_products(RS, &q, keep_product, &s, &f->err));
	INT_EQ(s.n, 1);
	STR_EQ(s.p[0].name, "Cup later");
	INT_EQ(s.p[0].units, 105);
	clear_products(&s);
	q.sku = "NONE";
	OK(bo_rs_products(RS, &q, keep_product, &s, &f->err));
	INT_EQ(s.n, 0);
}

static void funnel_counts_orders_placed_in_the_span_by_status(void **state)
{
	ct_fx *f = *state;
	int64_t counts[BO_ORDER_CANCELLED + 1];
	bo_report_order o;

	BEGIN();
	o = mk_order(1, BO_ORDER_PLACED, T0);
	OK(bo_rs_order_put(RS, &o, &f->err));
	o = mk_order(2, BO_ORDER_DELIVERED, T0 + 5);
	OK(bo_rs_order_put(RS, &o, &f->err));
	o = mk_order(3, BO_ORDER_DELIVERED, T0 + 9);
	OK(bo_rs_order_put(RS, &o, &f->err));
	o = mk_order(4, BO_ORDER_CANCELLED, T0 + 10); /* just outside */
	OK(bo_rs_order_put(RS, &o, &f->err));
	o = mk_order(5, BO_ORDER_PAID, T0 - 1); /* just before */
	OK(bo_rs_order_put(RS, &o, &f->err));
	COMMIT();
	OK(bo_rs_funnel(RS, T0, T0 + 10, counts, &f->err));
	INT_EQ(counts[BO_ORDER_NONE], 0);
	INT_EQ(counts[BO_ORDER_PLACED], 1);
	INT_EQ(counts[BO_ORDER_PAID], 0);
	INT_EQ(counts[BO_ORDER_SHIPPED], 0);
	INT_EQ(counts[BO_ORDER_DELIVERED], 2);
	INT_EQ(counts[BO_ORDER_CANCELLED], 0);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The durations of the orders whose leg ends in the span, in any order
 * (the report selects its ranks itself): sorted here to compare. */
static void durations_are_those_ending_in_the_span(void **state)
{
	ct_fx *f = *state;
	int64_t *d = NULL;
	size_t n = 9;
	bo_report_order o;

	BEGIN();
	for (int i = 1; i <= 4; i++) {
		o = mk_order(i, BO_ORDER_DELIVERED, T0);
		o.paid_at = T0;
		o.shipped_at = T0 + 1000 * (5 - i); /* 4000, 3000, 2000, 1000 */
		o.delivered_at = o.shipped_at + 10 * i;
		OK(bo_rs_order_put(RS, &o, &f->err));
	}
	o = mk_order(5, BO_ORDER_PAID, T0); /* never shipped */
	OK(bo_rs_order_put(RS, &o, &f->err));
	COMMIT();
	OK(bo_rs_durations(RS, BO_REPORT_TO_SHIP, T0, T0 + 4000, &d, &n,
			   &f->err));
	INT_EQ(n, 3); /* 4000 is the end of the span: out */
	qsort(d, n, sizeof(*d), cmp_i64);
	INT_EQ(d[0], 1000);
	INT_EQ(d[1], 2000);
	INT_EQ(d[2], 3000);
	free(d);
	OK(bo_rs_durations(RS, BO_REPORT_TO_DELIVER, 0, BIG, &d, &n, &f->err));
	INT_EQ(n, 4);
	qsort(d, n, sizeof(*d), cmp_i64);
	INT_EQ(d[0], 10);
	INT_EQ(d[3], 40);
	free(d);
	OK(bo_rs_durations(RS, BO_REPORT_TO_SHIP, 0, T0, &d, &n, &f->err));
	INT_EQ(n, 0);
	assert_null(d);
}

static void reset_empties_and_rollback_undoes(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(1, BO_ORDER_PLACED, T0), got;
	bo_report_line l = {
	    .order_id = 1, .sku = "A", .name = "a", .quantity = 1, .gross = 5};
	bo_report_day d = {.day = 4, .gross = 5};
	bo_report_line *lines = NULL;
	days_seen s = {0};
	size_t n = 0;

	BEGIN();
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_lines_add(RS, &l, 1, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	ROLLBACK();
	STATUS(BO_ENOTFOUND, bo_rs_order_get(RS, 1, &got, &f->err));
	OK(bo_rs_days(RS, 0, 10, keep_day, &s, &f->err));
	INT_EQ(s.n, 0);
	BEGIN();
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_lines_add(RS, &l, 1, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 4, "A", "a", 1, 5, 0);
	COMMIT();
	BEGIN();
	OK(bo_rs_reset(RS, &f->err));
	COMMIT();
	STATUS(BO_ENOTFOUND, bo_rs_order_get(RS, 1, &got, &f->err));
	OK(bo_rs_lines_get(RS, 1, &lines, &n, &f->err));
	INT_EQ(n, 0);
	OK(bo_rs_days(RS, 0, 10, keep_day, &s, &f->err));
	INT_EQ(s.n, 0);
}

typedef struct diffs {
	ct_joined live, rebuild, text;
	int n;
} diffs;

/* Tables per side, and every row as "table|side|bo_row_format text". */
static int keep_diff(void *ctx, const bo_row *row, bo_row_side side)
{
	diffs *d = ctx;
	char *text = NULL, *line;
	size_t n;
	int rc;

	d->n++;
	assert_int_equal(bo_row_format(&text, row), BO_OK);
	n = strlen(row->table) + strlen(text) + 40;
	line = malloc(n);
	assert_non_null(line);
	snprintf(line, n, "%s|%s|%s", row->table, bo_row_side_name(side),
		 text);
	rc = ct_join_add(&d->text, line);
	free(line);
	free(text);
	if (rc < 0)
		return rc;
	if (side == BO_ROW_ONLY_LIVE)
		return ct_join_add(&d->live, row->table);
	if (side == BO_ROW_ONLY_REBUILD)
		return ct_join_add(&d->rebuild, row->table);
	return -1;
}

static void diff_reports_rows_that_changed_since_the_snapshot(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(1, BO_ORDER_PLACED, T0);
	bo_report_line l = {
	    .order_id = 1, .sku = "A", .name = "a", .quantity = 1, .gross = 5};
	bo_report_day d = {.day = 4, .gross = 5};
	diffs got = {0};

	BEGIN();
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_lines_add(RS, &l, 1, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 4, "A", "a", 1, 5, 0);
	OK(bo_rs_snapshot(RS, &f->err));
	OK(bo_rs_diff(RS, keep_diff, &got, &f->err));
	INT_EQ(got.n, 0);
	/* a changed day row, a new product row, a vanished order */
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 4, "B", "b", 1, 5, 0);
	OK(bo_rs_reset(RS, &f->err));
	OK(bo_rs_lines_add(RS, &l, 1, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 4, "A", "a", 1, 5, 0);
	add_product_row(f, 4, "B", "b", 1, 5, 0);
	OK(bo_rs_diff(RS, keep_diff, &got, &f->err));
	ROLLBACK();
	JOINED_IS(&got.live, "report_orders,report_days");
	JOINED_IS(&got.rebuild, "report_days,report_products");
	JOINED_IS(&got.text,
		  "report_orders|only in the live model|id=1 total=2550 "
		  "tax=383 paid=1000 refunded=15 status='placed' "
		  "placed_at=1764137502123 paid_at=1764137502133 "
		  "shipped_at=0 delivered_at=0,report_days|only in the live "
		  "model|day=4 orders_placed=0 placed_value=0 orders_paid=0 "
		  "payments=0 payment_failures=0 cancellations=0 gross=5 "
		  "tax=0 refunds=0 refund_tax=0,report_days|only in the "
		  "rebuild|day=4 orders_placed=0 placed_value=0 "
		  "orders_paid=0 payments=0 payment_failures=0 "
		  "cancellations=0 gross=10 tax=0 refunds=0 "
		  "refund_tax=0,report_products|only in the rebuild|day=4 "
		  "sku='B' name='b' units=1 revenue=5 refunds=0");
}

/* A report row that no event explains (a stray row added by hand) is one
 * text on every backend, its columns named as the table declares them. */
static void diff_of_a_stray_report_row_is_one_text(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(1, BO_ORDER_PAID, T0);
	bo_report_order stray = mk_order(9, BO_ORDER_PLACED, T0);
	bo_report_line l = {.order_id = 1,
			    .line_no = 0,
			    .sku = "MUG-01",
			    .name = "Tom's \\ mug",
			    .quantity = 2,
			    .gross = 2500};
	diffs got = {0};

	BEGIN();
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_lines_add(RS, &l, 1, &f->err));
	OK(bo_rs_snapshot(RS, &f->err));
	/* the rebuild lacks the line and has one order more */
	OK(bo_rs_reset(RS, &f->err));
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_order_put(RS, &stray, &f->err));
	OK(bo_rs_diff(RS, keep_diff, &got, &f->err));
	ROLLBACK();
	INT_EQ(got.n, 2);
	JOINED_IS(&got.text,
		  "report_orders|only in the rebuild|id=9 total=2550 tax=383 "
		  "paid=1000 refunded=15 status='placed' "
		  "placed_at=1764137502123 paid_at=1764137502133 "
		  "shipped_at=0 delivered_at=0,report_lines|only in the live "
		  "model|order_id=1 line_no=0 sku='MUG-01' name='Tom\\'s "
		  "\\\\ mug' quantity=2 gross=2500");
	free(got.live.buf);
	free(got.rebuild.buf);
}

/* The stop rule of ports.h for the report walks: a negative status from the
 * callback stops the walk at once and is returned as it is. */
static void report_walks_stop_at_a_negative_callback(void **state)
{
	ct_fx *f = *state;
	bo_report_product_query q = {.from_day = 1, .to_day = 9};
	bo_report_day d = {.day = 4, .gross = 5};
	prods_seen s = {.stop_at = 1};
	diffs got = {0};

	BEGIN();
	add_product_row(f, 4, "A", "a", 1, 5, 0);
	add_product_row(f, 5, "B", "b", 2, 9, 0);
	INT_EQ(bo_rs_products(RS, &q, keep_product, &s, &f->err), CT_STOP);
	INT_EQ(s.n, 1);
	clear_products(&s);
	OK(bo_rs_snapshot(RS, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 6, "C", "c", 1, 1, 0);
	got.rebuild.stop_at = 1;
	INT_EQ(bo_rs_diff(RS, keep_diff, &got, &f->err), CT_STOP);
	INT_EQ(got.n, 1);
	ROLLBACK();
	free(got.live.buf);
	free(got.rebuild.buf);
	free(got.text.buf);
}

/* ---- bulk mode ------------------------------------------------------------ */

static void bulk_needs_a_transaction(void **state)
{
	ct_fx *f = *state;

	STATUS(BO_ESTORAGE, bo_rs_bulk(RS, 1, &f->err));
	STATUS(BO_ESTORAGE, bo_rs_bulk(RS, 0, &f->err));
}

static void bulk_figures_read_back_and_add_to_stored_rows(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(12, BO_ORDER_PLACED, T0), got;
	bo_report_day d = {.day = 5, .orders_placed = 1, .gross = 100};
	bo_report_day other = {.day = 6, .refunds = 3, .refund_tax = 1};
	bo_report_product_query q = {.from_day = 0, .to_day = 10};
	int64_t counts[BO_ORDER_CANCELLED + 1];
	days_seen s = {0};
	prods_seen ps = {0};

	BEGIN();
	put_order(f, &o);
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 5, "MUG", "Mug", 1, 100, 0);
	COMMIT();
	BEGIN();
	OK(bo_rs_bulk(RS, 1, &f->err));
	/* a stored row, then the held one */
	OK(bo_rs_order_get(RS, 12, &got, &f->err));
	order_eq(&got, &o);
	o.status = BO_ORDER_SHIPPED;
	o.shipped_at = T0 + 50;
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_order_get(RS, 12, &got, &f->err));
	order_eq(&got, &o);
	OK(bo_rs_day_add(RS, &d, &f->err));
	OK(bo_rs_day_add(RS, &other, &f->err));
	add_product_row(f, 5, "MUG", "Mug (red)", 2, 200, 0);
	add_product_row(f, 5, "BOWL", "Bowl", 1, 50, 0);
	/* queries see everything written so far, counted once */
	OK(bo_rs_funnel(RS, T0, T0 + 1, counts, &f->err));
	INT_EQ(counts[BO_ORDER_SHIPPED], 1);
	OK(bo_rs_days(RS, 5, 5, keep_day, &s, &f->err));
	INT_EQ(s.n, 1);
	INT_EQ(s.d[0].orders_placed, 2);
	INT_EQ(s.d[0].gross, 200);
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 5, "MUG", "Mug (blue)", 1, 100, 9);
	OK(bo_rs_bulk(RS, 0, &f->err));
	COMMIT();
	OK(bo_rs_order_get(RS, 12, &got, &f->err));
	order_eq(&got, &o);
	s.n = 0;
	OK(bo_rs_days(RS, 0, 10, keep_day, &s, &f->err));
	INT_EQ(s.n, 2);
	INT_EQ(s.d[0].orders_placed, 3);
	INT_EQ(s.d[0].gross, 300);
	INT_EQ(s.d[1].day, 6);
	INT_EQ(s.d[1].refunds, 3);
	INT_EQ(s.d[1].refund_tax, 1);
	OK(bo_rs_products(RS, &q, keep_product, &ps, &f->err));
	INT_EQ(ps.n, 2);
	STR_EQ(ps.p[0].sku, "MUG");
	STR_EQ(ps.p[0].name, "Mug (blue)");
	INT_EQ(ps.p[0].units, 4);
	INT_EQ(ps.p[0].revenue, 400);
	INT_EQ(ps.p[0].refunds, 9);
	STR_EQ(ps.p[1].sku, "BOWL");
	INT_EQ(ps.p[1].revenue, 50);
	clear_products(&ps);
}

static void
bulk_report_rows_are_written_by_commit_and_dropped_by_rollback(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(1, BO_ORDER_PLACED, T0), got;
	bo_report_day d = {.day = 4, .gross = 5};
	days_seen s = {0};

	BEGIN();
	OK(bo_rs_bulk(RS, 1, &f->err));
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	COMMIT();
	OK(bo_rs_order_get(RS, 1, &got, &f->err));
	order_eq(&got, &o);
	BEGIN();
	OK(bo_rs_bulk(RS, 1, &f->err));
	o.paid = o.total;
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	o.id = 2;
	OK(bo_rs_order_put(RS, &o, &f->err));
	ROLLBACK();
	STATUS(BO_ENOTFOUND, bo_rs_order_get(RS, 2, &got, &f->err));
	OK(bo_rs_order_get(RS, 1, &got, &f->err));
	INT_EQ(got.paid, 1000);
	/* the rollback ended bulk mode: writes reach the table at once */
	BEGIN();
	OK(bo_rs_day_add(RS, &d, &f->err));
	COMMIT();
	OK(bo_rs_days(RS, 4, 4, keep_day, &s, &f->err));
	INT_EQ(s.n, 1);
	INT_EQ(s.d[0].gross, 10);
}

static void bulk_reset_forgets_what_is_held(void **state)
{
	ct_fx *f = *state;
	bo_report_order o = mk_order(1, BO_ORDER_PLACED, T0), got;
	bo_report_day d = {.day = 4, .gross = 5};
	days_seen s = {0};
	prods_seen ps = {0};
	bo_report_product_query q = {.from_day = 0, .to_day = 10};

	BEGIN();
	OK(bo_rs_bulk(RS, 1, &f->err));
	OK(bo_rs_order_put(RS, &o, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	add_product_row(f, 4, "A", "a", 1, 5, 0);
	OK(bo_rs_reset(RS, &f->err));
	OK(bo_rs_day_add(RS, &d, &f->err));
	STATUS(BO_ENOTFOUND, bo_rs_order_get(RS, 1, &got, &f->err));
	OK(bo_rs_bulk(RS, 0, &f->err));
	COMMIT();
	STATUS(BO_ENOTFOUND, bo_rs_order_get(RS, 1, &got, &f->err));
	OK(bo_rs_days(RS, 0, 10, keep_day, &s, &f->err));
	INT_EQ(s.n, 1);
	INT_EQ(s.d[0].gross, 5);
	OK(bo_rs_products(RS, &q, keep_product, &ps, &f->err));
	INT_EQ(ps.n, 0);
}

/* More orders, days and products than an adapter is likely to hold at
 * once: nothing is lost or counted twice when it writes some out. */
#define MANY 40000

static void bulk_past_what_is_held_loses_nothing(void **state)
{
	ct_fx *f = *state;
	bo_report_product_query q = {.from_day = 0, .to_day = 0, .sku = "S7"};
	bo_report_order got;
	days_seen s = {0};
	prods_seen ps = {0};
	char sku[16];

	BEGIN();
	OK(bo_rs_bulk(RS, 1, &f->err));
	for (int64_t i = 1; i <= MANY; i++) {
		bo_report_order o = mk_order(i, BO_ORDER_PLACED, T0 + i);
		bo_report_day d = {.day = i % 5000, .payments = 1};

		OK(bo_rs_order_put(RS, &o, &f->err));
		OK(bo_rs_day_add(RS, &d, &f->err));
		snprintf(sku, sizeof(sku), "S%d", (int)(i % (MANY - 4000)));
		add_product_row(f, 0, sku, "n", 1, i, 0);
	}
	for (int64_t i = 1; i <= MANY; i++) {
		OK(bo_rs_order_get(RS, i, &got, &f->err));
		INT_EQ(got.placed_at, T0 + i);
		got.paid = i;
		OK(bo_rs_order_put(RS, &got, &f->err));
	}
	OK(bo_rs_bulk(RS, 0, &f->err));
	COMMIT();
	for (int64_t i = 1; i <= MANY; i += 997) {
		OK(bo_rs_order_get(RS, i, &got, &f->err));
		INT_EQ(got.paid, i);
	}
	OK(bo_rs_days(RS, 4999, 4999, keep_day, &s, &f->err));
	INT_EQ(s.n, 1);
	INT_EQ(s.d[0].payments, MANY / 5000);
	OK(bo_rs_products(RS, &q, keep_product, &ps, &f->err));
	INT_EQ(ps.n, 1);
	INT_EQ(ps.p[0].units, 2);
	INT_EQ(ps.p[0].revenue, 7 + 7 + MANY - 4000);
	clear_products(&ps);
}

const struct CMUnitTest bo_contract_report_tests[] = {
    CT_TEST(order_facts_round_trip_and_are_replaced),
    CT_TEST(writes_need_a_transaction),
    CT_TEST(lines_come_back_in_line_order_per_order),
    CT_TEST(day_deltas_add_up_and_are_listed_in_day_order),
    CT_TEST(product_rows_sum_over_the_range_best_revenue_first),
    CT_TEST(funnel_counts_orders_placed_in_the_span_by_status),
    CT_TEST(durations_are_those_ending_in_the_span),
    CT_TEST(reset_empties_and_rollback_undoes),
    CT_TEST(diff_reports_rows_that_changed_since_the_snapshot),
    CT_TEST(diff_of_a_stray_report_row_is_one_text),
    CT_TEST(report_walks_stop_at_a_negative_callback),
    CT_TEST(bulk_needs_a_transaction),
    CT_TEST(bulk_figures_read_back_and_add_to_stored_rows),
    CT_TEST(bulk_report_rows_are_written_by_commit_and_dropped_by_rollback),
    CT_TEST(bulk_reset_forgets_what_is_held),
    CT_TEST(bulk_past_what_is_held_loses_nothing),
};

const size_t bo_contract_report_count =
    sizeof(bo_contract_report_tests) / sizeof(bo_contract_report_tests[0]);
