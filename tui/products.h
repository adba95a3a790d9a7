/* The Products screens: the catalogue list and the product form. */
#ifndef BO_TUI_PRODUCTS_H
#define BO_TUI_PRODUCTS_H

#include "tui/screen.h"

extern const bo_screen_ops bo_products_screen_ops;
extern const bo_screen_ops bo_product_form_ops;

/* Pushes the product list (SKU order, active products) onto t's stack. */
int bo_products_open(bo_tui *t, bo_err *err);

/* Reloads the list s and puts its cursor on sku when the filter shows it. */
void bo_products_select(bo_screen *s, const char *sku);

/* After a bulk change applied from the list s: its marks cleared, its
 * rows read again (tui/bulk.c). */
void bo_products_bulk_applied(bo_screen *s);

/* Filters the list s by category (canonical; NULL: every category),
 * keeping the rest of its filter, from the first row. */
void bo_products_filter_category(bo_screen *s, const char *category);

/* Opens the category picker (:categories) over the list s. */
void bo_products_pick_category(bo_screen *s);

/*
 * Pushes the product form: sku NULL adds a new product, else edits that
 * one (read-only for roles that may not change products). BO_ENOTFOUND
 * when the product is gone, with the service's message.
 */
int bo_product_form_open(bo_tui *t, const char *sku, bo_err *err);

#endif
