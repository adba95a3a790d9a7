/*
 * place_order: the shop's customer-facing side in a few calls of the
 * installed library. It creates a fresh SQLite store, adds a product,
 * places an order for two of it and pays the order in full, then prints the
 * order's number (which `backoffice --db sqlite:PATH --user shop order show
 * N` then shows as paid).
 *
 * Build against an installed backoffice (make install):
 *
 *   cc -o place_order place_order.c $(pkg-config --cflags --libs backoffice)
 *   ./place_order /tmp/shop.db
 */
#include <stdio.h>

#include "adapters/sqlite/sqlite_store.h"
#include "adapters/sys/sys_env.h"
#include "domain/app.h"
#include "domain/app_projections.h"

#define ADMIN "shop"

/* What the new store holds before anyone sees it: its settings and its
 * first admin (the one user this program acts as). */
static int fill(bo_ports *ports, void *ctx, bo_err *err)
{
	const bo_clock *clock = ctx;
	bo_init_options opt = {
	    .tenant = NULL,	/* "default" */
	    .currency = "EUR",
	    .admin = ADMIN,
	    .time_zone = NULL, /* UTC */
	};

	return bo_app_init_store(ports, clock, &opt, err);
}

static int failed(const char *what, const bo_err *err)
{
	fprintf(stderr, "place_order: %s: %s\n", what, err->msg);
	return 1;
}

int main(int argc, char **argv)
{
	bo_clock clock = bo_sys_clock();
	bo_ids ids = bo_sys_ids();
	bo_ports ports;
	bo_app app;
	bo_product product;
	bo_err err = {0};
	int64_t id = 0;
	int status = 0, rebuilt = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: place_order STORE-PATH\n");
		return 2;
	}
	/* a store that appears complete, or not at all */
	if (bo_sqlite_create(argv[1], fill, &clock, &err) < 0)
		return failed("create the store", &err);
	if (bo_sqlite_open(&ports, argv[1], BO_SQLITE_OPEN, &err) < 0)
		return failed("open the store", &err);
	if (bo_app_open(&app, &ports, &clock, &ids, ADMIN, &err) < 0) {
		bo_ports_close(&ports);
		return failed("open a session", &err);
	}
	/* as the backoffice binary does after every open: builds the read
	 * models a new store (or a newer library) has not built yet */
	if (bo_app_projections_check(&app, NULL, NULL, &rebuilt, &err) < 0) {
		bo_app_close(&app);
		bo_ports_close(&ports);
		return failed("build the read models", &err);
	}

	bo_product_edit mug = {
	    .sku = "MUG-1",
	    .name = "Blue mug",
	    .price = "12.50",
	    .tax_rate = "20",
	    .stock = "40",
	};
	bo_line_request lines[] = {{.sku = "MUG-1", .quantity = 2}};

	if (bo_app_product_add(&app, &mug, &product, &err) < 0) {
		status = failed("add a product", &err);
	} else {
		bo_product_clear(&product);
		if (bo_app_order_place(&app, "ann@example.com", "Ann Example",
				       lines, 1, &id, &err) < 0)
			status = failed("place the order", &err);
		else if (bo_app_order_pay(&app, id, "25.00", &err) < 0)
			status = failed("pay the order", &err);
		else
			printf("%lld\n", (long long)id);
	}
	bo_app_close(&app);
	bo_ports_close(&ports);
	return status;
}
