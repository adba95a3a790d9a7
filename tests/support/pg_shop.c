/* A small shop on a fresh PostgreSQL store (see pg_shop.h). */
#include "tests/support/pg_shop.h"

#include <stdio.h>

#include "adapters/memory/memory_store.h"
#include "adapters/postgres/pg_store.h"
#include "domain/app.h"

static int fill_store(bo_ports *p, void *ctx, bo_err *err)
{
	bo_fixed_clock clock_state = {BO_PG_SHOP_DAY0_MS, 1000};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_init_options opt = {.currency = "EUR", .admin = "ann"};

	(void)ctx;
	return bo_app_init_store(p, &clock, &opt, err);
}

int bo_pg_shop_make(const char *url, int writers, int64_t *orders, bo_err *err)
{
	static const bo_line_request line[] = {{"MUG", 1}};
	bo_product_edit mug = {.sku = "MUG",
			       .name = "Mug",
			       .price = "12.50",
			       .tax_rate = "20",
			       .stock = "none"};
	bo_fixed_clock clock_state = {BO_PG_SHOP_DAY0_MS + 1000, 1000};
	bo_counter_ids ids_state = {1};
	bo_clock clock = bo_fixed_clock_port(&clock_state);
	bo_ids ids = bo_counter_ids_port(&ids_state);
	bo_ports p;
	bo_app app;
	int rc;

	if ((rc = bo_pg_create(url, fill_store, NULL, err)) != BO_OK)
		return rc;
	if ((rc = bo_pg_open(&p, url, err)) != BO_OK)
		return rc;
	if ((rc = bo_app_open(&app, &p, &clock, &ids, "ann", err)) != BO_OK) {
		bo_ports_close(&p);
		return rc;
	}
	rc = bo_app_product_add(&app, &mug, NULL, err);
	for (int i = 0; rc == BO_OK && i < writers; i++) {
		char email[64];

		snprintf(email, sizeof(email), "writer%d@example.com", i);
		rc = bo_app_order_place(&app, email, NULL, line, 1, &orders[i],
					err);
	}
	bo_app_close(&app);
	bo_ports_close(&p);
	return rc;
}
