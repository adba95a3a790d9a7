/* The stock adjustment form, opened from the Products list. */
#ifndef BO_TUI_STOCK_FORM_H
#define BO_TUI_STOCK_FORM_H

#include "tui/screen.h"

extern const bo_screen_ops bo_stock_form_ops;

/*
 * Pushes the stock form of product sku (admins: the list checks the role):
 * add or set, amount, reason, note; Enter applies one adjustment with the
 * product's row version as the form read it, closes and selects the
 * product on the list below; errors stay in the form naming the field.
 */
int bo_stock_form_open(bo_tui *t, const char *sku, bo_err *err);

#endif
