/* Reports over the in-memory ports: every figure against hand-computed values, and event queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "adapters/memory/memory_store.h"
#include "domain/app.h"
#include "domain/app_projections.h"
#include "domain/calendar.h"
#include "domain/projections/engine.h"
#include "domain/projections/reports.h"
#include "domain/app_reports.h"

#define DAY0 INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */
#define HOUR INT64_C(3600000)

typedef struct fixture {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app app;
	int64_t day0; /* day number of DAY0 */
} fixture;

/* Every later call happens at day d, hour h (the clock stands still). */
static void at(fixture *f, int d, int h)
{
	f->clock_state.next_ms = DAY0 + d * BO_MS_PER_DAY + h * HOUR;
}

#define CHECK(call)                                                            \
	do {                                                                   \
		bo_err err_;                                                   \
		int rc_ = (call);                                              \
		if (rc_ != BO_OK)                                              \
			fail_msg("%s: %s", #call, err_.msg);                   \
	} while (0)

static void product(fixture *f, const char *sku, const char *price,
		    const char *rate)
{
	bo_product_edit in = {
	    .sku = sku, .name = sku, .price = price, .tax_rate = rate};
	CHECK(bo_app_product_add(&f->app, &in, NULL, &err_));
}

static int64_t place(fixture *f, const bo_line_request *lines, size_t n)
{
	int64_t id = 0;
	CHECK(bo_app_order_place(&f->app, "c@example.com", NULL, lines, n, &id,
				 &err_));
	return id;
}

static void pay(fixture *f, int64_t id, const char *amount)
{
	CHECK(bo_app_order_pay(&f->app, id, amount, &err_));
}

static void refund(fixture *f, int64_t id, const char *amount)
{
	CHECK(bo_app_order_refund(&f->app, id, amount, "broken", &err_));
}

/*
 * The shop of the hand computation (amounts in cents; see the figures in
 * the tests):
 *   A 10.00 @20%, B 5.50 @10%, C 3.33 @0%, D 10.00 @20%
 *   o1 day0 09h A x2 + B x1 (2550, tax 333+50=383): pays 10.00 day0 10h,
 *      fails day1 08h, pays 15.50 day1 09h (fully paid), ships day2 10h,
 *      delivered day3 10h, refund 1.00 day3 12h (A 78, B 22, tax 15)
 *   o2 day0 11h C x3 (999, tax 0): paid day0 12h, shipped 13h, delivered
 *      day1 13h
 *   o3 day1 10h A x1 (1000): cancelled day1 11h
 *   o4 day2 09h B x2 + C x1 (1433, tax 100): paid 10h, shipped 11h,
 *      refund 0.07 12h (B 5, C 2, tax 0), delivered day3 09h
 *   o5 day3 09h A x1 + D x1 (2000, tax 334): paid 10h, refund 0.01 11h
 *      (a tie: A, the lower line, gets it)
 *   o6 day3 15h B x1 (550): a failed payment 16h, nothing else
 */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_init_options opt = {
	    .tenant = "shop", .currency = "EUR", .admin = "ann"};
	bo_line_request l1[] = {{"A", 2}, {"B", 1}}, l2[] = {{"C", 3}},
			l3[] = {{"A", 1}}, l4[] = {{"B", 2}, {"C", 1}},
			l5[] = {{"A", 1}, {"D", 1}}, l6[] = {{"B", 1}};
	int64_t o1, o2, o3, o4, o5, o6;

	assert_non_null(f);
	f->clock_state = (bo_fixed_clock){.next_ms = DAY0 - HOUR, .step_ms = 0};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	f->day0 = bo_day_of_ms(DAY0);
	CHECK(bo_memory_open(&f->ports, &err_));
	CHECK(bo_app_init_store(&f->ports, &f->clock, &opt, &err_));
	CHECK(
	    bo_app_open(&f->app, &f->ports, &f->clock, &f->ids, "ann", &err_));
	product(f, "A", "10.00", "20");
	product(f, "B", "5.50", "10");
	product(f, "C", "3.33", "0");
	product(f, "D", "10.00", "20");

	at(f, 0, 9);
	o1 = place(f, l1, 2);
	at(f, 0, 10);
	pay(f, o1, "10.00");
	at(f, 0, 11);
	o2 = place(f, l2, 1);
	at(f, 0, 12);
	pay(f, o2, "9.99");
	at(f, 0, 13);
	CHECK(bo_app_order_ship(&f->app, o2, NULL, NULL, &err_));
	at(f, 1, 8);
	CHECK(bo_app_order_fail_payment(&f->app, o1, "declined", &err_));
	at(f, 1, 9);
	pay(f, o1, "15.50");
	at(f, 1, 10);
	o3 = place(f, l3, 1);
	at(f, 1, 11);
	CHECK(bo_app_order_cancel(&f->app, o3, "changed mind", &err_));
	at(f, 1, 13);
	CHECK(bo_app_order_deliver(&f->app, o2, &err_));
	at(f, 2, 9);
	o4 = place(f, l4, 2);
	at(f, 2, 10);
	pay(f, o4, "14.33");
	at(f, 2, 10);
	CHECK(bo_app_order_ship(&f->app, o1, "DHL", NULL, &err_));
	at(f, 2, 11);
	CHECK(bo_app_order_ship(&f->app, o4, NULL, NULL, &err_));
	at(f, 2, 12);
	refund(f, o4, "0.07");
	at(f, 3, 9);
	CHECK(bo_app_order_deliver(&f->app, o4, &err_));
	at(f, 3, 9);
	o5 = place(f, l5, 2);
	at(f, 3, 10);
	CHECK(bo_app_order_deliver(&f->app, o1, &err_));
	at(f, 3, 10);
	pay(f, o5, "20.00");
	at(f, 3, 11);
	refund(f, o5, "0.01");
	at(f, 3, 12);
	refund(f, o1, "1.00");
	at(f, 3, 15);
	o6 = place(f, l6, 1);
	at(f, 3, 16);
	CHECK(bo_app_order_fail_payment(&f->app, o6, "expired", &err_));
	CHECK(bo_app_order_note(&f->app, o6, "called the customer", &err_));
	at(f, 9, 0); /* "today" for defaults, well after the events */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	bo_app_close(&f->app);
	bo_ports_close(&f->ports);
	free(f);
	return 0;
}

