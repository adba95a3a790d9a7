/* Port: the product rows (the stateful CRUD side). */
#ifndef BO_PORT_PRODUCT_REPO_H
#define BO_PORT_PRODUCT_REPO_H

#include <stdint.h>

#include "../bulk.h"
#include "../category.h"
#include "../product.h"
#include "../status.h"

/* Called once per row: 0 goes on, a negative status stops the walk, which
 * returns it (the stop rule of ports.h). */
typedef int (*bo_product_each_fn)(void *ctx, const bo_product *p);
/* Called once per recorded bulk action, as bo_product_each_fn. */
typedef int (*bo_bulk_each_fn)(void *ctx, const bo_bulk_record *r);

/* The column a listing is ordered by; SKU breaks every tie (byte order). */
typedef enum bo_product_sort {
	BO_PRODUCT_SORT_SKU = 0,
	BO_PRODUCT_SORT_NAME, /* byte order of the UTF-8 text */
	BO_PRODUCT_SORT_PRICE,
	BO_PRODUCT_SORT_TAX,
	BO_PRODUCT_SORT_STOCK,  /* untracked (-1) sorts below 0 */
	BO_PRODUCT_SORT_STATUS, /* active (0) before retired (1) */
	BO_PRODUCT_SORT__COUNT
} bo_product_sort;

typedef struct bo_product_query {
	const char *
	    search; /* NULL or "": all; else case-insensitive substring of SKU or name */
	int include_retired; /* 0: active only; 1: all */
	const char *
	    after_sku; /* keyset paging: only SKUs sorting after this (NULL: from the start) */
	int64_t limit; /* 0: no limit */
	/* Added for the TUI; a zeroed tail keeps the SKU-ascending listing.
	 * retired_only 1: retired rows only (include_retired is ignored).
	 * sort: the column, then SKU; descending reverses the whole order. */
	int retired_only;
	bo_product_sort sort;
	int descending;
	/* Keyset paging in any order: after_sku is the last row's SKU and, for
	 * a sort other than SKU, after_name (NAME) or after_value (PRICE, TAX,
	 * STOCK, STATUS as 0/1) its sort column; rows strictly after that row
	 * in the chosen direction come back. Unused while after_sku is NULL. */
	const char *after_name;
	int64_t after_value;
	/* Filters, all ANDed; a zeroed tail filters nothing.
	 * category: a canonical path (bo_category_parse); that category and
	 * every one under it. tags: ntags canonical tags (lower-case), a
	 * product must carry them all; at most BO_TAGS_MAX. stock: one of
	 * bo_stock_filter; LOW compares with the product's own threshold, else
	 * low_stock_default (the tenant's). price_min / price_max: inclusive
	 * bounds in minor units. */
	const char *category;
	const char *const *tags;
	size_t ntags;
	int stock;
	int64_t low_stock_default;
	bo_opt_i64 price_min;
	bo_opt_i64 price_max;
} bo_product_query;

/* The stock filter of a listing. */
typedef enum bo_stock_filter {
	BO_STOCK_FILTER_ANY = 0,
	BO_STOCK_FILTER_OUT,       /* tracked, 0 in stock */
	BO_STOCK_FILTER_LOW,       /* tracked, at or below its threshold */
	BO_STOCK_FILTER_UNTRACKED, /* stock not tracked */
} bo_stock_filter;

typedef struct bo_product_repo_ops {
	int version; /* BO_PRODUCT_REPO_OPS_VERSION */

	/* Required. Inside a transaction. Assigns p->id (when 0) and sets
	 * row_version to 1. BO_ECONFLICT naming the SKU when it is taken.
	 * When p->id is already set (an import restoring a row) that id is used. */
	int (*insert)(void *self, bo_product *p, bo_err *err);

	/* Required. Inside a transaction. Replaces the row with id p->id when its
	 * row_version equals expected_row_version, and sets p->row_version to
	 * expected + 1. BO_ENOTFOUND when gone; BO_ECONFLICT when the version moved
	 * ("changed by someone else") or the new SKU is taken. */
	int (*update)(void *self, bo_product *p, int64_t expected_row_version,
		      bo_err *err);

	/* Required. Inside a transaction. BO_ENOTFOUND / BO_ECONFLICT as update. */
	int (*remove)(void *self, int64_t id, int64_t expected_row_version,
		      bo_err *err);

	/* Required. *out is the caller's (bo_product_clear). BO_ENOTFOUND. */
	int (*get_by_sku)(void *self, const char *sku, bo_product *out,
			  bo_err *err);
	int (*get_by_id)(void *self, int64_t id, bo_product *out, bo_err *err);

	/* Required. Rows matching q (NULL: active ones) in q's order, SKU
	 * ascending by default (byte order). BO_EINVAL for a sort out of range. */
	int (*list)(void *self, const bo_product_query *q,
		    bo_product_each_fn each, void *ctx, bo_err *err);

	/* The applied bulk actions (bo_bulk_record), for listing and undoing
	 * them without reading the log. Optional as a group: a backend
	 * without them answers the bulk service BO_ESTORAGE. */
	/* Inside a transaction: records r. BO_ECONFLICT naming the id when
	 * one is recorded under it already. */
	int (*bulk_put)(void *self, const bo_bulk_record *r, bo_err *err);
	/* *out (the caller's, bo_bulk_record_clear; zeroed first) is the
	 * record of id. BO_ENOTFOUND naming the id. */
	int (*bulk_get)(void *self, const char *id, bo_bulk_record *out,
			bo_err *err);
	/* The records newest first (at, then id, descending), at most limit
	 * (0: all). */
	int (*bulk_list)(void *self, int64_t limit, bo_bulk_each_fn each,
			 void *ctx, bo_err *err);
	/* Inside a transaction: sets undone_by of record id to by when it
	 * has none. BO_ENOTFOUND; BO_ECONFLICT naming the bulk that undid it
	 * already. */
	int (*bulk_set_undone)(void *self, const char *id, const char *by,
			       bo_err *err);
} bo_product_repo_ops;

#define BO_PRODUCT_REPO_OPS_VERSION 1

typedef struct bo_product_repo {
	const bo_product_repo_ops *ops;
	void *self;
} bo_product_repo;

int bo_product_repo_insert(const bo_product_repo *r, bo_product *p,
			   bo_err *err);
int bo_product_repo_update(const bo_product_repo *r, bo_product *p,
			   int64_t expected_row_version, bo_err *err);
int bo_product_repo_remove(const bo_product_repo *r, int64_t id,
			   int64_t expected_row_version, bo_err *err);
int bo_product_repo_get_by_sku(const bo_product_repo *r, const char *sku,
			       bo_product *out, bo_err *err);
int bo_product_repo_get_by_id(const bo_product_repo *r, int64_t id,
			      bo_product *out, bo_err *err);
int bo_product_repo_list(const bo_product_repo *r, const bo_product_query *q,
			 bo_product_each_fn each, void *ctx, bo_err *err);
/* The bulk records (see the ops): BO_ESTORAGE when the backend has none. */
int bo_product_repo_bulk_put(const bo_product_repo *r, const bo_bulk_record *b,
			     bo_err *err);
int bo_product_repo_bulk_get(const bo_product_repo *r, const char *id,
			     bo_bulk_record *out, bo_err *err);
int bo_product_repo_bulk_list(const bo_product_repo *r, int64_t limit,
			      bo_bulk_each_fn each, void *ctx, bo_err *err);
int bo_product_repo_bulk_set_undone(const bo_product_repo *r, const char *id,
				    const char *by, bo_err *err);

#endif
