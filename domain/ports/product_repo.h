/* Port: the product rows (the stateful CRUD side). */
#ifndef BO_PORT_PRODUCT_REPO_H
#define BO_PORT_PRODUCT_REPO_H

#include <stdint.h>

#include "../product.h"
#include "../status.h"

/* Called once per row; return non-zero to stop early (that value is returned). */
typedef int (*bo_product_each_fn)(void *ctx, const bo_product *p);

typedef struct bo_product_query {
	const char *search;   /* NULL or "": all; else case-insensitive substring of SKU or name */
	int include_retired;  /* 0: active only; 1: all */
	const char *after_sku;/* keyset paging: only SKUs sorting after this (NULL: from the start) */
	int64_t limit;        /* 0: no limit */
} bo_product_query;

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

	/* Required. Rows matching q in SKU order (byte order). */
	int (*list)(void *self, const bo_product_query *q, bo_product_each_fn each,
		    void *ctx, bo_err *err);
} bo_product_repo_ops;

#define BO_PRODUCT_REPO_OPS_VERSION 1

typedef struct bo_product_repo {
	const bo_product_repo_ops *ops;
	void *self;
} bo_product_repo;

int bo_product_repo_insert(const bo_product_repo *r, bo_product *p, bo_err *err);
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

#endif