typedef struct want_fig {
	int64_t placed, paid, placed_value, gross, tax, net, refunds,
	    refund_tax, net_after, aov, payments, failures, rate_bp,
	    cancellations;
} want_fig;

static void figures_are(const bo_report_figures *g, want_fig w)
{
	assert_int_equal(g->orders_placed, w.placed);
	assert_int_equal(g->orders_paid, w.paid);
	assert_int_equal(g->placed_value, w.placed_value);
	assert_int_equal(g->gross, w.gross);
	assert_int_equal(g->tax, w.tax);
	assert_int_equal(g->net, w.net);
	assert_int_equal(g->refunds, w.refunds);
	assert_int_equal(g->refund_tax, w.refund_tax);
	assert_int_equal(g->net_after_refunds, w.net_after);
	assert_int_equal(g->average_order_value, w.aov);
	assert_int_equal(g->payments, w.payments);
	assert_int_equal(g->payment_failures, w.failures);
	assert_int_equal(g->payment_failure_rate_bp, w.rate_bp);
	assert_int_equal(g->cancellations, w.cancellations);
}

static const want_fig day_want[4] = {
    /* day 0: o1 partly paid (tax of 10.00 of 25.50: 150), o2 paid */
    {2, 1, 3549, 1999, 150, 1849, 0, 0, 1849, 1774, 2, 0, 0, 0},
    /* day 1: o1's rest (tax 383 - 150), one failure, o3 cancelled */
    {1, 1, 1000, 1550, 233, 1317, 0, 0, 1317, 1000, 1, 1, 5000, 1},
    /* day 2: o4 paid and 0.07 refunded (tax 0) */
    {1, 1, 1433, 1433, 100, 1333, 7, 0, 1326, 1433, 1, 0, 0, 0},
    /* day 3: o5 paid; refunds 1.00 (tax 15) + 0.01 (tax 0); o6 failure */
    {2, 1, 2550, 2000, 334, 1666, 101, 15, 1580, 1275, 1, 1, 5000, 0},
};

