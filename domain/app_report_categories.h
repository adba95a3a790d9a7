/* report products --by category: the sales of a period per category of the products, with subtree totals. */
#ifndef BO_APP_REPORT_CATEGORIES_H
#define BO_APP_REPORT_CATEGORIES_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "ports/report_store.h"

/* What products without a category (or no longer known) are grouped as. */
#define BO_REPORT_NO_CATEGORY "(none)"

/* One category of the report. */
typedef struct bo_report_category {
	char *category; /* canonical path, or BO_REPORT_NO_CATEGORY */
	int level;      /* 1..3; 0 for BO_REPORT_NO_CATEGORY */
	/* own: the products in exactly this category */
	int64_t units, revenue, refunds;
	/* total: this category and every one under it ("Kitchen" includes
	 * "Kitchen / Mugs") */
	int64_t total_units, total_revenue, total_refunds;
} bo_report_category;

/*
 * Groups the per-SKU sales rows of a period (bo_report_products with no
 * limit, or a scan's products) by the category each SKU's product has now:
 * the product carrying that SKU now, else the last product that carried it
 * (a SKU renamed since); one that no longer exists, or has no category, is
 * BO_REPORT_NO_CATEGORY. Every category with sales in it or under it gets a
 * row (a parent with none of its own too), in tree order (a parent before
 * its children), BO_REPORT_NO_CATEGORY last. Checks BO_CAP_REPORT_READ.
 * *out is the caller's: bo_report_categories_free. BO_EINVAL when a sum
 * overflows, BO_ENOMEM.
 */
int bo_report_by_category(bo_app *app, const bo_report_product *rows, size_t n,
			  bo_report_category **out, size_t *nout, bo_err *err);

void bo_report_categories_free(bo_report_category *c, size_t n);

#endif
