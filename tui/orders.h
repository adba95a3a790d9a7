/* The Orders screen: a keyset-paged list of orders with search, filters and sort. */
#ifndef BO_TUI_ORDERS_H
#define BO_TUI_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/screen.h"

extern const bo_screen_ops bo_orders_screen_ops;

/*
 * Pushes the order list (newest first, every status and date) onto t's
 * stack. Only a window of rows around the cursor is ever held; pages are
 * fetched by order number. BO_ENOMEM, or the service's error.
 */
int bo_orders_open(bo_tui *t, bo_err *err);

/* Narrows the Orders screen s to the orders text finds (as `/` does; NULL
 * or "": every order), from the first row. */
void bo_orders_search(bo_screen *s, const char *text);

#endif