static const want_fig all_want = {6,  4,    8532, 6982, 817, 6165, 108,
				  15, 6072, 1422, 5,    2,   2857, 1};

static void summary_sums_the_days_of_the_period(void **state)
{
	fixture *f = *state;
	bo_report_figures g;

	CHECK(bo_report_summary(&f->app, f->day0, f->day0 + 3, &g, &err_));
	figures_are(&g, all_want);
	assert_int_equal(g.day, f->day0);
	CHECK(bo_report_summary(&f->app, f->day0 + 1, f->day0 + 1, &g, &err_));
	figures_are(&g, day_want[1]);
}

static void daily_has_one_row_per_day_with_empty_days_at_zero(void **state)
{
	fixture *f = *state;
	bo_report_figures *rows = NULL;
	want_fig zero = {0};
	size_t n = 0;

	CHECK(bo_report_daily(&f->app, f->day0 - 1, f->day0 + 4, &rows, &n,
			      &err_));
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].day, f->day0 - 1 + (int64_t)i);
	figures_are(&rows[0], zero);
	for (int d = 0; d < 4; d++)
		figures_are(&rows[d + 1], day_want[d]);
	figures_are(&rows[5], zero);
	free(rows);
}

static void period_that_ends_before_it_starts_is_refused(void **state)
{
	fixture *f = *state;
	bo_report_figures g, *rows = NULL;
	bo_report_statuses fu;
	bo_report_scan s;
	size_t n = 9;
	bo_err err;

	assert_int_equal(
	    bo_report_summary(&f->app, f->day0 + 1, f->day0, &g, &err),
	    BO_EINVAL);
	assert_non_null(strstr(err.msg, "starts after it ends"));
	assert_int_equal(
	    bo_report_daily(&f->app, f->day0 + 1, f->day0, &rows, &n, &err),
	    BO_EINVAL);
	assert_null(rows);
	assert_int_equal(n, 0);
	assert_int_equal(
	    bo_report_funnel(&f->app, f->day0 + 1, f->day0, &fu, &err),
	    BO_EINVAL);
	assert_int_equal(
	    bo_report_scan_log(&f->app, DAY0, DAY0, NULL, &s, &err), BO_EINVAL);
}

typedef struct want_prod {
	const char *sku;
	int64_t units, revenue, refunds;
} want_prod;

static void products_are(const bo_report_product *p, size_t n,
			 const want_prod *w, size_t nw)
{
	assert_int_equal(n, nw);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(p[i].sku, w[i].sku);
		assert_string_equal(p[i].name, w[i].sku);
		assert_int_equal(p[i].units, w[i].units);
		assert_int_equal(p[i].revenue, w[i].revenue);
		assert_int_equal(p[i].refunds, w[i].refunds);
	}
}

static const want_prod prod_all[] = {{"A", 3, 3000, 79},
				     {"B", 3, 1650, 27},
				     {"C", 4, 1332, 2},
				     {"D", 1, 1000, 0}};

static void products_count_at_full_payment_and_split_refunds(void **state)
{
	fixture *f = *state;
	static const want_prod mid[] = {
	    {"A", 2, 2000, 0}, {"B", 3, 1650, 5}, {"C", 1, 333, 2}};
	bo_report_product *p = NULL;
	size_t n = 0;

	CHECK(bo_report_products(&f->app, f->day0, f->day0 + 3, NULL, 0, &p, &n,
				 &err_));
	products_are(p, n, prod_all, 4);
	bo_report_products_free(p, n);
	/* o1 was partly paid on day 0 but fully paid on day 1: it counts then */
	CHECK(bo_report_products(&f->app, f->day0 + 1, f->day0 + 2, NULL, 0, &p,
				 &n, &err_));
	products_are(p, n, mid, 3);
	bo_report_products_free(p, n);
}

