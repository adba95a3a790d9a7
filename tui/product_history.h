/* The product history screen: who changed which field when, and reverting one. */
#ifndef BO_TUI_PRODUCT_HISTORY_H
#define BO_TUI_PRODUCT_HISTORY_H

#include "tui/screen.h"

extern const bo_screen_ops bo_product_history_ops;

/*
 * Pushes the history of the product with sku onto t's stack (every role
 * that reads products), the cursor on its latest change. Admins get `r`:
 * the selected row's field back to that row's new value, after a y/N.
 * BO_ENOTFOUND (the service's message) when no product ever had the SKU,
 * BO_ENOMEM.
 */
int bo_product_history_open(bo_tui *t, const char *sku, bo_err *err);

#endif
