/* Port: the report read models (per-order facts, per-day and per-product figures). */
#ifndef BO_PORT_REPORT_STORE_H
#define BO_PORT_REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../order.h"
#include "../status.h"
#include "read_models.h"

/*
 * What the reports projector remembers of one order. Times are ms since the
 * epoch, 0 while it has not happened. paid_at is when it became fully paid.
 */
typedef struct bo_report_order {
	int64_t id;
	int64_t total, tax, paid, refunded;
	bo_order_status status;
	int64_t placed_at, paid_at, shipped_at, delivered_at;
} bo_report_order;

/* One line of an order as placed; line_no counts from 0 in the order's order. */
typedef struct bo_report_line {
	int64_t order_id;
	int32_t line_no;
	char *sku;
	char *name;
	int32_t quantity;
	int64_t gross; /* unit_price * quantity */
} bo_report_line;

/* Frees every line's strings and the array. NULL is fine. */
void bo_report_lines_free(bo_report_line *lines, size_t n);

/*
 * The figures of one UTC day (day = days since 1970-01-01). The store keeps
 * one row per day that had any; the projector adds deltas to it.
 */
typedef struct bo_report_day {
	int64_t day;
	int64_t orders_placed, placed_value, orders_paid;
	int64_t payments, payment_failures, cancellations;
	int64_t gross, tax, refunds, refund_tax;
} bo_report_day;

/*
 * Sales of one SKU: per day in the store (day set), or summed over a range
 * by the products query (day = the last day in the range with a row). name
 * is the one on that day's row.
 */
typedef struct bo_report_product {
	int64_t day;
	char *sku;
	char *name;
	int64_t units, revenue, refunds;
} bo_report_product;

void bo_report_product_clear(bo_report_product *p);

typedef struct bo_report_product_query {
	int64_t from_day, to_day; /* inclusive */
	const char *sku;          /* NULL: every SKU; else only this one */
	int64_t limit;            /* 0: no limit */
} bo_report_product_query;

/* Which durations: paid -> shipped (orders shipped in the range) or
 * shipped -> delivered (orders delivered in the range). */
typedef enum { BO_REPORT_TO_SHIP, BO_REPORT_TO_DELIVER } bo_report_leg;

typedef int (*bo_report_day_each_fn)(void *ctx, const bo_report_day *d);
typedef int (*bo_report_product_each_fn)(void *ctx, const bo_report_product *p);
#define BO_REPORT_STORE_OPS_VERSION 3

typedef struct bo_report_store_ops {
	int version; /* BO_REPORT_STORE_OPS_VERSION */

	/* Required. BO_ENOTFOUND when the order has no facts. */
	int (*order_get)(void *self, int64_t id, bo_report_order *out,
			 bo_err *err);
	/* Required. Inside a transaction: insert or replace the facts of o->id. */
	int (*order_put)(void *self, const bo_report_order *o, bo_err *err);
	/* Required. Inside a transaction. (order_id, line_no) is unique:
	 * BO_ECONFLICT for a line already stored. */
	int (*lines_add)(void *self, const bo_report_line *lines, size_t n,
			 bo_err *err);
	/* Required. The order's lines in line_no order (none: *out NULL, *n 0).
	 * *out is the caller's: bo_report_lines_free. */
	int (*lines_get)(void *self, int64_t order_id, bo_report_line **out,
			 size_t *n, bo_err *err);

	/* Required. Inside a transaction: adds every figure of delta to the row
	 * of delta->day, creating it at zero first. */
	int (*day_add)(void *self, const bo_report_day *delta, bo_err *err);
	/* Required. Inside a transaction: adds units, revenue and refunds to the
	 * row (delta->day, delta->sku), created at zero; the name is replaced
	 * by delta->name. */
	int (*product_add)(void *self, const bo_report_product *delta,
			   bo_err *err);

	/* Required. Rows of days from_day..to_day (inclusive) in day order;
	 * days without a row are skipped. A negative status from each stops
	 * and is returned. */
	int (*days)(void *self, int64_t from_day, int64_t to_day,
		    bo_report_day_each_fn each, void *ctx, bo_err *err);
	/* Required. Per SKU sums over q's days, revenue descending then SKU
	 * (byte order), at most q->limit. Each row's strings are borrowed for
	 * the call. */
	int (*products)(void *self, const bo_report_product_query *q,
			bo_report_product_each_fn each, void *ctx, bo_err *err);
	/* Required. Orders with from_ms <= placed_at < to_ms, counted by their
	 * status into counts[status] (zeroed first; BO_ORDER_NONE stays 0). */
	int (*funnel)(void *self, int64_t from_ms, int64_t to_ms,
		      int64_t counts[BO_ORDER_CANCELLED + 1], bo_err *err);
	/* Required. The leg's durations in ms, in any order, of orders whose end
	 * time (shipped_at / delivered_at) is in [from_ms, to_ms). *out is the
	 * caller's (free()); NULL when *n is 0. */
	int (*durations)(void *self, bo_report_leg leg, int64_t from_ms,
			 int64_t to_ms, int64_t **out, size_t *n, bo_err *err);

	/* Required. Inside a transaction: empties every report table (not the
	 * verification copy). */
	int (*reset)(void *self, bo_err *err);
	/* Required. Inside a transaction: replaces the verification copy with
	 * the current tables. */
	int (*snapshot)(void *self, bo_err *err);
	/* Required. Calls each for every row that differs between the copy
	 * and the tables now: rows only in the copy as BO_ROW_ONLY_LIVE, rows
	 * only in the tables as BO_ROW_ONLY_REBUILD (a changed row is both),
	 * table by table in the order of BO_REPORT_TABLES, in each table the
	 * live-only rows then the rebuild-only ones, each group in
	 * bo_row_compare order; columns named as the SQLite schema names them. A negative status
	 * from each stops and is returned. */
	int (*diff)(void *self, bo_diff_fn each, void *ctx, bo_err *err);

	/*
	 * Optional (NULL: every write goes to the tables at once). Inside a
	 * transaction, for replays: on lets the adapter hold in memory the
	 * order facts that order_put wrote and order_get read, and the day
	 * and product deltas that day_add and product_add were given, and
	 * write each row once later (a replay rewrites an order's facts and a
	 * day's row for nearly every event); off writes what it holds. While
	 * on, order_get sees the held facts, and the queries, snapshot and
	 * diff write what is held before they read; reset forgets it. A
	 * commit writes it first; a rollback drops it and ends bulk mode.
	 * BO_ESTORAGE, BO_ENOMEM.
	 */
	int (*bulk)(void *self, int on, bo_err *err);

	/*
	 * Optional (NULL: no online rebuild, as for the read models' shadow
	 * op). The same steps as bo_read_models_ops.shadow (BO_SHADOW_BEGIN,
	 * BO_SHADOW_SWAP, BO_SHADOW_END, BO_SHADOW_LEAVE) over the four
	 * report tables: while the shadow is on, the row ops and queries of
	 * this connection use the shadow copies (reset, snapshot and diff
	 * are not for a shadow: a new one is empty).
	 */
	int (*shadow)(void *self, int op, bo_err *err);
} bo_report_store_ops;