static void products_limit_and_sku_filter(void **state)
{
	fixture *f = *state;
	bo_report_product *p = NULL;
	size_t n = 0;

	CHECK(bo_report_products(&f->app, f->day0, f->day0 + 3, NULL, 2, &p, &n,
				 &err_));
	products_are(p, n, prod_all, 2);
	bo_report_products_free(p, n);
	CHECK(bo_report_products(&f->app, f->day0, f->day0 + 3, "C", 10, &p, &n,
				 &err_));
	products_are(p, n, &prod_all[2], 1);
	bo_report_products_free(p, n);
	CHECK(bo_report_products(&f->app, f->day0, f->day0 + 3, "ZZZ", 10, &p,
				 &n, &err_));
	assert_int_equal(n, 0);
	bo_report_products_free(p, n);
}

static void
funnel_counts_orders_placed_in_the_period_by_status_now(void **state)
{
	fixture *f = *state;
	bo_report_statuses fu;

	CHECK(bo_report_funnel(&f->app, f->day0, f->day0 + 3, &fu, &err_));
	assert_int_equal(fu.placed, 1);
	assert_int_equal(fu.paid, 1);
	assert_int_equal(fu.shipped, 0);
	assert_int_equal(fu.delivered, 3);
	assert_int_equal(fu.cancelled, 1);
	assert_int_equal(fu.total, 6);
	CHECK(bo_report_funnel(&f->app, f->day0, f->day0, &fu, &err_));
	assert_int_equal(fu.delivered, 2);
	assert_int_equal(fu.total, 2);
}

static void shipping_odd_count_takes_the_middle(void **state)
{
	fixture *f = *state;
	bo_report_times t;

	CHECK(bo_report_shipping(&f->app, f->day0, f->day0 + 3, &t, &err_));
	/* to ship: 1h (o2), 1h (o4), 25h (o1) */
	assert_int_equal(t.to_ship.count, 3);
	assert_int_equal(t.to_ship.median, HOUR);
	assert_int_equal(t.to_ship.p95, 25 * HOUR);
	assert_int_equal(t.to_ship.max, 25 * HOUR);
	/* to deliver: 22h (o4), 24h (o1), 24h (o2) */
	assert_int_equal(t.to_deliver.count, 3);
	assert_int_equal(t.to_deliver.median, 24 * HOUR);
	assert_int_equal(t.to_deliver.p95, 24 * HOUR);
	assert_int_equal(t.to_deliver.max, 24 * HOUR);
}

static void shipping_even_count_takes_the_lower_middle(void **state)
{
	fixture *f = *state;
	bo_report_times t;

	CHECK(bo_report_shipping(&f->app, f->day0 + 2, f->day0 + 3, &t, &err_));
	/* shipped on days 2-3: 1h (o4), 25h (o1): rank ceil(2 / 2) = 1 */
	assert_int_equal(t.to_ship.count, 2);
	assert_int_equal(t.to_ship.median, HOUR);
	assert_int_equal(t.to_ship.p95, 25 * HOUR);
	assert_int_equal(t.to_deliver.count, 2);
	assert_int_equal(t.to_deliver.median, 22 * HOUR);
	assert_int_equal(t.to_deliver.p95, 24 * HOUR);
	/* nothing shipped on day 1 */
	CHECK(bo_report_shipping(&f->app, f->day0 + 1, f->day0 + 1, &t, &err_));
	assert_int_equal(t.to_ship.count, 0);
	assert_int_equal(t.to_ship.median, 0);
	assert_int_equal(t.to_deliver.count, 1);
	assert_int_equal(t.to_deliver.median, 24 * HOUR);
}

