/* A shop over the in-memory ports for the domain's service tests: tenant "shop" in EUR, its admin "ann" (f->admin), a fixed clock from 2026-01-01 that steps a second a reading, counter ids. */
#ifndef BO_TEST_SHOP_APP_H
#define BO_TEST_SHOP_APP_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "adapters/memory/memory_store.h"
#include "domain/app.h"

typedef struct fixture {
	bo_ports ports;
	bo_fixed_clock clock_state;
	bo_counter_ids ids_state;
	bo_clock clock;
	bo_ids ids;
	bo_app admin;
} fixture;

/* cmocka setup: a fresh shop in *state. */
static inline int shop_app_setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	bo_err err;
	bo_init_options opt = {
	    .tenant = "shop", .currency = "EUR", .admin = "ann"};

	assert_non_null(f);
	assert_int_equal(bo_memory_open(&f->ports, &err), BO_OK);
	f->clock_state =
	    (bo_fixed_clock){.next_ms = 1767225600000, .step_ms = 1000};
	f->clock = bo_fixed_clock_port(&f->clock_state);
	f->ids = bo_counter_ids_port(&f->ids_state);
	assert_int_equal(bo_app_init_store(&f->ports, &f->clock, &opt, &err),
			 BO_OK);
	assert_int_equal(bo_app_open(&f->admin, &f->ports, &f->clock, &f->ids,
				     "ann", &err),
			 BO_OK);
	*state = f;
	return 0;
}

/* cmocka teardown of shop_app_setup. */
static inline int shop_app_teardown(void **state)
{
	fixture *f = *state;

	bo_app_close(&f->admin);
	bo_ports_close(&f->ports);
	free(f);
	return 0;
}

#endif
