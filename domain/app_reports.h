/* Report services: summary, daily, products, funnel and shipping, projected or folded from the log. */
#ifndef BO_APP_REPORTS_H
#define BO_APP_REPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "ports/report_store.h"

/*
 * The figures of a period (summary) or of one day (daily). Money in minor
 * units of the tenant currency; rates in basis points.
 *   net = gross - tax; net_after_refunds = net - (refunds - refund_tax);
 *   average_order_value = placed_value / orders_placed, half-even (0: none);
 *   payment_failure_rate_bp = 10000 * failures / (failures + payments),
 *   half-even (0: none).
 */
typedef struct bo_report_figures {
	int64_t day; /* daily: the day; summary: the first day (projected) */
	int64_t orders_placed, orders_paid, placed_value;
	int64_t gross, tax, net, refunds, refund_tax, net_after_refunds;
	int64_t average_order_value;
	int64_t payments, payment_failures, cancellations;
	int64_t payment_failure_rate_bp;
} bo_report_figures;

/* Orders placed in the period by their status now. */
typedef struct bo_report_funnel {
	int64_t placed, paid, shipped, delivered, cancelled, total;
} bo_report_statuses;

/* Durations in ms: median and p95 by nearest rank (the value at rank
 * ceil(q * n) of the sorted list), and the largest; all 0 when count is 0. */
typedef struct bo_report_stats {
	int64_t count, median, p95, max;
} bo_report_stats;

typedef struct bo_report_shipping {
	bo_report_stats
	    to_ship; /* paid -> shipped, orders shipped in the period */
	bo_report_stats
	    to_deliver; /* shipped -> delivered, orders delivered in it */
} bo_report_times;

/* Derived figures from a day row (or a sum of them). BO_EINVAL on overflow. */
int bo_report_figures_from(bo_report_figures *out, const bo_report_day *d,
			   bo_err *err);
/* Nearest-rank statistics of n values in any order; v is reordered. */
void bo_report_stats_of(bo_report_stats *out, int64_t *v, size_t n);

/*
 * Projected reports over whole local days from_day..to_day (inclusive) of
 * the tenant's time zone (app->ports->zone; 23 or 25 hours on the days
 * its clocks change): each
 * checks BO_CAP_REPORT_READ and reads the "reports" read model as it is:
 * a report never writes. Every write command catches the model up inside
 * its own transaction, so it is behind only when something failed or ran
 * without that (see bo_app_projections_lag). BO_EINVAL when from_day is
 * after to_day.
 */
int bo_report_summary(bo_app *app, int64_t from_day, int64_t to_day,
		      bo_report_figures *out, bo_err *err);
/* One row per day of the range, days without events at zero. *out is the
 * caller's (free()); *n = to_day - from_day + 1. */
int bo_report_daily(bo_app *app, int64_t from_day, int64_t to_day,
		    bo_report_figures **out, size_t *n, bo_err *err);
/* Top products by revenue then SKU, at most limit (0: all); sku NULL for
 * every SKU. *out is the caller's: bo_report_products_free. */
int bo_report_products(bo_app *app, int64_t from_day, int64_t to_day,
		       const char *sku, int64_t limit, bo_report_product **out,
		       size_t *n, bo_err *err);
void bo_report_products_free(bo_report_product *p, size_t n);
/*
 * BO_OK when sku is a product of the tenant (whatever its status) or one it
 * sold on any day the reports hold; BO_ENOTFOUND naming the SKU otherwise.
 * Checks BO_CAP_REPORT_READ. Tells "sold nothing in the period" (an empty
 * report) from "no such product" (a typo).
 */
int bo_report_sku_known(bo_app *app, const char *sku, bo_err *err);
int bo_report_funnel(bo_app *app, int64_t from_day, int64_t to_day,
		     bo_report_statuses *out, bo_err *err);
int bo_report_shipping(bo_app *app, int64_t from_day, int64_t to_day,
		       bo_report_times *out, bo_err *err);

/*
 * An event query: every report for the times from_ms <= t < to_ms, folded
 * straight from the log (no stored projection is read or written), by the
 * projector's own rules, so over whole days it agrees with the projected
 * reports. products: sku NULL for all, sorted as bo_report_products, not
 * limited. Memory grows with the number of orders in the log (their facts
 * and lines are kept while folding). BO_EINVAL when from_ms >= to_ms.
 */
typedef struct bo_report_scan {
	bo_report_figures figures; /* figures.day: day of from_ms */
	bo_report_product *products;
	size_t nproducts;
	bo_report_statuses funnel;
	bo_report_times shipping;
} bo_report_scan;

int bo_report_scan_log(bo_app *app, int64_t from_ms, int64_t to_ms,
		       const char *sku, bo_report_scan *out, bo_err *err);
void bo_report_scan_clear(bo_report_scan *s);

#endif