/* The event query over whole days gives what the projection gives. */
static void scan_agrees(fixture *f, int64_t from_day, int64_t to_day)
{
	bo_report_figures g;
	bo_report_statuses fu;
	bo_report_times t;
	bo_report_product *p = NULL;
	bo_report_scan s;
	size_t n = 0;

	CHECK(bo_report_scan_log(&f->app, bo_day_start_ms(from_day),
				 bo_day_start_ms(to_day + 1), NULL, &s, &err_));
	CHECK(bo_report_summary(&f->app, from_day, to_day, &g, &err_));
	assert_memory_equal(&s.figures, &g, sizeof(g));
	CHECK(bo_report_products(&f->app, from_day, to_day, NULL, 0, &p, &n,
				 &err_));
	assert_int_equal(s.nproducts, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(s.products[i].sku, p[i].sku);
		assert_string_equal(s.products[i].name, p[i].name);
		assert_int_equal(s.products[i].units, p[i].units);
		assert_int_equal(s.products[i].revenue, p[i].revenue);
		assert_int_equal(s.products[i].refunds, p[i].refunds);
	}
	bo_report_products_free(p, n);
	CHECK(bo_report_funnel(&f->app, from_day, to_day, &fu, &err_));
	assert_memory_equal(&s.funnel, &fu, sizeof(fu));
	CHECK(bo_report_shipping(&f->app, from_day, to_day, &t, &err_));
	assert_memory_equal(&s.shipping, &t, sizeof(t));
	bo_report_scan_clear(&s);
}

static void event_query_agrees_with_the_projection_over_whole_days(void **state)
{
	fixture *f = *state;

	scan_agrees(f, f->day0, f->day0 + 3);
	for (int d = 0; d < 4; d++)
		scan_agrees(f, f->day0 + d, f->day0 + d);
	scan_agrees(f, f->day0 + 1, f->day0 + 2);
	scan_agrees(f, f->day0 - 5, f->day0 + 10);
}

static void event_query_counts_only_the_span_between_two_times(void **state)
{
	fixture *f = *state;
	bo_report_scan s;

	/* 10:00 <= t < 12:00 on day 0: o1's 10.00 and o2's placing */
	CHECK(bo_report_scan_log(&f->app, DAY0 + 10 * HOUR, DAY0 + 12 * HOUR,
				 NULL, &s, &err_));
	assert_int_equal(s.figures.orders_placed, 1);
	assert_int_equal(s.figures.placed_value, 999);
	assert_int_equal(s.figures.gross, 1000);
	assert_int_equal(s.figures.tax, 150);
	assert_int_equal(s.figures.orders_paid, 0);
	assert_int_equal(s.nproducts, 0);
	bo_report_scan_clear(&s);
	/* one product between two times: A on day 3 before noon */
	CHECK(bo_report_scan_log(&f->app, DAY0 + 3 * BO_MS_PER_DAY,
				 DAY0 + 3 * BO_MS_PER_DAY + 12 * HOUR, "A", &s,
				 &err_));
	assert_int_equal(s.nproducts, 1);
	assert_string_equal(s.products[0].sku, "A");
	assert_int_equal(s.products[0].units, 1);
	assert_int_equal(s.products[0].revenue, 1000);
	assert_int_equal(s.products[0].refunds, 1); /* o1's 78 is at 12:00 */
	bo_report_scan_clear(&s);
}

static void
rebuild_gives_the_same_figures_and_verify_finds_no_difference(void **state)
{
	fixture *f = *state;
	bo_report_figures before, after;
	int64_t ndiff = -1;

	CHECK(bo_report_summary(&f->app, f->day0, f->day0 + 3, &before, &err_));
	CHECK(bo_projections_rebuild(&f->ports, &f->app.currency, "reports",
				     NULL, NULL, NULL, &err_));
	CHECK(bo_report_summary(&f->app, f->day0, f->day0 + 3, &after, &err_));
	assert_memory_equal(&before, &after, sizeof(before));
	CHECK(bo_projections_verify(&f->ports, &f->app.currency, "reports",
				    NULL, NULL, NULL, NULL, &ndiff, &err_));
	assert_int_equal(ndiff, 0);
}

/* Each write command catches the reports up inside its one commit; the
 * read after it sees the figures and commits nothing. */