typedef struct bo_report_store {
	const bo_report_store_ops *ops;
	void *self;
} bo_report_store;

int bo_rs_order_get(const bo_report_store *r, int64_t id, bo_report_order *out,
		    bo_err *err);
int bo_rs_order_put(const bo_report_store *r, const bo_report_order *o,
		    bo_err *err);
int bo_rs_lines_add(const bo_report_store *r, const bo_report_line *lines,
		    size_t n, bo_err *err);
int bo_rs_lines_get(const bo_report_store *r, int64_t order_id,
		    bo_report_line **out, size_t *n, bo_err *err);
int bo_rs_day_add(const bo_report_store *r, const bo_report_day *delta,
		  bo_err *err);
int bo_rs_product_add(const bo_report_store *r, const bo_report_product *delta,
		      bo_err *err);
int bo_rs_days(const bo_report_store *r, int64_t from_day, int64_t to_day,
	       bo_report_day_each_fn each, void *ctx, bo_err *err);
int bo_rs_products(const bo_report_store *r, const bo_report_product_query *q,
		   bo_report_product_each_fn each, void *ctx, bo_err *err);
int bo_rs_funnel(const bo_report_store *r, int64_t from_ms, int64_t to_ms,
		 int64_t counts[BO_ORDER_CANCELLED + 1], bo_err *err);
int bo_rs_durations(const bo_report_store *r, bo_report_leg leg,
		    int64_t from_ms, int64_t to_ms, int64_t **out, size_t *n,
		    bo_err *err);
int bo_rs_reset(const bo_report_store *r, bo_err *err);
int bo_rs_snapshot(const bo_report_store *r, bo_err *err);
int bo_rs_diff(const bo_report_store *r, bo_diff_fn each, void *ctx,
	       bo_err *err);
/* Calls the optional bulk op; BO_OK when the adapter has none. */
int bo_rs_bulk(const bo_report_store *r, int on, bo_err *err);
/* Whether the adapter has the optional shadow op; calling it without. */
int bo_rs_shadow_supported(const bo_report_store *r);
/* BO_EINVAL when the adapter has none (ask first). */
int bo_rs_shadow(const bo_report_store *r, int op, bo_err *err);

/* The report tables, in diff's order. */
#define BO_REPORT_TABLE_ORDERS "report_orders"
#define BO_REPORT_TABLE_LINES "report_lines"
#define BO_REPORT_TABLE_DAYS "report_days"
#define BO_REPORT_TABLE_PRODUCTS "report_products"

#endif
