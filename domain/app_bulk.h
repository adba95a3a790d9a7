/* Application services of bulk product changes: preview, apply (all or nothing), list and undo; and the undo of one product's last change. */
#ifndef BO_APP_BULK_H
#define BO_APP_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "bulk.h"

/* Which products a bulk action works on: the SKUs named and every product
 * (active or retired) whose SKU or name contains search; the union, each
 * product once, in SKU order. With filter, the products filter lists (the
 * filters of product list: category, tags, status, stock, prices) whose
 * SKU or name contains search when it is given (ANDed), with the SKUs. */
typedef struct bo_bulk_selection {
	const char *const *skus;
	size_t nskus;
	const char *search; /* NULL or "": none */
	/* NULL: none; else its filters (search, paging and limit ignored) */
	const bo_product_query *filter;
} bo_bulk_selection;

/*
 * The preview of action a on the selection (admin): *out (the caller's,
 * bo_bulk_plan_clear) gets one row per product, changes, unchanged or in
 * error, and the totals. Writes nothing. BO_EINVAL for an empty selection,
 * BO_ENOTFOUND naming the first SKU that names no product, BO_EPERM.
 */
int bo_app_bulk_preview(bo_app *app, const bo_bulk_action *a,
			const bo_bulk_selection *sel, bo_bulk_plan *out,
			bo_err *err);

/*
 * Applies plan (a preview, or an undo's preview) all or nothing in one
 * transaction (admin): every changed row an ordinary product write
 * (ProductUpdated, ProductRetired, ProductReactivated) whose metadata
 * carries the new bulk id, the version each row was previewed at checked
 * (BO_ECONFLICT naming the product when it moved), then the bulk's record
 * (and, for an undo, the undone bulk marked). *bulk_id (the caller's, may
 * be NULL) is the new id; NULL when the plan changes nothing (then nothing
 * is written). A plan with rows in error is BO_EINVAL naming the first,
 * nothing written. Under app->command_id the same action on the same
 * products sent again answers the first bulk id, writes nothing and sets
 * *replayed (may be NULL; false otherwise).
 */
int bo_app_bulk_apply(bo_app *app, const bo_bulk_plan *plan, char **bulk_id,
		      bool *replayed, bo_err *err);

/*
 * The preview of undoing bulk action id (admin): each product it changed
 * back to its value before, as a plan of kind BO_BULK_RESTORE (out->undoes
 * is id) for bo_app_bulk_apply. BO_ENOTFOUND for an unknown id;
 * BO_ECONFLICT when it was undone already (naming the bulk that did), or
 * when any of its products changed since or was deleted (naming them).
 */
int bo_app_bulk_undo_preview(bo_app *app, const char *id, bo_bulk_plan *out,
			     bo_err *err);

/* The recorded bulk actions, newest first, at most limit (0: all); every
 * role that reads products. */
int bo_app_bulk_list(bo_app *app, int64_t limit, bo_bulk_each_fn each,
		     void *ctx, bo_err *err);

/*
 * Undoes product sku's last change (admin): every field its latest event
 * changed set back to the value the event before it left, as ordinary
 * writes in one transaction (an edit, and a retire or reactivate when the
 * status changed), nothing in the log rewritten. expected_row_version > 0
 * must be the current row version (BO_ECONFLICT otherwise). BO_ECONFLICT
 * when the latest event is ProductCreated (nothing to undo); BO_ENOTFOUND.
 * *out (may be NULL) is the product after it.
 */
int bo_app_product_undo(bo_app *app, const char *sku,
			int64_t expected_row_version, bo_product *out,
			bo_err *err);

#endif