static void a_read_after_a_write_sees_it_and_writes_nothing(void **state)
{
	fixture *f = *state;
	bo_line_request l = {"D", 2};
	bo_report_figures g;
	bo_projector_lag lag;
	bo_store_tally tally = {0};

	CHECK(bo_report_summary(&f->app, f->day0 + 5, f->day0 + 5, &g, &err_));
	assert_int_equal(g.orders_placed, 0);
	f->ports.store.tally = &tally;
	at(f, 5, 8);
	pay(f, place(f, &l, 1), "20.00");
	assert_int_equal(tally.commits, 2); /* one per command */
	CHECK(bo_report_summary(&f->app, f->day0 + 5, f->day0 + 5, &g, &err_));
	CHECK(bo_app_projections_lag(&f->app, "reports", &lag, &err_));
	assert_int_equal(tally.commits, 2); /* the reads wrote nothing */
	assert_int_equal(tally.depth, 0);
	f->ports.store.tally = NULL;
	assert_int_equal(lag.behind, 0);
	assert_int_equal(lag.stale, 0);
	assert_int_equal(g.orders_placed, 1);
	assert_int_equal(g.orders_paid, 1);
	assert_int_equal(g.gross, 2000);
	assert_int_equal(g.tax, 333); /* 2000 * 20 / 120 = 333.33 */
}

/* Writes that leave the reports to later (as a batch does) leave them
 * behind: a read shows them as they are and says by how much. */
static void reports_behind_are_read_as_they_are_and_say_so(void **state)
{
	fixture *f = *state;
	bo_line_request l = {"D", 2};
	bo_report_figures g;
	bo_projector_lag lag;
	bo_store_tally tally = {0};
	int64_t head, version_at;
	bo_event_list ev = {0};

	CHECK(bo_app_projections_lag(&f->app, "reports", &lag, &err_));
	assert_int_equal(lag.behind, 0);
	CHECK(bo_event_store_head(&f->ports.events, &version_at, &err_));
	f->app.follow_later = true;
	at(f, 5, 8);
	pay(f, place(f, &l, 1), "20.00");
	f->app.follow_later = false;
	CHECK(bo_event_store_head(&f->ports.events, &head, &err_));
	assert_true(head >= version_at + 2);
	f->ports.store.tally = &tally;
	CHECK(bo_report_summary(&f->app, f->day0 + 5, f->day0 + 5, &g, &err_));
	assert_int_equal(g.orders_placed, 0); /* as it is: behind */
	CHECK(bo_app_projections_lag(&f->app, "reports", &lag, &err_));
	assert_int_equal(tally.commits, 0);
	assert_int_equal(lag.behind, head - version_at);
	/* the newest applied event is the one at the old head */
	CHECK(bo_event_store_read_all(&f->ports.events, version_at - 1, 1, &ev,
				      &err_));
	assert_int_equal(ev.n, 1);
	assert_int_equal(lag.applied_at, ev.items[0].recorded_at);
	bo_event_list_clear(&ev);
	/* the next write catches them up, in its one commit */
	CHECK(bo_app_order_note(&f->app, 1, "late", &err_));
	assert_int_equal(tally.commits, 1);
	f->ports.store.tally = NULL;
	CHECK(bo_app_projections_lag(&f->app, "reports", &lag, &err_));
	assert_int_equal(lag.behind, 0);
	CHECK(bo_report_summary(&f->app, f->day0 + 5, f->day0 + 5, &g, &err_));
	assert_int_equal(g.orders_placed, 1);
	{
		bo_err err;

		assert_int_equal(
		    bo_app_projections_lag(&f->app, "nope", &lag, &err),
		    BO_ENOTFOUND);
	}
}

/* A read-only store (ports.read_only, set by the adapter) cannot catch up:
 * reports read the tables as they are, the start-up check rebuilds nothing. */
