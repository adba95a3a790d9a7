/* The customer view: one customer's figures and every order they placed. */
#ifndef BO_TUI_CUSTOMER_H
#define BO_TUI_CUSTOMER_H

#include "tui/screen.h"

extern const bo_screen_ops bo_customer_screen_ops;

/*
 * Pushes the view of the customer with that e-mail onto t's stack: name,
 * e-mail, orders, spent, refunded, notes and the latest activity above the
 * list of their orders (newest first; Enter opens a timeline).
 * BO_ENOTFOUND when no order has that e-mail, BO_EINVAL for a bad one,
 * BO_ENOMEM.
 */
int bo_customer_open(bo_tui *t, const char *email, bo_err *err);

#endif
