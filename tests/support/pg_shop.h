/* A small shop on a fresh PostgreSQL store, for the tests and benches that race writers on it. */
#ifndef BO_TEST_PG_SHOP_H
#define BO_TEST_PG_SHOP_H

#include <stdint.h>

#include "domain/status.h"

/* 2026-01-01T08:00:00Z: the fixed clock the shop is made at. */
#define BO_PG_SHOP_DAY0_MS INT64_C(1767254400000)

/*
 * Creates the store at url (a postgresql:// URL naming its schema) with
 * admin "ann" and EUR, adds the product MUG (12.50, untracked stock) and
 * places one order of one mug per writer, writer i's id in orders[i]
 * (for i < writers). A failure is returned with err saying which step.
 */
int bo_pg_shop_make(const char *url, int writers, int64_t *orders, bo_err *err);

#endif