static void a_read_only_store_is_read_as_it_is(void **state)
{
	fixture *f = *state;
	bo_line_request l = {"D", 2};
	bo_report_figures g;
	int64_t checkpoint, before;
	int version, rebuilt = -1;

	at(f, 5, 8);
	pay(f, place(f, &l, 1), "20.00");
	CHECK(bo_rm_projector_get(&f->ports.rm, "reports", &version, &before,
				  &err_));
	f->ports.read_only = true;
	/* the writes caught the reports up: the read only reads */
	CHECK(bo_report_summary(&f->app, f->day0 + 5, f->day0 + 5, &g, &err_));
	assert_int_equal(g.orders_placed, 1);
	CHECK(bo_rm_projector_get(&f->ports.rm, "reports", &version,
				  &checkpoint, &err_));
	assert_int_equal(checkpoint, before);
	/* a read model of another version is not rebuilt either */
	CHECK(bo_store_begin(&f->ports.store, &err_));
	CHECK(bo_rm_projector_set(&f->ports.rm, "reports", version + 7,
				  checkpoint, &err_));
	CHECK(bo_store_commit(&f->ports.store, &err_));
	CHECK(bo_app_projections_check(&f->app, NULL, NULL, &rebuilt, &err_));
	assert_int_equal(rebuilt, 0);
	CHECK(bo_rm_projector_get(&f->ports.rm, "reports", &version,
				  &checkpoint, &err_));
	assert_int_equal(checkpoint, before);
	/* writable again: both happen */
	f->ports.read_only = false;
	CHECK(bo_app_projections_check(&f->app, NULL, NULL, &rebuilt, &err_));
	assert_true(rebuilt >= 1);
	CHECK(bo_report_summary(&f->app, f->day0 + 5, f->day0 + 5, &g, &err_));
	assert_int_equal(g.orders_placed, 1);
}

/* ---- the rules on their own ----------------------------------------------- */

static void prorate_rounds_half_to_even(void **state)
{
	(void)state;
	assert_int_equal(bo_report_prorate(383, 1000, 2550), 150);
	assert_int_equal(bo_report_prorate(3, 1, 2), 2); /* 1.5 -> 2 */
	assert_int_equal(bo_report_prorate(5, 1, 2), 2); /* 2.5 -> 2 */
	assert_int_equal(bo_report_prorate(7, 1, 2), 4); /* 3.5 -> 4 */
	assert_int_equal(bo_report_prorate(100, 0, 7), 0);
	assert_int_equal(bo_report_prorate(100, 7, 7), 100);
	assert_int_equal(bo_report_prorate(100, 9, 7), 100); /* capped */
	assert_int_equal(bo_report_prorate(100, 1, 0), 0);
}

static void prorate_is_exact_where_the_product_overflows_64_bits(void **state)
{
	int64_t big = INT64_MAX / 3; /* 3074457345618258602 */

	(void)state;
	/* big * (big - 1) / big = big - 1 exactly */
	assert_int_equal(bo_report_prorate(big, big - 1, big), big - 1);
	/* (INT64_MAX - 1) * 1/2: exactly half, no rounding */
	assert_int_equal(
	    bo_report_prorate(INT64_MAX - 1, INT64_MAX / 2, INT64_MAX - 1),
	    INT64_MAX / 2);
	/* 10^18 * (10^18 / 3) / 10^18 = 333333333333333333 */
	assert_int_equal(bo_report_prorate(INT64_C(1000000000000000000),
					   INT64_C(333333333333333333),
					   INT64_C(1000000000000000000)),
			 INT64_C(333333333333333333));
}

static void split_gives_leftovers_to_largest_remainders(void **state)
{
	bo_report_line l[3] = {{.gross = 2000}, {.gross = 550}};
	int64_t parts[3];

	(void)state;
	CHECK(bo_report_split(parts, 100, l, 2));
	assert_int_equal(parts[0], 78);
	assert_int_equal(parts[1], 22);
	/* equal remainders: the lower line index first */
	l[0].gross = l[1].gross = l[2].gross = 1000;
	CHECK(bo_report_split(parts, 2, l, 3));
	assert_int_equal(parts[0], 1);
	assert_int_equal(parts[1], 1);
	assert_int_equal(parts[2], 0);
	/* nothing to weigh by: all on the first line */
	l[0].gross = l[1].gross = l[2].gross = 0;
	CHECK(bo_report_split(parts, 5, l, 3));
	assert_int_equal(parts[0], 5);
	assert_int_equal(parts[1] + parts[2], 0);
}

