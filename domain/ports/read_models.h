/* Port: the order-side read models (order list, timeline, catalogue) and checkpoints. */
#ifndef BO_PORT_READ_MODELS_H
#define BO_PORT_READ_MODELS_H

#include <stdint.h>

#include "../order.h"
#include "../product.h"
#include "../status.h"

/* One row of the order list: the order's scalars, no lines. */
typedef struct bo_order_row {
	int64_t id;
	int64_t version;
	bo_order_status status;
	char currency[4];
	char *customer_email;
	char *customer_name; /* may be NULL */
	int64_t items, total, tax, paid, refunded;
	int32_t payment_failures, notes;
	int64_t placed_at, updated_at;
} bo_order_row;

void bo_order_row_clear(bo_order_row *r);

/* One line of an order's timeline. */
typedef struct bo_timeline_row {
	int64_t order_id;
	int64_t version;
	int64_t position;
	int64_t recorded_at;
	char *event_id;
	char *user;
	char *role;
	char *type_name;
	char *summary; /* one line, see bo_event_summary */
} bo_timeline_row;

void bo_timeline_row_clear(bo_timeline_row *r);

typedef struct bo_order_query {
	int status;           /* -1: any; else a bo_order_status */
	const char *customer; /* NULL: any; else case-insensitive substring of email or name */
	int64_t after_id;     /* keyset paging: ids greater than this (0: from the start) */
	int64_t limit;        /* 0: no limit */
} bo_order_query;

typedef int (*bo_order_row_each_fn)(void *ctx, const bo_order_row *r);
typedef int (*bo_timeline_each_fn)(void *ctx, const bo_timeline_row *r);

typedef struct bo_read_models_ops {
	int version; /* BO_READ_MODELS_OPS_VERSION */

	/* Order list. order_get: BO_ENOTFOUND; *out is the caller's. */
	int (*order_get)(void *self, int64_t id, bo_order_row *out, bo_err *err);
	/* Inside a transaction: insert or replace the row with r->id. */
	int (*order_put)(void *self, const bo_order_row *r, bo_err *err);
	/* Rows matching q in id order. Return non-zero from each to stop. */
	int (*order_list)(void *self, const bo_order_query *q,
			  bo_order_row_each_fn each, void *ctx, bo_err *err);

	/* Timeline: inside a transaction. (order_id, version) is unique. */
	int (*timeline_add)(void *self, const bo_timeline_row *r, bo_err *err);
	/* Lines of one order in version order. */
	int (*timeline_list)(void *self, int64_t order_id, bo_timeline_each_fn each,
			     void *ctx, bo_err *err);

	/* Order-side product catalogue (a projection of Product* events). */
	int (*catalog_put)(void *self, const bo_product *p, bo_err *err);
	int (*catalog_remove)(void *self, int64_t product_id, bo_err *err);
	/* BO_ENOTFOUND when no catalogue entry has that SKU. */
	int (*catalog_get_by_sku)(void *self, const char *sku, bo_product *out,
				  bo_err *err);

	/* Inside a transaction: empties every read model and checkpoint (rebuild). */
	int (*reset)(void *self, bo_err *err);
	/* Last position a projector applied (0 when never run). */
	int (*checkpoint_get)(void *self, const char *projector, int64_t *out,
			      bo_err *err);
	/* Inside a transaction. */
	int (*checkpoint_set)(void *self, const char *projector, int64_t position,
			      bo_err *err);
} bo_read_models_ops;

#define BO_READ_MODELS_OPS_VERSION 1

typedef struct bo_read_models {
	const bo_read_models_ops *ops;
	void *self;
} bo_read_models;

int bo_rm_order_get(const bo_read_models *rm, int64_t id, bo_order_row *out,
		    bo_err *err);
int bo_rm_order_put(const bo_read_models *rm, const bo_order_row *r, bo_err *err);
int bo_rm_order_list(const bo_read_models *rm, const bo_order_query *q,
		     bo_order_row_each_fn each, void *ctx, bo_err *err);
int bo_rm_timeline_add(const bo_read_models *rm, const bo_timeline_row *r,
		       bo_err *err);
int bo_rm_timeline_list(const bo_read_models *rm, int64_t order_id,
			bo_timeline_each_fn each, void *ctx, bo_err *err);
int bo_rm_catalog_put(const bo_read_models *rm, const bo_product *p, bo_err *err);
int bo_rm_catalog_remove(const bo_read_models *rm, int64_t product_id,
			 bo_err *err);
int bo_rm_catalog_get_by_sku(const bo_read_models *rm, const char *sku,
			     bo_product *out, bo_err *err);
int bo_rm_reset(const bo_read_models *rm, bo_err *err);
int bo_rm_checkpoint_get(const bo_read_models *rm, const char *projector,
			 int64_t *out, bo_err *err);
int bo_rm_checkpoint_set(const bo_read_models *rm, const char *projector,
			 int64_t position, bo_err *err);

#endif