static void stats_use_the_nearest_rank(void **state)
{
	int64_t v[20];
	bo_report_stats s;

	(void)state;
	/* 1..20 in a scrambled order: the values need not come sorted */
	for (int i = 0; i < 20; i++)
		v[i] = (i * 7) % 20 + 1;
	bo_report_stats_of(&s, v, 20);
	assert_int_equal(s.count, 20);
	assert_int_equal(s.median, 10); /* rank 10 */
	assert_int_equal(s.p95, 19);    /* rank ceil(19.0) = 19 */
	assert_int_equal(s.max, 20);
	v[0] = 1;
	bo_report_stats_of(&s, v, 1); /* one value */
	assert_int_equal(s.median, 1);
	assert_int_equal(s.p95, 1);
	assert_int_equal(s.max, 1);
	for (int i = 0; i < 5; i++)
		v[i] = 5 - i;
	bo_report_stats_of(&s, v, 5);
	assert_int_equal(s.median, 3); /* rank 3 */
	assert_int_equal(s.p95, 5);    /* rank ceil(4.75) = 5 */
	bo_report_stats_of(&s, NULL, 0);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.max, 0);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Selection gives what sorting would: random lengths, few distinct values
 * (many equal ones), sorted, reversed and all-equal input. */
static void stats_agree_with_a_sort(void **state)
{
	enum { MAX = 257 };
	int64_t v[MAX], sorted[MAX];
	uint32_t seed = 12345;
	bo_report_stats s;

	(void)state;
	for (int round = 0; round < 2000; round++) {
		size_t n = 1 + round % MAX;
		int shape = round % 5;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i] = shape == 0   ? (int64_t)(seed >> 8) % 1000000
			       : shape == 1 ? (int64_t)(seed >> 8) % 4
			       : shape == 2 ? (int64_t)i
			       : shape == 3 ? (int64_t)(n - i)
					    : 42;
		}
		memcpy(sorted, v, n * sizeof(*v));
		qsort(sorted, n, sizeof(*sorted), cmp_i64);
		bo_report_stats_of(&s, v, n);
		assert_int_equal(s.count, (int64_t)n);
		assert_int_equal(s.median, sorted[(n + 1) / 2 - 1]);
		assert_int_equal(s.p95, sorted[(n * 95 + 99) / 100 - 1]);
		assert_int_equal(s.max, sorted[n - 1]);
	}
}

static void figures_derive_average_and_failure_rate(void **state)
{
	bo_report_day d = {.orders_placed = 4,
			   .placed_value = 10,
			   .payments = 7,
			   .payment_failures = 1};
	bo_report_figures g;

	(void)state;
	CHECK(bo_report_figures_from(&g, &d, &err_));
	assert_int_equal(g.average_order_value, 2);        /* 2.5 -> 2 */
	assert_int_equal(g.payment_failure_rate_bp, 1250); /* 12.5 % */
	d.gross = INT64_MIN + 1;
	d.tax = 2;
	bo_err err;
	assert_int_equal(bo_report_figures_from(&g, &d, &err), BO_EINVAL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(summary_sums_the_days_of_the_period),
	    T(daily_has_one_row_per_day_with_empty_days_at_zero),
	    T(period_that_ends_before_it_starts_is_refused),
	    T(products_count_at_full_payment_and_split_refunds),
	    T(products_limit_and_sku_filter),
	    T(funnel_counts_orders_placed_in_the_period_by_status_now),
	    T(shipping_odd_count_takes_the_middle),
	    T(a_read_only_store_is_read_as_it_is),
	    T(shipping_even_count_takes_the_lower_middle),
	    T(event_query_agrees_with_the_projection_over_whole_days),
	    T(event_query_counts_only_the_span_between_two_times),
	    T(rebuild_gives_the_same_figures_and_verify_finds_no_difference),
	    T(a_read_after_a_write_sees_it_and_writes_nothing),
	    T(reports_behind_are_read_as_they_are_and_say_so),
	    cmocka_unit_test(prorate_rounds_half_to_even),
	    cmocka_unit_test(
		prorate_is_exact_where_the_product_overflows_64_bits),
	    cmocka_unit_test(split_gives_leftovers_to_largest_remainders),
	    cmocka_unit_test(stats_use_the_nearest_rank),
	    cmocka_unit_test(stats_agree_with_a_sort),
	    cmocka_unit_test(figures_derive_average_and_failure_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
